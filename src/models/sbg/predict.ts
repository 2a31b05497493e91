import { invalidOption } from '../../errors/index.js';
import { hyp2f1 } from '../../math/index.js';
import type { SbgClvOptions, SbgDerlOptions, SbgFit, SbgParams } from './types.js';

/**
 * Defaults of {@link SbgDerlOptions} and {@link SbgClvOptions}: a customer who has made no
 * renewal yet (about to make the first renewal decision).
 *
 * @example
 * ```ts
 * import { SBG_VALUE_DEFAULTS } from 'clvkit';
 * SBG_VALUE_DEFAULTS.renewals; // 0
 * ```
 */
export const SBG_VALUE_DEFAULTS = Object.freeze({ renewals: 0 });

/** Largest number of periods the curve functions return. */
const MAX_PERIODS = 1e7;

/** Checks the fit enough to score with it (kind and positive finite parameters). */
function paramsOf(fit: SbgFit): SbgParams {
  if (fit === null || typeof fit !== 'object' || fit.kind !== 'sbg')
    invalidOption(
      'fit',
      (fit as { kind?: unknown } | null)?.kind,
      "must be an sBG fit (kind 'sbg')",
    );
  const { alpha, beta } = fit.params ?? ({} as Partial<SbgParams>);
  for (const [name, value] of [
    ['alpha', alpha],
    ['beta', beta],
  ] as const) {
    if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0))
      invalidOption(`fit.params.${name}`, value, 'must be a positive finite number');
  }
  return { alpha: alpha!, beta: beta! };
}

function checkPeriods(periods: unknown, field = 'periods'): number {
  if (
    typeof periods !== 'number' ||
    !(Number.isInteger(periods) && periods >= 0 && periods <= MAX_PERIODS)
  )
    invalidOption(field, periods, `must be an integer from 0 to ${MAX_PERIODS}`);
  return periods;
}

/**
 * The retention rates r_t = P(T > t | T > t − 1) = (β + t − 1)/(α + β + t − 1) for t = 1..periods
 * (Fader & Hardie 2007, eq. 6): increasing in t, because the customers most likely to churn
 * leave first (heterogeneity, not a change in anyone's behaviour). O(periods).
 *
 * @throws {ClvError} `INVALID_OPTION` for an invalid fit or `periods` not an integer ≥ 0.
 * @example
 * ```ts
 * import { sbgRetentionRates, type SbgFit } from 'clvkit';
 * const fit = { kind: 'sbg', timeUnit: 'year', params: { alpha: 0.7040773, beta: 1.182043 } } as SbgFit;
 * sbgRetentionRates(fit, 3); // Float64Array [0.6267, 0.7560, 0.8188] (rounded)
 * ```
 */
export function sbgRetentionRates(fit: SbgFit, periods: number): Float64Array {
  const { alpha, beta } = paramsOf(fit);
  const n = checkPeriods(periods);
  const out = new Float64Array(n);
  for (let t = 1; t <= n; t++) out[t - 1] = (beta + t - 1) / (alpha + beta + t - 1);
  return out;
}

/**
 * The survival curve S(t) = B(α, β + t)/B(α, β) for t = 0..periods (Fader & Hardie 2007):
 * the expected share of a cohort still active t periods after acquisition, as the running
 * product of the retention rates (S(0) = 1, non-increasing). O(periods).
 *
 * @throws {ClvError} `INVALID_OPTION` for an invalid fit or `periods` not an integer ≥ 0.
 * @example
 * ```ts
 * import { sbgSurvival, type SbgFit } from 'clvkit';
 * const fit = { kind: 'sbg', timeUnit: 'year', params: { alpha: 0.7040773, beta: 1.182043 } } as SbgFit;
 * sbgSurvival(fit, 2); // Float64Array [1, 0.6267, 0.4738] (rounded)
 * ```
 */
export function sbgSurvival(fit: SbgFit, periods: number): Float64Array {
  const { alpha, beta } = paramsOf(fit);
  const n = checkPeriods(periods);
  const out = new Float64Array(n + 1);
  let s = 1;
  out[0] = 1;
  for (let t = 1; t <= n; t++) {
    s *= (beta + t - 1) / (alpha + beta + t - 1);
    out[t] = s;
  }
  return out;
}

/**
 * Projected survivors of a cohort of `initial` customers at t = 0..periods: initial · S(t) (see
 * {@link sbgSurvival}), the projection of Fader & Hardie (2007). O(periods).
 *
 * @throws {ClvError} `INVALID_OPTION` for an invalid fit, `initial` not finite ≥ 0, or `periods`
 *   not an integer ≥ 0.
 * @example
 * ```ts
 * import { fitSbg, sbgProjectSurvivors } from 'clvkit';
 * const fit = fitSbg({ survivors: [1000, 631, 468, 382, 326, 289, 262, 241], unit: 'year' });
 * sbgProjectSurvivors(fit, 1000, 12).slice(8); // ≈ [220.1, 204.4, 191.2, 179.9, 170.0]; observed 223, 207, 194, 183, 173
 * ```
 */
