import { ClvError, displayValue, issueOf } from '../errors/index.js';
import { createCompensatedSum } from '../math/index.js';
import { conditionalExpectedSpend, type GammaGammaFit } from '../models/gamma-gamma/index.js';
import { checkModelColumns } from '../models/shared.js';
import type { CustomerSummary } from '../summary/types.js';
import { convertDuration, isTimeUnit, type TimeUnit } from '../time/index.js';
import { checkPurchaseFit, conditionalPurchaseValues, type PurchaseFit } from './purchase-model.js';

/**
 * Input of {@link predictClv}. Every duration comes with its unit; none is implied.
 *
 * @example
 * ```ts
 * import type { PredictClvInput } from 'clvkit';
 * // 2 years of monthly cash flows at 10 % a year, 30 % margin.
 * const terms: Omit<PredictClvInput, 'purchaseFit' | 'spendFit' | 'summary'> = {
 *   horizon: 2, horizonUnit: 'year', discountRate: 0.1, discountUnit: 'year', steps: 24, margin: 0.3,
 * };
 * ```
 */
export interface PredictClvInput {
  /** Fitted purchase model (BG/NBD): expected purchases per customer over time. */
  readonly purchaseFit: PurchaseFit;
  /** Fitted Gamma-Gamma model: expected spend per purchase per customer. */
  readonly spendFit: GammaGammaFit;
  /** The customers to value; their durations are read in `summary.unit`. */
  readonly summary: CustomerSummary;
  /** Length of the horizon, > 0, in `horizonUnit`. */
  readonly horizon: number;
  /** Unit of `horizon`. Required. */
  readonly horizonUnit: TimeUnit;
  /**
   * Discount rate per `discountUnit`, > −1 (0.01 = 1 % per month with `discountUnit: 'month'`;
   * an annual rate with `'year'` is applied as (1 + d)^(elapsed years), i.e. a per-step rate of
   * (1 + d)^(step / year) − 1).
   */
  readonly discountRate: number;
  /** Unit the discount rate is quoted per. Required. */
  readonly discountUnit: TimeUnit;
  /**
   * Share of spend kept as margin (1 values revenue), a finite number, or one number per summary
   * row.
   */
  readonly margin: number | ArrayLike<number>;
  /**
   * Number of equal sub-periods the horizon is split into; cash flows are discounted from the end
   * of each. Default: one per `discountUnit` (the horizon measured in `discountUnit`, rounded up
   * when it is not whole).
   */
  readonly steps?: number;
  /**
   * Length of one sub-period in the purchase model's time unit, replacing the calendar-neutral
   * conversion (a month is 365.25/12 days = 4.348214 weeks). The horizon then spans
   * `steps × stepLength` model units, while discounting still counts each step as
   * horizon / steps. `stepLength: 4.345` with a weekly model and monthly steps reproduces Python
   * lifetimes' `customer_lifetime_value(freq='W')`.
   */
  readonly stepLength?: number;
}

/**
 * Output of {@link predictClv}: per-customer columns in summary order, plus the schedule used.
 *
 * @example
 * ```ts
 * import type { PredictClvResult } from 'clvkit';
 * const top = (r: PredictClvResult, k: number) =>
 *   Array.from(r.clv.keys()).sort((i, j) => r.clv[j]! - r.clv[i]!).slice(0, k).map((i) => r.ids[i]);
 * ```
 */
export interface PredictClvResult {
  /** The summary's customer ids. */
  readonly ids: readonly string[];
  /** Discounted expected margin over the horizon, in the currency of the spend model. */
  readonly clv: Float64Array;
  /** Expected purchases over the whole horizon, undiscounted. */
  readonly expectedPurchases: Float64Array;
  /** Σ_k (expected purchases in sub-period k) × discount factor k: clv = margin × spend × this. */
  readonly discountedPurchases: Float64Array;
  /** Gamma-Gamma expected spend per purchase (population mean for customers with x = 0). */
  readonly expectedSpend: Float64Array;
  /** Σ clv (compensated sum). */
  readonly totalClv: number;
  /** The purchase model's time unit, in which `stepEnds` are expressed. */
  readonly timeUnit: TimeUnit;
  /** End of each sub-period, in `timeUnit`, from the end of the customers' observation. */
  readonly stepEnds: Float64Array;
  /** Discount factor 1 / (1 + d)^(elapsed discount units) at the end of each sub-period. */
  readonly discountFactors: Float64Array;
}

