// Internal rank kernels behind rfmScores and valueTiers, tested directly at sizes where the
// radix sort and the selection recursion (not only their small-input fallbacks) run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankCuts, selectRanks, sortedCopy } from '../../src/segments/rank.js';

const doubles = fc.double({ min: -1e300, max: 1e300, noNaN: true, noDefaultInfinity: true });
const mixed = fc.oneof(
  fc.array(doubles, { minLength: 200, maxLength: 1500 }),
  fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 200, maxLength: 1500 }),
  fc.array(
    fc.integer({ min: 0, max: 3 }).map((v) => v * 0.5 + 1e-3),
    { minLength: 200, maxLength: 1500 },
  ),
);

/** Reference: the smallest value w with (count of values < w) ≥ p, else +Infinity. */
function referenceCut(sorted: Float64Array, p: number): number {
  for (let i = 0; i < sorted.length; i++) {
    if ((i === 0 || sorted[i - 1]! < sorted[i]!) && i >= p) return sorted[i]!;
  }
  return Number.POSITIVE_INFINITY;
}

describe('rank kernels', () => {
  it('sortedCopy sorts like the built-in typed-array sort and leaves its input alone', () => {
    fc.assert(
      fc.property(mixed, (list) => {
        const values = Float64Array.from(list, (v) => v + 0);
        const before = values.slice();
        expect(Array.from(sortedCopy(values))).toEqual(Array.from(values.slice().sort()));
        expect(values).toEqual(before);
      }),
      { numRuns: 60 },
    );
    const wide = Float64Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 5000) - 2500.5);
    expect(Array.from(sortedCopy(wide))).toEqual(Array.from(wide.slice().sort()));
  });

  it('selectRanks puts the value of each wanted rank at its position', () => {
    fc.assert(
      fc.property(
        mixed.chain((list) =>
          fc.tuple(
            fc.constant(list),
            fc.uniqueArray(fc.integer({ min: 0, max: list.length - 1 }), { maxLength: 8 }),
          ),
        ),
        ([list, positions]) => {
          const values = Float64Array.from(list);
          const sorted = values.slice().sort();
          const wanted = positions.sort((a, b) => a - b);
          selectRanks(values, wanted);
          for (const p of wanted) {
            expect(values[p]).toBe(sorted[p]);
            for (let i = 0; i < p; i++) expect(values[i]! <= values[p]!).toBe(true);
            for (let i = p + 1; i < values.length; i++) expect(values[i]! >= values[p]!).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rankCuts finds the first tie group starting at or after each rank, on both paths', () => {
    fc.assert(
      fc.property(
        mixed,
        fc.array(fc.integer({ min: 0, max: 1600 }), { maxLength: 8 }),
        (list, positions) => {
          const values = Float64Array.from(list, (v) => v + 0);
          const sorted = values.slice().sort();
          const wanted = positions.sort((a, b) => a - b);
          const before = values.slice();
          const cuts = rankCuts(values, wanted);
          expect(Array.from(cuts)).toEqual(wanted.map((p) => referenceCut(sorted, p)));
          // Negated data, without touching the input.
          const negated = values.map((v) => -v + 0).sort();
          const negatedCuts = rankCuts(values, wanted, true);
          expect(Array.from(negatedCuts, (v) => v + 0)).toEqual(
            wanted.map((p) => referenceCut(negated, p)),
          );
          expect(values).toEqual(before);
        },
      ),
      { numRuns: 150 },
    );
  });
});
