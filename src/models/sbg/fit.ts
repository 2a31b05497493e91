import { ClvError, displayValue, invalidOption, issueOf } from '../../errors/index.js';
import { isTimeUnit, type TimeUnit } from '../../time/index.js';
import {
  checkMleOptions,
  digammaRising,
  logRising,
  maximizeLikelihood,
  trigammaRising,
} from '../bg-bb/mle.js';
import { checkPenalty, emitWarning, freezeFit, type ModelDiagnostics } from '../shared.js';
import {
  type FitSbgOptions,
  SBG_PARAMETERS,
  type SbgFit,
  type SbgInput,
  type SbgParams,
} from './types.js';

/**
 * Defaults of {@link FitSbgOptions}: no penalty, at most 500 BFGS iterations per start,
 * tolerance 1e-9 on the gradient of −LL / W in the log-parameters, one start at α = β = 1.
 *
 * @example
 * ```ts
 * import { FIT_SBG_DEFAULTS } from 'clvkit';
 * FIT_SBG_DEFAULTS.start; // { alpha: 1, beta: 1 }
 * ```
 */
export const FIT_SBG_DEFAULTS = Object.freeze({
  penalty: 0,
  maxIterations: 500,
  tolerance: 1e-9,
  start: Object.freeze({ alpha: 1, beta: 1 }) as SbgParams,
});

const OPTION_KEYS: ReadonlySet<string> = new Set([
  'penalty',
  'starts',
  'maxIterations',
  'tolerance',
  'onWarning',
]);

/**
 * A cohort as weighted cells: for each distinct duration d (ascending), the customers lost in
 * period d + 1 (`churned`) and those still active after d periods (`censored`).
 */
export interface SbgData {
  readonly duration: Float64Array;
  readonly churned: Float64Array;
  readonly censored: Float64Array;
  readonly unit: TimeUnit;
  readonly customers: number;
}

function rowError(row: number, field: string, value: unknown, reason: string): never {
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `Row ${row}: ${field} ${displayValue(value)} ${reason}`,
      row,
      field,
      value,
    ),
  );
}

function arrayOf(field: string, values: unknown): ArrayLike<unknown> {
  const list = values as ArrayLike<unknown>;
  if (typeof list !== 'object' || list === null || typeof list.length !== 'number')
    invalidOption(field, values, 'must be an array or typed array');
  return list;
}

/**
 * Validates a {@link SbgInput} and turns it into weighted cells. Survivors: integers ≥ 0,
 * non-increasing, at least two counts, a positive first one. Durations: integers ≥ 0 with a
 * churn flag each (boolean, 0 or 1). O(customers + distinct durations · log).
 *
 * @throws {ClvError} `INVALID_OPTION` (unit, or input shape); `INVALID_ARGUMENT` naming the
 *   1-based row, the field and the value; `EMPTY_INPUT` for an empty cohort.
 * @internal
 * @example
 * ```ts
 * import { sbgData } from './fit.js'; // internal
 * sbgData({ survivors: [10, 6, 5], unit: 'year' }).churned; // Float64Array [4, 1, 0]
 * ```
 */
