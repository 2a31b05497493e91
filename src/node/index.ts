/**
 * Node.js-only entry point of clvkit (`clvkit/node`): read transaction logs from CSV files by
 * streaming them. The rest of the library is imported from `clvkit`.
 *
 * @packageDocumentation
 */
export type { TransactionBatch } from './csv-file.js';
export type {
  ReadTransactionsCsvOptions,
  StreamTransactionsCsvOptions,
} from './options.js';
export { READ_TRANSACTIONS_CSV_DEFAULTS, STREAM_TRANSACTIONS_CSV_DEFAULTS } from './options.js';
export { readTransactionsCsv } from './read-transactions-csv.js';
