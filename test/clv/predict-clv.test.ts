import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { predictClv } from '../../src/clv/index.js';
import type { PredictClvInput } from '../../src/clv/predict-clv.js';
import { conditionalExpectedPurchases } from '../../src/models/bg-nbd/index.js';
import {
  conditionalExpectedSpend,
  type GammaGammaFit,
} from '../../src/models/gamma-gamma/index.js';
import { summaryFromColumns } from '../../src/summary/index.js';
import type { CustomerSummary } from '../../src/summary/types.js';
import { convertDuration } from '../../src/time/index.js';
import { CDNOW_BG_NBD, CDNOW_GAMMA_GAMMA, expectClose, expectClvError } from './helpers.js';

// Tolerances (relative): against the definition evaluated customer by customer with the BG/NBD's
// own conditional expectation 1e-12 (the Chebyshev interpolation of large frequency groups is
// resolved to about 1e-14; the rest is rounding); identities that only reorder the same
// arithmetic 1e-14.

const FIVE = summaryFromColumns({
  ids: ['a', 'b', 'c', 'd', 'e'],
  frequency: [0, 1, 2, 7, 29],
  recency: [0, 5.5, 30.43, 20, 38],
  T: [38.86, 30, 38.86, 38, 38.5],
  monetaryValue: [0, 12.5, 22.35, 40, 19.99],
  unit: 'week',
});

/** A few thousand customers in a handful of frequency groups (exercises the interpolation). */
function manyCustomers(count: number): CustomerSummary {
  const frequency: number[] = [];
  const recency: number[] = [];
  const T: number[] = [];
  const spend: number[] = [];
  for (let i = 0; i < count; i++) {
    const x = i % 6;
    const age = 27 + ((i * 7919) % 1200) / 100;
    frequency.push(x);
    recency.push(x === 0 ? 0 : age * (((i * 104729) % 997) / 997));
    T.push(age);
    spend.push(x === 0 ? 0 : 5 + ((i * 31) % 70));
  }
  return summaryFromColumns({
    ids: frequency.map((_, i) => `c${i}`),
    frequency,
    recency,
    T,
    monetaryValue: spend,
    unit: 'week',
  });
}

function monthly(summary: CustomerSummary, extra: Partial<PredictClvInput> = {}): PredictClvInput {
  return {
    purchaseFit: CDNOW_BG_NBD,
    spendFit: CDNOW_GAMMA_GAMMA,
    summary,
    horizon: 12,
    horizonUnit: 'month',
    discountRate: 0.01,
    discountUnit: 'month',
    margin: 1,
    ...extra,
  };
}

/** The definition, customer by customer: Σ_k margin·spend·(E_k − E_{k−1}) / (1 + d)^{e_k}. */
function bruteForce(
  summary: CustomerSummary,
  stepEnds: number[],
  exponents: number[],
  discountRate: number,
  margin = 1,
): Float64Array {
  const spend = conditionalExpectedSpend(CDNOW_GAMMA_GAMMA, summary);
  const out = new Float64Array(summary.ids.length);
  let previous: Float64Array = new Float64Array(summary.ids.length);
  stepEnds.forEach((t, k) => {
    const cumulative = conditionalExpectedPurchases(CDNOW_BG_NBD, summary, t);
    for (let i = 0; i < out.length; i++) {
      out[i] =
        out[i]! +
        (margin * spend[i]! * (cumulative[i]! - previous[i]!)) /
          (1 + discountRate) ** exponents[k]!;
    }
    previous = cumulative;
  });
  return out;
}

const MONTH_IN_WEEKS = 365.25 / 12 / 7;
const months = (k: number) => Array.from({ length: k }, (_, i) => (i + 1) * MONTH_IN_WEEKS);
const counting = (k: number) => Array.from({ length: k }, (_, i) => i + 1);

