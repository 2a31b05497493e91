import { ClvError, displayValue, invalidOption, issueOf } from '../../errors/index.js';
import { addTo, createSums, sumOf } from '../../math/compensated-sum.js';
import type {
  CalibrationBin,
  ClassifierEvaluation,
  EvaluateClassifierOptions,
  GainsRow,
} from './types.js';

/**
 * Defaults of {@link EvaluateClassifierOptions}: threshold 0.5, 10 equal-width calibration bins.
 * `rocPoints` (at most 201 ROC vertices) and `logLossEpsilon` (probabilities clipped to
 * [1e-15, 1 − 1e-15] in the log-loss, scikit-learn's default before its version 1.2) are fixed.
 *
 * @example
 * ```ts
 * import { EVALUATE_CLASSIFIER_DEFAULTS } from 'clvkit/churn';
 * EVALUATE_CLASSIFIER_DEFAULTS.bins; // 10
 * ```
 */
export const EVALUATE_CLASSIFIER_DEFAULTS = Object.freeze({
  threshold: 0.5,
  bins: 10,
  calibration: 'equal-width',
  rocPoints: 201,
  logLossEpsilon: 1e-15,
} as const);

const OPTION_KEYS = new Set(['threshold', 'bins', 'calibration']);
const DECILES = 10;

interface Resolved {
  readonly threshold: number;
  readonly bins: number;
  readonly calibration: 'equal-width' | 'equal-count';
}

function resolveOptions(options: EvaluateClassifierOptions | undefined): Resolved {
  if (options === undefined) return EVALUATE_CLASSIFIER_DEFAULTS;
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalidOption('options', options, 'must be an object { threshold, bins, calibration }');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) {
      invalidOption(
        key,
        (options as Record<string, unknown>)[key],
        'is not an option of evaluateClassifier (threshold, bins, calibration)',
      );
    }
  }
  const threshold = options.threshold ?? EVALUATE_CLASSIFIER_DEFAULTS.threshold;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1))
    invalidOption('threshold', threshold, 'must be a number in [0, 1]');
  const bins = options.bins ?? EVALUATE_CLASSIFIER_DEFAULTS.bins;
  if (typeof bins !== 'number' || !Number.isInteger(bins) || bins < 1 || bins > 1_000_000)
    invalidOption('bins', bins, 'must be a whole number in [1, 1,000,000]');
  const calibration = options.calibration ?? EVALUATE_CLASSIFIER_DEFAULTS.calibration;
  if (calibration !== 'equal-width' && calibration !== 'equal-count')
    invalidOption('calibration', calibration, "must be 'equal-width' or 'equal-count'");
  return { threshold, bins, calibration };
}

function isArrayLike(value: unknown): value is ArrayLike<number> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { length?: unknown }).length === 'number'
  );
}

/**
 * Checks shapes and values and splits the scores by class into one buffer: positives' scores
 * from the front, negatives' from the back. O(n).
 */
function validateAndSplit(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
): { positives: number; split: Float64Array } {
  if (!isArrayLike(labels))
    throw new ClvError(
      issueOf('INVALID_ARGUMENT', 'labels must be an array of 0/1', undefined, 'labels'),
    );
  if (!isArrayLike(scores))
    throw new ClvError(
      issueOf('INVALID_ARGUMENT', 'scores must be an array of probabilities', undefined, 'scores'),
    );
  const n = labels.length;
  if (scores.length !== n) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `scores has ${scores.length} values but labels has ${n}`,
        undefined,
        'scores',
        scores.length,
      ),
    );
  }
  if (n === 0)
    throw new ClvError(issueOf('EMPTY_INPUT', 'No rows to evaluate', undefined, 'labels'));
  const split = new Float64Array(n);
  let front = 0;
  let back = n;
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    const s = scores[i];
    if (typeof s !== 'number' || !(s >= 0 && s <= 1)) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `Row ${i + 1}: scores ${displayValue(s)} is not a probability in [0, 1]`,
          i + 1,
          'scores',
          s,
        ),
      );
    }
    // + 0 turns −0 into 0, so that the bit patterns of the scores order like the scores.
    if (y === 1) split[front++] = s + 0;
    else if (y === 0) split[--back] = s + 0;
    else {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `Row ${i + 1}: labels ${displayValue(y)} is not 0 or 1`,
          i + 1,
          'labels',
          y,
        ),
      );
    }
  }
  if (front === 0 || front === n) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `All ${n} labels are ${front === 0 ? 0 : 1}: ROC AUC and the other ranking metrics are undefined with one class`,
        undefined,
        'labels',
        front === 0 ? 0 : 1,
      ),
    );
  }
  return { positives: front, split };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const RADIX = 65_536;

