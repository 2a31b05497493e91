import { invalidOption } from '../errors/index.js';
import type { Transaction } from '../transactions/types.js';
import {
  createNumberBits,
  createRowTable,
  finishHash,
  HASH_SEED,
  hashNumber,
  hashText,
  type NumberBits,
  probeOrderByText,
  type RowTable,
} from './hash.js';
import { type CleaningReport, checkOptionsObject, checkTransactions } from './shared.js';

/** Options of {@link deduplicate}; defaults in {@link DEDUPLICATE_DEFAULTS}. */
export interface DeduplicateOptions {
  /**
   * Channels in order of preference for orders seen through several channels: the order keeps
   * the rows of its listed channel that comes first here. Channels not listed (and rows without
   * a channel) rank after every listed one, and among themselves the channel seen first in the
   * input wins. Default `[]`: the channel seen first wins.
   */
  readonly channelPriority?: readonly string[];
}

/** Defaults of {@link DeduplicateOptions}. */
export const DEDUPLICATE_DEFAULTS: Readonly<{ channelPriority: readonly string[] }> = Object.freeze(
  { channelPriority: Object.freeze([]) },
);

/** Why {@link deduplicate} removed a row. */
export type DuplicateReason = 'exact-duplicate' | 'cross-channel-duplicate';

/** One row removed by {@link deduplicate}. */
export interface RemovedDuplicate {
  /** 0-based index of the removed row in the input. */
  readonly index: number;
  /** The rule that removed it. */
  readonly reason: DuplicateReason;
  /** 0-based input index of the kept row it duplicates (a row that is in the output). */
  readonly keptIndex: number;
}

/** Report of {@link deduplicate}. */
export interface DeduplicateReport extends CleaningReport {
  readonly step: 'deduplicate';
  /** Rows removed because an identical row came earlier. */
  readonly exactDuplicates: number;
  /** Rows removed because their order was kept from another channel. */
  readonly crossChannelDuplicates: number;
  /** Every removed row, in input order. */
  readonly removed: RemovedDuplicate[];
}

/** Result of {@link deduplicate}. */
export interface DeduplicateResult {
  /** The surviving rows, in input order (the same objects as in the input). */
  readonly transactions: Transaction[];
  readonly report: DeduplicateReport;
}

/** Hash of every {@link Transaction} field of a row (dates by `getTime()`), from the customer's hash. */
function exactHash(t: Transaction, customerHash: number, bits: NumberBits): number {
  let hash = customerHash;
  hash = hashNumber(hash, t.date.getTime(), bits);
  hash = hashNumber(hash, t.amount, bits);
  // Absent and present fields differ: `hashText` ends every text with a separator.
  if (t.orderId !== undefined) hash = hashText(hash ^ 1, t.orderId);
  if (t.channel !== undefined) hash = hashText(hash ^ 2, t.channel);
  if (t.market !== undefined) hash = hashText(hash ^ 3, t.market);
  if (t.currency !== undefined) hash = hashText(hash ^ 4, t.currency);
  if (t.quantity !== undefined) hash = hashNumber(hash ^ 5, t.quantity, bits);
  return finishHash(hash);
}

/** True when every {@link Transaction} field is equal (dates by `getTime()`). */
function sameRow(a: Transaction, b: Transaction): boolean {
  return (
    a.amount === b.amount &&
    a.customerId === b.customerId &&
    a.date.getTime() === b.date.getTime() &&
    a.orderId === b.orderId &&
    a.channel === b.channel &&
    a.market === b.market &&
    a.currency === b.currency &&
    a.quantity === b.quantity
  );
}

/**
 * Like `probeOrderByText` for refund rows, keyed on (customer, order, amount): two refunds of one
 * order count as the same refund seen by two channels only when their amounts are equal.
 */
function probeRefund(
  table: RowTable,
  transactions: readonly Transaction[],
  row: number,
  customerHash: number,
  bits: NumberBits,
): number {
  const t = transactions[row]!;
  const { mask, rows } = table;
  let p = finishHash(hashNumber(hashText(customerHash, t.orderId!), t.amount, bits)) & mask;
  for (;;) {
    const stored = rows[p]!;
    if (stored === 0) return p;
    const other = transactions[stored - 1]!;
    if (
      other.orderId === t.orderId &&
      other.customerId === t.customerId &&
      other.amount === t.amount
    ) {
      return p;
    }
    p = (p + 1) & mask;
  }
}

function resolveChannelRanks(options: DeduplicateOptions | undefined): Map<string, number> {
  checkOptionsObject(options, 'deduplicate');
  const priority = options?.channelPriority ?? DEDUPLICATE_DEFAULTS.channelPriority;
  if (!Array.isArray(priority)) {
    invalidOption('channelPriority', priority, 'must be an array of channel names');
  }
  const ranks = new Map<string, number>();
  for (let i = 0; i < priority.length; i++) {
    const channel: unknown = priority[i];
    if (typeof channel !== 'string') {
      invalidOption(`channelPriority[${i}]`, channel, 'must be a string');
    }
    if (!ranks.has(channel)) ranks.set(channel, i);
  }
  return ranks;
}

