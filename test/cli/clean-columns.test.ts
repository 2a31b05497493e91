import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanTransactionColumns } from '../../src/cli/clean-columns.js';
import {
  cleanTransactions,
  fromTransactionColumns,
  type Transaction,
  toTransactionColumns,
} from '../../src/index.js';

function key(t: Transaction): string {
  return JSON.stringify([
    t.customerId,
    t.date.getTime(),
    t.amount,
    t.orderId,
    t.channel,
    t.market,
    t.currency,
    t.quantity,
  ]);
}

const row = fc.record({
  customer: fc.constantFrom('a', 'b', 'c', '__proto__', 'd'),
  day: fc.integer({ min: 1, max: 6 }),
  amount: fc.constantFrom(10, 20, 30, -10, 0, 5.5),
  order: fc.option(fc.constantFrom('o1', 'o2', 'o3'), { nil: undefined }),
  channel: fc.option(fc.constantFrom('web', 'app'), { nil: undefined }),
});

describe('cleanTransactionColumns', () => {
  it('gives the rows and reports of cleanTransactions (rows up to order)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const log: Transaction[] = rows.map((r) => ({
          customerId: r.customer,
          date: new Date(Date.UTC(2024, 0, r.day)),
          amount: r.amount,
          ...(r.order === undefined ? {} : { orderId: r.order }),
          ...(r.channel === undefined ? {} : { channel: r.channel }),
        }));
        const expected = cleanTransactions(log);
        const actual = cleanTransactionColumns(toTransactionColumns(log), {});
        expect(fromTransactionColumns(actual.columns).map(key).sort()).toEqual(
          expected.transactions.map(key).sort(),
        );
        expect(actual.reports.map((r) => [r.step, r.rowsIn, r.rowsOut])).toEqual(
          expected.reports.map((r) => [r.step, r.rowsIn, r.rowsOut]),
        );
        const removed = (reports: typeof expected.reports) =>
          reports.flatMap((r) => (r.step === 'deduplicate' ? r.removed : []));
        expect(removed(actual.reports)).toEqual(removed(expected.reports));
      }),
      { numRuns: 300 },
    );
  });

  it('returns the input columns untouched when no customer needs cleaning', () => {
    const columns = {
      customerId: ['a', 'b', 'a'],
      date: new Float64Array([0, 0, 86_400_000]),
      amount: new Float64Array([1, 1, 1]),
    };
    const result = cleanTransactionColumns(columns, {});
    expect(result.columns).toBe(columns);
    expect(result.rowsCleanedAsObjects).toBe(0);
    expect(result.reports.map((r) => r.rowsOut)).toEqual([3, 3]);
  });

  it('cleans the whole log as objects when currencies must be converted or mixed', () => {
    const columns = {
      customerId: ['a', 'b'],
      date: new Float64Array([0, 0]),
      amount: new Float64Array([10, 20]),
      currency: ['USD', 'EUR'],
    };
    expect(() => cleanTransactionColumns(columns, {})).toThrow(/convertCurrency/);
    const converted = cleanTransactionColumns(columns, {
      currency: {
        to: 'EUR',
        rates: [
          { currency: 'USD', rate: 0.5 },
          { currency: 'EUR', rate: 1 },
        ],
      },
    });
    expect(Array.from(converted.columns.amount)).toEqual([5, 20]);
    expect(converted.rowsCleanedAsObjects).toBe(2);
  });
});
