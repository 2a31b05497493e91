// Discrete-time model benchmarks: the BG/BB fit on the donations data (Fader, Hardie & Shang 2010;
// 22 patterns, 11,104 donors) and the shifted-beta-geometric fit on the "regular" cohort of Fader
// & Hardie (2007), each repeated 50 times after a warm-up (mean ms per fit; target ≤ 20 ms), plus
// one BG/BB fit on a simulated cohort (1,000,000 customers, n = 6; 10,000 in smoke mode), which
// times merging identical rows. Called by the bench runner: benchDiscreteModels(smoke).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  fitBgBb,
  type OpportunitySummary,
  opportunitySummaryFromColumns,
  simulateBgBb,
} from '../src/models/bg-bb/index.js';
import { fitSbg } from '../src/models/sbg/index.js';

/** One measured step. */
export interface DiscreteBenchResult {
  readonly name: string;
  readonly rows: number;
  readonly ms: number;
  readonly rowsPerSecond: number;
  readonly target?: string;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.CLVKIT_DATA ?? join(root, '..', 'shared', 'data');
const REPEATS = 50;
const SURVIVORS = [1000, 631, 468, 382, 326, 289, 262, 241];

function donations(): OpportunitySummary | undefined {
  const file = join(dataDir, 'donations.csv');
  if (!existsSync(file)) return undefined;
  const rows = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  return opportunitySummaryFromColumns({
    frequency: rows.map((r) => r[0]!),
    recency: rows.map((r) => r[1]!),
    periods: rows.map((r) => r[2]!),
    weights: rows.map((r) => r[3]!),
    unit: 'year',
  });
}

/** Mean wall time of `repeats` runs of `action` after one warm-up run, in ms. */
function meanMs(action: () => unknown, repeats: number): number {
  action();
  const start = performance.now();
  for (let i = 0; i < repeats; i++) action();
  return (performance.now() - start) / repeats;
}

function result(name: string, rows: number, ms: number, target?: string): DiscreteBenchResult {
  const out = {
    name,
    rows,
    ms: Math.round(ms * 100) / 100,
    rowsPerSecond: Math.round((rows / ms) * 1000),
  };
  return target === undefined ? out : { ...out, target };
}

/**
 * Runs the discrete-time model benchmarks. Smoke mode: the simulated cohort has 10,000 customers
 * (the published-data fits are the same size in both modes).
 */
export async function benchDiscreteModels(smoke: boolean): Promise<DiscreteBenchResult[]> {
  const results: DiscreteBenchResult[] = [];
  const summary = donations();
  if (summary !== undefined) {
    results.push(
      result(
        `BG/BB fit, donations (22 rows, 11,104 donors; mean of ${REPEATS})`,
        11_104,
        meanMs(() => fitBgBb(summary), REPEATS),
        '≤ 20 ms',
      ),
    );
  }
  results.push(
    result(
      `sBG fit, Fader & Hardie (2007) regular cohort (8 counts, 1,000 customers; mean of ${REPEATS})`,
      1000,
      meanMs(() => fitSbg({ survivors: SURVIVORS, unit: 'year' }), REPEATS),
      '≤ 20 ms',
    ),
  );
  const customers = smoke ? 10_000 : 1_000_000;
  const simulated = simulateBgBb(
    { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 },
    { customers, periods: 6, seed: 'bench', unit: 'year' },
  );
  fitBgBb(
    simulateBgBb(
      { alpha: 1, beta: 1, gamma: 1, delta: 1 },
      { customers: 1000, periods: 6, seed: 1 },
    ),
  );
  const start = performance.now();
  fitBgBb(simulated);
  results.push(
    result(
      `BG/BB fit, simulated cohort (${customers.toLocaleString('en-US')} customers, n = 6)`,
      customers,
      performance.now() - start,
    ),
  );
  return results;
}
