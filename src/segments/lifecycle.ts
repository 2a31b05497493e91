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

/**
 * A function from a customer id to its candidate number (−1 when the id is not a candidate).
 * Summaries list ids in ascending order, and logs sorted by customer list them in the same
 * order: ids arriving in ascending order are found by advancing a cursor over the summary's ids
 * (a merge, no hashing); any other id is looked up in a hash index of the candidates, built on
 * first need.
 */
function candidateLocator(
  ids: readonly string[],
  positions: readonly number[],
  candidateOf: Int32Array,
): (id: string) => number {
  const n = ids.length;
  let ascending = true;
  for (let i = 1; i < n && ascending; i++) ascending = ids[i - 1]! < ids[i]!;
  let cursor = 0;
  let highest: string | undefined;
  let index: StringIndex | undefined;
  let candidateOfKey: Int32Array | undefined;
  return (id) => {
    if (ascending) {
      // Invariant: summary ids before the cursor are ≤ `highest` < the id at the cursor.
      if (cursor < n && ids[cursor] === id) {
        // The next summary id (the usual case; often the very same string object).
        highest = id;
        return candidateOf[cursor++]!;
      }
      if (highest === undefined || id > highest) {
        highest = id;
        while (cursor < n && ids[cursor]! < id) cursor++;
        return cursor < n && ids[cursor] === id ? candidateOf[cursor++]! : -1;
      }
    }
    if (index === undefined || candidateOfKey === undefined) {
      index = new StringIndex();
      candidateOfKey = new Int32Array(positions.length).fill(-1);
      for (let c = 0; c < positions.length; c++) {
        const key = index.add(ids[positions[c]!]!);
        if (candidateOfKey[key] === -1) candidateOfKey[key] = c;
      }
    }
    const key = index.get(id);
    return key === -1 ? -1 : candidateOfKey[key]!;
  };
}

/**
 * Per customer, true when the log shows a return after a gap longer than `gapMs`. Only the
 * customers with `wanted[c] = 1` are answered (the others are left 0): the log is needed only
 * for customers whose stage would otherwise be 'active'. Every row is still validated. Logs
 * usually list a customer's rows together, so the id of the previous row is compared first and
 * the customer is located once per run of rows; the second pass visits only the runs of wanted
 * customers (no per-row arrays).
 */
function reactivatedByLog(
  ids: readonly string[],
  wanted: Uint8Array,
  log: readonly Transaction[] | TransactionColumns,
  endMs: number,
  activeMs: number,
  gapMs: number,
): Uint8Array {
  const n = ids.length;
  // Customers answered ("candidates"): their summary positions, and each position's candidate.
  const positions: number[] = [];
  const candidateOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (wanted[i] === 1) {
      candidateOf[i] = positions.length;
      positions.push(i);
    }
  }
  const locate = candidateLocator(ids, positions, candidateOf);
  let rows: number;
  let customerIds: readonly unknown[];
  let dates: ArrayLike<unknown>;
  let amounts: ArrayLike<unknown>;
  if (Array.isArray(log)) {
    const list = log as readonly Transaction[];
    rows = list.length;
    for (let i = 0; i < rows; i++) {
      if (list[i] === null || typeof list[i] !== 'object') {
        badEntry('transactions', i, list[i], 'is not a transaction');
      }
    }
    customerIds = list.map((t) => t.customerId);
    dates = Float64Array.from(list, (t) => {
      const d: unknown = t.date;
      return d instanceof Date ? d.getTime() : Number.NaN;
    });
    amounts = list.map((t) => t.amount);
  } else if (log !== null && typeof log === 'object') {
    const columns = log as TransactionColumns;
    rows = checkLength('transactions.customerId', columns.customerId, undefined);
    checkLength('transactions.date', columns.date, rows);
    checkLength('transactions.amount', columns.amount, rows);
    customerIds = columns.customerId;
    dates = columns.date;
    amounts = columns.amount;
  } else {
    badArgument('transactions', log, 'must be Transaction[] or TransactionColumns');
  }
  // Runs of rows of one candidate: [runStart[r], runEnd[r]) may hold other customers' skipped
  // rows (refunds, later purchases), which the second pass skips again.
  const runStart: number[] = [];
  const runEnd: number[] = [];
  const runCandidate: number[] = [];
  const firstRecent = new Float64Array(positions.length).fill(Number.POSITIVE_INFINITY);
  const activeStart = endMs - activeMs;
  let lastId: unknown;
  let lastCustomer = -1;
  for (let i = 0; i < rows; i++) {
    const id = customerIds[i];
    const date = dates[i];
    const amount = amounts[i];
    if (typeof id !== 'string') badEntry('transactions.customerId', i, id, 'is not a string');
    if (typeof date !== 'number' || !Number.isFinite(date)) {
      badEntry('transactions.date', i, date, 'is not a valid date');
    }
    if (typeof amount !== 'number' || !Number.isFinite(amount)) {
      badEntry('transactions.amount', i, amount, 'is not a finite number');
    }
    // Refunds are not returns; purchases after the end are not seen.
    if (amount < 0 || date > endMs) continue;
    if (id !== lastId) {
      if (lastCustomer !== -1) runEnd.push(i);
      lastId = id;
      lastCustomer = locate(id);
      if (lastCustomer !== -1) {
        runStart.push(i);
        runCandidate.push(lastCustomer);
      }
    }
    const c = lastCustomer;
    if (c !== -1 && date >= activeStart && date < firstRecent[c]!) firstRecent[c] = date;
  }
  if (lastCustomer !== -1) runEnd.push(rows);
  // The purchase just before the first one in the active window.
  const previous = new Float64Array(positions.length).fill(Number.NEGATIVE_INFINITY);
  for (let r = 0; r < runStart.length; r++) {
    const c = runCandidate[r]!;
    const from = runStart[r]!;
    const id = customerIds[from];
    const recent = firstRecent[c]!;
    for (let i = from; i < runEnd[r]!; i++) {
      const date = dates[i] as number;
      if ((amounts[i] as number) < 0 || date > endMs || customerIds[i] !== id) continue;
      if (date < recent && date > previous[c]!) previous[c] = date;
    }
  }
  const out = new Uint8Array(n);
  for (let c = 0; c < positions.length; c++) {
    const recent = firstRecent[c]!;
    // A customer with no purchase before the window is returning from nothing: not reactivated.
    const before = previous[c]!;
    if (
      recent !== Number.POSITIVE_INFINITY &&
      before !== Number.NEGATIVE_INFINITY &&
      recent - before > gapMs
    ) {
      out[positions[c]!] = 1;
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
    // Only customers that would otherwise be 'active' can be 'reactivated'.
    const wanted = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (!(sinceFirst[i]! <= newWithin) && sinceLast[i]! <= activeWithin) wanted[i] = 1;
    }
    reactivated = reactivatedByLog(
      summary.ids,
      wanted,
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
