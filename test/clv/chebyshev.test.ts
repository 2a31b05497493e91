import { describe, expect, it } from 'vitest';
import { chebyshevCoefficients, isResolved, lobattoPoints } from '../../src/clv/chebyshev.js';
import { expectClose } from './helpers.js';

// Internal helper of the CLV interpolation. Tolerances: absolute 1e-15 for exact polynomials,
// 1e-14 for exp (its Chebyshev coefficients are modified Bessel functions: 2·I_k(1)).

function evaluate(coefficients: Float64Array, s: number): number {
  // Direct Σ c_k cos(k arccos s), independent of the library's Clenshaw loop.
  let sum = 0;
  for (let k = 0; k < coefficients.length; k++)
    sum += coefficients[k]! * Math.cos(k * Math.acos(s));
  return sum;
}

describe('Chebyshev interpolation', () => {
  it('Lobatto points run from 1 to −1, symmetric, with 0 in the middle', () => {
    const points = lobattoPoints(5);
    expect(points[0]).toBe(1);
    expect(points[2]).toBe(0);
    expect(points[4]).toBe(-1);
    expect(points[1]).toBeCloseTo(Math.SQRT1_2, 15);
  });

  it('recovers the coefficients of T_3(s) = 4s³ − 3s exactly', () => {
    const points = lobattoPoints(9);
    const values = Float64Array.from(points, (s) => 4 * s ** 3 - 3 * s);
    const c = chebyshevCoefficients(values);
    for (let k = 0; k < 9; k++) expect(Math.abs(c[k]! - (k === 3 ? 1 : 0))).toBeLessThan(1e-15);
    expect(isResolved(c)).toBe(true);
  });

  it('resolves exp with 17 points, not with 9; the coefficients are 2·I_k(1)', () => {
    const coarse = chebyshevCoefficients(Float64Array.from(lobattoPoints(9), Math.exp));
    expect(isResolved(coarse)).toBe(false);
    const fine = chebyshevCoefficients(Float64Array.from(lobattoPoints(17), Math.exp));
    expect(isResolved(fine)).toBe(true);
    expectClose(fine[0]!, 1.2660658777520082, 1e-14); // I_0(1)
    expectClose(fine[1]!, 2 * 0.5651591039924851, 1e-14); // 2·I_1(1)
    for (const s of [-1, -0.3, 0.123, 0.9, 1]) expectClose(evaluate(fine, s), Math.exp(s), 1e-14);
  });

  it('a non-finite value is never resolved', () => {
    const values = Float64Array.from(lobattoPoints(9), (s) => (s > 0.5 ? Number.NaN : s));
    expect(isResolved(chebyshevCoefficients(values))).toBe(false);
  });
});
