import { discountedClvColumns } from '../src/economics/index.js';
import { createRandom } from '../src/random/index.js';

/** One benchmark result: the case, throughput and the best wall time. */
interface EconomicsBenchResult {
  name: string;
  rowsPerSecond: number;
  ms: number;
}

/** Best wall time of `runs` calls of `run`, in milliseconds (after one warm-up call). */
function bestOf(runs: number, run: () => unknown): number {
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * Discounted CLV for many customers with per-customer margin and retention (issue target: 1M in
 * ≤ 50 ms). Customers: 1,000,000, or 10,000 in smoke mode. Inputs come from a seeded generator:
 * margins 10–110 per period, retention 0.3–0.98, 1 % discount per period. Generation is not timed.
 */
export async function benchEconomics(
  smoke: boolean,
): Promise<{ name: string; rowsPerSecond: number; ms: number }[]> {
  const n = smoke ? 10_000 : 1_000_000;
  const runs = smoke ? 2 : 7;
  const random = createRandom('bench-economics');
  const margin = new Float64Array(n);
  const retention = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    margin[i] = 10 + 100 * random.next();
    retention[i] = 0.3 + 0.68 * random.next();
  }
  const cases = [
    { name: 'discountedClvColumns, 36 periods, end', periods: 36, timing: 'end' as const },
    { name: 'discountedClvColumns, 36 periods, start', periods: 36, timing: 'start' as const },
    { name: 'discountedClvColumns, infinite horizon', periods: Infinity, timing: 'end' as const },
  ];
  const results: EconomicsBenchResult[] = [];
  for (const { name, periods, timing } of cases) {
    const ms = bestOf(runs, () =>
      discountedClvColumns({ margin, retention, discountRate: 0.01, periods, timing }),
    );
    results.push({ name: `${name} (${n} customers)`, rowsPerSecond: n / (ms / 1000), ms });
  }
  return results;
}
