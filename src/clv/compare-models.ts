/**
 * Model choice: fit several purchase models on the same calibration data and put their in-sample
 * fit (log-likelihood, AIC, BIC) beside their out-of-sample accuracy on the holdout.
 *
 * @module
 */
import { ClvError, displayValue, invalidOption, issueOf } from '../errors/index.js';
import { fitBgNbd } from '../models/bg-nbd/index.js';
import { fitMbgNbd } from '../models/mbg-nbd/index.js';
import { fitParetoNbd } from '../models/pareto-nbd/index.js';
import { checkModelColumns } from '../models/shared.js';
import type { CustomerSummary } from '../summary/types.js';
import type { TimeUnit } from '../time/index.js';
import type { Transaction, TransactionColumns } from '../transactions/types.js';
import { evaluateHoldout, type HoldoutEvaluation } from './evaluate-holdout.js';
import type { PurchaseFit } from './purchase-model.js';

/** The purchase models {@link compareModels} can fit (continuous-time, non-contractual). */
export type ComparableModel = PurchaseFit['kind'];

/** Every {@link ComparableModel}, the default set of {@link compareModels}. */
export const COMPARABLE_MODELS: readonly ComparableModel[] = Object.freeze([
  'bg-nbd',
  'pareto-nbd',
  'mbg-nbd',
]);

/** How {@link compareModels} picks its recommendation. */
export type ModelCriterion = 'holdout' | 'bic' | 'aic';

/** Options of {@link compareModels}; defaults in {@link COMPARE_MODELS_DEFAULTS}. */
export interface CompareModelsOptions {
  /**
   * `'holdout'` (the default when the summary has holdout columns): lowest mean absolute error of
   * the per-customer holdout purchase predictions, ties broken by BIC. `'bic'` (the default
   * without holdout) or `'aic'`: lowest information criterion on the calibration data.
   */
  readonly criterion?: ModelCriterion;
  /** L2 penalty passed to every fit (default 0). */
  readonly penalty?: number;
  /** The transaction log, for the data side of the tracking curves (see {@link evaluateHoldout}). */
  readonly transactions?: readonly Transaction[] | TransactionColumns;
  /** Period of the tracking curves (default: the summary's unit). */
  readonly periodUnit?: TimeUnit;
  /** Calibration frequencies grouped up to this cap in `byFrequency` (default 7). */
  readonly frequencyCap?: number;
  /** Called once per warning raised by any fit (also kept per row). */
  readonly onWarning?: (message: string) => void;
}

/**
 * Defaults of {@link CompareModelsOptions}.
 *
 * @example
 * ```ts
 * import { COMPARE_MODELS_DEFAULTS } from 'clvkit';
 * COMPARE_MODELS_DEFAULTS.penalty; // 0
 * ```
 */
export const COMPARE_MODELS_DEFAULTS = Object.freeze({ penalty: 0, frequencyCap: 7 } as const);

/** One model's line in a {@link ModelComparison}. */
export interface ModelComparisonRow {
  readonly kind: ComparableModel;
  /** The fit, or `undefined` when fitting threw (see `error`). */
  readonly fit: PurchaseFit | undefined;
  /** Why the fit failed, when it did. */
  readonly error: string | undefined;
  /** Number of free parameters k. */
  readonly parameters: number;
  /** Calibration log-likelihood (NaN when the fit failed). */
  readonly logLikelihood: number;
  /** 2k − 2·LL. */
  readonly aic: number;
  /** k·ln(n) − 2·LL, n the number of customers. */
  readonly bic: number;
  /** The optimiser converged and the fit raised no warning. */
  readonly converged: boolean;
  readonly warnings: readonly string[];
  /** Holdout predictions, metrics and tracking curve, when the summary has holdout columns. */
  readonly holdout: HoldoutEvaluation | undefined;
}

/** Output of {@link compareModels}. */
export interface ModelComparison {
  /** One row per requested model, in the order requested. */
  readonly rows: readonly ModelComparisonRow[];
  /** Criterion used for the recommendation. */
  readonly criterion: ModelCriterion;
  /** The recommended model: best by `criterion` among the fits that converged (or all fits, when none did). */
  readonly best: ComparableModel;
  /** One sentence on why `best` was picked. */
  readonly reason: string;
}

