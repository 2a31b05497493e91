/**
 * Maximum-likelihood machinery shared by the discrete-time models (BG/BB and the shifted-beta-
 * geometric): BFGS on the log-parameters followed by Newton steps with the analytic Hessian, then
 * standard errors and the usual warnings; plus the rising-factorial helpers their likelihoods are
 * made of. Internal (not exported from the package).
 *
 * @module
 */
import { ClvError, invalidOption, issueOf } from '../../errors/index.js';
import { digamma, invertSymmetric, logGamma, minimize, trigamma } from '../../math/index.js';
import { emitWarning, standardErrorsFromCovariance, type WarningOptions } from '../shared.js';

/** Rising factorials of up to this many factors are summed term by term; above, via Γ. */
const DIRECT_TERMS = 32;

/**
 * ln Γ(a + k) − ln Γ(a) = Σ_{m<k} ln(a + m) for an integer k ≥ 0: the log of the rising factorial
 * (a)_k. Summed directly for small k (exact to rounding, no cancellation), by logGamma
 * differences above. O(min(k, 32)).
 *
 * @internal
 * @example
 * ```ts
 * import { logRising } from './mle.js'; // internal
 * logRising(2, 3); // ln(2·3·4) = ln 24
 * ```
 */
export function logRising(a: number, k: number): number {
  if (k <= DIRECT_TERMS) {
    let sum = 0;
    for (let m = 0; m < k; m++) sum += Math.log(a + m);
    return sum;
  }
  return logGamma(a + k) - logGamma(a);
}

/**
 * ψ(a + k) − ψ(a) = Σ_{m<k} 1/(a + m) for an integer k ≥ 0 (derivative of {@link logRising} in
 * a). O(min(k, 32)).
 *
 * @internal
 * @example
 * ```ts
 * import { digammaRising } from './mle.js'; // internal
 * digammaRising(1, 2); // 1 + 1/2
 * ```
 */
export function digammaRising(a: number, k: number): number {
  if (k <= DIRECT_TERMS) {
    let sum = 0;
    for (let m = 0; m < k; m++) sum += 1 / (a + m);
    return sum;
  }
  return digamma(a + k) - digamma(a);
}

/**
 * ψ′(a + k) − ψ′(a) = −Σ_{m<k} 1/(a + m)² for an integer k ≥ 0 (second derivative of
 * {@link logRising} in a). O(min(k, 32)).
 *
 * @internal
 * @example
 * ```ts
 * import { trigammaRising } from './mle.js'; // internal
 * trigammaRising(1, 2); // −(1 + 1/4)
 * ```
 */
export function trigammaRising(a: number, k: number): number {
  if (k <= DIRECT_TERMS) {
    let sum = 0;
    for (let m = 0; m < k; m++) sum -= 1 / ((a + m) * (a + m));
    return sum;
  }
  return trigamma(a + k) - trigamma(a);
}

/**
 * A log-likelihood in the natural parameters θ: returns ln L(θ) (weights applied) and writes
 * ∂ ln L/∂θ into `gradient` and, when given, ∂² ln L/∂θ∂θᵀ (row-major) into `hessian`.
 */
export type LogLikelihoodFunction = (
  theta: Float64Array,
  gradient: Float64Array,
  hessian: Float64Array | undefined,
) => number;

/** What {@link maximizeLikelihood} needs besides the likelihood. */
export interface MleSettings<N extends string> {
  /** Model kind, used in messages. */
  readonly kind: string;
  /** Parameter names in θ order. */
  readonly names: readonly N[];
  /** Total weight W (customers): the objective is −ln L / W + c·Σθ². */
  readonly totalWeight: number;
  /** L2 penalty coefficient c ≥ 0. */
  readonly penalty: number;
  /** Starting points (natural parameters, positive); the first is x0, the rest further starts. */
  readonly starts: readonly (readonly number[])[];
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly options: WarningOptions;
}

