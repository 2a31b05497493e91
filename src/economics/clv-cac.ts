import {
  type CashFlowTiming,
  presentValues,
  type RetentionCurve,
  resolveCashFlowModel,
  scalarClv,
} from './discounted-clv.js';
import {
  CompensatedSum,
  checkObject,
  finiteNumber,
  formatNumber,
  invalidOptionOf,
  type NumberSeries,
  nonNegative,
  periodsOf,
  positive,
} from './shared.js';

/** Input of {@link netClv} and {@link clvToCacRatio}. */
export interface ClvCacInput {
  /** Customer lifetime value (money, any sign). */
  readonly clv: number;
  /** Customer acquisition cost (money, ≥ 0; > 0 for a ratio). */
  readonly cac: number;
}

/**
 * Net customer lifetime value: CLV − customer acquisition cost (the acquisition term of Gupta &
 * Lehmann 2003, eq. 1). O(1).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` naming `clv` (NaN or infinite) or `cac` (negative, NaN or
 * infinite).
 * @example
 * ```ts
 * import { netClv } from 'clvkit';
 * netClv({ clv: 300, cac: 120 }); // 180
 * ```
 */
export function netClv(input: ClvCacInput): number {
  const fn = 'netClv';
  checkObject(fn, 'input', input, 'argument');
  return finiteNumber(fn, 'clv', input.clv) - nonNegative(fn, 'cac', input.cac);
}

/**
 * The CLV:CAC ratio, CLV / acquisition cost. O(1).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` naming `clv` (NaN or infinite) or `cac` (≤ 0, NaN or
 * infinite: a free customer has no ratio).
 * @example
 * ```ts
 * import { clvToCacRatio } from 'clvkit';
 * clvToCacRatio({ clv: 300, cac: 100 }); // 3
 * ```
 */
export function clvToCacRatio(input: ClvCacInput): number {
  const fn = 'clvToCacRatio';
  checkObject(fn, 'input', input, 'argument');
  return finiteNumber(fn, 'clv', input.clv) / positive(fn, 'cac', input.cac);
}

/** The bands of {@link assessClvCac}, from worst to most cautious. */
export type ClvCacBand = 'losing-money' | 'below-target' | 'healthy' | 'under-investing';

/** Band limits of {@link assessClvCac}, as CLV:CAC ratios: 0 ≤ breakEven < target ≤ underInvestment. */
export interface ClvCacThresholds {
  /** Below this ratio a customer costs more than they return; default 1. */
  readonly breakEven: number;
  /** The usual 3:1 target; ratios from `breakEven` up to here are below target; default 3. */
  readonly target: number;
  /** Above this ratio acquisition may be under-funded; default 5. */
  readonly underInvestment: number;
}

/** Options of {@link assessClvCac}; defaults in {@link ASSESS_CLV_CAC_DEFAULTS}. */
export interface AssessClvCacOptions {
  /** Band limits; any subset, the rest from the defaults. */
  readonly thresholds?: Partial<ClvCacThresholds>;
}

/** Defaults of {@link AssessClvCacOptions}: the common 1 / 3 / 5 rule of thumb. */
export const ASSESS_CLV_CAC_DEFAULTS = Object.freeze({
  thresholds: Object.freeze({ breakEven: 1, target: 3, underInvestment: 5 }),
} as const);

/** Result of {@link assessClvCac}. */
export interface ClvCacAssessment {
  readonly ratio: number;
  readonly band: ClvCacBand;
  /** One sentence saying why, with the ratio and the limits. */
  readonly reason: string;
  /** The limits used. */
  readonly thresholds: ClvCacThresholds;
}

function resolveThresholds(fn: string, options: AssessClvCacOptions | undefined): ClvCacThresholds {
  const defaults = ASSESS_CLV_CAC_DEFAULTS.thresholds;
  if (options === undefined) return defaults;
  checkObject(fn, 'options', options, 'option');
  const given = options.thresholds;
  if (given === undefined) return defaults;
  checkObject(fn, 'thresholds', given, 'option');
  const breakEven =
    given.breakEven === undefined
      ? defaults.breakEven
      : nonNegative(fn, 'thresholds.breakEven', given.breakEven, 'option');
  const target =
    given.target === undefined
      ? defaults.target
      : positive(fn, 'thresholds.target', given.target, 'option');
  const underInvestment =
    given.underInvestment === undefined
      ? defaults.underInvestment
      : positive(fn, 'thresholds.underInvestment', given.underInvestment, 'option');
  if (!(breakEven < target)) {
    invalidOptionOf(fn, 'thresholds.target', target, `must exceed breakEven (${breakEven})`);
  }
  if (!(target <= underInvestment)) {
    invalidOptionOf(
      fn,
      'thresholds.underInvestment',
      underInvestment,
      `must be at least target (${target})`,
    );
  }
  return Object.freeze({ breakEven, target, underInvestment });
}

