import type { TimeUnit } from '../time/index.js';

/**
 * How time is measured in a summary.
 * - `'elapsed'`: exact elapsed time in fractional units; purchases on the same UTC day merge
 *   into one purchase event (at the day's first transaction).
 * - `'calendar'`: whole calendar periods of the unit (UTC; weeks start on Monday); purchases in
 *   the same period merge. This is the convention of Python lifetimes'
 *   `summary_data_from_transaction_data(freq=...)`.
 */
export type SummaryMode = 'elapsed' | 'calendar';

/** What summarising did with its input: counts in and out. */
export interface SummaryReport {
  /** Transactions received. */
  readonly transactionsIn: number;
  /** Transactions used in the summary (calibration and holdout windows). */
  readonly transactionsUsed: number;
  /** Transactions dated after `observationEnd`: excluded. */
  readonly excludedAfterObservationEnd: number;
  /** Transactions of customers whose first purchase falls after `calibrationEnd`: excluded. */
  readonly excludedNewInHoldout: number;
  /** Customers excluded because their first purchase falls after `calibrationEnd`. */
  readonly customersNewInHoldout: number;
  /** Customers in the summary. */
  readonly customers: number;
}

/**
 * The per-customer summary: customer ids plus one `Float64Array` column per measure, all of the
 * same length and in the same (ascending id, code-unit) order. Durations are in `unit`.
 *
 * Column names follow Python lifetimes: `frequency` (repeat purchase periods), `recency` (first
 * to last purchase), `T` (first purchase to the end of the observation or calibration window),
 * `monetaryValue` (mean spend per repeat purchase period, 0 with none).
 */
export interface CustomerSummary {
  readonly kind: 'customer-summary';
  readonly unit: TimeUnit;
  readonly mode: SummaryMode;
  /** End of observation (undefined for summaries built from precomputed columns without it). */
  readonly observationEnd: Date | undefined;
  /** End of the calibration window when a holdout split was made. */
  readonly calibrationEnd: Date | undefined;
  readonly ids: readonly string[];
  /** Repeat purchase periods (purchase events − 1) in the (calibration) window. */
  readonly frequency: Float64Array;
  /** Time from first to last purchase event, in `unit`. */
  readonly recency: Float64Array;
  /** Time from first purchase to the window end, in `unit`. */
  readonly T: Float64Array;
  /** Mean spend of the repeat purchase periods; 0 with no repeat purchase. */
  readonly monetaryValue: Float64Array;
  /** First purchase instant, epoch milliseconds (absent for precomputed summaries). */
  readonly firstPurchase: Float64Array | undefined;
  /** Last purchase instant in the (calibration) window, epoch milliseconds. */
  readonly lastPurchase: Float64Array | undefined;
  /** Orders in the window: distinct order ids, each row without an order id counting as one. */
  readonly orders: Float64Array | undefined;
  /** Total spend in the window. */
  readonly totalSpend: Float64Array | undefined;
  /** Purchase periods in the holdout window (calibrationEnd, observationEnd]. */
  readonly frequencyHoldout: Float64Array | undefined;
  /** Mean holdout spend per transaction (default) or per purchase period (option `holdoutSpend`); 0 with none. */
  readonly monetaryHoldout: Float64Array | undefined;
  /** Length of the holdout window in `unit`. */
  readonly durationHoldout: Float64Array | undefined;
  /** Counts in and out (absent for precomputed summaries). */
  readonly report: SummaryReport | undefined;
}

/** Names of the optional and required numeric columns of a {@link CustomerSummary}. */
export type SummaryColumn =
  | 'frequency'
  | 'recency'
  | 'T'
  | 'monetaryValue'
  | 'firstPurchase'
  | 'lastPurchase'
  | 'orders'
  | 'totalSpend'
  | 'frequencyHoldout'
  | 'monetaryHoldout'
  | 'durationHoldout';

/** Column order used by {@link toRows} and tables. */
export const SUMMARY_COLUMNS: readonly SummaryColumn[] = Object.freeze([
  'frequency',
  'recency',
  'T',
  'monetaryValue',
  'firstPurchase',
  'lastPurchase',
  'orders',
  'totalSpend',
  'frequencyHoldout',
  'monetaryHoldout',
  'durationHoldout',
]);
