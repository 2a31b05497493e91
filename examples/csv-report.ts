/**
 * CSV → report: the journey of an analyst with an export of orders. Writes a simulated order
 * export (customer_id, date, amount, channel) to a folder, then runs the command line on it:
 *
 *   clvkit report orders.csv --observation-end 2024-12-31 --unit week \
 *     --calibration-end 2024-09-30 --model auto --margin 0.3 --discount-rate 0.1 --cac 20 \
 *     --out report/
 *
 * (after `npm run build`, `npx clvkit …`; here the same CLI runs in-process from the sources).
 * Open report/report.html in a browser: it works offline.
 *
 * Run: npx tsx examples/csv-report.ts [output folder]
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/main.js';
import { simulateTransactions } from '../src/index.js';

const folder = process.argv[2] ?? join(tmpdir(), 'clvkit-csv-report');
mkdirSync(folder, { recursive: true });

// Two years of orders from 5,000 customers, as a shop system would export them.
const { transactions } = simulateTransactions({
  customers: 5000,
  start: new Date('2023-01-02T00:00:00Z'),
  horizon: 104,
  unit: 'week',
  bgNbd: { r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 },
  gammaGamma: { p: 6, q: 4, v: 15 },
  acquisition: { window: 26 },
  seed: 'csv-report',
});
const channels = ['web', 'app', 'store'];
const lines = transactions.map(
  (t, i) =>
    `${t.customerId},${t.date.toISOString().slice(0, 10)},${t.amount.toFixed(2)},${channels[i % 3]}`,
);
const csv = join(folder, 'orders.csv');
writeFileSync(csv, `customer_id,date,amount,channel\n${lines.join('\n')}\n`);
console.log(`wrote ${csv} (${transactions.length} orders)`);

const out = join(folder, 'report');
let json = '';
const code = await runCli(
  [
    'report',
    csv,
    '--observation-end',
    '2024-12-30',
    '--unit',
    'week',
    '--calibration-end',
    '2024-09-30',
    '--model',
    'auto',
    '--margin',
    '0.3',
    '--discount-rate',
    '0.1',
    '--cac',
    '20',
    '--out',
    out,
    '--json',
    '--quiet',
  ],
  {
    stdout: { write: (chunk: string) => (json += chunk) },
    stderr: process.stderr,
    env: process.env,
  },
);
const result = JSON.parse(json);
if (result.customers === undefined) throw new Error(`clvkit report failed (exit ${code}): ${json}`);
console.log(
  `exit code ${code}: ${result.customers} customers, revenue €${result.revenue.toFixed(0)}`,
);
console.log(`model: ${result.modelComparison.reason}`);
console.log(
  `predicted 12-month CLV (30 % margin, 10 % a year): mean €${result.meanClv.toFixed(2)}, total €${result.totalClv.toFixed(0)}; CLV:CAC ${result.clvToCac.ratio.toFixed(2)} (${result.clvToCac.band})`,
);
console.log(
  `holdout: ${result.holdout.predictedTotal.toFixed(0)} repeat purchases predicted, ${result.holdout.actualTotal} made`,
);
for (const file of ['report.html', 'customers.csv', 'model.json'])
  console.log(`  ${join(out, file)} (${(statSync(join(out, file)).size / 1024).toFixed(0)} KB)`);
const header = readFileSync(join(out, 'customers.csv'), 'utf8').split('\n', 1)[0];
console.log(`customers.csv columns: ${header}`);
if (code !== 0) process.exitCode = code;
