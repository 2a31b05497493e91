import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { portableExp, portableLog, portablePow } from '../../src/random/portable-math.js';

// Math.log and Math.exp are faithful to about 1 ulp in V8; ours are within a few ulp. The
// tolerance 1e-15 relative (≈ 4.5 ulp) would catch a missing series term or a wrong ln 2 split.
const TOLERANCE = 1e-15;
const close = (actual: number, expected: number) =>
  actual === expected || Math.abs(actual - expected) <= TOLERANCE * Math.abs(expected);

describe('portableLog', () => {
  it('agrees with Math.log over positive doubles, subnormals included', () => {
    fc.assert(
      fc.property(
        fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
        (x) =>
          // Near x = 1, log x is tiny: compare absolutely there.
          Math.abs(x - 1) < 1e-3
            ? Math.abs(portableLog(x) - Math.log(x)) <= 1e-18 + TOLERANCE * Math.abs(Math.log(x))
            : close(portableLog(x), Math.log(x)),
      ),
      { numRuns: 20_000 },
    );
  });

  it('is exact where the answer is: log 1 = 0, log 2^k = k ln 2 to 1 ulp', () => {
    expect(portableLog(1)).toBe(0);
    for (const k of [-1074, -1022, -1, 1, 10, 1023]) {
      expect(close(portableLog(2 ** k), k * Math.LN2)).toBe(true);
    }
  });

  it('handles 0, negatives, NaN and infinity like Math.log', () => {
    expect(portableLog(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(portableLog(-1)).toBeNaN();
    expect(portableLog(Number.NaN)).toBeNaN();
    expect(portableLog(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('portableExp', () => {
  it('agrees with Math.exp on [-708, 709]', () => {
    fc.assert(
      fc.property(fc.double({ min: -708, max: 709, noNaN: true }), (x) =>
        close(portableExp(x), Math.exp(x)),
      ),
      { numRuns: 20_000 },
    );
  });

  it('is exact at 0 and saturates at the ends of the double range', () => {
    expect(portableExp(0)).toBe(1);
    expect(portableExp(710)).toBe(Number.POSITIVE_INFINITY);
    expect(portableExp(-746)).toBe(0);
    expect(portableExp(-740)).toBeGreaterThan(0); // subnormal result
    expect(close(portableExp(709.78), Math.exp(709.78))).toBe(true);
    expect(portableExp(Number.NaN)).toBeNaN();
  });

  it('inverts portableLog', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-300, max: 1e300, noNaN: true }),
        (x) =>
          // Relative error of exp(log x) grows with |log x| ≤ 691: allow 1e-15 · 700.
          Math.abs(portableExp(portableLog(x)) - x) <= 7e-13 * x,
      ),
      { numRuns: 5_000 },
    );
  });
});

describe('portablePow', () => {
  it('agrees with ** for bases in (0, 1] and the shape exponents the samplers use', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 2 ** -32, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        // |y log x| ≤ 2218 here; allow 1e-15 per unit of it (a few ulp of the product).
        (x, y) => {
          const expected = x ** y;
          return (
            Math.abs(portablePow(x, y) - expected) <=
            1e-15 * (1 + Math.abs(y * Math.log(x))) * expected
          );
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