export function sbgData(input: SbgInput): SbgData {
  if (input === null || typeof input !== 'object')
    invalidOption('input', input, 'must be { survivors, unit } or { durations, churned, unit }');
  if (!isTimeUnit(input.unit))
    invalidOption(
      'unit',
      input.unit,
      "must be 'hour', 'day', 'week', 'month', 'quarter' or 'year'",
    );
  const hasSurvivors = 'survivors' in input && input.survivors !== undefined;
  const hasDurations = 'durations' in input && input.durations !== undefined;
  if (hasSurvivors === hasDurations)
    invalidOption(
      'input',
      Object.keys(input),
      'must have either survivors or durations (with churned), not both',
    );
  if (hasSurvivors) {
    const s = arrayOf('survivors', (input as { survivors: unknown }).survivors);
    if (s.length < 2)
      invalidOption('survivors', s.length, 'must hold at least two counts (periods 0 and 1)');
    const k = s.length - 1;
    const churned = new Float64Array(k + 1);
    const censored = new Float64Array(k + 1);
    for (let t = 0; t <= k; t++) {
      const v = s[t];
      if (typeof v !== 'number' || !(Number.isInteger(v) && v >= 0))
        rowError(t + 1, 'survivors', v, 'must be an integer ≥ 0');
      if (t === 0 && v === 0)
        throw new ClvError(
          issueOf('EMPTY_INPUT', 'survivors[0] (the cohort size) is 0', 1, 'survivors', 0),
        );
      if (t > 0) {
        const previous = s[t - 1] as number;
        if (v > previous)
          rowError(
            t + 1,
            'survivors',
            v,
            `exceeds the previous count (${previous}): survivors must not increase`,
          );
        churned[t - 1] = previous - v;
      }
    }
    censored[k] = s[k] as number;
    return {
      duration: Float64Array.from({ length: k + 1 }, (_, t) => t),
      churned,
      censored,
      unit: input.unit,
      customers: s[0] as number,
    };
  }
  const durations = arrayOf('durations', (input as { durations: unknown }).durations);
  const flags = arrayOf('churned', (input as { churned?: unknown }).churned);
  if (flags.length !== durations.length)
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `churned has ${flags.length} values but durations has ${durations.length}`,
        undefined,
        'churned',
        flags.length,
      ),
    );
  if (durations.length === 0)
    throw new ClvError(issueOf('EMPTY_INPUT', 'fitSbg needs at least one customer'));
  const cells = new Map<number, [number, number]>();
  for (let i = 0; i < durations.length; i++) {
    const d = durations[i];
    if (typeof d !== 'number' || !(Number.isInteger(d) && d >= 0))
      rowError(i + 1, 'durations', d, 'must be an integer ≥ 0 (periods survived)');
    const c = flags[i];
    if (!(c === true || c === false || c === 0 || c === 1))
      rowError(i + 1, 'churned', c, 'must be true, false, 0 or 1');
    let cell = cells.get(d);
    if (cell === undefined) {
      cell = [0, 0];
      cells.set(d, cell);
    }
    if (c === true || c === 1) cell[0]++;
    else cell[1]++;
  }
  const keys = [...cells.keys()].sort((a, b) => a - b);
  return {
    duration: Float64Array.from(keys),
    churned: Float64Array.from(keys, (d) => cells.get(d)![0]),
    censored: Float64Array.from(keys, (d) => cells.get(d)![1]),
    unit: input.unit,
    customers: durations.length,
  };
}

/**
 * ln L of the cohort at (α, β) (Fader & Hardie 2007, in log form):
 * Σ_d churned_d · ln P(T = d + 1) + censored_d · ln S(d), with
 * P(T = t) = B(α + 1, β + t − 1)/B(α, β) and S(t) = B(α, β + t)/B(α, β), written as log rising
 * factorials so that no beta function is evaluated. Gradient and (when `hessian` is given) the
 * Hessian in (α, β) from the matching digamma and trigamma differences. O(distinct durations).
 *
 * @internal
 * @example
 * ```ts
 * import { sbgData, sbgDataLogLikelihood } from './fit.js'; // internal
 * sbgDataLogLikelihood(sbgData({ survivors: [2, 1], unit: 'year' }), 1, 1, new Float64Array(2)); // 2 ln ½
 * ```
 */
export function sbgDataLogLikelihood(
  data: SbgData,
  alpha: number,
  beta: number,
  gradient: Float64Array,
  hessian?: Float64Array,
): number {
  const ab = alpha + beta;
  let ll = 0;
  let ga = 0;
  let gb = 0;
  let haa = 0;
  let hab = 0;
  let hbb = 0;
  for (let i = 0; i < data.duration.length; i++) {
    const d = data.duration[i]!;
    const lost = data.churned[i]!;
    const kept = data.censored[i]!;
    if (lost === 0 && kept === 0) continue;
    const logB = logRising(beta, d);
    const psiB = digammaRising(beta, d);
    const triB = hessian === undefined ? 0 : trigammaRising(beta, d);
    if (lost > 0) {
      // ln P(T = d + 1) = ln α + ln (β)_d − ln (α + β)_{d+1}
      ll += lost * (Math.log(alpha) + logB - logRising(ab, d + 1));
      const psiAB = digammaRising(ab, d + 1);
      ga += lost * (1 / alpha - psiAB);
      gb += lost * (psiB - psiAB);
      if (hessian !== undefined) {
        const triAB = trigammaRising(ab, d + 1);
        haa += lost * (-1 / (alpha * alpha) - triAB);
        hab -= lost * triAB;
        hbb += lost * (triB - triAB);
      }
    }
    if (kept > 0 && d > 0) {
      // ln S(d) = ln (β)_d − ln (α + β)_d
      ll += kept * (logB - logRising(ab, d));
      const psiAB = digammaRising(ab, d);
      ga -= kept * psiAB;
      gb += kept * (psiB - psiAB);
      if (hessian !== undefined) {
        const triAB = trigammaRising(ab, d);
        haa -= kept * triAB;
        hab -= kept * triAB;
        hbb += kept * (triB - triAB);
      }
    }
  }
  gradient[0] = ga;
  gradient[1] = gb;
  if (hessian !== undefined) {
    hessian[0] = haa;
    hessian[1] = hab;
    hessian[2] = hab;
    hessian[3] = hbb;
  }
  return ll;
}

