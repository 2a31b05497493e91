import { ClvError, invalidOption, issueOf } from '../errors/index.js';
import { StringIndex } from '../internal/string-index.js';
import type { CustomerSummary } from '../summary/types.js';
import { convertDuration, isTimeUnit, millisecondsPerUnit, type TimeUnit } from '../time/index.js';
import type { Transaction, TransactionColumns } from '../transactions/types.js';
import { badArgument, badEntry, checkLength, countLabels, optionsObject } from './internal.js';

/** A lifecycle stage of {@link lifecycleStages}. */
export type LifecycleStage = 'new' | 'active' | 'reactivated' | 'dormant' | 'lost';

/** The stages in index order: `stage` value i means `LIFECYCLE_STAGES[i]`. */
export const LIFECYCLE_STAGES: readonly LifecycleStage[] = Object.freeze([
  'new',
  'active',
  'reactivated',
  'dormant',
  'lost',
]);

/** Options of {@link lifecycleStages}. The unit and the three thresholds are required. */
export interface LifecycleStagesOptions {
  /** Unit of the thresholds (and of `sinceFirst` / `sinceLast` in the result). */
  readonly unit: TimeUnit;
  /** 'new': first purchase at most this long before the end. */
  readonly newWithin: number;
  /** 'active': last purchase at most this long before the end. */
  readonly activeWithin: number;
  /** 'dormant': last purchase at most this long before the end (but not active); ≥ activeWithin. */
  readonly dormantWithin: number;
  /**
   * End of observation. Default: the summary's window end (`calibrationEnd`, else
   * `observationEnd`). When given, the summary must have `firstPurchase` and `lastPurchase`.
   */
  readonly observationEnd?: Date;
  /** Optional transaction log of the same customers, to detect 'reactivated'. */
  readonly transactions?: readonly Transaction[] | TransactionColumns;
}

/** Result of {@link lifecycleStages}. */
export interface LifecycleStages {
  readonly kind: 'lifecycle-stages';
  readonly ids: readonly string[];
  /** Per customer, an index into `names` ({@link LIFECYCLE_STAGES}). */
  readonly stage: Uint8Array;
  /** The same array as `stage`, so that the result can be passed on as a segmentation. */
  readonly labels: Uint8Array;
  readonly names: readonly LifecycleStage[];
  /** Customers per stage. */
  readonly counts: readonly number[];
  /** Time from the first purchase to the end, in `unit`. */
  readonly sinceFirst: Float64Array;
  /** Time from the last purchase to the end, in `unit`. */
  readonly sinceLast: Float64Array;
  readonly unit: TimeUnit;
  /** The end used (undefined when only the summary's T and recency were used, without dates). */
  readonly observationEnd: Date | undefined;
}

const NEW = 0;
const ACTIVE = 1;
const REACTIVATED = 2;
const DORMANT = 3;
const LOST = 4;

function threshold(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    invalidOption(name, value, 'must be a finite number ≥ 0 (in options.unit)');
  }
  return value;
}

