import { type CurrencyRate, convertCurrency } from '../cleaning/index.js';
import { ClvError, displayValue, issueOf } from '../errors/index.js';
import { StringIndex } from '../internal/string-index.js';
import { millisecondsPerUnit, type TimeUnit } from '../time/index.js';
import type { Transaction } from '../transactions/types.js';
import {
  type LogView,
  type ObservationWindowOptions,
  OrderCounter,
  readLog,
  resolvePeriod,
  resolveWindow,
  retentionCounts,
  type TransactionLog,
  textAt,
  transactionAt,
} from './log.js';
import {
  CompensatedSum,
  checkObject,
  churnRateOf,
  invalidArgument,
  invalidOptionOf,
  nonNegative,
  probability,
  transitionsOf,
} from './shared.js';

/** A grouping of transactions: a transaction field, or a function returning the group key. */
export type ClvGroupBy =
  | 'market'
  | 'channel'
  | 'currency'
  | ((transaction: Transaction, index: number) => string | undefined);

/** Currency conversion done by {@link clvByGroup} through {@link convertCurrency}. */
export interface ClvByGroupCurrencyOptions {
  /** The reporting currency. */
  readonly to: string;
  /** Exchange rates, as {@link convertCurrency} takes them. */
  readonly rates: readonly CurrencyRate[];
  /** Currency of rows without one. */
  readonly defaultCurrency?: string;
}

/** Options of {@link clvByGroup}; defaults in {@link CLV_BY_GROUP_DEFAULTS}. */
export interface ClvByGroupOptions extends ObservationWindowOptions {
  /** The grouping (required). */
  readonly by: ClvGroupBy;
  /** Time unit of `period` (required). */
  readonly unit: TimeUnit;
  /** Length of the period that frequency, churn and lifetime are expressed per, in `unit`; default 1. */
  readonly period?: number;
  /** Churn rate per period shared by every group, in (0, 1]. */
  readonly churnRate?: number;
  /**
   * Retention per period shared by every group, in [0, 1), or `'estimate'`: each group's
   * period-to-period retention measured in the log (see {@link customerLifetimeFromTransactions}).
   */
  readonly retention?: number | 'estimate';
  /** Expected lifetime in periods shared by every group (≥ 0). */
  readonly lifetime?: number;
  /** Transitions pooled by `retention: 'estimate'`; default 1. */
  readonly transitions?: number;
  /** Gross margin as a fraction of revenue, in [0, 1]; default 1. */
  readonly margin?: number;
  /** Group of rows without a key (no market, say). Default: such rows are left out and counted. */
  readonly missingGroup?: string;
  /** Convert amounts to one currency first (with {@link convertCurrency}); needed for a log in several currencies. */
  readonly currency?: ClvByGroupCurrencyOptions;
}

/** Defaults of {@link ClvByGroupOptions}. */
export const CLV_BY_GROUP_DEFAULTS = Object.freeze({
  period: 1,
  margin: 1,
  transitions: 1,
} as const);

/** The measures of one group in {@link clvByGroup}. */
export interface ClvGroupMeasures {
  readonly group: string;
  /** Distinct customers with a transaction in the group. */
  readonly customers: number;
  /** Distinct orders (customer, order id), rows without an order id counting one each. */
  readonly orders: number;
  /** Total amount (compensated sum). */
  readonly revenue: number;
  /** revenue / orders. */
  readonly averageOrderValue: number;
  /** Orders per customer per period. */
  readonly purchaseFrequency: number;
  /** Retention per period used (given, 1 − churnRate, or estimated); undefined with `lifetime`. */
  readonly retention: number | undefined;
  /** Churn per period used; undefined with `lifetime`. */
  readonly churnRate: number | undefined;
  /** Expected lifetime in periods. */
  readonly lifetime: number;
  /** averageOrderValue × purchaseFrequency × lifetime × margin. */
  readonly clv: number;
  /** Currency of the money columns; undefined when the log gives none. */
  readonly currency: string | undefined;
}

/** Result of {@link clvByGroup}. */
export interface ClvByGroupResult {
  /** Measures per group key, keys in code-unit order (so the result does not depend on row order). */
  readonly groups: Map<string, ClvGroupMeasures>;
  readonly period: number;
  readonly unit: TimeUnit;
  readonly observationStart: Date;
  readonly observationEnd: Date;
  /** Length of the window in `unit` (shared by every group's frequency). */
  readonly windowLength: number;
  /** Transactions left out: outside the window, or without a group key. */
  readonly excluded: { readonly outsideWindow: number; readonly missingGroup: number };
}

