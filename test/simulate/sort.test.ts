import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timeSortPermutation } from '../../src/simulate/sort.js';

/** The reference: a stable comparison sort of the indices by time. */
const referenceOrder = (time: Float64Array) =>
  [...time.keys()].sort((i, j) => time[i]! - time[j]! || i - j);

describe('timeSortPermutation (internal radix sort)', () => {
  it('equals a stable comparison sort for integer offsets up to 2^53 − 1, ties included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 50 }), // many ties
            fc.integer({ min: 0, max: 2 ** 31 }),
            fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 1e6 }),
          ),
          { maxLength: 300 },
        ),
        fc.integer({ min: -1e6, max: 1e6 }),
        (offsets, origin) => {
          // |origin| + offset < 2^53, so every time and offset is an exact integer.
          const time = Float64Array.from(offsets, (offset) => origin + offset);
          expect([...timeSortPermutation(time, origin)]).toEqual(referenceOrder(time));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns the identity for an empty or all-equal input', () => {
    expect([...timeSortPermutation(new Float64Array(0), 0)]).toEqual([]);
    expect([...timeSortPermutation(new Float64Array([5, 5, 5]), 5)]).toEqual([0, 1, 2]);
  });
});
