import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digamma, logBeta, logGamma, trigamma } from '../../src/math/index.js';
import { expectWithin, mixedError } from './helpers.js';

const EULER_GAMMA = 0.5772156649015329;

describe('logGamma', () => {
  it('exact small cases: ln Γ(1) = ln Γ(2) = 0, ln Γ(n) = ln (n − 1)!, ln Γ(½) = ln √π', () => {
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
    let factorial = 1;
    for (let n = 2; n <= 25; n++) {
      factorial *= n - 1; // exact in double up to 24!
      expectWithin(logGamma(n), Math.log(factorial), 4e-16, `logGamma(${n})`);
    }
    expectWithin(logGamma(0.5), 0.5 * Math.log(Math.PI), 2e-16, 'logGamma(0.5)');
  });

  it('is NaN for x ≤ 0 and NaN (documented: no reflection), Infinity at Infinity', () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1.5)).toBeNaN();
    expect(logGamma(Number.NaN)).toBeNaN();
    expect(logGamma(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('tiny x: ln Γ(x) = −ln x − γx + O(x²)', () => {
    for (const x of [1e-300, 1e-20, 1e-12]) {
      expectWithin(logGamma(x), -Math.log(x) - EULER_GAMMA * x, 1e-16, `logGamma(${x})`);
    }
  });

  it('property: ln Γ(x + 1) − ln Γ(x) = ln x (absolute 2e-15 · max(1, ln Γ))', () => {
    // x = k/1024 keeps x + 1 exact, so the recurrence holds without a rounded shift.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), (k) => {
        const x = k / 1024;
        const scale = Math.max(1, Math.abs(logGamma(x + 1)));
        return Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x)) / scale <= 2e-15;
      }),
    );
  });
});

describe('logBeta', () => {
  it('exact cases: B(1, b) = 1/b, B(2, 3) = 1/12, B(½, ½) = π', () => {
    expectWithin(logBeta(2, 3), Math.log(1 / 12), 1e-15, 'logBeta(2, 3)');
    expectWithin(logBeta(0.5, 0.5), Math.log(Math.PI), 1e-15, 'logBeta(0.5, 0.5)');
    for (const b of [0.3, 1, 7, 12.5, 1e3, 1e9]) {
      expectWithin(logBeta(1, b), -Math.log(b), 1e-15, `logBeta(1, ${b})`, mixedError);
    }
  });

  it('b ≫ a: ln B(a, b) = ln Γ(a) − a ln b + O(a²/b), no cancellation at b = 1e15', () => {
    for (const a of [0.01, 0.5, 3]) {
      const b = 1e15;
      // Next term: −a(a − 1)/(2b), below 1e-15 here.
      expectWithin(logBeta(a, b), logGamma(a) - a * Math.log(b), 1e-15, `logBeta(${a}, 1e15)`);
    }
  });

  it('property: symmetric, and B(a, b) = B(a + 1, b) + B(a, b + 1) (Pascal-type rule, from Γ(x + 1) = xΓ(x))', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        (a, b) => {
          if (logBeta(a, b) !== logBeta(b, a)) return false;
          // ln[B(a+1,b) + B(a,b+1)] − ln B(a,b) = ln(a/(a+b) + b/(a+b)) = 0.
          const left = logBeta(a + 1, b);
          const right = logBeta(a, b + 1);
          const sum = Math.max(left, right) + Math.log1p(Math.exp(-Math.abs(left - right)));
          return mixedError(sum, logBeta(a, b)) <= 1e-13;
        },
      ),
    );
  });

  it('is NaN for non-positive arguments and −Infinity for an infinite one', () => {
    expect(logBeta(0, 1)).toBeNaN();
    expect(logBeta(1, -2)).toBeNaN();
    expect(logBeta(1, Number.POSITIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('digamma and trigamma', () => {
  it('exact values: ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, ψ′(1) = π²/6, ψ′(½) = π²/2', () => {
    expectWithin(digamma(1), -EULER_GAMMA, 1e-15, 'digamma(1)');
    expectWithin(digamma(0.5), -EULER_GAMMA - 2 * Math.LN2, 1e-15, 'digamma(0.5)');
    expectWithin(trigamma(1), Math.PI ** 2 / 6, 1e-15, 'trigamma(1)');
    expectWithin(trigamma(0.5), Math.PI ** 2 / 2, 1e-15, 'trigamma(0.5)');
  });

  it('changes sign at its zero 1.4616321449683623', () => {
    expect(digamma(1.46163214496836)).toBeLessThan(0);
    expect(digamma(1.46163214496837)).toBeGreaterThan(0);
    expect(Math.abs(digamma(1.4616321449683622))).toBeLessThan(1e-15);
  });

  it('property: ψ(x + 1) = ψ(x) + 1/x and ψ′(x) = ψ′(x + 1) + 1/x² (x in [0.01, 1e4])', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e4, noNaN: true }), (x) => {
        const d = digamma(x + 1) - digamma(x) - 1 / x;
        const t = trigamma(x) - trigamma(x + 1) - 1 / (x * x);
        return (
          Math.abs(d) <= 4e-15 * Math.max(1, Math.abs(digamma(x + 1)), 1 / x) &&
          Math.abs(t) <= 4e-15 * trigamma(x)
        );
      }),
    );
  });

  it('digamma is the derivative of logGamma and trigamma of digamma (central differences)', () => {
    for (const x of [0.3, 1.7, 9.9, 10.1, 250]) {
      const h = 1e-5 * x;
      const dLogGamma = (logGamma(x + h) - logGamma(x - h)) / (2 * h);
      const dDigamma = (digamma(x + h) - digamma(x - h)) / (2 * h);
      expectWithin(digamma(x), dLogGamma, 1e-8, `digamma(${x})`, mixedError);
      expectWithin(trigamma(x), dDigamma, 1e-7, `trigamma(${x})`, mixedError);
    }
  });

  it('is NaN for x ≤ 0; limits at Infinity', () => {
    expect(digamma(0)).toBeNaN();
    expect(trigamma(-2)).toBeNaN();
    expect(digamma(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(trigamma(Number.POSITIVE_INFINITY)).toBe(0);
  });
});
