/**
 * Optimisation support shared by the four-parameter purchase-model fits (BG/NBD, MBG/NBD,
 * Pareto/NBD): option checks, the rows the likelihood runs on, and the whitening that lets BFGS
 * converge in a few steps near the optimum.
 *
 * @module
 * @internal
 */
import { invalidOption } from '../errors/index.js';
import type { CustomerSummary } from '../summary/types.js';
import { type CollapsedRows, collapseRows, type WarningOptions } from './shared.js';

/** Options every four-parameter purchase-model fit takes (see `FitBgNbdOptions`). */
export interface FourParameterFitOptions<P> extends WarningOptions {
  readonly weights?: ArrayLike<number>;
  readonly penalty?: number;
  readonly starts?: readonly P[];
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

/** The option keys of {@link FourParameterFitOptions}. */
export const FIT_OPTION_KEYS: ReadonlySet<string> = new Set([
  'weights',
  'penalty',
  'starts',
  'maxIterations',
  'tolerance',
  'onWarning',
]);

/**
 * Checks a fit's options object: known keys only, and maxIterations, tolerance, onWarning and
 * starts (each with every parameter of `names` positive and finite). Weights and penalty are
 * checked where they are used.
 */
export function checkFitOptions<P>(
  options: FourParameterFitOptions<P>,
  names: readonly (keyof P & string)[],
): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalidOption('options', options, 'must be an object');
  for (const key of Object.keys(options)) {
    if (!FIT_OPTION_KEYS.has(key))
      invalidOption(key, (options as Record<string, unknown>)[key], 'is not a known option');
  }
  const { maxIterations, tolerance, onWarning, starts } = options;
  if (
    maxIterations !== undefined &&
    !(Number.isInteger(maxIterations) && maxIterations >= 1 && maxIterations <= 1e6)
  )
    invalidOption('maxIterations', maxIterations, 'must be an integer from 1 to 1e6');
  if (tolerance !== undefined && !(typeof tolerance === 'number' && tolerance > 0))
    invalidOption('tolerance', tolerance, 'must be a positive number');
  if (onWarning !== undefined && typeof onWarning !== 'function')
    invalidOption('onWarning', onWarning, 'must be a function');
  if (starts !== undefined) {
    if (!Array.isArray(starts) || starts.length === 0)
      invalidOption('starts', starts, `must be a non-empty array of { ${names.join(', ')} }`);
    starts.forEach((start, i) => {
      for (const name of names) {
        const value = (start as Partial<Record<string, unknown>> | null)?.[name];
        if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0))
          invalidOption(`starts[${i}].${name}`, value, 'must be a positive finite number');
      }
    });
  }
}

/**
 * Lower Cholesky factor of a symmetric 4 × 4 (row-major) matrix, or undefined when it is not
 * positive definite. (Only used to precondition the optimiser.)
 */
export function cholesky4(m: Float64Array): Float64Array | undefined {
  const l = new Float64Array(16);
  for (let j = 0; j < 4; j++) {
    let pivot = m[j * 4 + j]!;
    for (let k = 0; k < j; k++) pivot -= l[j * 4 + k]! ** 2;
    if (!(pivot > 0 && Number.isFinite(pivot))) return undefined;
    const d = Math.sqrt(pivot);
    l[j * 4 + j] = d;
    for (let i = j + 1; i < 4; i++) {
      let sum = m[i * 4 + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * 4 + k]! * l[j * 4 + k]!;
      l[i * 4 + j] = sum / d;
    }
  }
  return l;
}

/**
 * The objective in whitened coordinates y with φ = φ₀ + L⁻ᵀ y, where L Lᵀ is the Hessian of the
 * objective in φ at φ₀: near the optimum its Hessian in y is close to the identity, so BFGS
 * (which starts from a scaled identity) converges in a few steps. The gradient is L⁻¹ ∇_φ f.
 */