type LifetimeSource =
  | { readonly kind: 'churn'; readonly churnRate: number }
  | { readonly kind: 'lifetime'; readonly lifetime: number }
  | { readonly kind: 'estimate'; readonly transitions: number };

function resolveLifetimeSource(fn: string, options: ClvByGroupOptions): LifetimeSource {
  const given = (['churnRate', 'retention', 'lifetime'] as const).filter(
    (key) => options[key] !== undefined,
  );
  if (given.length !== 1) {
    invalidOptionOf(
      fn,
      given.length === 0 ? 'churnRate' : given.join(', '),
      given.length === 0 ? undefined : given.map((key) => options[key]),
      given.length === 0
        ? "is needed for CLV: give one of churnRate, retention (or retention: 'estimate') and lifetime"
        : 'are exclusive: give exactly one',
    );
  }
  if (options.churnRate !== undefined) {
    return { kind: 'churn', churnRate: churnRateOf(fn, 'churnRate', options.churnRate, 'option') };
  }
  if (options.lifetime !== undefined) {
    return { kind: 'lifetime', lifetime: nonNegative(fn, 'lifetime', options.lifetime, 'option') };
  }
  if (options.retention === 'estimate') {
    return {
      kind: 'estimate',
      transitions: transitionsOf(fn, options.transitions ?? CLV_BY_GROUP_DEFAULTS.transitions),
    };
  }
  const retention = probability(fn, 'retention', options.retention, 'option');
  if (retention === 1) {
    invalidOptionOf(
      fn,
      'retention',
      retention,
      'must be < 1: a retention of 1 means an unbounded lifetime',
    );
  }
  return { kind: 'churn', churnRate: 1 - retention };
}

/** Group key of each row (−1 for none) and the keys. */
function groupRows(
  fn: string,
  log: LogView,
  by: ClvGroupBy,
  missingGroup: string | undefined,
): { groupOf: Int32Array; keys: StringIndex; missing: number } {
  const keys = new StringIndex();
  const groupOf = new Int32Array(log.length);
  let missing = 0;
  for (let i = 0; i < log.length; i++) {
    let key: unknown;
    if (typeof by === 'function') {
      key = by(transactionAt(log, i), i);
      if (key !== undefined && typeof key !== 'string') {
        throw new ClvError(
          issueOf(
            'INVALID_OPTION',
            `${fn}: options.by returned ${displayValue(key)} for transactions[${i}]: group keys must be strings (or undefined for none)`,
            i + 1,
            'by',
            key,
          ),
        );
      }
    } else {
      key = textAt(fn, 'transactions', log, by, i);
      // Currency codes are case-insensitive, as convertCurrency reads them.
      if (by === 'currency' && key !== undefined) key = (key as string).trim().toUpperCase();
    }
    if (key === undefined) key = missingGroup;
    if (key === undefined) {
      groupOf[i] = -1;
      missing++;
    } else {
      groupOf[i] = keys.add(key as string);
    }
  }
  return { groupOf, keys, missing };
}

/**
 * The basic CLV measures per group (market, channel, currency or any key): customers, orders,
 * revenue, average order value, purchase frequency per period and CLV = AOV × frequency ×
 * lifetime × margin ({@link basicClv}), over one observation window shared by all groups
 * (default: the log's first to last transaction).
 *
 * Money must be in one currency. A log with several currencies (counting the `currency` field;
 * rows without one are taken to be in the log's currency) throws unless `options.currency` is
 * given, in which case amounts are converted with {@link convertCurrency} (missing rates throw)
 * and grouping still sees the original rows, so `by: 'currency'` compares currency groups in the
 * reporting currency. Without conversion, `by: 'currency'` reports each group in its own currency.
 *
 * The lifetime comes from exactly one of `churnRate`, `retention` (a number, or `'estimate'` for
 * each group's period-to-period retention in the log: a customer counts in a group's retention
 * through the transactions they made in that group) and `lifetime`. Groups are a `Map`, so any
 * string (`'__proto__'` too) is a key. O(n) plus the conversion.
 *
 * @throws {ClvError} `INVALID_OPTION` for a missing `by`, `unit` or lifetime source, a bad
 * window, margin, period, or a key function returning a non-string; `INVALID_ARGUMENT` (field
 * `currency`) for several currencies without conversion, and for a group whose estimated
 * retention is 1 (no churn observed); `EMPTY_INPUT` for an empty log or, with `'estimate'`, a
 * group with nobody active in the earlier period; the row errors of {@link convertCurrency} and
 * of the transaction checks (refunds must be netted first).
 * @example
 * ```ts
 * import { clvByGroup } from 'clvkit';
 * const day = (d: string) => new Date(`2024-${d}T00:00:00Z`);
 * const result = clvByGroup(
 *   [
 *     { customerId: 'a', date: day('01-01'), amount: 40, market: 'FR' },
 *     { customerId: 'a', date: day('07-01'), amount: 60, market: 'FR' },
 *     { customerId: 'b', date: day('03-01'), amount: 30, market: 'DE' },
 *   ],
 *   { by: 'market', unit: 'year', churnRate: 0.5, observationStart: day('01-01'), observationEnd: new Date('2025-01-01') },
 * );
 * result.groups.get('FR')?.averageOrderValue; // 50
 * result.groups.get('DE')?.orders; // 1
 * ```
 */
