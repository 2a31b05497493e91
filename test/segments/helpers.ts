export { total } from '../helpers/data.js';

import fc from 'fast-check';
import { expect } from 'vitest';
import { ClvError, type ClvErrorCode } from '../../src/index.js';

/** Runs `action`, asserts it throws a ClvError with `code` (and `field` when given), returns it. */
export function thrown(action: () => unknown, code: ClvErrorCode, field?: string): ClvError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ClvError);
    const clvError = error as ClvError;
    expect(clvError.code).toBe(code);
    if (field !== undefined) expect(clvError.field).toBe(field);
    return clvError;
  }
  throw new Error('expected a ClvError, nothing was thrown');
}

/** |a − b| ≤ rtol · max(1, |a|, |b|). */
export function close(a: number, b: number, rtol = 1e-9): boolean {
  return Math.abs(a - b) <= rtol * Math.max(1, Math.abs(a), Math.abs(b));
}

/** A permutation of 0..n − 1 from a list of random keys (ties broken by index). */
export function permutationOf(keys: readonly number[]): number[] {
  return keys
    .map((key, index) => ({ key, index }))
    .sort((a, b) => a.key - b.key || a.index - b.index)
    .map((entry) => entry.index);
}

/** `values` reordered by `order`: out[i] = values[order[i]]. */
export function permute<T>(values: ArrayLike<T>, order: readonly number[]): T[] {
  return order.map((i) => values[i]!);
}

/**
 * Numbers with many ties (a small integer pool) or spread doubles, chosen per run, so that both
 * the histogram and the selection paths of the rankers are exercised.
 */
export const tiedOrSpread: fc.Arbitrary<number[]> = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 80 }),
  fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), {
    maxLength: 80,
  }),
  fc.array(
    fc.integer({ min: 0, max: 40 }).map((c) => c / 4 + 0.1),
    { maxLength: 80 },
  ),
);

/** A list with the same length as a values array: random keys for a permutation. */
export function withPermutation<T>(
  arb: fc.Arbitrary<T[]>,
): fc.Arbitrary<{ values: T[]; order: number[] }> {
  return arb.chain((values) =>
    fc
      .array(fc.integer(), { minLength: values.length, maxLength: values.length })
      .map((keys) => ({ values, order: permutationOf(keys) })),
  );
}
