import { ClvError, invalidOption, issueOf } from '../../errors/index.js';
import { invertSymmetric, minimize, numericalHessian } from '../../math/index.js';
import type { CustomerSummary } from '../../summary/types.js';
import {
  checkFitOptions,
  cholesky4,
  infNorm,
  type LikelihoodRows,
  likelihoodRows,
  whitenedObjective,
} from '../fit-support.js';
import {
  checkFiniteParams,
  checkModelColumns,
  checkPenalty,
  checkWeights,
  emitWarning,
  freezeFit,
  type ModelDiagnostics,
  standardErrorsFromCovariance,
  warnIfNotConverged,
} from '../shared.js';
import {
  type ParetoNbdData,
  paretoNbdLogLikelihoodOf,
  prepareParetoNbdData,
} from './likelihood.js';
import {
  type FitParetoNbdOptions,
  PARETO_NBD_PARAMETERS,
  type ParetoNbdFit,
  type ParetoNbdLogLikelihoodOptions,
  type ParetoNbdParams,
} from './types.js';

/**
 * Defaults of {@link FitParetoNbdOptions}: no penalty, at most 500 BFGS iterations per stage and
 * start, tolerance 1e-9 (largest component of the whitened gradient, see
 * {@link FitParetoNbdOptions.tolerance}).
 *
 * @example
 * ```ts
 * import { FIT_PARETO_NBD_DEFAULTS } from 'clvkit';
 * FIT_PARETO_NBD_DEFAULTS.maxIterations; // 500
 * ```
 */
export const FIT_PARETO_NBD_DEFAULTS = Object.freeze({
  penalty: 0,
  maxIterations: 500,
  tolerance: 1e-9,
});

/** Parameters beyond these bounds mean the likelihood ran off to a boundary of the space. */
const LOG_PARAMETER_BOUND = Math.log(1e6);
/**
 * The optimiser is kept inside |ln θ| ≤ this (θ from 5e-7 to 2e6): beyond 1e6 a parameter is
 * reported as not identified anyway, and far out the likelihood's series need many more terms (a
 * 5-customer fit once wandered to θ ≈ 1e7..1e8 and took 37 s).
 */
const LOG_PARAMETER_LIMIT = Math.log(2e6);

/**
 * A deterministic start from the data: r = 1 and α = Σw·T / Σw·x (the mean purchase rate r / α
 * matches the observed repeat rate; Σw·x is floored at 1 % of the customers so that data without
 * repeat purchases still give a finite start), s = 1 and β = Σw·T / Σw (a mean lifetime of the
 * order of the observation period).
 */
function defaultStart(data: ParetoNbdData): ParetoNbdParams {
  const purchases = Math.max(data.weightedX, 0.01 * data.totalWeight);
  return {
    r: 1,
    alpha: data.weightedT / purchases,
    s: 1,
    beta: data.weightedT / data.totalWeight,
  };
}

/** The last evaluation of a likelihood, kept so that the fit does not repeat it. */
interface Memo {
  theta: Float64Array;
  logLikelihood: number;
  gradient: Float64Array;
}

/**
 * {@link paretoNbdLogLikelihoodOf} that records its last evaluation in `memo`, and answers from it
 * when asked again at the same point (a pass over all rows saved).
 */
function rememberedLogLikelihood(
  data: ParetoNbdData,
  memo: Memo,
  theta: ArrayLike<number>,
  gradient: Float64Array,
): number {
  if (
    theta[0] === memo.theta[0] &&
    theta[1] === memo.theta[1] &&
    theta[2] === memo.theta[2] &&
    theta[3] === memo.theta[3] &&
    !Number.isNaN(memo.logLikelihood)
  ) {
    gradient.set(memo.gradient);
    return memo.logLikelihood;
  }
  const ll = paretoNbdLogLikelihoodOf(data, theta[0]!, theta[1]!, theta[2]!, theta[3]!, gradient);
  memo.theta.set(theta);
  memo.gradient.set(gradient);
  memo.logLikelihood = ll;
  return ll;
}

/**
 * −LL / W + c·Σθ² as a function of the log-parameters φ = ln θ, with its gradient: the objective
 * minimised by {@link fitParetoNbd}. W is the total weight of `data`. Infinite outside
 * |φ| ≤ {@link LOG_PARAMETER_LIMIT}, which makes the line search step back.
 */