type Fitter = (
  summary: CustomerSummary,
  options: { penalty: number; onWarning?: (message: string) => void },
) => PurchaseFit;

const FITTERS: Readonly<Record<ComparableModel, Fitter>> = {
  'bg-nbd': (summary, options) => fitBgNbd(summary, options),
  'pareto-nbd': (summary, options) => fitParetoNbd(summary, options),
  'mbg-nbd': (summary, options) => fitMbgNbd(summary, options),
};

const OPTION_KEYS = new Set([
  'criterion',
  'penalty',
  'transactions',
  'periodUnit',
  'frequencyCap',
  'onWarning',
]);

function hasHoldout(summary: CustomerSummary): boolean {
  return summary.frequencyHoldout !== undefined && summary.durationHoldout !== undefined;
}

function checkModels(models: unknown): readonly ComparableModel[] {
  if (!Array.isArray(models) || models.length === 0) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `compareModels: models = ${displayValue(models)} must be a non-empty array of ${COMPARABLE_MODELS.map((m) => `'${m}'`).join(', ')}`,
        undefined,
        'models',
        models,
      ),
    );
  }
  const seen = new Set<string>();
  models.forEach((model, i) => {
    if (!(COMPARABLE_MODELS as readonly unknown[]).includes(model) || seen.has(model)) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `compareModels: models[${i}] = ${displayValue(model)} ${seen.has(model) ? 'is listed twice' : `is not one of ${COMPARABLE_MODELS.map((m) => `'${m}'`).join(', ')}`}`,
          undefined,
          `models[${i}]`,
          model,
        ),
      );
    }
    seen.add(model);
  });
  return models as ComparableModel[];
}

function score(row: ModelComparisonRow, criterion: ModelCriterion): number {
  if (criterion === 'holdout') return row.holdout?.metrics.mae ?? Number.POSITIVE_INFINITY;
  const value = criterion === 'aic' ? row.aic : row.bic;
  return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
}

/**
 * Fits each model of `models` on the summary's calibration columns (frequency, recency, T) and
 * reports, side by side, the log-likelihood, AIC and BIC, and — when the summary carries holdout
 * columns (`summarizeTransactions` with `calibrationEnd`) — the holdout evaluation of each
 * ({@link evaluateHoldout}: per-customer predictions, MAE/RMSE/bias, by-frequency means and the
 * tracking curve). A model whose fit throws is reported with its error, not dropped.
 *
 * The recommendation favours out-of-sample accuracy: by default the lowest holdout MAE (ties by
 * BIC), or the lowest BIC without holdout. Information criteria compare models fitted to the same
 * data only; all three models here have four parameters, so AIC and BIC rank them as the
 * log-likelihood does. Cost: one fit and one holdout evaluation per model.
 *
 * @param summary - a per-customer summary (with holdout columns for the holdout comparison).
 * @param models - the models to compare (default {@link COMPARABLE_MODELS}).
 * @param options - see {@link CompareModelsOptions}.
 * @throws {ClvError} `INVALID_ARGUMENT` for an unknown or repeated model or a malformed summary;
 *   `INVALID_OPTION` for a bad option; `FIT_FAILED` when every model failed to fit.
 * @example
 * ```ts
 * import { compareModels, simulateTransactionColumns, summarizeTransactions } from 'clvkit';
 * const log = simulateTransactionColumns({ customers: 2000, start: new Date('2024-01-01'), horizon: 78, unit: 'week', seed: 'compare' });
 * const ids = log.customers.ids;
 * const summary = summarizeTransactions(
 *   { customerId: Array.from(log.customerIndex, (k) => ids[k]!), date: log.time, amount: log.amount },
 *   { unit: 'week', calibrationEnd: new Date('2024-10-01'), observationEnd: new Date('2025-06-30') },
 * );
 * const comparison = compareModels(summary);
 * comparison.rows.map((row) => [row.kind, row.logLikelihood, row.holdout?.metrics.mae]);
 * comparison.best; // e.g. 'bg-nbd'
 * ```
 */
