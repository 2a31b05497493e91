import { ClvError, issueOf } from '../errors/index.js';
import { StringIndex } from '../internal/string-index.js';
import type { CustomerSummary } from '../summary/types.js';
import { convertDuration, millisecondsPerUnit, type TimeUnit } from '../time/index.js';
import {
  type LogView,
  type ObservationWindowOptions,
  OrderCounter,
  optionsObject,
  readLog,
  resolvePeriod,
  resolveWindow,
  retentionCounts,
  type TransactionLog,
} from './log.js';
import {
  CompensatedSum,
  checkObject,
  churnRateOf,
  invalidArgument,
  nonNegative,
  positive,
  transitionsOf,
} from './shared.js';

/** Input of {@link averageOrderValue}. */
export interface AverageOrderValueInput {
  /** Revenue of the orders (≥ 0). */
  readonly revenue: number;
  /** Number of orders (> 0). */
  readonly orders: number;
}

/**
 * Average order value: revenue / orders. O(1).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` naming `revenue` (NaN, infinite or negative) or `orders`
 * (NaN, infinite, ≤ 0).
 * @example
 * ```ts
 * import { averageOrderValue } from 'clvkit';
 * averageOrderValue({ revenue: 1200, orders: 40 }); // 30
 * ```
 */
export function averageOrderValue(input: AverageOrderValueInput): number {
  const fn = 'averageOrderValue';
  checkObject(fn, 'input', input, 'argument');
  const revenue = nonNegative(fn, 'revenue', input.revenue);
  const orders = positive(fn, 'orders', input.orders);
  return revenue / orders;
}

/** Input of {@link purchaseFrequency}. */
export interface PurchaseFrequencyInput {
  /** Number of orders (≥ 0). */
  readonly orders: number;
  /** Number of distinct customers who placed them (> 0). */
  readonly customers: number;
  /** How many periods the counts cover (> 0); default 1. */
  readonly periods?: number;
}

/**
 * Purchase frequency: orders per customer per period, orders / customers / periods. O(1).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` naming `orders` (negative), `customers` (≤ 0) or
 * `periods` (≤ 0); NaN and infinities anywhere.
 * @example
 * ```ts
 * import { purchaseFrequency } from 'clvkit';
 * purchaseFrequency({ orders: 120, customers: 40 }); // 3 orders per customer per period
 * purchaseFrequency({ orders: 120, customers: 40, periods: 2 }); // 1.5 (the counts cover 2 periods)
 * ```
 */
export function purchaseFrequency(input: PurchaseFrequencyInput): number {
  const fn = 'purchaseFrequency';
  checkObject(fn, 'input', input, 'argument');
  const orders = nonNegative(fn, 'orders', input.orders);
  const customers = positive(fn, 'customers', input.customers);
  const periods = input.periods === undefined ? 1 : positive(fn, 'periods', input.periods);
  return orders / customers / periods;
}

/** Input of {@link customerLifetime}. */
export interface CustomerLifetimeInput {
  /** Share of customers lost per period, in (0, 1]. */
  readonly churnRate: number;
}

/**
 * Expected customer lifetime in periods, 1 / churn rate: the mean of a geometric lifetime where
 * a customer churns each period with probability `churnRate`. O(1).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` naming `churnRate` when it is NaN, ≤ 0 or > 1.
 * @example
 * ```ts
 * import { customerLifetime } from 'clvkit';
 * customerLifetime({ churnRate: 0.25 }); // 4 periods
 * ```
 */
export function customerLifetime(input: CustomerLifetimeInput): number {
  const fn = 'customerLifetime';
  checkObject(fn, 'input', input, 'argument');
  return 1 / churnRateOf(fn, 'churnRate', input.churnRate);
}

/** Result of {@link averageOrderValueFromSummary} and {@link averageOrderValueFromTransactions}. */
export interface AverageOrderValueResult {
  /** Revenue / orders. */
  readonly averageOrderValue: number;
  /** Total revenue (compensated sum). */
  readonly revenue: number;
  /** Orders counted. */
  readonly orders: number;
  /** Customers with at least one order. */
  readonly customers: number;
}

function checkSummary(fn: string, summary: unknown): asserts summary is CustomerSummary {
  if (
    summary === null ||
    typeof summary !== 'object' ||
    (summary as { kind?: unknown }).kind !== 'customer-summary'
  ) {
    invalidArgument(fn, 'summary', summary, 'must be a CustomerSummary (summarizeTransactions)');
  }
}

