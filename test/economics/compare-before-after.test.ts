import { describe, expect, it } from 'vitest';
import { COMPARE_BEFORE_AFTER_DEFAULTS, compareBeforeAfter } from '../../src/economics/index.js';
import { createRandom } from '../../src/random/index.js';
import { toTransactionColumns } from '../../src/transactions/index.js';
import type { Transaction } from '../../src/transactions/types.js';
import { expectClose, expectClvError } from './helpers.js';

const at = (month: number, dayOfMonth = 1) => new Date(Date.UTC(2024, month, dayOfMonth));
const tx = (customerId: string, date: Date, amount: number): Transaction => ({
  customerId,
  date,
  amount,
});

// The TSDoc example. Before: window 2024-01-01 → 06-01, halves split at the midpoint (03-17):
// a buys in both halves, b only in the first, c only in the second → retention 1/2.
const before = [tx('a', at(0), 20), tx('a', at(4), 20), tx('b', at(1), 20), tx('c', at(5), 20)];
// After: window 07-01 → 12-01: a and b buy in both halves, c only in the first → retention 2/3.
const after = [
  tx('a', at(6), 30),
  tx('a', at(10), 30),
  tx('b', at(7), 30),
  tx('b', at(11), 30),
  tx('c', at(8), 30),
];

/** A synthetic log: `customers` customers, 1–3 purchases each, uniform over a year. */
function syntheticLog(seed: number, customers: number, meanAmount: number): Transaction[] {
  const random = createRandom(seed);
  const start = Date.UTC(2023, 0, 1);
  const span = 365 * 86_400_000;
  const rows: Transaction[] = [];
  for (let c = 0; c < customers; c++) {
    const purchases = 1 + Math.floor(random.next() * 3);
    for (let k = 0; k < purchases; k++) {
      rows.push(
        tx(
          `c${c}`,
          new Date(start + Math.floor(random.next() * span)),
          Math.round(meanAmount * (0.5 + random.next()) * 100) / 100,
        ),
      );
    }
  }
  return rows;
}

describe('compareBeforeAfter: point estimates (hand-computed)', () => {
  const result = compareBeforeAfter(before, after, { unit: 'month', resamples: 200, seed: 7 });

  it('retention = active in both halves / active in the first half', () => {
    expect(result.changes.retention.before).toBe(0.5);
    expectClose(result.changes.retention.after, 2 / 3, 1e-15);
    expectClose(result.changes.retention.change, 1 / 6, 1e-14);
  });

  it('AOV 20 → 30 (+50 %), counts and revenue', () => {
    expect(result.changes.averageOrderValue).toMatchObject({
      before: 20,
      after: 30,
      change: 10,
      changePercent: 50,
    });
    expect(result.before).toMatchObject({ customers: 3, orders: 4, revenue: 80 });
    expect(result.after).toMatchObject({ customers: 3, orders: 5, revenue: 150 });
  });

  it('frequency = orders / customers / window months; CLV = revenue per customer per half / churn', () => {
    // Before window: 152 days = 152 / 30.4375 months.
    const beforeMonths = 152 / (365.25 / 12);
    expectClose(result.before.windowLength, beforeMonths, 1e-15);
    expectClose(result.changes.purchaseFrequency.before, 4 / 3 / beforeMonths, 1e-15);
    expectClose(result.before.lifetime, beforeMonths / 2 / 0.5, 1e-15);
    expectClose(result.changes.clv.before, 80 / 3 / 2 / 0.5, 1e-14);
    expectClose(result.changes.clv.after, 150 / 3 / 2 / (1 / 3), 1e-14);
  });

  it('intervals of a constant measure collapse on it', () => {
    expect(result.changes.averageOrderValue.beforeInterval).toEqual({
      lower: 20,
      upper: 20,
      resamplesUsed: 200,
    });
    expect(result.changes.averageOrderValue.changeInterval).toMatchObject({ lower: 10, upper: 10 });
  });

  it('reports its settings', () => {
    expect(result).toMatchObject({
      unit: 'month',
      period: 1,
      resamples: 200,
      seed: 7,
      confidenceLevel: 0.95,
      resampling: 'independent',
    });
    expect(COMPARE_BEFORE_AFTER_DEFAULTS).toMatchObject({
      resamples: 1000,
      confidenceLevel: 0.95,
      resampling: 'independent',
    });
  });

  it('CLV does not depend on the period; frequency scales with it', () => {
    const quarterly = compareBeforeAfter(before, after, {
      unit: 'month',
      period: 3,
      resamples: 10,
    });
    expectClose(quarterly.changes.clv.before, result.changes.clv.before, 1e-14);
    expectClose(
      quarterly.changes.purchaseFrequency.before,
      3 * result.changes.purchaseFrequency.before,
      1e-14,
    );
  });
});

