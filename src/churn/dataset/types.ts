import type { BgNbdFit } from '../../models/bg-nbd/types.js';
import type { TimeUnit } from '../../time/index.js';

/**
 * A churn data set: one row per customer and cutoff, feature columns computed from the log up to
 * the cutoff only, and (when the log reaches cutoff + horizon) the churn label and the future
 * spend and purchases of each row. Built by {@link churnDataset}; consumed by the churn models.
 */
export interface ChurnDataset {
  readonly kind: 'churn-dataset';
  /** Feature names, one per column, documented in {@link CHURN_FEATURES} (plus user columns). */
  readonly featureNames: readonly string[];
  /** Feature columns (column-major): columns[j][i] = feature j of row i. All finite. */
  readonly columns: readonly Float64Array[];
  /** Customer id of each row (a customer appears once per cutoff). */
  readonly ids: readonly string[];
  /** Cutoff of each row, ms since epoch (UTC). Rows of several cutoffs may be stacked. */
  readonly cutoff: Float64Array;
  /**
   * 1 = churned (no purchase in (cutoff, cutoff + horizon]), 0 = purchased; undefined when the
   * log does not reach cutoff + horizon (scoring set).
   */
  readonly labels: Uint8Array | undefined;
  /** Net spend (refunds deducted) in (cutoff, cutoff + horizon]; undefined as labels. */
  readonly futureSpend: Float64Array | undefined;
  /** Purchase days in (cutoff, cutoff + horizon]; undefined as labels. */
  readonly futurePurchases: Float64Array | undefined;
  /** Length of the label window, in `unit`. */
  readonly horizon: number;
  readonly unit: TimeUnit;
}

/**
 * A feature supplied by the caller, one number per customer and cutoff (for example a
 * support-ticket count or a plan price). It must only use information known at the cutoff: the
 * data set cannot check that.
 */
export interface UserColumn {
  /** Column name: non-empty and different from the built-in feature names. */
  readonly name: string;
  /** The value of the customer at the cutoff; must be a finite number. */
  readonly value: (customerId: string, cutoff: Date) => number;
}

/** Options of {@link churnDataset}. */
export interface ChurnDatasetOptions {
  /**
   * The cutoff (an instant, UTC): features use transactions at or before it, the label window is
   * (cutoff, cutoff + horizon]. Several cutoffs stack their rows (rolling windows), in ascending
   * cutoff order.
   */
  readonly cutoff: Date | readonly Date[];
  /** Length of the label window, in `unit`; > 0. */
  readonly horizon: number;
  /** Time unit of the horizon, the trend window and every duration feature. */
  readonly unit: TimeUnit;
  /**
   * End of the log (default: the last transaction). Labels exist when cutoff + horizon ≤
   * observationEnd; a cutoff after it is an error.
   */
  readonly observationEnd?: Date;
  /** Length W of the recent window of the trend features, in `unit` (default: the horizon). */
  readonly trendWindow?: number;
  /** A BG/NBD fit: adds the features `pAlive` and `expectedPurchases` (over the horizon). */
  readonly bgNbd?: BgNbdFit;
  /** Extra per-customer features, appended after the built-in ones in this order. */
  readonly userColumns?: readonly UserColumn[];
  /**
   * `'auto'` (default): labels when every cutoff's window ends by `observationEnd`, else none;
   * `'required'`: as auto but an error when a window runs past the log; `'none'`: never.
   */
  readonly labels?: 'auto' | 'required' | 'none';
}
