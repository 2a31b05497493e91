import { describe, expect, it } from 'vitest';
import {
  LIFECYCLE_STAGES,
  lifecycleStages,
  summarizeTransactions,
  summaryFromColumns,
  type Transaction,
  type TransactionColumns,
} from '../../src/index.js';
import { thrown } from './helpers.js';

/** A UTC day of 2024 (`day(1)` = 2024-01-01). */
function day(dayOfYear: number): Date {
  return new Date(Date.UTC(2024, 0, dayOfYear));
}

const END = day(366);

/** Purchases per customer (days of 2024), amount 10 each. */
const PURCHASES: [string, number[]][] = [
  ['new', [350]],
  ['act', [10, 100, 200, 340]],
  ['back', [5, 330]],
  ['dorm', [1, 250]],
  ['lost', [20, 100]],
  // Returned after a long gap on day 300, but that return is older than the active window.
  ['__proto__', [2, 300, 340]],
  ['ref', [1, 340]],
];

const purchases: Transaction[] = PURCHASES.flatMap(([customerId, days]) =>
  days.map((d) => ({ customerId, date: day(d), amount: 10 })),
);

/** The log: the purchases, a refund (not a return), an unknown customer and a later purchase. */
const log: Transaction[] = [
  ...purchases,
  { customerId: 'ref', date: day(200), amount: -10 },
  { customerId: 'stranger', date: day(100), amount: 5 },
  { customerId: 'lost', date: day(400), amount: 5 },
];

const options = { unit: 'day', newWithin: 30, activeWithin: 60, dormantWithin: 180 } as const;

function stageOf(result: ReturnType<typeof lifecycleStages>): Map<string, string> {
  return new Map(result.ids.map((id, i) => [id, result.names[result.stage[i]!]!]));
}

