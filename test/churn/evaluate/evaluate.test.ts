import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EVALUATE_CLASSIFIER_DEFAULTS,
  evaluateClassifier,
  rocAuc,
} from '../../../src/churn/evaluate/index.js';
import { expectClose, expectClvError } from '../../helpers/assert.js';

/** AUC by counting pairs (the definition), O(P·N). */
function pairwiseAuc(labels: readonly number[], scores: readonly number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

/** Rows of both classes, scores in [0, 1] with many ties (a coarse grid) or none. */
const rowsArbitrary = fc
  .array(
    fc.record({
      label: fc.constantFrom(0, 1),
      score: fc.oneof(
        fc.constantFrom(0, 0.25, 0.5, 0.75, 1),
        fc.double({ min: 0, max: 1, noNaN: true }),
      ),
    }),
    { minLength: 2, maxLength: 600 },
  )
  .filter((rows) => rows.some((r) => r.label === 1) && rows.some((r) => r.label === 0));

describe('evaluateClassifier: hand-computed cases', () => {
  it('four rows: every metric by hand', () => {
    // Ranked: 0.8 (1), 0.4 (0), 0.35 (1), 0.1 (0). Pairs: 0.8 beats both negatives, 0.35 beats
    // 0.1 only: AUC 3/4. AP = ½·1 + ½·⅔. Brier = (0.01 + 0.16 + 0.4225 + 0.04)/4.
    const e = evaluateClassifier([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(e.rows).toBe(4);
    expect(e.positives).toBe(2);
    expect(e.rocAuc).toBe(0.75);
    expectClose(e.prAuc, 0.5 + 1 / 3, 1e-15);
    expectClose(e.brier, 0.6325 / 4, 1e-15);
    expectClose(
      e.logLoss,
      -(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4,
      1e-15,
    );
    expect(e.confusion).toEqual({
      threshold: 0.5,
      tp: 1,
      fp: 0,
      tn: 2,
      fn: 1,
      precision: 1,
      recall: 0.5,
      accuracy: 0.75,
      f1: 2 / 3,
    });
    expect(Array.from(e.roc.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(e.roc.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
  });

  it('ties count one half in the AUC: all scores equal gives 0.5', () => {
    const e = evaluateClassifier([0, 1, 0, 1, 1], [0.3, 0.3, 0.3, 0.3, 0.3]);
    expect(e.rocAuc).toBe(0.5);
    // One threshold: precision 3/5 at recall 1.
    expect(e.prAuc).toBe(0.6);
    // The ROC curve is the diagonal in one step.
    expect(Array.from(e.roc.fpr)).toEqual([0, 1]);
    expect(Array.from(e.roc.tpr)).toEqual([0, 1]);
  });

  it('a tied pair across classes: AUC (1 + ½ + 1 + 1)/4', () => {
    // Positives 0.9, 0.5; negatives 0.5, 0.1.
    expect(rocAuc([1, 1, 0, 0], [0.9, 0.5, 0.5, 0.1])).toBe(0.875);
  });

  it('perfect and reversed rankings', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])).toBe(0);
    expect(evaluateClassifier([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]).prAuc).toBe(1);
  });

  it('log-loss clips probabilities at 1e-15: a certain mistake costs −ln 1e-15', () => {
    const e = evaluateClassifier([1, 0], [0, 1]);
    // 1 − 1e-15 rounds to the double 0.999999999999999 (1 − 1.0000333e-15), as in NumPy's clip.
    expectClose(e.logLoss, (-Math.log(1e-15) - Math.log(1 - (1 - 1e-15))) / 2, 1e-12);
    expect(e.brier).toBe(1);
    expect(Number.isFinite(e.logLoss)).toBe(true);
  });

  it('confusion matrix: score equal to the threshold predicts 1; no predicted positive gives precision 0', () => {
    const e = evaluateClassifier([1, 0, 1], [0.3, 0.2, 0.1], { threshold: 0.3 });
    expect([e.confusion.tp, e.confusion.fp, e.confusion.tn, e.confusion.fn]).toEqual([1, 0, 1, 1]);
    const none = evaluateClassifier([1, 0], [0.2, 0.1], { threshold: 0.9 });
    expect(none.confusion.precision).toBe(0);
    expect(none.confusion.f1).toBe(0);
    expect(none.confusion.recall).toBe(0);
  });

  it('gains: 20 rows, 4 positives all in the top decile', () => {
    const scores = Array.from({ length: 20 }, (_, i) => (20 - i) / 20);
    const labels = scores.map((_, i) => (i < 2 || i === 5 || i === 12 ? 1 : 0));
    const e = evaluateClassifier(labels, scores);
    // Top decile = ranks 0, 1: both positive. Lift = (2/2) / (4/20) = 5.
    expect(e.gains[0]).toEqual({
      decile: 1,
      customerShare: 0.1,
      positives: 2,
      cumulativeGain: 0.5,
      lift: 5,
      cumulativeLift: 5,
    });
    expect(e.gains[2]!.positives).toBe(1); // rank 5
    expect(e.gains[6]!.positives).toBe(1); // rank 12
    expect(e.gains[9]!.cumulativeGain).toBe(1);
    expect(e.gains[9]!.cumulativeLift).toBe(1);
  });

  it('gains: a tie group straddling a decile border is shared pro rata', () => {
    // 10 rows: top score 0.9 (1 row, positive), then 0.5 × 9 rows of which 3 positive.
    // Decile 1 = rank 0 → 1 positive; every later decile gets one 0.5-row: 3/9 positive.
    const labels = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
    const scores = [0.9, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    const e = evaluateClassifier(labels, scores);
    expect(e.gains[0]!.positives).toBe(1);
    // Differences of cumulative shares: a few ulps (relative 1e-13).
    for (let d = 1; d < 10; d++) expectClose(e.gains[d]!.positives, 1 / 3, 1e-13);
    expect(e.gains[9]!.cumulativeGain).toBe(1);
  });

  it('fewer rows than deciles: empty deciles have lift 0, never NaN', () => {
    const e = evaluateClassifier([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1]);
    expect(e.gains).toHaveLength(10);
    for (const row of e.gains) {
      for (const value of Object.values(row)) expect(Number.isFinite(value)).toBe(true);
    }
    // Ranks: decile 3 holds rank 0 (⌊3·4/10⌋ = 1), decile 5 rank 1, decile 8 rank 2, decile 10 rank 3.
    expect(e.gains.map((g) => g.positives)).toEqual([0, 0, 1, 0, 0, 0, 0, 1, 0, 0]);
    expect(e.gains[0]!.cumulativeLift).toBe(0);
  });

  it('equal-width calibration: edges, a score of 1 in the last bin, empty bins left out', () => {
    const e = evaluateClassifier([0, 1, 1, 0, 1], [0.05, 0.07, 1, 0.95, 0.5], { bins: 4 });
    expect(e.calibration.map((b) => [b.bin, b.count, b.observedRate, b.lower, b.upper])).toEqual([
      [0, 2, 0.5, 0, 0.25],
      [2, 1, 1, 0.5, 0.75],
      [3, 2, 0.5, 0.75, 1],
    ]);
    const means = e.calibration.map((b) => b.meanPredicted);
    [0.06, 0.5, 0.975].forEach((m, k) => {
      expectClose(means[k]!, m, 1e-15);
    });
  });

  it('equal-count calibration: bins of ⌊n/bins⌋ ranked rows, lower/upper = score range', () => {
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    const labels = [0, 0, 1, 0, 1, 1];
    const e = evaluateClassifier(labels, scores, { bins: 3, calibration: 'equal-count' });
    expect(e.calibration.map((b) => [b.bin, b.count, b.observedRate, b.lower, b.upper])).toEqual([
      [0, 2, 0, 0.1, 0.2],
      [1, 2, 0.5, 0.3, 0.4],
      [2, 2, 1, 0.5, 0.6],
    ]);
    expectClose(e.calibration[0]!.meanPredicted, 0.15, 1e-15);
  });

  it('defaults are documented and frozen', () => {
    expect(EVALUATE_CLASSIFIER_DEFAULTS.threshold).toBe(0.5);
    expect(EVALUATE_CLASSIFIER_DEFAULTS.bins).toBe(10);
    expect(Object.isFrozen(EVALUATE_CLASSIFIER_DEFAULTS)).toBe(true);
  });

  it('accepts typed arrays and −0', () => {
    const e = evaluateClassifier(new Uint8Array([0, 1, 0]), new Float64Array([-0, 0.5, 0]));
    expect(e.rocAuc).toBe(1);
    expect(e.calibration[0]!.count).toBe(2);
  });
});

/**
 * Equal-count bins and deciles by the definition: rows sorted by score, each row carrying its tie
 * group's positive rate, slices of ⌊(k+1)n/parts⌋ − ⌊kn/parts⌋ consecutive rows.
 */
function naiveSlices(
  labels: readonly number[],
  scores: readonly number[],
  parts: number,
  descending: boolean,
) {
  const rate = new Map<number, number>();
  const count = new Map<number, number>();
  scores.forEach((s, i) => {
    rate.set(s, (rate.get(s) ?? 0) + labels[i]!);
    count.set(s, (count.get(s) ?? 0) + 1);
  });
  const ranked = [...scores].sort((a, b) => (descending ? b - a : a - b));
  const n = ranked.length;
  return Array.from({ length: parts }, (_, k) => {
    const rows = ranked.slice(Math.floor((k * n) / parts), Math.floor(((k + 1) * n) / parts));
    return {
      rows: rows.length,
      positives: rows.reduce((t, s) => t + rate.get(s)! / count.get(s)!, 0),
      mean: rows.length === 0 ? 0 : rows.reduce((t, s) => t + s, 0) / rows.length,
      low: Math.min(...rows),
      high: Math.max(...rows),
    };
  });
}

describe('evaluateClassifier: properties', () => {
  it('equal-count bins and deciles match the definition (row expansion)', () => {
    fc.assert(
      fc.property(rowsArbitrary, fc.integer({ min: 1, max: 40 }), (rows, bins) => {
        const labels = rows.map((r) => r.label);
        const scores = rows.map((r) => r.score + 0);
        const e = evaluateClassifier(labels, scores, { bins, calibration: 'equal-count' });
        const want = naiveSlices(labels, scores, bins, false).map((w, bin) => ({ ...w, bin }));
        const nonEmpty = want.filter((w) => w.rows > 0);
        expect(e.calibration.map((b) => [b.bin, b.count, b.lower, b.upper])).toEqual(
          nonEmpty.map((w) => [w.bin, w.rows, w.low, w.high]),
        );
        e.calibration.forEach((b, k) => {
          const w = nonEmpty[k]!;
          expect(Math.abs(b.observedRate - w.positives / w.rows)).toBeLessThan(1e-12);
          expect(Math.abs(b.meanPredicted - w.mean)).toBeLessThan(1e-12);
        });
        const deciles = naiveSlices(labels, scores, 10, true);
        e.gains.forEach((g, k) => {
          expect(Math.abs(g.positives - deciles[k]!.positives)).toBeLessThan(1e-9);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('the ROC AUC equals the pairwise count, ties one half (exactly)', () => {
    fc.assert(
      fc.property(rowsArbitrary, (rows) => {
        const labels = rows.map((r) => r.label);
        const scores = rows.map((r) => r.score);
        // Both compute a ratio of the same integers (doubled wins / doubled pairs).
        expectClose(rocAuc(labels, scores), pairwiseAuc(labels, scores), 1e-14);
      }),
      { numRuns: 150 },
    );
  });

  it('every figure is unchanged when the rows are permuted', () => {
    fc.assert(
      fc.property(rowsArbitrary, fc.integer(), (rows, seed) => {
        const shuffled = rows
          .map((r, i) => ({ r, key: Math.sin(seed + i * 12.9898) }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.r);
        const a = evaluateClassifier(
          rows.map((r) => r.label),
          rows.map((r) => r.score),
        );
        const b = evaluateClassifier(
          shuffled.map((r) => r.label),
          shuffled.map((r) => r.score),
        );
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });

  it('reversing the scores turns AUC into 1 − AUC; bounds and invariants hold', () => {
    // Scores on a grid of thousandths, so that s ↦ 1 − s keeps ties and order exactly reversed.
    const gridRows = fc
      .array(
        fc.record({
          label: fc.constantFrom(0, 1),
          score: fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000),
        }),
        { minLength: 2, maxLength: 600 },
      )
      .filter((rows) => rows.some((r) => r.label === 1) && rows.some((r) => r.label === 0));
    fc.assert(
      fc.property(gridRows, (rows) => {
        const labels = rows.map((r) => r.label);
        const scores = rows.map((r) => r.score);
        const e = evaluateClassifier(labels, scores);
        const reversed = rocAuc(
          labels,
          scores.map((s) => 1 - s),
        );
        expect(Math.abs(e.rocAuc + reversed - 1)).toBeLessThan(1e-12);
        expect(e.rocAuc).toBeGreaterThanOrEqual(0);
        expect(e.rocAuc).toBeLessThanOrEqual(1);
        expect(e.prAuc).toBeGreaterThan(0);
        expect(e.prAuc).toBeLessThanOrEqual(1 + 1e-15);
        expect(e.brier).toBeLessThanOrEqual(1);
        expect(e.gains[9]!.cumulativeGain).toBe(1);
        expect(e.gains[9]!.customerShare).toBe(1);
        const total = e.gains.reduce((s, g) => s + g.positives, 0);
        expectClose(total, e.positives, 1e-12);
        expect(e.calibration.reduce((s, b) => s + b.count, 0)).toBe(rows.length);
        // ROC: at most 201 vertices from (0, 0) to (1, 1), non-decreasing.
        const { fpr, tpr } = e.roc;
        expect(fpr.length).toBeLessThanOrEqual(201);
        expect([fpr[0], tpr[0], fpr.at(-1), tpr.at(-1)]).toEqual([0, 0, 1, 1]);
        for (let k = 1; k < fpr.length; k++) {
          expect(fpr[k]!).toBeGreaterThanOrEqual(fpr[k - 1]!);
          expect(tpr[k]!).toBeGreaterThanOrEqual(tpr[k - 1]!);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('large inputs (radix-sorted): AUC equals the pairwise count on 3,000 rows with subnormals, 0 and 1', () => {
    const n = 3000;
    const labels: number[] = [];
    const scores: number[] = [];
    let state = 42;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const specials = [0, 1, 5e-324, 2.2250738585072014e-308, 0.5, 1 - 2 ** -53];
    for (let i = 0; i < n; i++) {
      const u = next();
      scores.push(i % 7 === 0 ? specials[i % specials.length]! : u);
      labels.push(next() < u ? 1 : 0);
    }
    expectClose(rocAuc(labels, scores), pairwiseAuc(labels, scores), 1e-14);
    const e = evaluateClassifier(labels, scores);
    // Thinned: (0, 0), then one vertex per 1/200 of the rows at most (ties may skip marks).
    expect(e.roc.fpr.length).toBeLessThanOrEqual(201);
    expect(e.roc.fpr.length).toBeGreaterThan(150);
    expect([e.roc.fpr.at(-1), e.roc.tpr.at(-1)]).toEqual([1, 1]);
  });
});

describe('evaluateClassifier: bad input', () => {
  it('labels not 0/1 name the row and field', () => {
    const error = expectClvError(
      () => evaluateClassifier([0, 2, 1], [0.1, 0.2, 0.3]),
      'INVALID_ARGUMENT',
      'labels',
    );
    expect(error.row).toBe(2);
    expectClvError(
      () => evaluateClassifier([0, Number.NaN, 1], [0.1, 0.2, 0.3]),
      'INVALID_ARGUMENT',
      'labels',
    );
  });

  it('scores outside [0, 1] or NaN name the row and field', () => {
    expect(
      expectClvError(() => evaluateClassifier([0, 1], [0.1, 1.5]), 'INVALID_ARGUMENT', 'scores')
        .row,
    ).toBe(2);
    expect(
      expectClvError(
        () => evaluateClassifier([0, 1], [Number.NaN, 0.5]),
        'INVALID_ARGUMENT',
        'scores',
      ).row,
    ).toBe(1);
    expectClvError(() => evaluateClassifier([0, 1], [-0.1, 0.5]), 'INVALID_ARGUMENT', 'scores');
  });

  it('a length mismatch, no rows and a single class are errors', () => {
    expectClvError(() => evaluateClassifier([0, 1], [0.1]), 'INVALID_ARGUMENT', 'scores');
    expectClvError(() => evaluateClassifier([], []), 'EMPTY_INPUT');
    const one = expectClvError(
      () => evaluateClassifier([1, 1], [0.1, 0.2]),
      'INVALID_ARGUMENT',
      'labels',
    );
    expect(one.message).toContain('undefined');
    expectClvError(() => rocAuc([0, 0], [0.1, 0.2]), 'INVALID_ARGUMENT', 'labels');
  });

  it('bad options', () => {
    expectClvError(
      () => evaluateClassifier([0, 1], [0, 1], { threshold: 2 }),
      'INVALID_OPTION',
      'threshold',
    );
    expectClvError(() => evaluateClassifier([0, 1], [0, 1], { bins: 0 }), 'INVALID_OPTION', 'bins');
    expectClvError(
      () => evaluateClassifier([0, 1], [0, 1], { bins: 2.5 }),
      'INVALID_OPTION',
      'bins',
    );
    expectClvError(
      () => evaluateClassifier([0, 1], [0, 1], { calibration: 'quantile' as 'equal-count' }),
      'INVALID_OPTION',
      'calibration',
    );
    expectClvError(
      () => evaluateClassifier([0, 1], [0, 1], { treshold: 0.4 } as never),
      'INVALID_OPTION',
      'treshold',
    );
  });
});