export function clvByGroup(
  transactions: TransactionLog,
  options: ClvByGroupOptions,
): ClvByGroupResult {
  const fn = 'clvByGroup';
  checkObject(fn, 'options', options, 'option');
  const by = options.by;
  if (by !== 'market' && by !== 'channel' && by !== 'currency' && typeof by !== 'function') {
    invalidOptionOf(
      fn,
      'by',
      by,
      "must be 'market', 'channel', 'currency' or a function (transaction) => key",
    );
  }
  const { period, unit, periodMs } = resolvePeriod(fn, options, CLV_BY_GROUP_DEFAULTS.period);
  const source = resolveLifetimeSource(fn, options);
  const margin =
    options.margin === undefined
      ? CLV_BY_GROUP_DEFAULTS.margin
      : probability(fn, 'margin', options.margin, 'option');
  const missingGroup = options.missingGroup;
  if (missingGroup !== undefined && typeof missingGroup !== 'string') {
    invalidOptionOf(fn, 'missingGroup', missingGroup, 'must be a string');
  }
  const log = readLog(fn, 'transactions', transactions);
  const window = resolveWindow(fn, 'transactions', log, options);
  const windowLength = (window.end - window.start) / millisecondsPerUnit(unit);
  if (windowLength === 0) {
    invalidArgument(
      fn,
      'transactions',
      new Date(window.start),
      'span no time (all at one instant): state the window with observationStart and observationEnd',
    );
  }
  const { groupOf, keys, missing } = groupRows(fn, log, by, missingGroup);

  // Rows inside the window; the currency of each group (or of the whole log).
  let outsideWindow = 0;
  const inWindow = new Uint8Array(log.length);
  for (let i = 0; i < log.length; i++) {
    const t = log.time[i]!;
    if (t < window.start || t > window.end) outsideWindow++;
    else if (groupOf[i]! >= 0) inWindow[i] = 1;
  }
  const { amounts, currencyOfGroup } = moneyOf(fn, log, inWindow, groupOf, keys.size, by, options);

  const groups = keys.size;
  const revenue = Array.from({ length: groups }, () => new CompensatedSum());
  const orders = new Float64Array(groups);
  const customers = new Float64Array(groups);
  const pairs = new StringIndex();
  const counter = new OrderCounter();
  for (let i = 0; i < log.length; i++) {
    if (inWindow[i] === 0) continue;
    const g = groupOf[i]!;
    revenue[g]!.add(amounts[i]!);
    const scope = `${g}\u0000${log.customerId[i]}`;
    const before = pairs.size;
    pairs.add(scope);
    if (pairs.size > before) customers[g] = customers[g]! + 1;
    if (counter.isNew(scope, log.orderId?.[i])) orders[g] = orders[g]! + 1;
  }

  let estimated: { active: Float64Array; retained: Float64Array } | undefined;
  if (source.kind === 'estimate') {
    const used = new Int32Array(log.length);
    for (let i = 0; i < log.length; i++) used[i] = inWindow[i] === 1 ? groupOf[i]! : -1;
    estimated = retentionCounts(log, used, groups, window.end, periodMs, source.transitions);
  }

  const result = new Map<string, ClvGroupMeasures>();
  const order = keys.keys.map((key, g) => ({ key, g }));
  order.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { key, g } of order) {
    if (customers[g] === 0) continue; // every row of the group was outside the window
    let retention: number | undefined;
    let churnRate: number | undefined;
    let lifetime: number;
    if (source.kind === 'churn') {
      churnRate = source.churnRate;
      retention = 1 - churnRate;
      lifetime = 1 / churnRate;
    } else if (source.kind === 'lifetime') {
      lifetime = source.lifetime;
    } else {
      const active = estimated!.active[g]!;
      const retained = estimated!.retained[g]!;
      if (active === 0) {
        throw new ClvError(
          issueOf(
            'EMPTY_INPUT',
            `${fn}: group ${displayValue(key)} has no customer active in the period(s) before the last one: its retention cannot be estimated`,
            undefined,
            'retention',
            key,
          ),
        );
      }
      retention = retained / active;
      if (retention === 1) {
        throw new ClvError(
          issueOf(
            'INVALID_ARGUMENT',
            `${fn}: group ${displayValue(key)} retained every customer active in the earlier period (${retained} of ${active}), so its retention is 1 and its lifetime unbounded: give churnRate, or pool more transitions`,
            undefined,
            'retention',
            key,
          ),
        );
      }
      churnRate = 1 - retention;
      lifetime = 1 / churnRate;
    }
    const total = revenue[g]!.value;
    const averageOrderValue = total / orders[g]!;
    const purchaseFrequency = orders[g]! / customers[g]! / (windowLength / period);
    result.set(key, {
      group: key,
      customers: customers[g]!,
      orders: orders[g]!,
      revenue: total,
      averageOrderValue,
      purchaseFrequency,
      retention,
      churnRate,
      lifetime,
      clv: averageOrderValue * purchaseFrequency * lifetime * margin,
      currency: currencyOfGroup[g],
    });
  }
  return {
    groups: result,
    period,
    unit,
    observationStart: new Date(window.start),
    observationEnd: new Date(window.end),
    windowLength,
    excluded: { outsideWindow, missingGroup: missing },
  };
}

