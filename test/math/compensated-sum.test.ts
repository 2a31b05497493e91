import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compensatedSum, createCompensatedSum } from '../../src/math/index.js';

describe('compensatedSum and createCompensatedSum', () => {
  it('small exact cases: empty is 0; 0.1 + 0.2 + 0.3 rounds once; weights multiply', () => {
    expect(compensatedSum([])).toBe(0);
    expect(compensatedSum([0.1, 0.2, 0.3])).toBe(0.6);
    expect(compensatedSum([10, 20], [3, 0.5])).toBe(40);
    expect(compensatedSum(Float64Array.of(1.5, -0.5))).toBe(1);
  });

  it('recovers what plain summation loses: [1e100, 1, −1e100] is 1, not 0', () => {
    const values = [1e100, 1, -1e100];
    let plain = 0;
    for (const v of values) plain += v;
    expect(plain).toBe(0);
    expect(compensatedSum(values)).toBe(1);
    const running = createCompensatedSum();
    for (const v of values) running.add(v);
    expect(running.value()).toBe(1);
  });

  it('a million copies of 0.1 sum to the correctly rounded 100000 (plain summation drifts)', () => {
    const values = new Float64Array(1_000_000).fill(0.1);
    let plain = 0;
    for (const v of values) plain += v;
    expect(Math.abs(plain - 1e5)).toBeGreaterThan(1e-7);
    // Exact sum: 1e6 × double(0.1) = 100000.0000000000055511151231257827, which rounds to 1e5.
    expect(compensatedSum(values)).toBe(100000);
  });

  it('non-finite terms propagate like plain summation', () => {
    expect(compensatedSum([1, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
    expect(compensatedSum([1, Number.NaN])).toBeNaN();
    const running = createCompensatedSum();
    running.add(Number.NEGATIVE_INFINITY);
    running.add(3);
    expect(running.value()).toBe(Number.NEGATIVE_INFINITY);
  });

  it('property: integer-valued terms (mixed magnitudes up to 2^52) sum exactly in any order', () => {
    // Partial sums must stay below 2^53 for "exact" to be meaningful: 40 terms of ≤ 2^47.
    const term = fc.oneof(
      fc.integer({ min: -(2 ** 20), max: 2 ** 20 }),
      fc.integer({ min: -(2 ** 47), max: 2 ** 47 }),
    );
    fc.assert(
      fc.property(
        fc.array(term, { maxLength: 40 }),
        fc.infiniteStream(fc.nat()),
        (values, seeds) => {
          const exact = values.reduce((sum, v) => sum + BigInt(v), 0n);
          const shuffled = [...values];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = seeds.next().value % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          const running = createCompensatedSum();
          for (const v of shuffled) running.add(v);
          return (
            BigInt(compensatedSum(values)) === exact &&
            BigInt(compensatedSum(shuffled)) === exact &&
            BigInt(running.value()) === exact
          );
        },
      ),
    );
  });

  it('property: huge cancelling pairs around small values give the small sum exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 20 }),
        fc.double({ min: 1e20, max: 1e300, noNaN: true }),
        (small, big) => {
          const values = [big, ...small, -big];
          const exact = small.reduce((s, v) => s + v, 0);
          return compensatedSum(values) === exact;
        },
      ),
    );
  });
});
