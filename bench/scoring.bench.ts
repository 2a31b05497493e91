// Scoring benchmarks: RFM scores + 10-segment assignment + value tiers, and segment overlap
// resolution, on synthetic columns. Called by the bench runner: benchScoring(smoke).
import {
  resolveSegmentOverlap,
  rfmScores,
  rfmSegmentPresets,
  rfmSegments,
  valueTiers,
} from '../src/index.js';

/** One measured step. */
export interface ScoringBenchResult {
  readonly name: string;
  readonly rowsPerSecond: number;
  readonly ms: number;
}

/** Seeded linear congruential generator (Numerical Recipes constants): uniform in [0, 1). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Synthetic RFM columns: integer days since the last purchase (many ties), geometric purchase counts, log-normal-ish spend. */
function syntheticColumns(n: number) {
  const random = lcg(20240601);
  const ids: string[] = new Array(n);
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ids[i] = `c${i}`;
    recency[i] = Math.floor(730 * random() ** 2);
    frequency[i] = 1 + Math.floor(-Math.log(1 - random()) * 3);
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    monetary[i] = Math.round(frequency[i]! * Math.exp(3.5 + 0.8 * normal) * 100) / 100;
  }
  return { ids, recency, frequency, monetary };
}

function syntheticMemberships(n: number) {
  const random = lcg(7);
  return ['win-back', 'upsell', 'referral'].map((name, j) => {
    const members = new Uint8Array(n);
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      members[i] = random() < 0.3 + 0.1 * j ? 1 : 0;
      score[i] = random();
    }
    return { name, members, score };
  });
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

function result(name: string, n: number, ms: number): ScoringBenchResult {
  return { name, rowsPerSecond: Math.round((n / ms) * 1000), ms: Math.round(ms * 10) / 10 };
}

/**
 * Runs the scoring benchmarks at 1,000,000 customers (10,000 with `smoke`). Targets at 1M:
 * RFM scores + standard 10-segment assignment + pareto value tiers ≤ 400 ms together; overlap
 * resolution of 3 segmentations ≤ 300 ms.
 */
export async function benchScoring(smoke: boolean): Promise<ScoringBenchResult[]> {
  const n = smoke ? 10_000 : 1_000_000;
  const runs = smoke ? 3 : 7;
  const columns = syntheticColumns(n);
  const memberships = syntheticMemberships(n);
  const results: ScoringBenchResult[] = [];

  // Warm every step up once, so that the first timed step does not pay for compiling the others
  // or for collecting the synthetic data's garbage.
  let scores = rfmScores(columns);
  rfmSegments(scores, rfmSegmentPresets.standard);
  valueTiers(columns.monetary, { method: 'pareto', share: 0.8 });
  resolveSegmentOverlap(memberships, { method: 'weighted', weights: [3, 2, 1] });
  settle();
  results.push(
    result(
      'rfm scores + 10-segment assignment + value tiers (pareto 80 %)',
      n,
      timeIt(runs, () => {
        scores = rfmScores(columns);
        rfmSegments(scores, rfmSegmentPresets.standard);
        valueTiers(columns.monetary, { method: 'pareto', share: 0.8 });
      }),
    ),
  );
  results.push(
    result(
      'rfm scores (quantile, k = 5)',
      n,
      timeIt(runs, () => rfmScores(columns)),
    ),
  );
  results.push(
    result(
      'rfm segments (standard preset)',
      n,
      timeIt(runs, () => rfmSegments(scores, rfmSegmentPresets.standard)),
    ),
  );
  results.push(
    result(
      'value tiers (pareto 80 %)',
      n,
      timeIt(runs, () => valueTiers(columns.monetary, { method: 'pareto', share: 0.8 })),
    ),
  );
  results.push(
    result(
      'value tiers (top 20/30/50 %)',
      n,
      timeIt(runs, () => valueTiers(columns.monetary, { method: 'top' })),
    ),
  );
  results.push(
    result(
      'segment overlap, 3 segmentations (priority)',
      n,
      timeIt(runs, () => resolveSegmentOverlap(memberships)),
    ),
  );
  results.push(
    result(
      'segment overlap, 3 segmentations (weighted scores)',
      n,
      timeIt(runs, () =>
        resolveSegmentOverlap(memberships, { method: 'weighted', weights: [3, 2, 1] }),
      ),
    ),
  );
  return results;
}