/**
 * Sorts non-negative, non-NaN doubles ascending in place: an LSD radix sort on their IEEE-754
 * bit patterns (which order like the values for x ≥ +0), four passes of 16 bits, a pass whose
 * digit is the same for every value skipped. O(n), several times faster than the engine's
 * comparison sort for 10⁶ values. `scratch` must be at least as long as `values`.
 */
function sortNonNegative(values: Float64Array, scratch: Float64Array): void {
  const n = values.length;
  if (!LITTLE_ENDIAN || n < 256) {
    values.sort();
    return;
  }
  const counts = new Int32Array(4 * RADIX);
  const bits = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const lo = bits[2 * i]!;
    const hi = bits[2 * i + 1]!;
    counts[lo & 0xffff]!++;
    counts[RADIX + (lo >>> 16)]!++;
    counts[2 * RADIX + (hi & 0xffff)]!++;
    counts[3 * RADIX + (hi >>> 16)]!++;
  }
  let src = values;
  let dst = scratch.subarray(0, n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * RADIX;
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    const srcBits = new Uint32Array(src.buffer, src.byteOffset, 2 * n);
    if (counts[base + ((srcBits[word]! >>> shift) & 0xffff)] === n) continue;
    let total = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[base + d]!;
      counts[base + d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const d = (srcBits[2 * i + word]! >>> shift) & 0xffff;
      dst[counts[base + d]!++] = src[i]!;
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  if (src !== values) values.set(src);
}

/** Sorts the positives' scores (front of `split`) and the negatives' (back) ascending. */
function sortClasses(split: Float64Array, P: number): { pos: Float64Array; neg: Float64Array } {
  const pos = split.subarray(0, P);
  const neg = split.subarray(P);
  const scratch = new Float64Array(Math.max(P, split.length - P));
  sortNonNegative(pos, scratch);
  sortNonNegative(neg, scratch);
  return { pos, neg };
}

/**
 * ROC AUC as the Mann–Whitney statistic: the share of (positive, negative) pairs ranked the right
 * way, a tie counting one half (equivalently, the rank-sum formula with midranks). Walking the
 * distinct scores ("tie groups", a positives and b negatives each) from the top, the doubled
 * numerator Σ a (2·N_below + b) is an integer below 2^53 for any n ≤ 9.4 · 10⁷, so it is exact;
 * one division at the end.
 */
function aucOf(pos: Float64Array, neg: Float64Array): number {
  const P = pos.length;
  const N = neg.length;
  let i = P - 1;
  let j = N - 1;
  let twice = 0;
  while (i >= 0 || j >= 0) {
    const s = i >= 0 && (j < 0 || pos[i]! >= neg[j]!) ? pos[i]! : neg[j]!;
    let a = 0;
    while (i >= 0 && pos[i] === s) {
      i--;
      a++;
    }
    const top = j;
    while (j >= 0 && neg[j] === s) j--;
    // j + 1 negatives remain below s; top − j are tied with it.
    twice += a * (2 * (j + 1) + (top - j));
  }
  return twice / (2 * P * N);
}

/**
 * Area under the ROC curve of binary `labels` (1 = positive) ranked by `scores`: the
 * Mann–Whitney U statistic / (P·N), tied scores counting one half, computed exactly. Use it
 * where only the AUC is needed (cross-validation); {@link evaluateClassifier} reports it too.
 * O(n log n).
 *
 * @throws {ClvError} as {@link evaluateClassifier}.
 * @example
 * ```ts
 * import { rocAuc } from 'clvkit/churn';
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * ```
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { positives, split } = validateAndSplit(labels, scores);
  const { pos, neg } = sortClasses(split, positives);
  return aucOf(pos, neg);
}

/**
 * Evaluates churn probabilities (`scores`, label 1 = churned) against outcomes: ranking (ROC AUC,
 * PR AUC, lift and gains by decile, a ROC curve for charts), probability quality (Brier score,
 * log-loss, calibration table) and the confusion matrix at a threshold.
 *
 * Definitions (docs/churn.md has the formulas):
 * - ROC AUC: Mann–Whitney U / (P·N), ties one half (the midrank formula), exact.
 * - PR AUC: average precision Σ_k (R_k − R_{k−1}) · P_k over the distinct scores in descending
 *   order, all rows tied at a score entering together; step-wise, not the trapezoid (which is
 *   optimistic for PR curves). scikit-learn's `average_precision_score` uses this definition.
 * - Brier: mean (score − label)². Log-loss: −mean(y ln p + (1 − y) ln(1 − p)) with p clipped to
 *   [1e-15, 1 − 1e-15], so a confident mistake costs at most 34.5 instead of infinity.
 * - Calibration: `bins` equal-width bins of [0, 1] (default) or equal-count bins of the ranked
 *   rows; empty bins are left out.
 * - Gains/lift: rows ranked by descending score, decile d holds ranks ⌊(d−1)n/10⌋ … ⌊dn/10⌋ − 1.
 *   A tie group straddling a decile (or equal-count bin) border is shared pro rata: each of its
 *   rows carries the group's positive rate, so results never depend on the order of tied rows
 *   (positives may then be fractional).
 * - Confusion matrix: predict 1 when score ≥ threshold.
 * - ROC curve: the vertices (FPR, TPR) after each distinct score, from (0, 0) to (1, 1),
 *   thinned to at most 201: (0, 0), then the first vertex at or past each 1/200 of the rows (so
 *   every vertex when n ≤ 200; the last vertex is always (1, 1)).
 *
 * Cost: O(n): a radix sort of the positives' and of the negatives' scores (on their IEEE-754
 * bits), then one merged pass over the distinct scores. About 0.2 s for 1,000,000 rows.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a length mismatch, a label other than 0/1 or a score
 *   outside [0, 1] or NaN (row and field named), or labels all of one class (AUC undefined);
 *   `EMPTY_INPUT` for no rows; `INVALID_OPTION` for a bad threshold, bins or calibration.
 * @example
 * ```ts
 * import { evaluateClassifier } from 'clvkit/churn';
 * const evaluation = evaluateClassifier([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * evaluation.rocAuc; // 0.75
 * evaluation.prAuc; // 0.8333333333333333
 * evaluation.brier; // ≈ 0.158125
 * evaluation.confusion.tp; // 1
 * ```
 */
export function evaluateClassifier(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options?: EvaluateClassifierOptions,
): ClassifierEvaluation {
  const opts = resolveOptions(options);
  const { positives: P, split } = validateAndSplit(labels, scores);
  const n = split.length;
  const N = n - P;
  const { pos, neg } = sortClasses(split, P);

  const eps = EVALUATE_CLASSIFIER_DEFAULTS.logLossEpsilon;
  const points = EVALUATE_CLASSIFIER_DEFAULTS.rocPoints;
  // Neumaier-compensated totals (the *C variables carry the lost low-order parts), in locals.
  let brier = 0;
  let brierC = 0;
  let logLoss = 0;
  let logLossC = 0;
  let tp = 0;
  let fp = 0;
  let twiceAuc = 0;
  let precisionSum = 0;
  const equalWidth = opts.calibration === 'equal-width';
  const binCount = equalWidth ? new Float64Array(opts.bins) : undefined;
  const binPositives = equalWidth ? new Float64Array(opts.bins) : undefined;
  const binScores = equalWidth ? createSums(opts.bins) : undefined;
  const gains = new RankCuts(sliceSizes(n, DECILES, false));
  const countBins = equalWidth ? undefined : new RankCuts(sliceSizes(n, opts.bins, true));
  // Σ rows × score so far (compensated), for the equal-count bins' mean predictions.
  let cumScore = 0;
  let cumScoreC = 0;
  // ROC vertices: (0, 0), then the first vertex at or past each 1/(points − 1) of the rows.
  const fpr = new Float64Array(points);
  const tpr = new Float64Array(points);
  let kept = 1;
  let nextMark = 1;

  // One pass over the tie groups (distinct scores), highest first, merging the two sorted classes.
  // Every figure is a function of the groups alone, so the order of the rows never matters.
  let i = P - 1;
  let j = N - 1;
  let cumPos = 0;
  let cumNeg = 0;
  while (i >= 0 || j >= 0) {
    const s = i >= 0 && (j < 0 || pos[i]! >= neg[j]!) ? pos[i]! : neg[j]!;
    let a = 0;
    let b = 0;
    while (i >= 0 && pos[i] === s) {
      i--;
      a++;
    }
    while (j >= 0 && neg[j] === s) {
      j--;
      b++;
    }
    cumPos += a;
    cumNeg += b;
    twiceAuc += a * (2 * (N - cumNeg) + b);
    // Average precision: recall rises by a/P at precision cumPos/(cumPos + cumNeg).
    if (a > 0) precisionSum += a * (cumPos / (cumPos + cumNeg));
    const rows = cumPos + cumNeg;
    if (rows * (points - 1) >= nextMark * n) {
      fpr[kept] = cumNeg / N;
      tpr[kept] = cumPos / P;
      kept++;
      nextMark = Math.floor((rows * (points - 1)) / n) + 1;
    }
    const squared = a * (1 - s) * (1 - s) + b * s * s;
    let t = brier + squared;
    brierC += brier >= squared ? brier - t + squared : squared - t + brier;
    brier = t;
    let loss = 0;
    if (a > 0) loss -= a * Math.log(Math.max(s, eps));
    if (b > 0) loss -= b * Math.log1p(-Math.min(s, 1 - eps));
    t = logLoss + loss;
    logLossC += logLoss >= loss ? logLoss - t + loss : loss - t + logLoss;
    logLoss = t;
    if (s >= opts.threshold) {
      tp += a;
      fp += b;
    }
    if (binCount !== undefined) {
      const k = Math.min(opts.bins - 1, Math.floor(s * opts.bins));
      binCount[k]! += a + b;
      binPositives![k]! += a;
      addTo(binScores!, k, (a + b) * s);
    }
    if (rows >= gains.nextEnd) gains.cross(rows, a, b, s, cumPos, 0);
    if (countBins !== undefined) {
      if (countBins.startPending) countBins.start(s);
      const mass = (a + b) * s;
      t = cumScore + mass;
      cumScoreC += cumScore >= mass ? cumScore - t + mass : mass - t + cumScore;
      cumScore = t;
      if (rows >= countBins.nextEnd) countBins.cross(rows, a, b, s, cumPos, cumScore + cumScoreC);
    }
  }
  const roc = { fpr: fpr.slice(0, kept), tpr: tpr.slice(0, kept) };
  const calibration = equalWidth
    ? equalWidthBins(binCount!, binPositives!, binScores!)
    : equalCountBins(countBins!);

  const fn = P - tp;
  const tn = N - fp;
  const confusion = Object.freeze({
    threshold: opts.threshold,
    tp,
    fp,
    tn,
    fn,
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp / P,
    accuracy: (tp + tn) / n,
    f1: (2 * tp) / (2 * tp + fp + fn),
  });
  return Object.freeze({
    rows: n,
    positives: P,
    rocAuc: twiceAuc / (2 * P * N),
    prAuc: precisionSum / P,
    brier: (brier + brierC) / n,
    logLoss: (logLoss + logLossC) / n,
    calibration,
    gains: gainsTable(gains, n, P),
    roc: Object.freeze(roc),
    confusion,
  });
}

function equalWidthBins(
  count: Float64Array,
  positives: Float64Array,
  scoreSums: Float64Array,
): readonly CalibrationBin[] {
  const bins = count.length;
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = count[b]!;
    if (c === 0) continue;
    out.push(
      Object.freeze({
        bin: b,
        count: c,
        meanPredicted: sumOf(scoreSums, b) / c,
        observedRate: positives[b]! / c,
        lower: b / bins,
        upper: (b + 1) / bins,
      }),
    );
  }
  return Object.freeze(out);
}

