import { invalidOption } from '../../errors/index.js';
import { emitWarning, freezeFit } from '../../models/shared.js';
import { isSeed } from '../../random/source.js';
import type { ChurnDataset } from '../dataset/index.js';
import {
  checkDataset,
  checkFinite,
  checkInteger,
  checkLabels,
  checkOptionKeys,
  columnsByName,
  splitConstantFeatures,
} from './data.js';
import {
  type ForestSettings,
  forestContributions,
  packForest,
  predictForest,
  trainForest,
} from './forest.js';
import { fitLogistic, linearPredictor, sigmoid } from './linear.js';
import type {
  ChurnModel,
  ForestChurnModel,
  ForestOptions,
  LogisticChurnModel,
  TrainChurnModelOptions,
} from './types.js';

/**
 * Defaults of {@link TrainChurnModelOptions}: a random forest of 100 trees, at most 10 deep, at
 * least 10 (bootstrap-weighted) rows per leaf, ⌊√p⌋ candidate features per split, 255 bins,
 * seed 1; logistic penalty 0.001; constant features dropped with a warning.
 *
 * Leaves of 10 rows and depth 10 (rather than fully grown trees) give smoother churn
 * probabilities (better Brier score and log-loss for about the same ROC AUC on churn features)
 * and keep prediction fast: a row walks at most 10 nodes per tree.
 *
 * @example
 * ```ts
 * import { TRAIN_CHURN_MODEL_DEFAULTS } from 'clvkit/churn';
 * TRAIN_CHURN_MODEL_DEFAULTS.trees; // 100
 * ```
 */
export const TRAIN_CHURN_MODEL_DEFAULTS = Object.freeze({
  model: 'random-forest',
  seed: 1,
  trees: 100,
  maxDepth: 10,
  minLeafSize: 10,
  maxFeatures: 'sqrt',
  bins: 255,
  penalty: 0.001,
  constantFeatures: 'drop',
} as const);

const FOREST_KEYS = ['seed', 'trees', 'maxDepth', 'minLeafSize', 'maxFeatures', 'bins'];
const TRAIN_KEYS = new Set([...FOREST_KEYS, 'model', 'penalty', 'constantFeatures', 'onWarning']);

/** Forest settings from the options, checked; `p` features are available. @internal */
export function forestSettings(
  options: ForestOptions,
  p: number,
  defaultMaxFeatures: 'sqrt' | 'third',
  defaults: { maxDepth: number; minLeafSize: number },
): ForestSettings {
  const seed = options.seed ?? TRAIN_CHURN_MODEL_DEFAULTS.seed;
  if (!isSeed(seed)) invalidOption('seed', seed, 'must be a safe integer or a string');
  const trees = checkInteger('trees', options.trees ?? TRAIN_CHURN_MODEL_DEFAULTS.trees, 1, 10_000);
  const maxDepth = checkInteger('maxDepth', options.maxDepth ?? defaults.maxDepth, 1, 64);
  const minLeafSize = checkInteger(
    'minLeafSize',
    options.minLeafSize ?? defaults.minLeafSize,
    1,
    Number.MAX_SAFE_INTEGER,
  );
  const bins = checkInteger('bins', options.bins ?? TRAIN_CHURN_MODEL_DEFAULTS.bins, 2, 255);
  const requested = options.maxFeatures ?? defaultMaxFeatures;
  let maxFeatures: number;
  if (requested === 'sqrt') maxFeatures = Math.max(1, Math.floor(Math.sqrt(p)));
  else if (requested === 'third') maxFeatures = Math.max(1, Math.floor(p / 3));
  else if (typeof requested === 'number' && Number.isInteger(requested) && requested >= 1)
    maxFeatures = Math.min(requested, p);
  else invalidOption('maxFeatures', requested, "must be an integer ≥ 1, 'sqrt' or 'third'");
  return { trees, maxDepth, minLeafSize, maxFeatures, bins, seed };
}