/** Per customer, true when the log shows a return after a gap longer than `gapMs`. */
function reactivatedByLog(
  ids: readonly string[],
  log: readonly Transaction[] | TransactionColumns,
  endMs: number,
  activeMs: number,
  gapMs: number,
): Uint8Array {
  const index = new StringIndex();
  for (const id of ids) index.add(id);
  const n = ids.length;
  let rows: number;
  let customerAt: (row: number) => unknown;
  let dateAt: (row: number) => unknown;
  let amountAt: (row: number) => unknown;
  if (Array.isArray(log)) {
    const list = log as readonly Transaction[];
    rows = list.length;
    for (let i = 0; i < rows; i++) {
      if (list[i] === null || typeof list[i] !== 'object') {
        badEntry('transactions', i, list[i], 'is not a transaction');
      }
    }
    customerAt = (i) => list[i]!.customerId;
    dateAt = (i) => {
      const d: unknown = list[i]!.date;
      return d instanceof Date ? d.getTime() : Number.NaN;
    };
    amountAt = (i) => list[i]!.amount;
  } else if (log !== null && typeof log === 'object') {
    const columns = log as TransactionColumns;
    rows = checkLength('transactions.customerId', columns.customerId, undefined);
    checkLength('transactions.date', columns.date, rows);
    checkLength('transactions.amount', columns.amount, rows);
    customerAt = (i) => columns.customerId[i];
    dateAt = (i) => columns.date[i];
    amountAt = (i) => columns.amount[i];
  } else {
    badArgument('transactions', log, 'must be Transaction[] or TransactionColumns');
  }
  // Customer of each purchase row (−1: unknown customer, refund or after the end).
  const customerOf = new Int32Array(rows).fill(-1);
  const dateOf = new Float64Array(rows);
  const firstRecent = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const activeStart = endMs - activeMs;
  for (let i = 0; i < rows; i++) {
    const id = customerAt(i);
    const date = dateAt(i);
    const amount = amountAt(i);
    if (typeof id !== 'string') badEntry('transactions.customerId', i, id, 'is not a string');
    if (typeof date !== 'number' || !Number.isFinite(date)) {
      badEntry('transactions.date', i, date, 'is not a valid date');
    }
    if (typeof amount !== 'number' || !Number.isFinite(amount)) {
      badEntry('transactions.amount', i, amount, 'is not a finite number');
    }
    // Refunds are not returns; purchases after the end are not seen.
    if (amount < 0 || date > endMs) continue;
    const c = index.get(id);
    if (c === -1) continue;
    customerOf[i] = c;
    dateOf[i] = date;
    if (date >= activeStart && date < firstRecent[c]!) firstRecent[c] = date;
  }
  // The purchase just before the first one in the active window.
  const previous = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < rows; i++) {
    const c = customerOf[i]!;
    if (c === -1) continue;
    const date = dateOf[i]!;
    if (date < firstRecent[c]! && date > previous[c]!) previous[c] = date;
  }
  const out = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    const recent = firstRecent[c]!;
    // A customer with no purchase before the window is returning from nothing: not reactivated.
    const before = previous[c]!;
    if (
      recent !== Number.POSITIVE_INFINITY &&
      before !== Number.NEGATIVE_INFINITY &&
      recent - before > gapMs
    ) {
      out[c] = 1;
    }
  }
  return out;
}

/**
 * Lifecycle stage of every customer of a summary, from the time since its first and last
 * purchase at the end of observation, with thresholds in an explicit unit:
 *
 * - `new`: first purchase at most `newWithin` before the end (takes precedence over the rest);
 * - `reactivated` (only with `transactions`): last purchase within `activeWithin`, and the first
 *   purchase inside that window came more than `dormantWithin` after the purchase before it (a
 *   return after a dormant gap; refunds are ignored);
 * - `active`: last purchase at most `activeWithin` before the end;
 * - `dormant`: last purchase at most `dormantWithin` before the end, but not active;
 * - `lost`: last purchase longer ago.
 *
 * Bounds are inclusive. Times are elapsed time from the `firstPurchase`/`lastPurchase` columns
 * to the end when the summary has them and an end is known; otherwise the summary's own `T`
 * (first purchase → window end) and `T − recency` (last purchase → window end) are converted from
 * `summary.unit` (calendar-mode summaries then count whole periods).
 *
 * Cost: O(n), plus O(rows) with a transaction log (ids looked up in a hash index, never as
 * object keys).
 *
 * @throws {ClvError} `INVALID_OPTION` (unit, thresholds, observationEnd before a last purchase,
 *   observationEnd required with a log), `MISSING_COLUMN` (observationEnd given but the summary
 *   has no purchase dates), `INVALID_ARGUMENT` (a malformed log row, row named).
 * @example
 * ```ts
 * import { lifecycleStages, summaryFromColumns } from 'clvkit';
 * const summary = summaryFromColumns({
 *   ids: ['a', 'b', 'c', 'd'],
 *   frequency: [0, 3, 2, 1],
 *   recency: [0, 300, 200, 10],
 *   T: [10, 320, 300, 400],
 *   unit: 'day',
 * });
 * const stages = lifecycleStages(summary, { unit: 'day', newWithin: 30, activeWithin: 60, dormantWithin: 180 });
 * stages.stage; // Uint8Array [0, 1, 3, 4]: new, active, dormant, lost
 * ```
 */
