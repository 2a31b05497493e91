import { ClvError, invalidOption, issueOf } from '../../errors/index.js';
import { logBeta, logSumExp } from '../../math/index.js';
import { checkBgBbParams } from './fit.js';
import { bgBbDataLogLikelihood, prepareBgBbData } from './likelihood.js';
import { logRising } from './mle.js';
import { checkOpportunitySummary } from './summary.js';
import type {
  BgBbFit,
  BgBbParams,
  BgBbProbabilityAliveOptions,
  OpportunitySummary,
} from './types.js';

/** Checks the fit enough to score with it (kind and positive finite parameters). */
function paramsOf(fit: BgBbFit): BgBbParams {
  if (fit === null || typeof fit !== 'object' || fit.kind !== 'bg-bb')
    invalidOption(
      'fit',
      (fit as { kind?: unknown } | null)?.kind,
      "must be a BG/BB fit (kind 'bg-bb')",
    );
  return checkBgBbParams(fit.params, 'fit.params');
}

function checkCount(value: unknown, field: string, limit = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !(Number.isInteger(value) && value >= 0 && value <= limit))
    invalidOption(field, value, `must be an integer from 0 to ${limit}`);
  return value;
}

/**
 * ln P(alive at opportunity n) = ln(A / L) per summary row (Fader, Hardie & Shang 2010: A is the
 * first term of the likelihood, that of being alive through n), after checking the summary.
 */
function logAliveAtN(params: BgBbParams, fit: BgBbFit, summary: OpportunitySummary): Float64Array {
  checkOpportunitySummary(summary);
  if (summary.unit !== fit.timeUnit) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `summary unit '${summary.unit}' differs from the fit's timeUnit '${fit.timeUnit}': one opportunity must be the same period`,
        undefined,
        'unit',
        summary.unit,
      ),
    );
  }
  const { frequency: x, recency: tx, periods: n } = summary;
  const data = prepareBgBbData(x, tx, n);
  const distinct = new Float64Array(data.rows);
  bgBbDataLogLikelihood(
    data,
    params.alpha,
    params.beta,
    params.gamma,
    params.delta,
    undefined,
    undefined,
    distinct,
  );
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = distinct[data.inputRow[i]!]!;
  return out;
}

/** Horizons up to which {@link survivalSum} adds its terms one by one. */
const DIRECT_HORIZON = 10_000;
/** Half-width of the band around γ = 1 in which the closed form is interpolated. */
const SINGULAR_BAND = 1e-3;

/**
 * R(γ, y, m) = Σ_{k=1}^{m} B(γ, y + k) / B(γ, y) = Σ_k Π_{l<k} (y + l)/(γ + y + l): the expected
 * number of the next m opportunities a customer alive now (dropout θ ~ Beta(γ, y)) is still alive
 * at. By telescoping (B(γ, z) = B(γ − 1, z) − B(γ − 1, z + 1)) it equals
 * y/(γ − 1) · [1 − Γ(y + m + 1) Γ(γ + y) / (Γ(y + 1) Γ(γ + y + m))], the bracket of Fader, Hardie
 * & Shang (2010) for E[X(n)] and E[X(n, n + n*)]. Summed directly up to m = 10,000 (relative
 * error about m·1e-16); above, the closed form with −expm1 for the bracket (its log from log-beta differences) and,
 * within 1e-3 of its removable singularity γ = 1, cubic interpolation through γ = 1 ± 1e-3,
 * 1 ± 2e-3. O(min(m, 10,000)).
 */
function survivalSum(gamma: number, y: number, m: number): number {
  if (m <= DIRECT_HORIZON) {
    let product = 1;
    let sum = 0;
    for (let l = 0; l < m; l++) {
      product *= (y + l) / (gamma + y + l);
      sum += product;
    }
    return sum;
  }
  const closed = (g: number): number => {
    // S = ln[Γ(y + m + 1) Γ(g + y) / (Γ(y + 1) Γ(g + y + m))] as a difference of log-beta
    // functions, Γ(|g − 1|) cancelling: logBeta keeps full relative accuracy for large arguments,
    // where differences of logGamma values of size m ln m would lose digits.
    const s =
      g > 1
        ? logBeta(y + m + 1, g - 1) - logBeta(y + 1, g - 1)
        : logBeta(y + g, 1 - g) - logBeta(y + m + g, 1 - g);
    return (y * -Math.expm1(s)) / (g - 1);
  };
  if (Math.abs(gamma - 1) >= SINGULAR_BAND) return closed(gamma);
  const h = SINGULAR_BAND;
  const nodes = [1 - 2 * h, 1 - h, 1 + h, 1 + 2 * h];
  let value = 0;
  for (let i = 0; i < 4; i++) {
    let basis = 1;
    for (let j = 0; j < 4; j++) if (j !== i) basis *= (gamma - nodes[j]!) / (nodes[i]! - nodes[j]!);
    value += basis * closed(nodes[i]!);
  }
  return value;
}

