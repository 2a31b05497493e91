import { ClvError, invalidOption, issueOf } from '../../errors/index.js';
import { invertSymmetric, minimize } from '../../math/index.js';
import type { CustomerSummary } from '../../summary/types.js';
import {
  checkFitOptions,
  cholesky4,
  type Derivatives,
  derivativesAt,
  type FourParameterLikelihood,
  infNorm,
  likelihoodRows,
  penalisedObjective,
  SUBSAMPLE_ROWS,
  subsample,
  whitenedObjective,
} from '../fit-support.js';
import {
  type ConvergenceReport,
  checkFiniteParams,
  checkModelColumns,
  checkPenalty,
  checkWeights,
  collapseRows,
  emitWarning,
  freezeFit,
  type ModelDiagnostics,
  standardErrorsFromCovariance,
  warnIfNotConverged,
} from '../shared.js';
import {
  type MbgNbdData,
  mbgNbdDataHessian,
  mbgNbdDataLogLikelihood,
  prepareMbgNbdData,
} from './likelihood.js';
import {
  type FitMbgNbdOptions,
  MBG_NBD_PARAMETERS,
  type MbgNbdFit,
  type MbgNbdParams,
} from './types.js';

/**
 * Defaults of {@link FitMbgNbdOptions} (the BG/NBD's): no penalty, at most 500 BFGS iterations
 * per stage and start, tolerance 1e-9 (largest component of the whitened gradient, see
 * {@link FitMbgNbdOptions.tolerance}).
 *
 * @example
 * ```ts
 * import { FIT_MBG_NBD_DEFAULTS } from 'clvkit';
 * FIT_MBG_NBD_DEFAULTS.maxIterations; // 500
 * ```
 */
export const FIT_MBG_NBD_DEFAULTS = Object.freeze({
  penalty: 0,
  maxIterations: 500,
  tolerance: 1e-9,
});

const LOG_LIKELIHOOD_OPTION_KEYS = new Set(['weights']);

/** Options of {@link mbgNbdLogLikelihood}. */
export interface MbgNbdLogLikelihoodOptions {
  /** Weight of each summary row, finite ≥ 0 (default 1 each), as in {@link FitMbgNbdOptions}. */
  readonly weights?: ArrayLike<number>;
}

/**
 * The MBG/NBD log-likelihood of a summary at given parameters: Σ w ln L over customers, with
 * (Batislam, Denizel & Filiztekin 2007; derived in `likelihood.ts`)
 *
 *   L = B(a, b + x + 1)/B(a, b) · Γ(r + x) α^r / (Γ(r) (α + T)^(r + x))
 *       + B(a + 1, b + x)/B(a, b) · Γ(r + x) α^r / (Γ(r) (α + t_x)^(r + x)),
 *
 * t_x taken as 0 where x = 0 (that customer may have left right after the first purchase).
 * Evaluated in log space (a log-sum-exp of the two terms), so it stays finite for x in the
 * thousands. Durations are in the summary's unit. O(n).
 *
 * @throws {ClvError} `INVALID_OPTION` for parameters that are not positive finite numbers
 *   (field `params.r`, …), bad weights or unknown options; `INVALID_ARGUMENT` for unusable rows.
 * @example
 * ```ts
 * import { mbgNbdLogLikelihood, summaryFromColumns } from 'clvkit';
 * const summary = summaryFromColumns({ ids: ['a', 'b'], frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86], unit: 'week' });
 * mbgNbdLogLikelihood({ r: 0.524838, alpha: 6.182992, a: 0.891356, b: 1.613999 }, summary); // −10.02547…
 * ```
 */
export function mbgNbdLogLikelihood(
  params: MbgNbdParams,
  summary: CustomerSummary,
  options: MbgNbdLogLikelihoodOptions = {},
): number {
  if (params === null || typeof params !== 'object')
    invalidOption('params', params, 'must be an object { r, alpha, a, b }');
  for (const name of MBG_NBD_PARAMETERS) {
    const value = params[name];
    if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0))
      invalidOption(`params.${name}`, value, 'must be a positive finite number');
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalidOption('options', options, 'must be an object');
  for (const key of Object.keys(options)) {
    if (!LOG_LIKELIHOOD_OPTION_KEYS.has(key))
      invalidOption(key, (options as Record<string, unknown>)[key], 'is not a known option');
  }
  checkModelColumns(summary);
  const n = summary.frequency.length;
  if (n === 0) return 0;
  const weights = checkWeights(options.weights, n);
  const data = prepareMbgNbdData(
    collapseRows(summary.frequency, summary.recency, summary.T, weights),
  );
  return mbgNbdDataLogLikelihood(data, params.r, params.alpha, params.a, params.b);
}

