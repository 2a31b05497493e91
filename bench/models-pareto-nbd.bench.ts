// Pareto/NBD benchmarks (bench/cases/purchase-model.ts). Called by the bench runner:
// benchParetoNbd(smoke).
//
// The benchmark log is simulated from a BG/NBD process (r .9, α 30, a .8, b 2.5 per day), so the
// Pareto/NBD fit is a mis-specified but well-behaved one (about r 1.4, α 9.0, s 1.4, β 48 per
// week on the elapsed summary). Target (issue 6): ≤ 4 s on the 1,000,000-customer log; lifetimes
// 0.11.3 takes 0.5–0.9 s on CDNOW's 2,357 customers alone.
import { fitParetoNbd } from '../src/models/pareto-nbd/index.js';
import type { BenchResult } from './cases/bench-utils.js';
import { benchPurchaseModel } from './cases/purchase-model.js';

/** Runs the Pareto/NBD benchmarks once each (after a warm-up fit on a slice). */
export async function benchParetoNbd(smoke: boolean): Promise<BenchResult[]> {
  return benchPurchaseModel(
    {
      title: 'Pareto/NBD',
      fit: (summary) => fitParetoNbd(summary),
      targets: { elapsed: '≤ 4 s' },
      warmUpOnSlice: true,
    },
    smoke,
  );
}
