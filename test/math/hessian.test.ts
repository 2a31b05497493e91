import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  invertSymmetric,
  minimize,
  NUMERICAL_HESSIAN_DEFAULTS,
  numericalHessian,
  type Objective,
} from '../../src/math/index.js';
import { expectWithin } from './helpers.js';

/** f(x, y) = x² y + y³ + sin(x): Hessian [[2y − sin x, 2x], [2x, 6y]]. */
const cubic: Objective = (p, g) => {
  const x = p[0]!;
  const y = p[1]!;
  g[0] = 2 * x * y + Math.cos(x);
  g[1] = x * x + 3 * y * y;
  return x * x * y + y ** 3 + Math.sin(x);
};

function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += a[i * n + k]! * b[k * n + j]!;
      out[i * n + j] = sum;
    }
  }
  return out;
}

describe('numericalHessian', () => {
  it('matches the analytic Hessian to about 1e-9 and is exactly symmetric', () => {
    const [x, y] = [0.7, -1.3];
    const h = numericalHessian(cubic, [x, y]);
    expect(h).toHaveLength(4);
    expectWithin(h[0]!, 2 * y - Math.sin(x), 1e-9, 'H00');
    expectWithin(h[1]!, 2 * x, 1e-9, 'H01');
    expectWithin(h[3]!, 6 * y, 1e-9, 'H11');
    expect(h[1]).toBe(h[2]);
  });

  it('uses ε^(1/3) relative steps by default; a custom step still works', () => {
    expect(NUMERICAL_HESSIAN_DEFAULTS.relativeStep).toBeCloseTo(6.055e-6, 8);
    const h = numericalHessian(cubic, [1e6, 2], { relativeStep: 1e-7 });
    expectWithin(h[1]!, 2e6, 1e-6, 'H01 at large x');
  });

  it('gives NaN entries when the objective is not finite at a probe point', () => {
    const logObjective: Objective = (p, g) => {
      g[0] = 1 / p[0]!;
      return p[0]! > 0 ? Math.log(p[0]!) : Number.NaN;
    };
    expect(numericalHessian(logObjective, [1e-7])[0]).toBeNaN();
    expectWithin(numericalHessian(logObjective, [2])[0]!, -0.25, 1e-9, 'd²/dx² ln x at 2');
  });
});

describe('invertSymmetric', () => {
  it('exact small case and the non-positive-definite cases', () => {
    const inverse = invertSymmetric(Float64Array.of(4, 2, 2, 3), 2)!;
    expect(Array.from(inverse).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([
      0.375, -0.25, -0.25, 0.5,
    ]);
    expect(invertSymmetric(Float64Array.of(1, 2, 2, 1), 2)).toBeUndefined(); // eigenvalue −1
    expect(invertSymmetric(Float64Array.of(1, 1, 1, 1), 2)).toBeUndefined(); // singular
    expect(invertSymmetric(Float64Array.of(-1), 1)).toBeUndefined();
    expect(invertSymmetric(Float64Array.of(Number.NaN), 1)).toBeUndefined();
    expect(invertSymmetric(new Float64Array(0), 0)).toEqual(new Float64Array(0));
  });

  it('property: A · A⁻¹ = I for random SPD matrices Bᵀ B + I (n ≤ 5)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.double({ min: -3, max: 3, noNaN: true }), {
              minLength: n * n,
              maxLength: n * n,
            }),
          ),
        ),
        ([n, entries]) => {
          const b = Float64Array.from(entries);
          const a = new Float64Array(n * n);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              let sum = i === j ? 1 : 0;
              for (let k = 0; k < n; k++) sum += b[k * n + i]! * b[k * n + j]!;
              a[i * n + j] = sum;
            }
          }
          const inverse = invertSymmetric(a, n);
          if (inverse === undefined) return false;
          const product = multiply(a, inverse, n);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              if (Math.abs(product[i * n + j]! - (i === j ? 1 : 0)) > 1e-10) return false;
              if (inverse[i * n + j] !== inverse[j * n + i]) return false;
            }
          }
          return true;
        },
      ),
    );
  });

  it('standard errors of a normal fit: sqrt(diag(H⁻¹)) = (σ/√n, σ/√(2n)) at the MLE', () => {
    // Negative log-likelihood of N(μ, σ²) in (μ, ln σ); at the MLE the information matrix is
    // diag(n/σ², 2n), so SE(μ) = σ/√n and SE(ln σ) = 1/√(2n).
    const data = [2.1, 3.4, 1.9, 5.2, 4.4, 3.3, 2.8, 4.1];
    const n = data.length;
    const negativeLogLikelihood: Objective = (p, g) => {
      const mu = p[0]!;
      const logSigma = p[1]!;
      const inverseVariance = Math.exp(-2 * logSigma);
      let squares = 0;
      let residuals = 0;
      for (const x of data) {
        squares += (x - mu) ** 2;
        residuals += x - mu;
      }
      g[0] = -residuals * inverseVariance;
      g[1] = n - squares * inverseVariance;
      return n * logSigma + 0.5 * squares * inverseVariance;
    };
    const fit = minimize(negativeLogLikelihood, [0, 0]);
    expect(fit.converged).toBe(true);
    const mean = data.reduce((s, x) => s + x, 0) / n;
    const sigma = Math.sqrt(data.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    const covariance = invertSymmetric(numericalHessian(negativeLogLikelihood, fit.x), 2)!;
    expectWithin(Math.sqrt(covariance[0]!), sigma / Math.sqrt(n), 1e-7, 'SE(mu)');
    expectWithin(Math.sqrt(covariance[3]!), 1 / Math.sqrt(2 * n), 1e-7, 'SE(ln sigma)');
    expect(Math.abs(covariance[1]!)).toBeLessThan(1e-8);
  });
});