/**
 * Places a CLV:CAC ratio in a band, with a reason: below `breakEven` (1) `'losing-money'`; from
 * `breakEven` to below `target` (3) `'below-target'`; from `target` to `underInvestment` (5)
 * inclusive `'healthy'`; above `'under-investing'` (acquisition could probably be scaled up).
 * Boundaries belong to the better band: exactly 1 is below target, exactly 3 and 5 are healthy.
 * O(1).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a NaN or infinite ratio, or the errors of
 * {@link clvToCacRatio} for `{ clv, cac }`; `INVALID_OPTION` for thresholds that are not
 * 0 ≤ breakEven < target ≤ underInvestment.
 * @example
 * ```ts
 * import { assessClvCac } from 'clvkit';
 * assessClvCac(4).band; // 'healthy'
 * assessClvCac({ clv: 150, cac: 100 }).band; // 'below-target'
 * assessClvCac(6, { thresholds: { underInvestment: 8 } }).band; // 'healthy'
 * ```
 */
export function assessClvCac(
  ratioOrInput: number | ClvCacInput,
  options?: AssessClvCacOptions,
): ClvCacAssessment {
  const fn = 'assessClvCac';
  const ratio =
    typeof ratioOrInput === 'number'
      ? finiteNumber(fn, 'ratio', ratioOrInput)
      : clvToCacRatio(ratioOrInput);
  const thresholds = resolveThresholds(fn, options);
  const { breakEven, target, underInvestment } = thresholds;
  const shown = `CLV is ${formatNumber(ratio)}× CAC`;
  let band: ClvCacBand;
  let reason: string;
  if (ratio < breakEven) {
    band = 'losing-money';
    reason = `${shown}, below ${breakEven}: each customer returns less than it cost to acquire.`;
  } else if (ratio < target) {
    band = 'below-target';
    reason = `${shown}: acquisition pays back, but under the ${target}:1 target that covers overheads and risk.`;
  } else if (ratio <= underInvestment) {
    band = 'healthy';
    reason = `${shown}, within the healthy ${target}–${underInvestment} range.`;
  } else {
    band = 'under-investing';
    reason = `${shown}, above ${underInvestment}: acquisition is probably under-funded and growth slower than it could be.`;
  }
  return { ratio, band, reason, thresholds };
}

/** Input of {@link cacPaybackPeriods}; shared fields as in {@link discountedClv}. */
export interface CacPaybackInput {
  /** Margin per period, or one per cash flow (see {@link DiscountedClvInput.margin}). */
  readonly margin: number | NumberSeries;
  /** Retention per period in [0, 1], or a curve (see {@link RetentionCurve}). */
  readonly retention: number | NumberSeries;
  /** Discount rate per period, > −1. */
  readonly discountRate: number;
  /** Acquisition cost to recover (≥ 0). */
  readonly cac: number;
  /** When margins are received; default `'end'`. */
  readonly timing?: CashFlowTiming;
  /** How a retention array is read; default `'conditional'`. */
  readonly retentionCurve?: RetentionCurve;
  /** Largest payback time searched (whole number ≥ 0 or `Infinity`); default `Infinity`. */
  readonly maxPeriods?: number;
}

/** Defaults of the optional fields of {@link CacPaybackInput}. */
export const CAC_PAYBACK_DEFAULTS = Object.freeze({
  timing: 'end',
  retentionCurve: 'conditional',
  maxPeriods: Number.POSITIVE_INFINITY,
} as const);

