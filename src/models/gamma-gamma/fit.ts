import {
  ClvError,
  type ClvIssue,
  displayValue,
  invalidOption,
  issueOf,
} from '../../errors/index.js';
import { invertSymmetric, minimize } from '../../math/index.js';
import type { CustomerSummary } from '../../summary/types.js';
import { isTimeUnit } from '../../time/index.js';
import {
  checkFiniteParams,
  checkPenalty,
  checkWeights,
  collapseRows,
  emitWarning,
  freezeFit,
  standardErrorsFromCovariance,
  warnIfNotConverged,
} from '../shared.js';
import {
  type SpendData,
  spendData,
  spendLogLikelihood,
  spendLogLikelihoodAt,
  spendLogLikelihoodHessian,
  spendRowSums,
} from './likelihood.js';
import {
  type FitGammaGammaOptions,
  GAMMA_GAMMA_PARAMETERS,
  type GammaGammaFit,
  type GammaGammaParams,
} from './types.js';

/**
 * Defaults of {@link FitGammaGammaOptions}.
 *
 * @example
 * ```ts
 * import { FIT_GAMMA_GAMMA_DEFAULTS } from 'clvkit';
 * FIT_GAMMA_GAMMA_DEFAULTS.correlationThreshold; // 0.3
 * ```
 */
export const FIT_GAMMA_GAMMA_DEFAULTS = Object.freeze({
  onNonPositive: 'reject',
  correlationThreshold: 0.3,
  penalty: 0,
  maxIterations: 500,
  tolerance: 1e-9,
  standardErrors: true,
} as const);

/** Parameters beyond this (v: relative to the mean spend) count as diverging. */
const DIVERGENCE = 1e6;
/** A stop with a larger gradient (inf-norm, log-parameters) is not an optimum. */
const CONVERGED_GRADIENT = 1e-4;
/**
 * A stop without the optimiser's own convergence (typically "line search found no decrease")
 * with a gradient this small is an optimum whose objective no longer changes in floating point:
 * the gradient of −ℓ/W at rounding level. Seen on a 770,000-customer log at 5e-8.
 */
const STALLED_GRADIENT = 1e-6;

/** At most this many rows are listed one by one in the error for non-positive spend. */
const MAX_LISTED_ROWS = 100;

function notASummary(summary: unknown): never {
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `fitGammaGamma: summary ${displayValue(summary)} must be a CustomerSummary with frequency and monetaryValue columns (from summarizeTransactions or summaryFromColumns)`,
      undefined,
      'summary',
    ),
  );
}

function rowError(row: number, field: string, value: unknown, reason: string): never {
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `fitGammaGamma: row ${row}: ${field} ${displayValue(value)} ${reason}`,
      row,
      field,
      value,
    ),
  );
}

/** Weighted Pearson correlation of x and m (two passes), or null when undefined. */
function weightedCorrelation(data: SpendData): number | null {
  const { x, m, w, totalWeight } = data;
  if (x.length < 2) return null;
  let mx = 0;
  let mm = 0;
  for (let i = 0; i < x.length; i++) {
    mx += w[i]! * x[i]!;
    mm += w[i]! * m[i]!;
  }
  mx /= totalWeight;
  mm /= totalWeight;
  let sxx = 0;
  let smm = 0;
  let sxm = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i]! - mx;
    const dm = m[i]! - mm;
    sxx += w[i]! * dx * dx;
    smm += w[i]! * dm * dm;
    sxm += w[i]! * dx * dm;
  }
  if (!(sxx > 0 && smm > 0)) return null;
  return Math.max(-1, Math.min(1, sxm / Math.sqrt(sxx * smm)));
}

function checkStarts(starts: unknown): readonly GammaGammaParams[] | undefined {
  if (starts === undefined) return undefined;
  if (!Array.isArray(starts) || starts.length === 0)
    invalidOption('starts', starts, 'must be a non-empty array of { p, q, v }');
  starts.forEach((start: unknown, k) => {
    const s = start as Partial<GammaGammaParams> | null;
    for (const name of GAMMA_GAMMA_PARAMETERS) {
      const value = s?.[name];
      if (!(typeof value === 'number' && Number.isFinite(value) && value > 0))
        invalidOption(`starts[${k}].${name}`, value, 'must be a finite number > 0');
    }
  });
  return starts as GammaGammaParams[];
}

/** Outcome of {@link profileFit}. */
interface ProfileFit {
  readonly params: GammaGammaParams;
  /** Penalised objective −(ℓ + Σ w ln z̄)/W + λ(p² + q² + v²) at `params`. */
  readonly value: number;
  readonly converged: boolean;
  readonly iterations: number;
  /** Inf-norm of the objective's gradient in (ln p, ln q, ln v) at `params`. */
  readonly gradientNorm: number;
  readonly message: string;
}