function penalisedObjective(data: ParetoNbdData, penalty: number, memo?: Memo) {
  const gradientTheta = new Float64Array(4);
  const theta = new Float64Array(4);
  const scale = 1 / data.totalWeight;
  return (phi: ArrayLike<number>, gradient: Float64Array): number => {
    for (let i = 0; i < 4; i++) {
      if (!(Math.abs(phi[i]!) <= LOG_PARAMETER_LIMIT)) return Number.POSITIVE_INFINITY;
      theta[i] = Math.exp(phi[i]!);
    }
    const ll =
      memo === undefined
        ? paretoNbdLogLikelihoodOf(data, theta[0]!, theta[1]!, theta[2]!, theta[3]!, gradientTheta)
        : rememberedLogLikelihood(data, memo, theta, gradientTheta);
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
 * −LL + W·c·Σθ² and its gradient in the natural parameters θ = (r, α, s, β): the function whose
 * Hessian, inverted, is the covariance of the estimates.
 */
function naturalObjective(data: ParetoNbdData, penalty: number) {
  const W = data.totalWeight;
  return (theta: ArrayLike<number>, gradient: Float64Array): number => {
    for (let i = 0; i < 4; i++) if (!(theta[i]! > 0)) return Number.NaN;
    const ll = paretoNbdLogLikelihoodOf(data, theta[0]!, theta[1]!, theta[2]!, theta[3]!, gradient);
    let value = -ll;
    for (let i = 0; i < 4; i++) {
      gradient[i] = -gradient[i]! + 2 * penalty * W * theta[i]!;
      value += penalty * W * theta[i]! * theta[i]!;
    }
    return value;
  };
}

/** Distinct rows above which the first stage fits a systematic subsample. */
const SUBSAMPLE_ROWS = 20_000;

/** Every `stride`-th row (a deterministic systematic subsample). */
function subsample(rows: LikelihoodRows, stride: number): ParetoNbdData {
  const m = Math.ceil(rows.x.length / stride);
  const pick = (column: Float64Array) => {
    const out = new Float64Array(m);
    for (let i = 0, j = 0; j < m; i += stride, j++) out[j] = column[i]!;
    return out;
  };
  return prepareParetoNbdData({
    x: pick(rows.x),
    tx: pick(rows.tx),
    T: pick(rows.T),
    weight: pick(rows.weight),
  });
}

/**
 * Estimated distance to the optimum (largest |Δ ln θ|) below which the Hessian of the full
 * objective is taken, when the first stage ran on a subsample.
 */
const REFRESH_DISTANCE = 1e-4;

/**
 * Largest |Δ ln θ| between the point of that Hessian and the optimum at which it also gives the
 * standard errors (their relative change is of the same order).
 */
const REUSE_DISTANCE = 5e-4;

/** Δφ = L⁻ᵀ g: the step in φ of whitened Newton step −g, sign aside (back substitution). */
function fromWhitened(lower: Float64Array, g: Float64Array): Float64Array {
  const out = new Float64Array(4);
  for (let i = 3; i >= 0; i--) {
    let sum = g[i]!;
    for (let k = i + 1; k < 4; k++) sum -= lower[k * 4 + i]! * out[k]!;
    out[i] = sum / lower[i * 4 + i]!;
  }
  return out;
}

/**
 * The Hessian of f(φ) = F(e^φ) / W from that of F in θ and its gradient:
 * ∂²f/∂φᵢ∂φⱼ = (θᵢθⱼ ∂²F/∂θᵢ∂θⱼ + δᵢⱼ θᵢ ∂F/∂θᵢ) / W.
 */
function phiHessian(
  hessian: Float64Array,
  theta: Float64Array,
  gradient: Float64Array,
  W: number,
): Float64Array {
  const out = new Float64Array(16);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      out[i * 4 + j] =
        (theta[i]! * theta[j]! * hessian[i * 4 + j]! + (i === j ? theta[i]! * gradient[i]! : 0)) /
        W;
    }
  }
  return out;
}

/** Most preconditioned Newton steps before BFGS takes over. */
const NEWTON_STEPS = 12;

/**
 * Minimises a whitened objective from y = 0: steps y ← y − ∇f(y) (Newton's step if the
 * whitening were exact) kept while they lower f (up to rounding) and shrink the gradient, then
 * BFGS from the last point when the gradient is still above `tolerance`.
 */
