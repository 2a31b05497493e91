import { ClvError, displayValue, issueOf } from '../errors/index.js';
import { createCompensatedSum } from '../math/index.js';
import { checkModelColumns, durationsInUnit } from '../models/shared.js';
import type { CustomerSummary } from '../summary/types.js';
import {
  calendarPeriodIndexer,
  convertDuration,
  isTimeUnit,
  millisecondsPerUnit,
  type TimeUnit,
} from '../time/index.js';
import { isTransactionColumns } from '../transactions/convert.js';
import type { Transaction, TransactionColumns } from '../transactions/types.js';
import {
  checkPurchaseFit,
  conditionalPurchasesOver,
  type PurchaseFit,
  unconditionalPurchases,
} from './purchase-model.js';

/**
 * Options of {@link evaluateHoldout}; defaults in {@link EVALUATE_HOLDOUT_DEFAULTS}.
 *
 * @example
 * ```ts
 * import type { EvaluateHoldoutOptions } from 'clvkit';
 * const options: EvaluateHoldoutOptions = { periodUnit: 'month', frequencyCap: 10 };
 * ```
 */
export interface EvaluateHoldoutOptions {
  /** Length of one period of the tracking curve (default: the fit's time unit). */
  readonly periodUnit?: TimeUnit;
  /**
   * The transaction log the summary was built from, to draw the actual cumulative repeat
   * purchases per period (without it the tracking curve has the model's side only). Amounts are
   * not read; customers absent from the summary and transactions after the observation end are
   * ignored.
   */
  readonly transactions?: readonly Transaction[] | TransactionColumns;
  /** End of the calibration window, when the summary does not carry it (`summaryFromColumns`). */
  readonly calibrationEnd?: Date;
  /** End of observation, when the summary does not carry it; default calibration end + holdout. */
  readonly observationEnd?: Date;
  /** Calibration frequencies are grouped 0, 1, …, `frequencyCap` − 1 and "`frequencyCap` or more" (default 7). */
  readonly frequencyCap?: number;
}

/**
 * Defaults of {@link EvaluateHoldoutOptions}.
 *
 * @example
 * ```ts
 * import { EVALUATE_HOLDOUT_DEFAULTS } from 'clvkit';
 * EVALUATE_HOLDOUT_DEFAULTS.frequencyCap; // 7
 * ```
 */
export const EVALUATE_HOLDOUT_DEFAULTS = Object.freeze({ frequencyCap: 7 } as const);

/**
 * Aggregate accuracy of the holdout predictions over customers.
 *
 * @example
 * ```ts
 * import type { HoldoutMetrics } from 'clvkit';
 * const line = (m: HoldoutMetrics) => `MAE ${m.mae.toFixed(3)}, bias ${m.bias.toFixed(3)}`;
 * ```
 */
export interface HoldoutMetrics {
  /** Customers compared. */
  readonly customers: number;
  /** Σ actual holdout purchases. */
  readonly actualTotal: number;
  /** Σ predicted holdout purchases. */
  readonly predictedTotal: number;
  /** Mean |predicted − actual|. */
  readonly mae: number;
  /** √mean (predicted − actual)². */
  readonly rmse: number;
  /** Pearson correlation of predicted and actual, or `null` when either is constant. */
  readonly correlation: number | null;
  /** Mean (predicted − actual): > 0 when the model over-predicts. */
  readonly bias: number;
}

/**
 * Mean predicted and actual holdout purchases by calibration frequency (the conditional
 * expectations plot of Fader, Hardie & Lee 2005, "Counting your customers the easy way", fig. 4).
 *
 * @example
 * ```ts
 * import type { HoldoutByFrequency } from 'clvkit';
 * const bars = (b: HoldoutByFrequency) =>
 *   Array.from(b.frequency, (x, g) => ({ x, predicted: b.meanPredicted[g], actual: b.meanActual[g] }));
 * ```
 */
