export type { ColumnMapping, ResolvedColumns } from './columns.js';
export { DEFAULT_COLUMN_CANDIDATES } from './columns.js';
export { fromTransactionColumns, toTransactionColumns } from './convert.js';
export type {
  ParseTransactionColumnsResult,
  ParseTransactionsOptions,
  ParseTransactionsResult,
  RejectedRow,
} from './parse.js';
export { PARSE_TRANSACTIONS_DEFAULTS, parseTransactions } from './parse.js';
export type { Transaction, TransactionColumns, TransactionField } from './types.js';
export { TRANSACTION_FIELDS } from './types.js';
export type { DateFormat } from './values.js';
