export type { CleanTransactionsOptions, CleanTransactionsResult } from './clean-transactions.js';
export { cleanTransactions } from './clean-transactions.js';
export type {
  ConvertCurrencyOptions,
  ConvertCurrencyReport,
  ConvertCurrencyResult,
  CurrencyConversionTotals,
  CurrencyRate,
  RejectedTransaction,
} from './convert-currency.js';
export { CONVERT_CURRENCY_DEFAULTS, convertCurrency } from './convert-currency.js';
export type {
  DeduplicateOptions,
  DeduplicateReport,
  DeduplicateResult,
  DuplicateReason,
  RemovedDuplicate,
} from './deduplicate.js';
export { DEDUPLICATE_DEFAULTS, deduplicate } from './deduplicate.js';
export type {
  CustomerIdLink,
  MergeCustomerIdsOptions,
  MergeCustomerIdsReport,
  MergeCustomerIdsResult,
  SurvivorRule,
} from './merge-customer-ids.js';
export { MERGE_CUSTOMER_IDS_DEFAULTS, mergeCustomerIds } from './merge-customer-ids.js';
export type {
  NetRefundsOptions,
  NetRefundsReport,
  NetRefundsResult,
  UnmatchedRefundOfCustomer,
  UnmatchedRefunds,
} from './net-refunds.js';
export { NET_REFUNDS_DEFAULTS, netRefunds } from './net-refunds.js';
export type { CleaningReport } from './shared.js';
