import { ClvError, issueOf } from '../../errors/index.js';
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
  type BgNbdData,
  bgNbdHessian,
  bgNbdLogLikelihood,
  prepareBgNbdData,
} from './likelihood.js';
import {
  BG_NBD_PARAMETERS,
  type BgNbdFit,
  type BgNbdParams,
  type FitBgNbdOptions,
} from './types.js';

/**
 * Defaults of {@link FitBgNbdOptions}: no penalty, at most 500 BFGS iterations per stage and
 * start, tolerance 1e-9 (largest component of the whitened gradient, see
 * {@link FitBgNbdOptions.tolerance}).
 *
 * @example
 * ```ts
 * import { FIT_BG_NBD_DEFAULTS } from 'clvkit';
 * FIT_BG_NBD_DEFAULTS.maxIterations; // 500
 * ```
 */
export const FIT_BG_NBD_DEFAULTS = Object.freeze({
  penalty: 0,
  maxIterations: 500,
  tolerance: 1e-9,
});

/** Parameters beyond these bounds mean the likelihood ran off to a boundary of the space. */
const LOG_PARAMETER_BOUND = Math.log(1e6);

/**
 * A deterministic start from the data: r = 1 and α = Σw·T / Σw·x (so that the mean purchase rate
 * r / α matches the observed repeat rate), a = 1, b = 1 (a uniform dropout probability).
 */
function defaultStart(data: BgNbdData): BgNbdParams {
  return { r: 1, alpha: data.weightedT / data.weightedX, a: 1, b: 1 };
}

/** The BG/NBD-family likelihood for the shared fit machinery. */
const MODEL: FourParameterLikelihood<BgNbdData> = {
  logLikelihood: bgNbdLogLikelihood,
  hessian: bgNbdHessian,
  prepare: prepareBgNbdData,
};

/**
 * Fits the BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way") to a
 * customer summary by maximum likelihood: the log-likelihood of eq. 6, summed over customers,
 * maximised over ln r, ln α, ln a, ln b by BFGS with its analytic gradient (digamma terms, see
 * Hardie's note on the BG/NBD derivatives). Rows with identical (frequency, recency, T) are
 * merged into one weighted row first when they repeat (exact match; calendar-period summaries
 * repeat a lot, exact elapsed times hardly), so each likelihood evaluation costs O(distinct rows):
 * two logarithms, an exponential and a log1p per row with repeat purchases.
 *
 * Two stages: (1) BFGS from the start(s) to a rough optimum (gradient 1e-6), on a systematic
 * subsample of about 40,000 rows when there are more; (2) on all rows, BFGS in coordinates
 * whitened by the analytic Hessian at that point (a preconditioned, Newton-like finish of about
 * five evaluations) to `tolerance`. A million distinct rows take about ten passes in all.
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
 *   becomes the fit's `timeUnit`.
 * @param options - see {@link FitBgNbdOptions}; defaults in {@link FIT_BG_NBD_DEFAULTS}.
 * @throws {ClvError} `EMPTY_INPUT` for an empty summary; `INVALID_ARGUMENT` for unusable rows
 *   (row and field named); `INVALID_OPTION` for bad options; `FIT_FAILED` when no customer has a
 *   repeat purchase (the BG/NBD parameters are then not identified) or the optimum is not finite.
 * @example
 * ```ts
 * import { fitBgNbd, simulateTransactions, summarizeTransactions } from 'clvkit';
 * const { transactions } = simulateTransactions({
 *   customers: 5000,
 *   start: new Date('2024-01-01T00:00:00Z'),
 *   horizon: 52,
 *   unit: 'week',
 *   bgNbd: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 },
 *   seed: 1,
 * });
 * const summary = summarizeTransactions(transactions, {
 *   unit: 'week',
 *   observationEnd: new Date('2024-12-30T00:00:00Z'),
 * });
 * const fit = fitBgNbd(summary);
 * fit.params; // { r: 0.259, alpha: 4.11, a: 0.799, b: 2.59 } (rounded)
 * fit.standardErrors; // { r: 0.0098, alpha: 0.25, a: 0.15, b: 0.60 } (rounded)
 * fit.diagnostics.converged; // true
 * ```
 */