/** The optimum and everything a fit reports about it. */
export interface MleResult<N extends string> {
  readonly theta: readonly number[];
  readonly logLikelihood: number;
  readonly standardErrors: Readonly<Record<N, number>> | undefined;
  readonly converged: boolean;
  readonly iterations: number;
  readonly gradientNorm: number;
  readonly message: string;
  readonly warnings: string[];
}

/** Parameters beyond e^±this mean the likelihood ran off to a boundary of the space. */
const LOG_PARAMETER_BOUND = Math.log(1e6);
/** Most Newton steps after BFGS. */
const NEWTON_STEPS = 6;

function infNorm(values: ArrayLike<number>): number {
  let norm = 0;
  for (let i = 0; i < values.length; i++) norm = Math.max(norm, Math.abs(values[i]!));
  return Number.isNaN(norm) ? Number.POSITIVE_INFINITY : norm;
}

/** Solves A x = b for a symmetric positive-definite p × p A by Cholesky; undefined if not PD. */
function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array | undefined {
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let pivot = a[j * p + j]!;
    for (let k = 0; k < j; k++) pivot -= l[j * p + k]! ** 2;
    if (!(pivot > 0 && Number.isFinite(pivot))) return undefined;
    const d = Math.sqrt(pivot);
    l[j * p + j] = d;
    for (let i = j + 1; i < p; i++) {
      let sum = a[i * p + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * p + k]! * l[j * p + k]!;
      l[i * p + j] = sum / d;
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * p + k]! * y[k]!;
    y[i] = sum / l[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < p; k++) sum -= l[k * p + i]! * x[k]!;
    x[i] = sum / l[i * p + i]!;
  }
  return x;
}

/** Value, gradient and Hessian of the objective in φ = ln θ, and the θ-Hessian for covariances. */
interface Point {
  readonly phi: Float64Array;
  readonly logLikelihood: number;
  readonly value: number;
  readonly gradientPhi: Float64Array;
  readonly hessianPhi: Float64Array;
  /** Hessian of −ln L + W·c·Σθ² in θ: its inverse is the covariance of the estimates. */
  readonly hessianTheta: Float64Array;
}

/**
 * Maximises `logLikelihood` over θ > 0: BFGS ({@link minimize}) on φ = ln θ of
 * f(φ) = −ln L / W + c·Σθ² from every start, then up to six Newton steps with the analytic
 * Hessian in φ (by the chain rule ∂²f/∂φᵢ∂φⱼ = θᵢθⱼ ∂²f/∂θᵢ∂θⱼ + δᵢⱼ θᵢ ∂f/∂θᵢ) within what is
 * left of `maxIterations`, each kept only
 * when it shrinks the gradient — a test that still works where rounding in f stops the line
 * search. Converged when the final gradient (inf-norm, in φ) is ≤ `tolerance` or BFGS met its
 * own test. Standard errors from the inverse Hessian of −ln L (+ W·c·Σθ²) in θ; warnings for
 * non-convergence, parameters running towards 0 or ∞, and a Hessian that is not positive
 * definite. O(evaluations × cost of the likelihood).
 *
 * @throws {ClvError} `FIT_FAILED` when no start gives a finite likelihood or the optimum is not
 *   finite.
 * @internal
 * @example
 * ```ts
 * import { maximizeLikelihood } from './mle.js'; // internal
 * // ln L = 3 ln θ − θ (maximum at θ = 3)
 * maximizeLikelihood((t, g, h) => { g[0] = 3 / t[0] - 1; if (h) h[0] = -3 / t[0] ** 2; return 3 * Math.log(t[0]) - t[0]; },
 *   { kind: 'demo', names: ['theta'], totalWeight: 1, penalty: 0, starts: [[1]], maxIterations: 100, tolerance: 1e-10, options: {} });
 * ```
 */