/**
 * Minimises −ℓ/W + λ(p² + q² + v²) over (ln p, ln q, ln v) by profiling: ℓ depends on the rows
 * only through four sums at v ({@link spendRowSums}), so for each v the optimum over (ln p, ln q)
 * is found by BFGS at the cost of O(distinct frequencies) per step, and the outer BFGS over ln v
 * uses the profile's derivative, which by the envelope theorem is the partial derivative in v at
 * the inner optimum. One pass over the rows per outer evaluation (about 10–20 in all) instead of
 * one per evaluation of a joint three-parameter search.
 */
function profileFit(
  data: SpendData,
  penalty: number,
  start: GammaGammaParams,
  maxIterations: number,
  tolerance: number,
): ProfileFit {
  const totalWeight = data.totalWeight;
  const full = new Float64Array(3);
  let sums = spendRowSums(data, start.v);
  let inner: Float64Array = new Float64Array([Math.log(start.p), Math.log(start.q)]);
  let innerConverged = true;
  let innerMessage = '';
  const innerObjective = (theta: Float64Array, gradient: Float64Array): number => {
    const p = Math.exp(theta[0]!);
    const q = Math.exp(theta[1]!);
    const ll = spendLogLikelihoodAt(data, sums, p, q, full);
    // d/d ln θ = θ · d/dθ.
    gradient[0] = (-full[0]! / totalWeight + 2 * penalty * p) * p;
    gradient[1] = (-full[1]! / totalWeight + 2 * penalty * q) * q;
    const v = sums.v;
    // + Σ w ln z̄ / W: a constant that makes the value independent of the currency's scale, so
    // that the optimiser's relative-change test means the same in cents and in dollars.
    const value = -(ll + data.sumWLogM) / totalWeight + penalty * (p * p + q * q + v * v);
    return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
  };
  const solveInner = () => {
    const result = minimize(innerObjective, inner, {
      maxIterations,
      gradientTolerance: INNER_TOLERANCE,
      relativeTolerance: 1e-15,
    });
    if (result.x.every(Number.isFinite)) inner = result.x;
    innerConverged = result.converged;
    innerMessage = result.message;
    return result;
  };
  const outerObjective = (theta: Float64Array, gradient: Float64Array): number => {
    const v = Math.exp(theta[0]!);
    sums = spendRowSums(data, v);
    const result = solveInner();
    const p = Math.exp(inner[0]!);
    const q = Math.exp(inner[1]!);
    spendLogLikelihoodAt(data, sums, p, q, full);
    gradient[0] = (-full[2]! / totalWeight + 2 * penalty * v) * v;
    return result.value;
  };
  const outer = minimize(outerObjective, [Math.log(start.v)], {
    maxIterations,
    gradientTolerance: tolerance,
    relativeTolerance: 1e-15,
  });
  // Re-solve at the accepted v (the last evaluation may have been a rejected trial point).
  const v = Math.exp(outer.x[0]!);
  sums = spendRowSums(data, v);
  const last = solveInner();
  const p = Math.exp(inner[0]!);
  const q = Math.exp(inner[1]!);
  spendLogLikelihoodAt(data, sums, p, q, full);
  const gradientNorm = Math.max(
    Math.abs((-full[0]! / totalWeight + 2 * penalty * p) * p),
    Math.abs((-full[1]! / totalWeight + 2 * penalty * q) * q),
    Math.abs((-full[2]! / totalWeight + 2 * penalty * v) * v),
  );
  return {
    params: { p, q, v },
    value: last.value,
    converged: outer.converged && innerConverged,
    iterations: outer.iterations,
    gradientNorm,
    message: innerConverged
      ? outer.message
      : `${outer.message}; inner (p, q) step: ${innerMessage}`,
  };
}

/** Gradient tolerance of the inner (p, q) optimisations (they are cheap, so run them tight). */
const INNER_TOLERANCE = 1e-12;

