export type { FromRowsOptions, SummaryColumnsInput, SummaryRow } from './columns.js';
export { fromRows, summaryFromColumns, toRows } from './columns.js';
export type { SummarizeOptions, Summarizer } from './summarize.js';
export {
  createSummarizer,
  mergeSummarizers,
  SUMMARIZE_DEFAULTS,
  summarizeTransactions,
} from './summarize.js';
export type { CustomerSummary, SummaryColumn, SummaryMode, SummaryReport } from './types.js';
export { SUMMARY_COLUMNS } from './types.js';