function newtonThenBfgs(
  objective: (y: Float64Array, gradient: Float64Array) => number,
  maxIterations: number,
  tolerance: number,
): {
  x: Float64Array;
  converged: boolean;
  iterations: number;
  gradientNorm: number;
  message: string;
} {
  let y = new Float64Array(4);
  let gradient = new Float64Array(4);
  let value = objective(y, gradient);
  let steps = 0;
  for (; steps < NEWTON_STEPS && infNorm(gradient) > tolerance; steps++) {
    const next = y.map((v, i) => v - gradient[i]!);
    const nextGradient = new Float64Array(4);
    const nextValue = objective(next, nextGradient);
    if (
      !(
        Number.isFinite(nextValue) &&
        nextValue <= value + 1e-13 * Math.max(1, Math.abs(value)) &&
        infNorm(nextGradient) < infNorm(gradient)
      )
    )
      break;
    y = next;
    gradient = nextGradient;
    value = nextValue;
  }
  const norm = infNorm(gradient);
  if (norm <= tolerance) {
    return {
      x: y,
      converged: true,
      iterations: steps,
      gradientNorm: norm,
      message: 'gradient norm below tolerance',
    };
  }
  const result = minimize(objective, y, {
    maxIterations,
    gradientTolerance: tolerance,
    relativeTolerance: 1e-14,
  });
  return { ...result, iterations: steps + result.iterations };
}

/**
 * The Hessian at `theta` by forward differences of the analytic gradient (`gradient` is the
 * gradient at `theta`): column j is (∇f(θ + hⱼeⱼ) − ∇f(θ)) / hⱼ with hⱼ = 1e-6·θⱼ made exactly
 * representable, then symmetrised. Four passes over the rows instead of the eight of central
 * differences; relative accuracy about 1e-6, ample for standard errors.
 */
function forwardHessian(
  objective: (theta: ArrayLike<number>, gradient: Float64Array) => number,
  theta: ArrayLike<number>,
  gradient: ArrayLike<number>,
): Float64Array {
  const hessian = new Float64Array(16);
  const shifted = new Float64Array(4);
  for (let j = 0; j < 4; j++) {
    const point = Float64Array.from(theta);
    point[j] = theta[j]! * (1 + 1e-6);
    const step = point[j]! - theta[j]!;
    const value = objective(point, shifted);
    for (let i = 0; i < 4; i++) {
      hessian[i * 4 + j] = Number.isFinite(value)
        ? (shifted[i]! - gradient[i]!) / step
        : Number.NaN;
    }
  }
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (hessian[i * 4 + j]! + hessian[j * 4 + i]!);
      hessian[i * 4 + j] = mean;
      hessian[j * 4 + i] = mean;
    }
  }
  return hessian;
}

/** The Hessian of the penalised objective in φ at `phi` (central differences of its gradient). */
function hessianInPhi(data: ParetoNbdData, penalty: number, phi: Float64Array): Float64Array {
  return numericalHessian(penalisedObjective(data, penalty), phi, { relativeStep: 1e-4 });
}