export function sbgProjectSurvivors(fit: SbgFit, initial: number, periods: number): Float64Array {
  if (typeof initial !== 'number' || !(Number.isFinite(initial) && initial >= 0))
    invalidOption('initial', initial, 'must be a finite number ≥ 0');
  const out = sbgSurvival(fit, periods);
  for (let t = 0; t < out.length; t++) out[t] = out[t]! * initial;
  return out;
}

function checkValueOptions(options: SbgDerlOptions, keys: readonly string[]): number[] {
  if (options === null || typeof options !== 'object')
    invalidOption('options', options, 'must be an object with discountRate');
  for (const key of Object.keys(options)) {
    if (!keys.includes(key))
      invalidOption(
        key,
        (options as unknown as Record<string, unknown>)[key],
        'is not a known option',
      );
  }
  const { discountRate } = options;
  if (typeof discountRate !== 'number' || !(Number.isFinite(discountRate) && discountRate >= 0))
    invalidOption('discountRate', discountRate, 'must be a finite number ≥ 0');
  const renewals = options.renewals ?? SBG_VALUE_DEFAULTS.renewals;
  if (typeof renewals !== 'number' || !(Number.isInteger(renewals) && renewals >= 0))
    invalidOption('renewals', renewals, 'must be an integer ≥ 0');
  return [discountRate, renewals];
}

function derl(params: SbgParams, discountRate: number, renewals: number): number {
  const { alpha, beta } = params;
  // Fader & Hardie (2010), eq. 6 with n − 1 = renewals:
  // B(α, β + n)/B(α, β + n − 1) = (β + n − 1)/(α + β + n − 1).
  const n = renewals + 1;
  const renewal = (beta + n - 1) / (alpha + beta + n - 1);
  return renewal * hyp2f1(1, beta + n, alpha + beta + n, 1 / (1 + discountRate));
}

/**
 * Discounted expected residual lifetime (Fader & Hardie 2010, "Customer-base valuation in a
 * contractual setting: the perils of ignoring heterogeneity", eq. 6) of a customer who has made
 * `renewals` renewals (n − 1 in the paper), evaluated just before their next renewal decision:
 *
 *   DERL = Σ_{t≥n} S(t)/S(n − 1) / (1 + d)^{t−n}
 *        = B(α, β + n)/B(α, β + n − 1) · 2F1(1, β + n; α + β + n; 1/(1 + d)).
 *
 * Timing: each renewal is paid at the start of the period it buys, so the payment at the
 * imminent renewal counts undiscounted (weighted by the probability of renewing), the next one
 * discounted once, and so on — the paper's convention. (For a customer just acquired, whose
 * first payment is made now, the discounted expected lifetime is 1 + DERL(renewals 0)/(1 + d).)
 * With d = 0 it is the undiscounted expected number of further renewals: finite only for α > 1,
 * `Infinity` otherwise. O(1) (one Gauss hypergeometric function).
 *
 * @throws {ClvError} `INVALID_OPTION` for an invalid fit, a discount rate not finite ≥ 0,
 *   renewals not an integer ≥ 0 or an unknown option.
 * @example
 * ```ts
 * import { sbgDerl, type SbgFit } from 'clvkit';
 * const fit = { kind: 'sbg', timeUnit: 'year', params: { alpha: 0.7040773, beta: 1.182043 } } as SbgFit;
 * sbgDerl(fit, { discountRate: 0.1 }); // 2.9644 (rounded)
 * sbgDerl(fit, { discountRate: 0.1, renewals: 4 }); // 5.8941: survivors are the loyal ones
 * ```
 */
export function sbgDerl(fit: SbgFit, options: SbgDerlOptions): number {
  const params = paramsOf(fit);
  const [discountRate, renewals] = checkValueOptions(options, ['discountRate', 'renewals']);
  return derl(params, discountRate!, renewals!);
}

/**
 * Expected residual lifetime value of a customer under a contractual sBG fit (Fader & Hardie
 * 2010, E(RLV) = m · DERL): `margin` × {@link sbgDerl}, with the margin paid at the start of each
 * period the customer renews for (the imminent renewal undiscounted). O(1).
 *
 * @throws {ClvError} `INVALID_OPTION` for an invalid fit, a margin that is not finite, or the
 *   errors of {@link sbgDerl}.
 * @example
 * ```ts
 * import { sbgClv, type SbgFit } from 'clvkit';
 * const fit = { kind: 'sbg', timeUnit: 'year', params: { alpha: 0.7040773, beta: 1.182043 } } as SbgFit;
 * sbgClv(fit, { margin: 100, discountRate: 0.1, renewals: 4 }); // 589.41 (rounded)
 * ```
 */
export function sbgClv(fit: SbgFit, options: SbgClvOptions): number {
  const params = paramsOf(fit);
  const [discountRate, renewals] = checkValueOptions(options, [
    'margin',
    'discountRate',
    'renewals',
  ]);
  const { margin } = options;
  if (typeof margin !== 'number' || !Number.isFinite(margin))
    invalidOption('margin', margin, 'must be a finite number');
  return margin * derl(params, discountRate!, renewals!);
}
