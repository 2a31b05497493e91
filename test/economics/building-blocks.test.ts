import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  averageOrderValue,
  averageOrderValueFromSummary,
  averageOrderValueFromTransactions,
  BASIC_CLV_DEFAULTS,
  basicClv,
  CUSTOMER_LIFETIME_DEFAULTS,
  customerLifetime,
  customerLifetimeFromTransactions,
  PURCHASE_FREQUENCY_DEFAULTS,
  purchaseFrequency,
  purchaseFrequencyFromSummary,
  purchaseFrequencyFromTransactions,
} from '../../src/economics/index.js';
import { summarizeTransactions, summaryFromColumns } from '../../src/summary/index.js';
import { toTransactionColumns } from '../../src/transactions/index.js';
import type { Transaction } from '../../src/transactions/types.js';
import { expectClose, expectClvError } from './helpers.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const tx = (customerId: string, iso: string, amount: number, extra: Partial<Transaction> = {}) => ({
  customerId,
  date: day(iso),
  amount,
  ...extra,
});

describe('averageOrderValue, purchaseFrequency, customerLifetime: plain numbers', () => {
  it('exact cases: 1200/40 = 30; 120/40 = 3 per period, 1.5 over 2 periods; 1/0.25 = 4', () => {
    expect(averageOrderValue({ revenue: 1200, orders: 40 })).toBe(30);
    expect(purchaseFrequency({ orders: 120, customers: 40 })).toBe(3);
    expect(purchaseFrequency({ orders: 120, customers: 40, periods: 2 })).toBe(1.5);
    expect(purchaseFrequency({ orders: 0, customers: 5 })).toBe(0);
    expect(customerLifetime({ churnRate: 0.25 })).toBe(4);
    expect(customerLifetime({ churnRate: 1 })).toBe(1);
  });

  it('errors name the argument', () => {
    expectClvError(
      () => averageOrderValue({ revenue: -1, orders: 2 }),
      'INVALID_ARGUMENT',
      'revenue',
    );
    expectClvError(
      () => averageOrderValue({ revenue: Number.NaN, orders: 2 }),
      'INVALID_ARGUMENT',
      'revenue',
    );
    expectClvError(
      () => averageOrderValue({ revenue: 10, orders: 0 }),
      'INVALID_ARGUMENT',
      'orders',
    );
    expectClvError(
      () => averageOrderValue({ revenue: 10, orders: -3 }),
      'INVALID_ARGUMENT',
      'orders',
    );
    expectClvError(
      () => purchaseFrequency({ orders: -1, customers: 2 }),
      'INVALID_ARGUMENT',
      'orders',
    );
    expectClvError(
      () => purchaseFrequency({ orders: 1, customers: -2 }),
      'INVALID_ARGUMENT',
      'customers',
    );
    expectClvError(
      () => purchaseFrequency({ orders: 1, customers: 0 }),
      'INVALID_ARGUMENT',
      'customers',
    );
    expectClvError(
      () => purchaseFrequency({ orders: 1, customers: 1, periods: 0 }),
      'INVALID_ARGUMENT',
      'periods',
    );
    expectClvError(() => customerLifetime({ churnRate: 0 }), 'INVALID_ARGUMENT', 'churnRate');
    expectClvError(() => customerLifetime({ churnRate: 1.5 }), 'INVALID_ARGUMENT', 'churnRate');
    expectClvError(() => customerLifetime({ churnRate: -0.1 }), 'INVALID_ARGUMENT', 'churnRate');
    expectClvError(
      () => customerLifetime({ churnRate: Number.NaN }),
      'INVALID_ARGUMENT',
      'churnRate',
    );
  });
});