/**
 * Fits the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) to a customer summary by
 * maximum likelihood: the log-likelihood of Fader & Hardie's note ("A note on deriving the
 * Pareto/NBD model and related expressions", 2005, section 3), summed over customers, maximised over
 * ln r, ln α, ln s, ln β by BFGS with its analytic gradient. The note's Gauss hypergeometric terms
 * (argument (α − β)/(α + t) when α ≥ β, (β − α)/(β + t) otherwise) are evaluated after Euler's
 * transformation as series of positive terms, in log space, and differentiated term by term
 * alongside their value: nothing overflows for x in the thousands and α = β is an ordinary point.
 * Rows with identical (frequency, recency, T) are merged into one weighted row first when they
 * repeat, so each evaluation costs O(distinct rows): a few logarithms and one or two short series
 * per row (none for t_x = T; one per distinct x for the customers with t_x = 0).
 *
 * Two stages: (1) BFGS from the start(s) to a rough optimum (gradient 1e-6), on a systematic
 * subsample of about 20,000 rows when there are more; (2) on all rows, in coordinates whitened
 * by the Hessian at that point (central differences of the analytic gradient on the subsample),
 * steps y ← y − ∇f(y) (Newton-like: a few passes over the rows), then BFGS if they stall, to
 * `tolerance`. Standard errors: square roots
 * of the diagonal of the inverse Hessian of −LL (+ W·c·Σθ² when penalised) in (r, α, s, β), from
 * forward differences of the analytic gradient on all rows (four more passes). On a subsample,
 * that Hessian is taken as soon as a step puts the optimum within 1e-4 in ln θ, and then also
 * whitens the last steps; it serves the standard errors when the optimum was indeed within
 * 5e-4 (they move by about that relatively; else it is retaken at the optimum). About nine
 * passes over a million distinct rows in all.
 *
 * Starting point: r = 1, α = Σ T / Σ x, s = 1, β = mean T unless `options.starts` is given (then
 * every start is tried). With `penalty` c > 0 the objective is −LL / W + c·(r² + α² + s² + β²)
 * (W the number of customers), as Python lifetimes' `penalizer_coef`; `logLikelihood` is always
 * the unpenalised total. A fit that did not converge, whose parameters ran off towards 0 or ∞
 * (e.g. no repeat purchases at all), or whose Hessian is not positive definite is returned with
 * `diagnostics.converged` false and/or warnings in `diagnostics.warnings` (also sent to
 * `options.onWarning`). The optimiser stays within 5e-7 ≤ θ ≤ 2e6. On a handful of customers that
 * do not identify the model (parameters running to that wall, with α and β far apart) a fit can
 * take seconds, spent in the 2F1 continuation; a small `penalty` avoids it.
 *
 * @param summary - per-customer summary (frequency = x, recency = t_x, T) in its `unit`, which
 *   becomes the fit's `timeUnit`.
 * @param options - see {@link FitParetoNbdOptions}; defaults in {@link FIT_PARETO_NBD_DEFAULTS}.
 * @throws {ClvError} `EMPTY_INPUT` for an empty summary; `INVALID_ARGUMENT` for unusable rows
 *   (row and field named); `INVALID_OPTION` for bad options; `FIT_FAILED` when the optimum is not
 *   finite.
 * @example
 * ```ts
 * import { fitParetoNbd, simulateParetoNbd } from 'clvkit';
 * const summary = simulateParetoNbd(
 *   { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 },
 *   { customers: 5000, T: 52, unit: 'week', seed: 1 },
 * );
 * const fit = fitParetoNbd(summary);
 * fit.params; // close to { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }
 * fit.diagnostics.converged; // true
 * ```
 */
