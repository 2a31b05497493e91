import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RFM_SCORES_DEFAULTS, rfmScores, summaryFromColumns } from '../../src/index.js';
import { permute, thrown, tiedOrSpread, withPermutation } from '../segments/helpers.js';

/** The documented tie rule, computed naively: 1 + ⌊k · (customers strictly worse) / n⌋. */
function referenceScores(values: readonly number[], k: number, higherIsBetter: boolean): number[] {
  const n = values.length;
  return values.map((v) => {
    const worse = values.filter((w) => (higherIsBetter ? w < v : w > v)).length;
    return 1 + Math.floor((k * worse) / n);
  });
}

function columns(recency: number[], frequency: number[], monetary: number[]) {
  return { ids: recency.map((_, i) => `c${i}`), recency, frequency, monetary };
}

describe('rfmScores: exact cases', () => {
  it('gives the result stated in its TSDoc example', () => {
    const scores = rfmScores(
      {
        ids: ['a', 'b', 'c', 'd', 'e'],
        recency: [3, 40, 40, 200, 10],
        frequency: [9, 2, 2, 1, 5],
        monetary: [900, 80, 120, 15, 400],
      },
      { k: 5 },
    );
    expect(scores.cell).toEqual(['555', '222', '223', '111', '444']);
    expect(Array.from(scores.r)).toEqual([5, 2, 2, 1, 4]);
    expect(Array.from(scores.total)).toEqual([15, 6, 7, 3, 12]);
    expect(scores.k).toBe(5);
    expect(scores.method).toBe('quantile');
    expect(scores.recencyUnit).toBeUndefined();
  });

  it('gives tie groups the lowest bin their first member reaches, leaving bins empty rather than splitting ties', () => {
    // Six one-time buyers: L = 0 for them, then 2 → L 6, 3 → L 7, 4 → L 8, 5 → L 9 (n = 10, k = 5).
    const frequency = [1, 1, 1, 1, 1, 1, 2, 3, 4, 5];
    const scores = rfmScores(columns(Array(10).fill(0), frequency, frequency));
    expect(Array.from(scores.f)).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
    expect(scores.thresholds.frequency).toEqual([2, 2, 2, 4]);
    // Everyone bought at the same time: one tie group, all in the lowest bin.
    expect(Array.from(scores.r)).toEqual(Array(10).fill(1));
    expect(scores.thresholds.recency).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
  });

  it('spreads distinct values over bins whose sizes differ by at most one', () => {
    const values = Array.from({ length: 13 }, (_, i) => i * 1.5);
    const scores = rfmScores(columns(values, values, values), { k: 4 });
    const sizes = [1, 2, 3, 4].map((s) => scores.m.filter((m) => m === s).length);
    expect(sizes).toEqual([4, 3, 3, 3]);
    // Recency reversed: the smallest time since the last purchase scores 4.
    expect(scores.r[0]).toBe(4);
    expect(scores.r[12]).toBe(1);
  });

  it('scores with user thresholds: inclusive upper bounds for recency, inclusive lower bounds for F and M', () => {
    const scores = rfmScores(
      columns([30, 31, 60, 61, 180, 181], [1, 2, 3, 4, 8, 16], [0, 100, 250, 499.99, 500, 1e6]),
      {
        method: 'thresholds',
        thresholds: {
          recency: [30, 60, 90, 180],
          frequency: [2, 4, 8, 16],
          monetary: [100, 250, 500, 1000],
        },
      },
    );
    expect(Array.from(scores.r)).toEqual([5, 4, 4, 3, 2, 1]);
    expect(Array.from(scores.f)).toEqual([1, 2, 2, 3, 4, 5]);
    expect(Array.from(scores.m)).toEqual([1, 2, 3, 3, 4, 5]);
    expect(scores.method).toBe('thresholds');
    expect(scores.thresholds.recency).toEqual([30, 60, 90, 180]);
  });

  it('computes the weighted mean score when weights are given', () => {
    const scores = rfmScores(columns([1, 9], [5, 1], [10, 20]), {
      k: 2,
      weights: { r: 2, f: 1, m: 1 },
    });
    // r = [2, 1], f = [2, 1], m = [1, 2].
    expect(Array.from(scores.weighted!)).toEqual([(4 + 2 + 1) / 4, (2 + 1 + 2) / 4]);
    expect(rfmScores(columns([1], [1], [1])).weighted).toBeUndefined();
  });

  it('maps a customer summary: recency = T − recency, frequency + 1 purchases, total spend', () => {
    const summary = summaryFromColumns({
      ids: ['a', 'b', 'c'],
      frequency: [0, 4, 2],
      recency: [0, 30, 10],
      T: [40, 32, 50],
      monetaryValue: [0, 25, 60],
      totalSpend: [15, 125, 200],
      orders: [1, 7, 3],
      unit: 'week',
    });
    const scores = rfmScores(summary, { k: 3 });
    expect(Array.from(scores.values.recency)).toEqual([40, 2, 40]);
    expect(Array.from(scores.values.frequency)).toEqual([1, 5, 3]);
    expect(Array.from(scores.values.monetary)).toEqual([15, 125, 200]);
    expect(Array.from(scores.r)).toEqual([1, 3, 1]);
    expect(scores.recencyUnit).toBe('week');
    expect(scores.ids).toBe(summary.ids);
    const byOrders = rfmScores(summary, {
      k: 3,
      frequencyFrom: 'orders',
      monetaryFrom: 'monetaryValue',
    });
    expect(Array.from(byOrders.values.frequency)).toEqual([1, 7, 3]);
    expect(Array.from(byOrders.values.monetary)).toEqual([0, 25, 60]);
  });

  it('refuses a precomputed summary without the column asked for', () => {
    const summary = summaryFromColumns({
      ids: ['a'],
      frequency: [1],
      recency: [2],
      T: [3],
      unit: 'day',
    });
    thrown(() => rfmScores(summary), 'MISSING_COLUMN', 'totalSpend');
    thrown(
      () => rfmScores(summary, { monetaryFrom: 'monetaryValue', frequencyFrom: 'orders' }),
      'MISSING_COLUMN',
      'orders',
    );
    expect(rfmScores(summary, { monetaryFrom: 'monetaryValue' }).cell).toEqual(['111']);
  });
});