function summaryColumn(
  fn: string,
  summary: CustomerSummary,
  name: 'orders' | 'totalSpend',
): Float64Array {
  const column = summary[name];
  if (column === undefined) {
    throw new ClvError(
      issueOf(
        'MISSING_COLUMN',
        `${fn}: the summary has no ${name} column (build it with summarizeTransactions, or give ${name} to summaryFromColumns)`,
        undefined,
        name,
      ),
    );
  }
  return column;
}

function emptyInput(fn: string, arg: string, what: string): never {
  throw new ClvError(issueOf('EMPTY_INPUT', `${fn}: ${arg} ${what}`, undefined, arg));
}

/**
 * Average order value of a customer summary: Σ totalSpend / Σ orders over all customers (its
 * window). O(n), compensated sums.
 *
 * @throws {ClvError} `MISSING_COLUMN` when the summary lacks `orders` or `totalSpend`;
 * `EMPTY_INPUT` when it holds no order; `INVALID_ARGUMENT` for a negative or NaN entry.
 * @example
 * ```ts
 * import { averageOrderValueFromSummary, summarizeTransactions } from 'clvkit';
 * const summary = summarizeTransactions(
 *   [
 *     { customerId: 'a', date: new Date('2024-01-01'), amount: 10 },
 *     { customerId: 'a', date: new Date('2024-02-01'), amount: 30 },
 *     { customerId: 'b', date: new Date('2024-03-01'), amount: 20 },
 *   ],
 *   { unit: 'month', observationEnd: new Date('2024-04-01') },
 * );
 * averageOrderValueFromSummary(summary).averageOrderValue; // 20
 * ```
 */
export function averageOrderValueFromSummary(summary: CustomerSummary): AverageOrderValueResult {
  const fn = 'averageOrderValueFromSummary';
  checkSummary(fn, summary);
  const orders = summaryColumn(fn, summary, 'orders');
  const spend = summaryColumn(fn, summary, 'totalSpend');
  const orderTotal = new CompensatedSum();
  const revenue = new CompensatedSum();
  let customers = 0;
  for (let i = 0; i < orders.length; i++) {
    const o = nonNegative(fn, `orders[${i}]`, orders[i]);
    revenue.add(nonNegative(fn, `totalSpend[${i}]`, spend[i]));
    orderTotal.add(o);
    if (o > 0) customers++;
  }
  if (orderTotal.value === 0) emptyInput(fn, 'summary', 'holds no order');
  return {
    averageOrderValue: revenue.value / orderTotal.value,
    revenue: revenue.value,
    orders: orderTotal.value,
    customers,
  };
}

/**
 * Options of {@link averageOrderValueFromTransactions}: the observation window (default: the
 * log's first to last transaction, so there is no defaults constant).
 */
export type AverageOrderValueFromTransactionsOptions = ObservationWindowOptions;

/** Per-log totals inside a window. */
interface LogTotals {
  readonly revenue: number;
  readonly orders: number;
  readonly customers: number;
  readonly used: number;
}

function logTotals(log: LogView, start: number, end: number): LogTotals {
  const revenue = new CompensatedSum();
  const customers = new StringIndex();
  const counter = new OrderCounter();
  let orders = 0;
  let used = 0;
  for (let i = 0; i < log.length; i++) {
    const t = log.time[i]!;
    if (t < start || t > end) continue;
    used++;
    const c = customers.add(log.customerId[i]!);
    revenue.add(log.amount[i]!);
    if (counter.isNew(String(c), log.orderId?.[i])) orders++;
  }
  return { revenue: revenue.value, orders, customers: customers.size, used };
}

/**
 * Average order value of a transaction log inside an observation window: revenue / orders, where
 * orders are distinct (customer, order id) pairs and each row without an order id is one order
 * (as the summary's `orders` column counts). O(n).
 *
 * @throws {ClvError} `EMPTY_INPUT` when no transaction falls in the window; row errors
 * (`INVALID_ID`, `INVALID_DATE`, `INVALID_AMOUNT`, `NEGATIVE_AMOUNT`: run `netRefunds` first);
 * `INVALID_OPTION` for a bad window.
 * @example
 * ```ts
 * import { averageOrderValueFromTransactions } from 'clvkit';
 * averageOrderValueFromTransactions([
 *   { customerId: 'a', date: new Date('2024-01-01'), amount: 10, orderId: 'o1' },
 *   { customerId: 'a', date: new Date('2024-01-01'), amount: 5, orderId: 'o1' },
 *   { customerId: 'b', date: new Date('2024-01-02'), amount: 15 },
 * ]).averageOrderValue; // 15 (30 over 2 orders)
 * ```
 */