export function fitParetoNbd(
  summary: CustomerSummary,
  options: FitParetoNbdOptions = {},
): ParetoNbdFit {
  checkFitOptions(options, PARETO_NBD_PARAMETERS);
  checkModelColumns(summary);
  const n = summary.frequency.length;
  if (n === 0)
    throw new ClvError(issueOf('EMPTY_INPUT', 'fitParetoNbd needs at least one customer'));
  const penalty = checkPenalty(options.penalty);
  const weights = checkWeights(options.weights, n);
  const rows = likelihoodRows(summary, weights);
  const data = prepareParetoNbdData(rows);
  const warnings: string[] = [];
  if (!(data.weightedX > 0)) {
    emitWarning(
      warnings,
      'pareto-nbd: no customer has a repeat purchase (every frequency is 0), so purchase rates and lifetimes cannot be told apart; the parameters are not identified',
      options,
    );
  }

  const tolerance = options.tolerance ?? FIT_PARETO_NBD_DEFAULTS.tolerance;
  const maxIterations = options.maxIterations ?? FIT_PARETO_NBD_DEFAULTS.maxIterations;
  // Stage 1: BFGS from the start(s) to a rough optimum, on a systematic subsample of the rows
  // when there are many (its per-customer objective has nearly the same optimum).
  const stride = Math.ceil(data.rows / SUBSAMPLE_ROWS);
  const roughData = stride > 1 ? subsample(rows, stride) : data;
  const starts = (options.starts ?? [defaultStart(data)]).map((s) =>
    Float64Array.of(Math.log(s.r), Math.log(s.alpha), Math.log(s.s), Math.log(s.beta)),
  );
  const rough = minimize(penalisedObjective(roughData, penalty), starts[0]!, {
    maxIterations,
    gradientTolerance: Math.max(tolerance, 1e-6),
    relativeTolerance: 1e-10,
    starts: starts.slice(1),
  });
  // Stage 2: on all rows, in coordinates whitened by the Hessian at the rough optimum (from the
  // subsample): Newton-like steps y ← y − ∇f(y) while they shrink the gradient — each one pass
  // over the rows, cutting the gradient by the mismatch between the subsample's Hessian and the
  // full one (a few per cent) — then BFGS if they stall short of `tolerance`.
  const origin = rough.x.every(Number.isFinite) ? rough.x : starts[0]!;
  const lower = cholesky4(hessianInPhi(roughData, penalty, origin));
  const memo: Memo = {
    theta: new Float64Array(4),
    logLikelihood: Number.NaN,
    gradient: new Float64Array(4),
  };
  const objective = penalisedObjective(data, penalty, memo);
  let whitened = whitenedObjective(
    objective,
    origin,
    lower ?? Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1),
  );
  // A subsample's Hessian whitens the full objective only roughly (the s–β direction is weakly
  // determined, and the subsample's optimum lies standard errors away, where the curvature
  // differs): such steps cut the gradient only about five-fold each. So, on a subsample, (a) after
  // the first step the subsample's Hessian is retaken at the new point (no full pass), and (b)
  // once the step estimates the optimum within {@link REFRESH_DISTANCE} in ln θ, the full
  // objective's Hessian is taken there (forward differences of the analytic gradient: four
  // passes) — to whiten the last steps (each then cuts the gradient about a thousand-fold) and,
  // if the optimum is indeed that close, as the Hessian of the standard errors (its relative
  // change over such a distance is of the same order, far below their precision).
  let refreshed: { phi: Float64Array; hessian: Float64Array } | undefined;
  let firstSteps = 0;
  if (stride > 1 && lower !== undefined) {
    let current = lower;
    let y: Float64Array = new Float64Array(4);
    let g = new Float64Array(4);
    let value = whitened.evaluate(y, g);
    while (firstSteps < NEWTON_STEPS && infNorm(g) > tolerance) {
      const next = y.map((v, i) => v - g[i]!);
      const nextGradient = new Float64Array(4);
      const nextValue = whitened.evaluate(next, nextGradient);
      if (
        !(
          Number.isFinite(nextValue) &&
          nextValue <= value + 1e-13 * Math.max(1, Math.abs(value)) &&
          infNorm(nextGradient) < infNorm(g)
        )
      )
        break;
      firstSteps++;
      y = next;
      g = nextGradient;
      value = nextValue;
      const phi = whitened.toPhi(y);
      if (infNorm(fromWhitened(current, g)) <= REFRESH_DISTANCE) {
        const theta1 = phi.map(Math.exp);
        const W = data.totalWeight;
        // The memo holds the gradient at θ₁ (the last evaluation).
        const gradientF = theta1.map((t, i) => -memo.gradient[i]! + 2 * penalty * W * t);
        const hessian = forwardHessian(naturalObjective(data, penalty), theta1, gradientF);
        const exact = cholesky4(phiHessian(hessian, theta1, gradientF, W));
        if (exact !== undefined) {
          current = exact;
          refreshed = { phi, hessian };
        }
        whitened = whitenedObjective(objective, phi, current);
        break;
      }
      if (firstSteps === 1) {
        current = cholesky4(hessianInPhi(roughData, penalty, phi)) ?? current;
      }
      // Re-centred at φ (the memo answers the evaluation at y = 0 without a pass).
      whitened = whitenedObjective(objective, phi, current);
      y = new Float64Array(4);
      value = whitened.evaluate(y, g);
    }
  }
  const result = newtonThenBfgs(whitened.evaluate, maxIterations, tolerance);
  result.iterations += firstSteps;
  const phi = whitened.toPhi(result.x);
  const [r, alpha, s, beta] = Array.from(phi, Math.exp) as [number, number, number, number];
  const params: ParetoNbdParams = Object.freeze({ r, alpha, s, beta });
  checkFiniteParams('pareto-nbd', params);
  const theta = [r, alpha, s, beta];
  let gradientTheta: Float64Array = new Float64Array(4);
  let logLikelihood: number;
  if (theta.every((t, i) => t === memo.theta[i])) {
    logLikelihood = memo.logLikelihood;
    gradientTheta = memo.gradient;
  } else {
    logLikelihood = paretoNbdLogLikelihoodOf(data, r, alpha, s, beta, gradientTheta);
  }
  const gradientPhi = theta.map(
    (t, i) => (-gradientTheta[i]! * t) / data.totalWeight + 2 * penalty * t * t,
  );
  const gradientNorm = infNorm(gradientPhi);
  if (!Number.isFinite(logLikelihood) || !Number.isFinite(gradientNorm)) {
    throw new ClvError(
      issueOf(
        'FIT_FAILED',
        `pareto-nbd fit failed: log-likelihood ${logLikelihood}, gradient norm ${gradientNorm} at the optimum`,
      ),
    );
  }

  warnIfNotConverged('pareto-nbd', result, warnings, options);
  PARETO_NBD_PARAMETERS.forEach((name, i) => {
    if (Math.abs(phi[i]!) > LOG_PARAMETER_BOUND) {
      emitWarning(
        warnings,
        `pareto-nbd parameter ${name} = ${params[name]} ran towards ${phi[i]! > 0 ? 'infinity' : 'zero'}: the data barely identify it (try more data, or a penalty)`,
        options,
      );
    }
  });
  // The Hessian taken near the optimum serves the standard errors if the optimum was indeed
  // within {@link REUSE_DISTANCE} of it; else it is taken at the optimum (four passes).
  const hessianTheta =
    refreshed !== undefined && infNorm(phi.map((v, i) => v - refreshed.phi[i]!)) <= REUSE_DISTANCE
      ? refreshed.hessian
      : forwardHessian(
          naturalObjective(data, penalty),
          theta,
          theta.map((t, i) => -gradientTheta[i]! + 2 * penalty * data.totalWeight * t),
        );
  const standardErrors = standardErrorsFromCovariance(
    invertSymmetric(hessianTheta, 4),
    PARETO_NBD_PARAMETERS,
  );
  if (standardErrors === undefined) {
    emitWarning(
      warnings,
      'pareto-nbd standard errors unavailable: the Hessian of −LL is not positive definite at the returned parameters, so these data do not pin them down (a ridge or a boundary of the parameter space)',
      options,
    );
  }

  const diagnostics: ModelDiagnostics = {
    converged: result.converged,
    iterations: rough.iterations + result.iterations,
    gradientNorm,
    message: result.message,
    customers: data.totalWeight,
    distinctRows: data.rows,
    warnings,
  };
  const fit: { -readonly [K in keyof ParetoNbdFit]: ParetoNbdFit[K] } = {
    kind: 'pareto-nbd',
    schemaVersion: 1,
    params,
    timeUnit: summary.unit,
    logLikelihood,
    standardErrors,
    diagnostics,
  };
  if (penalty > 0) fit.penalty = penalty;
  return freezeFit(fit);
}

