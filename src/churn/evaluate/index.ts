export { EVALUATE_CLASSIFIER_DEFAULTS, evaluateClassifier, rocAuc } from './evaluate.js';
export type {
  CalibrationBin,
  ClassifierEvaluation,
  ConfusionMatrix,
  EvaluateClassifierOptions,
  GainsRow,
} from './types.js';