describe('predictClv: the definition', () => {
  it('12 monthly steps, 1 % a month, discounted from the end of each month', () => {
    const result = predictClv(monthly(FIVE));
    const expected = bruteForce(FIVE, months(12), counting(12), 0.01);
    for (let i = 0; i < 5; i++) expectClose(result.clv[i]!, expected[i]!, 1e-12);
    expect(Array.from(result.stepEnds)).toEqual(months(12));
    for (let k = 0; k < 12; k++) expectClose(result.discountFactors[k]!, 1.01 ** -(k + 1), 1e-14);
    expect(result.timeUnit).toBe('week');
    expect(result.ids).toBe(FIVE.ids);
  });

  it('columns fit together: clv = margin × spend × discountedPurchases; totals', () => {
    const result = predictClv(monthly(FIVE, { margin: 0.3 }));
    const spend = conditionalExpectedSpend(CDNOW_GAMMA_GAMMA, FIVE);
    const total12 = conditionalExpectedPurchases(CDNOW_BG_NBD, FIVE, 12 * MONTH_IN_WEEKS);
    let sum = 0;
    for (let i = 0; i < 5; i++) {
      expectClose(result.expectedSpend[i]!, spend[i]!, 1e-15);
      expectClose(result.expectedPurchases[i]!, total12[i]!, 1e-13);
      expect(result.clv[i]).toBe(0.3 * spend[i]! * result.discountedPurchases[i]!);
      expect(result.discountedPurchases[i]!).toBeLessThan(result.expectedPurchases[i]!);
      sum += result.clv[i]!;
    }
    expectClose(result.totalClv, sum, 1e-14);
  });

  it('the x = 0 customer is valued at the population mean spend', () => {
    const { p, q, v } = CDNOW_GAMMA_GAMMA.params;
    expectClose(predictClv(monthly(FIVE)).expectedSpend[0]!, (p * v) / (q - 1), 1e-15);
  });

  it('matches the definition on thousands of customers (interpolated frequency groups)', () => {
    const summary = manyCustomers(3000);
    const result = predictClv(monthly(summary));
    const expected = bruteForce(summary, months(12), counting(12), 0.01);
    for (let i = 0; i < 3000; i++) expectClose(result.clv[i]!, expected[i]!, 1e-12);
  });

  it('one step with no discounting is margin × spend × E[X(horizon)]', () => {
    const result = predictClv(
      monthly(FIVE, { horizon: 39, horizonUnit: 'week', discountRate: 0, discountUnit: 'year' }),
    );
    expect(result.stepEnds.length).toBe(1);
    const purchases = conditionalExpectedPurchases(CDNOW_BG_NBD, FIVE, 39);
    const spend = conditionalExpectedSpend(CDNOW_GAMMA_GAMMA, FIVE);
    for (let i = 0; i < 5; i++) expectClose(result.clv[i]!, spend[i]! * purchases[i]!, 1e-13);
  });

  it('one step of a year at 10 %: the margin of the year is discounted from its end', () => {
    const result = predictClv(
      monthly(FIVE, { horizon: 1, horizonUnit: 'year', discountRate: 0.1, discountUnit: 'year' }),
    );
    expect(Array.from(result.discountFactors)).toEqual([1 / 1.1]);
    const undiscounted = predictClv(
      monthly(FIVE, { horizon: 1, horizonUnit: 'year', discountRate: 0, discountUnit: 'year' }),
    );
    for (let i = 0; i < 5; i++) expectClose(result.clv[i]!, undiscounted.clv[i]! / 1.1, 1e-14);
  });
});

