/**
 * CSV reading benchmark: stream, parse and validate a file with readTransactionsCsv.
 *   tsx bench/cases/read-csv.ts <path>
 */
import { statSync } from 'node:fs';
import { readTransactionsCsv } from '../../src/node/index.js';
import { type CaseResult, peakRssMb } from './common.js';

const path = process.argv[2]!;
const t0 = performance.now();
const { transactions, rejected } = await readTransactionsCsv(path, { onInvalid: 'collect' });
const ms = performance.now() - t0;
if (rejected.length > 0) throw new Error(`unexpected rejected rows: ${rejected.length}`);
const result: CaseResult = {
  name: `readTransactionsCsv (${(statSync(path).size / 1e6).toFixed(0)} MB file, ISO date-times)`,
  rows: transactions.length,
  ms,
  rowsPerSecond: transactions.length / (ms / 1000),
  peakRssMb: peakRssMb(),
  note: 'one run; parsed, validated, Transaction objects held in memory',
  target: '≤ 6 s',
};
console.log(JSON.stringify(result));