export function lifecycleStages(
  summary: CustomerSummary,
  options: LifecycleStagesOptions,
): LifecycleStages {
  if (summary === null || typeof summary !== 'object' || summary.kind !== 'customer-summary') {
    badArgument('summary', summary, 'must be a customer summary');
  }
  const opts = optionsObject(options);
  const unit = opts.unit;
  if (!isTimeUnit(unit)) {
    invalidOption('unit', unit, "is required: 'hour', 'day', 'week', 'month', 'quarter' or 'year'");
  }
  const newWithin = threshold('newWithin', opts.newWithin);
  const activeWithin = threshold('activeWithin', opts.activeWithin);
  const dormantWithin = threshold('dormantWithin', opts.dormantWithin);
  if (dormantWithin < activeWithin) {
    invalidOption('dormantWithin', dormantWithin, `must be ≥ activeWithin (${activeWithin})`);
  }
  const given = opts.observationEnd;
  if (given !== undefined && (!(given instanceof Date) || Number.isNaN(given.getTime()))) {
    invalidOption('observationEnd', given, 'must be a valid Date');
  }
  const windowEnd = given ?? summary.calibrationEnd ?? summary.observationEnd;
  const n = summary.ids.length;
  const sinceFirst = new Float64Array(n);
  const sinceLast = new Float64Array(n);
  const first = summary.firstPurchase;
  const last = summary.lastPurchase;
  let endUsed: Date | undefined;
  if (windowEnd !== undefined && first !== undefined && last !== undefined) {
    const endMs = windowEnd.getTime();
    const ms = millisecondsPerUnit(unit);
    for (let i = 0; i < n; i++) {
      if (last[i]! > endMs) {
        invalidOption(
          'observationEnd',
          windowEnd,
          `is before the last purchase of customer ${summary.ids[i]}`,
        );
      }
      sinceFirst[i] = (endMs - first[i]!) / ms;
      sinceLast[i] = (endMs - last[i]!) / ms;
    }
    endUsed = new Date(endMs);
  } else if (given === undefined) {
    for (let i = 0; i < n; i++) {
      const T = summary.T[i]!;
      sinceFirst[i] = convertDuration(T, summary.unit, unit);
      sinceLast[i] = convertDuration(T - summary.recency[i]!, summary.unit, unit);
    }
  } else {
    throw new ClvError(
      issueOf(
        'MISSING_COLUMN',
        'observationEnd was given but the summary has no firstPurchase/lastPurchase columns',
        undefined,
        'lastPurchase',
      ),
    );
  }

  let reactivated: Uint8Array | undefined;
  if (opts.transactions !== undefined) {
    if (windowEnd === undefined) {
      invalidOption('observationEnd', undefined, 'is required to read a transaction log');
    }
    const ms = millisecondsPerUnit(unit);
    reactivated = reactivatedByLog(
      summary.ids,
      opts.transactions,
      windowEnd.getTime(),
      activeWithin * ms,
      dormantWithin * ms,
    );
  }

  const stage = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const recent = sinceLast[i]!;
    if (sinceFirst[i]! <= newWithin) stage[i] = NEW;
    else if (recent <= activeWithin) stage[i] = reactivated?.[i] === 1 ? REACTIVATED : ACTIVE;
    else if (recent <= dormantWithin) stage[i] = DORMANT;
    else stage[i] = LOST;
  }
  return Object.freeze({
    kind: 'lifecycle-stages',
    ids: summary.ids,
    stage,
    labels: stage,
    names: LIFECYCLE_STAGES,
    counts: Object.freeze(countLabels(stage, LIFECYCLE_STAGES.length)),
    sinceFirst,
    sinceLast,
    unit,
    observationEnd: endUsed,
  } satisfies LifecycleStages);
}
