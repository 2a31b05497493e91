import { invalidOption } from '../../errors/index.js';
import { StringIndex } from '../../internal/string-index.js';
import { emitWarning } from '../../models/shared.js';
import { createRandom } from '../../random/index.js';
import { millisecondsPerUnit } from '../../time/index.js';
import type { ChurnDataset } from '../dataset/index.js';
import {
  type ClassifierEvaluation,
  type EvaluateClassifierOptions,
  evaluateClassifier,
} from '../evaluate/index.js';
import {
  checkDataset,
  checkInteger,
  checkLabels,
  checkOptionKeys,
  columnsByName,
  invalidArgument,
  subsetDataset,
} from './data.js';
import { fitLogistic, sigmoid } from './linear.js';
import { predictChurn, trainChurnModel } from './train.js';
import type { ChurnModel, TrainChurnModelOptions } from './types.js';

/** Options of the baseline scores. */
export interface BaselineOptions {
  /**
   * A labelled data set to calibrate the rule on (Platt scaling: a one-feature logistic
   * regression of the label on the rule's score, its slope held ≥ 0 so the ranking is kept).
   * Without it the scores are uncalibrated: fine for ROC/PR AUC, not for Brier or log-loss.
   */
  readonly calibration?: ChurnDataset;
}

/** The mid-rank ECDF of `values` in (0, 1): a score rising with the value, ties equal. O(n log n). */
function midRank(values: Float64Array): Float64Array {
  const n = values.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a]! - values[b]!);
  const out = new Float64Array(n);
  for (let k = 0; k < n; ) {
    let end = k + 1;
    while (end < n && values[order[end]!] === values[order[k]!]) end++;
    const score = (k + end) / 2 / n; // ranks k+1 … end, mean (k + end + 1)/2, minus ½, over n
    for (let m = k; m < end; m++) out[order[m]!] = score;
    k = end;
  }
  return out;
}

/** Platt scaling of `raw` scores fitted on (`trainRaw`, `labels`), slope ≥ 0. */
function calibrate(raw: Float64Array, trainRaw: Float64Array, labels: Uint8Array): Float64Array {
  const fit = fitLogistic([trainRaw], labels, 0);
  const slope = (fit.coefficients[0] ?? 0) / (fit.scales[0] || 1);
  const out = new Float64Array(raw.length);
  if (!(slope > 0) || !Number.isFinite(slope)) {
    // The rule does not rise with churn on the calibration rows: fall back to the base rate.
    let positives = 0;
    for (let i = 0; i < labels.length; i++) positives += labels[i]!;
    out.fill(positives / labels.length);
    return out;
  }
  const mean = fit.means[0]!;
  for (let i = 0; i < raw.length; i++) out[i] = sigmoid(fit.intercept + slope * (raw[i]! - mean));
  return out;
}

function baseline(
  dataset: ChurnDataset,
  feature: string,
  raw: (column: Float64Array) => Float64Array,
  options: BaselineOptions,
): Float64Array {
  checkOptionKeys(options, new Set(['calibration']));
  const column = columnsByName(dataset, [feature])[0]!;
  if (options.calibration === undefined) return raw(column);
  const labels = checkLabels(options.calibration, 'calibration');
  const trainColumn = columnsByName(options.calibration, [feature], 'calibration')[0]!;
  // Calibrate on the raw feature (monotone in the rule's score), not on its rank within a set.
  const transform = feature === 'pAlive' ? raw : (c: Float64Array) => c;
  return calibrate(transform(column), transform(trainColumn), labels);
}

/**
 * The recency rule: the longer since the last purchase (feature `'recency'`), the likelier the
 * churn. Scores are the mid-rank of the recency among the rows, in (0, 1); with `calibration`,
 * probabilities from a logistic fit of the labels on recency there. O(n log n).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` (field `featureNames`) when the data set has no
 *   `'recency'` feature; as {@link trainChurnModel} for a bad calibration set.
 * @example
 * ```ts
 * import { recencyBaseline } from 'clvkit/churn';
 * declare const dataset: import('clvkit/churn').ChurnDataset;
 * const scores = recencyBaseline(dataset); // rises with dataset's recency column
 * ```
 */
export function recencyBaseline(
  dataset: ChurnDataset,
  options: BaselineOptions = {},
): Float64Array {
  return baseline(dataset, 'recency', midRank, options);
}