describe('basicClv', () => {
  it('exact cases: 50 × 4 × 3 = 600; with churn 0.25 (lifetime 4) and margin 0.3: 240', () => {
    expect(basicClv({ averageOrderValue: 50, purchaseFrequency: 4, lifetime: 3 })).toBe(600);
    expect(
      basicClv({ averageOrderValue: 50, purchaseFrequency: 4, churnRate: 0.25, margin: 0.3 }),
    ).toBe(240);
    expect(BASIC_CLV_DEFAULTS.margin).toBe(1);
  });

  it('scales linearly in each factor', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (aov, frequency, lifetime, margin, k) => {
          const base = basicClv({
            averageOrderValue: aov,
            purchaseFrequency: frequency,
            lifetime,
            margin,
          });
          const tolerance = 1e-14 * Math.abs(k * base) + 1e-300;
          for (const scaled of [
            basicClv({
              averageOrderValue: k * aov,
              purchaseFrequency: frequency,
              lifetime,
              margin,
            }),
            basicClv({
              averageOrderValue: aov,
              purchaseFrequency: k * frequency,
              lifetime,
              margin,
            }),
            basicClv({
              averageOrderValue: aov,
              purchaseFrequency: frequency,
              lifetime: k * lifetime,
              margin,
            }),
          ]) {
            expect(Math.abs(scaled - k * base)).toBeLessThanOrEqual(tolerance);
          }
        },
      ),
    );
  });

  it('churnRate c is the same as lifetime 1/c', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        (aov, frequency, churnRate) => {
          expectClose(
            basicClv({ averageOrderValue: aov, purchaseFrequency: frequency, churnRate }),
            basicClv({
              averageOrderValue: aov,
              purchaseFrequency: frequency,
              lifetime: 1 / churnRate,
            }),
            1e-15,
          );
        },
      ),
    );
  });

  it('errors name the argument', () => {
    const base = { averageOrderValue: 50, purchaseFrequency: 4 };
    expectClvError(() => basicClv({ ...base }), 'INVALID_ARGUMENT', 'lifetime');
    expectClvError(
      () => basicClv({ ...base, lifetime: 2, churnRate: 0.5 }),
      'INVALID_ARGUMENT',
      'lifetime',
    );
    expectClvError(() => basicClv({ ...base, lifetime: -2 }), 'INVALID_ARGUMENT', 'lifetime');
    expectClvError(() => basicClv({ ...base, churnRate: 0 }), 'INVALID_ARGUMENT', 'churnRate');
    expectClvError(() => basicClv({ ...base, churnRate: 1.1 }), 'INVALID_ARGUMENT', 'churnRate');
    expectClvError(
      () => basicClv({ ...base, averageOrderValue: -1, lifetime: 2 }),
      'INVALID_ARGUMENT',
      'averageOrderValue',
    );
    expectClvError(
      () => basicClv({ ...base, purchaseFrequency: Number.NaN, lifetime: 2 }),
      'INVALID_ARGUMENT',
      'purchaseFrequency',
    );
    expectClvError(
      () => basicClv({ ...base, lifetime: 2, margin: 1.2 }),
      'INVALID_ARGUMENT',
      'margin',
    );
  });
});

describe('building blocks from a summary', () => {
  const log = [tx('a', '2024-01-01', 10), tx('a', '2024-02-01', 30), tx('b', '2024-03-01', 20)];
  const summary = summarizeTransactions(log, { unit: 'month', observationEnd: day('2024-04-01') });

  it('averageOrderValueFromSummary: (10 + 30 + 20) / 3 orders = 20', () => {
    expect(averageOrderValueFromSummary(summary)).toEqual({
      averageOrderValue: 20,
      revenue: 60,
      orders: 3,
      customers: 2,
    });
  });

  it('purchaseFrequencyFromSummary: window = largest T; 4 orders / 2 customers / 1 year = 2', () => {
    const columns = summaryFromColumns({
      ids: ['a', 'b'],
      unit: 'month',
      frequency: [2, 0],
      recency: [10, 0],
      T: [12, 6],
      orders: [3, 1],
      totalSpend: [90, 20],
    });
    const result = purchaseFrequencyFromSummary(columns, { period: 1, unit: 'year' });
    expect(result).toEqual({
      purchaseFrequency: 2,
      orders: 4,
      customers: 2,
      windowLength: 1,
      period: 1,
      unit: 'year',
      counted: 'orders',
    });
    // Per month: 4 / 2 / 12 months.
    expectClose(
      purchaseFrequencyFromSummary(columns, { unit: 'month' }).purchaseFrequency,
      2 / 12,
      1e-15,
    );
    // A stated window overrides the largest T: 4 / 2 / 2 years.
    expect(
      purchaseFrequencyFromSummary(columns, { unit: 'year', windowLength: 2 }).purchaseFrequency,
    ).toBe(1);
    expect(PURCHASE_FREQUENCY_DEFAULTS.period).toBe(1);
  });

  it('purchaseFrequencyFromSummary counts purchase events (frequency + 1) without an orders column', () => {
    const columns = summaryFromColumns({
      ids: ['a', 'b'],
      unit: 'week',
      frequency: [3, 1],
      recency: [5, 1],
      T: [10, 4],
    });
    const result = purchaseFrequencyFromSummary(columns, { unit: 'week', period: 5 });
    expect(result.counted).toBe('purchase-events');
    expect(result.orders).toBe(6);
    expect(result.purchaseFrequency).toBe(6 / 2 / (10 / 5));
  });

  it('errors: missing columns, empty summary, no window, missing unit', () => {
    const bare = summaryFromColumns({
      ids: ['a'],
      unit: 'day',
      frequency: [0],
      recency: [0],
      T: [0],
    });
    expectClvError(() => averageOrderValueFromSummary(bare), 'MISSING_COLUMN', 'orders');
    expectClvError(
      () => purchaseFrequencyFromSummary(bare, { unit: 'day' }),
      'INVALID_ARGUMENT',
      'summary',
    );
    const empty = summaryFromColumns({ ids: [], unit: 'day', frequency: [], recency: [], T: [] });
    expectClvError(
      () => purchaseFrequencyFromSummary(empty, { unit: 'day' }),
      'EMPTY_INPUT',
      'summary',
    );
    expectClvError(
      () => purchaseFrequencyFromSummary(summary, { unit: 'fortnight' as 'week' }),
      'INVALID_OPTION',
      'unit',
    );
    expectClvError(
      () => purchaseFrequencyFromSummary(summary, { unit: 'day', period: 0 }),
      'INVALID_OPTION',
      'period',
    );
    expectClvError(() => averageOrderValueFromSummary({} as never), 'INVALID_ARGUMENT', 'summary');
  });
});

