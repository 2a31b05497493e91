import { describe, expect, it } from 'vitest';
import {
  type CustomerSummary,
  createSummarizer,
  type SummarizeOptions,
  summarizeTransactions,
} from '../../src/summary/index.js';
import type { TransactionColumns } from '../../src/transactions/types.js';

const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 1);

/** xorshift32: a fixed stream for the test log. */
function stream(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

interface Row {
  readonly id: string;
  readonly t: number;
  readonly amount: number;
  readonly orderId: string;
}

/**
 * 1,500 customers (more than the 1,024 keys where the id sort switches to radix), ids in no
 * numeric order with `__proto__` and non-ASCII ids, whole-day dates and few distinct amounts (so
 * rows tie on (date, amount)), order ids repeated within a customer. Grouped by id, then by
 * (date, amount).
 */
function groupedRows(): Row[] {
  const next = stream(2024);
  const amounts = [5, 10, 10, 20.5, 0.1, 0.2, 1e-9];
  const ids = Array.from({ length: 1500 }, (_, c) => `c${(c * 7919) % 100_003}`);
  ids.push('__proto__', 'é-client', '\ud83d\ude00', 'C1');
  const rows: Row[] = [];
  for (const id of ids.sort()) {
    const count = 1 + Math.floor(next() * 8);
    const mine: Row[] = [];
    for (let k = 0; k < count; k++) {
      mine.push({
        id,
        t: START + Math.floor(next() * 700) * DAY,
        amount: amounts[Math.floor(next() * amounts.length)]!,
        orderId: `o-${id}-${Math.floor(next() * 3)}`,
      });
    }
    mine.sort((a, b) => a.t - b.t || a.amount - b.amount);
    rows.push(...mine);
  }
  return rows;
}

function columns(rows: readonly Row[]): TransactionColumns {
  return {
    customerId: rows.map((r) => r.id),
    date: Float64Array.from(rows, (r) => r.t),
    amount: Float64Array.from(rows, (r) => r.amount),
    orderId: rows.map((r) => r.orderId),
  };
}

/** Stable sort by date, as transaction exports are. */
const byDate = (rows: readonly Row[]): Row[] => rows.slice().sort((a, b) => a.t - b.t);

function shuffled(rows: readonly Row[]): Row[] {
  const next = stream(7);
  const out = rows.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Columns compared bit for bit (so -0 and NaN payloads count). */
function bits(column: Float64Array | undefined): number[] | undefined {
  return column === undefined
    ? undefined
    : Array.from(new Uint32Array(Float64Array.from(column).buffer));
}

function expectIdentical(actual: CustomerSummary, expected: CustomerSummary): void {
  expect(actual.ids).toEqual(expected.ids);
  for (const key of [
    'frequency',
    'recency',
    'T',
    'monetaryValue',
    'firstPurchase',
    'lastPurchase',
    'orders',
    'totalSpend',
    'frequencyHoldout',
    'monetaryHoldout',
    'durationHoldout',
  ] as const) {
    expect(bits(actual[key]), key).toEqual(bits(expected[key]));
  }
  expect(actual.report).toEqual(expected.report);
}

const OPTIONS: readonly SummarizeOptions[] = [
  { unit: 'week', observationEnd: new Date(START + 690 * DAY) },
  {
    unit: 'month',
    mode: 'calendar',
    observationEnd: new Date(START + 700 * DAY),
    calibrationEnd: new Date(START + 400 * DAY),
  },
  {
    unit: 'day',
    observationEnd: new Date(START + 700 * DAY),
    calibrationEnd: new Date(START + 500 * DAY),
    holdoutSpend: 'per-period',
  },
];

describe('summarizeTransactions does not depend on row order', () => {
  const grouped = groupedRows();
  const orders = { 'date order': byDate(grouped), 'random order': shuffled(grouped) };

  it('has a log whose date order differs from its grouped order', () => {
    expect(orders['date order'].map((r) => r.id)).not.toEqual(grouped.map((r) => r.id));
    expect(new Set(grouped.map((r) => r.id)).size).toBe(1504);
  });

  for (const [name, rows] of Object.entries(orders)) {
    OPTIONS.forEach((options, k) => {
      it(`${name}, options ${k}: identical to the grouped log, bit for bit`, () => {
        const expected = summarizeTransactions(columns(grouped), options);
        expectIdentical(summarizeTransactions(columns(rows), options), expected);
      });
    });
  }

  it('date order in batches (a streamed export) equals the grouped log', () => {
    const options = OPTIONS[1]!;
    const rows = orders['date order'];
    const summarizer = createSummarizer(options);
    const cut = [0, 1, 2000, 5000, rows.length];
    for (let b = 0; b + 1 < cut.length; b++)
      summarizer.add(columns(rows.slice(cut[b], cut[b + 1])));
    expectIdentical(summarizer.result(), summarizeTransactions(columns(grouped), options));
  });

  it('the same summary can be read twice from a date-ordered summarizer', () => {
    const summarizer = createSummarizer(OPTIONS[0]!);
    summarizer.add(columns(orders['random order']));
    expectIdentical(summarizer.result(), summarizer.result());
  });
});