/**
 * The BTYD rule: 1 − P(alive) from the BG/NBD fit the data set was built with (feature
 * `'pAlive'`, present when `churnDataset` was given `bgNbd`). With `calibration`, probabilities
 * from a logistic fit of the labels on 1 − P(alive) there (P(dead now) is not P(no purchase in the
 * horizon): an alive customer may still not buy). O(n).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` (field `featureNames`) when there is no `'pAlive'`.
 * @example
 * ```ts
 * import { aliveBaseline } from 'clvkit/churn';
 * declare const dataset: import('clvkit/churn').ChurnDataset; // built with { bgNbd: fit }
 * const scores = aliveBaseline(dataset); // 1 − P(alive) per row
 * ```
 */
export function aliveBaseline(dataset: ChurnDataset, options: BaselineOptions = {}): Float64Array {
  const complement = (column: Float64Array) => {
    const out = new Float64Array(column.length);
    for (let i = 0; i < column.length; i++) out[i] = Math.min(1, Math.max(0, 1 - column[i]!));
    return out;
  };
  return baseline(dataset, 'pAlive', complement, options);
}

/** The four headline metrics of a classifier. */
export interface ClassifierMetrics {
  readonly rocAuc: number;
  readonly prAuc: number;
  readonly brier: number;
  readonly logLoss: number;
}

/** Metrics of the model and of the baselines on one set of rows. */
export interface MetricsWithBaselines {
  readonly model: ClassifierMetrics;
  readonly recency: ClassifierMetrics | undefined;
  /** Present when the data set has the `'pAlive'` feature. */
  readonly alive: ClassifierMetrics | undefined;
}

/** One fold of {@link crossValidate}. */
export interface FoldResult extends MetricsWithBaselines {
  readonly fold: number;
  readonly trainRows: number;
  readonly testRows: number;
  /** Distinct customer ids among the test rows. */
  readonly testCustomers: number;
}

/** Output of {@link crossValidate}. */
export interface CrossValidationResult {
  /** How rows were dealt to the folds (see {@link CrossValidateOptions.groupBy}). */
  readonly groupBy: 'customer' | 'row';
  readonly folds: readonly FoldResult[];
  /** Mean of each metric over the folds. */
  readonly mean: MetricsWithBaselines;
  /** The model's mean ROC AUC is above every baseline's. */
  readonly beatsBaselines: boolean;
  /** Plain statement of how the model compares with the baselines. */
  readonly message: string;
  readonly warnings: readonly string[];
}

/** Options of {@link crossValidate}: folds plus any {@link TrainChurnModelOptions}. */
export interface CrossValidateOptions extends TrainChurnModelOptions {
  /** Number of folds (2 … 100; default 5). */
  readonly folds?: number;
  /**
   * `'customer'` (default): every row of one customer id — a customer at several stacked cutoffs
   * — falls in the same fold, so no fold is scored on customers the model was trained on (the
   * honest choice: otherwise a customer's other rows leak their behaviour into the training
   * folds). `'row'`: rows are dealt independently. With one row per customer both are the same.
   */
  readonly groupBy?: 'customer' | 'row';
}

/**
 * Fold (0 … folds − 1) of each row: groups (customer ids, or single rows) are split into strata
 * by their share of label 1 (one stratum per distinct share: for single rows, the two classes),
 * each stratum is shuffled with `random` (Fisher–Yates) and its groups dealt round-robin, the
 * count running on across strata, so that every fold gets about the same number of groups of
 * each class mix. Groups keep the order of their first row before shuffling.
 */
