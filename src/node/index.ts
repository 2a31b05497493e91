/**
 * Node.js-only entry point of clvkit (`clvkit/node`): read transaction logs from CSV files by
 * streaming them, validated exactly as `parseTransactions` validates CSV text. Everything else is
 * imported from `clvkit`.
 *
 * @packageDocumentation
 * @module clvkit/node
 */
export type { TransactionBatch } from './csv-file.js';
export type {
  CsvEncoding,
  ReadTransactionsCsvOptions,
  StreamTransactionsCsvOptions,
} from './options.js';
export { READ_TRANSACTIONS_CSV_DEFAULTS, STREAM_TRANSACTIONS_CSV_DEFAULTS } from './options.js';
export type { PredictChurnParallelOptions } from './predict-parallel.js';
export { PREDICT_CHURN_PARALLEL_DEFAULTS, predictChurnParallel } from './predict-parallel.js';
export { readTransactionsCsv } from './read-transactions-csv.js';
export { loadReportAssets } from './report-assets.js';
export { streamTransactionsCsv } from './stream-transactions-csv.js';
export type {
  SummarizeTransactionsCsvOptions,
  SummarizeTransactionsCsvResult,
} from './summarize-transactions-csv.js';
export { summarizeTransactionsCsv } from './summarize-transactions-csv.js';