export function maximizeLikelihood<N extends string>(
  logLikelihood: LogLikelihoodFunction,
  settings: MleSettings<N>,
): MleResult<N> {
  const { kind, names, totalWeight: W, penalty: c, tolerance, options } = settings;
  const p = names.length;
  const theta = new Float64Array(p);
  const gradientTheta = new Float64Array(p);
  const objective = (phi: Float64Array, gradient: Float64Array): number => {
    for (let i = 0; i < p; i++) theta[i] = Math.exp(phi[i]!);
    const ll = logLikelihood(theta, gradientTheta, undefined);
    if (!Number.isFinite(ll)) return Number.NaN;
    let value = -ll / W;
    for (let i = 0; i < p; i++) {
      const t = theta[i]!;
      // d/dφ = θ · d/dθ; the penalty c·θ² contributes 2c·θ² in φ.
      gradient[i] = (-gradientTheta[i]! * t) / W + 2 * c * t * t;
      value += c * t * t;
    }
    return value;
  };
  const at = (phi: Float64Array): Point => {
    const th = Float64Array.from(phi, Math.exp);
    const g = new Float64Array(p);
    const h = new Float64Array(p * p);
    const ll = logLikelihood(th, g, h);
    const hessianTheta = new Float64Array(p * p);
    const gradientPhi = new Float64Array(p);
    const hessianPhi = new Float64Array(p * p);
    let value = -ll / W;
    for (let i = 0; i < p; i++) {
      value += c * th[i]! ** 2;
      for (let j = 0; j < p; j++) hessianTheta[i * p + j] = -h[i * p + j]!;
      hessianTheta[i * p + i] = hessianTheta[i * p + i]! + 2 * c * W;
      gradientPhi[i] = (th[i]! * (-g[i]! + 2 * c * W * th[i]!)) / W;
    }
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        hessianPhi[i * p + j] = (th[i]! * th[j]! * hessianTheta[i * p + j]!) / W;
      }
      hessianPhi[i * p + i] = hessianPhi[i * p + i]! + gradientPhi[i]!;
    }
    return { phi, logLikelihood: ll, value, gradientPhi, hessianPhi, hessianTheta };
  };

  const starts = settings.starts.map((s) => Float64Array.from(s, Math.log));
  const result = minimize(objective, starts[0]!, {
    maxIterations: settings.maxIterations,
    gradientTolerance: tolerance,
    relativeTolerance: 1e-14,
    starts: starts.slice(1),
  });
  if (!result.x.every(Number.isFinite) || !Number.isFinite(result.value)) {
    throw new ClvError(
      issueOf(
        'FIT_FAILED',
        `${kind} fit failed: the log-likelihood is not finite at any start (try other starts)`,
      ),
    );
  }
  let point = at(result.x);
  let newtonSteps = 0;
  // Newton steps share the iteration budget with BFGS.
  const budget = Math.min(NEWTON_STEPS, settings.maxIterations - result.iterations);
  for (let step = 0; step < budget; step++) {
    const norm = infNorm(point.gradientPhi);
    if (!(norm > 0)) break;
    const direction = choleskySolve(point.hessianPhi, point.gradientPhi, p);
    if (direction === undefined) break;
    const next = at(point.phi.map((v, i) => v - direction[i]!));
    if (!(Number.isFinite(next.logLikelihood) && infNorm(next.gradientPhi) < norm)) break;
    point = next;
    newtonSteps++;
  }
  const estimates = Array.from(point.phi, Math.exp);
  names.forEach((name, i) => {
    const value = estimates[i]!;
    if (!(Number.isFinite(value) && value > 0)) {
      throw new ClvError(
        issueOf(
          'FIT_FAILED',
          `${kind} fit failed: parameter ${name} = ${value} is not a finite positive number (try a penalty or other starts)`,
          undefined,
          name,
          value,
        ),
      );
    }
  });
  const gradientNorm = infNorm(point.gradientPhi);
  if (!Number.isFinite(point.logLikelihood) || !Number.isFinite(gradientNorm)) {
    throw new ClvError(
      issueOf(
        'FIT_FAILED',
        `${kind} fit failed: log-likelihood ${point.logLikelihood}, gradient norm ${gradientNorm} at the optimum`,
      ),
    );
  }
  const converged = result.converged || gradientNorm <= tolerance;
  const message =
    newtonSteps > 0
      ? `${result.message}; then ${newtonSteps} Newton step${newtonSteps > 1 ? 's' : ''}`
      : result.message;
  const warnings: string[] = [];
  if (!converged) {
    emitWarning(
      warnings,
      `${kind} fit did not converge after ${result.iterations + newtonSteps} iterations (gradient norm ${gradientNorm.toPrecision(3)}): ${message}`,
      options,
    );
  }
  names.forEach((name, i) => {
    if (Math.abs(point.phi[i]!) > LOG_PARAMETER_BOUND) {
      emitWarning(
        warnings,
        `${kind} parameter ${name} = ${estimates[i]} ran towards ${point.phi[i]! > 0 ? 'infinity' : 'zero'}: the data barely identify it (try more data, or a penalty)`,
        options,
      );
    }
  });
  const standardErrors = standardErrorsFromCovariance(
    invertSymmetric(point.hessianTheta, p),
    names,
  );
  if (standardErrors === undefined) {
    emitWarning(
      warnings,
      `${kind} standard errors unavailable: the Hessian of −LL is not positive definite at the returned parameters, so these data do not pin them down (a ridge or a boundary of the parameter space)`,
      options,
    );
  }
  return {
    theta: estimates,
    logLikelihood: point.logLikelihood,
    standardErrors,
    converged,
    iterations: result.iterations + newtonSteps,
    gradientNorm,
    message,
    warnings,
  };
}

