// Churn data and evaluation benchmarks (issue 7): building the churn data set from the benchmark
// log (1,000,000 customers, 5.3 M transactions as columns; 10,000 customers in smoke mode) and
// evaluating 1,000,000 scores (10,000 in smoke mode). Called by the bench runner:
// benchChurnData(smoke).
//
// The data set: cutoff 2024-07-01, horizon 26 weeks, unit week (the log runs 2023-01-01 to
// 2025-01-01, so every row is labelled). Customers first buying after the cutoff have no row
// (about 820,000 rows at full size). It is measured on the log grouped by customer in id order,
// as many exports are (ids are then numbered without hashing), and on the same log in date order,
// as most transaction exports are (each row's id is hashed and the rows regrouped).
import { churnDataset } from '../src/churn/dataset/index.js';
import { evaluateClassifier } from '../src/churn/evaluate/index.js';
import { fitBgNbd } from '../src/models/bg-nbd/index.js';
import { summarizeTransactions } from '../src/summary/index.js';
import type { TransactionColumns } from '../src/transactions/types.js';
import { type BenchResult, result, settle, timeOnce } from './cases/bench-utils.js';
import { benchmarkLog } from './cases/common.js';

/** One measured step. */
export type ChurnDataBenchResult = BenchResult;

const CUTOFF = new Date('2024-07-01T00:00:00Z');

/**
 * The same log in date order, as real exports are: rows sorted by date with a stable
 * permutation (rows on the same instant keep their order). The strings are the log's own, so
 * equal ids stay one string object, as with readTransactionsCsv (which interns ids).
 */
export function dateOrderedLog(log: TransactionColumns): TransactionColumns {
  const n = log.customerId.length;
  const date = Float64Array.from(log.date);
  const rows = Array.from({ length: n }, (_, i) => i);
  rows.sort((x, y) => date[x]! - date[y]! || x - y);
  const customerId = new Array<string>(n);
  const sortedDate = new Float64Array(n);
  const amount = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = rows[k]!;
    customerId[k] = log.customerId[i]!;
    sortedDate[k] = date[i]!;
    amount[k] = log.amount[i]!;
  }
  return { customerId, date: sortedDate, amount };
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
  const byDate = dateOrderedLog(log);
  settle();
  const byDateMs = timeOnce(() => churnDataset(byDate, options));
  results.push(
    result(
      'churnDataset, same log in date order (ids hashed, rows regrouped)',
      rows,
      byDateMs,
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
