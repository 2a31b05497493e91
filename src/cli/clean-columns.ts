/**
 * `cleanTransactions` for a columnar log of millions of rows, without turning every row into an
 * object: only the customers whose rows a cleaning step could change go through the library's
 * object path, the rest pass through untouched.
 *
 * Why this is exact: without id links and currency conversion, every step of `cleanTransactions`
 * works within one customer (duplicates share the customer id, refunds are netted against the
 * same customer's purchases), and it leaves a customer's rows unchanged when that customer has
 *  - no refund (amount < 0): `netRefunds` then only keeps rows (zero amounts are kept by default);
 *  - no two rows with the same date and amount: no exact duplicate is possible;
 *  - no order id on two rows: no cross-channel duplicate is possible.
 * Customers failing any test are cleaned by `cleanTransactions` itself and the reports are
 * rebased on the whole log (row counts, indices of removed rows). With links or a currency
 * conversion, or several currencies in the log (an error of `netRefunds`), the whole log takes the
 * object path.
 *
 * @module
 * @internal
 */
import {
  type CleanTransactionsOptions,
  type CleanTransactionsResult,
  cleanTransactions,
} from '../cleaning/clean-transactions.js';
import type { RejectedTransaction } from '../cleaning/convert-currency.js';
import { fromTransactionColumns, toTransactionColumns } from '../transactions/convert.js';
import type { TransactionColumns } from '../transactions/types.js';

/** Result of {@link cleanTransactionColumns}. */
export interface CleanColumnsResult {
  /** The clean log: untouched rows first (in input order), then the cleaned customers' rows. */
  readonly columns: TransactionColumns;
  readonly rejected: RejectedTransaction[];
  readonly reports: CleanTransactionsResult['reports'];
  /** Rows that went through the object path (for diagnostics). */
  readonly rowsCleanedAsObjects: number;
}

const OPTIONAL = ['orderId', 'channel', 'market', 'currency', 'quantity'] as const;

function asFloat64(values: Float64Array | readonly number[]): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/** Murmur3's 32-bit finaliser: spreads the bits of a combined key. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** True when the log holds more than one currency. */
function severalCurrencies(currency: readonly (string | undefined)[] | undefined): boolean {
  if (currency === undefined) return false;
  let seen: string | undefined;
  for (const c of currency) {
    if (c === undefined || c === seen) continue;
    if (seen !== undefined) return true;
    seen = c;
  }
  return false;
}

/** -0 and +0 are equal amounts (and dates): hash them alike. */
const pair = new Float64Array(2);
const pairBits = new Uint32Array(pair.buffer);

/** Hash of a (date, amount) pair. */
function pairHash(date: number, amount: number): number {
  pair[0] = date === 0 ? 0 : date;
  pair[1] = amount === 0 ? 0 : amount;
  let h = Math.imul(pairBits[0]!, 0x85ebca77) ^ pairBits[1]!;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h ^= Math.imul(pairBits[2]!, 0xc2b2ae3d) ^ pairBits[3]!;
  return fmix32(h);
}

/**
 * Flags the customers having a refund, or two rows with the same customer, date and amount, among
 * rows `from..to − 1` (or among the rows listed in `list[from..to − 1]`): one pass with an
 * open-addressing table on (date, amount) — customer ids are compared, not hashed.
 */
function flagByTable(
  ids: readonly string[],
  date: Float64Array,
  amount: Float64Array,
  from: number,
  to: number,
  list: Int32Array | undefined,
  flagged: Set<string>,
): void {
  let size = 1;
  while (size < 2 * (to - from)) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size);
  for (let r = from; r < to; r++) {
    const i = list === undefined ? r : list[r]!;
    const a = amount[i]!;
    if (a < 0) flagged.add(ids[i]!);
    let p = pairHash(date[i]!, a) & mask;
    for (;;) {
      const stored = table[p]!;
      if (stored === 0) {
        table[p] = i + 1;
        break;
      }
      const j = stored - 1;
      if (date[j] === date[i] && amount[j] === a && ids[j] === ids[i]) {
        flagged.add(ids[i]!);
        break;
      }
      p = (p + 1) & mask;
    }
  }
}

/** Runs longer than this are checked for duplicates with a table rather than pair by pair. */
const SHORT_RUN = 24;

/**
 * The customers whose rows a cleaning step could change (see the module comment).
 *
 * Logs usually list each customer's rows together (exports sorted by customer): then the rows of
 * a customer form one run of equal ids, refunds and duplicates are found within the run (pair by
 * pair for short runs), and no row is hashed. Customers whose rows come in several runs are then
 * checked together with a (date, amount) table over their rows; when most runs are single rows
 * (a log sorted by date), the table is used over all rows at once.
 */
