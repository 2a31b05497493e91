import { ClvError, displayValue, invalidOption, issueOf } from '../../errors/index.js';
import { emitWarning, freezeFit } from '../../models/shared.js';
import type { ChurnDataset } from '../dataset/index.js';
import {
  checkDataset,
  checkFinite,
  checkOptionKeys,
  columnsByName,
  invalidArgument,
  splitConstantFeatures,
} from './data.js';
import { packForest, predictForest, trainForest } from './forest.js';
import { fitLinear, linearPredictor } from './linear.js';
import { forestSettings } from './train.js';
import type {
  ClvRegressor,
  ClvRegressorTarget,
  ForestClvRegressor,
  LinearClvRegressor,
  TrainClvRegressorOptions,
} from './types.js';

/**
 * Defaults of {@link TrainClvRegressorOptions}: target `'spend'`, a random forest of 100 trees,
 * at most 12 deep, at least 5 rows per leaf, ⌊p/3⌋ candidate features per split (Breiman's
 * regression default), 255 bins, seed 1; the linear model's ridge is 1e-8.
 *
 * @example
 * ```ts
 * import { TRAIN_CLV_REGRESSOR_DEFAULTS } from 'clvkit/churn';
 * TRAIN_CLV_REGRESSOR_DEFAULTS.maxFeatures; // 'third'
 * ```
 */
export const TRAIN_CLV_REGRESSOR_DEFAULTS = Object.freeze({
  target: 'spend',
  model: 'random-forest',
  seed: 1,
  trees: 100,
  maxDepth: 12,
  minLeafSize: 5,
  maxFeatures: 'third',
  bins: 255,
  ridge: 1e-8,
  constantFeatures: 'drop',
} as const);

const KEYS = new Set([
  'seed',
  'trees',
  'maxDepth',
  'minLeafSize',
  'maxFeatures',
  'bins',
  'target',
  'model',
  'constantFeatures',
  'onWarning',
]);

function targetColumn(
  dataset: ChurnDataset,
  target: ClvRegressorTarget,
  field: string,
): Float64Array {
  const column = target === 'spend' ? dataset.futureSpend : dataset.futurePurchases;
  const name = target === 'spend' ? 'futureSpend' : 'futurePurchases';
  if (!(column instanceof Float64Array) || column.length !== dataset.ids.length) {
    invalidArgument(
      `${field}.${name}`,
      `${field} has no ${name} (one per row): build it with a cutoff + horizon inside the log`,
    );
  }
  for (let i = 0; i < column.length; i++) {
    if (!Number.isFinite(column[i]!)) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `Row ${i + 1}: ${name} is ${column[i]}`,
          i + 1,
          name,
          column[i],
        ),
      );
    }
  }
  return column;
}

/**
 * Trains a regressor of the future spend (or purchases) of each row over the data set's horizon
 * from its features: a random forest (variance-reduction splits, mean of the leaf means) or least
 * squares on standardised features. Compare it with the BG/NBD + Gamma-Gamma prediction on a
 * holdout with {@link compareClvPredictions}.
 *
 * Cost: forest O(trees · n · maxFeatures · depth); linear O(n · p²).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when the data set has no future spend/purchases, a
 *   non-finite feature or target, or only constant features; `INVALID_OPTION` for bad options.
 * @example
 * ```ts
 * import { predictClvRegressor, trainClvRegressor } from 'clvkit/churn';
 * declare const train: import('clvkit/churn').ChurnDataset;
 * const forest = trainClvRegressor(train, { target: 'spend', model: 'random-forest', seed: 1 });
 * const spend = predictClvRegressor(forest, train); // Float64Array
 * ```
 */
