import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvError } from '../../src/errors/index.js';
import {
  SIMULATE_TRANSACTIONS_DEFAULTS,
  type SimulatedTransactionColumns,
  type SimulateTransactionsOptions,
  simulateTransactionColumns,
  simulateTransactions,
} from '../../src/simulate/index.js';
import { MS_PER_DAY, millisecondsPerUnit, TIME_UNITS } from '../../src/time/index.js';
import { expectedRepeatPurchases, expectedRepeatPurchasesUniform } from './expected.js';

const START = new Date('2024-01-01T00:00:00Z');
const BENCH_BG_NBD = { r: 0.9, alpha: 30, a: 0.8, b: 2.5 } as const;
const BENCH_GAMMA_GAMMA = { p: 6, q: 4, v: 15 } as const;
/** The benchmark's options with fewer customers. */
const bench = (customers: number, extra: Partial<SimulateTransactionsOptions> = {}) =>
  ({
    customers,
    start: START,
    horizon: 730,
    unit: 'day',
    bgNbd: BENCH_BG_NBD,
    gammaGamma: BENCH_GAMMA_GAMMA,
    seed: 'test',
    ...extra,
  }) satisfies SimulateTransactionsOptions;

function thrown(action: () => unknown): ClvError {
  try {
    action();
  } catch (error) {
    if (error instanceof ClvError) return error;
    throw error;
  }
  throw new Error('expected a ClvError');
}

/** Transactions per customer, from the columns. */
function countsPerCustomer(log: SimulatedTransactionColumns): Int32Array {
  const counts = new Int32Array(log.customers.ids.length);
  for (const index of log.customerIndex) counts[index]!++;
  return counts;
}

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / expected;

/**
 * The first broken invariant of a log in customer order, or null: dates in [start, end], cents
 * amounts ≥ 0.01, customers in index order each starting at their first purchase, dates
 * increasing within a customer, dropout only after a repeat purchase and at the last one.
 * (One expect per property run: expect() per transaction would dominate the test time.)
 */
function firstViolation(
  log: SimulatedTransactionColumns,
  end: number,
  o: { customers: number; acquisition: string; roundTo: 'day' | undefined },
): string | null {
  const startMs = START.getTime();
  const { firstPurchase, dropoutTime, dropout, lambda } = log.customers;
  let previousCustomer = -1;
  let previousTime = 0;
  let purchases = 0;
  for (let k = 0; k < log.time.length; k++) {
    const customer = log.customerIndex[k]!;
    const time = log.time[k]!;
    const amount = log.amount[k]!;
    if (!(time >= startMs && time <= end)) return `row ${k}: date ${time} outside [start, end]`;
    if (!(amount >= 0.01) || Math.round(amount * 100) / 100 !== amount)
      return `row ${k}: amount ${amount} is not whole cents ≥ 0.01`;
    if (o.roundTo === 'day' && (time - startMs) % MS_PER_DAY !== 0)
      return `row ${k}: ${time} is not a whole day after start`;
    if (customer !== previousCustomer) {
      if (customer !== previousCustomer + 1) return `row ${k}: customer ${customer} out of order`;
      if (time !== firstPurchase[customer]) return `row ${k}: first purchase mismatch`;
      if (o.acquisition === 'all-at-start' && time !== startMs) return `row ${k}: not at start`;
      purchases = 0;
    } else if (time < previousTime) return `row ${k}: date before the previous purchase`;
    purchases++;
    const isLast = k + 1 === log.time.length || log.customerIndex[k + 1] !== customer;
    if (isLast && dropoutTime[customer] !== Number.POSITIVE_INFINITY) {
      if (dropoutTime[customer] !== time)
        return `customer ${customer}: dropout is not the last date`;
      if (purchases < 2) return `customer ${customer}: dropped out at the first purchase`;
    }
    previousCustomer = customer;
    previousTime = time;
  }
  if (previousCustomer !== o.customers - 1) return `only ${previousCustomer + 1} customers`;
  for (let i = 0; i < o.customers; i++) {
    if (!(dropout[i]! >= 0 && dropout[i]! <= 1)) return `customer ${i}: p = ${dropout[i]}`;
    if (!(lambda[i]! >= 0)) return `customer ${i}: λ = ${lambda[i]}`;
  }
  return null;
}