/**
 * Trains a churn classifier on a labelled {@link ChurnDataset}: a random forest (default; see
 * {@link TRAIN_CHURN_MODEL_DEFAULTS}) or an L2-regularised logistic regression on standardised
 * features (Newton's method; `diagnostics.converged` says whether it converged — a warning is
 * raised when not). The same seed gives the same model, bit for bit. The model is frozen plain
 * data: `JSON.stringify` it and load it back with {@link loadChurnModel}.
 *
 * Cost: forest O(trees · n · maxFeatures · depth) plus O(p · n log n) to bin the features (about
 * 2–4 s for 100 trees on 50,000 × 15 on a 2-core machine); logistic O(iterations · n · p²).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a data set without labels, labels all of one class, a
 *   non-finite feature (row and feature named), duplicate feature names, a constant feature with
 *   `constantFeatures: 'error'` or every feature constant; `EMPTY_INPUT` for no rows;
 *   `INVALID_OPTION` for an unknown or out-of-range option.
 * @example
 * ```ts
 * import { predictChurn, trainChurnModel } from 'clvkit/churn';
 * const dataset = {
 *   kind: 'churn-dataset', featureNames: ['recency', 'frequency'],
 *   columns: [new Float64Array([1, 2, 30, 40, 3, 35]), new Float64Array([5, 4, 0, 1, 6, 0])],
 *   ids: ['a', 'b', 'c', 'd', 'e', 'f'], cutoff: new Float64Array(6),
 *   labels: new Uint8Array([0, 0, 1, 1, 0, 1]), futureSpend: undefined, futurePurchases: undefined,
 *   horizon: 26, unit: 'week',
 * } as const;
 * const model = trainChurnModel(dataset, { trees: 20, minLeafSize: 1, seed: 7 });
 * predictChurn(model, dataset); // high for c, d, f; low for a, b, e
 * ```
 */
export function trainChurnModel(
  dataset: ChurnDataset,
  options: TrainChurnModelOptions = {},
): ChurnModel {
  checkOptionKeys(options, TRAIN_KEYS);
  const kind = options.model ?? TRAIN_CHURN_MODEL_DEFAULTS.model;
  if (kind !== 'random-forest' && kind !== 'logistic')
    invalidOption('model', kind, "must be 'random-forest' or 'logistic'");
  const policy = options.constantFeatures ?? TRAIN_CHURN_MODEL_DEFAULTS.constantFeatures;
  if (policy !== 'drop' && policy !== 'error')
    invalidOption('constantFeatures', policy, "must be 'drop' or 'error'");
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function')
    invalidOption('onWarning', options.onWarning, 'must be a function');
  checkDataset(dataset);
  const labels = checkLabels(dataset);
  checkFinite(dataset.columns, dataset.featureNames);
  const kept = splitConstantFeatures(dataset.featureNames, dataset.columns, policy);
  const warnings: string[] = [];
  if (kept.dropped.length > 0) {
    emitWarning(
      warnings,
      `Dropped constant feature${kept.dropped.length > 1 ? 's' : ''} ${kept.dropped.join(', ')} (one value on every training row)`,
      options,
    );
  }
  const n = labels.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]!;
  const base = {
    kind: 'churn-model' as const,
    schemaVersion: 1 as const,
    featureNames: kept.names,
    droppedFeatures: kept.dropped,
    trainingRows: n,
    positiveRate: positives / n,
  };
  if (kind === 'logistic') {
    const penalty = options.penalty ?? TRAIN_CHURN_MODEL_DEFAULTS.penalty;
    if (!(typeof penalty === 'number' && Number.isFinite(penalty) && penalty >= 0))
      invalidOption('penalty', penalty, 'must be a finite number ≥ 0');
    const fit = fitLogistic(kept.columns, labels, penalty);
    if (!fit.converged) {
      emitWarning(
        warnings,
        `logistic regression did not converge after ${fit.iterations} iterations (gradient norm ${fit.gradientNorm.toPrecision(3)}): ${fit.message}`,
        options,
      );
    }
    const model: LogisticChurnModel = {
      ...base,
      model: 'logistic',
      warnings,
      penalty,
      intercept: fit.intercept,
      coefficients: fit.coefficients,
      means: fit.means,
      scales: fit.scales,
      diagnostics: {
        converged: fit.converged,
        iterations: fit.iterations,
        gradientNorm: fit.gradientNorm,
        message: fit.message,
      },
    };
    return freezeFit(model);
  }
  if (options.penalty !== undefined) checkPenaltyUnused(options.penalty);
  const settings = forestSettings(options, kept.names.length, 'sqrt', TRAIN_CHURN_MODEL_DEFAULTS);
  const trees = trainForest({
    columns: kept.columns,
    target: labels,
    task: 'classification',
    settings,
  });
  const model: ForestChurnModel = { ...base, model: 'random-forest', warnings, settings, trees };
  return freezeFit(model);
}

