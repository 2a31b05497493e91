import { invalidOption } from '../../errors/index.js';
import type { CustomerSummary } from '../../summary/types.js';
import type { HorizonOptions } from '../bg-nbd/types.js';
import { checkModelColumns, durationInUnit, durationsInUnit } from '../shared.js';
import { logDeathOddsColumn } from './likelihood.js';
import type { ParetoNbdFit, ParetoNbdParams } from './types.js';

/** Checks the fit enough to score with it (kind and positive finite parameters). */
function paramsOf(fit: ParetoNbdFit): ParetoNbdParams {
  if (fit === null || typeof fit !== 'object' || fit.kind !== 'pareto-nbd')
    invalidOption('fit', fit?.kind, "must be a Pareto/NBD fit (kind 'pareto-nbd')");
  const { r, alpha, s, beta } = fit.params ?? {};
  for (const [name, value] of [
    ['r', r],
    ['alpha', alpha],
    ['s', s],
    ['beta', beta],
  ] as const) {
    if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0))
      invalidOption(`fit.params.${name}`, value, 'must be a positive finite number');
  }
  return { r: r!, alpha: alpha!, s: s!, beta: beta! };
}

/** 1 / (1 + e^z) without overflow. */
function logisticOfMinus(z: number): number {
  if (z > 0) {
    const e = Math.exp(-z);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(z));
}

/** P(alive) of every row: 1 / (1 + ρ) with ln ρ from {@link logDeathOddsColumn}. */
function aliveColumn(
  params: ParetoNbdParams,
  x: Float64Array,
  recency: Float64Array,
  T: Float64Array,
): Float64Array {
  const out = logDeathOddsColumn(params.r, params.alpha, params.s, params.beta, x, recency, T);
  for (let i = 0; i < out.length; i++) out[i] = logisticOfMinus(out[i]!);
  return out;
}

/**
 * (1 − e^(−(s − 1) w)) / (s − 1) for w = ln(1 + t / base): the lifetime-discounted horizon of the
 * Pareto/NBD expectations, as w · (−expm1(−y) / y), y = (s − 1) w, so that s = 1 (where it is w)
 * needs no special case.
 */
function survivingHorizon(s: number, w: number): number {
  const y = (s - 1) * w;
  return y === 0 ? w : (w * -Math.expm1(-y)) / y;
}

/**
 * P(alive) of each customer of `summary` under a Pareto/NBD fit: the probability that a customer
 * with x repeat purchases, the last at t_x, observed for T, is still alive at T (Schmittlein,
 * Morrison & Colombo 1987; Fader & Hardie, "A note on deriving the Pareto/NBD model and related
 * expressions", 2005, section 5): 1 / (1 + s/(r + s + x) (α + T)^(r+x) (β + T)^s A₀).
 * Evaluated as a logistic function of log odds whose hypergeometric terms are series of positive
 * terms in log space, so it neither overflows nor loses precision for x in the thousands. Exactly
 * 1 when t_x = T (a purchase at the end of the observation). Durations of the summary are
 * converted to the fit's unit when they differ. O(n): a few logarithms and one or two short
 * series per customer.
 *
 * @returns one probability in [0, 1] per summary row, in summary order.
 * @throws {ClvError} `INVALID_OPTION` for a fit that is not a valid Pareto/NBD fit;
 *   `INVALID_ARGUMENT` for summary rows a model cannot use (row and field named).
 * @example
 * ```ts
 * import { paretoNbdProbabilityAlive, summaryFromColumns, type ParetoNbdFit } from 'clvkit';
 * const fit = { kind: 'pareto-nbd', params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, timeUnit: 'week' } as ParetoNbdFit;
 * const summary = summaryFromColumns({ ids: ['a'], frequency: [26], recency: [30.86], T: [31], unit: 'week' });
 * paretoNbdProbabilityAlive(fit, summary); // Float64Array [0.997918…]
 * ```
 */
export function paretoNbdProbabilityAlive(
  fit: ParetoNbdFit,
  summary: CustomerSummary,
): Float64Array {
  const params = paramsOf(fit);
  checkModelColumns(summary);
  const { recency, T } = durationsInUnit(summary, fit.timeUnit);
  return aliveColumn(params, summary.frequency, recency, T);
}

