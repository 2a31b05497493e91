import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChurnDataset } from '../churn/dataset/index.js';
import { columnsByName } from '../churn/model/data.js';
import { checkModel, predictColumns } from '../churn/model/train.js';
import type { ChurnModel } from '../churn/model/types.js';
import { invalidOption } from '../errors/index.js';

/** Options of {@link predictChurnParallel}. */
export interface PredictChurnParallelOptions {
  /**
   * Worker threads (an integer ≥ 1; default min(os.availableParallelism(), 4)); 1 predicts on
   * the calling thread.
   */
  readonly workers?: number;
  /**
   * Fewest rows a worker is given (an integer ≥ 1; default 25,000): smaller inputs use fewer
   * workers, and a single range is predicted on the calling thread, because starting a worker
   * and loading clvkit in it costs tens of milliseconds, the time to predict about 20,000 rows
   * with 100 trees.
   */
  readonly minRowsPerWorker?: number;
}

/**
 * Defaults of {@link PredictChurnParallelOptions}: up to 4 workers (never more than
 * `os.availableParallelism()`), at least 25,000 rows per worker.
 *
 * @example
 * ```ts
 * import { PREDICT_CHURN_PARALLEL_DEFAULTS } from 'clvkit/node';
 * PREDICT_CHURN_PARALLEL_DEFAULTS.maxWorkers; // 4
 * ```
 */
export const PREDICT_CHURN_PARALLEL_DEFAULTS = Object.freeze({
  maxWorkers: 4,
  minRowsPerWorker: 25_000,
} as const);

const OPTION_KEYS = new Set(['workers', 'minRowsPerWorker']);

/**
 * The worker, a CommonJS script run with `eval: true` (so there is no worker file to locate and
 * ship): it loads the churn entry of clvkit (the built CommonJS entry, or the TypeScript sources
 * through tsx's require hook when running from the sources), then for each message (a range's
 * column slices, transferred, and the model unless it is the one the worker already holds)
 * predicts the rows with the public `predictChurn` and sends the probabilities back (transferred,
 * not copied). Keeping the model saves cloning it (100 trees: 0.5 M numbers) and packing its trees
 * again on every call. Ids are placeholders: prediction reads only the columns.
 */
