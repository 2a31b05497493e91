import { simulateTransactionColumns, type TransactionColumns } from '../../src/index.js';

/**
 * The benchmark log: BG/NBD r .9, α 30, a .8, b 2.5 per day over 730 days, Gamma-Gamma
 * p 6, q 4, v 15. First purchases are uniform over the first 669 days: with that window the
 * expected log has 5.3 transactions per customer, the "about 5.3 million" of the brief (uniform
 * over all 730 days gives 5.0 per customer).
 */
export function benchmarkLog(customers: number): TransactionColumns {
  const log = simulateTransactionColumns({
    customers,
    start: new Date('2023-01-01T00:00:00Z'),
    horizon: 730,
    unit: 'day',
    bgNbd: { r: 0.9, alpha: 30, a: 0.8, b: 2.5 },
    gammaGamma: { p: 6, q: 4, v: 15 },
    acquisition: { window: 669 },
    seed: 2024,
  });
  const ids = log.customers.ids;
  const customerId: string[] = [];
  for (let i = 0; i < log.customerIndex.length; i++) customerId.push(ids[log.customerIndex[i]!]!);
  return { customerId, date: log.time, amount: log.amount };
}

export const OBSERVATION_END = new Date('2025-01-01T00:00:00Z');

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Runs `fn` `times` times and returns the fastest and median wall time in ms. */
export function time(fn: () => void, times: number): { best: number; median: number } {
  const runs: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  return { best: runs[0]!, median: runs[Math.floor(runs.length / 2)]! };
}

/** One benchmark result line, printed as JSON by a case and read by bench/run.ts. */
export interface CaseResult {
  readonly name: string;
  readonly rows: number;
  readonly customers?: number;
  readonly ms: number;
  readonly medianMs?: number;
  readonly rowsPerSecond: number;
  readonly peakRssMb?: number;
  readonly note?: string;
  readonly target?: string;
}