/**
 * Sizes of `parts` consecutive slices of n ranked rows: slice k (from the top) holds
 * ⌊(k+1)·n/parts⌋ − ⌊k·n/parts⌋ rows; `reversed` lists them from the bottom slice up.
 */
function sliceSizes(n: number, parts: number, reversed: boolean): Int32Array {
  const sizes = new Int32Array(parts);
  for (let k = 0; k < parts; k++) {
    sizes[reversed ? parts - 1 - k : k] =
      Math.floor(((k + 1) * n) / parts) - Math.floor((k * n) / parts);
  }
  return sizes;
}

/**
 * Cumulative positives and score sums of the ranked rows at the ends of consecutive slices,
 * recorded while the tie groups are walked from the top: the walk only compares the running
 * row count with `nextEnd` and calls {@link RankCuts.cross} at the few groups that reach an end.
 * A group straddling an end is shared pro rata: the rows of it before the end carry its positive
 * rate, so the figures never depend on the order of tied rows. A slice's positives are the
 * difference of the cumulative values at its two ends, which add up to the total exactly.
 */
class RankCuts {
  /** Cumulative row count at the end of each slice. */
  readonly ends: Float64Array;
  readonly positivesAt: Float64Array;
  readonly scoreAt: Float64Array;
  /** Highest and lowest score of each slice (its first and last row). */
  readonly high: Float64Array;
  readonly low: Float64Array;
  private next = 0;
  /** Row count of the next end to reach (Infinity after the last). */
  nextEnd = Number.POSITIVE_INFINITY;
  /** The next group's score is the highest of slice `next` (its first row starts that group). */
  startPending = true;

