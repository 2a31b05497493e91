/**
 * Scoring with a fitted MBG/NBD model (Batislam, Denizel & Filiztekin 2007).
 *
 * Every expression below follows from one identity of the model: given p, the customer leaves at
 * time 0 with probability p and otherwise behaves as a BG/NBD customer with the same p. Averaged
 * over p ~ Beta(a, b), the survivors of time 0 (share E[1 − p] = b / (a + b)) have
 * p ~ Beta(a, b + 1), since (1 − p) · Beta(p; a, b) = b/(a + b) · Beta(p; a, b + 1). So the
 * MBG/NBD(r, α, a, b) is the mixture
 *
 *   a/(a + b) · (gone at time 0, no repeat purchase) + b/(a + b) · BG/NBD(r, α, a, b + 1),
 *
 * which gives (Fader, Hardie & Lee 2005, eqs. 8–10, for the BG/NBD terms):
 *
 * - P(alive | x, t_x, T) = 1 / (1 + a/(b + x) · ((α + T)/(α + t_x))^(r + x)) for every x ≥ 0
 *   (t_x = 0 when x = 0): the BG/NBD(b + 1) value when x > 0, and below 1 when x = 0.
 * - E[X(t)] = b/(a + b) · E_BG(b + 1)[X(t)] = b/(a − 1) · [1 − (α/(α + t))^r ·
 *   2F1(r, b + 1; a + b; t/(α + t))].
 * - P(X(t) = n) = δ(n = 0) · a/(a + b) + b/(a + b) · P_BG(b + 1)(X(t) = n).
 * - E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) · (a + b + x)/(a − 1) · [1 − ((α + T)/(α + T + t))^(r + x)
 *   · 2F1(r + x, b + x + 1; a + b + x; t/(α + T + t))]: the alive customer's expectation is the
 *   BG/NBD(b + 1)'s, so the BG/NBD(b + 1) conditional expectation is right for x > 0 and needs
 *   only the MBG/NBD P(alive) factor for x = 0.
 *
 * The BG/NBD functions are therefore evaluated at (r, α, a, b + 1), which reuses their numerics:
 * the 2F1 after Euler's transformation, the cancellation-free series for short horizons, the
 * bridged removable singularity at a = 1, the per-frequency Chebyshev interpolants and the
 * log-space negative binomial tails. (The one cost: b + 1 is rounded once, which matters only
 * where the BG/NBD code forms a + (b + 1) − 1 for x = 0 customers with a + b below about 1e-8.)
 *
 * @module
 */

import { invalidOption } from '../../errors/index.js';
import type { CustomerSummary } from '../../summary/types.js';
import {
  type BgNbdFit,
  conditionalExpectedPurchases,
  expectedPurchases,
  probabilityOfPurchases,
} from '../bg-nbd/index.js';
import type { HorizonOptions } from '../bg-nbd/types.js';
import { checkModelColumns, durationsInUnit } from '../shared.js';
import type { MbgNbdFit, MbgNbdParams } from './types.js';

/** Checks the fit enough to score with it (kind and positive finite parameters). */
function paramsOf(fit: MbgNbdFit): MbgNbdParams {
  if (fit === null || typeof fit !== 'object' || fit.kind !== 'mbg-nbd')
    invalidOption('fit', fit?.kind, "must be an MBG/NBD fit (kind 'mbg-nbd')");
  const { r, alpha, a, b } = fit.params ?? {};
  for (const [name, value] of [
    ['r', r],
    ['alpha', alpha],
    ['a', a],
    ['b', b],
  ] as const) {
    if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0))
      invalidOption(`fit.params.${name}`, value, 'must be a positive finite number');
  }
  return { r: r!, alpha: alpha!, a: a!, b: b! };
}

/** The BG/NBD(r, α, a, b + 1) that the survivors of time 0 follow (see the module comment). */
function survivorsFit(fit: MbgNbdFit, params: MbgNbdParams): BgNbdFit {
  return {
    kind: 'bg-nbd',
    schemaVersion: 1,
    params: { r: params.r, alpha: params.alpha, a: params.a, b: params.b + 1 },
    timeUnit: fit.timeUnit,
    logLikelihood: 0,
    standardErrors: undefined,
    diagnostics: {
      converged: true,
      iterations: 0,
      gradientNorm: 0,
      message: '',
      customers: 0,
      distinctRows: 0,
      warnings: [],
    },
  };
}

/** 1 / (1 + e^z) without overflow. */
function logisticOfMinus(z: number): number {
  if (z > 0) {
    const e = Math.exp(-z);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(z));
}

/** Frequencies below this get their ln(a / (b + x)) from a table. */
const ODDS_TABLE_SIZE = 4096;