/** Amounts in one currency per group (converting when asked), and that currency per group. */
function moneyOf(
  fn: string,
  log: LogView,
  inWindow: Uint8Array,
  groupOf: Int32Array,
  groups: number,
  by: ClvGroupBy,
  options: ClvByGroupOptions,
): { amounts: Float64Array; currencyOfGroup: (string | undefined)[] } {
  const conversion = options.currency;
  if (conversion !== undefined) {
    checkObject(fn, 'currency', conversion, 'option');
    // Only the rows that count (in the window, with a group) are converted: a missing rate for a
    // row that is not used is no error.
    const rows: Transaction[] = [];
    const used: number[] = [];
    for (let i = 0; i < log.length; i++) {
      if (inWindow[i] === 0) continue;
      rows.push(transactionAt(log, i));
      used.push(i);
    }
    const converted = convertCurrency(rows, conversion.rates, {
      to: conversion.to,
      ...(conversion.defaultCurrency === undefined
        ? {}
        : { defaultCurrency: conversion.defaultCurrency }),
      onMissingRate: 'throw',
    });
    const amounts = new Float64Array(log.length);
    for (let k = 0; k < used.length; k++) amounts[used[k]!] = converted.transactions[k]!.amount;
    const to = converted.report.to;
    return { amounts, currencyOfGroup: Array.from({ length: groups }, () => to) };
  }
  // Distinct currencies, per group and overall, among the rows used.
  const perGroup: (string | undefined)[] = Array.from({ length: groups }, () => undefined);
  const seen: string[] = [];
  for (let i = 0; i < log.length; i++) {
    if (inWindow[i] === 0) continue;
    const raw = textAt(fn, 'transactions', log, 'currency', i);
    if (raw === undefined) continue;
    const currency = raw.trim().toUpperCase();
    if (!seen.includes(currency)) seen.push(currency);
    perGroup[groupOf[i]!] ??= currency;
  }
  if (seen.length > 1 && by !== 'currency') {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `${fn}: the transactions hold several currencies (${seen.sort().join(', ')}) and money cannot be added across them: convert first with convertCurrency(transactions, rates, { to }), or pass options.currency = { to, rates }`,
        undefined,
        'currency',
        seen,
      ),
    );
  }
  const single = seen.length === 1 ? seen[0] : undefined;
  const currencyOfGroup = perGroup.map((c) => (by === 'currency' ? c : single));
  return { amounts: log.amount, currencyOfGroup };
}