export function whitenedObjective(
  objective: (phi: ArrayLike<number>, gradient: Float64Array) => number,
  origin: Float64Array,
  lower: Float64Array,
) {
  const phi = new Float64Array(4);
  const gradientPhi = new Float64Array(4);
  const toPhi = (y: ArrayLike<number>, out: Float64Array): Float64Array => {
    // Solve Lᵀ d = y (back substitution), φ = φ₀ + d.
    for (let i = 3; i >= 0; i--) {
      let sum = y[i]!;
      for (let k = i + 1; k < 4; k++) sum -= lower[k * 4 + i]! * (out[k]! - origin[k]!);
      out[i] = origin[i]! + sum / lower[i * 4 + i]!;
    }
    return out;
  };
  const evaluate = (y: Float64Array, gradient: Float64Array): number => {
    const value = objective(toPhi(y, phi), gradientPhi);
    // Solve L g_y = g_φ (forward substitution).
    for (let i = 0; i < 4; i++) {
      let sum = gradientPhi[i]!;
      for (let k = 0; k < i; k++) sum -= lower[i * 4 + k]! * gradient[k]!;
      gradient[i] = sum / lower[i * 4 + i]!;
    }
    return value;
  };
  return { evaluate, toPhi: (y: ArrayLike<number>) => toPhi(y, new Float64Array(4)) };
}

/** Rows probed to decide whether collapsing identical rows pays. */
const COLLAPSE_PROBE = 16_384;

/**
 * The weighted rows the likelihood is evaluated on: identical (x, t_x, T) rows collapsed into
 * weights (see {@link collapseRows}), unless the first rows show that they hardly repeat (exact
 * elapsed times), in which case the rows are used as they are — the likelihood is the same, and
 * hashing a million distinct rows would cost more than it saves.
 */
export function likelihoodRows(
  summary: CustomerSummary,
  weights: Float64Array | undefined,
): LikelihoodRows {
  const { frequency: x, recency: tx, T } = summary;
  const n = x.length;
  if (n > 4 * COLLAPSE_PROBE) {
    const p = COLLAPSE_PROBE;
    const head = collapseRows(
      x.subarray(0, p),
      tx.subarray(0, p),
      T.subarray(0, p),
      weights?.subarray(0, p),
    );
    if (head.x.length > 0.9 * p) {
      return { x, tx, T, weight: weights ?? new Float64Array(n).fill(1) };
    }
  }
  return collapseRows(x, tx, T, weights);
}

/** Weighted (x, t_x, T) rows. */
export type LikelihoodRows = Pick<CollapsedRows, 'x' | 'tx' | 'T' | 'weight'>;

/** Largest absolute component, +∞ when any is NaN. */
export function infNorm(values: ArrayLike<number>): number {
  let norm = 0;
  for (let i = 0; i < values.length; i++) norm = Math.max(norm, Math.abs(values[i]!));
  return Number.isNaN(norm) ? Number.POSITIVE_INFINITY : norm;
}

/** The likelihood of a four-parameter model θ = (θ₀, θ₁, θ₂, θ₃), over its prepared data. */
export interface FourParameterLikelihood<D extends { readonly totalWeight: number }> {
  /** ln L summed over the rows; writes ∂ ln L/∂θ into `gradient`. */
  logLikelihood(
    data: D,
    t0: number,
    t1: number,
    t2: number,
    t3: number,
    gradient: Float64Array,
  ): number;
  /** ln L; writes its gradient and its Hessian in θ (row-major 4 × 4). */
  hessian(
    data: D,
    t0: number,
    t1: number,
    t2: number,
    t3: number,
    gradient: Float64Array,
    hessian: Float64Array,
  ): number;
  /** The data the likelihood runs on, from weighted rows. */
  prepare(rows: LikelihoodRows): D;
}

/**
 * −LL / W + c·Σθ² as a function of the log-parameters φ = ln θ, with its gradient: the objective
 * the fits minimise. W is the total weight of `data`.
 */
export function penalisedObjective<D extends { readonly totalWeight: number }>(
  model: FourParameterLikelihood<D>,
  data: D,
  penalty: number,
) {
  const gradientTheta = new Float64Array(4);
  const scale = 1 / data.totalWeight;
  return (phi: ArrayLike<number>, gradient: Float64Array): number => {
    const theta = [Math.exp(phi[0]!), Math.exp(phi[1]!), Math.exp(phi[2]!), Math.exp(phi[3]!)];
    const ll = model.logLikelihood(data, theta[0]!, theta[1]!, theta[2]!, theta[3]!, gradientTheta);
    let value = -ll * scale;
    for (let i = 0; i < 4; i++) {
      const t = theta[i]!;
      // d/dφ = θ · d/dθ; the penalty c·θ² contributes 2c·θ² in φ.
      gradient[i] = -gradientTheta[i]! * t * scale + 2 * penalty * t * t;
      value += penalty * t * t;
    }
    return value;
  };
}