export interface HoldoutByFrequency {
  /** Group lower bounds 0, 1, …, cap; the last group holds every frequency ≥ cap. */
  readonly frequency: Float64Array;
  /** Customers per group. */
  readonly customers: Float64Array;
  /** Mean predicted holdout purchases per group (NaN for an empty group). */
  readonly meanPredicted: Float64Array;
  /** Mean actual holdout purchases per group (NaN for an empty group). */
  readonly meanActual: Float64Array;
}

/**
 * Cumulative repeat purchases of the whole cohort by period, model against data (the tracking
 * plot of Fader, Hardie & Lee 2005, fig. 3), as arrays a chart can draw. The time axis starts at
 * the earliest first purchase (the oldest customer's T before the calibration end) and runs to
 * the end of the holdout, in whole `periodUnit`s (the last period may be shorter).
 *
 * @example
 * ```ts
 * import type { HoldoutTracking } from 'clvkit';
 * const points = (t: HoldoutTracking) =>
 *   Array.from(t.periodEnd, (at, j) => ({ at, model: t.predictedCumulative[j], data: t.actualCumulative?.[j] }));
 * ```
 */
export interface HoldoutTracking {
  /** Unit of `periodEnd` and `calibrationEndAt`. */
  readonly periodUnit: TimeUnit;
  /** End of each period, in `periodUnit` since the earliest first purchase. */
  readonly periodEnd: Float64Array;
  /** End of each period as epoch milliseconds, when the calibration end is known. */
  readonly periodEndTime: Float64Array | undefined;
  /** Where the calibration window ends on the same axis (draw a vertical line there). */
  readonly calibrationEndAt: number;
  /** Model: Σ over customers of E[X(t − s_i)], s_i the customer's first purchase (unconditional). */
  readonly predictedCumulative: Float64Array;
  /** Model: expected repeat purchases within each period. */
  readonly predictedIncremental: Float64Array;
  /** Data: cumulative repeat purchases, when `transactions` were given. */
  readonly actualCumulative: Float64Array | undefined;
  /** Data: repeat purchases within each period, when `transactions` were given. */
  readonly actualIncremental: Float64Array | undefined;
  /**
   * Customers' ages were grouped to this resolution (fit's unit) to bound the work; 0 when
   * grouped by exact value (up to 4,096 distinct ages; beyond, to max(1 day, oldest age / 4096)).
   */
  readonly ageResolution: number;
}

/**
 * Output of {@link evaluateHoldout}: per-customer arrays in summary order plus aggregates.
 *
 * @example
 * ```ts
 * import type { HoldoutEvaluation } from 'clvkit';
 * const overPredicted = (e: HoldoutEvaluation) => e.metrics.bias > 0;
 * ```
 */
export interface HoldoutEvaluation {
  /** The summary's customer ids. */
  readonly ids: readonly string[];
  /** Predicted holdout purchases E[Y(duration_i) | x, t_x, T] per customer. */
  readonly predicted: Float64Array;
  /** Actual holdout purchases per customer (the summary's `frequencyHoldout`). */
  readonly actual: Float64Array;
  readonly metrics: HoldoutMetrics;
  readonly byFrequency: HoldoutByFrequency;
  readonly tracking: HoldoutTracking;
}

const FN = 'evaluateHoldout';

function fail(
  code: 'INVALID_ARGUMENT' | 'INVALID_OPTION' | 'MISSING_COLUMN',
  field: string,
  value: unknown,
  reason: string,
): never {
  throw new ClvError(
    issueOf(code, `${FN}: ${field} = ${displayValue(value)} ${reason}`, undefined, field, value),
  );
}

/** Distinct ages beyond which ages are grouped to a resolution. */
const MAX_EXACT_AGES = 4096;