describe('lifecycleStages', () => {
  it('gives the result stated in its TSDoc example (summary without dates: T and recency)', () => {
    const summary = summaryFromColumns({
      ids: ['a', 'b', 'c', 'd'],
      frequency: [0, 3, 2, 1],
      recency: [0, 300, 200, 10],
      T: [10, 320, 300, 400],
      unit: 'day',
    });
    const stages = lifecycleStages(summary, options);
    expect(Array.from(stages.stage)).toEqual([0, 1, 3, 4]);
    expect(stages.names).toBe(LIFECYCLE_STAGES);
    expect(stages.counts).toEqual([1, 1, 0, 1, 1]);
    expect(Array.from(stages.sinceLast)).toEqual([10, 20, 100, 390]);
    expect(stages.observationEnd).toBeUndefined();
    expect(stages.labels).toBe(stages.stage);
  });

  it('stages a summarised log by elapsed time since the first and last purchase', () => {
    const summary = summarizeTransactions(purchases, { unit: 'day', observationEnd: END });
    const stages = lifecycleStages(summary, options);
    expect(stageOf(stages)).toEqual(
      new Map([
        ['__proto__', 'active'],
        ['act', 'active'],
        ['back', 'active'],
        ['dorm', 'dormant'],
        ['lost', 'lost'],
        ['new', 'new'],
        ['ref', 'active'],
      ]),
    );
    expect(stages.observationEnd).toEqual(END);
    expect(stages.sinceLast[stages.ids.indexOf('dorm')]).toBe(116);
  });

  it('marks returns after a dormant gap as reactivated when given the log, in either log shape', () => {
    const summary = summarizeTransactions(purchases, { unit: 'day', observationEnd: END });
    const expected = new Map([
      ['__proto__', 'active'],
      ['act', 'active'],
      ['back', 'reactivated'],
      ['dorm', 'dormant'],
      ['lost', 'lost'],
      ['new', 'new'],
      ['ref', 'reactivated'],
    ]);
    expect(stageOf(lifecycleStages(summary, { ...options, transactions: log }))).toEqual(expected);
    const columns: TransactionColumns = {
      customerId: log.map((t) => t.customerId),
      date: Float64Array.from(log, (t) => t.date.getTime()),
      amount: log.map((t) => t.amount),
    };
    const fromColumns = lifecycleStages(summary, { ...options, transactions: columns });
    expect(stageOf(fromColumns)).toEqual(expected);
    expect(fromColumns.counts).toEqual([1, 2, 2, 1, 1]);
  });

  it('never calls a first-time buyer inside the active window reactivated', () => {
    const end = new Date('2024-12-31T00:00:00Z');
    const log = [
      { customerId: 'first', date: new Date('2024-12-01T00:00:00Z'), amount: 5 },
      { customerId: 'back', date: new Date('2023-01-01T00:00:00Z'), amount: 5 },
      { customerId: 'back', date: new Date('2024-12-01T00:00:00Z'), amount: 5 },
    ];
    const summary = summarizeTransactions(log, { unit: 'day', observationEnd: end });
    const stages = lifecycleStages(summary, {
      unit: 'day',
      newWithin: 10,
      activeWithin: 60,
      dormantWithin: 180,
      transactions: log,
    });
    expect(stageOf(stages)).toEqual(
      new Map([
        ['back', 'reactivated'],
        ['first', 'active'],
      ]),
    );
  });

  it('measures from an explicit observationEnd and converts threshold units', () => {
    const summary = summarizeTransactions(purchases, { unit: 'day', observationEnd: END });
    // Thirty days later, in weeks: 'new' (46 days) is no longer new, 'act' (56 days = 8 weeks) is
    // still active (bounds are inclusive) and 'dorm' (146 days) is dormant.
    const later = lifecycleStages(summary, {
      unit: 'week',
      newWithin: 4,
      activeWithin: 8,
      dormantWithin: 26,
      observationEnd: day(396),
    });
    const stage = stageOf(later);
    expect(stage.get('new')).toBe('active');
    expect(stage.get('act')).toBe('active');
    expect(stage.get('dorm')).toBe('dormant');
    expect(stage.get('lost')).toBe('lost');
    expect(later.sinceFirst[later.ids.indexOf('new')]).toBeCloseTo(46 / 7, 12);
  });

  it('handles an empty summary', () => {
    const empty = summaryFromColumns({ ids: [], frequency: [], recency: [], T: [], unit: 'day' });
    const stages = lifecycleStages(empty, options);
    expect(stages.stage).toHaveLength(0);
    expect(stages.counts).toEqual([0, 0, 0, 0, 0]);
  });

  it('rejects missing units and thresholds, impossible ends and malformed logs', () => {
    const summary = summarizeTransactions(purchases, { unit: 'day', observationEnd: END });
    const precomputed = summaryFromColumns({
      ids: ['a'],
      frequency: [0],
      recency: [0],
      T: [3],
      unit: 'day',
    });
    thrown(
      () => lifecycleStages(summary, { ...options, unit: 'fortnight' as 'day' }),
      'INVALID_OPTION',
      'unit',
    );
    thrown(
      () => lifecycleStages(summary, { ...options, newWithin: -1 }),
      'INVALID_OPTION',
      'newWithin',
    );
    thrown(
      () => lifecycleStages(summary, { ...options, dormantWithin: 10 }),
      'INVALID_OPTION',
      'dormantWithin',
    );
    thrown(
      () => lifecycleStages(summary, { ...options, observationEnd: day(300) }),
      'INVALID_OPTION',
      'observationEnd',
    );
    thrown(
      () => lifecycleStages(precomputed, { ...options, observationEnd: END }),
      'MISSING_COLUMN',
    );
    thrown(
      () => lifecycleStages(precomputed, { ...options, transactions: [] }),
      'INVALID_OPTION',
      'observationEnd',
    );
    thrown(
      () =>
        lifecycleStages(summary, {
          ...options,
          transactions: [{ customerId: 'a', date: new Date(Number.NaN), amount: 1 }],
        }),
      'INVALID_ARGUMENT',
      'transactions.date',
    );
    thrown(() => lifecycleStages({} as never, options), 'INVALID_ARGUMENT', 'summary');
  });
});
