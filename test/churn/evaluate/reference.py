"""Reference values for test/churn/evaluate/evaluate.golden.test.ts.

scikit-learn is not installed here, so this script implements the textbook definitions directly,
with exact rational arithmetic (fractions.Fraction) and deliberately different algorithms from
src/churn/evaluate (pairwise counting instead of midranks, row expansion instead of tie groups):
- ROC AUC: the share of (positive, negative) pairs with the positive scored higher, a tie 1/2
  (Mann-Whitney U / (P N)); scikit-learn's roc_auc_score gives the same number.
- PR AUC: average precision, sum over the distinct scores t in descending order of
  (R(t) - R(t_prev)) * P(t), rows with score >= t predicted positive (scikit-learn's
  average_precision_score definition).
- Brier: mean (p - y)^2. Log-loss: -mean(y ln p + (1 - y) ln(1 - p)), p clipped to
  [1e-15, 1 - 1e-15] (float arithmetic, math.fsum).
- Confusion matrix at threshold 0.5 (score >= threshold predicts 1).
- Gains by decile: rows sorted by descending score, decile d = ranks floor((d-1) n/10) ..
  floor(d n/10) - 1, each row carrying the positive rate of its tie group.
- Equal-width calibration bins: bin min(B - 1, floor(p B)), empty bins left out.

Python 3 standard library only. Regenerate (then format with biome):
    python3 test/churn/evaluate/reference.py > test/churn/evaluate/reference.json
    npx biome format --write test/churn/evaluate/reference.json
"""

import json
import math
import random
from fractions import Fraction as Q


def auc(labels, scores):
    pos = [s for y, s in zip(labels, scores) if y == 1]
    neg = [s for y, s in zip(labels, scores) if y == 0]
    total = Q(0)
    for p in pos:
        for q in neg:
            total += 1 if p > q else Q(1, 2) if p == q else 0
    return total / (len(pos) * len(neg))


def average_precision(labels, scores):
    P = sum(labels)
    ap = Q(0)
    previous_recall = Q(0)
    for t in sorted(set(scores), reverse=True):
        tp = sum(1 for y, s in zip(labels, scores) if s >= t and y == 1)
        fp = sum(1 for y, s in zip(labels, scores) if s >= t and y == 0)
        recall = Q(tp, P)
        ap += (recall - previous_recall) * Q(tp, tp + fp)
        previous_recall = recall
    return ap


def brier(labels, scores):
    return sum((Q(s) - y) ** 2 for y, s in zip(labels, scores)) / len(labels)


def log_loss(labels, scores, eps=1e-15):
    terms = []
    for y, s in zip(labels, scores):
        p = min(max(s, eps), 1 - eps)
        terms.append(-math.log(p) if y == 1 else -math.log1p(-p))
    return math.fsum(terms) / len(labels)


def confusion(labels, scores, threshold=0.5):
    tp = sum(1 for y, s in zip(labels, scores) if s >= threshold and y == 1)
    fp = sum(1 for y, s in zip(labels, scores) if s >= threshold and y == 0)
    fn = sum(labels) - tp
    tn = len(labels) - sum(labels) - fp
    return {"tp": tp, "fp": fp, "tn": tn, "fn": fn}


def gains(labels, scores):
    n = len(labels)
    P = sum(labels)
    rate = {}
    for s in set(scores):
        group = [y for y, t in zip(labels, scores) if t == s]
        rate[s] = Q(sum(group), len(group))
    ranked = sorted(scores, reverse=True)
    rows = []
    cumulative = Q(0)
    for d in range(1, 11):
        lo, hi = (d - 1) * n // 10, d * n // 10
        positives = sum((rate[s] for s in ranked[lo:hi]), Q(0))
        cumulative += positives
        rows.append(
            {
                "decile": d,
                "customerShare": float(Q(hi, n)),
                "positives": float(positives),
                "cumulativeGain": float(cumulative / P),
                "lift": float(positives / (hi - lo) / Q(P, n)) if hi > lo else 0.0,
                "cumulativeLift": float(cumulative / P / Q(hi, n)) if hi > 0 else 0.0,
            }
        )
    return rows


def calibration(labels, scores, bins=10):
    out = []
    for b in range(bins):
        members = [(y, s) for y, s in zip(labels, scores) if min(bins - 1, math.floor(s * bins)) == b]
        if not members:
            continue
        out.append(
            {
                "bin": b,
                "count": len(members),
                "meanPredicted": float(sum(Q(s) for _, s in members) / len(members)),
                "observedRate": float(Q(sum(y for y, _ in members), len(members))),
            }
        )
    return out


def case(name, labels, scores):
    return {
        "name": name,
        "labels": labels,
        "scores": scores,
        "rocAuc": float(auc(labels, scores)),
        "prAuc": float(average_precision(labels, scores)),
        "brier": float(brier(labels, scores)),
        "logLoss": log_loss(labels, scores),
        "confusion": confusion(labels, scores),
        "gains": gains(labels, scores),
        "calibration": calibration(labels, scores),
    }


def main():
    rng = random.Random(7)
    cases = [case("hand: four rows", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])]
    # Ties: scores on a coarse grid, including exact 0 and 1.
    labels = [rng.randint(0, 1) for _ in range(37)]
    scores = [rng.choice([0.0, 0.1, 0.2, 0.5, 0.7, 0.9, 1.0]) for _ in range(37)]
    cases.append(case("ties: 37 rows on a 7-point grid", labels, scores))
    # Distinct scores, labels drawn with P(1) = score.
    scores = [rng.random() for _ in range(250)]
    labels = [1 if rng.random() < s else 0 for s in scores]
    cases.append(case("random: 250 rows, labels ~ Bernoulli(score)", labels, scores))
    # One tie group straddling every decile border: 23 rows with scores in {0.3, 0.6}.
    labels = [rng.randint(0, 1) for _ in range(23)]
    labels[0], labels[1] = 0, 1
    scores = [rng.choice([0.3, 0.6]) for _ in range(23)]
    cases.append(case("straddling ties: 23 rows, two scores", labels, scores))
    print(json.dumps(cases, indent=2))


main()