function resolveOptions(options: FitGammaGammaOptions | undefined) {
  if (options !== undefined && (options === null || typeof options !== 'object'))
    invalidOption('options', options, 'must be an object');
  const o = options ?? {};
  const onNonPositive = o.onNonPositive ?? FIT_GAMMA_GAMMA_DEFAULTS.onNonPositive;
  if (onNonPositive !== 'reject' && onNonPositive !== 'exclude')
    invalidOption('onNonPositive', onNonPositive, "must be 'reject' or 'exclude'");
  const correlationThreshold =
    o.correlationThreshold ?? FIT_GAMMA_GAMMA_DEFAULTS.correlationThreshold;
  if (
    typeof correlationThreshold !== 'number' ||
    !(correlationThreshold >= 0 && correlationThreshold <= 1)
  )
    invalidOption('correlationThreshold', correlationThreshold, 'must be a number within [0, 1]');
  const maxIterations = o.maxIterations ?? FIT_GAMMA_GAMMA_DEFAULTS.maxIterations;
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1))
    invalidOption('maxIterations', maxIterations, 'must be a whole number ≥ 1');
  const tolerance = o.tolerance ?? FIT_GAMMA_GAMMA_DEFAULTS.tolerance;
  if (typeof tolerance !== 'number' || !(Number.isFinite(tolerance) && tolerance >= 0))
    invalidOption('tolerance', tolerance, 'must be a finite number ≥ 0');
  const standardErrors = o.standardErrors ?? FIT_GAMMA_GAMMA_DEFAULTS.standardErrors;
  if (typeof standardErrors !== 'boolean')
    invalidOption('standardErrors', standardErrors, 'must be true or false');
  if (o.onWarning !== undefined && typeof o.onWarning !== 'function')
    invalidOption('onWarning', o.onWarning, 'must be a function');
  return {
    onNonPositive,
    correlationThreshold,
    penalty: checkPenalty(o.penalty),
    starts: checkStarts(o.starts),
    maxIterations,
    tolerance,
    standardErrors,
    options: o,
  };
}

/**
 * Fits the Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV:
 * using iso-value curves for customer base analysis", J. Marketing Research 42(4)) by maximum
 * likelihood, on the customers with at least one repeat purchase (x > 0): their mean repeat spend
 * z̄ (the summary's `monetaryValue`) is gamma(px, νx) given ν, and ν is gamma(q, v) across
 * customers. The log-likelihood is Hardie's "The Gamma-Gamma Model of Monetary Value" (2013),
 * eq. 1a, summed over customers with the terms px ln x + (px − 1) ln z̄ included.
 *
 * The objective −ℓ/W + λ(p² + q² + v²) is minimised over (ln p, ln q, ln v) with analytic
 * gradients (BFGS from `src/math`), by profiling: given v, ℓ depends on the rows only through four
 * sums, so the optimum over (p, q) costs O(distinct frequencies) per step, and an outer search
 * over ln v uses the profile's derivative (the envelope theorem). Identical (x, z̄) rows are
 * merged into weights first. Each outer step is one pass over the distinct rows (one logarithm
 * and one division each); typically 8–15 passes. Standard errors come from the analytic Hessian
 * (trigamma) of the objective in (p, q, v) — of the penalised objective when a `penalty` is set.
 * `diagnostics.iterations` counts the outer iterations. O(n) overall; about 0.5 s for a million
 * customers.
 *
 * The model assumes that spend is independent of purchase frequency: a warning (in
 * `diagnostics.warnings` and to `onWarning`) reports the Pearson correlation of x and z̄ over the
 * customers used when its magnitude exceeds `correlationThreshold` (default 0.3). A fit that did
 * not converge warns too; finite positive parameters are guaranteed or the fit throws.
 *
 * @param summary - per-customer summary; `frequency` and `monetaryValue` are read (currency of
 *   the summary; the returned `v` is in it). `summary.unit` becomes the fit's `timeUnit`.
 * @param options - see {@link FitGammaGammaOptions}; defaults in {@link FIT_GAMMA_GAMMA_DEFAULTS}.
 * @returns a frozen {@link GammaGammaFit}.
 * @throws {ClvError} `INVALID_AMOUNT` (field `monetaryValue`) when customers with x > 0 have a
 *   monetary value ≤ 0, giving their count (unless `onNonPositive: 'exclude'`); `EMPTY_INPUT`
 *   when no customer with x > 0 (and positive spend) remains; `INVALID_ARGUMENT` for a malformed
 *   summary (row and field named); `INVALID_OPTION` for a bad option; `FIT_FAILED` when the
 *   estimates are not finite. Data on which the likelihood has no finite maximum (one customer,
 *   or spend that hardly varies across customers) do not throw: the fit returns finite values
 *   with `converged: false` and a warning advising a penalty.
 * @example
 * ```ts
 * import { conditionalExpectedSpend, fitGammaGamma, summaryFromColumns } from 'clvkit';
 * const summary = summaryFromColumns({
 *   ids: ['a', 'b', 'c', 'd', 'e', 'f'],
 *   frequency: [1, 2, 4, 1, 3, 0],
 *   recency: [5, 20, 30, 12, 25, 0],
 *   T: [40, 40, 40, 40, 40, 40],
 *   monetaryValue: [20, 35, 28, 60, 40, 0],
 *   unit: 'week',
 * });
 * // Five repeat customers cannot pin the model down on their own: a small penalty does.
 * const fit = fitGammaGamma(summary, { penalty: 0.001 });
 * fit.params; // { p: 11.7…, q: 4.10…, v: 10.8… }
 * fit.diagnostics.converged; // true
 * conditionalExpectedSpend(fit, summary); // Float64Array [24.3…, 35.7…, 28.8…, 56.0…, 40.1…, 40.8…]
 * ```
 */
