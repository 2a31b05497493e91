// Churn data and evaluation benchmarks (issue 7): building the churn data set from the benchmark
// log (1,000,000 customers, 5.3 M transactions as columns; 10,000 customers in smoke mode) and
// evaluating 1,000,000 scores (10,000 in smoke mode). Called by the bench runner:
// benchChurnData(smoke).
//
// The data set: cutoff 2024-07-01, horizon 26 weeks, unit week (the log runs 2023-01-01 to
// 2025-01-01, so every row is labelled). Customers first buying after the cutoff have no row
// (about 820,000 rows at full size). The log is grouped by customer in id order, as many exports
// are; a log in another order (e.g. by date) takes longer: the customer index and the regrouping
// then cost random memory accesses (about 4x, as for summarizeTransactions).
import { churnDataset } from '../src/churn/dataset/index.js';
import { evaluateClassifier } from '../src/churn/evaluate/index.js';
import { fitBgNbd } from '../src/models/bg-nbd/index.js';
import { summarizeTransactions } from '../src/summary/index.js';
import { benchmarkLog } from './cases/common.js';

/** One measured step. */
export interface ChurnDataBenchResult {
  readonly name: string;
  readonly rows: number;
  readonly ms: number;
  readonly rowsPerSecond: number;
  readonly target?: string;
}

const CUTOFF = new Date('2024-07-01T00:00:00Z');

/** Runs a full collection when the runtime exposes one (node --expose-gc). */
function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}

function timeOnce(action: () => unknown): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

function result(name: string, rows: number, ms: number, target?: string): ChurnDataBenchResult {
  const out = {
    name,
    rows,
    ms: Math.round(ms * 10) / 10,
    rowsPerSecond: Math.round((rows / ms) * 1000),
  };
  return target === undefined ? out : { ...out, target };
}

/** Seeded scores and labels with label 1 drawn with probability = score (a calibrated model). */
function calibratedScores(n: number): { labels: Uint8Array; scores: Float64Array } {
  const labels = new Uint8Array(n);
  const scores = new Float64Array(n);
  let state = 2024;
  const next = () => {
    // xorshift32: a fixed, portable stream (the benchmark needs no statistical quality).
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  for (let i = 0; i < n; i++) {
    const s = next();
    scores[i] = s;
    labels[i] = next() < s ? 1 : 0;
  }
  return { labels, scores };
}

/**
 * Measures, after a warm-up on a small input, churnDataset on the benchmark log once with and once
 * without BG/NBD features, and evaluateClassifier on calibrated random scores (best of 3). The
 * machine is shared: report the load with the figures. Smoke mode: 10,000 customers and 10,000
 * scores.
 */
export async function benchChurnData(smoke: boolean): Promise<ChurnDataBenchResult[]> {
  const customers = smoke ? 10_000 : 1_000_000;
  const results: ChurnDataBenchResult[] = [];
  const options = { cutoff: CUTOFF, horizon: 26, unit: 'week' } as const;

  const warm = benchmarkLog(2_000);
  churnDataset(warm, options);
  const log = benchmarkLog(customers);
  const transactions = log.customerId.length;
  settle();
  let rows = 0;
  const ms = timeOnce(() => {
    rows = churnDataset(log, options).ids.length;
  });
  results.push(
    result(
      `churnDataset, ${transactions.toLocaleString('en-US')} transactions (columns), 13 features + labels`,
      rows,
      ms,
      smoke ? undefined : '≤ 3 s at 1M customers',
    ),
  );

  const fit = fitBgNbd(summarizeTransactions(log, { unit: 'week', observationEnd: CUTOFF }));
  settle();
  const withFitMs = timeOnce(() => churnDataset(log, { ...options, bgNbd: fit }));
  results.push(result('churnDataset with BG/NBD pAlive + expectedPurchases', rows, withFitMs));

  const n = smoke ? 10_000 : 1_000_000;
  const small = calibratedScores(10_000);
  evaluateClassifier(small.labels, small.scores); // warm-up
  const { labels, scores } = calibratedScores(n);
  settle();
  // Cheap enough to take the best of 3, as the other cases do.
  const evalMs = Math.min(
    ...[0, 1, 2].map(() => timeOnce(() => evaluateClassifier(labels, scores))),
  );
  results.push(
    result(
      'evaluateClassifier (AUC, AP, Brier, log-loss, calibration, gains, ROC, confusion), best of 3',
      n,
      evalMs,
      smoke ? undefined : '≤ 300 ms at 1M scores',
    ),
  );
  return results;
}