function invalid(field: string, value: unknown, reason: string): never {
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `predictClv: ${field} = ${displayValue(value)} ${reason}`,
      undefined,
      field,
      value,
    ),
  );
}

function unitOf(field: string, value: unknown): TimeUnit {
  if (value === undefined)
    invalid(
      field,
      value,
      "is required: there is no implicit unit ('hour', 'day', 'week', 'month', 'quarter' or 'year')",
    );
  if (!isTimeUnit(value))
    invalid(field, value, "must be 'hour', 'day', 'week', 'month', 'quarter' or 'year'");
  return value;
}

/** Whole numbers within this relative distance count as whole (12 months in a year, …). */
const WHOLE_TOLERANCE = 1e-9;

/** The sub-period schedule of a horizon: ends in the model's unit and discount exponents. */
interface Schedule {
  readonly stepEnds: Float64Array;
  readonly discountFactors: Float64Array;
}

function scheduleOf(input: PredictClvInput, modelUnit: TimeUnit): Schedule {
  const { horizon, discountRate } = input;
  if (typeof horizon !== 'number' || !(Number.isFinite(horizon) && horizon > 0))
    invalid('horizon', horizon, 'must be a finite number > 0');
  const horizonUnit = unitOf('horizonUnit', input.horizonUnit);
  const discountUnit = unitOf('discountUnit', input.discountUnit);
  if (typeof discountRate !== 'number' || !(Number.isFinite(discountRate) && discountRate > -1))
    invalid('discountRate', discountRate, 'must be a finite number > −1 (per discountUnit)');
  const inDiscountUnits = convertDuration(horizon, horizonUnit, discountUnit);
  let steps = input.steps;
  if (steps === undefined) {
    const nearest = Math.round(inDiscountUnits);
    steps =
      nearest >= 1 && Math.abs(inDiscountUnits - nearest) <= WHOLE_TOLERANCE * nearest
        ? nearest
        : Math.max(1, Math.ceil(inDiscountUnits));
  } else if (!(Number.isInteger(steps) && steps >= 1 && steps <= 1e6)) {
    invalid('steps', steps, 'must be a whole number between 1 and 1e6');
  }
  const stepLength = input.stepLength;
  if (
    stepLength !== undefined &&
    (typeof stepLength !== 'number' || !(Number.isFinite(stepLength) && stepLength > 0))
  )
    invalid(
      'stepLength',
      stepLength,
      `must be a finite number > 0 (in the model's unit, ${modelUnit})`,
    );
  const modelStep = stepLength ?? convertDuration(horizon, horizonUnit, modelUnit) / steps;
  const discountStep = inDiscountUnits / steps;
  const logGrowth = Math.log1p(discountRate);
  const stepEnds = new Float64Array(steps);
  const discountFactors = new Float64Array(steps);
  for (let k = 1; k <= steps; k++) {
    stepEnds[k - 1] = k * modelStep;
    discountFactors[k - 1] = Math.exp(-logGrowth * k * discountStep);
  }
  return { stepEnds, discountFactors };
}

function marginOf(margin: unknown, n: number): (i: number) => number {
  if (typeof margin === 'number') {
    if (!Number.isFinite(margin)) invalid('margin', margin, 'must be a finite number');
    return () => margin;
  }
  const values = margin as ArrayLike<number> | null;
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number')
    invalid('margin', margin, 'must be a finite number or one finite number per summary row');
  if (values.length !== n)
    invalid('margin', values.length, `must have one value per summary row (${n})`);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `predictClv: margin[${i}] = ${displayValue(v)} must be a finite number`,
          i + 1,
          'margin',
          v,
        ),
      );
    }
  }
  return (i) => values[i]!;
}