describe('predictClv: units', () => {
  const base = predictClv(monthly(FIVE));

  it('a year, 12 months and 52.18 weeks are the same horizon', () => {
    const inYears = predictClv(monthly(FIVE, { horizon: 1, horizonUnit: 'year' }));
    const inWeeks = predictClv(
      monthly(FIVE, { horizon: convertDuration(12, 'month', 'week'), horizonUnit: 'week' }),
    );
    expect(inYears.stepEnds.length).toBe(12);
    expect(inWeeks.stepEnds.length).toBe(12);
    for (let i = 0; i < 5; i++) {
      expectClose(inYears.clv[i]!, base.clv[i]!, 1e-14);
      expectClose(inWeeks.clv[i]!, base.clv[i]!, 1e-14);
    }
  });

  it('an annual rate with discountUnit year converts to (1 + d)^(1/12) − 1 a month', () => {
    const annual = 1.01 ** 12 - 1;
    const result = predictClv(
      monthly(FIVE, { discountRate: annual, discountUnit: 'year', steps: 12 }),
    );
    for (let k = 0; k < 12; k++) expectClose(result.discountFactors[k]!, 1.01 ** -(k + 1), 1e-14);
    for (let i = 0; i < 5; i++) expectClose(result.clv[i]!, base.clv[i]!, 1e-13);
    // Without steps, an annual rate means one yearly step.
    expect(
      predictClv(monthly(FIVE, { discountRate: annual, discountUnit: 'year' })).stepEnds.length,
    ).toBe(1);
  });

  it('a summary in days gives the same values as the same summary in weeks', () => {
    const inDays = summaryFromColumns({
      ids: FIVE.ids,
      frequency: FIVE.frequency,
      recency: Array.from(FIVE.recency, (t) => t * 7),
      T: Array.from(FIVE.T, (t) => t * 7),
      monetaryValue: FIVE.monetaryValue,
      unit: 'day',
    });
    const result = predictClv(monthly(inDays));
    for (let i = 0; i < 5; i++) expectClose(result.clv[i]!, base.clv[i]!, 1e-12);
  });

  it("stepLength sets the step in the model's unit (lifetimes' 4.345-week month)", () => {
    const result = predictClv(monthly(FIVE, { stepLength: 4.345 }));
    const expected = bruteForce(
      FIVE,
      counting(12).map((k) => 4.345 * k),
      counting(12),
      0.01,
    );
    for (let i = 0; i < 5; i++) expectClose(result.clv[i]!, expected[i]!, 1e-12);
    expect(result.stepEnds[11]).toBeCloseTo(52.14, 12);
  });

  it('a horizon that is not a whole number of discount units is split into equal steps', () => {
    const result = predictClv(monthly(FIVE, { horizon: 1.5 }));
    expect(result.stepEnds.length).toBe(2);
    expectClose(result.stepEnds[1]!, 1.5 * MONTH_IN_WEEKS, 1e-15);
    expectClose(result.discountFactors[0]!, 1.01 ** -0.75, 1e-14);
    expectClose(result.discountFactors[1]!, 1.01 ** -1.5, 1e-14);
    const expected = bruteForce(
      FIVE,
      [0.75, 1.5].map((m) => m * MONTH_IN_WEEKS),
      [0.75, 1.5],
      0.01,
    );
    for (let i = 0; i < 5; i++) expectClose(result.clv[i]!, expected[i]!, 1e-12);
  });

  it('explicit steps split the horizon (weekly steps of a monthly rate)', () => {
    const result = predictClv(monthly(FIVE, { horizon: 3, steps: 13 }));
    expect(result.stepEnds.length).toBe(13);
    expectClose(result.discountFactors[12]!, 1.01 ** -3, 1e-14);
  });
});