  constructor(sizes: Int32Array) {
    const k = sizes.length;
    this.ends = new Float64Array(k);
    let end = 0;
    for (let j = 0; j < k; j++) {
      end += sizes[j]!;
      this.ends[j] = end;
    }
    this.positivesAt = new Float64Array(k);
    this.scoreAt = new Float64Array(k);
    this.high = new Float64Array(k);
    this.low = new Float64Array(k);
    // Slices with no rows at the top end at 0.
    while (this.next < k && this.ends[this.next] === 0) this.next++;
    this.nextEnd = this.ends[this.next] ?? Number.POSITIVE_INFINITY;
  }

  /** Records `score` as the highest of the slice now being filled. */
  start(score: number): void {
    this.high[this.next] = score;
    this.startPending = false;
  }

  /**
   * Records every end reached by the group just added (`a` positives and `b` negatives at
   * `score`; `rows`, `cumPos`, `cumScore` include it).
   */
  cross(rows: number, a: number, b: number, score: number, cumPos: number, cumScore: number): void {
    const size = a + b;
    const before = rows - size;
    while (this.next < this.ends.length && this.ends[this.next]! <= rows) {
      const k = this.next;
      const end = this.ends[k]!;
      // The part of the group below the end belongs to later slices.
      const beyond = rows - end;
      this.positivesAt[k] = beyond === 0 ? cumPos : cumPos - a + (a * (end - before)) / size;
      this.scoreAt[k] = cumScore - beyond * score;
      this.low[k] = score;
      this.next++;
      if (this.next < this.ends.length) {
        if (beyond > 0) this.high[this.next] = score;
        else this.startPending = true;
      }
    }
    this.nextEnd = this.ends[this.next] ?? Number.POSITIVE_INFINITY;
  }

