import { describe, expect, it } from 'vitest';
import {
  CHURN_DATASET_DEFAULTS,
  CHURN_FEATURES,
  type ChurnDataset,
  churnDataset,
  FEATURE_DESCRIPTIONS,
} from '../../../src/churn/dataset/index.js';
import {
  conditionalExpectedPurchases,
  probabilityAlive,
} from '../../../src/models/bg-nbd/index.js';
import type { BgNbdFit } from '../../../src/models/bg-nbd/types.js';
import { simulateTransactions } from '../../../src/simulate/index.js';
import { summarizeTransactions } from '../../../src/summary/index.js';
import { toTransactionColumns } from '../../../src/transactions/convert.js';
import type { Transaction } from '../../../src/transactions/types.js';
import { expectClose, expectClvError } from '../../helpers/assert.js';

const at = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : `${iso}Z`);
const DAY = 86_400_000;

/** The value of `feature` for customer `id` (first row of that id). */
function value(data: ChurnDataset, feature: string, id: string): number {
  const j = data.featureNames.indexOf(feature);
  if (j === -1) throw new Error(`no feature ${feature}`);
  const i = data.ids.indexOf(id);
  if (i === -1) throw new Error(`no row ${id}`);
  return data.columns[j]![i]!;
}

// The hand-computed log (see docs/churn.md for the definitions).
const handLog: Transaction[] = [
  {
    customerId: 'a',
    date: at('2024-01-01T10:00:00'),
    amount: 10,
    channel: 'web',
    market: 'FR',
    orderId: 'o1',
  },
  { customerId: 'a', date: at('2024-01-01T15:00:00'), amount: 5, channel: 'store', orderId: 'o1' },
  { customerId: 'a', date: at('2024-01-21'), amount: 20, channel: 'web', orderId: 'o2' },
  { customerId: 'a', date: at('2024-02-15'), amount: 30, orderId: 'o3', market: 'DE' },
  { customerId: 'a', date: at('2024-02-20'), amount: -10, channel: 'app' },
  { customerId: 'a', date: at('2024-03-05'), amount: 50 },
  { customerId: 'a', date: at('2024-03-05T12:00:00'), amount: 5 },
  { customerId: 'a', date: at('2024-03-11T00:00:00.001'), amount: 100 },
  { customerId: 'b', date: at('2024-02-29T12:00:00'), amount: 8 },
  { customerId: 'b', date: at('2024-03-01'), amount: 12 },
  { customerId: 'c', date: at('2024-02-01'), amount: -5 },
  { customerId: 'c', date: at('2024-03-02'), amount: 7 },
  { customerId: 'd', date: at('2024-03-03'), amount: 9 },
  { customerId: '__proto__', date: at('2024-02-01'), amount: 40 },
  { customerId: '__proto__', date: at('2024-03-04'), amount: -40 },
];
const handOptions = {
  cutoff: at('2024-03-01'),
  horizon: 10,
  unit: 'day',
  trendWindow: 25,
} as const;