/**
 * Hessian of −LL + W·c·Σθ² in the natural parameters θ at `theta` (analytic), with the gradient
 * of the same function in `gradient`. Row-major 4 × 4.
 */
function naturalHessian<D extends { readonly totalWeight: number }>(
  model: FourParameterLikelihood<D>,
  data: D,
  penalty: number,
  theta: readonly number[],
  gradient: Float64Array,
): { hessian: Float64Array; logLikelihood: number } {
  const hessian = new Float64Array(16);
  const logLikelihood = model.hessian(
    data,
    theta[0]!,
    theta[1]!,
    theta[2]!,
    theta[3]!,
    gradient,
    hessian,
  );
  const W = data.totalWeight;
  for (let i = 0; i < 4; i++) {
    gradient[i] = -gradient[i]! + 2 * penalty * W * theta[i]!;
    for (let j = 0; j < 4; j++) hessian[i * 4 + j] = -hessian[i * 4 + j]!;
    hessian[i * 5] = hessian[i * 5]! + 2 * penalty * W;
  }
  return { hessian, logLikelihood };
}

/** Distinct rows above which the first stage fits a systematic subsample. */
export const SUBSAMPLE_ROWS = 40_000;

/** Every `stride`-th row (a deterministic systematic subsample), prepared for `model`. */
export function subsample<D extends { readonly totalWeight: number }>(
  model: FourParameterLikelihood<D>,
  rows: LikelihoodRows,
  stride: number,
): D {
  const m = Math.ceil(rows.x.length / stride);
  const pick = (column: Float64Array) => {
    const out = new Float64Array(m);
    for (let i = 0, j = 0; j < m; i += stride, j++) out[j] = column[i]!;
    return out;
  };
  return model.prepare({
    x: pick(rows.x),
    tx: pick(rows.tx),
    T: pick(rows.T),
    weight: pick(rows.weight),
  });
}

/** The log-likelihood and the derivatives of the objective at a point. */
export interface Derivatives {
  /** Unpenalised ln L summed over customers. */
  readonly logLikelihood: number;
  /** Gradient of −LL / W + c·Σθ² in φ = ln θ. */
  readonly gradientPhi: Float64Array;
  /** Hessian of −LL / W + c·Σθ² in φ (row-major 4 × 4). */
  readonly hessianPhi: Float64Array;
  /** Hessian of −LL + W·c·Σθ² in θ: its inverse is the covariance of the estimates. */
  readonly hessianTheta: Float64Array;
}

/**
 * {@link Derivatives} at φ from one pass of the analytic Hessian; by the chain rule for θ = e^φ,
 * ∂²f/∂φᵢ∂φⱼ = θᵢθⱼ ∂²f/∂θᵢ∂θⱼ + δᵢⱼ θᵢ ∂f/∂θᵢ.
 */
export function derivativesAt<D extends { readonly totalWeight: number }>(
  model: FourParameterLikelihood<D>,
  data: D,
  penalty: number,
  phi: ArrayLike<number>,
): Derivatives {
  const theta = Array.from(phi, Math.exp);
  const gradientTheta = new Float64Array(4);
  const { hessian: hessianTheta, logLikelihood } = naturalHessian(
    model,
    data,
    penalty,
    theta,
    gradientTheta,
  );
  const W = data.totalWeight;
  const gradientPhi = new Float64Array(4);
  const hessianPhi = new Float64Array(16);
  for (let i = 0; i < 4; i++) {
    gradientPhi[i] = (theta[i]! * gradientTheta[i]!) / W;
    for (let j = 0; j < 4; j++) {
      hessianPhi[i * 4 + j] = (theta[i]! * theta[j]! * hessianTheta[i * 4 + j]!) / W;
    }
    hessianPhi[i * 5] = hessianPhi[i * 5]! + gradientPhi[i]!;
  }
  return { logLikelihood, gradientPhi, hessianPhi, hessianTheta };
}