/**
 * P(alive) of each customer of `summary` under an MBG/NBD fit (Batislam, Denizel & Filiztekin
 * 2007; by Bayes' theorem on the two terms of the likelihood, as Fader, Hardie & Lee's 2008 note
 * does for the BG/NBD): 1 / (1 + a / (b + x) · ((α + T) / (α + t_x))^(r + x)), with t_x = 0 for
 * customers without repeat purchases, who — unlike under the BG/NBD — may have left right after
 * their first purchase: their P(alive) is 1 / (1 + a/b · ((α + T)/α)^r) < 1. Evaluated as a
 * logistic function of the log odds, so it neither overflows nor loses precision for x in the
 * hundreds. Durations of the summary are converted to the fit's unit when they differ. O(n), two
 * logarithms and an exponential per customer.
 *
 * @returns one probability in [0, 1] per summary row, in summary order.
 * @throws {ClvError} `INVALID_OPTION` for a fit that is not a valid MBG/NBD fit;
 *   `INVALID_ARGUMENT` for summary rows a model cannot use (row and field named).
 * @example
 * ```ts
 * import { mbgNbdProbabilityAlive, summaryFromColumns, type MbgNbdFit } from 'clvkit';
 * const fit = { kind: 'mbg-nbd', params: { r: 0.524838, alpha: 6.182992, a: 0.891356, b: 1.613999 }, timeUnit: 'week' } as MbgNbdFit;
 * const summary = summaryFromColumns({ ids: ['a', 'b'], frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86], unit: 'week' });
 * mbgNbdProbabilityAlive(fit, summary); // Float64Array [0.70612…, 0.38971…] (BG/NBD: 1 for the second)
 * ```
 */
export function mbgNbdProbabilityAlive(fit: MbgNbdFit, summary: CustomerSummary): Float64Array {
  const { r, alpha, a, b } = paramsOf(fit);
  checkModelColumns(summary);
  const { recency, T } = durationsInUnit(summary, fit.timeUnit);
  const x = summary.frequency;
  const out = new Float64Array(x.length);
  // ln(a / (b + x)) depends on x only: cached for x below the table size.
  const logOdds = new Float64Array(ODDS_TABLE_SIZE).fill(Number.NaN);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    let odds = xi < ODDS_TABLE_SIZE ? logOdds[xi]! : Number.NaN;
    if (Number.isNaN(odds)) {
      odds = Math.log(a / (b + xi));
      if (xi < ODDS_TABLE_SIZE) logOdds[xi] = odds;
    }
    const tx = xi === 0 ? 0 : recency[i]!;
    out[i] = logisticOfMinus(odds + (r + xi) * Math.log((alpha + T[i]!) / (alpha + tx)));
  }
  return out;
}

/**
 * Expected purchases of each customer of `summary` in the next `horizon` (in the fit's unit, or
 * in `options.unit`) under an MBG/NBD fit (Batislam, Denizel & Filiztekin 2007):
 *
 *   E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) · (a + b + x)/(a − 1)
 *     · [1 − ((α + T)/(α + T + t))^(r + x) · 2F1(r + x, b + x + 1; a + b + x; t/(α + T + t))],
 *
 * P(alive) as in {@link mbgNbdProbabilityAlive}. The bracket is the BG/NBD's alive-customer
 * expectation with b + 1 in place of b (survivors of time 0 have p ~ Beta(a, b + 1)), so it is
 * evaluated by the BG/NBD's code: the 2F1 after Euler's transformation (finite and smooth for x
 * in the hundreds), a cancellation-free series for short horizons, the removable singularity at
 * a = 1 bridged, and one Chebyshev interpolant per frequency shared by at least 256 customers.
 * Durations of the summary are converted to the fit's unit when they differ. O(n).
 *
 * @returns one expectation ≥ 0 per summary row, in summary order (0 for a zero horizon).
 * @throws {ClvError} `INVALID_OPTION` for a negative or non-finite horizon, an unknown unit or an
 *   invalid fit; `INVALID_ARGUMENT` for summary rows a model cannot use.
 * @example
 * ```ts
 * import { mbgNbdConditionalExpectedPurchases, summaryFromColumns, type MbgNbdFit } from 'clvkit';
 * const fit = { kind: 'mbg-nbd', params: { r: 0.524838, alpha: 6.182992, a: 0.891356, b: 1.613999 }, timeUnit: 'week' } as MbgNbdFit;
 * const summary = summaryFromColumns({ ids: ['a'], frequency: [2], recency: [30.43], T: [38.86], unit: 'week' });
 * mbgNbdConditionalExpectedPurchases(fit, summary, 39); // Float64Array [1.26267…]
 * mbgNbdConditionalExpectedPurchases(fit, summary, 0.75, { unit: 'year' }); // 0.75 year = 39.13 weeks
 * ```
 */
