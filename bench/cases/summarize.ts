/**
 * Summarising benchmark, run in its own process so that its peak memory is its own:
 *   tsx bench/cases/summarize.ts <customers> <elapsed|calendar> <columns|objects> [grouped|date]
 * The log is grouped by customer (default) or the same log in date order, as real exports are.
 */
import { fromTransactionColumns, summarizeTransactions } from '../../src/index.js';
import { dateOrderedLog } from '../churn-data.bench.js';
import { benchmarkLog, type CaseResult, OBSERVATION_END, peakRssMb, time } from './common.js';

const customers = Number(process.argv[2] ?? 1_000_000);
const mode = (process.argv[3] ?? 'elapsed') as 'elapsed' | 'calendar';
const input = (process.argv[4] ?? 'columns') as 'columns' | 'objects';
const order = (process.argv[5] ?? 'grouped') as 'grouped' | 'date';
if (order !== 'grouped' && order !== 'date') throw new Error(`order must be grouped or date`);

const grouped = benchmarkLog(customers);
const columns = order === 'date' ? dateOrderedLog(grouped) : grouped;
const rows = columns.customerId.length;
const log = input === 'objects' ? fromTransactionColumns(columns) : columns;
let summarized = 0;
const { best, median } = time(() => {
  summarized = summarizeTransactions(log, { unit: 'week', mode, observationEnd: OBSERVATION_END })
    .ids.length;
}, 3);
const result: CaseResult = {
  name: `summarizeTransactions (${mode} weeks, ${input === 'columns' ? 'TransactionColumns' : 'Transaction[] objects'}${order === 'date' ? ', date order' : ''})`,
  rows,
  customers: summarized,
  ms: best,
  medianMs: median,
  rowsPerSecond: rows / (best / 1000),
  peakRssMb: peakRssMb(),
  note: 'peak RSS of the whole process, including the simulated log itself',
  target: input !== 'columns' ? '' : order === 'date' ? '≤ 2 s' : '≤ 1.5 s, ≤ 1.5 GB',
};
console.log(JSON.stringify(result));