export function averageOrderValueFromTransactions(
  transactions: TransactionLog,
  options?: AverageOrderValueFromTransactionsOptions,
): AverageOrderValueResult {
  const fn = 'averageOrderValueFromTransactions';
  const opts = optionsObject(fn, options);
  const log = readLog(fn, 'transactions', transactions);
  const window = resolveWindow(fn, 'transactions', log, opts);
  const totals = logTotals(log, window.start, window.end);
  if (totals.orders === 0) emptyInput(fn, 'transactions', 'holds no transaction in the window');
  return {
    averageOrderValue: totals.revenue / totals.orders,
    revenue: totals.revenue,
    orders: totals.orders,
    customers: totals.customers,
  };
}

/** Result of {@link purchaseFrequencyFromSummary} and {@link purchaseFrequencyFromTransactions}. */
export interface PurchaseFrequencyResult {
  /** Orders per customer per `period` `unit`s. */
  readonly purchaseFrequency: number;
  /** Orders counted in the window. */
  readonly orders: number;
  /** Customers in the window. */
  readonly customers: number;
  /** Length of the window, in `unit`. */
  readonly windowLength: number;
  /** The period length the frequency is expressed per, in `unit`. */
  readonly period: number;
  readonly unit: TimeUnit;
  /** What was counted: orders, or purchase events (frequency + 1) when a summary has no `orders`. */
  readonly counted: 'orders' | 'purchase-events';
}

/** Options of {@link purchaseFrequencyFromSummary}; defaults in {@link PURCHASE_FREQUENCY_DEFAULTS}. */
export interface PurchaseFrequencyFromSummaryOptions {
  /** Length of the period the frequency is expressed per, in `unit`; default 1. */
  readonly period?: number;
  /** Time unit of `period` and `windowLength` (required). */
  readonly unit: TimeUnit;
  /**
   * Length of the window the summary covers, in `unit`. Default: the largest `T` of the summary
   * (the earliest first purchase to the window end), converted from the summary's unit.
   */
  readonly windowLength?: number;
}

/** Defaults of the per-period options of the building blocks. */
export const PURCHASE_FREQUENCY_DEFAULTS = Object.freeze({ period: 1 } as const);

/**
 * Purchase frequency of a customer summary: Σ orders / customers / (window length / period),
 * i.e. orders per customer per period. Counts the `orders` column, or purchase events
 * (`frequency` + 1) when the summary has none (the result says which). O(n).
 *
 * @throws {ClvError} `INVALID_OPTION` for a missing unit or a period ≤ 0; `EMPTY_INPUT` for an
 * empty summary; `INVALID_ARGUMENT` when the window has no length (give `windowLength`).
 * @example
 * ```ts
 * import { purchaseFrequencyFromSummary, summaryFromColumns } from 'clvkit';
 * const summary = summaryFromColumns({
 *   ids: ['a', 'b'], unit: 'month',
 *   frequency: [2, 0], recency: [10, 0], T: [12, 6], orders: [3, 1], totalSpend: [90, 20],
 * });
 * const result = purchaseFrequencyFromSummary(summary, { period: 1, unit: 'year' });
 * result.purchaseFrequency; // 2 (4 orders, 2 customers, a 1-year window)
 * ```
 */
