import type { FlatTree, ForestSettings } from './forest.js';

export type { FlatTree, ForestSettings } from './forest.js';

/** Fields every churn model and CLV regressor carries. */
interface LearnedModelBase {
  readonly schemaVersion: 1;
  /** Features the model uses, in the order of its coefficients / tree feature indices. */
  readonly featureNames: readonly string[];
  /** Training features left out because they were constant (see `constantFeatures`). */
  readonly droppedFeatures: readonly string[];
  /** Rows the model was trained on. */
  readonly trainingRows: number;
  /** Warnings raised while training (dropped features, non-convergence), also sent to `onWarning`. */
  readonly warnings: readonly string[];
}

/** Diagnostics of a Newton fit (logistic regression). */
export interface NewtonDiagnostics {
  readonly converged: boolean;
  readonly iterations: number;
  /** Largest absolute gradient component of the penalised mean log-loss at the solution. */
  readonly gradientNorm: number;
  readonly message: string;
}

/**
 * A random-forest churn classifier: plain, frozen, JSON-safe data. Churn probability = mean over
 * the trees of the leaf's share of churners (bootstrap-weighted).
 *
 * @example
 * ```ts
 * import type { ForestChurnModel } from 'clvkit/churn';
 * const size = (m: ForestChurnModel) => m.trees.reduce((s, t) => s + t.feature.length, 0);
 * ```
 */
export interface ForestChurnModel extends LearnedModelBase {
  readonly kind: 'churn-model';
  readonly model: 'random-forest';
  /** Share of churners among the training rows. */
  readonly positiveRate: number;
  readonly settings: ForestSettings;
  readonly trees: readonly FlatTree[];
}

/**
 * An L2-regularised logistic-regression churn classifier on standardised features:
 * P(churn) = 1 / (1 + exp(−(intercept + Σ_j coefficients[j] · (x_j − means[j]) / scales[j]))).
 *
 * @example
 * ```ts
 * import type { LogisticChurnModel } from 'clvkit/churn';
 * const strongest = (m: LogisticChurnModel) =>
 *   m.featureNames[m.coefficients.map(Math.abs).indexOf(Math.max(...m.coefficients.map(Math.abs)))];
 * ```
 */
export interface LogisticChurnModel extends LearnedModelBase {
  readonly kind: 'churn-model';
  readonly model: 'logistic';
  readonly positiveRate: number;
  /** L2 penalty c of the objective mean log-loss + c · Σ β² (standardised coefficients). */
  readonly penalty: number;
  readonly intercept: number;
  readonly coefficients: readonly number[];
  readonly means: readonly number[];
  readonly scales: readonly number[];
  readonly diagnostics: NewtonDiagnostics;
}

/**
 * A trained churn classifier (see {@link trainChurnModel}), discriminated by `model`.
 *
 * @example
 * ```ts
 * import type { ChurnModel } from 'clvkit/churn';
 * const label = (m: ChurnModel) => `${m.model} on ${m.featureNames.length} features`;
 * ```
 */
export type ChurnModel = ForestChurnModel | LogisticChurnModel;

/** What a CLV regressor predicts: future spend or future purchases over the horizon. */
export type ClvRegressorTarget = 'spend' | 'purchases';

/**
 * A random-forest regressor of future spend or purchases (see {@link trainClvRegressor}).
 *
 * @example
 * ```ts
 * import type { ForestClvRegressor } from 'clvkit/churn';
 * const what = (m: ForestClvRegressor) => `${m.target} over ${m.horizon} ${m.unit}s`;
 * ```
 */
export interface ForestClvRegressor extends LearnedModelBase {
  readonly kind: 'clv-regressor';
  readonly model: 'random-forest';
  readonly target: ClvRegressorTarget;
  /** The data set's horizon and unit: the window the target was measured over. */
  readonly horizon: number;
  readonly unit: string;
  readonly settings: ForestSettings;
  readonly trees: readonly FlatTree[];
}

/**
 * A least-squares regressor of future spend or purchases on standardised features:
 * prediction = intercept + Σ_j coefficients[j] · (x_j − means[j]) / scales[j].
 *
 * @example
 * ```ts
 * import type { LinearClvRegressor } from 'clvkit/churn';
 * const base = (m: LinearClvRegressor) => m.intercept; // the mean target of the training rows
 * ```
 */
export interface LinearClvRegressor extends LearnedModelBase {
  readonly kind: 'clv-regressor';
  readonly model: 'linear';
  readonly target: ClvRegressorTarget;
  readonly horizon: number;
  readonly unit: string;
  /** Ridge λ of (ZᵀZ + λnI)β = Zᵀy, a tiny value for numerical stability only. */
  readonly ridge: number;
  readonly intercept: number;
  readonly coefficients: readonly number[];
  readonly means: readonly number[];
  readonly scales: readonly number[];
}

/**
 * A trained CLV regressor, discriminated by `model`.
 *
 * @example
 * ```ts
 * import type { ClvRegressor } from 'clvkit/churn';
 * const isForest = (m: ClvRegressor) => m.model === 'random-forest';
 * ```
 */
export type ClvRegressor = ForestClvRegressor | LinearClvRegressor;

/** Options shared by the forest trainers. */
export interface ForestOptions {
  /** Seed of the bootstrap samples and feature draws (a safe integer or a string). */
  readonly seed?: number | string;
  /** Number of trees (1 … 10,000). */
  readonly trees?: number;
  /** Maximum depth of a tree (1 … 64); the root is depth 0. */
  readonly maxDepth?: number;
  /** Minimum (bootstrap-weighted) rows in a leaf (≥ 1). */
  readonly minLeafSize?: number;
  /**
   * Features drawn at random as split candidates at each node: a count from 1 to p, `'sqrt'`
   * (⌊√p⌋, the classification default) or `'third'` (⌊p/3⌋, the regression default), at least 1.
   */
  readonly maxFeatures?: number | 'sqrt' | 'third';
  /** Quantile bins per feature for the split search (2 … 255). */
  readonly bins?: number;
}

/** Options of {@link trainChurnModel}; defaults in {@link TRAIN_CHURN_MODEL_DEFAULTS}. */
export interface TrainChurnModelOptions extends ForestOptions {
  /** `'random-forest'` (default) or `'logistic'`. */
  readonly model?: 'random-forest' | 'logistic';
  /** L2 penalty c of the logistic regression (mean log-loss + c · Σ β²), finite ≥ 0. */
  readonly penalty?: number;
  /**
   * What to do with a feature that is constant on the training rows: `'drop'` (default: leave it
   * out, with a warning in `warnings` and through `onWarning`, and list it in `droppedFeatures`)
   * or `'error'` (throw `INVALID_ARGUMENT`).
   */
  readonly constantFeatures?: 'drop' | 'error';
  /** Called once per warning as it is raised; library code never writes to the console. */
  readonly onWarning?: (message: string) => void;
}

/** Options of {@link trainClvRegressor}; defaults in {@link TRAIN_CLV_REGRESSOR_DEFAULTS}. */
export interface TrainClvRegressorOptions extends ForestOptions {
  /** `'spend'` (default: futureSpend) or `'purchases'` (futurePurchases). */
  readonly target?: ClvRegressorTarget;
  /** `'random-forest'` (default) or `'linear'`. */
  readonly model?: 'random-forest' | 'linear';
  /** As {@link TrainChurnModelOptions.constantFeatures}. */
  readonly constantFeatures?: 'drop' | 'error';
  /** Called once per warning as it is raised; library code never writes to the console. */
  readonly onWarning?: (message: string) => void;
}