describe('churnDataset: a hand-computed log', () => {
  const data = churnDataset(handLog, handOptions);

  it('rows: customers with a purchase at or before the cutoff, by id (code units)', () => {
    // c has only a refund before the cutoff, d starts after it.
    expect(data.ids).toEqual(['__proto__', 'a', 'b']);
    expect(Array.from(data.cutoff)).toEqual([1, 1, 1].map(() => at('2024-03-01').getTime()));
    expect(data.kind).toBe('churn-dataset');
    expect(data.horizon).toBe(10);
    expect(data.unit).toBe('day');
    expect(data.featureNames).toEqual([
      'recency',
      'frequency',
      'orders',
      'monetary',
      'totalSpend',
      'tenure',
      'interPurchaseMean',
      'interPurchaseStd',
      'interPurchaseCv',
      'lastGapRatio',
      'spendTrend',
      'frequencyTrend',
      'refundShare',
      'channels',
      'markets',
    ]);
    expect(Object.isFrozen(data)).toBe(true);
  });

  it('customer a: refunds, same-day purchases, order ids, channels and markets', () => {
    const f = (name: string) => value(data, name, 'a');
    expect(f('recency')).toBe(15); // last purchase 2024-02-15 (a refund is not a purchase)
    expect(f('frequency')).toBe(2); // purchase days 01-01, 01-21, 02-15
    expect(f('orders')).toBe(3); // o1 (two rows), o2, o3
    expectClose(f('monetary'), 65 / 3, 1e-15);
    expect(f('totalSpend')).toBe(55);
    expectClose(f('tenure'), 60 - 10 / 24, 1e-15);
    // Gaps between purchase days (at each day's first purchase): 19 d 14 h, then 25 d.
    const g1 = 19 + 14 / 24;
    const g2 = 25;
    expectClose(f('interPurchaseMean'), (g1 + g2) / 2, 1e-15);
    expectClose(f('interPurchaseStd'), (g2 - g1) / 2, 1e-13);
    expectClose(f('interPurchaseCv'), (g2 - g1) / (g1 + g2), 1e-13);
    expectClose(f('lastGapRatio'), 15 / ((g1 + g2) / 2), 1e-15);
    // W = 25 days: recent (02-05, 03-01] holds 30 on one day, previous (01-11, 02-05] 20 on one.
    expectClose(f('spendTrend'), (30 - 20) / 50, 1e-15);
    expect(f('frequencyTrend')).toBe(0);
    expectClose(f('refundShare'), 10 / 65, 1e-15);
    expect(f('channels')).toBe(3); // web, store, app (the refund's channel counts)
    expect(f('markets')).toBe(2);
  });

  it('customer b: a purchase exactly at the cutoff counts; no order id counts one order each', () => {
    const f = (name: string) => value(data, name, 'b');
    expect(f('recency')).toBe(0);
    expect(f('frequency')).toBe(1);
    expect(f('orders')).toBe(2);
    expect(f('monetary')).toBe(10);
    expect(f('tenure')).toBe(0.5);
    expect(f('interPurchaseMean')).toBe(0.5);
    expect(f('interPurchaseStd')).toBe(0);
    expect(f('lastGapRatio')).toBe(0);
    expect(f('spendTrend')).toBe(1);
    expect(f('frequencyTrend')).toBe(1);
    expect(f('channels')).toBe(0);
  });

  it('customer __proto__: one purchase, the gap is the open one (tenure)', () => {
    const f = (name: string) => value(data, name, '__proto__');
    expect([f('recency'), f('frequency'), f('tenure'), f('interPurchaseMean')]).toEqual([
      29, 0, 29, 29,
    ]);
    expect([f('interPurchaseStd'), f('interPurchaseCv'), f('lastGapRatio')]).toEqual([0, 0, 1]);
    // 02-01 is in the previous window (01-11, 02-05]: activity fell to nothing.
    expect([f('spendTrend'), f('frequencyTrend')]).toEqual([-1, -1]);
  });

  it('labels and the future window (cutoff, cutoff + 10 days]', () => {
    // a buys on 03-05 (twice: one purchase day, 55); the 100 at 03-11 00:00:00.001 is past the
    // window. __proto__ only refunds in the window: churned, future spend −40.
    expect(Array.from(data.labels!)).toEqual([1, 0, 1]);
    expect(Array.from(data.futurePurchases!)).toEqual([0, 1, 0]);
    expect(Array.from(data.futureSpend!)).toEqual([-40, 55, 0]);
  });

  it('objects and columns give the same data set; so does any row order', () => {
    expect(churnDataset(toTransactionColumns(handLog), handOptions)).toEqual(data);
    expect(churnDataset(handLog.slice().reverse(), handOptions)).toEqual(data);
  });

  it('a log sorted by customer id (fast path) and the same log interleaved agree', () => {
    const sorted: Transaction[] = [
      { customerId: 'a', date: at('2024-01-01'), amount: 1 },
      { customerId: 'a', date: at('2024-01-05'), amount: 2 },
      { customerId: 'b', date: at('2024-01-02'), amount: 3 },
      { customerId: 'c', date: at('2024-01-03'), amount: 4 },
      { customerId: 'c', date: at('2024-01-09'), amount: 5 },
    ];
    // 'a' comes back after 'b': the ids stop being sorted runs and hashing takes over.
    const interleaved = [sorted[0]!, sorted[2]!, sorted[1]!, sorted[3]!, sorted[4]!];
    const options = { cutoff: at('2024-01-09'), horizon: 1, unit: 'day', labels: 'none' } as const;
    const a = churnDataset(sorted, options);
    expect(a.ids).toEqual(['a', 'b', 'c']);
    expect(Array.from(a.columns[1]!)).toEqual([1, 0, 1]); // frequency
    expect(churnDataset(interleaved, options)).toEqual(a);
    expect(churnDataset([...sorted].reverse(), options)).toEqual(a);
  });

  it('every feature has a documented definition', () => {
    for (const name of data.featureNames) expect(FEATURE_DESCRIPTIONS[name]).toBeTypeOf('string');
    expect(CHURN_FEATURES.length).toBe(17);
    expect(CHURN_DATASET_DEFAULTS.labels).toBe('auto');
  });
});