/** Options every discrete-time fit accepts (besides its data). */
export interface MleOptions extends WarningOptions {
  readonly penalty?: number;
  readonly maxIterations?: number;
  readonly tolerance?: number;
  readonly starts?: readonly object[];
}

/**
 * Checks an options object of a discrete-time fit: known keys only, `maxIterations` an integer in
 * [1, 1e6], `tolerance` > 0, `onWarning` a function, `starts` a non-empty array of records with a
 * positive finite value for every name. O(starts × parameters).
 *
 * @throws {ClvError} `INVALID_OPTION` naming the option.
 * @internal
 * @example
 * ```ts
 * import { checkMleOptions } from './mle.js'; // internal
 * checkMleOptions({ tolerance: 1e-9 }, new Set(['tolerance']), ['alpha', 'beta']);
 * ```
 */
export function checkMleOptions(
  options: MleOptions,
  keys: ReadonlySet<string>,
  names: readonly string[],
): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalidOption('options', options, 'must be an object');
  for (const key of Object.keys(options)) {
    if (!keys.has(key))
      invalidOption(key, (options as Record<string, unknown>)[key], 'is not a known option');
  }
  const { maxIterations, tolerance, onWarning, starts } = options;
  if (
    maxIterations !== undefined &&
    !(Number.isInteger(maxIterations) && maxIterations >= 1 && maxIterations <= 1e6)
  )
    invalidOption('maxIterations', maxIterations, 'must be an integer from 1 to 1e6');
  if (
    tolerance !== undefined &&
    !(typeof tolerance === 'number' && tolerance > 0 && Number.isFinite(tolerance))
  )
    invalidOption('tolerance', tolerance, 'must be a positive finite number');
  if (onWarning !== undefined && typeof onWarning !== 'function')
    invalidOption('onWarning', onWarning, 'must be a function');
  if (starts !== undefined) {
    if (!Array.isArray(starts) || starts.length === 0)
      invalidOption('starts', starts, `must be a non-empty array of { ${names.join(', ')} }`);
    starts.forEach((start, i) => {
      for (const name of names) {
        const value = (start as Record<string, unknown> | null)?.[name];
        if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0))
          invalidOption(`starts[${i}].${name}`, value, 'must be a positive finite number');
      }
    });
  }
}