/** Parameters beyond these bounds mean the likelihood ran off to a boundary of the space. */
const LOG_PARAMETER_BOUND = Math.log(1e6);

/**
 * A deterministic start from the data: r = 1 and α = Σw·T / Σw·x (so that the mean purchase rate
 * r / α matches the observed repeat rate), a = 1, b = 1 (a uniform dropout probability).
 */
function defaultStart(data: MbgNbdData): MbgNbdParams {
  return { r: 1, alpha: data.weightedT / data.weightedX, a: 1, b: 1 };
}

/** The BG/NBD-family likelihood for the shared fit machinery. */
const MODEL: FourParameterLikelihood<MbgNbdData> = {
  logLikelihood: mbgNbdDataLogLikelihood,
  hessian: mbgNbdDataHessian,
  prepare: prepareMbgNbdData,
};

/** Most Newton steps of stage 2 before falling back to BFGS. */
const MAX_NEWTON_STEPS = 20;

/** −LL / W + c·Σθ² from the log-likelihood at φ. */
function objectiveAt(data: MbgNbdData, penalty: number, phi: ArrayLike<number>, ll: number) {
  let value = -ll / data.totalWeight;
  for (let i = 0; i < 4; i++) value += penalty * Math.exp(2 * phi[i]!);
  return value;
}

/**
 * Newton's method on −LL / W + c·Σθ² in φ = ln θ from `start`, with the analytic Hessian: the
 * step −H⁻¹∇f through the Cholesky factor L of H (so the whitened gradient L⁻¹∇f comes for
 * free), halved until the objective does not increase and either decreases or (at its rounding
 * floor) the gradient shrinks. Stops converged when the whitened gradient is ≤ `tolerance`, or
 * unconverged when H is not positive definite, no halving is accepted or after `maxSteps`
 * steps; one Hessian pass per trial point.
 */