export function compareModels(
  summary: CustomerSummary,
  models: readonly ComparableModel[] = COMPARABLE_MODELS,
  options: CompareModelsOptions = {},
): ModelComparison {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalidOption('options', options, 'must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key))
      invalidOption(key, (options as Record<string, unknown>)[key], 'is not a known option');
  }
  const kinds = checkModels(models);
  checkModelColumns(summary);
  const withHoldout = hasHoldout(summary);
  const criterion = options.criterion ?? (withHoldout ? 'holdout' : 'bic');
  if (!['holdout', 'bic', 'aic'].includes(criterion))
    invalidOption('criterion', criterion, "must be 'holdout', 'bic' or 'aic'");
  if (criterion === 'holdout' && !withHoldout)
    invalidOption(
      'criterion',
      criterion,
      'needs a summary with holdout columns (summarizeTransactions with calibrationEnd)',
    );
  const penalty = options.penalty ?? COMPARE_MODELS_DEFAULTS.penalty;
  const n = summary.frequency.length;
  const rows: ModelComparisonRow[] = kinds.map((kind) => {
    const warnings: string[] = [];
    const onWarning = (message: string) => {
      warnings.push(message);
      options.onWarning?.(`${kind}: ${message}`);
    };
    let fit: PurchaseFit;
    try {
      fit = FITTERS[kind](summary, { penalty, onWarning });
    } catch (error) {
      if (!(error instanceof ClvError) || error.code === 'INVALID_OPTION') throw error;
      return {
        kind,
        fit: undefined,
        error: error.message,
        parameters: 4,
        logLikelihood: Number.NaN,
        aic: Number.NaN,
        bic: Number.NaN,
        converged: false,
        warnings,
        holdout: undefined,
      };
    }
    const k = Object.keys(fit.params).length;
    const ll = fit.logLikelihood;
    const holdout = withHoldout
      ? evaluateHoldout(fit, summary, {
          ...(options.transactions !== undefined ? { transactions: options.transactions } : {}),
          ...(options.periodUnit !== undefined ? { periodUnit: options.periodUnit } : {}),
          frequencyCap: options.frequencyCap ?? COMPARE_MODELS_DEFAULTS.frequencyCap,
        })
      : undefined;
    return {
      kind,
      fit,
      error: undefined,
      parameters: k,
      logLikelihood: ll,
      aic: 2 * k - 2 * ll,
      bic: k * Math.log(n) - 2 * ll,
      converged: fit.diagnostics.converged,
      warnings: fit.diagnostics.warnings,
      holdout,
    };
  });
  const fitted = rows.filter((row) => row.fit !== undefined);
  if (fitted.length === 0) {
    throw new ClvError(
      issueOf(
        'FIT_FAILED',
        `compareModels: no model could be fitted: ${rows.map((row) => `${row.kind}: ${row.error}`).join('; ')}`,
        undefined,
        'models',
      ),
    );
  }
  const converged = fitted.filter((row) => row.converged);
  const pool = converged.length > 0 ? converged : fitted;
  let best = pool[0]!;
  for (const row of pool.slice(1)) {
    const a = score(row, criterion);
    const b = score(best, criterion);
    if (a < b || (a === b && row.bic < best.bic)) best = row;
  }
  const measure =
    criterion === 'holdout'
      ? `lowest holdout mean absolute error (${best.holdout!.metrics.mae.toPrecision(4)} purchases per customer)`
      : `lowest ${criterion.toUpperCase()} (${score(best, criterion).toFixed(2)})`;
  const caveat = converged.length === 0 ? '; no fit converged, treat with care' : '';
  return Object.freeze({
    rows: Object.freeze(rows.map((row) => Object.freeze(row))),
    criterion,
    best: best.kind,
    reason: `${best.kind}: ${measure} among ${pool.length} ${converged.length > 0 ? 'converged ' : ''}fit${pool.length === 1 ? '' : 's'}${caveat}`,
  });
}
