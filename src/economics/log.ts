import { ClvError, type ClvErrorCode, displayValue, issueOf } from '../errors/index.js';
import { StringIndex } from '../internal/string-index.js';
import { isTimeUnit, millisecondsPerUnit, type TimeUnit } from '../time/index.js';
import { isTransactionColumns, transactionColumnsLength } from '../transactions/convert.js';
import type { Transaction, TransactionColumns } from '../transactions/types.js';
import { checkObject, invalidArgument, invalidOptionOf, positive } from './shared.js';

/** A transaction log: transaction objects or columns. */
export type TransactionLog = readonly Transaction[] | TransactionColumns;

/** Optional bounds of the observation window of a transaction log. */
export interface ObservationWindowOptions {
  /** First instant of the window (inclusive). Default: the log's first transaction. */
  readonly observationStart?: Date;
  /** Last instant of the window (inclusive). Default: the log's last transaction. */
  readonly observationEnd?: Date;
}

/** The validated columns of a transaction log. @internal */
export interface LogView {
  readonly length: number;
  readonly customerId: readonly string[];
  /** Epoch milliseconds. */
  readonly time: Float64Array;
  readonly amount: Float64Array;
  readonly orderId: readonly (string | undefined)[] | undefined;
  readonly source: TransactionLog;
}

function rowError(
  fn: string,
  arg: string,
  index: number,
  code: ClvErrorCode,
  field: string,
  value: unknown,
  reason: string,
): never {
  throw new ClvError(
    issueOf(
      code,
      `${fn}: ${arg}[${index}].${field} ${displayValue(value)} ${reason}`,
      index + 1,
      field,
      value,
    ),
  );
}

function checkRow(
  fn: string,
  arg: string,
  i: number,
  id: unknown,
  time: number,
  amount: unknown,
  orderId: unknown,
): void {
  if (typeof id !== 'string' || id.length === 0) {
    rowError(fn, arg, i, 'INVALID_ID', 'customerId', id, 'must be a non-empty string');
  }
  if (!Number.isFinite(time)) {
    rowError(fn, arg, i, 'INVALID_DATE', 'date', time, 'must be a valid date');
  }
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    rowError(fn, arg, i, 'INVALID_AMOUNT', 'amount', amount, 'must be a finite number');
  }
  if (amount < 0) {
    rowError(
      fn,
      arg,
      i,
      'NEGATIVE_AMOUNT',
      'amount',
      amount,
      'is a refund: net refunds against their purchases first (netRefunds)',
    );
  }
  if (orderId !== undefined && typeof orderId !== 'string') {
    rowError(fn, arg, i, 'INVALID_FIELD', 'orderId', orderId, 'must be a string');
  }
}

/**
 * Validates a transaction log once and exposes it as columns. Refunds (negative amounts) are
 * rejected: economics need them netted first. O(n). @internal
 */
export function readLog(fn: string, arg: string, transactions: unknown): LogView {
  if (isTransactionColumns(transactions)) {
    const n = transactionColumnsLength(transactions);
    const time = Float64Array.from(transactions.date);
    const amount = new Float64Array(n);
    const { customerId, orderId } = transactions;
    for (let i = 0; i < n; i++) {
      const value = transactions.amount[i];
      checkRow(fn, arg, i, customerId[i], time[i]!, value, orderId?.[i]);
      amount[i] = value!;
    }
    return { length: n, customerId, time, amount, orderId, source: transactions };
  }
  if (!Array.isArray(transactions)) {
    invalidArgument(
      fn,
      arg,
      transactions,
      'must be an array of transactions or transaction columns',
    );
  }
  const rows = transactions as readonly Transaction[];
  const n = rows.length;
  const customerId: string[] = [];
  const time = new Float64Array(n);
  const amount = new Float64Array(n);
  let orderId: (string | undefined)[] | undefined;
  for (let i = 0; i < n; i++) {
    const row: unknown = rows[i];
    if (row === null || typeof row !== 'object') {
      throw new ClvError(
        issueOf('INVALID_ARGUMENT', `${fn}: ${arg}[${i}] is not a transaction`, i + 1, arg, row),
      );
    }
    const t = row as Transaction;
    const date: unknown = t.date;
    const ms = date instanceof Date ? date.getTime() : Number.NaN;
    if (Number.isNaN(ms))
      rowError(fn, arg, i, 'INVALID_DATE', 'date', date, 'must be a valid Date');
    checkRow(fn, arg, i, t.customerId, ms, t.amount, t.orderId);
    customerId.push(t.customerId);
    time[i] = ms;
    amount[i] = t.amount;
    if (t.orderId !== undefined) {
      if (orderId === undefined) {
        orderId = [];
        for (let j = 0; j < i; j++) orderId.push(undefined);
      }
    }
    orderId?.push(t.orderId);
  }
  return { length: n, customerId, time, amount, orderId, source: rows };
}

/** The text field of row `i` (market, channel or currency), checked to be a string. @internal */
export function textAt(
  fn: string,
  arg: string,
  log: LogView,
  field: 'market' | 'channel' | 'currency',
  i: number,
): string | undefined {
  const source = log.source;
  const value: unknown = isTransactionColumns(source)
    ? source[field]?.[i]
    : (source as readonly Transaction[])[i]![field];
  if (value !== undefined && typeof value !== 'string') {
    rowError(fn, arg, i, 'INVALID_FIELD', field, value, 'must be a string');
  }
  return value;
}