function newtonFinish(
  data: MbgNbdData,
  penalty: number,
  start: Float64Array,
  tolerance: number,
  maxSteps: number,
): { phi: Float64Array; at: Derivatives; converged: boolean; steps: number; whitenedNorm: number } {
  let phi = Float64Array.from(start);
  let at = derivativesAt(MODEL, data, penalty, phi);
  let value = objectiveAt(data, penalty, phi, at.logLikelihood);
  let steps = 0;
  let whitenedNorm = Number.POSITIVE_INFINITY;
  const whitened = new Float64Array(4);
  const step = new Float64Array(4);
  for (;;) {
    const lower = cholesky4(at.hessianPhi);
    if (lower === undefined || !Number.isFinite(value)) break;
    // L w = ∇f (forward), then Lᵀ d = w (backward): d = H⁻¹∇f.
    for (let i = 0; i < 4; i++) {
      let sum = at.gradientPhi[i]!;
      for (let k = 0; k < i; k++) sum -= lower[i * 4 + k]! * whitened[k]!;
      whitened[i] = sum / lower[i * 4 + i]!;
    }
    whitenedNorm = infNorm(whitened);
    if (whitenedNorm <= tolerance) {
      return { phi, at, converged: true, steps, whitenedNorm };
    }
    if (steps >= maxSteps) break;
    for (let i = 3; i >= 0; i--) {
      let sum = whitened[i]!;
      for (let k = i + 1; k < 4; k++) sum -= lower[k * 4 + i]! * step[k]!;
      step[i] = sum / lower[i * 4 + i]!;
    }
    let accepted = false;
    for (let t = 1, halvings = 0; halvings < 30; t /= 2, halvings++) {
      const trial = phi.map((p, i) => p - t * step[i]!);
      const atTrial = derivativesAt(MODEL, data, penalty, trial);
      const trialValue = objectiveAt(data, penalty, trial, atTrial.logLikelihood);
      if (
        Number.isFinite(trialValue) &&
        trialValue <= value + 1e-15 * Math.abs(value) &&
        (trialValue < value || infNorm(atTrial.gradientPhi) < infNorm(at.gradientPhi))
      ) {
        phi = trial;
        at = atTrial;
        value = trialValue;
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
    steps++;
  }
  return { phi, at, converged: false, steps, whitenedNorm };
}

/**
 * Fits the MBG/NBD model (Batislam, Denizel & Filiztekin 2007, "Empirical validation and
 * comparison of models for customer base analysis") to a customer summary by maximum likelihood:
 * the BG/NBD with a dropout opportunity right after the first purchase too, so that customers
 * without repeat purchases are not certainly alive. The log-likelihood (see
 * {@link mbgNbdLogLikelihood}), summed over customers, is maximised over ln r, ln α, ln a, ln b by
 * BFGS with its analytic gradient (digamma terms), exactly as the BG/NBD fit does: rows with
 * identical (frequency, recency, T) are merged into one weighted row first when they repeat, so
 * each evaluation costs O(distinct rows) — two logarithms, an exponential and a log1p per row.
 *
 * Two stages: (1) BFGS from the start(s) to a rough optimum (gradient 1e-6), on a systematic
 * subsample of about 40,000 rows when there are more; (2) on all rows, Newton's method with the
 * analytic Hessian (one pass over the rows per step, two to four steps) until the gradient
 * whitened by the Hessian is below `tolerance`. Where the Hessian is not positive definite or
 * Newton stalls, stage 2 falls back to the BG/NBD fit's: BFGS in coordinates whitened by the
 * Hessian, then one Newton step kept when it shrinks the gradient. A million distinct rows take
 * about five passes in all.
 *
 * Starting point: r = 1, α = Σ T / Σ x, a = b = 1 unless `options.starts` is given (then every
 * start is tried). With `penalty` c > 0 the objective is −LL / W + c·(r² + α² + a² + b²) (W the
 * number of customers), as Python lifetimes' `penalizer_coef`; `logLikelihood` is always the
 * unpenalised total. Standard errors are the square roots of the diagonal of the inverse Hessian
 * of −LL (+ W·c·Σθ² when penalised) in (r, α, a, b); `undefined` with a warning when that
 * Hessian is not positive definite. A fit that did not converge, or whose parameters ran off
 * towards 0 or ∞, is returned with `diagnostics.converged` false and/or a warning in
 * `diagnostics.warnings` (also sent to `options.onWarning`).
 *
 * @param summary - per-customer summary (frequency = x, recency = t_x, T) in its `unit`, which
 *   becomes the fit's `timeUnit`. Recency is not used where x = 0.
 * @param options - see {@link FitMbgNbdOptions}; defaults in {@link FIT_MBG_NBD_DEFAULTS}.
 * @throws {ClvError} `EMPTY_INPUT` for an empty summary; `INVALID_ARGUMENT` for unusable rows
 *   (row and field named); `INVALID_OPTION` for bad options; `FIT_FAILED` when no customer has a
 *   repeat purchase (the parameters are then not identified) or the optimum is not finite.
 * @example
 * ```ts
 * import { fitMbgNbd, simulateMbgNbd } from 'clvkit';
 * const summary = simulateMbgNbd(
 *   { r: 0.5, alpha: 6, a: 0.9, b: 1.6 },
 *   { customers: 5000, T: 52, unit: 'week', seed: 1 },
 * );
 * const fit = fitMbgNbd(summary);
 * fit.params; // { r: 0.420, alpha: 5.69, a: 1.03, b: 2.15 } (rounded; 5,000 customers pin b down loosely)
 * fit.diagnostics.converged; // true
 * ```
 */
export function fitMbgNbd(summary: CustomerSummary, options: FitMbgNbdOptions = {}): MbgNbdFit {
  checkFitOptions(options, MBG_NBD_PARAMETERS);
  checkModelColumns(summary);
  const n = summary.frequency.length;
  if (n === 0) throw new ClvError(issueOf('EMPTY_INPUT', 'fitMbgNbd needs at least one customer'));
  const penalty = checkPenalty(options.penalty);
  const weights = checkWeights(options.weights, n);
  const rows = likelihoodRows(summary, weights);
  const data = prepareMbgNbdData(rows);
  if (!(data.weightedX > 0)) {
    throw new ClvError(
      issueOf(
        'FIT_FAILED',
        'MBG/NBD is not identified: no customer has a repeat purchase (every frequency is 0), so purchase rates and dropout cannot be told apart',
        undefined,
        'frequency',
        0,
      ),
    );
  }

  const tolerance = options.tolerance ?? FIT_MBG_NBD_DEFAULTS.tolerance;
  const maxIterations = options.maxIterations ?? FIT_MBG_NBD_DEFAULTS.maxIterations;
  // Stage 1: BFGS from the start(s) to a rough optimum, on a systematic subsample of the rows
  // when there are many (its per-customer objective has nearly the same optimum).
  const stride = Math.ceil(data.rows / SUBSAMPLE_ROWS);
  let roughData = stride > 1 ? subsample(MODEL, rows, stride) : data;
  if (!(roughData.weightedX > 0)) roughData = data;
  const starts = (options.starts ?? [defaultStart(data)]).map((s) =>
    Float64Array.of(Math.log(s.r), Math.log(s.alpha), Math.log(s.a), Math.log(s.b)),
  );
  const rough = minimize(penalisedObjective(MODEL, roughData, penalty), starts[0]!, {
    maxIterations,
    gradientTolerance: Math.max(tolerance, 1e-6),
    relativeTolerance: 1e-10,
    starts: starts.slice(1),
  });
  // Stage 2: Newton's method on all rows from the rough optimum, with the analytic Hessian. The
  // subsample's optimum is within a few standard errors of the full one, where Newton converges
  // quadratically: two to four passes over the rows. Converged when the gradient whitened by the
  // Hessian (L⁻¹∇f, L Lᵀ = ∇²f) is below `tolerance`, the BG/NBD fit's stage-2 criterion.
  const origin = rough.x.every(Number.isFinite) ? rough.x : starts[0]!;
  const newton = newtonFinish(
    data,
    penalty,
    origin,
    tolerance,
    Math.min(MAX_NEWTON_STEPS, maxIterations),
  );
  let phi = newton.phi;
  let final: Derivatives | undefined = newton.at;
  let report: ConvergenceReport = {
    converged: newton.converged,
    iterations: rough.iterations + newton.steps,
    gradientNorm: newton.whitenedNorm,
    message: 'whitened gradient below tolerance (Newton)',
  };
  if (!newton.converged) {
    // Fallback (a Hessian that is not positive definite, or Newton steps that do not improve):
    // the BG/NBD fit's stage 2, BFGS in coordinates whitened by the Hessian where it can be
    // factored, then one Newton step kept when it shrinks the gradient.
    const start = newton.phi;
    const lower = cholesky4(newton.at.hessianPhi);
    const whitened = whitenedObjective(
      penalisedObjective(MODEL, data, penalty),
      start,
      lower ?? Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1),
    );
    const result = minimize(whitened.evaluate, new Float64Array(4), {
      maxIterations,
      gradientTolerance: tolerance,
      relativeTolerance: 1e-14,
    });
    phi = whitened.toPhi(result.x);
    final = undefined;
    if (lower !== undefined) {
      const newtonY = result.x.map((y, i) => y - result.gradient[i]!);
      const newtonPhi = whitened.toPhi(newtonY);
      const atNewton = derivativesAt(MODEL, data, penalty, newtonPhi);
      const gradientPhi = new Float64Array(4);
      for (let i = 0; i < 4; i++) {
        for (let k = 0; k <= i; k++) gradientPhi[i]! += lower[i * 4 + k]! * result.gradient[k]!;
      }
      if (
        Number.isFinite(atNewton.logLikelihood) &&
        infNorm(atNewton.gradientPhi) < infNorm(gradientPhi)
      ) {
        phi = newtonPhi;
        final = atNewton;
      }
    }
    report = { ...result, iterations: rough.iterations + newton.steps + result.iterations };
  }
  final ??= derivativesAt(MODEL, data, penalty, phi);
  const [r, alpha, a, b] = Array.from(phi, Math.exp) as [number, number, number, number];
  const params: MbgNbdParams = Object.freeze({ r, alpha, a, b });
  checkFiniteParams('mbg-nbd', params);
  const logLikelihood = final.logLikelihood;
  const gradientNorm = infNorm(final.gradientPhi);
  if (!Number.isFinite(logLikelihood) || !Number.isFinite(gradientNorm)) {
    throw new ClvError(
      issueOf(
        'FIT_FAILED',
        `mbg-nbd fit failed: log-likelihood ${logLikelihood}, gradient norm ${gradientNorm} at the optimum`,
      ),
    );
  }

  const warnings: string[] = [];
  warnIfNotConverged('mbg-nbd', report, warnings, options);
  MBG_NBD_PARAMETERS.forEach((name, i) => {
    if (Math.abs(phi[i]!) > LOG_PARAMETER_BOUND) {
      emitWarning(
        warnings,
        `mbg-nbd parameter ${name} = ${params[name]} ran towards ${phi[i]! > 0 ? 'infinity' : 'zero'}: the data barely identify it (try more data, or a penalty)`,
        options,
      );
    }
  });
  const standardErrors = standardErrorsFromCovariance(
    invertSymmetric(final.hessianTheta, 4),
    MBG_NBD_PARAMETERS,
  );
  if (standardErrors === undefined) {
    emitWarning(
      warnings,
      'mbg-nbd standard errors unavailable: the Hessian of −LL is not positive definite at the returned parameters, so these data do not pin them down (a ridge or a boundary of the parameter space)',
      options,
    );
  }

  const diagnostics: ModelDiagnostics = {
    converged: report.converged,
    iterations: report.iterations,
    gradientNorm,
    message: report.message,
    customers: data.totalWeight,
    distinctRows: data.rows,
    warnings,
  };
  const fit: { -readonly [K in keyof MbgNbdFit]: MbgNbdFit[K] } = {
    kind: 'mbg-nbd',
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