export function trainClvRegressor(
  dataset: ChurnDataset,
  options: TrainClvRegressorOptions = {},
): ClvRegressor {
  checkOptionKeys(options, KEYS);
  const defaults = TRAIN_CLV_REGRESSOR_DEFAULTS;
  const target = options.target ?? defaults.target;
  if (target !== 'spend' && target !== 'purchases')
    invalidOption('target', target, "must be 'spend' or 'purchases'");
  const kind = options.model ?? defaults.model;
  if (kind !== 'random-forest' && kind !== 'linear')
    invalidOption('model', kind, "must be 'random-forest' or 'linear'");
  const policy = options.constantFeatures ?? defaults.constantFeatures;
  if (policy !== 'drop' && policy !== 'error')
    invalidOption('constantFeatures', policy, "must be 'drop' or 'error'");
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function')
    invalidOption('onWarning', options.onWarning, 'must be a function');
  checkDataset(dataset);
  const y = targetColumn(dataset, target, 'dataset');
  checkFinite(dataset.columns, dataset.featureNames);
  const kept = splitConstantFeatures(dataset.featureNames, dataset.columns, policy);
  const warnings: string[] = [];
  if (kept.dropped.length > 0)
    emitWarning(warnings, `Dropped constant feature(s) ${kept.dropped.join(', ')}`, options);
  const base = {
    kind: 'clv-regressor' as const,
    schemaVersion: 1 as const,
    target,
    horizon: dataset.horizon,
    unit: dataset.unit,
    featureNames: kept.names,
    droppedFeatures: kept.dropped,
    trainingRows: y.length,
    warnings,
  };
  if (kind === 'linear') {
    const fit = fitLinear(kept.columns, y, defaults.ridge);
    const model: LinearClvRegressor = {
      ...base,
      model: 'linear',
      ridge: defaults.ridge,
      intercept: fit.intercept,
      coefficients: fit.coefficients,
      means: fit.means,
      scales: fit.scales,
    };
    return freezeFit(model);
  }
  const settings = forestSettings(options, kept.names.length, 'third', defaults);
  const trees = trainForest({ columns: kept.columns, target: y, task: 'regression', settings });
  const model: ForestClvRegressor = { ...base, model: 'random-forest', settings, trees };
  return freezeFit(model);
}

/**
 * Predicted future spend (or purchases) of every row of `dataset` over the model's horizon,
 * columns matched by name as in {@link predictChurn}. O(n · trees · depth) or O(n · p).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` (field `featureNames`) naming missing features; as
 *   {@link predictChurn}.
 * @example
 * ```ts
 * import { predictClvRegressor } from 'clvkit/churn';
 * declare const model: import('clvkit/churn').ClvRegressor;
 * declare const scoring: import('clvkit/churn').ChurnDataset;
 * predictClvRegressor(model, scoring); // Float64Array, one per row
 * ```
 */
export function predictClvRegressor(model: ClvRegressor, dataset: ChurnDataset): Float64Array {
  if (model === null || typeof model !== 'object' || model.kind !== 'clv-regressor')
    invalidOption('model', model, 'must be a CLV regressor from trainClvRegressor');
  const columns = columnsByName(dataset, model.featureNames);
  if (model.model === 'linear') return linearPredictor(model, columns);
  return predictForest(packForest(model.trees, model.featureNames.length), columns);
}

function constant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** Errors of one prediction against the holdout's actual values. */
export interface ClvPredictionComparison {
  readonly name: string;
  /** Root mean squared error. */
  readonly rmse: number;
  /** Mean absolute error. */
  readonly mae: number;
  /** Pearson correlation of predicted and actual (NaN-free: 0 when either is constant). */
  readonly correlation: number;
  /** Sum of the predictions. */
  readonly predictedTotal: number;
  /** Sum of the actual values. */
  readonly actualTotal: number;
  /** predictedTotal − actualTotal. */
  readonly totalError: number;
  /** totalError / actualTotal; 0 when both totals are 0, ±Infinity when only the actual one is. */
  readonly relativeTotalError: number;
}

/** Options of {@link compareClvPredictions}. */
export interface CompareClvPredictionsOptions {
  /** `'spend'` (default) compares with futureSpend, `'purchases'` with futurePurchases. */
  readonly target?: ClvRegressorTarget;
  /**
   * The predictions to compare, by name: a trained {@link ClvRegressor} (predicted here) or an
   * array with one value per holdout row (e.g. BG/NBD conditional expected purchases × Gamma-Gamma
   * expected spend over the same horizon).
   */
  readonly predictions: Readonly<Record<string, ClvRegressor | ArrayLike<number>>>;
}