describe('predictClv: properties', () => {
  const customer = fc.record({
    x: fc.integer({ min: 0, max: 40 }),
    T: fc.double({ min: 1, max: 100, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
    spend: fc.double({ min: 1, max: 500, noNaN: true }),
  });
  const summaryOf = (rows: { x: number; T: number; share: number; spend: number }[]) =>
    summaryFromColumns({
      ids: rows.map((_, i) => `c${i}`),
      frequency: rows.map((r) => r.x),
      recency: rows.map((r) => (r.x === 0 ? 0 : r.T * r.share)),
      T: rows.map((r) => r.T),
      monetaryValue: rows.map((r) => (r.x === 0 ? 0 : r.spend)),
      unit: 'week',
    });

  it('is linear in the margin', () => {
    fc.assert(
      fc.property(
        fc.array(customer, { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        (rows, c) => {
          const summary = summaryOf(rows);
          const one = predictClv(monthly(summary, { margin: 1 }));
          const scaled = predictClv(monthly(summary, { margin: c }));
          for (let i = 0; i < rows.length; i++) expectClose(scaled.clv[i]!, c * one.clv[i]!, 1e-14);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('decreases as the discount rate rises', () => {
    fc.assert(
      fc.property(
        fc.array(customer, { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 0.001, max: 0.2, noNaN: true }),
        (rows, d, extra) => {
          const summary = summaryOf(rows);
          const low = predictClv(monthly(summary, { discountRate: d }));
          const high = predictClv(monthly(summary, { discountRate: d + extra }));
          for (let i = 0; i < rows.length; i++)
            expect(high.clv[i]!).toBeLessThanOrEqual(low.clv[i]!);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('increases with the horizon', () => {
    fc.assert(
      fc.property(
        fc.array(customer, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 36 }),
        fc.integer({ min: 1, max: 24 }),
        (rows, h, more) => {
          const summary = summaryOf(rows);
          const short = predictClv(monthly(summary, { horizon: h }));
          const long = predictClv(monthly(summary, { horizon: h + more }));
          for (let i = 0; i < rows.length; i++)
            expect(long.clv[i]!).toBeGreaterThanOrEqual(short.clv[i]!);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('does not depend on row order', () => {
    const summary = manyCustomers(500);
    const base = predictClv(monthly(summary));
    const order = Array.from({ length: 500 }, (_, i) => (i * 211) % 500);
    const shuffled = summaryFromColumns({
      ids: order.map((i) => summary.ids[i]!),
      frequency: order.map((i) => summary.frequency[i]!),
      recency: order.map((i) => summary.recency[i]!),
      T: order.map((i) => summary.T[i]!),
      monetaryValue: order.map((i) => summary.monetaryValue[i]!),
      unit: 'week',
    });
    const result = predictClv(monthly(shuffled));
    order.forEach((i, j) => {
      expectClose(result.clv[j]!, base.clv[i]!, 1e-12);
    });
  });
});

describe('predictClv: margins, errors and hard cases', () => {
  it('takes one margin per customer', () => {
    const margins = [0.1, 0.2, 0.3, 0.4, 0.5];
    const result = predictClv(monthly(FIVE, { margin: margins }));
    const one = predictClv(monthly(FIVE));
    margins.forEach((m, i) => {
      expectClose(result.clv[i]!, m * one.clv[i]!, 1e-15);
    });
  });

  it('requires every unit: no implicit unit', () => {
    expectClvError(
      () => predictClv(monthly(FIVE, { horizonUnit: undefined as never })),
      'INVALID_ARGUMENT',
      'horizonUnit',
    );
    expectClvError(
      () => predictClv(monthly(FIVE, { discountUnit: undefined as never })),
      'INVALID_ARGUMENT',
      'discountUnit',
    );
    expectClvError(
      () => predictClv(monthly(FIVE, { horizonUnit: 'fortnight' as never })),
      'INVALID_ARGUMENT',
      'horizonUnit',
    );
  });

  it('rejects bad numbers and fits', () => {
    expectClvError(() => predictClv(monthly(FIVE, { horizon: 0 })), 'INVALID_ARGUMENT', 'horizon');
    expectClvError(
      () => predictClv(monthly(FIVE, { discountRate: -1 })),
      'INVALID_ARGUMENT',
      'discountRate',
    );
    expectClvError(
      () => predictClv(monthly(FIVE, { margin: Number.NaN })),
      'INVALID_ARGUMENT',
      'margin',
    );
    expectClvError(
      () => predictClv(monthly(FIVE, { margin: [1, 2] })),
      'INVALID_ARGUMENT',
      'margin',
    );
    expectClvError(() => predictClv(monthly(FIVE, { steps: 0 })), 'INVALID_ARGUMENT', 'steps');
    expectClvError(
      () => predictClv(monthly(FIVE, { stepLength: -4 })),
      'INVALID_ARGUMENT',
      'stepLength',
    );
    expectClvError(
      () => predictClv(monthly(FIVE, { purchaseFit: CDNOW_GAMMA_GAMMA as never })),
      'INVALID_ARGUMENT',
      'purchaseFit',
    );
    const heavyTailed = { ...CDNOW_GAMMA_GAMMA, params: { p: 6, q: 0.9, v: 15 } } as GammaGammaFit;
    expectClvError(
      () => predictClv(monthly(FIVE, { spendFit: heavyTailed })),
      'INVALID_ARGUMENT',
      'fit.params.q',
    );
    expectClvError(() => predictClv(null as never), 'INVALID_ARGUMENT', 'input');
  });

  it('one customer, an empty summary, and a customer with x = 300', () => {
    const one = summaryFromColumns({
      ids: ['z'],
      frequency: [2],
      recency: [30.43],
      T: [38.86],
      monetaryValue: [22.35],
      unit: 'week',
    });
    expectClose(predictClv(monthly(one)).clv[0]!, predictClv(monthly(FIVE)).clv[2]!, 1e-14);
    const empty = summaryFromColumns({ ids: [], frequency: [], recency: [], T: [], unit: 'week' });
    const none = predictClv(monthly(empty));
    expect(none.clv.length).toBe(0);
    expect(none.totalClv).toBe(0);
    const heavy = summaryFromColumns({
      ids: ['h'],
      frequency: [300],
      recency: [38],
      T: [38.5],
      monetaryValue: [50],
      unit: 'week',
    });
    const value = predictClv(monthly(heavy)).clv[0]!;
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeGreaterThan(0);
  });
});
