export type { FlatTree, ForestSettings } from './forest.js';
export type {
  FeatureImportance,
  FeatureImportanceOptions,
  FeatureImportanceResult,
} from './importance.js';
export { featureImportance } from './importance.js';
export { loadChurnModel, loadClvRegressor } from './load.js';
export type {
  ClvPredictionComparison,
  CompareClvPredictionsOptions,
} from './regressor.js';
export {
  compareClvPredictions,
  predictClvRegressor,
  TRAIN_CLV_REGRESSOR_DEFAULTS,
  trainClvRegressor,
} from './regressor.js';
export type { ChurnExplanation, ChurnReason, ExplainChurnOptions } from './train.js';
export {
  explainChurn,
  predictChurn,
  TRAIN_CHURN_MODEL_DEFAULTS,
  trainChurnModel,
} from './train.js';
export type {
  ChurnModel,
  ClvRegressor,
  ClvRegressorTarget,
  ForestChurnModel,
  ForestClvRegressor,
  ForestOptions,
  LinearClvRegressor,
  LogisticChurnModel,
  NewtonDiagnostics,
  TrainChurnModelOptions,
  TrainClvRegressorOptions,
} from './types.js';
export type {
  BacktestOptions,
  BacktestResult,
  BaselineOptions,
  ClassifierMetrics,
  CrossValidateOptions,
  CrossValidationResult,
  FoldResult,
  MetricsWithBaselines,
} from './validate.js';
export { aliveBaseline, backtest, crossValidate, recencyBaseline } from './validate.js';