/** Customers grouped by age at calibration end (fit's unit): ages and counts. */
function ageGroups(
  T: Float64Array,
  dayInFitUnit: number,
): { ages: Float64Array; counts: Float64Array; resolution: number } {
  const exact = new Map<number, number>();
  for (let i = 0; i < T.length && exact.size <= MAX_EXACT_AGES; i++)
    exact.set(T[i]!, (exact.get(T[i]!) ?? 0) + 1);
  let groups = exact;
  let resolution = 0;
  if (exact.size > MAX_EXACT_AGES) {
    let max = 0;
    for (let i = 0; i < T.length; i++) max = Math.max(max, T[i]!);
    resolution = Math.max(dayInFitUnit, max / MAX_EXACT_AGES);
    groups = new Map();
    for (let i = 0; i < T.length; i++) {
      const age = Math.round(T[i]! / resolution) * resolution;
      groups.set(age, (groups.get(age) ?? 0) + 1);
    }
  }
  const ages = new Float64Array(groups.size);
  const counts = new Float64Array(groups.size);
  let k = 0;
  for (const [age, count] of groups) {
    ages[k] = age;
    counts[k] = count;
    k++;
  }
  return { ages, counts, resolution };
}

function dateOption(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    fail('INVALID_OPTION', field, value, 'must be a valid Date');
  return value.getTime();
}

/**
 * Repeat purchase events of the summary's customers per tracking period, counted as the summary
 * counts them: purchase events are distinct UTC days (`'elapsed'` summaries) or calendar periods
 * of the summary's unit (`'calendar'`); the first event is the first purchase, not a repeat; in
 * the holdout window, the first transaction after the calibration end starts a new event.
 */