/**
 * Periods until the cumulative expected discounted margin of a just-acquired customer covers the
 * acquisition cost: the smallest time t (in periods since acquisition) with Σ_{cash flows at
 * times ≤ t} PV ≥ cac, cash flows as in {@link discountedClv}. With `'end'` timing t is the number
 * of margins received; with `'start'` timing the first margin arrives at t = 0, so a CAC covered
 * by it pays back in 0 periods. `cac: 0` pays back at 0.
 *
 * Returns `Infinity` when it never pays back: for scalars detected analytically (margin ≤ 0, or
 * the infinite-horizon CLV m·r/(1+d−r) (`'end'`) or m(1+d)/(1+d−r) (`'start'`) is ≤ cac); with
 * arrays, when not reached within the cash flows the arrays cover; and whenever t > maxPeriods.
 * Scalars: O(log t) (closed-form inverse, checked against {@link discountedClv}); arrays: O(t).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` naming the field, as in {@link discountedClv}, plus
 * `cac` (negative, NaN) and `maxPeriods` (not a whole number ≥ 0 or `Infinity`).
 * @example
 * ```ts
 * import { cacPaybackPeriods } from 'clvkit';
 * // Margins 100·0.9^t/1.1^t: 81.8, then 148.8 cumulative after 2 periods.
 * cacPaybackPeriods({ margin: 100, retention: 0.9, discountRate: 0.1, cac: 120 }); // 2
 * // The infinite-horizon CLV is 100·0.5/0.6 = 83.3 < 120: never.
 * cacPaybackPeriods({ margin: 100, retention: 0.5, discountRate: 0.1, cac: 120 }); // Infinity
 * ```
 */
export function cacPaybackPeriods(input: CacPaybackInput): number {
  const fn = 'cacPaybackPeriods';
  checkObject(fn, 'input', input, 'argument');
  const model = resolveCashFlowModel(fn, input);
  const cac = nonNegative(fn, 'cac', input.cac);
  const maxPeriods =
    input.maxPeriods === undefined
      ? CAC_PAYBACK_DEFAULTS.maxPeriods
      : periodsOf(fn, 'maxPeriods', input.maxPeriods, true);
  if (cac === 0) return 0;
  // Payback time t of the T-th cash flow: T with 'end' timing, T − 1 with 'start'.
  const shift = model.timing === 'end' ? 0 : 1;
  const maxFlows = Math.min(maxPeriods + shift, model.horizon);
  if (model.marginSeries !== undefined || model.retentionSeries !== undefined) {
    const values = presentValues(model, maxFlows);
    const cumulative = new CompensatedSum();
    for (let k = 0; k < values.length; k++) {
      cumulative.add(values[k]!);
      if (cumulative.value >= cac) return k + 1 - shift;
    }
    return Number.POSITIVE_INFINITY;
  }
  const flows = scalarPaybackFlows(
    model.margin,
    model.retention,
    model.discountRate,
    cac,
    model.timing,
  );
  return flows <= maxFlows ? flows - shift : Number.POSITIVE_INFINITY;
}

/**
 * Smallest number of cash flows T with scalarClv(T) ≥ cac > 0, or Infinity. Inverts
 * a·(1 − q^T)/(1 − q) ≥ cac (a = m·q for 'end', m for 'start'):
 * T = ⌈log(1 − (cac/a)(1 − q)) / log q⌉, then steps to the exact crossing of the computed sum.
 */
function scalarPaybackFlows(
  margin: number,
  retention: number,
  discountRate: number,
  cac: number,
  timing: CashFlowTiming,
): number {
  const never = Number.POSITIVE_INFINITY;
  if (margin <= 0) return never;
  const perPeriod = 1 / (1 + discountRate);
  const q = retention * perPeriod;
  const gap = (1 - retention + discountRate) * perPeriod;
  const first = timing === 'end' ? margin * q : margin;
  if (first === 0) return never;
  // r = 0 with 'start' timing: the first margin is all there is.
  if (q === 0) return margin >= cac ? 1 : never;
  // Every later term is positive, so the infinite sum is approached but never reached.
  if (gap > 0 && scalarClv(margin, retention, discountRate, never, timing) <= cac) return never;
  const ratio = cac / first;
  let estimate: number;
  if (gap === 0) estimate = Math.ceil(ratio);
  else estimate = Math.ceil(Math.log1p(-ratio * gap) / Math.log1p(-gap));
  if (!Number.isFinite(estimate)) return never;
  const clvAt = (flows: number) => scalarClv(margin, retention, discountRate, flows, timing);
  let flows = Math.max(1, estimate);
  while (flows > 1 && clvAt(flows - 1) >= cac) flows--;
  // The estimate is exact up to rounding; a long climb means the sum stalls just below cac.
  for (let steps = 0; clvAt(flows) < cac; steps++) {
    if (steps === 64) return never;
    flows++;
  }
  return flows;
}
