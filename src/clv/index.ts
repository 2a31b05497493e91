export type {
  ComparableModel,
  CompareModelsOptions,
  ModelComparison,
  ModelComparisonRow,
  ModelCriterion,
} from './compare-models.js';
export { COMPARABLE_MODELS, COMPARE_MODELS_DEFAULTS, compareModels } from './compare-models.js';
export type {
  EvaluateHoldoutOptions,
  HoldoutByFrequency,
  HoldoutEvaluation,
  HoldoutMetrics,
  HoldoutTracking,
} from './evaluate-holdout.js';
export { EVALUATE_HOLDOUT_DEFAULTS, evaluateHoldout } from './evaluate-holdout.js';
export type { PredictClvInput, PredictClvResult } from './predict-clv.js';
export { predictClv } from './predict-clv.js';
export type { PurchaseFit } from './purchase-model.js';