export function mbgNbdConditionalExpectedPurchases(
  fit: MbgNbdFit,
  summary: CustomerSummary,
  horizon: number,
  options?: HorizonOptions,
): Float64Array {
  const params = paramsOf(fit);
  const out = conditionalExpectedPurchases(survivorsFit(fit, params), summary, horizon, options);
  // x > 0: the BG/NBD(b + 1) value is the MBG/NBD one. x = 0: the BG/NBD counts the customer
  // alive; multiply by the MBG/NBD P(alive) = 1 / (1 + a/b · ((α + T)/α)^r).
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a / b);
  const x = summary.frequency;
  let T: Float64Array | undefined;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== 0 || out[i] === 0) continue;
    T ??= durationsInUnit(summary, fit.timeUnit).T;
    out[i] = out[i]! * logisticOfMinus(logOdds + r * Math.log1p(T[i]! / alpha));
  }
  return out;
}

/**
 * Unconditional expected number of repeat purchases E[X(t)] of a new customer in a period of
 * length t after the first purchase, under an MBG/NBD fit (Batislam, Denizel & Filiztekin 2007,
 * with the correction of Wagner & Hoppe 2008):
 * b/(a − 1) · [1 − (α / (α + t))^r · 2F1(r, b + 1; a + b; t / (α + t))], i.e. b/(a + b) times
 * the BG/NBD's (Fader, Hardie & Lee 2005, eq. 9) at (r, α, a, b + 1), and evaluated that way.
 * Vectorised over `t` (in the fit's unit, or `options.unit`). O(length of t) 2F1 evaluations.
 *
 * @returns one expectation per horizon.
 * @throws {ClvError} `INVALID_OPTION` for a negative or non-finite t, an unknown unit or an
 *   invalid fit.
 * @example
 * ```ts
 * import { mbgNbdExpectedPurchases, type MbgNbdFit } from 'clvkit';
 * const fit = { kind: 'mbg-nbd', params: { r: 0.524838, alpha: 6.182992, a: 0.891356, b: 1.613999 }, timeUnit: 'week' } as MbgNbdFit;
 * mbgNbdExpectedPurchases(fit, [1, 78]); // Float64Array [0.0530606…, 1.803636…]
 * ```
 */
export function mbgNbdExpectedPurchases(
  fit: MbgNbdFit,
  t: number | ArrayLike<number>,
  options?: HorizonOptions,
): Float64Array {
  const params = paramsOf(fit);
  const out = expectedPurchases(survivorsFit(fit, params), t, options);
  const survive = params.b / (params.a + params.b);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * survive;
  return out;
}

/**
 * P(X(t) = n): the probability that a new customer makes exactly n repeat purchases in a period
 * of length t after the first purchase, under an MBG/NBD fit (Batislam, Denizel & Filiztekin
 * 2007, corrected by Wagner & Hoppe 2008):
 *
 *   δ(n = 0) · a/(a + b) + b/(a + b) · P_BG(X(t) = n | r, α, a, b + 1),
 *
 * the second term the BG/NBD's probability (Fader, Hardie & Lee 2005, eq. 8) at b + 1, computed
 * in log space by the BG/NBD's code (accurate, relative, for n in the hundreds). `n` and `t` are
 * numbers or arrays (broadcast when one is a number; equal lengths otherwise). O(n) per value.
 *
 * @returns one probability per (n, t) pair.
 * @throws {ClvError} `INVALID_OPTION` for n not a non-negative integer, t negative or non-finite,
 *   arrays of different lengths, an unknown unit or an invalid fit.
 * @example
 * ```ts
 * import { mbgNbdProbabilityOfPurchases, type MbgNbdFit } from 'clvkit';
 * const fit = { kind: 'mbg-nbd', params: { r: 0.524838, alpha: 6.182992, a: 0.891356, b: 1.613999 }, timeUnit: 'week' } as MbgNbdFit;
 * mbgNbdProbabilityOfPurchases(fit, [0, 1], 39); // Float64Array [0.582605…, 0.182763…]
 * ```
 */
export function mbgNbdProbabilityOfPurchases(
  fit: MbgNbdFit,
  n: number | ArrayLike<number>,
  t: number | ArrayLike<number>,
  options?: HorizonOptions,
): Float64Array {
  const params = paramsOf(fit);
  const out = probabilityOfPurchases(survivorsFit(fit, params), n, t, options);
  const { a, b } = params;
  const survive = b / (a + b);
  const gone = a / (a + b);
  for (let i = 0; i < out.length; i++) {
    const ni = typeof n === 'number' ? n : n[i]!;
    out[i] = survive * out[i]! + (ni === 0 ? gone : 0);
  }
  return out;
}