/**
 * Predicted customer lifetime value over a finite horizon: the discounted expected margin of each
 * customer, from a purchase model (BG/NBD) and the Gamma-Gamma spend model (Fader, Hardie & Lee
 * 2005, "RFM and CLV"):
 *
 *   CLV_i = Σ_{k=1..K} margin · E[spend_i] · (E[X_i(t_k)] − E[X_i(t_{k−1})]) / (1 + d)^{e_k}
 *
 * where E[X_i(t)] is the conditional expected number of purchases in the next t (the model's
 * time unit) given the customer's history, t_k = k·Δ the end of sub-period k, d the rate per
 * `discountUnit` and e_k the elapsed time at t_k measured in `discountUnit`: each sub-period's
 * expected margin is discounted from its END. With the default one step per discount unit,
 * e_k = k. Units are converted with the calendar-neutral table (a month is 365.25/12 days, no
 * 30-day month); `stepLength` overrides the step length in model units (e.g. lifetimes' 4.345-week
 * month).
 *
 * Cost: the conditional expectation factorises as P(alive) × (expected purchases of a customer
 * alive at T), and the second factor does not depend on recency and is smooth in T; per distinct
 * frequency with more than 64 customers it is interpolated in ln(α + T) by a
 * Chebyshev polynomial resolved to about 1e-14 relative (25–129 points), smaller groups are
 * evaluated customer by customer. So O(n) P(alive) evaluations and O(n × 25) arithmetic, plus
 * about 25·K Gauss 2F1 evaluations per distinct frequency; memory O(n). On 1,000,000 customers
 * with 12 monthly steps: about 0.45 s on one core.
 *
 * @param input - see {@link PredictClvInput}.
 * @returns {@link PredictClvResult}: per-customer columns in summary order.
 * @throws {ClvError} `INVALID_ARGUMENT` for a missing or unknown unit, a non-positive horizon, a
 *   discount rate ≤ −1, a bad margin, steps or stepLength, a fit of the wrong kind (or a
 *   Gamma-Gamma fit with q ≤ 1), or a malformed summary (row named).
 * @example
 * ```ts
 * import { predictClv, summaryFromColumns, type BgNbdFit, type GammaGammaFit } from 'clvkit';
 * const purchaseFit = { kind: 'bg-nbd', params: { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 }, timeUnit: 'week' } as BgNbdFit;
 * const spendFit = { kind: 'gamma-gamma', params: { p: 6.2488025, q: 3.7445885, v: 15.447748 }, timeUnit: 'week' } as GammaGammaFit;
 * const summary = summaryFromColumns({
 *   ids: ['1'], frequency: [2], recency: [30.43], T: [38.86], monetaryValue: [22.35], unit: 'week',
 * });
 * const result = predictClv({
 *   purchaseFit, spendFit, summary, horizon: 12, horizonUnit: 'month',
 *   discountRate: 0.01, discountUnit: 'month', margin: 1,
 * });
 * result.clv[0]; // 36.3005…: 12 monthly steps of 4.348214 weeks, 1 % a month
 * ```
 */
export function predictClv(input: PredictClvInput): PredictClvResult {
  if (input === null || typeof input !== 'object')
    invalid('input', input, 'must be an object { purchaseFit, spendFit, summary, horizon, … }');
  const purchaseFit = checkPurchaseFit('predictClv', 'purchaseFit', input.purchaseFit);
  if (!isTimeUnit(purchaseFit.timeUnit))
    invalid('purchaseFit.timeUnit', purchaseFit.timeUnit, 'must be a time unit');
  const summary = input.summary;
  checkModelColumns(summary);
  const n = summary.frequency.length;
  const schedule = scheduleOf(input, purchaseFit.timeUnit);
  const margin = marginOf(input.margin, n);
  const expectedSpend = conditionalExpectedSpend(input.spendFit, summary);
  const { expected: expectedPurchases, discounted: discountedPurchases } =
    conditionalPurchaseValues(purchaseFit, summary, schedule.stepEnds, schedule.discountFactors);
  const clv = new Float64Array(n);
  const total = createCompensatedSum();
  for (let i = 0; i < n; i++) {
    const value = margin(i) * expectedSpend[i]! * discountedPurchases[i]!;
    clv[i] = value;
    total.add(value);
  }
  return {
    ids: summary.ids,
    clv,
    expectedPurchases,
    discountedPurchases,
    expectedSpend,
    totalClv: total.value(),
    timeUnit: purchaseFit.timeUnit,
    stepEnds: schedule.stepEnds,
    discountFactors: schedule.discountFactors,
  };
}