describe('churnDataset: labels option and stacked cutoffs', () => {
  it("'auto' gives no labels when the window runs past the log; 'none' never; 'required' throws", () => {
    const scoring = churnDataset(handLog, { ...handOptions, horizon: 11 });
    expect(scoring.labels).toBeUndefined();
    expect(scoring.futureSpend).toBeUndefined();
    expect(scoring.futurePurchases).toBeUndefined();
    expect(churnDataset(handLog, { ...handOptions, labels: 'none' }).labels).toBeUndefined();
    const error = expectClvError(
      () => churnDataset(handLog, { ...handOptions, horizon: 11, labels: 'required' }),
      'INVALID_OPTION',
      'labels',
    );
    expect(error.message).toContain('2024-03-01T00:00:00.000Z');
    // An explicit observationEnd extends the log.
    const extended = churnDataset(handLog, {
      ...handOptions,
      horizon: 11,
      observationEnd: at('2024-03-12'),
    });
    expect(Array.from(extended.labels!)).toEqual([1, 0, 1]);
  });

  it('several cutoffs stack, ascending, each block equal to its own data set', () => {
    const cutoffs = [at('2024-03-01'), at('2024-02-10'), at('2024-02-20')];
    const stacked = churnDataset(handLog, { ...handOptions, cutoff: cutoffs });
    const blocks = [at('2024-02-10'), at('2024-02-20'), at('2024-03-01')].map((cutoff) =>
      churnDataset(handLog, { ...handOptions, cutoff }),
    );
    expect(stacked.ids).toEqual(blocks.flatMap((b) => b.ids));
    expect(Array.from(stacked.cutoff)).toEqual(blocks.flatMap((b) => Array.from(b.cutoff)));
    expect(Array.from(stacked.labels!)).toEqual(blocks.flatMap((b) => Array.from(b.labels!)));
    stacked.featureNames.forEach((name, j) => {
      expect(Array.from(stacked.columns[j]!)).toEqual(
        blocks.flatMap((b) => Array.from(b.columns[b.featureNames.indexOf(name)]!)),
      );
    });
    // At 02-10 only a (purchases) and __proto__... no: __proto__ starts 02-01, b on 02-29.
    expect(blocks[0]!.ids).toEqual(['__proto__', 'a']);
  });

  it('user columns are appended, called with the id and the cutoff', () => {
    const calls: string[] = [];
    const data = churnDataset(handLog, {
      ...handOptions,
      userColumns: [
        {
          name: 'tickets',
          value: (id, cutoff) => {
            calls.push(`${id}@${cutoff.toISOString().slice(0, 10)}`);
            return id.length;
          },
        },
      ],
    });
    expect(data.featureNames.at(-1)).toBe('tickets');
    expect(Array.from(data.columns.at(-1)!)).toEqual([9, 1, 1]);
    expect(calls).toEqual(['__proto__@2024-03-01', 'a@2024-03-01', 'b@2024-03-01']);
  });
});

