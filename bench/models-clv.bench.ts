// Gamma-Gamma fit and predicted CLV on the foundation benchmark's simulated log (weekly summary).
// Called by the bench runner: benchClv(smoke).
import { predictClv } from '../src/clv/index.js';
import type { BgNbdFit } from '../src/models/bg-nbd/index.js';
import { fitGammaGamma } from '../src/models/gamma-gamma/index.js';
import { summarizeTransactions } from '../src/summary/index.js';
import { benchmarkLog, OBSERVATION_END } from './cases/common.js';

/** One measured step. */
export interface ClvBenchResult {
  readonly name: string;
  readonly rows: number;
  readonly ms: number;
  readonly rowsPerSecond: number;
  readonly target?: string;
}

/** Runs a full collection when the runtime exposes one (node --expose-gc), so steps start even. */
function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}

/** Median wall time of `runs` runs after one warm-up run, in milliseconds. */
function timeIt(runs: number, action: () => unknown): number {
  action();
  settle();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    action();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * The simulation's true BG/NBD parameters (r .9, α 30 per day, a .8, b 2.5) in weeks: rates
 * scale with the unit, so α becomes 30/7. Using them keeps this case independent of the BG/NBD
 * fit's own benchmark.
 */
const TRUE_BG_NBD_WEEKLY = Object.freeze({
  kind: 'bg-nbd',
  schemaVersion: 1,
  params: Object.freeze({ r: 0.9, alpha: 30 / 7, a: 0.8, b: 2.5 }),
  timeUnit: 'week',
  logLikelihood: 0,
  standardErrors: undefined,
  diagnostics: Object.freeze({
    converged: true,
    iterations: 0,
    gradientNorm: 0,
    message: 'simulation parameters',
    customers: 0,
    distinctRows: 0,
    warnings: Object.freeze([]) as readonly string[],
  }),
}) as BgNbdFit;

/**
 * Gamma-Gamma fit and 12-month predicted CLV (monthly steps, 1 % a month) for every customer of
 * the benchmark log at 1,000,000 customers (10,000 with `smoke`). Targets at 1M: Gamma-Gamma fit
 * ≤ 1 s (lifetimes 0.11.3: 4.7 s); predicted CLV for all ≤ 500 ms.
 */
export async function benchClv(smoke: boolean): Promise<ClvBenchResult[]> {
  const customers = smoke ? 10_000 : 1_000_000;
  const runs = 3;
  const summary = summarizeTransactions(benchmarkLog(customers), {
    unit: 'week',
    observationEnd: OBSERVATION_END,
  });
  settle();
  const result = (name: string, ms: number, target?: string): ClvBenchResult => ({
    name,
    rows: customers,
    ms: Math.round(ms * 10) / 10,
    rowsPerSecond: Math.round((customers / ms) * 1000),
    ...(target === undefined ? {} : { target }),
  });
  const fitMs = timeIt(runs, () => fitGammaGamma(summary));
  const spendFit = fitGammaGamma(summary);
  settle();
  const clvMs = timeIt(runs, () =>
    predictClv({
      purchaseFit: TRUE_BG_NBD_WEEKLY,
      spendFit,
      summary,
      horizon: 12,
      horizonUnit: 'month',
      discountRate: 0.01,
      discountUnit: 'month',
      margin: 1,
    }),
  );
  return [
    result('gamma-gamma fit (weekly summary)', fitMs, '≤ 1 s at 1M (lifetimes 4.7 s)'),
    result('predicted CLV, 12 monthly steps, all customers', clvMs, '≤ 500 ms at 1M'),
  ];
}