describe('compareBeforeAfter: bootstrap', () => {
  const logBefore = syntheticLog(1, 300, 40);
  const logAfter = syntheticLog(2, 300, 50);
  const options = { unit: 'month', resamples: 300, seed: 'test' } as const;

  it('is deterministic for a seed and changes with the seed', () => {
    const first = compareBeforeAfter(logBefore, logAfter, options);
    const again = compareBeforeAfter(logBefore, logAfter, options);
    expect(again).toEqual(first);
    const other = compareBeforeAfter(logBefore, logAfter, { ...options, seed: 'other' });
    expect(other.changes.clv.changeInterval).not.toEqual(first.changes.clv.changeInterval);
    expect(other.changes.clv.change).toBe(first.changes.clv.change);
  });

  it('does not depend on row order or on the log form (objects or columns)', () => {
    const expected = compareBeforeAfter(logBefore, logAfter, options);
    const reversed = compareBeforeAfter([...logBefore].reverse(), [...logAfter].reverse(), options);
    expect(reversed).toEqual(expected);
    const columns = compareBeforeAfter(
      toTransactionColumns(logBefore),
      toTransactionColumns(logAfter),
      options,
    );
    expect(columns).toEqual(expected);
  });

  it('intervals bracket the point estimates and are ordered', () => {
    const result = compareBeforeAfter(logBefore, logAfter, options);
    for (const measure of ['retention', 'averageOrderValue', 'purchaseFrequency', 'clv'] as const) {
      const m = result.changes[measure];
      for (const [interval, point] of [
        [m.beforeInterval, m.before],
        [m.afterInterval, m.after],
        [m.changeInterval, m.change],
      ] as const) {
        expect(interval.lower).toBeLessThanOrEqual(point);
        expect(interval.upper).toBeGreaterThanOrEqual(point);
        expect(interval.resamplesUsed).toBe(300);
      }
    }
    // Amounts were drawn around 40 and 50: the AOV change interval excludes 0.
    expect(result.changes.averageOrderValue.changeInterval.lower).toBeGreaterThan(0);
  });

  it('a higher confidence level gives a wider interval', () => {
    const narrow = compareBeforeAfter(logBefore, logAfter, { ...options, confidenceLevel: 0.5 });
    const wide = compareBeforeAfter(logBefore, logAfter, { ...options, confidenceLevel: 0.99 });
    const width = (r: typeof narrow) =>
      r.changes.clv.changeInterval.upper - r.changes.clv.changeInterval.lower;
    expect(width(wide)).toBeGreaterThan(width(narrow));
  });

  it('paired resampling of the same customers gives a zero-width change interval for identical logs', () => {
    const result = compareBeforeAfter(logBefore, logBefore, { ...options, resampling: 'paired' });
    expect(result.changes.averageOrderValue.changeInterval).toMatchObject({ lower: 0, upper: 0 });
    expect(result.changes.clv.changeInterval).toMatchObject({ lower: 0, upper: 0 });
    const independent = compareBeforeAfter(logBefore, logBefore, options);
    expect(independent.changes.clv.changeInterval.upper).toBeGreaterThan(0);
  });

  it('CLV equals revenue per customer per half-window / (1 − retention) × margin', () => {
    let checked = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const log = syntheticLog(seed, 20, 30);
      const margin = 0.1 + (seed % 10) / 10;
      const result = compareBeforeAfter(log, log, { unit: 'week', margin, resamples: 1 });
      const m = result.before;
      expectClose(m.clv, (m.revenue / m.customers / 2 / (1 - m.retention)) * margin, 1e-12);
      expectClose(result.changes.clv.before, m.clv, 0);
      checked++;
    }
    expect(checked).toBe(30);
  });
});

describe('compareBeforeAfter: errors name the argument or option', () => {
  const options = { unit: 'month' } as const;

  it('options', () => {
    expectClvError(
      () => compareBeforeAfter(before, after, { ...options, resamples: 0 }),
      'INVALID_OPTION',
      'resamples',
    );
    expectClvError(
      () => compareBeforeAfter(before, after, { ...options, resamples: 2.5 }),
      'INVALID_OPTION',
      'resamples',
    );
    expectClvError(
      () => compareBeforeAfter(before, after, { ...options, confidenceLevel: 1 }),
      'INVALID_OPTION',
      'confidenceLevel',
    );
    expectClvError(
      () => compareBeforeAfter(before, after, { ...options, seed: 1.5 }),
      'INVALID_OPTION',
      'seed',
    );
    expectClvError(
      () => compareBeforeAfter(before, after, { ...options, resampling: 'blocked' as 'paired' }),
      'INVALID_OPTION',
      'resampling',
    );
    expectClvError(
      () => compareBeforeAfter(before, after, { ...options, margin: 2 }),
      'INVALID_OPTION',
      'margin',
    );
    expectClvError(() => compareBeforeAfter(before, after, {} as never), 'INVALID_OPTION', 'unit');
    expectClvError(
      () =>
        compareBeforeAfter(before, after, {
          ...options,
          beforeWindow: { start: at(5), end: at(1) },
        }),
      'INVALID_OPTION',
      'beforeWindow.end',
    );
  });

  it('data that cannot give the measures', () => {
    expectClvError(() => compareBeforeAfter([], after, options), 'EMPTY_INPUT', 'before');
    expectClvError(
      () => compareBeforeAfter(before, [tx('a', at(1), 5)], options),
      'INVALID_ARGUMENT',
      'after',
    );
    // Everybody of the first half came back: retention 1, CLV unbounded.
    expectClvError(
      () => compareBeforeAfter(before, [tx('a', at(1), 5), tx('a', at(3), 5)], options),
      'INVALID_ARGUMENT',
      'after',
    );
    expectClvError(
      () => compareBeforeAfter(before, [tx('a', at(1), -5), tx('a', at(3), 5)], options),
      'NEGATIVE_AMOUNT',
      'amount',
    );
    // Nobody in the first half of a stated window.
    expectClvError(
      () =>
        compareBeforeAfter(before, after, {
          ...options,
          afterWindow: { start: at(0), end: at(11) },
        }),
      'EMPTY_INPUT',
      'after',
    );
  });
});