function assignFolds(
  ids: readonly string[],
  labels: Uint8Array,
  folds: number,
  groupBy: 'customer' | 'row',
  random: { next(): number },
): { fold: Int32Array; groups: number } {
  const n = labels.length;
  const groupOf = new Int32Array(n);
  let groups = n;
  if (groupBy === 'row') {
    for (let i = 0; i < n; i++) groupOf[i] = i;
  } else {
    const index = new StringIndex();
    for (let i = 0; i < n; i++) groupOf[i] = index.add(ids[i]!);
    groups = index.size;
  }
  const size = new Int32Array(groups);
  const positives = new Int32Array(groups);
  for (let i = 0; i < n; i++) {
    size[groupOf[i]!]!++;
    positives[groupOf[i]!]! += labels[i]!;
  }
  const strata = new Map<number, number[]>();
  for (let g = 0; g < groups; g++) {
    const share = positives[g]! / size[g]!;
    const list = strata.get(share);
    if (list === undefined) strata.set(share, [g]);
    else list.push(g);
  }
  const foldOfGroup = new Int32Array(groups);
  let dealt = 0;
  for (const share of [...strata.keys()].sort((a, b) => a - b)) {
    const list = strata.get(share)!;
    for (let k = list.length - 1; k > 0; k--) {
      const j = Math.floor(random.next() * (k + 1));
      const t = list[k]!;
      list[k] = list[j]!;
      list[j] = t;
    }
    for (const g of list) foldOfGroup[g] = dealt++ % folds;
  }
  const fold = new Int32Array(n);
  for (let i = 0; i < n; i++) fold[i] = foldOfGroup[groupOf[i]!]!;
  return { fold, groups };
}

function distinctIds(ids: readonly string[]): number {
  const index = new StringIndex();
  for (const id of ids) index.add(id);
  return index.size;
}

function metricsOf(evaluation: ClassifierEvaluation): ClassifierMetrics {
  const { rocAuc, prAuc, brier, logLoss } = evaluation;
  return { rocAuc, prAuc, brier, logLoss };
}

function hasFeature(dataset: ChurnDataset, name: string): boolean {
  return dataset.featureNames.includes(name);
}

function baselineEvaluations(
  train: ChurnDataset,
  test: ChurnDataset,
  labels: Uint8Array,
  options?: EvaluateClassifierOptions,
) {
  const recency = hasFeature(test, 'recency')
    ? evaluateClassifier(labels, recencyBaseline(test, { calibration: train }), options)
    : undefined;
  const alive = hasFeature(test, 'pAlive')
    ? evaluateClassifier(labels, aliveBaseline(test, { calibration: train }), options)
    : undefined;
  return { recency, alive };
}

function verdict(model: ClassifierMetrics, recency?: ClassifierMetrics, alive?: ClassifierMetrics) {
  const named: [string, ClassifierMetrics][] = [];
  if (recency !== undefined) named.push(['the recency rule', recency]);
  if (alive !== undefined) named.push(['1 − P(alive)', alive]);
  const f = (x: number) => x.toFixed(3);
  if (named.length === 0) {
    return {
      beatsBaselines: false,
      message: `No baseline could be computed (the data set has neither 'recency' nor 'pAlive'): the model's ROC AUC ${f(model.rocAuc)} stands unchecked.`,
    };
  }
  const lost = named.filter(([, m]) => !(model.rocAuc > m.rocAuc));
  const parts = named.map(([name, m]) => `${name} ROC AUC ${f(m.rocAuc)}, Brier ${f(m.brier)}`);
  const summary = `model ROC AUC ${f(model.rocAuc)}, Brier ${f(model.brier)}; ${parts.join('; ')}`;
  if (lost.length === 0)
    return { beatsBaselines: true, message: `The model beats every baseline (${summary}).` };
  return {
    beatsBaselines: false,
    message: `The model does NOT beat ${lost.map(([name]) => name).join(' nor ')} on ROC AUC (${summary}): prefer the simpler rule or improve the features.`,
  };
}

/**
 * Stratified, customer-grouped k-fold cross-validation of a churn model beside the baselines.
 * Customers (all the rows of one id: a customer at several stacked cutoffs stays in one fold)
 * are split by their share of churn rows — for one row per customer, by class — shuffled with a
 * stream seeded by `seed` and dealt round-robin to the folds, so each fold gets ⌊·⌋ or ⌈·⌉ of
 * each class's customers; `groupBy: 'row'` deals rows instead. Each fold is scored by a model
 * trained on the others, and the baselines are calibrated on the same training rows. Reports
 * per-fold and mean ROC AUC, PR AUC, Brier score and log-loss, and says plainly whether the model
 * beats the baselines. Folds mix cutoffs: for an estimate of performance on later data use
 * {@link backtest}.
 *
 * Cost: `folds` trainings on (folds − 1)/folds of the rows, plus O(n log n) per evaluation.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when a class has fewer rows than folds (fewer rows than
 *   folds included; field `dataset.labels` or `dataset`), when there are fewer customers than
 *   folds (`dataset.ids`), or when a fold would hold no row of a class (`dataset.labels`), and as
 *   {@link trainChurnModel}; `INVALID_OPTION` for a bad `folds` or `groupBy`.
 * @example
 * ```ts
 * import { crossValidate } from 'clvkit/churn';
 * declare const dataset: import('clvkit/churn').ChurnDataset;
 * const cv = crossValidate(dataset, { folds: 5, seed: 1, trees: 50 });
 * cv.mean.model.rocAuc; // e.g. 0.83
 * cv.message; // 'The model beats every baseline (…)' or says which it does not beat
 * ```
 */