describe('building blocks from a transaction log', () => {
  const log = [
    tx('a', '2024-01-01', 10, { orderId: 'o1' }),
    tx('a', '2024-01-01', 5, { orderId: 'o1' }), // second line of order o1
    tx('b', '2024-01-02', 15, { orderId: 'o1' }), // same order id, another customer: another order
    tx('__proto__', '2024-06-01', 30),
  ];

  it('averageOrderValueFromTransactions: 60 over 3 orders (order ids count once per customer)', () => {
    expect(averageOrderValueFromTransactions(log)).toEqual({
      averageOrderValue: 20,
      revenue: 60,
      orders: 3,
      customers: 3,
    });
  });

  it('the window excludes transactions outside it', () => {
    expect(averageOrderValueFromTransactions(log, { observationEnd: day('2024-03-01') })).toEqual({
      averageOrderValue: 15,
      revenue: 30,
      orders: 2,
      customers: 2,
    });
  });

  it('columns give the same result as transaction objects', () => {
    expect(averageOrderValueFromTransactions(toTransactionColumns(log))).toEqual(
      averageOrderValueFromTransactions(log),
    );
  });

  it('does not depend on row order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(log, { minLength: log.length }), (shuffled) => {
        expect(averageOrderValueFromTransactions(shuffled)).toEqual(
          averageOrderValueFromTransactions(log),
        );
      }),
    );
  });

  it('purchaseFrequencyFromTransactions: 3 orders / 2 customers over a 366-day year', () => {
    const result = purchaseFrequencyFromTransactions(
      [tx('a', '2024-01-01', 10), tx('a', '2024-07-01', 10), tx('b', '2024-03-01', 10)],
      {
        period: 1,
        unit: 'year',
        observationStart: day('2024-01-01'),
        observationEnd: day('2025-01-01'),
      },
    );
    expectClose(result.purchaseFrequency, 1.5 / (366 / 365.25), 1e-15);
    expect(result.purchaseFrequency).toBe(1.4969262295081966); // the TSDoc example
    expectClose(result.windowLength, 366 / 365.25, 1e-15);
    expect(result.observationStart).toEqual(day('2024-01-01'));
    expect(result.unit).toBe('year');
  });

  it('purchaseFrequencyFromTransactions defaults the window to first → last transaction', () => {
    // 2024-01-01 → 2024-01-31: 30 days; 4 orders / 2 customers / (30 / 7 weeks) per week.
    const result = purchaseFrequencyFromTransactions(
      [
        tx('a', '2024-01-01', 1),
        tx('a', '2024-01-10', 1),
        tx('b', '2024-01-20', 1),
        tx('b', '2024-01-31', 1),
      ],
      { unit: 'week' },
    );
    expectClose(result.purchaseFrequency, 2 / (30 / 7), 1e-15);
    expect(result.observationEnd).toEqual(day('2024-01-31'));
  });

  it('customerLifetimeFromTransactions: retention 1/2 → lifetime 2 periods', () => {
    const result = customerLifetimeFromTransactions(
      [tx('a', '2024-01-10', 5), tx('a', '2024-02-10', 5), tx('b', '2024-01-12', 5)],
      { unit: 'month', observationEnd: day('2024-02-28') },
    );
    expect(result).toMatchObject({
      retention: 0.5,
      churnRate: 0.5,
      lifetime: 2,
      activeCustomers: 2,
      retainedCustomers: 1,
      unit: 'month',
      period: 1,
    });
  });

  it('customerLifetimeFromTransactions pools transitions', () => {
    // Weeks ending 2024-01-29 (bucket 0 = (01-22, 01-29], bucket 1 = (01-15, 01-22], bucket 2 = (01-08, 01-15]).
    const log2 = [
      tx('a', '2024-01-10', 1), // bucket 2
      tx('a', '2024-01-20', 1), // bucket 1: retained 2 → 1
      tx('b', '2024-01-12', 1), // bucket 2 only: lost
      tx('c', '2024-01-21', 1), // bucket 1
      tx('c', '2024-01-29', 1), // bucket 0: retained 1 → 0
      tx('a', '2024-01-28', 1), // bucket 0: retained 1 → 0
    ];
    // One transition: a and c both came back, no churn observed, the lifetime is unbounded.
    const error = expectClvError(
      () => customerLifetimeFromTransactions(log2, { unit: 'week' }),
      'INVALID_ARGUMENT',
      'transactions',
    );
    expect(error.message).toContain('no churn');
    // Two transitions: 1 of 2 (a of a, b), then 2 of 2 (a, c): pooled 3 / 4.
    const two = customerLifetimeFromTransactions(log2, { unit: 'week', transitions: 2 });
    expect(two).toMatchObject({
      activeCustomers: 4,
      retainedCustomers: 3,
      retention: 0.75,
      lifetime: 4,
    });
    expect(CUSTOMER_LIFETIME_DEFAULTS.transitions).toBe(1);
  });

  it('errors name the argument', () => {
    expectClvError(() => averageOrderValueFromTransactions([]), 'EMPTY_INPUT', 'transactions');
    expectClvError(
      () => averageOrderValueFromTransactions([tx('a', '2024-01-01', -5)]),
      'NEGATIVE_AMOUNT',
      'amount',
    );
    expectClvError(
      () => averageOrderValueFromTransactions([tx('', '2024-01-01', 5)]),
      'INVALID_ID',
      'customerId',
    );
    expectClvError(
      () =>
        averageOrderValueFromTransactions([
          { customerId: 'a', date: new Date(Number.NaN), amount: 1 },
        ]),
      'INVALID_DATE',
      'date',
    );
    expectClvError(
      () => averageOrderValueFromTransactions([tx('a', '2024-01-01', Number.NaN)]),
      'INVALID_AMOUNT',
      'amount',
    );
    expectClvError(
      () => averageOrderValueFromTransactions('log' as never),
      'INVALID_ARGUMENT',
      'transactions',
    );
    expectClvError(
      () => purchaseFrequencyFromTransactions([tx('a', '2024-01-01', 5)], { unit: 'day' }),
      'INVALID_ARGUMENT',
      'transactions',
    );
    expectClvError(
      () =>
        purchaseFrequencyFromTransactions([tx('a', '2024-01-01', 5)], {
          unit: 'day',
          observationStart: day('2024-02-01'),
          observationEnd: day('2024-01-01'),
        }),
      'INVALID_OPTION',
      'observationEnd',
    );
    expectClvError(
      () => purchaseFrequencyFromTransactions([tx('a', '2024-01-01', 5)], undefined as never),
      'INVALID_OPTION',
      'unit',
    );
    expectClvError(
      () => customerLifetimeFromTransactions([tx('a', '2024-01-01', 5)], { unit: 'month' }),
      'EMPTY_INPUT',
      'transactions',
    );
    expectClvError(
      () =>
        customerLifetimeFromTransactions([tx('a', '2024-01-01', 5)], {
          unit: 'month',
          transitions: 0,
        }),
      'INVALID_OPTION',
      'transitions',
    );
  });
});
