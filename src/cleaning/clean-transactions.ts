import type { Transaction } from '../transactions/types.js';
import {
  type ConvertCurrencyOptions,
  type ConvertCurrencyReport,
  type CurrencyRate,
  convertCurrency,
  type RejectedTransaction,
} from './convert-currency.js';
import { type DeduplicateOptions, type DeduplicateReport, deduplicate } from './deduplicate.js';
import {
  type CustomerIdLink,
  type MergeCustomerIdsOptions,
  type MergeCustomerIdsReport,
  mergeCustomerIds,
} from './merge-customer-ids.js';
import { type NetRefundsOptions, type NetRefundsReport, netRefunds } from './net-refunds.js';
import { checkOptionsObject } from './shared.js';

/** Options of {@link cleanTransactions}: each step's options; a step without its inputs is skipped. */
export interface CleanTransactionsOptions {
  /** Id links for {@link mergeCustomerIds}; the step runs only when given. */
  readonly links?: readonly CustomerIdLink[];
  readonly mergeCustomerIds?: MergeCustomerIdsOptions;
  readonly deduplicate?: DeduplicateOptions;
  /** Rate table and target currency for {@link convertCurrency}; the step runs only when given. */
  readonly currency?: ConvertCurrencyOptions & { readonly rates: readonly CurrencyRate[] };
  readonly netRefunds?: NetRefundsOptions;
}

/** Result of {@link cleanTransactions}. */
export interface CleanTransactionsResult {
  readonly transactions: Transaction[];
  /** Rows set aside by currency conversion with `onMissingRate: 'collect'`. */
  readonly rejected: RejectedTransaction[];
  /** One report per step that ran, in order. */
  readonly reports: readonly (
    | MergeCustomerIdsReport
    | DeduplicateReport
    | ConvertCurrencyReport
    | NetRefundsReport
  )[];
}

/**
 * The whole cleaning step in one call, in this order: {@link mergeCustomerIds} (when `links`
 * are given, so that one person's rows meet before deduplication), {@link deduplicate},
 * {@link convertCurrency} (when `currency` is given; refunds must be netted in one currency),
 * and {@link netRefunds}. Returns the clean log and one report per step. O(n log n).
 *
 * @throws {ClvError} whatever a step throws (for example `MISSING_RATE`, or
 *   `INVALID_ARGUMENT` when refunds must be netted across several currencies without a rate table).
 * @example
 * ```ts
 * import { cleanTransactions } from 'clvkit';
 * const { transactions, reports } = cleanTransactions([
 *   { customerId: 'a', date: new Date('2024-01-01'), amount: 50, orderId: 'o1', channel: 'web' },
 *   { customerId: 'a', date: new Date('2024-01-01'), amount: 50, orderId: 'o1', channel: 'app' },
 *   { customerId: 'a', date: new Date('2024-01-03'), amount: -20, orderId: 'o1' },
 * ]);
 * transactions.map((t) => t.amount); // [30]
 * reports.map((r) => `${r.step}: ${r.rowsIn} → ${r.rowsOut}`); // ['deduplicate: 3 → 2', 'netRefunds: 2 → 1']
 * ```
 */
export function cleanTransactions(
  transactions: readonly Transaction[],
  options: CleanTransactionsOptions = {},
): CleanTransactionsResult {
  checkOptionsObject(options, 'cleanTransactions');
  const reports: CleanTransactionsResult['reports'][number][] = [];
  let current: readonly Transaction[] = transactions;
  let rejected: RejectedTransaction[] = [];
  if (options.links !== undefined) {
    const merged = mergeCustomerIds(current, options.links, options.mergeCustomerIds);
    reports.push(merged.report);
    current = merged.transactions;
  }
  const unique = deduplicate(current, options.deduplicate);
  reports.push(unique.report);
  current = unique.transactions;
  if (options.currency !== undefined) {
    const { rates, ...convertOptions } = options.currency;
    const converted = convertCurrency(current, rates, convertOptions);
    reports.push(converted.report);
    rejected = converted.rejected;
    current = converted.transactions;
  }
  const netted = netRefunds(current, options.netRefunds);
  reports.push(netted.report);
  return { transactions: netted.transactions, rejected, reports };
}
