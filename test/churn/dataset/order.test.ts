import { describe, expect, it } from 'vitest';
import { type ChurnDataset, churnDataset } from '../../../src/churn/dataset/index.js';
import type { TransactionColumns } from '../../../src/transactions/types.js';

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
  readonly channel: string;
  readonly market: string;
}

/**
 * 1,500 customers (past the 1,024 keys where the id sort switches to radix), whole-day dates,
 * few distinct amounts (ties on (date, amount)), refunds, repeated order ids, channels and
 * markets. Grouped by id, then by (date, amount).
 */
function groupedRows(): Row[] {
  const next = stream(99);
  const amounts = [5, 10, 10, 20.5, 0.1, 0.2, -3];
  const ids = Array.from({ length: 1500 }, (_, c) => `cust-${(c * 7919) % 100_003}`);
  ids.push('__proto__', 'é', '\ud83d\ude00');
  const rows: Row[] = [];
  for (const id of ids.sort()) {
    const mine: Row[] = [];
    // A purchase first, so that every customer buys.
    const count = 1 + Math.floor(next() * 9);
    for (let k = 0; k < count; k++) {
      mine.push({
        id,
        t: START + Math.floor(next() * 700) * DAY,
        amount: k === 0 ? 7 : amounts[Math.floor(next() * amounts.length)]!,
        orderId: `o-${id}-${Math.floor(next() * 3)}`,
        channel: next() < 0.5 ? 'web' : 'store',
        market: ['FR', 'DE', 'IT'][Math.floor(next() * 3)]!,
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
    channel: rows.map((r) => r.channel),
    market: rows.map((r) => r.market),
  };
}

function shuffled(rows: readonly Row[]): Row[] {
  const next = stream(5);
  const out = rows.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const bits = (column: Float64Array | Uint8Array | undefined) =>
  column === undefined ? undefined : Array.from(new Uint8Array(column.slice().buffer));

function expectIdentical(actual: ChurnDataset, expected: ChurnDataset): void {
  expect(actual.ids).toEqual(expected.ids);
  expect(actual.featureNames).toEqual(expected.featureNames);
  expected.columns.forEach((column, j) => {
    expect(bits(actual.columns[j]), expected.featureNames[j]).toEqual(bits(column));
  });
  expect(bits(actual.cutoff)).toEqual(bits(expected.cutoff));
  expect(bits(actual.labels)).toEqual(bits(expected.labels));
  expect(bits(actual.futureSpend)).toEqual(bits(expected.futureSpend));
  expect(bits(actual.futurePurchases)).toEqual(bits(expected.futurePurchases));
}

describe('churnDataset does not depend on row order', () => {
  const grouped = groupedRows();
  const options = {
    cutoff: [new Date(START + 300 * DAY), new Date(START + 500 * DAY)],
    horizon: 13,
    unit: 'week',
  } as const;
  const expected = churnDataset(columns(grouped), options);

  it('has rows for most customers and the channel and market features', () => {
    expect(expected.ids.length).toBeGreaterThan(1500);
    expect(expected.featureNames).toContain('channels');
    expect(expected.featureNames).toContain('markets');
  });

  it('date order (stable): identical to the grouped log, bit for bit', () => {
    const byDate = grouped.slice().sort((a, b) => a.t - b.t);
    expect(byDate.map((r) => r.id)).not.toEqual(grouped.map((r) => r.id));
    expectIdentical(churnDataset(columns(byDate), options), expected);
  });

  it('random order: identical to the grouped log, bit for bit', () => {
    expectIdentical(churnDataset(columns(shuffled(grouped)), options), expected);
  });

  it('objects in date order: identical to columns grouped', () => {
    const byDate = grouped.slice().sort((a, b) => a.t - b.t);
    const objects = byDate.map((r) => ({
      customerId: r.id,
      date: new Date(r.t),
      amount: r.amount,
      orderId: r.orderId,
      channel: r.channel,
      market: r.market,
    }));
    expectIdentical(churnDataset(objects, options), expected);
  });
});