export function fitGammaGamma(
  summary: CustomerSummary,
  options?: FitGammaGammaOptions,
): GammaGammaFit {
  if (summary === null || typeof summary !== 'object') notASummary(summary);
  const { frequency, monetaryValue } = summary;
  if (
    !(frequency instanceof Float64Array) ||
    !(monetaryValue instanceof Float64Array) ||
    frequency.length !== monetaryValue.length ||
    !isTimeUnit(summary.unit)
  )
    notASummary(summary);
  const resolved = resolveOptions(options);
  const n = frequency.length;
  const weights = checkWeights(resolved.options.weights, n);

  // Select repeat customers with positive spend; count the others.
  const keepX = new Float64Array(n);
  const keepM = new Float64Array(n);
  const keepW = new Float64Array(n);
  let kept = 0;
  let withoutRepeat = 0;
  let nonPositiveWeight = 0;
  const nonPositiveRows: number[] = [];
  let nonPositiveCount = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (w === 0) continue;
    const x = frequency[i]!;
    if (!(Number.isInteger(x) && x >= 0))
      rowError(i + 1, 'frequency', x, 'must be a whole number ≥ 0');
    if (x === 0) {
      withoutRepeat += w;
      continue;
    }
    const m = monetaryValue[i]!;
    if (!Number.isFinite(m)) rowError(i + 1, 'monetaryValue', m, 'must be a finite number');
    if (m <= 0) {
      nonPositiveCount++;
      nonPositiveWeight += w;
      if (nonPositiveRows.length < MAX_LISTED_ROWS) nonPositiveRows.push(i);
      continue;
    }
    keepX[kept] = x;
    keepM[kept] = m;
    keepW[kept] = w;
    kept++;
  }
  if (nonPositiveCount > 0 && resolved.onNonPositive === 'reject') {
    const ids = summary.ids;
    const issues: ClvIssue[] = nonPositiveRows.map((i) =>
      issueOf(
        'INVALID_AMOUNT',
        `fitGammaGamma: row ${i + 1} (customer ${displayValue(ids?.[i])}): monetaryValue ${monetaryValue[i]} ≤ 0 with frequency ${frequency[i]}`,
        i + 1,
        'monetaryValue',
        monetaryValue[i],
      ),
    );
    const first = nonPositiveRows[0]!;
    const summaryIssue = issueOf(
      'INVALID_AMOUNT',
      `fitGammaGamma: ${nonPositiveCount} customer${nonPositiveCount === 1 ? '' : 's'} with repeat purchases ${nonPositiveCount === 1 ? 'has' : 'have'} a monetaryValue ≤ 0 (first: row ${first + 1}, value ${monetaryValue[first]}); the Gamma-Gamma model needs positive spend — net refunds, fix the data, or pass onNonPositive: 'exclude' to leave them out`,
      first + 1,
      'monetaryValue',
      monetaryValue[first],
    );
    throw new ClvError(summaryIssue, [summaryIssue, ...issues]);
  }
  if (kept === 0) {
    throw new ClvError(
      issueOf(
        'EMPTY_INPUT',
        `fitGammaGamma: no customer with a repeat purchase (frequency > 0)${nonPositiveCount > 0 ? ' and a positive monetaryValue' : ''} among ${n} rows: the Gamma-Gamma model is fitted on repeat customers' mean spend`,
        undefined,
        'frequency',
      ),
    );
  }

  // Merge identical (x, z̄) rows: collapseRows keys on three columns, x is repeated as the third.
  const xs = keepX.subarray(0, kept);
  const ms = keepM.subarray(0, kept);
  const rows = collapseRows(xs, ms, xs, keepW.subarray(0, kept));
  const data = spendData(rows.x, rows.tx, rows.weight);
  const totalWeight = data.totalWeight;
  const penalty = resolved.penalty;

  let meanSpend = 0;
  for (let i = 0; i < data.x.length; i++) meanSpend += data.w[i]! * data.m[i]!;
  meanSpend /= totalWeight;
  const startList = resolved.starts ?? [{ p: 1, q: 2, v: meanSpend }];
  let best: ProfileFit | undefined;
  for (const start of startList) {
    const run = profileFit(data, penalty, start, resolved.maxIterations, resolved.tolerance);
    if (best === undefined || (Number.isFinite(run.value) && !(run.value >= best.value)))
      best = run;
  }
  const result = best!;
  const params = result.params;
  checkFiniteParams('gamma-gamma', { ...params });
  const logLikelihood = spendLogLikelihood(data, params.p, params.q, params.v);
  if (!Number.isFinite(logLikelihood)) {
    throw new ClvError(
      issueOf(
        'FIT_FAILED',
        `fitGammaGamma: the log-likelihood at p = ${params.p}, q = ${params.q}, v = ${params.v} is not finite (try a penalty)`,
        undefined,
        'logLikelihood',
        logLikelihood,
      ),
    );
  }

  const warnings: string[] = [];
  const warn = resolved.options;
  // The likelihood has no finite maximum on some data (one customer, or spend that hardly varies
  // across customers: q, v → ∞ is a gamma model without heterogeneity). The optimiser then stops
  // on a flat objective far out; report that as not converged rather than as an optimum.
  const diverged =
    params.p > DIVERGENCE ||
    params.q > DIVERGENCE ||
    params.v > DIVERGENCE * meanSpend ||
    params.v < meanSpend / DIVERGENCE;
  const stalledAtOptimum = !result.converged && result.gradientNorm <= STALLED_GRADIENT;
  const converged =
    (result.converged || stalledAtOptimum) &&
    !diverged &&
    result.gradientNorm <= CONVERGED_GRADIENT;
  if (diverged) {
    emitWarning(
      warnings,
      `gamma-gamma fit did not converge: the estimates diverge (p = ${params.p.toPrecision(3)}, q = ${params.q.toPrecision(3)}, v = ${params.v.toPrecision(3)}); the likelihood has no finite maximum on these data (typically too few customers, or no detectable difference in spend between customers) — set a penalty`,
      warn,
    );
  } else {
    warnIfNotConverged('gamma-gamma', { ...result, converged }, warnings, warn);
  }
  const correlation = weightedCorrelation(data);
  if (correlation !== null && Math.abs(correlation) > resolved.correlationThreshold) {
    emitWarning(
      warnings,
      `gamma-gamma: frequency and monetary value are correlated (Pearson ρ = ${correlation.toFixed(3)} over ${totalWeight} repeat customers, |ρ| > ${resolved.correlationThreshold}); the model assumes spend independent of frequency, so its spend predictions may be biased`,
      warn,
    );
  }

  let standardErrors: Readonly<Record<keyof GammaGammaParams, number>> | undefined;
  if (resolved.standardErrors) {
    // Covariance = (−H)⁻¹ with H the Hessian in (p, q, v) of ℓ − W·λ·(p² + q² + v²).
    const hessian = spendLogLikelihoodHessian(data, params.p, params.q, params.v);
    for (let k = 0; k < 9; k++) hessian[k] = -hessian[k]!;
    for (let k = 0; k < 3; k++) hessian[4 * k] = hessian[4 * k]! + 2 * totalWeight * penalty;
    const covariance = invertSymmetric(hessian, 3);
    standardErrors = standardErrorsFromCovariance(covariance, GAMMA_GAMMA_PARAMETERS);
    if (standardErrors === undefined) {
      emitWarning(
        warnings,
        'gamma-gamma: the Hessian of minus the log-likelihood is not positive definite at the estimate; standard errors are unavailable',
        warn,
      );
    }
  }

  const fit: GammaGammaFit = {
    kind: 'gamma-gamma',
    schemaVersion: 1,
    params,
    timeUnit: summary.unit,
    logLikelihood,
    standardErrors,
    diagnostics: {
      converged,
      iterations: result.iterations,
      gradientNorm: result.gradientNorm,
      message:
        stalledAtOptimum && converged
          ? `${result.message} (accepted: gradient ${result.gradientNorm.toExponential(1)} is at rounding level)`
          : result.message,
      customers: totalWeight,
      distinctRows: data.x.length,
      warnings,
      customersWithoutRepeat: withoutRepeat,
      excludedNonPositive: nonPositiveWeight,
      frequencySpendCorrelation: correlation,
    },
    ...(penalty > 0 ? { penalty } : {}),
  };
  return freezeFit(fit);
}