function checkPenaltyUnused(penalty: unknown): void {
  if (!(typeof penalty === 'number' && Number.isFinite(penalty) && penalty >= 0))
    invalidOption('penalty', penalty, 'must be a finite number ≥ 0');
}

/** Churn probabilities of `columns` (the model's features, in order). @internal */
export function predictColumns(model: ChurnModel, columns: readonly Float64Array[]): Float64Array {
  if (model.model === 'logistic') {
    const eta = linearPredictor(model, columns);
    for (let i = 0; i < eta.length; i++) eta[i] = sigmoid(eta[i]!);
    return eta;
  }
  const probability = predictForest(packForest(model.trees, model.featureNames.length), columns);
  // A mean of leaf rates in [0, 1]; rounding in the sum can overshoot 1 by an ulp.
  for (let i = 0; i < probability.length; i++)
    probability[i] = Math.min(1, Math.max(0, probability[i]!));
  return probability;
}

/**
 * Churn probability of every row of `dataset` (label 1 = churn), in row order. Columns are matched
 * to the model's features by name: the data set may hold more features, in any order, but must
 * hold every feature the model uses. Every probability is in [0, 1].
 *
 * A forest's trees are walked in WebAssembly where the runtime allows it (Node, Deno, Bun,
 * browsers: 1,000,000 rows × 100 trees of depth 10 in about 2.2 s on one core of the benchmark
 * machine, against 4 s in JavaScript), else in JavaScript (runtimes that forbid compiling WebAssembly, forests too wide for
 * its node layout): the same probabilities, bit for bit. `predictChurnParallel` in `clvkit/node`
 * spreads the rows over worker threads.
 *
 * Cost: O(n · trees · depth) for a forest (the first call on a model also packs its trees,
 * O(nodes)); O(n · p) for the logistic model.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` (field `featureNames`) naming the features the data set
 *   lacks; `INVALID_ARGUMENT` for a non-finite feature (row and feature named) or a malformed
 *   data set; `EMPTY_INPUT` for no rows.
 * @example
 * ```ts
 * import { predictChurn, trainChurnModel } from 'clvkit/churn';
 * declare const training: import('clvkit/churn').ChurnDataset;
 * declare const scoring: import('clvkit/churn').ChurnDataset;
 * const model = trainChurnModel(training, { seed: 1 });
 * const probabilities = predictChurn(model, scoring); // Float64Array, one per row
 * ```
 */
export function predictChurn(model: ChurnModel, dataset: ChurnDataset): Float64Array {
  checkModel(model);
  return predictColumns(model, columnsByName(dataset, model.featureNames));
}

/** @internal */
export function checkModel(model: ChurnModel): void {
  if (
    model === null ||
    typeof model !== 'object' ||
    model.kind !== 'churn-model' ||
    (model.model !== 'random-forest' && model.model !== 'logistic')
  ) {
    invalidOption('model', model, 'must be a churn model from trainChurnModel or loadChurnModel');
  }
}

/** One reason in an explanation: a feature, its value and its contribution to the score. */
export interface ChurnReason {
  readonly feature: string;
  /** The row's value of the feature. */
  readonly value: number;
  /**
   * Contribution to the score: in probability for a forest (Saabas), in log-odds for the logistic
   * model (coefficient × standardised value). Positive raises the churn risk.
   */
  readonly contribution: number;
}

/** Options of {@link explainChurn}. */
export interface ExplainChurnOptions {
  /** Reasons per row (1 … number of features; default 3). */
  readonly top?: number;
  /**
   * `'both'` (default): the largest contributions in absolute value, either sign;
   * `'increase'`: only those raising the churn risk (positive), largest first.
   */
  readonly direction?: 'both' | 'increase';
}