/**
 * P(alive) of each row of `summary` under a BG/BB fit (Fader, Hardie & Shang 2010): the
 * probability that the customer is still alive at opportunity n + `periodsAhead`,
 *
 *   B(α + x, β + n − x)/B(α, β) · B(γ, δ + n + k)/B(γ, δ) / L(α, β, γ, δ | x, t_x, n),
 *
 * with k = `periodsAhead` (default 1: the next opportunity n + 1, as in the paper; 0 gives the
 * probability of being alive at the last observed opportunity n, which is 1 when t_x = n).
 * O(rows + Σ over distinct (n, x) of n).
 *
 * @returns one probability in [0, 1] per summary row, in summary order.
 * @throws {ClvError} `INVALID_OPTION` for an invalid fit or `periodsAhead`; `INVALID_ARGUMENT`
 *   for an invalid summary or one whose `unit` differs from the fit's `timeUnit`.
 * @example
 * ```ts
 * import { bgBbProbabilityAlive, opportunitySummaryFromColumns, type BgBbFit } from 'clvkit';
 * const fit = { kind: 'bg-bb', timeUnit: 'year', params: { alpha: 1.2035224, beta: 0.7497164, gamma: 0.6567182, delta: 2.7834422 } } as BgBbFit;
 * const summary = opportunitySummaryFromColumns({ frequency: [0, 2, 6], recency: [0, 4, 6], periods: 6, unit: 'year' });
 * bgBbProbabilityAlive(fit, summary); // Float64Array [0.10813, 0.58966, 0.93043] (rounded)
 * bgBbProbabilityAlive(fit, summary, { periodsAhead: 0 }); // [0.11622, 0.63374, 1]
 * ```
 */
export function bgBbProbabilityAlive(
  fit: BgBbFit,
  summary: OpportunitySummary,
  options: BgBbProbabilityAliveOptions = {},
): Float64Array {
  const params = paramsOf(fit);
  if (options === null || typeof options !== 'object')
    invalidOption('options', options, 'must be an object');
  for (const key of Object.keys(options)) {
    if (key !== 'periodsAhead')
      invalidOption(key, (options as Record<string, unknown>)[key], 'is not a known option');
  }
  const k = checkCount(options.periodsAhead ?? 1, 'periodsAhead');
  const out = logAliveAtN(params, fit, summary);
  const n = summary.periods;
  // ln B(γ, δ + n + k)/B(γ, δ + n) per distinct n (usually one).
  const cache = new Map<number, number>();
  for (let i = 0; i < out.length; i++) {
    const ni = n[i]!;
    let shift = cache.get(ni);
    if (shift === undefined) {
      shift = logRising(params.delta + ni, k) - logRising(params.gamma + params.delta + ni, k);
      cache.set(ni, shift);
    }
    out[i] = Math.min(1, Math.exp(out[i]! + shift));
  }
  return out;
}

/**
 * Expected transactions of each row of `summary` in the next `horizon` opportunities
 * n + 1 .. n + horizon (Fader, Hardie & Shang 2010, E[X(n, n + n*)]):
 *
 *   P(alive at n) · (α + x)/(α + β + n) · Σ_{k=1}^{horizon} B(γ, δ + n + k)/B(γ, δ + n),
 *
 * i.e. the posterior mean transaction probability times the expected number of those
 * opportunities the customer is still alive at. O(rows + Σ over distinct (n, x) of n +
 * distinct n · min(horizon, 10,000)).
 *
 * @returns one expectation ≥ 0 per summary row (0 for horizon 0).
 * @throws {ClvError} `INVALID_OPTION` for an invalid fit or a horizon that is not an integer ≥ 0;
 *   `INVALID_ARGUMENT` for an invalid summary or a unit that differs from the fit's.
 * @example
 * ```ts
 * import { bgBbConditionalExpectedPurchases, opportunitySummaryFromColumns, type BgBbFit } from 'clvkit';
 * const fit = { kind: 'bg-bb', timeUnit: 'year', params: { alpha: 1.2035224, beta: 0.7497164, gamma: 0.6567182, delta: 2.7834422 } } as BgBbFit;
 * const summary = opportunitySummaryFromColumns({ frequency: [2], recency: [4], periods: 6, unit: 'year' });
 * bgBbConditionalExpectedPurchases(fit, summary, 5); // Float64Array [1.0576] (rounded)
 * ```
 */
export function bgBbConditionalExpectedPurchases(
  fit: BgBbFit,
  summary: OpportunitySummary,
  horizon: number,
): Float64Array {
  const params = paramsOf(fit);
  const m = checkCount(horizon, 'horizon');
  const out = logAliveAtN(params, fit, summary);
  const { alpha, beta, gamma, delta } = params;
  const { frequency: x, periods: n } = summary;
  const cache = new Map<number, number>();
  for (let i = 0; i < out.length; i++) {
    const ni = n[i]!;
    let alive = cache.get(ni);
    if (alive === undefined) {
      alive = survivalSum(gamma, delta + ni, m);
      cache.set(ni, alive);
    }
    out[i] = Math.exp(out[i]!) * ((alpha + x[i]!) / (alpha + beta + ni)) * alive;
  }
  return out;
}

