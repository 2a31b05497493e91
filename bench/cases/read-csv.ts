/**
 * CSV reading benchmark: stream, parse and validate a file with readTransactionsCsv.
 *   tsx bench/cases/read-csv.ts <path>
 */
import { statSync } from 'node:fs';
import { readTransactionsCsv } from '../../src/node/index.js';
import { type CaseResult, peakRssMb } from './common.js';

const path = process.argv[2]!;
const output = (process.argv[3] ?? 'objects') as 'objects' | 'columns';
const t0 = performance.now();
const result0 = await readTransactionsCsv(path, { onInvalid: 'collect', output });
const ms = performance.now() - t0;
if (result0.rejected.length > 0)
  throw new Error(`unexpected rejected rows: ${result0.rejected.length}`);
const rows = 'columns' in result0 ? result0.columns.customerId.length : result0.transactions.length;
const result: CaseResult = {
  name: `readTransactionsCsv (${(statSync(path).size / 1e6).toFixed(0)} MB file, ISO date-times, output: '${output}')`,
  rows,
  ms,
  rowsPerSecond: rows / (ms / 1000),
  peakRssMb: peakRssMb(),
  note: 'one run; parsed and validated, all rows held in memory',
  target: '≤ 6 s',
};
console.log(JSON.stringify(result));