describe('rfmScores: edge cases', () => {
  it('handles no customers, one customer and all-equal columns', () => {
    const empty = rfmScores(columns([], [], []));
    expect(empty.r).toHaveLength(0);
    expect(empty.cell).toEqual([]);
    expect(empty.thresholds.monetary).toEqual([Infinity, Infinity, Infinity, Infinity]);
    const one = rfmScores(columns([5], [2], [10]));
    expect(one.cell).toEqual(['111']);
    const equal = rfmScores(columns([7, 7, 7], [3, 3, 3], [9.5, 9.5, 9.5]), { k: 9 });
    expect(equal.cell).toEqual(['111', '111', '111']);
  });

  it('carries ids such as __proto__ and numbers through unchanged (as strings)', () => {
    const scores = rfmScores({
      ids: ['__proto__', 'constructor', 42],
      recency: [1, 2, 3],
      frequency: [3, 2, 1],
      monetary: [30, 20, 10],
    });
    expect(scores.ids).toEqual(['__proto__', 'constructor', '42']);
    // n = 3, k = 5: L = 2, 1, 0 give 1 + ⌊5·L/3⌋ = 4, 2, 1.
    expect(scores.cell).toEqual(['444', '222', '111']);
    expect(Object.getPrototypeOf(scores)).toBe(Object.prototype);
  });

  it('does not modify its input columns and returns a frozen result', () => {
    const recency = new Float64Array([5, 1, 3]);
    const input = Object.freeze({
      ids: Object.freeze(['a', 'b', 'c']),
      recency,
      frequency: Object.freeze([1, 2, 3]),
      monetary: Object.freeze([3, 2, 1]),
    });
    const scores = rfmScores(input);
    expect(Array.from(recency)).toEqual([5, 1, 3]);
    expect(Object.isFrozen(scores)).toBe(true);
    expect(Object.isFrozen(scores.cell)).toBe(true);
  });

  it('rejects invalid options and columns with stable codes', () => {
    const ok = columns([1, 2], [1, 2], [1, 2]);
    thrown(() => rfmScores(ok, { k: 1 }), 'INVALID_OPTION', 'k');
    thrown(() => rfmScores(ok, { k: 10 }), 'INVALID_OPTION', 'k');
    thrown(() => rfmScores(ok, { k: 2.5 }), 'INVALID_OPTION', 'k');
    thrown(() => rfmScores(ok, { method: 'ntile' as 'quantile' }), 'INVALID_OPTION', 'method');
    thrown(
      () =>
        rfmScores(ok, {
          thresholds: { recency: [1], frequency: [1], monetary: [1] },
          k: 2,
        }),
      'INVALID_OPTION',
      'thresholds',
    );
    thrown(() => rfmScores(ok, { method: 'thresholds' }), 'INVALID_OPTION', 'thresholds');
    thrown(
      () =>
        rfmScores(ok, {
          method: 'thresholds',
          k: 3,
          thresholds: { recency: [1, 2], frequency: [1], monetary: [1, 2] },
        }),
      'INVALID_OPTION',
      'thresholds.frequency',
    );
    thrown(
      () =>
        rfmScores(ok, {
          method: 'thresholds',
          k: 3,
          thresholds: { recency: [1, 2], frequency: [2, 1], monetary: [1, 2] },
        }),
      'INVALID_OPTION',
      'thresholds.frequency',
    );
    thrown(() => rfmScores(ok, { weights: { r: 0, f: 0, m: 0 } }), 'INVALID_OPTION', 'weights');
    thrown(() => rfmScores(ok, { weights: { r: -1, f: 1, m: 1 } }), 'INVALID_OPTION', 'weights.r');
    thrown(() => rfmScores(ok, { frequencyFrom: 'orders' }), 'INVALID_OPTION', 'frequencyFrom');
    thrown(() => rfmScores(columns([1, -1], [1, 2], [1, 2])), 'INVALID_ARGUMENT', 'recency');
    thrown(
      () => rfmScores(columns([1, 2], [1, Number.NaN], [1, 2])),
      'INVALID_ARGUMENT',
      'frequency',
    );
    thrown(() => rfmScores({ ...ok, monetary: [1] }), 'INVALID_ARGUMENT', 'monetary');
    thrown(() => rfmScores({ ...ok, ids: ['a', ''] }), 'INVALID_ID', 'ids');
    const error = thrown(
      () => rfmScores(columns([1, 2], [1, 2], [1, Infinity])),
      'INVALID_ARGUMENT',
    );
    expect(error.row).toBe(2);
  });

  it('documents its defaults in a frozen constant', () => {
    expect(RFM_SCORES_DEFAULTS).toEqual({
      k: 5,
      method: 'quantile',
      frequencyFrom: 'purchases',
      monetaryFrom: 'totalSpend',
    });
    expect(Object.isFrozen(RFM_SCORES_DEFAULTS)).toBe(true);
  });
});

