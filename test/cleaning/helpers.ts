import fc from 'fast-check';
import { expect } from 'vitest';
import { ClvError, type Transaction } from '../../src/index.js';

/** Runs `action`, asserts it throws a ClvError and returns it. */
export function thrown(action: () => unknown): ClvError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ClvError);
    return error as ClvError;
  }
  throw new Error('expected a ClvError, nothing was thrown');
}

/** A UTC day of 2024 as a Date (`day` 1 = 2024-01-01). */
export function day(dayOfYear: number, hour = 0): Date {
  return new Date(Date.UTC(2024, 0, dayOfYear, hour));
}

/** Freezes the rows and the array, so that any mutation by the code under test throws. */
export function frozen(rows: Transaction[]): readonly Transaction[] {
  for (const row of rows) Object.freeze(row);
  return Object.freeze(rows);
}

/** Neumaier-compensated sum. */
export function total(values: readonly number[]): number {
  let sum = 0;
  let c = 0;
  for (const v of values) {
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}

/** |a − b| ≤ rtol · max(1, |a|, |b|). */
export function close(a: number, b: number, rtol = 1e-9): boolean {
  return Math.abs(a - b) <= rtol * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Ids drawn from a small pool (so that collisions happen), including prototype names. */
export const idArb = fc.constantFrom('a', 'b', 'c', '__proto__', 'constructor', 'toString');

/** Small amounts in cents, so that duplicates and exact sums are common. */
export const centsArb = fc.integer({ min: -2000, max: 5000 }).map((c) => c / 100);

/** A transaction with optional fields drawn from small pools. */
export const transactionArb: fc.Arbitrary<Transaction> = fc
  .record(
    {
      customerId: idArb,
      dayOfYear: fc.integer({ min: 1, max: 6 }),
      amount: centsArb,
      orderId: fc.constantFrom('o1', 'o2', '__proto__', 'constructor'),
      channel: fc.constantFrom('web', 'app', 'shop', 'hasOwnProperty'),
      market: fc.constantFrom('FR', 'DE'),
      currency: fc.constantFrom('EUR'),
      quantity: fc.integer({ min: 1, max: 3 }),
    },
    { requiredKeys: ['customerId', 'dayOfYear', 'amount'] },
  )
  .map(({ dayOfYear, ...rest }) => ({ ...rest, date: day(dayOfYear) }));

/** Sums amounts per customer id (a Map, so that `__proto__` is an ordinary id). */
export function totalsByCustomer(rows: readonly Transaction[]): Map<string, number> {
  const values = new Map<string, number[]>();
  for (const t of rows) {
    let list = values.get(t.customerId);
    if (list === undefined) {
      list = [];
      values.set(t.customerId, list);
    }
    list.push(t.amount);
  }
  return new Map([...values].map(([id, list]) => [id, total(list)]));
}