export function purchaseFrequencyFromSummary(
  summary: CustomerSummary,
  options: PurchaseFrequencyFromSummaryOptions,
): PurchaseFrequencyResult {
  const fn = 'purchaseFrequencyFromSummary';
  checkSummary(fn, summary);
  const opts = optionsObject(fn, options);
  const { period, unit } = resolvePeriod(fn, opts, PURCHASE_FREQUENCY_DEFAULTS.period);
  const n = summary.ids.length;
  if (n === 0) emptyInput(fn, 'summary', 'holds no customer');
  const total = new CompensatedSum();
  const counted = summary.orders === undefined ? 'purchase-events' : 'orders';
  let longestT = 0;
  for (let i = 0; i < n; i++) {
    if (summary.orders !== undefined) total.add(nonNegative(fn, `orders[${i}]`, summary.orders[i]));
    else total.add(nonNegative(fn, `frequency[${i}]`, summary.frequency[i]) + 1);
    const T = nonNegative(fn, `T[${i}]`, summary.T[i]);
    if (T > longestT) longestT = T;
  }
  const windowLength =
    opts.windowLength === undefined
      ? convertDuration(longestT, summary.unit, unit)
      : positive(fn, 'windowLength', opts.windowLength, 'option');
  if (windowLength === 0) {
    invalidArgument(
      fn,
      'summary',
      'T = 0',
      'covers no time (every T is 0): state the window with options.windowLength',
    );
  }
  return {
    purchaseFrequency: total.value / n / (windowLength / period),
    orders: total.value,
    customers: n,
    windowLength,
    period,
    unit,
    counted,
  };
}

/** Options of {@link purchaseFrequencyFromTransactions}; defaults in {@link PURCHASE_FREQUENCY_DEFAULTS}. */
export interface PurchaseFrequencyFromTransactionsOptions extends ObservationWindowOptions {
  /** Length of the period the frequency is expressed per, in `unit`; default 1. */
  readonly period?: number;
  /** Time unit of `period` (required). */
  readonly unit: TimeUnit;
}

/** Result of {@link purchaseFrequencyFromTransactions}: {@link PurchaseFrequencyResult} and its window. */
export interface PurchaseFrequencyFromTransactionsResult extends PurchaseFrequencyResult {
  readonly observationStart: Date;
  readonly observationEnd: Date;
}

/**
 * Purchase frequency of a transaction log: orders / customers / (window length / period), over
 * the observation window (default: first to last transaction; state it when the log's edges are
 * not the window's). Orders are counted as in {@link averageOrderValueFromTransactions}. O(n).
 *
 * @throws {ClvError} `INVALID_OPTION` for a missing unit, a period ≤ 0 or a bad window;
 * `EMPTY_INPUT` when no transaction falls in the window; `INVALID_ARGUMENT` when the window has
 * no length; row errors as in {@link averageOrderValueFromTransactions}.
 * @example
 * ```ts
 * import { purchaseFrequencyFromTransactions } from 'clvkit';
 * const result = purchaseFrequencyFromTransactions(
 *   [
 *     { customerId: 'a', date: new Date('2024-01-01'), amount: 10 },
 *     { customerId: 'a', date: new Date('2024-07-01'), amount: 10 },
 *     { customerId: 'b', date: new Date('2024-03-01'), amount: 10 },
 *   ],
 *   { period: 1, unit: 'year', observationStart: new Date('2024-01-01'), observationEnd: new Date('2025-01-01') },
 * );
 * result.purchaseFrequency; // 1.4969262295081966 (3 orders / 2 customers / (366 days / 365.25))
 * ```
 */
export function purchaseFrequencyFromTransactions(
  transactions: TransactionLog,
  options: PurchaseFrequencyFromTransactionsOptions,
): PurchaseFrequencyFromTransactionsResult {
  const fn = 'purchaseFrequencyFromTransactions';
  const opts = optionsObject(fn, options);
  const { period, unit } = resolvePeriod(fn, opts, PURCHASE_FREQUENCY_DEFAULTS.period);
  const log = readLog(fn, 'transactions', transactions);
  const window = resolveWindow(fn, 'transactions', log, opts);
  const totals = logTotals(log, window.start, window.end);
  if (totals.used === 0) emptyInput(fn, 'transactions', 'holds no transaction in the window');
  const windowLength = (window.end - window.start) / millisecondsPerUnit(unit);
  if (windowLength === 0) {
    invalidArgument(
      fn,
      'transactions',
      new Date(window.start),
      'span no time (all at one instant): state the window with observationStart and observationEnd',
    );
  }
  return {
    purchaseFrequency: totals.orders / totals.customers / (windowLength / period),
    orders: totals.orders,
    customers: totals.customers,
    windowLength,
    period,
    unit,
    counted: 'orders',
    observationStart: new Date(window.start),
    observationEnd: new Date(window.end),
  };
}