// Shared large runs (50k customers each, ~0.1 s): the statistical tests below read them.
const allAtStart = simulateTransactionColumns(bench(50_000, { acquisition: 'all-at-start' }));
const uniform = simulateTransactionColumns(bench(50_000));

describe('simulateTransactions: a small exact case', () => {
  const result = simulateTransactions({
    customers: 3,
    start: START,
    horizon: 10,
    unit: 'week',
    bgNbd: { r: 2, alpha: 1, a: 1, b: 4 },
    seed: 1,
    orderIds: true,
  });

  it('gives every customer an id, a first purchase and fixed amounts of 1', () => {
    expect(result.customers.ids).toEqual(['c0', 'c1', 'c2']);
    const first = result.transactions.filter((t) => t.orderId?.endsWith('-0'));
    expect(first.map((t) => t.customerId)).toEqual(['c0', 'c1', 'c2']);
    expect(first.map((t) => t.date.getTime())).toEqual([...result.customers.firstPurchase]);
    expect(result.transactions.every((t) => t.amount === 1)).toBe(true);
    expect([...result.customers.meanSpend].every(Number.isNaN)).toBe(true);
  });

  it('numbers each customer’s orders 0, 1, 2, … in time order', () => {
    for (const id of result.customers.ids) {
      const own = result.transactions.filter((t) => t.customerId === id);
      expect(own.map((t) => t.orderId)).toEqual(own.map((_, k) => `${id}-${k}`));
      const times = own.map((t) => t.date.getTime());
      expect(times).toEqual([...times].sort((x, y) => x - y));
    }
  });

  it('echoes the resolved options, defaults applied, frozen', () => {
    expect(result.options).toMatchObject({
      customers: 3,
      horizon: 10,
      unit: 'week',
      amount: 1,
      gammaGamma: undefined,
      acquisition: { window: 10 },
      idPrefix: SIMULATE_TRANSACTIONS_DEFAULTS.idPrefix,
      order: 'customer',
      orderIds: true,
      roundTo: undefined,
    });
    expect(Object.isFrozen(result.options)).toBe(true);
    expect(Object.isFrozen(result)).toBe(true);
  });
});

describe('simulateTransactions: golden log', () => {
  // Identical on Node 20.20, Bun 1.4.5 and Deno 2.9.6 (checked by running the same bundle on each).
  // A change here changes every seeded log: treat it as a breaking change.
  it('simulates this exact log for 5 customers, seed "golden"', () => {
    const log = simulateTransactionColumns(bench(5, { seed: 'golden' }));
    expect([...countsPerCustomer(log)]).toEqual([6, 37, 6, 20, 4]);
    expect(new Date(log.time[0]!).toISOString()).toBe('2024-06-05T19:35:59.137Z');
    expect(new Date(log.time[72]!).toISOString()).toBe('2025-06-23T01:41:25.021Z');
    expect([...log.amount.subarray(0, 6)]).toEqual([19.09, 11.24, 26.2, 13.2, 30.58, 11.18]);
    expect([...log.customers.lambda]).toEqual([
      0.02542064758982381, 0.07646562688575213, 0.07061682352407399, 0.046522544513412284,
      0.027135107355073754,
    ]);
    expect([...log.customers.dropoutTime]).toEqual([
      1737123129176,
      Number.POSITIVE_INFINITY,
      1720810767698,
      Number.POSITIVE_INFINITY,
      1750642885021,
    ]);
  });
});