describe('churnDataset: BG/NBD features agree with summarizeTransactions + the model', () => {
  const fit = {
    kind: 'bg-nbd',
    params: { r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 },
    timeUnit: 'week',
  } as BgNbdFit;
  const { transactions } = simulateTransactions({
    customers: 400,
    start: at('2023-01-02'),
    horizon: 104,
    unit: 'week',
    bgNbd: { r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 },
    gammaGamma: { p: 6, q: 4, v: 15 },
    acquisition: { window: 40 },
    seed: 11,
  });
  const cutoff = at('2024-01-01');

  it('frequency and tenure are the summary at the cutoff; pAlive and expectedPurchases match exactly', () => {
    const data = churnDataset(transactions, { cutoff, horizon: 26, unit: 'week', bgNbd: fit });
    const summary = summarizeTransactions(transactions, { unit: 'week', observationEnd: cutoff });
    expect(data.ids).toEqual(summary.ids);
    const col = (name: string) => Array.from(data.columns[data.featureNames.indexOf(name)]!);
    expect(col('frequency')).toEqual(Array.from(summary.frequency));
    expect(col('tenure')).toEqual(Array.from(summary.T));
    expect(col('pAlive')).toEqual(Array.from(probabilityAlive(fit, summary)));
    expect(col('expectedPurchases')).toEqual(
      Array.from(conditionalExpectedPurchases(fit, summary, 26)),
    );
    expect(col('orders')).toEqual(Array.from(summary.orders!));
    expect(col('totalSpend').map((x, i) => x - summary.totalSpend![i]!)).toEqual(
      col('totalSpend').map(() => 0),
    );
  });

  it("in another unit: durations are converted to the fit's unit (relative 1e-12)", () => {
    const days = churnDataset(transactions, { cutoff, horizon: 182, unit: 'day', bgNbd: fit });
    const weeks = churnDataset(transactions, { cutoff, horizon: 26, unit: 'week', bgNbd: fit });
    for (const name of ['pAlive', 'expectedPurchases']) {
      const a = days.columns[days.featureNames.indexOf(name)]!;
      const b = weeks.columns[weeks.featureNames.indexOf(name)]!;
      for (let i = 0; i < a.length; i++) expectClose(a[i]!, b[i]!, 1e-12);
    }
  });

  it('a first purchase exactly at the cutoff (T = 0) is scored as a new customer', () => {
    const log: Transaction[] = [
      { customerId: 'old', date: at('2024-01-01'), amount: 5 },
      { customerId: 'old', date: at('2024-02-01'), amount: 5 },
      { customerId: 'new', date: at('2024-03-01'), amount: 5 },
    ];
    const data = churnDataset(log, {
      cutoff: at('2024-03-01'),
      horizon: 4,
      unit: 'week',
      bgNbd: fit,
      labels: 'none',
    });
    expect(value(data, 'pAlive', 'new')).toBe(1);
    expect(value(data, 'expectedPurchases', 'new')).toBeGreaterThan(0);
    expect(value(data, 'tenure', 'new')).toBe(0);
  });
});

