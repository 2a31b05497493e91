import type { Objective } from './minimize.js';

/** Options of {@link numericalHessian}; defaults in {@link NUMERICAL_HESSIAN_DEFAULTS}. */
export interface NumericalHessianOptions {
  /**
   * Step for coordinate i is `relativeStep · max(1, |xᵢ|)`. Default ε^(1/3) ≈ 6.06e-6, which
   * balances truncation (O(h²)) and rounding (O(ε/h)) errors of a central difference.
   */
  readonly relativeStep?: number;
}

/** The defaults of {@link NumericalHessianOptions}. */
export const NUMERICAL_HESSIAN_DEFAULTS = Object.freeze({
  relativeStep: Math.cbrt(Number.EPSILON),
});

/**
 * The Hessian of `objective` at `x` by central differences of its analytic gradient:
 * column j is (∇f(x + hⱼ eⱼ) − ∇f(x − hⱼ eⱼ)) / (2hⱼ), then the matrix is symmetrised as
 * (H + Hᵀ) / 2 (Nocedal & Wright, Numerical Optimization, 2nd ed., §8.1). The step hⱼ is made
 * exactly representable ((x + h) − x) so the divided difference uses the step actually taken.
 * Cost: 2n gradient evaluations and O(n²) memory; returns an n × n row-major Float64Array.
 *
 * Accuracy: about ε^(2/3) ≈ 4e-11 relative to the size of third derivatives times |x|²; entries
 * are NaN when the objective is not finite at a probe point (the caller's cue that x lies on the
 * edge of the valid region). Used for standard errors: the square roots of the diagonal of the
 * inverse Hessian of the negative log-likelihood (see {@link invertSymmetric}).
 *
 * @example
 * ```ts
 * import { numericalHessian } from 'clvkit';
 * // f(x, y) = x² y + y³, ∇f = (2xy, x² + 3y²), Hessian [[2y, 2x], [2x, 6y]]
 * const h = numericalHessian((p, g) => {
 *   g[0] = 2 * p[0] * p[1];
 *   g[1] = p[0] ** 2 + 3 * p[1] ** 2;
 *   return p[0] ** 2 * p[1] + p[1] ** 3;
 * }, [1, 2]);
 * // h ≈ Float64Array [4, 2, 2, 12]
 * ```
 */
export function numericalHessian(
  objective: Objective,
  x: ArrayLike<number>,
  options: NumericalHessianOptions = {},
): Float64Array {
  const relativeStep = options.relativeStep ?? NUMERICAL_HESSIAN_DEFAULTS.relativeStep;
  const n = x.length;
  const point = Float64Array.from(x);
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  const hessian = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const xj = point[j]!;
    const up = xj + relativeStep * Math.max(1, Math.abs(xj));
    const down = xj - (up - xj);
    const width = up - down;
    plus.fill(0);
    minus.fill(0);
    point[j] = up;
    const fPlus = objective(point, plus);
    point[j] = down;
    const fMinus = objective(point, minus);
    point[j] = xj;
    const usable = Number.isFinite(fPlus) && Number.isFinite(fMinus);
    for (let i = 0; i < n; i++) {
      hessian[i * n + j] = usable ? (plus[i]! - minus[i]!) / width : Number.NaN;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (hessian[i * n + j]! + hessian[j * n + i]!);
      hessian[i * n + j] = mean;
      hessian[j * n + i] = mean;
    }
  }
  return hessian;
}

/**
 * The inverse of a symmetric positive-definite n × n matrix (row-major; only the lower triangle
 * is read) by Cholesky factorisation A = L Lᵀ, then A⁻¹ = L⁻ᵀ L⁻¹ (Golub & Van Loan, Matrix
 * Computations, §4.2). O(n³) time, O(n²) memory; the input is not modified.
 *
 * Returns undefined when the matrix is not (numerically) positive definite — a pivot ≤ 0 or not
 * finite — e.g. a Hessian of a negative log-likelihood at a saddle point or on a flat ridge, where
 * standard errors do not exist. The result is exactly symmetric.
 *
 * @example
 * ```ts
 * import { invertSymmetric } from 'clvkit';
 * invertSymmetric(Float64Array.of(4, 2, 2, 3), 2); // Float64Array [0.375, -0.25, -0.25, 0.5]
 * invertSymmetric(Float64Array.of(1, 2, 2, 1), 2); // undefined (eigenvalues 3 and −1)
 * ```
 */
export function invertSymmetric(matrix: Float64Array, n: number): Float64Array | undefined {
  if (!(Number.isInteger(n) && n >= 0) || matrix.length < n * n) return undefined;
  // Cholesky factor L (lower, row-major).
  const lower = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let pivot = matrix[j * n + j]!;
    for (let k = 0; k < j; k++) pivot -= lower[j * n + k]! * lower[j * n + k]!;
    if (!(pivot > 0) || !Number.isFinite(pivot)) return undefined;
    const diagonal = Math.sqrt(pivot);
    lower[j * n + j] = diagonal;
    for (let i = j + 1; i < n; i++) {
      let sum = matrix[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= lower[i * n + k]! * lower[j * n + k]!;
      lower[i * n + j] = sum / diagonal;
    }
  }
  // W = L⁻¹ (lower triangular) by forward substitution, column by column.
  const inverseLower = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    inverseLower[j * n + j] = 1 / lower[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= lower[i * n + k]! * inverseLower[k * n + j]!;
      inverseLower[i * n + j] = sum / lower[i * n + i]!;
    }
  }
  // A⁻¹ = Wᵀ W: entry (i, j) = Σ_{k ≥ max(i, j)} W[k][i] W[k][j].
  const inverse = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += inverseLower[k * n + i]! * inverseLower[k * n + j]!;
      if (!Number.isFinite(sum)) return undefined;
      inverse[i * n + j] = sum;
      inverse[j * n + i] = sum;
    }
  }
  return inverse;
}