function customersToClean(columns: TransactionColumns): Set<string> {
  const ids = columns.customerId;
  const n = ids.length;
  const flagged = new Set<string>();
  const date = asFloat64(columns.date);
  const amount = asFloat64(columns.amount);
  // Runs of equal ids, and whether the run ids increase strictly (then no customer is split).
  let runs = n > 0 ? 1 : 0;
  let increasing = true;
  let runId = ids[0];
  for (let i = 1; i < n; i++) {
    const id = ids[i]!;
    if (id === runId) continue;
    runs++;
    if (increasing && !(id > runId!)) increasing = false;
    runId = id;
  }
  if (2 * runs > n) {
    flagByTable(ids, date, amount, 0, n, undefined, flagged);
  } else {
    const seen = increasing ? undefined : new Set<string>();
    // Customers seen in several runs.
    const split = new Set<string>();
    for (let from = 0; from < n; ) {
      const id = ids[from]!;
      let to = from + 1;
      while (to < n && ids[to] === id) to++;
      if (seen !== undefined) {
        if (!seen.has(id)) seen.add(id);
        else split.add(id);
      }
      if (to - from > SHORT_RUN) {
        flagByTable(ids, date, amount, from, to, undefined, flagged);
      } else {
        scan: for (let i = from; i < to; i++) {
          const a = amount[i]!;
          const t = date[i]!;
          if (a < 0) {
            flagged.add(id);
            break;
          }
          for (let j = from; j < i; j++) {
            if (date[j] === t && amount[j] === a) {
              flagged.add(id);
              break scan;
            }
          }
        }
      }
      from = to;
    }
    if (split.size > 0) {
      // Duplicates across the runs of a split customer: a table over those customers' rows.
      const list: number[] = [];
      for (let from = 0; from < n; ) {
        const id = ids[from]!;
        let to = from + 1;
        while (to < n && ids[to] === id) to++;
        if (split.has(id)) for (let i = from; i < to; i++) list.push(i);
        from = to;
      }
      flagByTable(ids, date, amount, 0, list.length, Int32Array.from(list), flagged);
    }
  }
  const orderId = columns.orderId;
  if (orderId !== undefined) {
    // (customer, order) pairs seen; a second row of one order may be a cross-channel copy.
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const order = orderId[i];
      if (order === undefined) continue;
      const key = `${order}\u0000${ids[i]}`;
      if (seen.has(key)) flagged.add(ids[i]!);
      else seen.add(key);
    }
  }
  return flagged;
}

/** The rows `rows` of `columns`, as columns. */
function pick(columns: TransactionColumns, rows: Int32Array): TransactionColumns {
  const out: Record<string, unknown> = {
    customerId: Array.from(rows, (i) => columns.customerId[i]!),
    date: Float64Array.from(rows, (i) => columns.date[i]!),
    amount: Float64Array.from(rows, (i) => columns.amount[i]!),
  };
  for (const field of OPTIONAL) {
    const values = columns[field];
    if (values !== undefined) out[field] = Array.from(rows, (i) => values[i]);
  }
  return out as unknown as TransactionColumns;
}

/** `a` then `b`, column by column (optional columns filled with `undefined` where absent). */
function concat(a: TransactionColumns, b: TransactionColumns): TransactionColumns {
  const na = a.customerId.length;
  const nb = b.customerId.length;
  const date = new Float64Array(na + nb);
  date.set(a.date, 0);
  date.set(b.date, na);
  const amount = new Float64Array(na + nb);
  amount.set(a.amount, 0);
  amount.set(b.amount, na);
  const customerId = a.customerId.slice();
  for (let i = 0; i < nb; i++) customerId.push(b.customerId[i]!);
  const out: Record<string, unknown> = { customerId, date, amount };
  for (const field of OPTIONAL) {
    const x = a[field];
    const y = b[field];
    if (x === undefined && y === undefined) continue;
    const values: unknown[] = [];
    for (let i = 0; i < na; i++) values.push(x?.[i]);
    for (let i = 0; i < nb; i++) values.push(y?.[i]);
    out[field] = values;
  }
  return out as unknown as TransactionColumns;
}

/**
 * {@link cleanTransactions} on {@link TransactionColumns}, with the same rows out (up to order)
 * and the same reports, at columnar speed when few customers need cleaning. O(n) plus the object
 * path for the customers that need it.
 *
 * @throws {ClvError} whatever `cleanTransactions` throws.
 */
export function cleanTransactionColumns(
  columns: TransactionColumns,
  options: CleanTransactionsOptions,
): CleanColumnsResult {
  const n = columns.customerId.length;
  let rows: Int32Array;
  if (
    options.links !== undefined ||
    options.currency !== undefined ||
    severalCurrencies(columns.currency)
  ) {
    rows = Int32Array.from({ length: n }, (_, i) => i);
  } else {
    const flagged = customersToClean(columns);
    const picked: number[] = [];
    if (flagged.size > 0) {
      const ids = columns.customerId;
      for (let i = 0; i < n; i++) if (flagged.has(ids[i]!)) picked.push(i);
    }
    rows = Int32Array.from(picked);
  }
  if (rows.length === n) {
    const result = cleanTransactions(fromTransactionColumns(columns), options);
    return {
      columns: toTransactionColumns(result.transactions),
      rejected: result.rejected,
      reports: result.reports,
      rowsCleanedAsObjects: n,
    };
  }
  const result = cleanTransactions(fromTransactionColumns(pick(columns, rows)), options);
  // Rows left alone: every row not picked, in input order.
  const untouched = new Int32Array(n - rows.length);
  for (let i = 0, r = 0, u = 0; i < n; i++) {
    if (r < rows.length && rows[r] === i) r++;
    else untouched[u++] = i;
  }
  const rest = untouched.length;
  const original = (index: number): number => rows[index]!;
  const reports = result.reports.map((report) => {
    const rebased = { ...report, rowsIn: report.rowsIn + rest, rowsOut: report.rowsOut + rest };
    if (report.step === 'deduplicate') {
      return {
        ...rebased,
        removed: report.removed.map((r) => ({
          ...r,
          index: original(r.index),
          keptIndex: original(r.keptIndex),
        })),
      };
    }
    return rebased;
  }) as CleanTransactionsResult['reports'];
  return {
    // Nothing to clean (the usual case): the input columns themselves, not a copy.
    columns:
      rows.length === 0
        ? columns
        : concat(pick(columns, untouched), toTransactionColumns(result.transactions)),
    rejected: result.rejected,
    reports,
    rowsCleanedAsObjects: rows.length,
  };
}