/**
 * Fits the shifted-beta-geometric model (Fader & Hardie 2007, "How to project customer
 * retention") to one cohort by maximum likelihood: customers lost in period t contribute
 * P(T = t) = B(α + 1, β + t − 1)/B(α, β), customers still active after the last observed period
 * k contribute S(k) = B(α, β + k)/B(α, β) (right censoring). The input is either survivor counts
 * per period or per-customer durations with churn flags (see {@link SbgInput}); equivalent data
 * give the same fit. BFGS on ln α, ln β from α = β = 1 (or every `options.starts`), then Newton
 * steps with the analytic Hessian; standard errors from its inverse. O(iterations · distinct
 * durations) after an O(customers) pass over durations.
 *
 * Warnings (also sent to `options.onWarning`): non-convergence, a parameter running towards 0 or
 * ∞ (e.g. no heterogeneity in churn), a singular Hessian, and a cohort observed for one period
 * only (then only α/(α + β), the first-period churn rate, is identified).
 *
 * @param input - `{ survivors, unit }` or `{ durations, churned, unit }`; `unit` (one contract
 *   period) becomes the fit's `timeUnit`.
 * @param options - see {@link FitSbgOptions}; defaults in {@link FIT_SBG_DEFAULTS}.
 * @throws {ClvError} `INVALID_OPTION` / `INVALID_ARGUMENT` for bad input (row and field named);
 *   `EMPTY_INPUT` for an empty cohort; `FIT_FAILED` when nobody churned (the churn distribution
 *   is not identified), when everybody churned in the first period, or when the optimum is not
 *   finite.
 * @example
 * ```ts
 * import { fitSbg } from 'clvkit';
 * // Fader & Hardie (2007), "regular" customers: 1000 at the start, survivors after 1..7 years.
 * const fit = fitSbg({ survivors: [1000, 631, 468, 382, 326, 289, 262, 241], unit: 'year' });
 * fit.params; // { alpha: 0.7040773, beta: 1.182043 } (rounded)
 * ```
 */
export function fitSbg(input: SbgInput, options: FitSbgOptions = {}): SbgFit {
  checkMleOptions(options, OPTION_KEYS, SBG_PARAMETERS);
  const penalty = checkPenalty(options.penalty);
  const data = sbgData(input);
  let lost = 0;
  let lostLater = 0;
  let keptLater = 0;
  let cells = 0;
  for (let i = 0; i < data.duration.length; i++) {
    if (data.churned[i]! > 0 || data.censored[i]! > 0) cells++;
    lost += data.churned[i]!;
    if (data.duration[i]! >= 1) lostLater += data.churned[i]!;
    if (data.duration[i]! >= 2) keptLater += data.censored[i]!;
  }
  if (lost === 0)
    throw new ClvError(
      issueOf(
        'FIT_FAILED',
        'sBG is not identified: no customer churned, so the churn distribution cannot be estimated (its maximum likelihood lies at α → 0)',
        undefined,
        'churned',
        0,
      ),
    );
  if (lost === data.customers && lostLater === 0)
    throw new ClvError(
      issueOf(
        'FIT_FAILED',
        'sBG is not identified: every customer churned in the first period (the likelihood grows without bound as β → 0)',
        undefined,
        'churned',
        lost,
      ),
    );
  const starts = (options.starts ?? [FIT_SBG_DEFAULTS.start]).map((s) => [s.alpha, s.beta]);
  const result = maximizeLikelihood(
    (theta, gradient, hessian) =>
      sbgDataLogLikelihood(data, theta[0]!, theta[1]!, gradient, hessian),
    {
      kind: 'sbg',
      names: SBG_PARAMETERS,
      totalWeight: data.customers,
      penalty,
      starts,
      maxIterations: options.maxIterations ?? FIT_SBG_DEFAULTS.maxIterations,
      tolerance: options.tolerance ?? FIT_SBG_DEFAULTS.tolerance,
      options,
    },
  );
  const warnings = result.warnings;
  if (lostLater === 0 && keptLater === 0) {
    emitWarning(
      warnings,
      'sbg: the cohort was observed for one period only, so only the first-period churn rate α/(α + β) is identified; alpha and beta themselves are arbitrary along a ridge',
      options,
    );
  }
  const [alpha, beta] = result.theta as [number, number];
  const diagnostics: ModelDiagnostics = {
    converged: result.converged,
    iterations: result.iterations,
    gradientNorm: result.gradientNorm,
    message: result.message,
    customers: data.customers,
    distinctRows: cells,
    warnings,
  };
  const fit: { -readonly [K in keyof SbgFit]: SbgFit[K] } = {
    kind: 'sbg',
    schemaVersion: 1,
    params: { alpha, beta },
    timeUnit: data.unit,
    logLikelihood: result.logLikelihood,
    standardErrors: result.standardErrors,
    diagnostics,
  };
  if (penalty > 0) fit.penalty = penalty;
  return freezeFit(fit);
}
