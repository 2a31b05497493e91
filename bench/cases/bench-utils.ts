// Helpers shared by the in-process benchmark modules (bench/*.bench.ts): the result shape, the
// CDNOW summary, the benchmark log's summaries, timing and garbage collection between cases.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CustomerSummary,
  summarizeTransactions,
  summaryFromColumns,
} from '../../src/summary/index.js';
import { benchmarkLog, OBSERVATION_END } from './common.js';

/** One measured step. */
export interface BenchResult {
  readonly name: string;
  readonly rows: number;
  readonly ms: number;
  readonly rowsPerSecond: number;
  readonly target?: string;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = process.env.CLVKIT_DATA ?? join(root, '..', 'shared', 'data');

/** cdnow_customers_summary.csv as a weekly summary, or undefined without the data folder. */
export function cdnowSummary(): CustomerSummary | undefined {
  const file = join(dataDir, 'cdnow_customers_summary.csv');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  const ids: string[] = [];
  const frequency: number[] = [];
  const recency: number[] = [];
  const T: number[] = [];
  for (const line of lines) {
    const [id, x, tx, age] = line.split(',');
    ids.push(id!);
    frequency.push(Number(x));
    recency.push(Number(tx));
    T.push(Number(age));
  }
  return summaryFromColumns({ ids, frequency, recency, T, unit: 'week' });
}

/** The benchmark log summarised in elapsed and in calendar weeks (the log itself is dropped). */
export function weeklySummaries(customers: number): {
  elapsed: CustomerSummary;
  calendar: CustomerSummary;
} {
  const log = benchmarkLog(customers);
  return {
    elapsed: summarizeTransactions(log, { unit: 'week', observationEnd: OBSERVATION_END }),
    calendar: summarizeTransactions(log, {
      unit: 'week',
      mode: 'calendar',
      observationEnd: OBSERVATION_END,
    }),
  };
}

/** Runs a full collection when the runtime exposes one (node --expose-gc). */
export function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}

/** Wall time of one run of `action`, in ms. */
export function timeOnce(action: () => unknown): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

/** A {@link BenchResult} with the rate filled in. */
export function result(name: string, rows: number, ms: number, target?: string): BenchResult {
  const out = {
    name,
    rows,
    ms: Math.round(ms * 10) / 10,
    rowsPerSecond: Math.round((rows / ms) * 1000),
  };
  return target === undefined ? out : { ...out, target };
}