function actualRepeatPurchases(
  transactions: readonly Transaction[] | TransactionColumns,
  summary: CustomerSummary,
  calibrationEnd: number,
  observationEnd: number,
  origin: number,
  periodMs: number,
  periods: number,
): Float64Array {
  const index = new Map<string, number>();
  for (let i = 0; i < summary.ids.length; i++) index.set(summary.ids[i]!, i);
  const columns = isTransactionColumns(transactions);
  let length: number;
  let idAt: (j: number) => unknown;
  let timeAt: (j: number) => number;
  if (columns) {
    const c = transactions as TransactionColumns;
    if (
      !Array.isArray(c.customerId) ||
      c.date === undefined ||
      c.date.length !== c.customerId.length
    )
      fail(
        'INVALID_OPTION',
        'transactions',
        'columns',
        'must hold customerId and date columns of equal length',
      );
    length = c.customerId.length;
    idAt = (j) => c.customerId[j];
    timeAt = (j) => c.date[j]!;
  } else {
    if (!Array.isArray(transactions))
      fail(
        'INVALID_OPTION',
        'transactions',
        transactions,
        'must be an array of transactions or transaction columns',
      );
    const rows = transactions as readonly Transaction[];
    length = rows.length;
    idAt = (j) => rows[j]?.customerId;
    timeAt = (j) => {
      const d = rows[j]?.date;
      return d instanceof Date ? d.getTime() : Number.NaN;
    };
  }
  // Keep the transactions of known customers up to the observation end; bucket by customer.
  const n = summary.ids.length;
  const customer = new Int32Array(length);
  const time = new Float64Array(length);
  const start = new Int32Array(n + 1);
  let kept = 0;
  for (let j = 0; j < length; j++) {
    const id = idAt(j);
    const i = typeof id === 'string' ? index.get(id) : undefined;
    if (i === undefined) continue;
    const t = timeAt(j);
    if (!Number.isFinite(t)) {
      throw new ClvError(
        issueOf(
          'INVALID_DATE',
          `${FN}: transaction ${j + 1}: date is not a valid instant`,
          j + 1,
          'date',
        ),
      );
    }
    if (t > observationEnd) continue;
    customer[kept] = i;
    time[kept] = t;
    start[i + 1]!++;
    kept++;
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const sorted = new Float64Array(kept);
  for (let j = 0; j < kept; j++) sorted[fill[customer[j]!]!++] = time[j]!;
  const period =
    summary.mode === 'calendar'
      ? calendarPeriodIndexer(summary.unit)
      : calendarPeriodIndexer('day');
  const counts = new Float64Array(periods);
  const count = (t: number) => {
    const j = Math.min(periods - 1, Math.max(0, Math.floor((t - origin) / periodMs)));
    counts[j] = counts[j]! + 1;
  };
  for (let i = 0; i < n; i++) {
    const from = start[i]!;
    const to = start[i + 1]!;
    if (from === to) continue;
    const times = sorted.subarray(from, to).sort();
    let last = period(times[0]!);
    let inHoldout = false;
    for (let k = 1; k < times.length; k++) {
      const t = times[k]!;
      const p = period(t);
      if (t > calibrationEnd && !inHoldout) {
        inHoldout = true;
        last = p;
        count(t);
      } else if (p !== last) {
        last = p;
        count(t);
      }
    }
  }
  return counts;
}

/**
 * How well a purchase model predicts a holdout window: per customer, the conditional expected
 * number of purchases over their holdout duration, E[Y(d_i) | x, t_x, T] (Fader, Hardie & Lee
 * 2005, eq. 10), against the purchases actually made (`frequencyHoldout`), with aggregate
 * accuracy (MAE, RMSE, Pearson correlation, bias = mean predicted − actual, totals), the means by
 * calibration frequency, and the cohort's cumulative tracking curve by period.
 *
 * The tracking curve's model side is Σ_i E[X(t − s_i)] with E[X(·)] the unconditional expectation
 * (eq. 9) and s_i the customer's first purchase, placed T_i before the calibration end; it needs
 * the summary only. Its data side (actual cumulative repeat purchases) needs the transaction log
 * (`options.transactions`) and the calibration end (the summary's, or `options.calibrationEnd`);
 * periods are counted as half-open [start, end) intervals from the earliest first purchase. For
 * `'calendar'` summaries, T is in whole periods and the curve is approximate to a period.
 *
 * O(n) for the per-customer part (plus the purchase model's cost for one horizon), O(distinct
 * ages × periods) unconditional expectations for the curve, O(m log m) for m transactions.
 *
 * @param fit - a purchase-model fit (BG/NBD, Pareto/NBD or MBG/NBD) on the calibration summary.
 * @param summary - a calibration/holdout summary (`summarizeTransactions` with `calibrationEnd`,
 *   or `summaryFromColumns` with `frequencyHoldout` and `durationHoldout`).
 * @param options - see {@link EvaluateHoldoutOptions}.
 * @throws {ClvError} `MISSING_COLUMN` when the summary lacks `frequencyHoldout` or
 *   `durationHoldout`; `EMPTY_INPUT` for an empty summary; `INVALID_ARGUMENT` for a fit of the
 *   wrong kind or a malformed summary; `INVALID_OPTION` for a bad option, or `transactions`
 *   without a known calibration end; `INVALID_DATE` for a transaction without a valid date.
 * @example
 * ```ts
 * import { evaluateHoldout, summaryFromColumns, type BgNbdFit } from 'clvkit';
 * const fit = { kind: 'bg-nbd', params: { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 }, timeUnit: 'week' } as BgNbdFit;
 * const summary = summaryFromColumns({
 *   ids: ['a', 'b'], frequency: [2, 0], recency: [30.43, 0], T: [38.86, 30], unit: 'week',
 *   frequencyHoldout: [1, 0], durationHoldout: [39, 39],
 * });
 * const evaluation = evaluateHoldout(fit, summary);
 * evaluation.predicted; // Float64Array [1.2259…, 0.2389…]
 * evaluation.metrics.bias; // 0.2324… (mean predicted − actual)
 * evaluation.tracking.predictedCumulative.length; // 78 weeks from the earliest first purchase
 * ```
 */
export function evaluateHoldout(
  fit: PurchaseFit,
  summary: CustomerSummary,
  options?: EvaluateHoldoutOptions,
): HoldoutEvaluation {
  const purchaseFit = checkPurchaseFit(FN, 'fit', fit);
  const unit = purchaseFit.timeUnit;
  if (!isTimeUnit(unit)) fail('INVALID_ARGUMENT', 'fit.timeUnit', unit, 'must be a time unit');
  if (options !== undefined && (options === null || typeof options !== 'object'))
    fail('INVALID_OPTION', 'options', options, 'must be an object');
  const o = options ?? {};
  checkModelColumns(summary);
  const n = summary.frequency.length;
  const actual = summary.frequencyHoldout;
  const durationColumn = summary.durationHoldout;
  for (const [field, column] of [
    ['frequencyHoldout', actual],
    ['durationHoldout', durationColumn],
  ] as const) {
    if (!(column instanceof Float64Array) || column.length !== n) {
      throw new ClvError(
        issueOf(
          'MISSING_COLUMN',
          `${FN}: the summary has no ${field} column: summarise with calibrationEnd (summarizeTransactions) or pass ${field} to summaryFromColumns`,
          undefined,
          field,
        ),
      );
    }
  }
  if (n === 0) {
    throw new ClvError(
      issueOf('EMPTY_INPUT', `${FN}: the summary has no customers`, undefined, 'summary'),
    );
  }
  const periodUnit = o.periodUnit ?? unit;
  if (!isTimeUnit(periodUnit))
    fail(
      'INVALID_OPTION',
      'periodUnit',
      periodUnit,
      "must be 'hour', 'day', 'week', 'month', 'quarter' or 'year'",
    );
  const frequencyCap = o.frequencyCap ?? EVALUATE_HOLDOUT_DEFAULTS.frequencyCap;
  if (!(Number.isInteger(frequencyCap) && frequencyCap >= 1 && frequencyCap <= 10_000))
    fail(
      'INVALID_OPTION',
      'frequencyCap',
      frequencyCap,
      'must be a whole number between 1 and 10000',
    );

  const toFit = convertDuration(1, summary.unit, unit);
  const durations = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = durationColumn![i]!;
    const a = actual![i]!;
    if (!(Number.isFinite(d) && d >= 0)) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `${FN}: row ${i + 1}: durationHoldout ${displayValue(d)} must be finite and ≥ 0`,
          i + 1,
          'durationHoldout',
          d,
        ),
      );
    }
    if (!(Number.isFinite(a) && a >= 0)) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `${FN}: row ${i + 1}: frequencyHoldout ${displayValue(a)} must be finite and ≥ 0`,
          i + 1,
          'frequencyHoldout',
          a,
        ),
      );
    }
    durations[i] = d * toFit;
  }

  // Per customer and aggregate.
  const predicted = conditionalPurchasesOver(purchaseFit, summary, durations);
  const sumActual = createCompensatedSum();
  const sumPredicted = createCompensatedSum();
  const sumAbs = createCompensatedSum();
  const sumSquares = createCompensatedSum();
  for (let i = 0; i < n; i++) {
    const e = predicted[i]! - actual![i]!;
    sumActual.add(actual![i]!);
    sumPredicted.add(predicted[i]!);
    sumAbs.add(Math.abs(e));
    sumSquares.add(e * e);
  }
  const actualTotal = sumActual.value();
  const predictedTotal = sumPredicted.value();
  const meanActual = actualTotal / n;
  const meanPredicted = predictedTotal / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = predicted[i]! - meanPredicted;
    const dy = actual![i]! - meanActual;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const metrics: HoldoutMetrics = {
    customers: n,
    actualTotal,
    predictedTotal,
    mae: sumAbs.value() / n,
    rmse: Math.sqrt(sumSquares.value() / n),
    correlation: sxx > 0 && syy > 0 ? Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))) : null,
    bias: (predictedTotal - actualTotal) / n,
  };

  // By calibration frequency.
  const groups = frequencyCap + 1;
  const byCustomers = new Float64Array(groups);
  const byPredicted = new Float64Array(groups);
  const byActual = new Float64Array(groups);
  for (let i = 0; i < n; i++) {
    const g = Math.min(frequencyCap, summary.frequency[i]!);
    byCustomers[g] = byCustomers[g]! + 1;
    byPredicted[g] = byPredicted[g]! + predicted[i]!;
    byActual[g] = byActual[g]! + actual![i]!;
  }
  const frequency = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    frequency[g] = g;
    byPredicted[g] = byPredicted[g]! / byCustomers[g]!;
    byActual[g] = byActual[g]! / byCustomers[g]!;
  }

  // Tracking curve, in the fit's unit relative to the calibration end.
  const { T } = durationsInUnit(summary, unit);
  let oldest = 0;
  let holdout = 0;
  for (let i = 0; i < n; i++) {
    oldest = Math.max(oldest, T[i]!);
    holdout = Math.max(holdout, durations[i]!);
  }
  const periodLength = convertDuration(1, periodUnit, unit);
  const span = oldest + holdout;
  const periods = Math.max(1, Math.ceil(span / periodLength - 1e-9));
  const boundaries = new Float64Array(periods);
  for (let j = 0; j < periods; j++) boundaries[j] = Math.min(span, (j + 1) * periodLength) - oldest;
  const { ages, counts, resolution } = ageGroups(T, convertDuration(1, 'day', unit));
  const agesAt: number[] = [];
  for (let g = 0; g < ages.length; g++) {
    for (let j = 0; j < periods; j++) agesAt.push(Math.max(0, boundaries[j]! + ages[g]!));
  }
  const expected = unconditionalPurchases(purchaseFit, agesAt);
  const predictedCumulative = new Float64Array(periods);
  for (let j = 0; j < periods; j++) {
    const total = createCompensatedSum();
    for (let g = 0; g < ages.length; g++) total.add(counts[g]! * expected[g * periods + j]!);
    predictedCumulative[j] = total.value();
  }
  const increments = (cumulative: Float64Array) => {
    const out = new Float64Array(cumulative.length);
    for (let j = 0; j < cumulative.length; j++)
      out[j] = cumulative[j]! - (j === 0 ? 0 : cumulative[j - 1]!);
    return out;
  };

  const calibrationEnd =
    summary.calibrationEnd?.getTime() ?? dateOption('calibrationEnd', o.calibrationEnd);
  const msPerUnit = millisecondsPerUnit(unit);
  let periodEndTime: Float64Array | undefined;
  let actualCumulative: Float64Array | undefined;
  let actualIncremental: Float64Array | undefined;
  if (calibrationEnd !== undefined) {
    periodEndTime = new Float64Array(periods);
    for (let j = 0; j < periods; j++)
      periodEndTime[j] = calibrationEnd + boundaries[j]! * msPerUnit;
  }
  if (o.transactions !== undefined) {
    if (calibrationEnd === undefined) {
      fail(
        'INVALID_OPTION',
        'calibrationEnd',
        undefined,
        'is required with transactions when the summary does not carry it',
      );
    }
    const observationEnd =
      summary.observationEnd?.getTime() ??
      dateOption('observationEnd', o.observationEnd) ??
      calibrationEnd + holdout * msPerUnit;
    actualIncremental = actualRepeatPurchases(
      o.transactions,
      summary,
      calibrationEnd,
      observationEnd,
      calibrationEnd - oldest * msPerUnit,
      periodLength * msPerUnit,
      periods,
    );
    actualCumulative = new Float64Array(periods);
    let running = 0;
    for (let j = 0; j < periods; j++) {
      running += actualIncremental[j]!;
      actualCumulative[j] = running;
    }
  }
  const axis = convertDuration(1, unit, periodUnit);
  const periodEnd = new Float64Array(periods);
  for (let j = 0; j < periods; j++) periodEnd[j] = (boundaries[j]! + oldest) * axis;

  return {
    ids: summary.ids,
    predicted,
    actual: actual!,
    metrics,
    byFrequency: {
      frequency,
      customers: byCustomers,
      meanPredicted: byPredicted,
      meanActual: byActual,
    },
    tracking: {
      periodUnit,
      periodEnd,
      periodEndTime,
      calibrationEndAt: oldest * axis,
      predictedCumulative,
      predictedIncremental: increments(predictedCumulative),
      actualCumulative,
      actualIncremental,
      ageResolution: resolution,
    },
  };
}