/** Options of {@link customerLifetimeFromTransactions}; defaults in {@link CUSTOMER_LIFETIME_DEFAULTS}. */
export interface CustomerLifetimeFromTransactionsOptions {
  /** Length of a period, in `unit`; default 1. */
  readonly period?: number;
  /** Time unit of `period` (required). */
  readonly unit: TimeUnit;
  /** End of the last period (inclusive). Default: the last transaction. */
  readonly observationEnd?: Date;
  /** Consecutive period-to-period transitions pooled, counting back from the end: 1..1000; default 1. */
  readonly transitions?: number;
}

/** Defaults of {@link CustomerLifetimeFromTransactionsOptions}. */
export const CUSTOMER_LIFETIME_DEFAULTS = Object.freeze({ period: 1, transitions: 1 } as const);

/** Result of {@link customerLifetimeFromTransactions}. */
export interface CustomerLifetimeResult {
  /** Expected lifetime, in periods: 1 / churnRate. */
  readonly lifetime: number;
  /** 1 − retention. */
  readonly churnRate: number;
  /** retainedCustomers / activeCustomers. */
  readonly retention: number;
  /** Customers active in an earlier period of a transition (summed over transitions). */
  readonly activeCustomers: number;
  /** Of those, customers also active in the following period. */
  readonly retainedCustomers: number;
  readonly period: number;
  readonly unit: TimeUnit;
  readonly observationEnd: Date;
}

/**
 * Customer lifetime from a transaction log through period-to-period retention: with end E and
 * period P, a customer who bought in (E − 2P, E − P] is retained when they also bought in
 * (E − P, E]; retention = retained / active, churn = 1 − retention, lifetime = 1 / churn periods.
 * With `transitions: K`, the K transitions ending at E are pooled (Σ retained / Σ active). O(n).
 *
 * @throws {ClvError} `EMPTY_INPUT` when nobody bought in the earlier period(s);
 * `INVALID_ARGUMENT` when every such customer was retained (no churn observed: the lifetime is
 * unbounded, give a churn rate instead); `INVALID_OPTION` for a missing unit, a period ≤ 0, or
 * transitions not a whole number ≥ 1.
 * @example
 * ```ts
 * import { customerLifetimeFromTransactions } from 'clvkit';
 * const day = (d: string) => new Date(`2024-${d}T00:00:00Z`);
 * const result = customerLifetimeFromTransactions(
 *   [
 *     { customerId: 'a', date: day('01-10'), amount: 5 },
 *     { customerId: 'a', date: day('02-10'), amount: 5 },
 *     { customerId: 'b', date: day('01-12'), amount: 5 },
 *   ],
 *   { unit: 'month', observationEnd: day('02-28') },
 * );
 * result.retention; // 0.5 (a came back, b did not)
 * result.lifetime; // 2 months
 * ```
 */
export function customerLifetimeFromTransactions(
  transactions: TransactionLog,
  options: CustomerLifetimeFromTransactionsOptions,
): CustomerLifetimeResult {
  const fn = 'customerLifetimeFromTransactions';
  const opts = optionsObject(fn, options);
  const { period, unit, periodMs } = resolvePeriod(fn, opts, CUSTOMER_LIFETIME_DEFAULTS.period);
  const transitions = transitionsOf(fn, opts.transitions ?? CUSTOMER_LIFETIME_DEFAULTS.transitions);
  const log = readLog(fn, 'transactions', transactions);
  const { end } = resolveWindow(fn, 'transactions', log, {
    // Only the end matters here: a start equal to it skips the scan for the first transaction.
    observationStart: opts.observationEnd,
    observationEnd: opts.observationEnd,
  });
  const { active, retained } = retentionCounts(log, undefined, 1, end, periodMs, transitions);
  const activeCustomers = active[0]!;
  const retainedCustomers = retained[0]!;
  if (activeCustomers === 0) {
    emptyInput(
      fn,
      'transactions',
      `has no customer active in the ${transitions} period(s) before the last one`,
    );
  }
  const retention = retainedCustomers / activeCustomers;
  if (retention === 1) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `${fn}: transactions show no churn: all ${activeCustomers} customers active in the earlier period(s) came back, so the lifetime is unbounded (pool more transitions, or give a churn rate)`,
        undefined,
        'transactions',
        retention,
      ),
    );
  }
  return {
    lifetime: 1 / (1 - retention),
    churnRate: 1 - retention,
    retention,
    activeCustomers,
    retainedCustomers,
    period,
    unit,
    observationEnd: new Date(end),
  };
}
