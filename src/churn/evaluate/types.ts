/** One bin of a calibration table: rows whose predicted probability falls in [lower, upper]. */
export interface CalibrationBin {
  /** Bin number, 0 = lowest scores. Empty bins are left out, so numbers may skip. */
  readonly bin: number;
  /** Rows in the bin. */
  readonly count: number;
  /** Mean predicted probability of the rows in the bin. */
  readonly meanPredicted: number;
  /** Share of positives (label 1) in the bin. */
  readonly observedRate: number;
  /** Equal-width bins: the bin's edges; equal-count bins: the lowest and highest score in it. */
  readonly lower: number;
  readonly upper: number;
}

/** One decile of a gains/lift table (rows ranked by descending score). */
export interface GainsRow {
  /** 1..10, highest scores first. */
  readonly decile: number;
  /** Cumulative share of rows up to and including this decile. */
  readonly customerShare: number;
  /** Positives in this decile (fractional when a tie group straddles a decile border). */
  readonly positives: number;
  /** Cumulative share of all positives captured up to this decile. */
  readonly cumulativeGain: number;
  /** Positive rate in this decile / overall positive rate (0 for a decile without rows). */
  readonly lift: number;
  /** cumulativeGain / customerShare (0 while no row has been reached). */
  readonly cumulativeLift: number;
}

/** Confusion matrix of the rule "predict 1 when score ≥ threshold", with its summary rates. */
export interface ConfusionMatrix {
  readonly threshold: number;
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
  /** tp / (tp + fp); 0 when nothing is predicted positive. */
  readonly precision: number;
  /** tp / (tp + fn). */
  readonly recall: number;
  /** (tp + tn) / rows. */
  readonly accuracy: number;
  /** 2tp / (2tp + fp + fn). */
  readonly f1: number;
}

/** Everything {@link evaluateClassifier} measures of one set of scores. */
export interface ClassifierEvaluation {
  readonly rows: number;
  /** Rows with label 1. */
  readonly positives: number;
  /** Area under the ROC curve, ties counted as one half (Mann–Whitney U / (P·N)). */
  readonly rocAuc: number;
  /** Average precision: Σ (R_k − R_{k−1}) P_k over the distinct score thresholds, step-wise. */
  readonly prAuc: number;
  /** Mean squared error of the probabilities: mean (score − label)². */
  readonly brier: number;
  /** Mean negative log-likelihood, probabilities clipped to [1e-15, 1 − 1e-15]. */
  readonly logLoss: number;
  readonly calibration: readonly CalibrationBin[];
  readonly gains: readonly GainsRow[];
  /** ROC curve vertices from (0, 0) to (1, 1), thinned to at most 201 points. */
  readonly roc: { readonly fpr: Float64Array; readonly tpr: Float64Array };
  readonly confusion: ConfusionMatrix;
}

/** Options of {@link evaluateClassifier}. */
export interface EvaluateClassifierOptions {
  /** Threshold of the confusion matrix: predict 1 when score ≥ threshold (default 0.5). */
  readonly threshold?: number;
  /** Number of calibration bins (default 10). */
  readonly bins?: number;
  /**
   * `'equal-width'` (default): bin ⌊score · bins⌋ of [0, 1] (a score of 1 in the last bin);
   * `'equal-count'`: rows ranked by score split into `bins` groups of ⌊n/bins⌋ or ⌈n/bins⌉ rows.
   */
  readonly calibration?: 'equal-width' | 'equal-count';
}
