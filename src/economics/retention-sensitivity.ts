import { type CashFlowTiming, discountedClv } from './discounted-clv.js';
import {
  checkObject,
  finiteNumber,
  invalidArgument,
  invalidOptionOf,
  type NumberSeries,
  probability,
} from './shared.js';

/** Input of {@link retentionSensitivity}: a {@link discountedClv} input with a scalar retention. */
export interface RetentionSensitivityInput {
  /** Margin per period, or one per cash flow. */
  readonly margin: number | NumberSeries;
  /** The baseline retention per period, in [0, 1] (a number: the deltas shift it). */
  readonly retention: number;
  /** Discount rate per period, > −1. */
  readonly discountRate: number;
  /** Horizon (whole number ≥ 0 or `Infinity`); defaults as in {@link discountedClv}. */
  readonly periods?: number;
  /** When margins are received; default `'end'`. */
  readonly timing?: CashFlowTiming;
}

/** Options of {@link retentionSensitivity}; defaults in {@link RETENTION_SENSITIVITY_DEFAULTS}. */
export interface RetentionSensitivityOptions {
  /** Retention changes in absolute points (0.05 = +5 points); default −0.05 … +0.05 by 0.01. */
  readonly deltas?: readonly number[];
  /**
   * What to do with a delta that moves retention outside [0, 1] (or, with an infinite horizon,
   * to r ≥ 1 + d): `'throw'` (default) a `ClvError`, or `'skip'` the row.
   */
  readonly outOfRange?: 'throw' | 'skip';
}

/** Defaults of {@link RetentionSensitivityOptions}. */
export const RETENTION_SENSITIVITY_DEFAULTS = Object.freeze({
  deltas: Object.freeze([-0.05, -0.04, -0.03, -0.02, -0.01, 0, 0.01, 0.02, 0.03, 0.04, 0.05]),
  outOfRange: 'throw',
} as const);

/** One row of {@link retentionSensitivity}. */
export interface RetentionSensitivityRow {
  /** The change in retention (absolute points). */
  readonly delta: number;
  /** Baseline retention + delta, rounded to 12 decimals (so 0.8 + 0.05 reads 0.85); delta 0 is the baseline. */
  readonly retention: number;
  /** Discounted CLV at that retention. */
  readonly clv: number;
  /** clv − baseline CLV. */
  readonly change: number;
  /** 100 × change / baseline CLV; `undefined` when the baseline CLV is 0. */
  readonly changePercent: number | undefined;
}

/**
 * How discounted CLV moves when retention moves by given points: the "5 points of retention"
 * question (Reichheld & Sasser 1990). One row per delta, in the given order, each computed
 * with {@link discountedClv} at retention + delta. O(deltas × cost of discountedClv).
 *
 * @throws {ClvError} the errors of {@link discountedClv} for the baseline; `INVALID_ARGUMENT`
 * for an array retention; `INVALID_OPTION` naming `deltas[i]` for a NaN delta or, with
 * `outOfRange: 'throw'`, one that leaves [0, 1] or makes an infinite horizon diverge.
 * @example
 * ```ts
 * import { retentionSensitivity } from 'clvkit';
 * const rows = retentionSensitivity(
 *   { margin: 100, retention: 0.8, discountRate: 0.1, periods: Infinity },
 *   { deltas: [0, 0.05] },
 * );
 * rows[1]; // { delta: 0.05, retention: 0.85, clv: 340, change: 73.33…, changePercent: 27.49… }
 * ```
 */
export function retentionSensitivity(
  input: RetentionSensitivityInput,
  options?: RetentionSensitivityOptions,
): RetentionSensitivityRow[] {
  const fn = 'retentionSensitivity';
  checkObject(fn, 'input', input, 'argument');
  if (typeof input.retention !== 'number') {
    invalidArgument(
      fn,
      'retention',
      input.retention,
      'must be a number (the deltas shift one retention rate)',
    );
  }
  probability(fn, 'retention', input.retention);
  if (options !== undefined) checkObject(fn, 'options', options, 'option');
  const deltas = options?.deltas ?? RETENTION_SENSITIVITY_DEFAULTS.deltas;
  if (!Array.isArray(deltas)) {
    invalidOptionOf(fn, 'deltas', deltas, 'must be an array of numbers');
  }
  const outOfRange = options?.outOfRange ?? RETENTION_SENSITIVITY_DEFAULTS.outOfRange;
  if (outOfRange !== 'throw' && outOfRange !== 'skip') {
    invalidOptionOf(fn, 'outOfRange', outOfRange, "must be 'throw' or 'skip'");
  }
  const baseline = discountedClv(input);
  const infinite = input.periods === Number.POSITIVE_INFINITY;
  const rows: RetentionSensitivityRow[] = [];
  for (let i = 0; i < deltas.length; i++) {
    const delta = finiteNumber(fn, `deltas[${i}]`, deltas[i], 'option');
    // Round away the binary noise of r + delta (0.8 + 0.05 = 0.8500000000000001); delta 0 is
    // the baseline itself.
    const retention =
      delta === 0 ? input.retention : Math.round((input.retention + delta) * 1e12) / 1e12;
    const valid =
      retention >= 0 && retention <= 1 && (!infinite || 1 - retention + input.discountRate > 0);
    if (!valid) {
      if (outOfRange === 'skip') continue;
      invalidOptionOf(
        fn,
        `deltas[${i}]`,
        delta,
        `moves retention to ${retention}, outside [0, 1]${infinite ? ' or at/above 1 + discountRate (the infinite sum diverges)' : ''}; use outOfRange: 'skip' to leave such rows out`,
      );
    }
    const clv = discountedClv({ ...input, retention });
    const change = clv - baseline;
    rows.push({
      delta,
      retention,
      clv,
      change,
      changePercent: baseline === 0 ? undefined : (100 * change) / baseline,
    });
  }
  return rows;
}
