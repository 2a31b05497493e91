/**
 * Linear models on standardised features: L2-regularised logistic regression fitted by Newton's
 * method (iteratively reweighted least squares, with step halving) and ridge-stabilised least
 * squares by the normal equations and a Cholesky solve. Written here rather than taken from
 * ml-regression: a p × p Cholesky solve is all least squares needs at these sizes (p ≤ a few
 * dozen), and ml-regression ships no types.
 *
 * @module
 * @internal
 */
import { ClvError, issueOf } from '../../errors/index.js';

/** Feature standardisation: z = (x − mean) / scale (population standard deviation). */
export interface Standardisation {
  readonly means: number[];
  readonly scales: number[];
}

/** Means and population standard deviations of the columns (constant columns excluded upstream). */
export function standardisation(columns: readonly Float64Array[]): Standardisation {
  const means: number[] = [];
  const scales: number[] = [];
  for (const column of columns) {
    const n = column.length;
    // Two-pass: mean, then the centred sum of squares (no cancellation).
    let sum = 0;
    for (let i = 0; i < n; i++) sum += column[i]!;
    const mean = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (column[i]! - mean) ** 2;
    means.push(mean);
    scales.push(Math.sqrt(squares / n));
  }
  return { means, scales };
}

/**
 * Solves A x = b for a symmetric positive-definite A (row-major m × m) by Cholesky; undefined when
 * A is not numerically positive definite. O(m³).
 */
export function choleskySolve(
  a: Float64Array,
  b: Float64Array,
  m: number,
): Float64Array | undefined {
  const l = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let pivot = a[j * m + j]!;
    for (let k = 0; k < j; k++) pivot -= l[j * m + k]! ** 2;
    if (!(pivot > 0 && Number.isFinite(pivot))) return undefined;
    const d = Math.sqrt(pivot);
    l[j * m + j] = d;
    for (let i = j + 1; i < m; i++) {
      let sum = a[i * m + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * m + k]! * l[j * m + k]!;
      l[i * m + j] = sum / d;
    }
  }
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * m + k]! * y[k]!;
    y[i] = sum / l[i * m + i]!;
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < m; k++) sum -= l[k * m + i]! * x[k]!;
    x[i] = sum / l[i * m + i]!;
  }
  return x;
}

/** log(1 + e^η) without overflow. */
function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

/** 1 / (1 + e^−η). */
export function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

/** A fitted logistic regression on standardised features. */
export interface LogisticFit extends Standardisation {
  readonly intercept: number;
  /** Coefficients of the standardised features. */
  readonly coefficients: number[];
  readonly converged: boolean;
  readonly iterations: number;
  readonly gradientNorm: number;
  readonly message: string;
}

/**
 * Minimises (1/n) Σ [log(1 + e^ηᵢ) − yᵢ ηᵢ] + c Σ_j β_j² over the intercept and the coefficients
 * β of the standardised features (the intercept is not penalised), ηᵢ = β₀ + Σ_j β_j zᵢⱼ, by
 * Newton's method: the Hessian (1/n) Zᵀ W Z + 2cI with W = diag(pᵢ(1 − pᵢ)) is solved by Cholesky
 * and the step halved until the objective decreases (Hastie, Tibshirani & Friedman, The Elements
 * of Statistical Learning, 2nd ed., §4.4.1). Converged when the largest gradient component is
 * ≤ `tolerance`. O(iterations · n · p²).
 */