/**
 * Compares predictions of future spend (or purchases) on a holdout data set: RMSE, MAE, Pearson
 * correlation and the error of the total, one row per prediction in the order given, so a forest,
 * the linear model and the BG/NBD + Gamma-Gamma prediction can be set side by side. O(n · k).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when the holdout lacks the target, a prediction array has
 *   the wrong length or a non-finite value (row named); `INVALID_OPTION` for no predictions.
 * @example
 * ```ts
 * import { compareClvPredictions } from 'clvkit/churn';
 * declare const holdout: import('clvkit/churn').ChurnDataset;
 * declare const forest: import('clvkit/churn').ClvRegressor;
 * declare const linear: import('clvkit/churn').ClvRegressor;
 * declare const btyd: Float64Array; // BG/NBD + Gamma-Gamma expected spend over the horizon
 * compareClvPredictions(holdout, { predictions: { forest, linear, 'BG/NBD + Gamma-Gamma': btyd } });
 * ```
 */
export function compareClvPredictions(
  holdout: ChurnDataset,
  options: CompareClvPredictionsOptions,
): ClvPredictionComparison[] {
  checkOptionKeys(options, new Set(['target', 'predictions']));
  const target = options.target ?? 'spend';
  if (target !== 'spend' && target !== 'purchases')
    invalidOption('target', target, "must be 'spend' or 'purchases'");
  const predictions = options.predictions;
  if (
    predictions === null ||
    typeof predictions !== 'object' ||
    Object.keys(predictions).length === 0
  )
    invalidOption('predictions', predictions, 'must name at least one prediction');
  checkDataset(holdout, 'holdout');
  const actual = targetColumn(holdout, target, 'holdout');
  const n = actual.length;
  return Object.entries(predictions).map(([name, source]) => {
    let predicted: ArrayLike<number>;
    if (
      source !== null &&
      typeof source === 'object' &&
      (source as ClvRegressor).kind === 'clv-regressor'
    ) {
      const model = source as ClvRegressor;
      if (model.target !== target)
        invalidOption(
          `predictions.${name}`,
          model.target,
          `is a ${model.target} model, not ${target}`,
        );
      predicted = predictClvRegressor(model, holdout);
    } else predicted = source as ArrayLike<number>;
    if (predicted === null || typeof predicted !== 'object' || predicted.length !== n) {
      invalidArgument(
        `predictions.${name}`,
        `prediction ${displayValue(name)} must have one value per holdout row (${n})`,
      );
    }
    let squares = 0;
    let absolute = 0;
    let sumP = 0;
    let sumA = 0;
    for (let i = 0; i < n; i++) {
      const p = predicted[i]!;
      if (typeof p !== 'number' || !Number.isFinite(p)) {
        throw new ClvError(
          issueOf(
            'INVALID_ARGUMENT',
            `Row ${i + 1}: prediction ${displayValue(name)} is ${p}`,
            i + 1,
            `predictions.${name}`,
            p,
          ),
        );
      }
      const d = p - actual[i]!;
      squares += d * d;
      absolute += Math.abs(d);
      sumP += p;
      sumA += actual[i]!;
    }
    const meanP = sumP / n;
    const meanA = sumA / n;
    let cov = 0;
    let varP = 0;
    let varA = 0;
    for (let i = 0; i < n; i++) {
      const dp = predicted[i]! - meanP;
      const da = actual[i]! - meanA;
      cov += dp * da;
      varP += dp * dp;
      varA += da * da;
    }
    const totalError = sumP - sumA;
    return {
      name,
      rmse: Math.sqrt(squares / n),
      mae: absolute / n,
      // Constant predictions or actuals have no correlation (0, not a NaN or rounding noise).
      correlation:
        varP > 0 && varA > 0 && !constant(predicted) && !constant(actual)
          ? cov / Math.sqrt(varP * varA)
          : 0,
      predictedTotal: sumP,
      actualTotal: sumA,
      totalError,
      relativeTotalError:
        sumA !== 0 ? totalError / sumA : totalError === 0 ? 0 : Math.sign(totalError) * Infinity,
    };
  });
}
