// MBG/NBD benchmarks (bench/cases/purchase-model.ts). Called by the bench runner:
// benchMbgNbd(smoke).
//
// "MBG/NBD as BG/NBD": the same likelihood shape and the same two-stage fit, so the target is the
// BG/NBD's measured time on the same summary, 786 ms, rounded to ≤ 1 s. The benchmark log is
// simulated from the BG/NBD, so the MBG/NBD fits it with a small a/(a + b).
import { fitMbgNbd } from '../src/models/mbg-nbd/index.js';
import type { BenchResult } from './cases/bench-utils.js';
import { benchPurchaseModel } from './cases/purchase-model.js';

/** Runs the MBG/NBD benchmarks once each (after a warm-up fit). Smoke mode: 10,000 customers. */
export async function benchMbgNbd(smoke: boolean): Promise<BenchResult[]> {
  return benchPurchaseModel(
    {
      title: 'MBG/NBD',
      fit: (summary) => fitMbgNbd(summary),
      targets: { cdnow: '≤ 50 ms', elapsed: '≤ 1 s', score: '≤ 300 ms' },
    },
    smoke,
  );
}
