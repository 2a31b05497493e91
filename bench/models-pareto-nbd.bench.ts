// Pareto/NBD benchmarks: the CDNOW fit and the fit on the benchmark log (1,000,000 customers;
// 10,000 in smoke mode), in elapsed weeks (about one distinct row per customer: no collapsing)
// and in calendar weeks (identical rows collapse). Called by the bench runner:
// benchParetoNbd(smoke).
//
// The benchmark log is simulated from a BG/NBD process (r .9, α 30, a .8, b 2.5 per day), so the
// Pareto/NBD fit is a mis-specified but well-behaved one (about r 1.4, α 9.0, s 1.4, β 48 per
// week on the elapsed summary).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitParetoNbd, type ParetoNbdFit } from '../src/models/pareto-nbd/index.js';
import {
  type CustomerSummary,
  summarizeTransactions,
  summaryFromColumns,
} from '../src/summary/index.js';
import { benchmarkLog, OBSERVATION_END } from './cases/common.js';

/** One measured step. */
export interface ParetoNbdBenchResult {
  readonly name: string;
  readonly rows: number;
  readonly ms: number;
  readonly rowsPerSecond: number;
  readonly target?: string;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.CLVKIT_DATA ?? join(root, '..', 'shared', 'data');

function cdnowSummary(): CustomerSummary | undefined {
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

function summaries(customers: number): { elapsed: CustomerSummary; calendar: CustomerSummary } {
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
function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}

/** Wall time of one run of `action`, in ms. */
function timeOnce(action: () => unknown): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

function result(name: string, rows: number, ms: number, target?: string): ParetoNbdBenchResult {
  const out = {
    name,
    rows,
    ms: Math.round(ms * 10) / 10,
    rowsPerSecond: Math.round((rows / ms) * 1000),
  };
  return target === undefined ? out : { ...out, target };
}

/**
 * Runs the Pareto/NBD benchmarks once each (after a warm-up fit, so that the timings are of
 * optimised code). Smoke mode: 10,000 customers.
 */
export async function benchParetoNbd(smoke: boolean): Promise<ParetoNbdBenchResult[]> {
  const customers = smoke ? 10_000 : 1_000_000;
  const results: ParetoNbdBenchResult[] = [];

  const cdnow = cdnowSummary();
  if (cdnow !== undefined) {
    fitParetoNbd(cdnow); // warm-up
    results.push(
      result(
        'Pareto/NBD fit, CDNOW (2,357 customers, weeks)',
        2357,
        timeOnce(() => fitParetoNbd(cdnow)),
      ),
    );
  }

  // The log itself is dropped once summarised, so that collecting it does not land in a timing.
  const { elapsed, calendar } = summaries(customers);
  settle();
  // Warm-up on a slice (the likelihood code is the same; a full warm-up fit would double the run).
  fitParetoNbd(
    summaryFromColumns({
      ids: elapsed.ids.slice(0, 20_000),
      frequency: elapsed.frequency.subarray(0, 20_000),
      recency: elapsed.recency.subarray(0, 20_000),
      T: elapsed.T.subarray(0, 20_000),
      unit: elapsed.unit,
    }),
  );
  settle();
  let fit: ParetoNbdFit | undefined;
  const fitMs = timeOnce(() => {
    fit = fitParetoNbd(elapsed);
  });
  results.push(
    result(
      `Pareto/NBD fit, elapsed weeks (${fit!.diagnostics.distinctRows.toLocaleString('en-US')} rows evaluated)`,
      elapsed.ids.length,
      fitMs,
      smoke ? undefined : '≤ 4 s',
    ),
  );
  let calendarFit: ParetoNbdFit | undefined;
  const calendarMs = timeOnce(() => {
    calendarFit = fitParetoNbd(calendar);
  });
  results.push(
    result(
      `Pareto/NBD fit, calendar weeks (${calendarFit!.diagnostics.distinctRows.toLocaleString('en-US')} distinct rows)`,
      calendar.ids.length,
      calendarMs,
    ),
  );
  return results;
}
