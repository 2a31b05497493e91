// Churn random-forest benchmarks: training 100 trees on 50,000 rows × 15 features (target ≤ 20 s
// on the 2-core machine) and predicting 1,000,000 rows (target ≤ 2 s), on the calling thread
// (predictChurn, whose tree walk runs in WebAssembly), on worker threads (predictChurnParallel from
// clvkit/node, default worker count), and — for comparison — with the JavaScript walk that
// runtimes without WebAssembly use (the internal predictForest, without predictChurn's checks).
// Smoke mode: 5,000 rows × 15, 20 trees; 100,000 rows predicted. Features are simulated
// churn-like columns (seeded). Called by the bench runner: benchChurnModel(smoke).
// The parallel case is timed on warm workers (predictChurnParallel keeps them for the next call):
// from the sources each worker loads clvkit through tsx, a start-up (~0.3 s) that the built
// package pays less (~0.1–0.3 s on this machine); the warm-up call absorbs it.
import type { ChurnDataset } from '../src/churn/dataset/index.js';
import { forestEngine, packForest, predictForest } from '../src/churn/model/forest.js';
import { predictChurn, trainChurnModel } from '../src/churn/model/index.js';
import { predictChurnParallel } from '../src/node/predict-parallel.js';
import { createRandom } from '../src/random/index.js';

/** One measured step. */
export interface ChurnModelBenchResult {
  readonly name: string;
  readonly rows: number;
  readonly ms: number;
  readonly rowsPerSecond: number;
  readonly target?: string;
  /** CPU time of the process (all threads), ms: shows how much of the work ran in parallel. */
  readonly cpuMs?: number;
}

const FEATURES = 15;

/** n rows × 15 features: a few informative (recency, frequency, spend), the rest weak or noise. */
function dataset(n: number, seed: number): ChurnDataset {
  const random = createRandom(seed);
  const columns = Array.from({ length: FEATURES }, () => new Float64Array(n));
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const rate = -Math.log(1 - random.next()) * 0.3;
    const tenure = 5 + 95 * random.next();
    const frequency = Math.floor(rate * tenure * 2 * random.next());
    const recency = Math.min(tenure, -Math.log(1 - random.next()) / (rate + 1e-3));
    columns[0]![i] = recency;
    columns[1]![i] = frequency;
    columns[2]![i] = tenure;
    columns[3]![i] = 10 + 90 * random.next();
    for (let j = 4; j < FEATURES; j++)
      columns[j]![i] = j % 2 === 0 ? random.next() : Math.floor(10 * random.next());
    const logit = 0.08 * recency - 0.25 * frequency + 0.3 * columns[4]![i]! - 0.5;
    labels[i] = random.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return {
    kind: 'churn-dataset',
    featureNames: Array.from({ length: FEATURES }, (_, j) => `f${j}`),
    columns,
    ids: Array.from({ length: n }, (_, i) => `c${i}`),
    cutoff: new Float64Array(n),
    labels,
    futureSpend: undefined,
    futurePurchases: undefined,
    horizon: 26,
    unit: 'week',
  };
}

function result(
  name: string,
  rows: number,
  ms: number,
  target?: string,
  cpuMs?: number,
): ChurnModelBenchResult {
  const out: ChurnModelBenchResult = {
    name,
    rows,
    ms: Math.round(ms * 10) / 10,
    rowsPerSecond: Math.round((rows / ms) * 1000),
    ...(cpuMs === undefined ? {} : { cpuMs: Math.round(cpuMs) }),
  };
  return target === undefined ? out : { ...out, target };
}

/** CPU time of the whole process (every thread) since `since`, in ms. */
function cpuSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

/** Trains once (after a small warm-up) and predicts once (after a warm-up on a slice). */
export async function benchChurnModel(smoke: boolean): Promise<ChurnModelBenchResult[]> {
  const trainRows = smoke ? 5_000 : 50_000;
  const trees = smoke ? 20 : 100;
  const predictRows = smoke ? 100_000 : 1_000_000;
  const train = dataset(trainRows, 1);
  trainChurnModel(dataset(2_000, 2), { trees: 5, seed: 1 }); // warm-up
  let start = performance.now();
  const model = trainChurnModel(train, { trees, seed: 1 });
  const trainMs = performance.now() - start;
  const scoring = dataset(predictRows, 3);
  predictChurn(model, dataset(10_000, 4)); // warm-up (also packs the trees)
  let cpu = process.cpuUsage();
  start = performance.now();
  predictChurn(model, scoring);
  const predictMs = performance.now() - start;
  const predictCpu = cpuSince(cpu);
  if (model.model !== 'random-forest') throw new Error('expected a random forest');
  const packed = packForest(model.trees, model.featureNames.length);
  const engine = forestEngine(packed);
  predictForest(packed, dataset(10_000, 4).columns, 'javascript'); // warm-up
  start = performance.now();
  predictForest(packed, scoring.columns, 'javascript');
  const javascriptMs = performance.now() - start;
  // Warm-up: starts the default number of workers, which the timed call reuses.
  await predictChurnParallel(model, dataset(8_000, 5), { minRowsPerWorker: 1 });
  cpu = process.cpuUsage();
  start = performance.now();
  await predictChurnParallel(model, scoring);
  const parallelMs = performance.now() - start;
  const parallelCpu = cpuSince(cpu);
  return [
    result(
      `churn random forest train (${trees} trees, ${FEATURES} features)`,
      trainRows,
      trainMs,
      smoke ? undefined : '≤ 20 s',
    ),
    result(
      `churn random forest predict, single thread (${trees} trees, ${engine} walk)`,
      predictRows,
      predictMs,
      undefined,
      predictCpu,
    ),
    result(
      `churn random forest predict, single thread, JavaScript walk (${trees} trees, for comparison)`,
      predictRows,
      javascriptMs,
    ),
    result(
      `churn random forest predict, worker threads (${trees} trees, ${engine} walk, predictChurnParallel)`,
      predictRows,
      parallelMs,
      smoke ? undefined : '≤ 2 s',
      parallelCpu,
    ),
  ];
}
