/**
 * Summarising benchmark, run in its own process so that its peak memory is its own:
 *   tsx bench/cases/summarize.ts <customers> <elapsed|calendar> <columns|objects>
 */
import { fromTransactionColumns, summarizeTransactions } from '../../src/index.js';
import { benchmarkLog, type CaseResult, OBSERVATION_END, peakRssMb, time } from './common.js';

const customers = Number(process.argv[2] ?? 1_000_000);
const mode = (process.argv[3] ?? 'elapsed') as 'elapsed' | 'calendar';
const input = (process.argv[4] ?? 'columns') as 'columns' | 'objects';

const columns = benchmarkLog(customers);
const rows = columns.customerId.length;
const log = input === 'objects' ? fromTransactionColumns(columns) : columns;
let summarized = 0;
const { best, median } = time(() => {
  summarized = summarizeTransactions(log, { unit: 'week', mode, observationEnd: OBSERVATION_END })
    .ids.length;
}, 3);
const result: CaseResult = {
  name: `summarizeTransactions (${mode} weeks, ${input === 'columns' ? 'TransactionColumns' : 'Transaction[] objects'})`,
  rows,
  customers: summarized,
  ms: best,
  medianMs: median,
  rowsPerSecond: rows / (best / 1000),
  peakRssMb: peakRssMb(),
  note: 'peak RSS of the whole process, including the simulated log itself',
  target: input === 'columns' ? '≤ 1.5 s, ≤ 1.5 GB' : '',
};
console.log(JSON.stringify(result));