/**
 * The Pareto/NBD log-likelihood of a customer summary at given parameters, summed over customers
 * (weights applied): the quantity {@link fitParetoNbd} maximises (Fader & Hardie's note,
 * section 3), in the summary's time unit — for comparing models or parameter values on the same
 * data. O(n), stable for x in the thousands.
 *
 * @param params - r, α, s, β, all positive and finite (rates per `summary.unit`).
 * @param summary - per-customer summary (frequency, recency, T).
 * @param options - optional `weights`, one per row (finite ≥ 0).
 * @returns the total log-likelihood (a finite number ≤ 0).
 * @throws {ClvError} `INVALID_OPTION` for bad parameters or weights; `INVALID_ARGUMENT` for
 *   unusable summary rows (row and field named).
 * @example
 * ```ts
 * import { paretoNbdLogLikelihood, summaryFromColumns } from 'clvkit';
 * const summary = summaryFromColumns({ ids: ['a', 'b'], frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86], unit: 'week' });
 * paretoNbdLogLikelihood({ r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }, summary); // −10.0790064…
 * ```
 */
export function paretoNbdLogLikelihood(
  params: ParetoNbdParams,
  summary: CustomerSummary,
  options: ParetoNbdLogLikelihoodOptions = {},
): number {
  if (params === null || typeof params !== 'object')
    invalidOption('params', params, 'must be an object { r, alpha, s, beta }');
  for (const name of PARETO_NBD_PARAMETERS) {
    const value = params[name];
    if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0))
      invalidOption(`params.${name}`, value, 'must be a positive finite number');
  }
  if (options === null || typeof options !== 'object')
    invalidOption('options', options, 'must be an object');
  for (const key of Object.keys(options)) {
    if (key !== 'weights')
      invalidOption(key, (options as Record<string, unknown>)[key], 'is not a known option');
  }
  checkModelColumns(summary);
  const n = summary.frequency.length;
  const weights = checkWeights(options.weights, n);
  const data = prepareParetoNbdData({
    x: summary.frequency,
    tx: summary.recency,
    T: summary.T,
    weight: weights ?? new Float64Array(n).fill(1),
  });
  return paretoNbdLogLikelihoodOf(data, params.r, params.alpha, params.s, params.beta);
}