export function crossValidate(
  dataset: ChurnDataset,
  options: CrossValidateOptions = {},
): CrossValidationResult {
  const { folds: foldsOption, groupBy = 'customer', ...trainOptions } = options;
  const folds = checkInteger('folds', foldsOption ?? 5, 2, 100);
  if (groupBy !== 'customer' && groupBy !== 'row')
    invalidOption('groupBy', groupBy, "must be 'customer' or 'row'");
  checkDataset(dataset);
  const labels = checkLabels(dataset);
  const n = labels.length;
  if (n < folds)
    invalidArgument('dataset', `${n} rows cannot fill ${folds} folds: use fewer folds`, n);
  const byClass: number[][] = [[], []];
  for (let i = 0; i < n; i++) byClass[labels[i]!]!.push(i);
  for (const cls of [0, 1]) {
    if (byClass[cls]!.length < folds) {
      invalidArgument(
        'dataset.labels',
        `only ${byClass[cls]!.length} rows have label ${cls}: stratified ${folds}-fold cross-validation needs at least ${folds} of each class`,
        byClass[cls]!.length,
      );
    }
  }
  const random = createRandom(trainOptions.seed ?? 1);
  const { fold, groups } = assignFolds(dataset.ids, labels, folds, groupBy, random);
  if (groups < folds) {
    invalidArgument(
      'dataset.ids',
      `${groups} customers cannot fill ${folds} folds when every customer's rows stay in one fold: use fewer folds (or groupBy: 'row')`,
      groups,
    );
  }
  const classCount = new Int32Array(2 * folds);
  for (let i = 0; i < n; i++) classCount[2 * fold[i]! + labels[i]!]!++;
  for (let f = 0; f < folds; f++) {
    for (const cls of [0, 1]) {
      if (classCount[2 * f + cls] === 0) {
        invalidArgument(
          'dataset.labels',
          `fold ${f + 1} of ${folds} would hold no row with label ${cls}: too few customers with label ${cls} to spread over ${folds} folds; use fewer folds`,
          folds,
        );
      }
    }
  }
  const warnings: string[] = [];
  const results: FoldResult[] = [];
  for (let f = 0; f < folds; f++) {
    let testCount = 0;
    for (let i = 0; i < n; i++) if (fold[i] === f) testCount++;
    const trainRows = new Int32Array(n - testCount);
    const testRows = new Int32Array(testCount);
    for (let i = 0, a = 0, b = 0; i < n; i++) {
      if (fold[i] === f) testRows[b++] = i;
      else trainRows[a++] = i;
    }
    const train = subsetDataset(dataset, trainRows);
    const test = subsetDataset(dataset, testRows);
    const model = trainChurnModel(train, {
      ...trainOptions,
      onWarning: (message) => emitWarning(warnings, `fold ${f + 1}: ${message}`, trainOptions),
    });
    const testLabels = test.labels!;
    const evaluation = evaluateClassifier(testLabels, predictChurn(model, test));
    const { recency, alive } = baselineEvaluations(train, test, testLabels);
    results.push({
      fold: f + 1,
      trainRows: trainRows.length,
      testRows: testCount,
      testCustomers: distinctIds(test.ids),
      model: metricsOf(evaluation),
      recency: recency && metricsOf(recency),
      alive: alive && metricsOf(alive),
    });
  }
  const average = (pick: (r: FoldResult) => ClassifierMetrics | undefined) => {
    if (pick(results[0]!) === undefined) return undefined;
    const keys = ['rocAuc', 'prAuc', 'brier', 'logLoss'] as const;
    const out = { rocAuc: 0, prAuc: 0, brier: 0, logLoss: 0 };
    for (const r of results) for (const key of keys) out[key] += pick(r)![key] / folds;
    return out;
  };
  const mean = {
    model: average((r) => r.model)!,
    recency: average((r) => r.recency),
    alive: average((r) => r.alive),
  };
  return {
    groupBy,
    folds: results,
    mean,
    ...verdict(mean.model, mean.recency, mean.alive),
    warnings,
  };
}