/**
 * Expected transactions of a newly acquired customer in their first n repeat opportunities
 * (Fader, Hardie & Shang 2010): α/(α + β) · Σ_{t=1}^{n} B(γ, δ + t)/B(γ, δ)
 * = α/(α + β) · δ/(γ − 1) · [1 − Γ(γ + δ) Γ(1 + δ + n) / (Γ(γ + δ + n) Γ(1 + δ))], evaluated
 * without the removable singularity at γ = 1. O(min(n, 10,000)) per value.
 *
 * @param n - one number of opportunities or several (integers ≥ 0).
 * @returns one expectation per n.
 * @throws {ClvError} `INVALID_OPTION` for an invalid fit or an n that is not an integer ≥ 0.
 * @example
 * ```ts
 * import { bgBbExpectedPurchases, type BgBbFit } from 'clvkit';
 * const fit = { kind: 'bg-bb', timeUnit: 'year', params: { alpha: 1.2035224, beta: 0.7497164, gamma: 0.6567182, delta: 2.7834422 } } as BgBbFit;
 * bgBbExpectedPurchases(fit, [1, 6, 10]); // Float64Array [0.49854, 2.22017, 3.17983] (rounded)
 * ```
 */
export function bgBbExpectedPurchases(fit: BgBbFit, n: number | ArrayLike<number>): Float64Array {
  const { alpha, beta, gamma, delta } = paramsOf(fit);
  const values = typeof n === 'number' ? [n] : n;
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number')
    invalidOption('n', n, 'must be a number or an array of numbers');
  const out = new Float64Array(values.length);
  const mean = alpha / (alpha + beta);
  for (let i = 0; i < values.length; i++) {
    const ni = checkCount(values[i], typeof n === 'number' ? 'n' : `n[${i}]`);
    out[i] = mean * survivalSum(gamma, delta, ni);
  }
  return out;
}

/** Largest n {@link bgBbFrequencyDistribution} accepts (its cost grows as n²). */
const MAX_DISTRIBUTION_PERIODS = 10_000;

/**
 * The distribution of the number of repeat transactions X(n) of a newly acquired customer over n
 * opportunities (Fader, Hardie & Shang 2010):
 *
 *   P(X(n) = x) = C(n, x) B(α + x, β + n − x)/B(α, β) · B(γ, δ + n)/B(γ, δ)
 *     + Σ_{i=x}^{n−1} C(i, x) B(α + x, β + i − x)/B(α, β) · B(γ + 1, δ + i)/B(γ, δ),
 *
 * each term in log space, the sum with logSumExp. Multiply by the number of customers for the
 * expected counts of the paper's histogram. O(n²).
 *
 * @returns P(X(n) = x) for x = 0..n (n + 1 values summing to 1).
 * @throws {ClvError} `INVALID_OPTION` for an invalid fit or an n that is not an integer from 0 to
 *   10,000.
 * @example
 * ```ts
 * import { bgBbFrequencyDistribution, type BgBbFit } from 'clvkit';
 * const fit = { kind: 'bg-bb', timeUnit: 'year', params: { alpha: 1.2035224, beta: 0.7497164, gamma: 0.6567182, delta: 2.7834422 } } as BgBbFit;
 * const p = bgBbFrequencyDistribution(fit, 6);
 * 11104 * p[0]; // 3454.882 (rounded)
 * 11104 * p[6]; // 1253.114 (rounded)
 * ```
 */
export function bgBbFrequencyDistribution(fit: BgBbFit, n: number): Float64Array {
  const { alpha, beta, gamma, delta } = paramsOf(fit);
  checkCount(n, 'n', MAX_DISTRIBUTION_PERIODS);
  // Log rising factorials ln Γ(a + k) − ln Γ(a), k = 0..n + 1, and ln k!.
  const size = n + 2;
  const table = (a: number): Float64Array => {
    const out = new Float64Array(size);
    for (let k = 1; k < size; k++) out[k] = out[k - 1]! + Math.log(a + k - 1);
    return out;
  };
  const la = table(alpha);
  const lb = table(beta);
  const lab = table(alpha + beta);
  const ld = table(delta);
  const lgd = table(gamma + delta);
  const lf = table(1);
  const logGammaParam = Math.log(gamma);
  const out = new Float64Array(n + 1);
  const terms = new Float64Array(n + 1);
  for (let x = 0; x <= n; x++) {
    terms[0] = lf[n]! - lf[x]! - lf[n - x]! + la[x]! + lb[n - x]! - lab[n]! + ld[n]! - lgd[n]!;
    let count = 1;
    for (let i = x; i < n; i++) {
      terms[count++] =
        lf[i]! -
        lf[x]! -
        lf[i - x]! +
        la[x]! +
        lb[i - x]! -
        lab[i]! +
        logGammaParam +
        ld[i]! -
        lgd[i + 1]!;
    }
    out[x] = Math.exp(logSumExp(terms.subarray(0, count)));
  }
  return out;
}