/**
 * Removes duplicate rows: exact copies, and the same order reported by several channels. O(n)
 * expected time and memory (one hash-table probe per row and rule; ids are hashed in place).
 *
 * The rules, applied to every row in input order:
 * 1. **Cross-channel duplicate.** Rows sharing a `(customerId, orderId)` pair are one order
 *    (purchase rows and refund rows, amount < 0, are grouped separately: a refund is not another
 *    channel's copy of the purchase; a refund of the same amount logged by two channels is one
 *    refund, refunds of different amounts are different refunds). When
 *    they come from different `channel`s (a missing channel is a channel of its own), the order
 *    is kept from one channel only: the first in `options.channelPriority`, else the channel of
 *    the order's first row in the input. Rows of the other channels are removed, with
 *    `keptIndex` = the first row of the kept channel. Rows of one order in the *same* channel
 *    are order lines and all stay. Rows without `orderId` are never cross-channel duplicates.
 * 2. **Exact duplicate.** Otherwise, a row whose every field equals an earlier row's (dates
 *    compared by `getTime()`) is removed, with `keptIndex` = that first row.
 *
 * Rule 1 is checked first, so `keptIndex` always names a row that is in the output. The result
 * is a subset of the input in input order, and deduplicating it again removes nothing. Ids are
 * compared as strings, never used as object keys, so ids such as `__proto__` are ordinary.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when `transactions` is not an array of objects;
 *   `INVALID_ID`, `INVALID_DATE`, `INVALID_AMOUNT`, `INVALID_FIELD` or `INVALID_QUANTITY` for a
 *   malformed row (with its 1-based `row`); `INVALID_OPTION` for a bad `channelPriority`.
 * @example
 * ```ts
 * import { deduplicate } from 'clvkit';
 * const day = new Date('2024-03-01');
 * const { transactions, report } = deduplicate([
 *   { customerId: 'c1', date: day, amount: 30, orderId: 'o1', channel: 'web' },
 *   { customerId: 'c1', date: day, amount: 30, orderId: 'o1', channel: 'web' }, // exact copy
 *   { customerId: 'c1', date: day, amount: 12, orderId: 'o1', channel: 'web' }, // second line
 *   { customerId: 'c1', date: day, amount: 42, orderId: 'o1', channel: 'crm' }, // same order via CRM
 * ]);
 * transactions.map((t) => t.amount); // [30, 12]
 * report.removed; // [{ index: 1, reason: 'exact-duplicate', keptIndex: 0 },
 *                 //  { index: 3, reason: 'cross-channel-duplicate', keptIndex: 0 }]
 * ```
 */
export function deduplicate(
  transactions: readonly Transaction[],
  options?: DeduplicateOptions,
): DeduplicateResult {
  checkTransactions(transactions, 'deduplicate');
  const ranks = resolveChannelRanks(options);
  const unlistedRank = Number.POSITIVE_INFINITY;
  const n = transactions.length;

  // Pass 1: the first occurrence of each exact row, and the kept channel of each order.
  const bits = createNumberBits();
  const exactTable = createRowTable(n);
  const duplicateOf = new Int32Array(n).fill(-1);
  // Purchases and refunds of one order are matched separately: a refund row is not another
  // channel's view of the purchase.
  const orderTable = createRowTable(n);
  const refundTable = createRowTable(n);
  const orderOf = new Int32Array(n).fill(-1);
  const keptChannel: (string | undefined)[] = [];
  const keptRank: number[] = [];
  const keptFirst: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = transactions[i]!;
    const customerHash = hashText(HASH_SEED, t.customerId);
    let p = exactHash(t, customerHash, bits) & exactTable.mask;
    for (;;) {
      const stored = exactTable.rows[p]!;
      if (stored === 0) {
        exactTable.rows[p] = i + 1;
        break;
      }
      if (sameRow(transactions[stored - 1]!, t)) {
        duplicateOf[i] = stored - 1;
        break;
      }
      p = (p + 1) & exactTable.mask;
    }
    if (t.orderId === undefined) continue;
    const rank = t.channel === undefined ? unlistedRank : (ranks.get(t.channel) ?? unlistedRank);
    const table = t.amount < 0 ? refundTable : orderTable;
    const q =
      t.amount < 0
        ? probeRefund(table, transactions, i, customerHash, bits)
        : probeOrderByText(table, transactions, i, customerHash);
    let slot: number;
    if (table.rows[q] === 0) {
      slot = keptChannel.length;
      table.rows[q] = i + 1;
      table.slots[q] = slot;
      keptChannel.push(t.channel);
      keptRank.push(rank);
      keptFirst.push(i);
    } else {
      slot = table.slots[q]!;
      if (rank < keptRank[slot]!) {
        // A strictly better channel: this is its first row (an earlier one would have won already).
        keptChannel[slot] = t.channel;
        keptRank[slot] = rank;
        keptFirst[slot] = i;
      }
    }
    orderOf[i] = slot;
  }

  // Pass 2: keep or remove, in input order.
  const kept: Transaction[] = [];
  const removed: RemovedDuplicate[] = [];
  let exactDuplicates = 0;
  let crossChannelDuplicates = 0;
  for (let i = 0; i < n; i++) {
    const t = transactions[i]!;
    const slot = orderOf[i]!;
    if (slot >= 0 && t.channel !== keptChannel[slot]) {
      crossChannelDuplicates++;
      removed.push({ index: i, reason: 'cross-channel-duplicate', keptIndex: keptFirst[slot]! });
    } else if (duplicateOf[i]! >= 0) {
      exactDuplicates++;
      removed.push({ index: i, reason: 'exact-duplicate', keptIndex: duplicateOf[i]! });
    } else {
      kept.push(t);
    }
  }
  return {
    transactions: kept,
    report: {
      step: 'deduplicate',
      rowsIn: n,
      rowsOut: kept.length,
      exactDuplicates,
      crossChannelDuplicates,
      removed,
    },
  };
}