const WORKER_SOURCE = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.tsx !== undefined) require(workerData.tsx).register();
const { predictChurn } = require(workerData.entry);
let model;
parentPort.on('message', (message) => {
  if (message.model !== undefined) model = message.model;
  const columns = message.columns;
  const n = columns[0].length;
  const probability = predictChurn(model, {
    kind: 'churn-dataset',
    featureNames: model.featureNames,
    columns,
    ids: new Array(n).fill(''),
    cutoff: new Float64Array(0),
    labels: undefined,
    futureSpend: undefined,
    futurePurchases: undefined,
    horizon: 1,
    unit: 'day',
  });
  parentPort.postMessage(probability, [probability.buffer]);
});
`;

/**
 * Idle workers kept for the next call: starting a worker and loading clvkit in it costs tens of
 * milliseconds (more from the sources under tsx). Idle workers are unref'd, so they never keep the
 * process alive; at most `os.availableParallelism()` are kept.
 */
const idleWorkers: Worker[] = [];

function takeWorker(entry: WorkerEntry): Worker {
  const worker =
    idleWorkers.pop() ??
    new Worker(WORKER_SOURCE, { eval: true, workerData: { entry: entry.entry, tsx: entry.tsx } });
  worker.ref(); // busy: the process waits for it
  return worker;
}

/** The model each worker holds (weakly: a kept worker must not keep a model alive). */
const heldModel = new WeakMap<Worker, WeakRef<ChurnModel>>();

function releaseWorker(worker: Worker): void {
  if (idleWorkers.length < availableParallelism()) {
    worker.unref();
    idleWorkers.push(worker);
  } else {
    void worker.terminate();
  }
}

/** Predicts one range on `worker`; the worker goes back to the pool unless it failed. */
function predictRange(
  worker: Worker,
  model: ChurnModel,
  slices: readonly Float64Array<ArrayBuffer>[],
): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const settle = (run: () => void) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      run();
    };
    const onMessage = (probability: Float64Array) =>
      settle(() => {
        releaseWorker(worker);
        resolve(probability);
      });
    const onError = (error: Error) => settle(() => reject(error));
    const onExit = (code: number) =>
      settle(() => reject(new Error(`predictChurnParallel: a worker exited with code ${code}`)));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    const held = heldModel.get(worker)?.deref() === model;
    heldModel.set(worker, new WeakRef(model));
    worker.postMessage(
      { model: held ? undefined : model, columns: slices },
      slices.map((slice) => slice.buffer),
    );
  });
}

/** What the worker loads: the churn entry's path, and tsx's CommonJS API when it is TypeScript. */
interface WorkerEntry {
  readonly entry: string;
  readonly tsx: string | undefined;
}

/**
 * Locates the churn entry for the worker, or undefined when it cannot be found (clvkit bundled
 * into an application: no package to resolve). From the sources (tsx, vitest) this file's URL
 * ends in `.ts`: the worker loads `src/churn/index.ts` through tsx. From the built package (ESM or
 * CommonJS) the package resolves itself by name (`clvkit/churn`, its CommonJS build), wherever
 * the bundler put this code.
 */
function workerEntry(): WorkerEntry | undefined {
  // In the CommonJS build tsup rewrites import.meta.url to this file's (.cjs) URL.
  const url = (import.meta as { url?: string }).url;
  try {
    if (typeof url === 'string' && url.endsWith('.ts')) {
      return {
        entry: fileURLToPath(new URL('../churn/index.ts', url)),
        tsx: createRequire(url).resolve('tsx/cjs/api'),
      };
    }
    const resolve =
      typeof require === 'function' && typeof require.resolve === 'function'
        ? require.resolve
        : createRequire(url as string).resolve;
    return { entry: resolve('clvkit/churn'), tsx: undefined };
  } catch {
    return undefined;
  }
}

function checkCount(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    invalidOption(field, value, 'must be an integer ≥ 1');
  return value;
}

/**
 * Churn probabilities of `dataset` as `predictChurn` from `clvkit/churn` returns them (the same
 * numbers, bit for bit: each row's prediction depends on that row only), computed on worker
 * threads (`node:worker_threads`). The rows are split into `workers` contiguous ranges of about
 * equal size; each worker receives the model and its range's feature columns (copied, then
 * transferred) and returns its probabilities, which are concatenated in row order. Up to
 * `workers` times faster than `predictChurn` on large data sets when that many cores are free.
 * Workers are kept for the next call (unref'd: they never keep the process alive), so only the
 * first call pays their start-up, some tens of milliseconds.
 *
 * Logistic models (O(n · p)), fewer than 2 × `minRowsPerWorker` rows, `workers: 1`, and clvkit
 * bundled into an application (the package cannot locate itself to load in a worker) are
 * predicted on the calling thread. The model and the data set are checked on the calling thread
 * first, so the errors are those of `predictChurn`.
 *
 * Cost: O(n · trees · depth / workers) time, plus O(n · p) to check and copy the columns.
 *
 * @throws {ClvError} as `predictChurn`; `INVALID_OPTION` for an unknown option or a
 *   `workers` / `minRowsPerWorker` that is not an integer ≥ 1. The promise rejects if a worker
 *   fails.
 * @example
 * ```ts
 * import { predictChurnParallel } from 'clvkit/node';
 * import { trainChurnModel } from 'clvkit/churn';
 * declare const training: import('clvkit/churn').ChurnDataset;
 * declare const scoring: import('clvkit/churn').ChurnDataset;
 * const model = trainChurnModel(training, { seed: 1 });
 * const probabilities = await predictChurnParallel(model, scoring, { workers: 2 });
 * ```
 */
export async function predictChurnParallel(
  model: ChurnModel,
  dataset: ChurnDataset,
  options: PredictChurnParallelOptions = {},
): Promise<Float64Array> {
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key))
      invalidOption(key, (options as Record<string, unknown>)[key], 'unknown option');
  }
  const requested =
    options.workers === undefined
      ? Math.min(availableParallelism(), PREDICT_CHURN_PARALLEL_DEFAULTS.maxWorkers)
      : checkCount('workers', options.workers);
  const minRows =
    options.minRowsPerWorker === undefined
      ? PREDICT_CHURN_PARALLEL_DEFAULTS.minRowsPerWorker
      : checkCount('minRowsPerWorker', options.minRowsPerWorker);
  checkModel(model);
  const columns = columnsByName(dataset, model.featureNames);
  const n = columns[0]?.length ?? 0;
  const workers = Math.min(requested, Math.floor(n / minRows));
  // predictChurn(model, dataset) is predictColumns on these (already checked) columns.
  if (model.model !== 'random-forest' || workers <= 1) return predictColumns(model, columns);
  const entry = workerEntry();
  if (entry === undefined) return predictColumns(model, columns);

  const out = new Float64Array(n);
  // Take every worker first: new ones start (and load clvkit) while the slices are copied.
  const threads = Array.from({ length: workers }, () => takeWorker(entry));
  await Promise.all(
    threads.map(async (worker, w) => {
      const start = Math.floor((w * n) / workers);
      const end = Math.floor(((w + 1) * n) / workers);
      const slices = columns.map((column) => column.slice(start, end));
      out.set(await predictRange(worker, model, slices), start);
    }),
  );
  return out;
}