export function fitBgNbd(summary: CustomerSummary, options: FitBgNbdOptions = {}): BgNbdFit {
  checkFitOptions(options, BG_NBD_PARAMETERS);
  checkModelColumns(summary);
  const n = summary.frequency.length;
  if (n === 0) throw new ClvError(issueOf('EMPTY_INPUT', 'fitBgNbd needs at least one customer'));
  const penalty = checkPenalty(options.penalty);
  const weights = checkWeights(options.weights, n);
  const rows = likelihoodRows(summary, weights);
  const data = prepareBgNbdData(rows);
  if (!(data.weightedX > 0)) {
    throw new ClvError(
      issueOf(
        'FIT_FAILED',
        'BG/NBD is not identified: no customer has a repeat purchase (every frequency is 0), so purchase rates and dropout cannot be told apart',
        undefined,
        'frequency',
        0,
      ),
    );
  }

  const tolerance = options.tolerance ?? FIT_BG_NBD_DEFAULTS.tolerance;
  const maxIterations = options.maxIterations ?? FIT_BG_NBD_DEFAULTS.maxIterations;
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
  // Stage 2: on all rows, BFGS in coordinates whitened by the analytic Hessian at the rough
  // optimum (preconditioned: a few Newton-like steps). It stops at `tolerance` or when the
  // objective stops changing in its 14th digit: below that, rounding in f (not in the gradient)
  // decides the line search.
  const origin = rough.x.every(Number.isFinite) ? rough.x : starts[0]!;
  const atOrigin = derivativesAt(MODEL, data, penalty, origin);
  const lower = cholesky4(atOrigin.hessianPhi);
  const whitened = whitenedObjective(
    penalisedObjective(MODEL, data, penalty),
    origin,
    lower ?? Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1),
  );
  const result = minimize(whitened.evaluate, new Float64Array(4), {
    maxIterations,
    gradientTolerance: tolerance,
    relativeTolerance: 1e-14,
  });
  // Stage 3: one Newton step, y − ∇_y f in whitened coordinates (exact Newton up to the change
  // of the Hessian since the rough optimum), kept when it shrinks the gradient — a test that,
  // unlike a comparison of f values, still works at the rounding floor of f.
  let phi = whitened.toPhi(result.x);
  let final: Derivatives | undefined;
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
  final ??= derivativesAt(MODEL, data, penalty, phi);
  const [r, alpha, a, b] = Array.from(phi, Math.exp) as [number, number, number, number];
  const params: BgNbdParams = Object.freeze({ r, alpha, a, b });
  checkFiniteParams('bg-nbd', params);
  const logLikelihood = final.logLikelihood;
  const gradientNorm = infNorm(final.gradientPhi);
  if (!Number.isFinite(logLikelihood) || !Number.isFinite(gradientNorm)) {
    throw new ClvError(
      issueOf(
        'FIT_FAILED',
        `bg-nbd fit failed: log-likelihood ${logLikelihood}, gradient norm ${gradientNorm} at the optimum`,
      ),
    );
  }

  const warnings: string[] = [];
  warnIfNotConverged('bg-nbd', result, warnings, options);
  BG_NBD_PARAMETERS.forEach((name, i) => {
    if (Math.abs(phi[i]!) > LOG_PARAMETER_BOUND) {
      emitWarning(
        warnings,
        `bg-nbd parameter ${name} = ${params[name]} ran towards ${phi[i]! > 0 ? 'infinity' : 'zero'}: the data barely identify it (try more data, or a penalty)`,
        options,
      );
    }
  });
  const standardErrors = standardErrorsFromCovariance(
    invertSymmetric(final.hessianTheta, 4),
    BG_NBD_PARAMETERS,
  );
  if (standardErrors === undefined) {
    emitWarning(
      warnings,
      'bg-nbd standard errors unavailable: the Hessian of −LL is not positive definite at the returned parameters, so these data do not pin them down (a ridge or a boundary of the parameter space)',
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
  const fit: { -readonly [K in keyof BgNbdFit]: BgNbdFit[K] } = {
    kind: 'bg-nbd',
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