export function fitLogistic(
  columns: readonly Float64Array[],
  labels: ArrayLike<number>,
  penalty: number,
  maxIterations = 100,
  tolerance = 1e-9,
): LogisticFit {
  const p = columns.length;
  const n = labels.length;
  const { means, scales } = standardisation(columns);
  // Row-major standardised design with a leading 1 for the intercept.
  const m = p + 1;
  const z = new Float64Array(n * m);
  for (let i = 0; i < n; i++) z[i * m] = 1;
  for (let j = 0; j < p; j++) {
    const column = columns[j]!;
    const mean = means[j]!;
    const scale = scales[j]!;
    for (let i = 0; i < n; i++) z[i * m + j + 1] = (column[i]! - mean) / scale;
  }
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]!;
  const theta = new Float64Array(m);
  theta[0] = Math.log(positives / (n - positives)); // start at the base rate
  const eta = new Float64Array(n);
  const objective = (t: Float64Array): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let e = 0;
      const o = i * m;
      for (let k = 0; k < m; k++) e += z[o + k]! * t[k]!;
      eta[i] = e;
      sum += softplus(e) - labels[i]! * e;
    }
    let ridge = 0;
    for (let k = 1; k < m; k++) ridge += t[k]! ** 2;
    return sum / n + penalty * ridge;
  };
  let value = objective(theta);
  const gradient = new Float64Array(m);
  const hessian = new Float64Array(m * m);
  let iterations = 0;
  let gradientNorm = Number.POSITIVE_INFINITY;
  let message = 'maximum iterations reached';
  let converged = false;
  for (;;) {
    gradient.fill(0);
    hessian.fill(0);
    for (let i = 0; i < n; i++) {
      const prob = sigmoid(eta[i]!);
      const residual = prob - labels[i]!;
      const w = prob * (1 - prob);
      const o = i * m;
      for (let a = 0; a < m; a++) {
        const za = z[o + a]!;
        gradient[a]! += residual * za;
        const wa = w * za;
        for (let b = 0; b <= a; b++) hessian[a * m + b]! += wa * z[o + b]!;
      }
    }
    gradientNorm = 0;
    for (let a = 0; a < m; a++) {
      gradient[a] = gradient[a]! / n + (a > 0 ? 2 * penalty * theta[a]! : 0);
      gradientNorm = Math.max(gradientNorm, Math.abs(gradient[a]!));
      for (let b = 0; b <= a; b++) {
        const h = hessian[a * m + b]! / n;
        hessian[a * m + b] = h;
        hessian[b * m + a] = h;
      }
      // The penalty's curvature, and a tiny floor so a separable set still gives a solvable step.
      hessian[a * m + a] = hessian[a * m + a]! + (a > 0 ? 2 * penalty : 0) + 1e-12;
    }
    if (gradientNorm <= tolerance) {
      converged = true;
      message = 'gradient below tolerance';
      break;
    }
    if (iterations >= maxIterations) break;
    const step = choleskySolve(hessian, gradient, m);
    if (step === undefined) {
      message = 'Hessian not positive definite (try a larger penalty)';
      break;
    }
    iterations++;
    const trial = new Float64Array(m);
    let length = 1;
    let improved = false;
    for (let halving = 0; halving < 40; halving++) {
      for (let k = 0; k < m; k++) trial[k] = theta[k]! - length * step[k]!;
      const trialValue = objective(trial);
      if (trialValue <= value) {
        theta.set(trial);
        improved = trialValue < value;
        value = trialValue;
        break;
      }
      length /= 2;
    }
    if (!improved) {
      objective(theta); // restore eta
      // No decrease along the Newton direction: at the optimum to machine precision.
      converged = gradientNorm <= Math.sqrt(tolerance);
      message = converged
        ? 'no further decrease (optimum to machine precision)'
        : 'line search failed to decrease the objective';
      break;
    }
  }
  return {
    means,
    scales,
    intercept: theta[0]!,
    coefficients: Array.from(theta.subarray(1)),
    converged,
    iterations,
    gradientNorm,
    message,
  };
}

/** The linear predictor β₀ + Σ_j β_j (x_j − mean_j) / scale_j of each row. O(n · p). */
export function linearPredictor(
  model: {
    readonly means: readonly number[];
    readonly scales: readonly number[];
    readonly intercept: number;
    readonly coefficients: readonly number[];
  },
  columns: readonly Float64Array[],
): Float64Array {
  const n = columns[0]?.length ?? 0;
  const out = new Float64Array(n).fill(model.intercept);
  columns.forEach((column, j) => {
    const beta = model.coefficients[j]! / model.scales[j]!;
    const mean = model.means[j]!;
    for (let i = 0; i < n; i++) out[i]! += beta * (column[i]! - mean);
  });
  return out;
}

/** A least-squares fit on standardised features. */
export interface LinearFit extends Standardisation {
  readonly intercept: number;
  readonly coefficients: number[];
}

/**
 * Least squares with a tiny ridge for stability: β̂ = (ZᵀZ + λ·n·I)⁻¹ Zᵀ(y − ȳ) on the
 * standardised (hence centred) features Z, intercept ȳ. λ = 1e-8 leaves well-posed fits unchanged
 * to about 8 digits and keeps collinear features (e.g. orders and frequency) solvable.
 * O(n · p² + p³).
 */
export function fitLinear(
  columns: readonly Float64Array[],
  target: ArrayLike<number>,
  ridge = 1e-8,
): LinearFit {
  const p = columns.length;
  const n = target.length;
  const { means, scales } = standardisation(columns);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += target[i]!;
  mean /= n;
  const gram = new Float64Array(p * p);
  const moment = new Float64Array(p);
  const zi = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) zi[j] = (columns[j]![i]! - means[j]!) / scales[j]!;
    const r = target[i]! - mean;
    for (let a = 0; a < p; a++) {
      const za = zi[a]!;
      moment[a]! += za * r;
      for (let b = 0; b <= a; b++) gram[a * p + b]! += za * zi[b]!;
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < a; b++) gram[b * p + a] = gram[a * p + b]!;
    gram[a * p + a] = gram[a * p + a]! + ridge * n;
  }
  const beta = choleskySolve(gram, moment, p);
  // With a positive ridge the matrix is positive definite; undefined only for overflowed sums.
  if (beta === undefined || !Number.isFinite(mean)) {
    throw new ClvError(
      issueOf(
        'FIT_FAILED',
        'linear regression failed: the normal equations are not solvable (overflow?)',
      ),
    );
  }
  return { means, scales, intercept: mean, coefficients: Array.from(beta) };
}
