// BG/NBD benchmarks (bench/cases/purchase-model.ts). Called by the bench runner: benchBgNbd(smoke).
//
// The benchmark log's BG/NBD parameters are per day (r .9, α 30, a .8, b 2.5); the fit uses the
// summary in elapsed WEEKS (summarizeTransactions' default mode), so it should find about
// r .9, α 30/7 = 4.3 (a little more: same-day purchases merge in the summary), a .8, b 2.5.
import { fitBgNbd } from '../src/models/bg-nbd/index.js';
import type { BenchResult } from './cases/bench-utils.js';
import { benchPurchaseModel } from './cases/purchase-model.js';

/** Runs the BG/NBD benchmarks once each (after a warm-up fit). Smoke mode: 10,000 customers. */
export async function benchBgNbd(smoke: boolean): Promise<BenchResult[]> {
  return benchPurchaseModel(
    {
      title: 'BG/NBD',
      fit: (summary) => fitBgNbd(summary),
      targets: { cdnow: '≤ 50 ms', elapsed: '≤ 1.5 s', score: '≤ 300 ms' },
    },
    smoke,
  );
}