describe('simulateTransactions: determinism', () => {
  it('repeats the log for the same seed and changes it for another', () => {
    const a = simulateTransactions(bench(200));
    const b = simulateTransactions(bench(200));
    expect(b.transactions).toEqual(a.transactions);
    expect(b.customers).toEqual(a.customers);
    const c = simulateTransactions(bench(200, { seed: 'other' }));
    expect(c.transactions).not.toEqual(a.transactions);
  });

  it('reproduces the log from its echoed options, and does not keep the caller’s Date', () => {
    const start = new Date(START);
    const first = simulateTransactions(bench(100, { start }));
    start.setUTCFullYear(1999);
    expect(first.options.start.getTime()).toBe(START.getTime());
    const again = simulateTransactions(first.options);
    expect(again.transactions).toEqual(first.transactions);
  });

  it('gives the first k customers the same purchases whatever the number of customers', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 20 }), (seed, k) => {
        const small = simulateTransactionColumns(bench(k, { seed }));
        const large = simulateTransactionColumns(bench(k + 30, { seed }));
        const n = small.time.length;
        expect(large.time.subarray(0, n)).toEqual(small.time);
        expect(large.amount.subarray(0, n)).toEqual(small.amount);
        expect(large.customerIndex[n]).toBe(k);
      }),
      { numRuns: 30 },
    );
  });

  it('gives the same transactions as columns and as objects', () => {
    const objects = simulateTransactions(bench(300, { order: 'time' }));
    const columns = simulateTransactionColumns(bench(300, { order: 'time' }));
    expect(objects.transactions.map((t) => t.date.getTime())).toEqual([...columns.time]);
    expect(objects.transactions.map((t) => t.amount)).toEqual([...columns.amount]);
    expect(objects.transactions.map((t) => t.customerId)).toEqual(
      [...columns.customerIndex].map((i) => columns.customers.ids[i]),
    );
  });
});