describe('rfmScores: properties', () => {
  const kArb = fc.integer({ min: 2, max: 9 });

  it('scores lie in 1..k and follow the documented tie rule in every dimension', () => {
    fc.assert(
      fc.property(
        tiedOrSpread.chain((values) =>
          fc.tuple(
            fc.constant(values),
            fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length }),
          ),
        ),
        kArb,
        ([recency, monetary], k) => {
          const r = recency.map(Math.abs);
          const f = recency.map((v) => Math.floor(Math.abs(v)) % 7);
          const scores = rfmScores(columns(r, f, monetary), { k });
          for (const column of [scores.r, scores.f, scores.m]) {
            for (const s of column) expect(s >= 1 && s <= k).toBe(true);
          }
          expect(Array.from(scores.r)).toEqual(referenceScores(r, k, false));
          expect(Array.from(scores.f)).toEqual(referenceScores(f, k, true));
          expect(Array.from(scores.m)).toEqual(referenceScores(monetary, k, true));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never gives a larger monetary value a lower M score, nor a longer recency a higher R score', () => {
    fc.assert(
      fc.property(tiedOrSpread, kArb, (values, k) => {
        const recency = values.map(Math.abs);
        const scores = rfmScores(columns(recency, recency, values), { k });
        for (let i = 0; i < values.length; i++) {
          for (let j = 0; j < values.length; j++) {
            if (values[i]! > values[j]!) expect(scores.m[i]!).toBeGreaterThanOrEqual(scores.m[j]!);
            if (values[i] === values[j]) expect(scores.m[i]).toBe(scores.m[j]);
            if (recency[i]! > recency[j]!) expect(scores.r[i]!).toBeLessThanOrEqual(scores.r[j]!);
            if (recency[i] === recency[j]) expect(scores.r[i]).toBe(scores.r[j]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on customer order', () => {
    fc.assert(
      fc.property(withPermutation(tiedOrSpread), kArb, ({ values, order }, k) => {
        const recency = values.map(Math.abs);
        const frequency = values.map((v) => Math.round(Math.abs(v)) % 5);
        const base = rfmScores(columns(recency, frequency, values), { k });
        const shuffled = rfmScores(
          columns(permute(recency, order), permute(frequency, order), permute(values, order)),
          { k },
        );
        expect(shuffled.cell).toEqual(permute(base.cell, order));
        expect(shuffled.thresholds).toEqual(base.thresholds);
      }),
      { numRuns: 200 },
    );
  });

  it('reproduces its quantile scores when its thresholds are passed back', () => {
    fc.assert(
      fc.property(tiedOrSpread, kArb, (values, k) => {
        const recency = values.map((v) => Math.abs(v) / 3);
        const quantile = rfmScores(columns(recency, recency, values), { k });
        const again = rfmScores(columns(recency, recency, values), {
          k,
          method: 'thresholds',
          thresholds: quantile.thresholds,
        });
        expect(again.cell).toEqual(quantile.cell);
      }),
      { numRuns: 200 },
    );
  });
});