/**
 * Expected purchases of each customer of `summary` in the next `horizon` (in the fit's unit, or
 * in `options.unit`): E[Y(t) | x, t_x, T] = (r + x)(β + T) / ((α + T)(s − 1)) ·
 * [1 − ((β + T)/(β + T + t))^(s−1)] · P(alive) (Schmittlein, Morrison & Colombo 1987;
 * Fader & Hardie's note, section 6), with the bracket over s − 1 evaluated through expm1 so that
 * s = 1 is an ordinary point, and P(alive) from {@link paretoNbdProbabilityAlive}: finite and
 * smooth for x in the thousands. Durations of the summary are converted to the fit's unit when
 * they differ. O(n).
 *
 * @returns one expectation ≥ 0 per summary row, in summary order (0 for a zero horizon).
 * @throws {ClvError} `INVALID_OPTION` for a negative or non-finite horizon, an unknown unit or an
 *   invalid fit; `INVALID_ARGUMENT` for summary rows a model cannot use.
 * @example
 * ```ts
 * import { paretoNbdConditionalExpectedPurchases, summaryFromColumns, type ParetoNbdFit } from 'clvkit';
 * const fit = { kind: 'pareto-nbd', params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, timeUnit: 'week' } as ParetoNbdFit;
 * const summary = summaryFromColumns({ ids: ['a'], frequency: [26], recency: [30.86], T: [31], unit: 'week' });
 * paretoNbdConditionalExpectedPurchases(fit, summary, 52); // Float64Array [25.4549…]
 * paretoNbdConditionalExpectedPurchases(fit, summary, 1, { unit: 'year' }); // 52.18 weeks
 * ```
 */
export function paretoNbdConditionalExpectedPurchases(
  fit: ParetoNbdFit,
  summary: CustomerSummary,
  horizon: number,
  options?: HorizonOptions,
): Float64Array {
  const params = paramsOf(fit);
  const t = durationInUnit(horizon, 'horizon', fit.timeUnit, options?.unit);
  checkModelColumns(summary);
  const { recency, T } = durationsInUnit(summary, fit.timeUnit);
  const x = summary.frequency;
  if (t === 0) return new Float64Array(x.length);
  const { r, alpha, s, beta } = params;
  const out = aliveColumn(params, x, recency, T);
  for (let i = 0; i < x.length; i++) {
    const betaT = beta + T[i]!;
    const w = Math.log1p(t / betaT);
    out[i] = ((r + x[i]!) / (alpha + T[i]!)) * betaT * survivingHorizon(s, w) * out[i]!;
  }
  return out;
}

function checkDurations(t: number | ArrayLike<number>, field: string): ArrayLike<number> {
  if (typeof t === 'number') return [t];
  if (t === null || typeof t !== 'object' || typeof t.length !== 'number')
    invalidOption(field, t, 'must be a number or an array of numbers');
  return t;
}

/**
 * Unconditional expected number of repeat purchases E[X(t)] of a new customer in a period of
 * length t after the first purchase (Schmittlein, Morrison & Colombo 1987; Fader & Hardie's
 * note, section 4): rβ / (α(s − 1)) · [1 − (β / (β + t))^(s−1)], the bracket over s − 1
 * through expm1 (s = 1 gives (rβ/α) ln(1 + t/β)). Vectorised over `t` (in the fit's unit, or
 * `options.unit`). O(length of t).
 *
 * @returns one expectation per horizon.
 * @throws {ClvError} `INVALID_OPTION` for a negative or non-finite t, an unknown unit or an
 *   invalid fit.
 * @example
 * ```ts
 * import { paretoNbdExpectedPurchases, type ParetoNbdFit } from 'clvkit';
 * const fit = { kind: 'pareto-nbd', params: { r: 0.553276, alpha: 10.57761, s: 0.606214, beta: 11.66791 }, timeUnit: 'week' } as ParetoNbdFit;
 * paretoNbdExpectedPurchases(fit, [1, 52]); // Float64Array [0.0510066…, 1.4734424…]
 * ```
 */
export function paretoNbdExpectedPurchases(
  fit: ParetoNbdFit,
  t: number | ArrayLike<number>,
  options?: HorizonOptions,
): Float64Array {
  const { r, alpha, s, beta } = paramsOf(fit);
  const values = checkDurations(t, 't');
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const ti = durationInUnit(values[i], 't', fit.timeUnit, options?.unit);
    out[i] = (r / alpha) * beta * survivingHorizon(s, Math.log1p(ti / beta));
  }
  return out;
}
