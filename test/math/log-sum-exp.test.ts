import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { log1pExp, logAddExp, logDiffExp, logSumExp } from '../../src/math/index.js';
import { expectWithin, mixedError } from './helpers.js';

const finite = fc.double({ min: -700, max: 700, noNaN: true });

describe('logSumExp', () => {
  it('exact cases: ln(2 + 3) from logs; empty is −Infinity; no overflow at 1000', () => {
    expectWithin(logSumExp([Math.log(2), Math.log(3)]), Math.log(5), 2e-16, 'ln 5');
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe(
      Number.NEGATIVE_INFINITY,
    );
    expectWithin(logSumExp([1000, 1000]), 1000 + Math.LN2, 1e-16, '1000 + ln 2');
    expectWithin(logSumExp([-1000, -1000, -1000]), -1000 + Math.log(3), 1e-16, '-1000 + ln 3');
    expect(logSumExp(Float64Array.of(5))).toBe(5);
  });

  it('NaN in gives NaN; +Infinity in gives +Infinity', () => {
    expect(logSumExp([1, Number.NaN])).toBeNaN();
    expect(logSumExp([1, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
  });

  it('property: equals ln Σ exp for moderate values (relative 1e-14)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (values) => {
          let direct = 0;
          for (const v of values) direct += Math.exp(v);
          return mixedError(logSumExp(values), Math.log(direct)) <= 1e-14;
        },
      ),
    );
  });

  it('property: ≥ max and ≤ max + ln n; shifting every value shifts the result', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 30 }), finite, (values, shift) => {
        const max = Math.max(...values);
        const result = logSumExp(values);
        const shifted = logSumExp(values.map((v) => v + shift));
        return (
          result >= max &&
          result <= max + Math.log(values.length) + 1e-12 &&
          Math.abs(shifted - (result + shift)) <= 1e-12 * Math.max(1, Math.abs(result + shift))
        );
      }),
    );
  });
});

describe('logAddExp', () => {
  it('exact cases and −Infinity', () => {
    expectWithin(logAddExp(Math.log(2), Math.log(3)), Math.log(5), 2e-16, 'ln 5');
    expect(logAddExp(Number.NEGATIVE_INFINITY, 1.5)).toBe(1.5);
    expect(logAddExp(1.5, Number.NEGATIVE_INFINITY)).toBe(1.5);
    expect(logAddExp(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY)).toBe(
      Number.NEGATIVE_INFINITY,
    );
    expect(logAddExp(Number.POSITIVE_INFINITY, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(logAddExp(Number.NaN, 3)).toBeNaN();
    expectWithin(logAddExp(800, 800), 800 + Math.LN2, 1e-16, '800 + ln 2');
  });

  it('property: symmetric, ≥ max(a, b), and agrees with logSumExp', () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const sum = logAddExp(a, b);
        return (
          sum === logAddExp(b, a) &&
          sum >= Math.max(a, b) &&
          sum <= Math.max(a, b) + Math.LN2 + 1e-13 &&
          Math.abs(sum - logSumExp([a, b])) <= 1e-15 * Math.max(1, Math.abs(sum))
        );
      }),
    );
  });
});

describe('log1pExp', () => {
  it('matches ln(1 + eˣ) across the switch points and does not overflow', () => {
    expectWithin(log1pExp(0), Math.LN2, 1e-16, 'ln 2');
    for (const x of [-40, -5, 17.9, 18, 18.1, 36.9, 37, 37.1]) {
      expectWithin(log1pExp(x), Math.log1p(Math.exp(x)), 2e-16, `log1pExp(${x})`);
    }
    expect(log1pExp(800)).toBe(800);
    expect(log1pExp(-800)).toBe(Math.exp(-800));
    expectWithin(log1pExp(-50), Math.exp(-50), 1e-15, 'log1pExp(-50) ≈ e^-50');
  });
});

describe('logDiffExp', () => {
  it('exact cases, edges and the a < b domain error', () => {
    expectWithin(logDiffExp(Math.log(5), Math.log(3)), Math.LN2, 1e-15, 'ln 2');
    expectWithin(logDiffExp(1000, 999), 1000 + Math.log(1 - Math.exp(-1)), 1e-16, 'no overflow');
    expect(logDiffExp(2, 2)).toBe(Number.NEGATIVE_INFINITY);
    expect(logDiffExp(2, Number.NEGATIVE_INFINITY)).toBe(2);
    expect(logDiffExp(1, 2)).toBeNaN();
    expect(logDiffExp(Number.NaN, 1)).toBeNaN();
    expect(logDiffExp(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toBeNaN();
  });

  it('stays accurate when b is just below a (uses expm1) and far below (uses log1p)', () => {
    // ln(e^a − e^(a − d)) = a + ln(1 − e^−d) = a + ln(d) + O(d) for small d.
    expectWithin(logDiffExp(0, -1e-10), Math.log(-Math.expm1(-1e-10)), 1e-15, 'tiny gap');
    expectWithin(logDiffExp(0, -50), Math.log1p(-Math.exp(-50)), 1e-15, 'wide gap', mixedError);
  });

  it('property: inverts logAddExp, logDiffExp(logAddExp(a, b), b) = a (for b − a ≤ 25)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: -25, max: 25, noNaN: true }),
        (a, gap) => {
          const b = a + gap;
          const sum = logAddExp(a, b);
          const back = logDiffExp(sum, b);
          // Conditioning: the rounding of the sum (ulp of |sum|) is magnified by e^(b − a) when
          // the smaller term a is recovered from it.
          const condition = 1 + Math.exp(Math.max(0, b - a));
          return Math.abs(back - a) <= 4e-16 * condition * Math.max(1, Math.abs(sum));
        },
      ),
    );
  });
});