/** Output of {@link explainChurn}. */
export interface ChurnExplanation {
  readonly ids: readonly string[];
  /** `'probability'` (forest) or `'logit'` (logistic): the scale of the contributions. */
  readonly scale: 'probability' | 'logit';
  /**
   * The score before any feature: the mean root value of the trees (forest; the mean training
   * churn rate) or the intercept (logistic; the log-odds at the mean feature values). bias + the
   * sum of all contributions of a row = its probability (forest) or log-odds (logistic).
   */
  readonly bias: number;
  /** The row's churn probability, as {@link predictChurn}. */
  readonly probability: Float64Array;
  /** Top reasons of each row, largest first. */
  readonly reasons: readonly (readonly ChurnReason[])[];
}

const EXPLAIN_KEYS = new Set(['top', 'direction']);

/**
 * Why each row scores as it does: per-row feature contributions, the top `top` kept per row.
 * Forest: path-based contributions (Saabas 2014; Palczewska et al. 2013), computed while walking
 * the trees: at every split the change of the node value (churn rate) is credited to the split
 * feature, averaged over trees, so bias + Σ contributions = probability exactly. Logistic:
 * coefficient × standardised value (contributions to the log-odds relative to the mean customer).
 *
 * Cost: O(n · trees · depth + n · p log p) for a forest; O(n · p log p) for the logistic model.
 *
 * @throws {ClvError} as {@link predictChurn}; `INVALID_OPTION` for a bad `top` or `direction`.
 * @example
 * ```ts
 * import { explainChurn, trainChurnModel } from 'clvkit/churn';
 * declare const dataset: import('clvkit/churn').ChurnDataset;
 * const model = trainChurnModel(dataset);
 * const { reasons } = explainChurn(model, dataset, { top: 2, direction: 'increase' });
 * reasons[0]; // e.g. [{ feature: 'recency', value: 40, contribution: 0.21 }, …]
 * ```
 */
export function explainChurn(
  model: ChurnModel,
  dataset: ChurnDataset,
  options: ExplainChurnOptions = {},
): ChurnExplanation {
  checkModel(model);
  checkOptionKeys(options, EXPLAIN_KEYS);
  const p = model.featureNames.length;
  const top = checkInteger('top', options.top ?? 3, 1, p);
  const direction = options.direction ?? 'both';
  if (direction !== 'both' && direction !== 'increase')
    invalidOption('direction', direction, "must be 'both' or 'increase'");
  const columns = columnsByName(dataset, model.featureNames);
  const n = dataset.ids.length;
  const reasons: ChurnReason[][] = new Array(n);
  const order = new Int32Array(p);
  const pick = (row: number, contributions: ArrayLike<number>, offset: number) => {
    for (let j = 0; j < p; j++) order[j] = j;
    const key = (j: number) =>
      direction === 'both' ? Math.abs(contributions[offset + j]!) : contributions[offset + j]!;
    // Largest first; ties by feature order so the result is deterministic.
    order.sort((a, b) => key(b) - key(a) || a - b);
    const out: ChurnReason[] = [];
    for (let k = 0; k < p && out.length < top; k++) {
      const j = order[k]!;
      const contribution = contributions[offset + j]!;
      if (direction === 'increase' && !(contribution > 0)) break;
      out.push({ feature: model.featureNames[j]!, value: columns[j]![row]!, contribution });
    }
    reasons[row] = out;
  };
  let bias: number;
  if (model.model === 'random-forest') {
    bias = forestContributions(packForest(model.trees, p), columns, pick);
  } else {
    bias = model.intercept;
    const contributions = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++)
        contributions[j] =
          (model.coefficients[j]! * (columns[j]![i]! - model.means[j]!)) / model.scales[j]!;
      pick(i, contributions, 0);
    }
  }
  return {
    ids: dataset.ids,
    scale: model.model === 'random-forest' ? 'probability' : 'logit',
    bias,
    probability: predictColumns(model, columns),
    reasons,
  };
}