/** Output of {@link backtest}. */
export interface BacktestResult {
  /** The model trained on the earlier data set. */
  readonly model: ChurnModel;
  /** Its evaluation on the later data set. */
  readonly evaluation: ClassifierEvaluation;
  /** The baselines on the later data set, calibrated on the earlier one. */
  readonly baselines: {
    readonly recency: ClassifierEvaluation | undefined;
    readonly alive: ClassifierEvaluation | undefined;
  };
  readonly beatsBaselines: boolean;
  readonly message: string;
  readonly warnings: readonly string[];
}

/** Options of {@link backtest}: training options plus the evaluation's. */
export interface BacktestOptions extends TrainChurnModelOptions {
  readonly evaluation?: EvaluateClassifierOptions;
}

/**
 * Trains at one cutoff and tests at a later one: the honest check of a churn model. Every test
 * cutoff must come after every training cutoff. When a training label window (cutoff + horizon)
 * reaches past the first test cutoff a warning says so: a model deployed at the test cutoff would
 * not have those labels yet. Reports the full evaluation of the model and of the baselines
 * (calibrated on the training set) and whether the model beats them.
 *
 * Cost: one training plus O(n log n) per evaluation.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when a test cutoff is not after every training cutoff,
 *   when the test set has no labels, and as {@link trainChurnModel} / {@link predictChurn}.
 * @example
 * ```ts
 * import { backtest, churnDataset } from 'clvkit/churn';
 * declare const log: Parameters<typeof churnDataset>[0];
 * const horizon = { horizon: 13, unit: 'week' } as const;
 * const train = churnDataset(log, { cutoff: new Date('2023-06-30'), ...horizon });
 * const test = churnDataset(log, { cutoff: new Date('2023-09-30'), ...horizon });
 * const result = backtest(train, test, { seed: 1 });
 * result.message; // says whether the model beats the recency rule and 1 − P(alive)
 * ```
 */
export function backtest(
  train: ChurnDataset,
  test: ChurnDataset,
  options: BacktestOptions = {},
): BacktestResult {
  const { evaluation: evaluationOptions, ...trainOptions } = options;
  checkDataset(train, 'train');
  checkDataset(test, 'test');
  const testLabels = checkLabels(test, 'test');
  let lastTrain = Number.NEGATIVE_INFINITY;
  for (const c of train.cutoff) lastTrain = Math.max(lastTrain, c);
  let firstTest = Number.POSITIVE_INFINITY;
  for (const c of test.cutoff) firstTest = Math.min(firstTest, c);
  if (!(firstTest > lastTrain)) {
    invalidArgument(
      'test.cutoff',
      `test cutoff ${new Date(firstTest).toISOString()} must come after every training cutoff (latest ${new Date(lastTrain).toISOString()})`,
      firstTest,
    );
  }
  if (
    evaluationOptions !== undefined &&
    (typeof evaluationOptions !== 'object' || evaluationOptions === null)
  )
    invalidOption('evaluation', evaluationOptions, 'must be an object');
  const warnings: string[] = [];
  const labelEnd = lastTrain + train.horizon * millisecondsPerUnit(train.unit);
  if (labelEnd > firstTest) {
    emitWarning(
      warnings,
      `training labels run to ${new Date(labelEnd).toISOString()}, past the test cutoff ${new Date(firstTest).toISOString()}: a model deployed at the test cutoff would not have them yet (move the training cutoff back by the horizon for a strict backtest)`,
      trainOptions,
    );
  }
  const model = trainChurnModel(train, {
    ...trainOptions,
    onWarning: (message) => emitWarning(warnings, message, trainOptions),
  });
  const evaluation = evaluateClassifier(testLabels, predictChurn(model, test), evaluationOptions);
  const baselines = baselineEvaluations(train, test, testLabels, evaluationOptions);
  const result = verdict(
    metricsOf(evaluation),
    baselines.recency && metricsOf(baselines.recency),
    baselines.alive && metricsOf(baselines.alive),
  );
  return { model, evaluation, baselines, ...result, warnings };
}