/** Row `i` as a transaction object (built on demand for columns). @internal */
export function transactionAt(log: LogView, i: number): Transaction {
  const source = log.source;
  if (!isTransactionColumns(source)) return (source as readonly Transaction[])[i]!;
  const t: { -readonly [K in keyof Transaction]: Transaction[K] } = {
    customerId: source.customerId[i]!,
    date: new Date(source.date[i]!),
    amount: source.amount[i]!,
  };
  for (const field of ['orderId', 'channel', 'market', 'currency'] as const) {
    const value = source[field]?.[i];
    if (value !== undefined) t[field] = value;
  }
  const quantity = source.quantity?.[i];
  if (quantity !== undefined) t.quantity = quantity;
  return t;
}

/** A closed observation window in epoch milliseconds. @internal */
export interface Window {
  readonly start: number;
  readonly end: number;
}

function dateOption(fn: string, field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    invalidOptionOf(fn, field, value, 'must be a valid Date');
  }
  return value.getTime();
}

/**
 * The observation window: the given bounds, else the log's first and last transaction. Throws
 * `EMPTY_INPUT` for an empty log without both bounds. O(n). @internal
 */
export function resolveWindow(
  fn: string,
  arg: string,
  log: LogView,
  options: ObservationWindowOptions,
  startField = 'observationStart',
  endField = 'observationEnd',
): Window {
  let start = dateOption(fn, startField, options.observationStart);
  let end = dateOption(fn, endField, options.observationEnd);
  if (start === undefined || end === undefined) {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < log.length; i++) {
      const t = log.time[i]!;
      if (t < first) first = t;
      if (t > last) last = t;
    }
    if (log.length === 0) {
      throw new ClvError(
        issueOf('EMPTY_INPUT', `${fn}: ${arg} holds no transaction`, undefined, arg, []),
      );
    }
    start ??= first;
    end ??= last;
  }
  if (start > end) {
    invalidOptionOf(
      fn,
      endField,
      new Date(end),
      `is before ${startField} ${new Date(start).toISOString()}`,
    );
  }
  return { start, end };
}

/** Options shared by every per-period measure: the period length. @internal */
export interface PeriodOptions {
  readonly period?: number;
  readonly unit: TimeUnit;
}

/** Validates `{ period, unit }`; returns the period in milliseconds. @internal */
export function resolvePeriod(
  fn: string,
  options: { readonly period?: unknown; readonly unit?: unknown },
  defaultPeriod: number,
): { period: number; unit: TimeUnit; periodMs: number } {
  if (!isTimeUnit(options.unit)) {
    invalidOptionOf(
      fn,
      'unit',
      options.unit,
      "is required: one of 'hour', 'day', 'week', 'month', 'quarter', 'year'",
    );
  }
  const period =
    options.period === undefined ? defaultPeriod : positive(fn, 'period', options.period, 'option');
  return { period, unit: options.unit, periodMs: period * millisecondsPerUnit(options.unit) };
}

/** Checks the options argument: undefined or an object. @internal */
export function optionsObject<T extends object>(fn: string, options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  checkObject(fn, 'options', options, 'option');
  return options;
}

/**
 * Counts distinct orders: each (customer, order id) pair once, each row without an order id as
 * one order (the convention of the summary's `orders` column). @internal
 */
export class OrderCounter {
  private readonly seen = new StringIndex();

  /** True when the row opens a new order of `scope` (a customer, or a group and customer). */
  isNew(scope: string, orderId: string | undefined): boolean {
    if (orderId === undefined) return true;
    const before = this.seen.size;
    this.seen.add(`${scope}\u0000${orderId}`);
    return this.seen.size > before;
  }
}

/**
 * Period-to-period retention counts. With window end E and period P, bucket j holds the instants
 * in (E − (j+1)·P, E − j·P]; for each transition k = 1..K, a (group, customer) pair active in
 * bucket k is "at risk" and "retained" when also active in bucket k − 1. Rows with `groupOf[i]`
 * = −1 are skipped. Returns the pooled counts per group. O(n). @internal
 */
export function retentionCounts(
  log: LogView,
  groupOf: Int32Array | undefined,
  groups: number,
  end: number,
  periodMs: number,
  transitions: number,
): { active: Float64Array; retained: Float64Array } {
  const buckets = transitions + 1;
  const pairs = new StringIndex();
  const pairOfRow = new Int32Array(log.length).fill(-1);
  const bucketOfRow = new Int32Array(log.length);
  for (let i = 0; i < log.length; i++) {
    const g = groupOf === undefined ? 0 : groupOf[i]!;
    if (g < 0) continue;
    const t = log.time[i]!;
    if (t > end) continue;
    const bucket = Math.floor((end - t) / periodMs);
    if (bucket >= buckets) continue;
    pairOfRow[i] = pairs.add(`${g}\u0000${log.customerId[i]}`);
    bucketOfRow[i] = bucket;
  }
  const activeIn = new Uint8Array(pairs.size * buckets);
  const groupOfPair = new Int32Array(pairs.size);
  for (let i = 0; i < log.length; i++) {
    const p = pairOfRow[i]!;
    if (p < 0) continue;
    activeIn[p * buckets + bucketOfRow[i]!] = 1;
    groupOfPair[p] = groupOf === undefined ? 0 : groupOf[i]!;
  }
  const active = new Float64Array(groups);
  const retained = new Float64Array(groups);
  for (let p = 0; p < pairs.size; p++) {
    const g = groupOfPair[p]!;
    for (let k = 1; k < buckets; k++) {
      if (activeIn[p * buckets + k] === 0) continue;
      active[g] = active[g]! + 1;
      if (activeIn[p * buckets + k - 1] === 1) retained[g] = retained[g]! + 1;
    }
  }
  return { active, retained };
}
