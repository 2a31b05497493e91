/**
 * Writes the benchmark log as CSV (customer_id,date,amount with ISO date-times):
 *   tsx bench/cases/write-csv.ts <customers> <path>
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { benchmarkLog } from './common.js';

const customers = Number(process.argv[2] ?? 1_000_000);
const path = process.argv[3]!;
const log = benchmarkLog(customers);
const out = createWriteStream(path);
out.write('customer_id,date,amount\n');
let chunk: string[] = [];
for (let i = 0; i < log.customerId.length; i++) {
  chunk.push(
    `${log.customerId[i]},${new Date(log.date[i]!).toISOString()},${log.amount[i]!.toFixed(2)}`,
  );
  if (chunk.length === 10_000) {
    if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
    chunk = [];
  }
}
out.write(chunk.length > 0 ? `${chunk.join('\n')}\n` : '');
out.end();
await once(out, 'finish');
console.log(JSON.stringify({ rows: log.customerId.length }));