describe('simulateTransactions: invariants (fast-check)', () => {
  it('keeps dates in [start, start + horizon], one first purchase each, dropout at the last purchase', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.oneof(fc.integer(), fc.string()),
          customers: fc.integer({ min: 1, max: 40 }),
          horizon: fc.double({ min: 0.01, max: 500, noNaN: true }),
          unit: fc.constantFrom(...TIME_UNITS),
          r: fc.double({ min: 0.05, max: 5, noNaN: true }),
          alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
          a: fc.double({ min: 0.05, max: 5, noNaN: true }),
          b: fc.double({ min: 0.05, max: 5, noNaN: true }),
          acquisition: fc.constantFrom('uniform', 'all-at-start') as fc.Arbitrary<
            'uniform' | 'all-at-start'
          >,
          roundTo: fc.constantFrom(undefined, 'day' as const),
        }),
        (o) => {
          const log = simulateTransactionColumns({
            customers: o.customers,
            start: START,
            horizon: o.horizon,
            unit: o.unit,
            bgNbd: { r: o.r, alpha: o.alpha, a: o.a, b: o.b },
            gammaGamma: BENCH_GAMMA_GAMMA,
            seed: o.seed,
            acquisition: o.acquisition,
            roundTo: o.roundTo,
          });
          const end = START.getTime() + o.horizon * millisecondsPerUnit(o.unit);
          expect(firstViolation(log, end, o)).toBeNull();
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('simulateTransactions: the BG/NBD process', () => {
  // Reference values: Fader, Hardie & Lee (2005) eq. 9 with 2F1 from mpmath 1.3.0 (30 digits):
  // E[X(730)] = 6.192387505092066; averaged over uniform acquisition on [0, 730]: 4.001056525119932,
  // on [0, 365]: 5.332552376007351. The numerical integral in expected.ts reproduces them.
  it('computes the closed-form reference values by numerical integration', () => {
    expect(relative(expectedRepeatPurchases(730, BENCH_BG_NBD), 6.192387505092066)).toBeLessThan(
      1e-7,
    );
    expect(
      relative(expectedRepeatPurchasesUniform(730, 730, BENCH_BG_NBD), 4.001056525119932),
    ).toBeLessThan(1e-4);
    expect(
      relative(expectedRepeatPurchasesUniform(730, 365, BENCH_BG_NBD), 5.332552376007351),
    ).toBeLessThan(1e-4);
  });

  // Over 50k customers the standard deviation of repeat purchases is 9.8 (all at start) and 6.5
  // (uniform), so the standard error of the mean is 0.7% of it; the tolerance 3% is ≥ 4 se.
  it('matches E[X(t)] for a cohort acquired at start (3%)', () => {
    const counts = countsPerCustomer(allAtStart);
    const meanRepeats = allAtStart.time.length / counts.length - 1;
    expect(relative(meanRepeats, expectedRepeatPurchases(730, BENCH_BG_NBD))).toBeLessThan(0.03);
  });

  it('matches E[X(t)] averaged over uniform acquisition, the default (3%)', () => {
    const meanRepeats = uniform.time.length / uniform.customers.ids.length - 1;
    expect(
      relative(meanRepeats, expectedRepeatPurchasesUniform(730, 730, BENCH_BG_NBD)),
    ).toBeLessThan(0.03);
    // The benchmark's size: 5.00 transactions per customer, so 1M customers give about 5.0M.
    expect(meanRepeats + 1).toBeGreaterThan(4.85);
    expect(meanRepeats + 1).toBeLessThan(5.15);
  });

  it('matches E[X(t)] averaged over a one-year acquisition window (3%)', () => {
    const log = simulateTransactionColumns(bench(30_000, { acquisition: { window: 365 } }));
    const meanRepeats = log.time.length / log.customers.ids.length - 1;
    // 30k customers: se 0.9%; tolerance 4%.
    expect(
      relative(meanRepeats, expectedRepeatPurchasesUniform(730, 365, BENCH_BG_NBD)),
    ).toBeLessThan(0.04);
  });

  it('never drops a customer out at the first purchase: P(X(t) = 0) = (α/(α+t))^r', () => {
    // With a dropout chance at the first purchase too, P(X = 0) would be 0.285 instead of 0.0545.
    const counts = countsPerCustomer(allAtStart);
    const noRepeat = counts.filter((c) => c === 1).length / counts.length;
    const expected = (30 / (30 + 730)) ** 0.9;
    // Binomial se with 50k customers: 0.001 (1.9% of 0.0545); tolerance 8%.
    expect(relative(noRepeat, expected)).toBeLessThan(0.08);
  });

  it('draws λ ~ Gamma(r, α) and p ~ Beta(a, b) per customer (means within 2%)', () => {
    const { lambda, dropout } = uniform.customers;
    const mean = (values: Float64Array) => values.reduce((s, x) => s + x, 0) / values.length;
    // se: λ 0.47% of r/α = 0.03; p 0.78% of a/(a+b).
    expect(relative(mean(lambda), 0.9 / 30)).toBeLessThan(0.02);
    expect(relative(mean(dropout), 0.8 / 3.3)).toBeLessThan(0.04);
  });

  it('marks a customer alive at the end with dropoutTime Infinity, as often as expected', () => {
    // P(alive at end) is not in closed form; check the share is strictly between 0 and 1 and that
    // every alive customer's purchases ran to the end (no dropout time inside the window).
    const { dropoutTime } = allAtStart.customers;
    const alive = dropoutTime.filter((t) => t === Number.POSITIVE_INFINITY).length;
    expect(alive).toBeGreaterThan(0);
    expect(alive).toBeLessThan(dropoutTime.length);
    expect(dropoutTime.every((t) => t === Number.POSITIVE_INFINITY || t > START.getTime())).toBe(
      true,
    );
  });
});

describe('simulateTransactions: Gamma-Gamma spend', () => {
  // Mean amount p·v/(q − 1) = 6·15/3 = 30; the per-customer mean p/ν has sd 21.2, so the mean over
  // 50k customers has se 0.095 (0.3%) and the transaction-weighted mean about 0.5%; tolerance 3%.
  it('gives a mean amount of p·v/(q − 1) = 30 over transactions and customers', () => {
    const totalAmount = uniform.amount.reduce((s, x) => s + x, 0);
    expect(relative(totalAmount / uniform.amount.length, 30)).toBeLessThan(0.03);
    const meanSpend = uniform.customers.meanSpend;
    expect(relative(meanSpend.reduce((s, x) => s + x, 0) / meanSpend.length, 30)).toBeLessThan(
      0.03,
    );
  });

  it('draws amounts around each customer’s own mean p/ν (ratio of totals within 1%)', () => {
    // Σ amounts / Σ (meanSpend per transaction) tests the rate parameterisation: with ν as a
    // scale the ratio would be far from 1.
    let expectedTotal = 0;
    for (const index of uniform.customerIndex) expectedTotal += uniform.customers.meanSpend[index]!;
    const totalAmount = uniform.amount.reduce((s, x) => s + x, 0);
    expect(Math.abs(totalAmount / expectedTotal - 1)).toBeLessThan(0.01);
  });

  it('uses the fixed amount without gammaGamma', () => {
    const log = simulateTransactionColumns(bench(50, { gammaGamma: undefined, amount: 9.99 }));
    expect(log.amount.every((x) => x === 9.99)).toBe(true);
  });
});

describe('simulateTransactions: options', () => {
  it('sorts by date with order "time", ties by customer, keeping the same transactions', () => {
    const byCustomer = simulateTransactionColumns(bench(500, { acquisition: 'all-at-start' }));
    const byTime = simulateTransactionColumns(
      bench(500, { acquisition: 'all-at-start', order: 'time' }),
    );
    for (let k = 1; k < byTime.time.length; k++) {
      expect(byTime.time[k]).toBeGreaterThanOrEqual(byTime.time[k - 1]!);
      if (byTime.time[k] === byTime.time[k - 1]) {
        expect(byTime.customerIndex[k]).toBeGreaterThanOrEqual(byTime.customerIndex[k - 1]!);
      }
    }
    // All 500 first purchases are at start: the first 500 rows are customers 0..499.
    expect([...byTime.customerIndex.subarray(0, 500)]).toEqual([...Array(500).keys()]);
    const rows = (log: SimulatedTransactionColumns) =>
      [...log.time].map((time, k) => `${time}|${log.customerIndex[k]}|${log.amount[k]}`).sort();
    expect(rows(byTime)).toEqual(rows(byCustomer));
  });

  it('numbers order ids within a customer in time order', () => {
    const { transactions } = simulateTransactions(bench(100, { order: 'time', orderIds: true }));
    const seen = new Map<string, number>();
    for (const t of transactions) {
      const k = seen.get(t.customerId) ?? 0;
      expect(t.orderId).toBe(`${t.customerId}-${k}`);
      seen.set(t.customerId, k + 1);
    }
  });

  it('rounds dates to whole days after start with roundTo "day"', () => {
    const exact = simulateTransactionColumns(bench(200));
    const rounded = simulateTransactionColumns(bench(200, { roundTo: 'day' }));
    expect(rounded.time.length).toBe(exact.time.length);
    for (let k = 0; k < exact.time.length; k++) {
      const days = Math.floor((exact.time[k]! - START.getTime()) / MS_PER_DAY);
      expect(rounded.time[k]).toBe(START.getTime() + days * MS_PER_DAY);
    }
  });

  it('pads ids to a common width after the prefix, even "__proto__"', () => {
    const { customers } = simulateTransactionColumns(bench(101, { idPrefix: '__proto__' }));
    expect(customers.ids[0]).toBe('__proto__000');
    expect(customers.ids[100]).toBe('__proto__100');
    expect(new Set(customers.ids).size).toBe(101);
  });

  it('handles a customer with hundreds of purchases (λ large, p small)', () => {
    const log = simulateTransactionColumns({
      customers: 2,
      start: START,
      horizon: 1,
      unit: 'year',
      bgNbd: { r: 100, alpha: 0.1, a: 0.01, b: 100 },
      seed: 3,
      acquisition: 'all-at-start',
    });
    const counts = countsPerCustomer(log);
    expect(Math.min(...counts)).toBeGreaterThan(200);
  });

  it('never produces NaN dates when λ underflows (tiny r)', () => {
    const log = simulateTransactionColumns(
      bench(2000, { bgNbd: { r: 1e-3, alpha: 1, a: 1, b: 1 } }),
    );
    expect(log.time.every(Number.isFinite)).toBe(true);
    expect(log.time.length).toBeGreaterThanOrEqual(2000);
  });
});

describe('simulateTransactions: option validation', () => {
  const base = bench(10);
  it.each([
    ['customers', { customers: 0 }],
    ['customers', { customers: 1.5 }],
    ['customers', { customers: Number.NaN }],
    ['customers', { customers: '10' }],
    ['customers', { customers: 2 ** 31 }],
    ['start', { start: new Date('nope') }],
    ['start', { start: '2024-01-01' }],
    ['horizon', { horizon: 0 }],
    ['horizon', { horizon: -1 }],
    ['horizon', { horizon: Number.POSITIVE_INFINITY }],
    ['horizon', { horizon: 1e9, unit: 'year' }],
    ['unit', { unit: 'days' }],
    ['bgNbd', { bgNbd: undefined }],
    ['bgNbd.r', { bgNbd: { ...BENCH_BG_NBD, r: 0 } }],
    ['bgNbd.alpha', { bgNbd: { ...BENCH_BG_NBD, alpha: Number.NaN } }],
    ['bgNbd.a', { bgNbd: { ...BENCH_BG_NBD, a: -1 } }],
    ['bgNbd.b', { bgNbd: { ...BENCH_BG_NBD, b: Number.POSITIVE_INFINITY } }],
    ['bgNbd.beta', { bgNbd: { ...BENCH_BG_NBD, beta: 1 } }],
    ['gammaGamma.q', { gammaGamma: { ...BENCH_GAMMA_GAMMA, q: 0 } }],
    ['gammaGamma.v', { gammaGamma: { p: 6, q: 4 } }],
    ['amount', { amount: 5 }],
    ['amount', { gammaGamma: undefined, amount: 0 }],
    ['seed', { seed: 1.5 }],
    ['seed', { seed: undefined }],
    ['acquisition', { acquisition: 'steady' }],
    ['acquisition.window', { acquisition: { window: 731 } }],
    ['acquisition.window', { acquisition: { window: -1 } }],
    ['acquisition.days', { acquisition: { days: 10 } }],
    ['idPrefix', { idPrefix: 5 }],
    ['orderIds', { orderIds: 'yes' }],
    ['roundTo', { roundTo: 'hour' }],
    ['order', { order: 'random' }],
    ['gammagamma', { gammagamma: BENCH_GAMMA_GAMMA }],
  ])('rejects %s in %j with INVALID_OPTION naming it', (field, patch) => {
    const error = thrown(() =>
      simulateTransactions({ ...base, ...patch } as SimulateTransactionsOptions),
    );
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.field).toBe(field);
  });

  it('rejects a non-object options argument', () => {
    expect(thrown(() => simulateTransactions(null as never)).field).toBe('options');
  });

  it('rejects orderIds for columns, which carry none', () => {
    expect(thrown(() => simulateTransactionColumns({ ...base, orderIds: true })).field).toBe(
      'orderIds',
    );
  });
});

describe('simulateTransactions: extreme Gamma-Gamma parameters', () => {
  it('refuses parameters whose spend draws are not finite instead of emitting NaN amounts', () => {
    expect(() =>
      simulateTransactions({
        customers: 50,
        start: new Date('2024-01-01T00:00:00Z'),
        horizon: 100,
        unit: 'day',
        bgNbd: { r: 1, alpha: 5, a: 1, b: 2 },
        gammaGamma: { p: 0.001, q: 0.001, v: 0.001 },
        seed: 1,
      }),
    ).toThrow(/non-finite amount/);
  });
});