  /** Rows, positives and score sum of slice k. */
  slice(k: number): { rows: number; positives: number; scoreSum: number } {
    const from = k === 0 ? 0 : this.ends[k - 1]!;
    return {
      rows: this.ends[k]! - from,
      positives: this.positivesAt[k]! - (k === 0 ? 0 : this.positivesAt[k - 1]!),
      scoreSum: this.scoreAt[k]! - (k === 0 ? 0 : this.scoreAt[k - 1]!),
    };
  }
}

function equalCountBins(cuts: RankCuts): readonly CalibrationBin[] {
  const out: CalibrationBin[] = [];
  const bins = cuts.ends.length;
  // The slices were cut from the top: slice k is bin bins − 1 − k.
  for (let bin = 0; bin < bins; bin++) {
    const k = bins - 1 - bin;
    const { rows, positives, scoreSum } = cuts.slice(k);
    if (rows === 0) continue;
    out.push(
      Object.freeze({
        bin,
        count: rows,
        meanPredicted: scoreSum / rows,
        observedRate: positives / rows,
        lower: cuts.low[k]!,
        upper: cuts.high[k]!,
      }),
    );
  }
  return Object.freeze(out);
}

function gainsTable(cuts: RankCuts, n: number, P: number): readonly GainsRow[] {
  const out: GainsRow[] = [];
  const baseRate = P / n;
  for (let k = 0; k < DECILES; k++) {
    const { rows, positives } = cuts.slice(k);
    const customerShare = cuts.ends[k]! / n;
    const cumulativeGain = cuts.positivesAt[k]! / P;
    out.push(
      Object.freeze({
        decile: k + 1,
        customerShare,
        positives,
        cumulativeGain,
        lift: rows === 0 ? 0 : positives / rows / baseRate,
        cumulativeLift: customerShare === 0 ? 0 : cumulativeGain / customerShare,
      }),
    );
  }
  return Object.freeze(out);
}