describe('churnDataset: bad input', () => {
  it('a cutoff after the last transaction names the cutoff', () => {
    const error = expectClvError(
      () => churnDataset(handLog, { ...handOptions, cutoff: at('2024-04-01') }),
      'INVALID_OPTION',
      'cutoff',
    );
    expect(error.message).toContain('2024-04-01T00:00:00.000Z');
    expect(error.message).toContain('last transaction');
    expectClvError(
      () =>
        churnDataset(handLog, {
          ...handOptions,
          cutoff: [at('2024-03-01'), at('2024-04-01')],
        }),
      'INVALID_OPTION',
      'cutoff',
    );
  });

  it('horizon ≤ 0, NaN or missing; a bad unit, trend window or labels value', () => {
    expectClvError(
      () => churnDataset(handLog, { ...handOptions, horizon: 0 }),
      'INVALID_OPTION',
      'horizon',
    );
    expectClvError(
      () => churnDataset(handLog, { ...handOptions, horizon: -3 }),
      'INVALID_OPTION',
      'horizon',
    );
    expectClvError(
      () => churnDataset(handLog, { ...handOptions, horizon: Number.NaN }),
      'INVALID_OPTION',
      'horizon',
    );
    expectClvError(
      () => churnDataset(handLog, { ...handOptions, unit: 'fortnight' as 'day' }),
      'INVALID_OPTION',
      'unit',
    );
    expectClvError(
      () => churnDataset(handLog, { ...handOptions, trendWindow: 0 }),
      'INVALID_OPTION',
      'trendWindow',
    );
    expectClvError(
      () => churnDataset(handLog, { ...handOptions, labels: 'yes' as 'auto' }),
      'INVALID_OPTION',
      'labels',
    );
    expectClvError(
      () => churnDataset(handLog, { ...handOptions, horizont: 3 } as never),
      'INVALID_OPTION',
      'horizont',
    );
    expectClvError(() => churnDataset(handLog, undefined as never), 'INVALID_OPTION', 'options');
  });

  it('invalid, duplicate or empty cutoffs', () => {
    expectClvError(
      () => churnDataset(handLog, { ...handOptions, cutoff: new Date(Number.NaN) }),
      'INVALID_OPTION',
      'cutoff',
    );
    expectClvError(
      () => churnDataset(handLog, { ...handOptions, cutoff: [] }),
      'INVALID_OPTION',
      'cutoff',
    );
    expectClvError(
      () => churnDataset(handLog, { ...handOptions, cutoff: [at('2024-03-01'), at('2024-03-01')] }),
      'INVALID_OPTION',
      'cutoff',
    );
  });

  it('no customer before the cutoff', () => {
    const error = expectClvError(
      () => churnDataset(handLog, { ...handOptions, cutoff: at('2023-12-01') }),
      'EMPTY_INPUT',
      'cutoff',
    );
    expect(error.message).toContain('2023-12-01');
    expectClvError(() => churnDataset([], handOptions), 'EMPTY_INPUT', 'transactions');
  });

  it('malformed transactions name the row and field', () => {
    const bad = (tx: Partial<Transaction> & Record<string, unknown>) => [
      handLog[0]!,
      { customerId: 'z', date: at('2024-01-01'), amount: 1, ...tx } as Transaction,
    ];
    expect(
      expectClvError(
        () => churnDataset(bad({ amount: Number.NaN }), handOptions),
        'INVALID_AMOUNT',
        'amount',
      ).row,
    ).toBe(2);
    expectClvError(
      () => churnDataset(bad({ date: new Date('nope') }), handOptions),
      'INVALID_DATE',
      'date',
    );
    expectClvError(
      () => churnDataset(bad({ customerId: '' }), handOptions),
      'INVALID_ID',
      'customerId',
    );
    expectClvError(
      () => churnDataset(bad({ channel: 3 as unknown as string }), handOptions),
      'INVALID_FIELD',
      'channel',
    );
    expectClvError(
      () =>
        churnDataset(
          { customerId: ['a'], date: [Number.POSITIVE_INFINITY], amount: [1] },
          handOptions,
        ),
      'INVALID_DATE',
      'date',
    );
  });

  it('user columns: clashing or duplicate names, non-functions, non-finite values', () => {
    const column = (name: string, v: number) => ({ name, value: () => v });
    expectClvError(
      () => churnDataset(handLog, { ...handOptions, userColumns: [column('recency', 1)] }),
      'INVALID_OPTION',
      'userColumns[0].name',
    );
    expectClvError(
      () =>
        churnDataset(handLog, { ...handOptions, userColumns: [column('x', 1), column('x', 2)] }),
      'INVALID_OPTION',
      'userColumns[1].name',
    );
    expectClvError(
      () =>
        churnDataset(handLog, { ...handOptions, userColumns: [{ name: 'x', value: 3 as never }] }),
      'INVALID_OPTION',
      'userColumns[0].value',
    );
    const error = expectClvError(
      () => churnDataset(handLog, { ...handOptions, userColumns: [column('score', Number.NaN)] }),
      'INVALID_ARGUMENT',
      'score',
    );
    expect(error.message).toContain('"__proto__"');
  });

  it('a fit that is not BG/NBD', () => {
    expectClvError(
      () => churnDataset(handLog, { ...handOptions, bgNbd: { kind: 'pareto-nbd' } as never }),
      'INVALID_OPTION',
      'bgNbd',
    );
  });

  it('amounts too large to add up', () => {
    const log = [
      { customerId: 'a', date: at('2024-01-01'), amount: Number.MAX_VALUE },
      { customerId: 'a', date: at('2024-01-02'), amount: Number.MAX_VALUE },
    ];
    expectClvError(
      () => churnDataset(log, { cutoff: at('2024-01-02'), horizon: 1, unit: 'day' }),
      'INVALID_AMOUNT',
      'amount',
    );
  });

  it('a cutoff of whole days: a customer with refunds only before it has no row', () => {
    const log = [
      { customerId: 'r', date: at('2024-01-01'), amount: -3 },
      { customerId: 'p', date: at('2024-01-01'), amount: 3 },
      { customerId: 'r', date: new Date(at('2024-01-01').getTime() + 3 * DAY), amount: 3 },
    ];
    const data = churnDataset(log, { cutoff: at('2024-01-02'), horizon: 2, unit: 'day' });
    expect(data.ids).toEqual(['p']);
  });
});
