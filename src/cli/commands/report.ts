import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import {
  COMPARABLE_MODELS,
  compareModels,
  type ModelComparison,
  type ModelComparisonRow,
} from '../../clv/compare-models.js';
import { evaluateHoldout, type HoldoutEvaluation } from '../../clv/evaluate-holdout.js';
import type { PurchaseFit } from '../../clv/purchase-model.js';
import { assessClvCac } from '../../economics/clv-cac.js';
import { ClvError } from '../../errors/index.js';
import { fitGammaGamma } from '../../models/gamma-gamma/fit.js';
import type { GammaGammaFit } from '../../models/gamma-gamma/types.js';
import { loadReportAssets } from '../../node/report-assets.js';
import { pseudonymizeIds } from '../../privacy/pseudonymize.js';
import { renderReport } from '../../report/render.js';
import type { ReportTable } from '../../report/types.js';
import { rfmSegmentPresets } from '../../rfm/presets.js';
import { rfmScores } from '../../rfm/scores.js';
import { rfmSegments } from '../../rfm/segments.js';
import { lifecycleStages } from '../../segments/lifecycle.js';
import { segmentReport } from '../../segments/report.js';
import { valueTiers } from '../../segments/value-tiers.js';
import type { CustomerSummary } from '../../summary/types.js';
import { TIME_UNITS, type TimeUnit } from '../../time/index.js';
import type { TransactionColumns } from '../../transactions/types.js';
import {
  type CsvColumn,
  csvCell,
  instantColumn,
  labelColumn,
  numberColumn,
  textColumn,
  writeCsvFile,
} from '../csv.js';
import { CliFitError, CliOutputError, CliUsageError, fitting, usage } from '../errors.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { type CliIo, Reporter } from '../io.js';
import {
  AUTO_MODEL,
  type ModelBundle,
  PURCHASE_MODELS,
  type PurchaseModelAdapter,
  purchaseModelOf,
} from '../models.js';
import {
  addOutputOptions,
  addReadOptions,
  addWindowOptions,
  type OutputFlags,
  parseNumberFlag,
  type ReadFlags,
  type Window,
  type WindowFlags,
  windowOf,
} from '../options.js';
import {
  type CleaningFlags,
  type ClvTerms,
  type CustomerScores,
  cleaningOptionsOf,
  cleanLog,
  loadTransactions,
  resolvePath,
  scoreCsvColumns,
  scoreCustomers,
  summarise,
} from '../pipeline.js';
import { buildReportInput, describeTerms, segmentSection } from '../report-html.js';

/** The environment variable holding the pseudonymisation key. */
export const PSEUDONYM_KEY_VARIABLE = 'CLVKIT_PSEUDONYM_KEY';

/** Flags of the model and CLV terms, shared by `report`, `fit` and `score`. */
export interface ModelFlags {
  readonly model: string;
  readonly penalty: string;
  readonly spendPenalty: string;
}

/** Flags of the CLV terms. */
export interface TermsFlags {
  readonly horizon: string;
  readonly horizonUnit: TimeUnit;
  readonly margin: string;
  readonly discountRate: string;
}

interface ReportFlags
  extends ReadFlags,
    WindowFlags,
    OutputFlags,
    CleaningFlags,
    ModelFlags,
    TermsFlags {
  readonly cac?: string;
  readonly rfmK: string;
  readonly vipShare: string;
  readonly newWithin: string;
  readonly activeWithin: string;
  readonly dormantWithin: string;
  readonly lifecycleUnit: TimeUnit;
  readonly pseudonymize: boolean;
  readonly title: string;
}

/** `--model`, `--penalty`, `--spend-penalty`. */
export function addModelOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--model <kind>',
        `purchase model; '${AUTO_MODEL}' fits all three and keeps the best (holdout error with --calibration-end, else BIC)`,
      )
        .choices([...PURCHASE_MODELS.keys(), AUTO_MODEL])
        .default('bg-nbd'),
    )
    .option(
      '--penalty <lambda>',
      'L2 penalty of the purchase-model fit (as lifetimes penalizer_coef)',
      '0',
    )
    .option('--spend-penalty <lambda>', 'L2 penalty of the Gamma-Gamma fit', '0');
}

/** `--horizon`, `--horizon-unit`, `--margin`, `--discount-rate`. */
export function addTermsOptions(command: Command): Command {
  return command
    .option('--horizon <n>', 'CLV horizon, in --horizon-unit', '12')
    .addOption(
      new Option('--horizon-unit <unit>', 'unit of --horizon')
        .choices([...TIME_UNITS])
        .default('month'),
    )
    .option('--margin <share>', 'share of revenue kept as margin (1: CLV is revenue)', '1')
    .option(
      '--discount-rate <rate>',
      'annual discount rate (0.1 = 10 % a year; 0: undiscounted)',
      '0',
    );
}

/** The model adapter and penalties from the flags. */
export function modelOptionsOf(flags: ModelFlags): {
  /** The chosen model, or `undefined` for `--model auto`. */
  model: PurchaseModelAdapter | undefined;
  penalty: number;
  spendPenalty: number;
} {
  const model = flags.model === AUTO_MODEL ? undefined : PURCHASE_MODELS.get(flags.model);
  if (model === undefined && flags.model !== AUTO_MODEL)
    usage(
      `--model ${flags.model} is not one of ${[...PURCHASE_MODELS.keys(), AUTO_MODEL].join(', ')}`,
    );
  return {
    model,
    penalty: parseNumberFlag('--penalty', flags.penalty, { min: 0 }),
    spendPenalty: parseNumberFlag('--spend-penalty', flags.spendPenalty, { min: 0 }),
  };
}

/** The CLV terms from the flags. */
export function termsOf(flags: TermsFlags): ClvTerms {
  return {
    horizon: parseNumberFlag('--horizon', flags.horizon, { min: 0, exclusiveMin: true }),
    horizonUnit: flags.horizonUnit,
    margin: parseNumberFlag('--margin', flags.margin, { min: 0 }),
    discountRate: parseNumberFlag('--discount-rate', flags.discountRate, {
      min: -1,
      exclusiveMin: true,
    }),
  };
}

/**
 * `--model auto`: fits every purchase model with `compareModels` on `summary` (ranked by holdout
 * error when it has holdout columns, else by BIC) and returns the recommended one's adapter.
 */
export function choosePurchaseModel(
  reporter: Reporter,
  summary: CustomerSummary,
  penalty: number,
  transactions?: TransactionColumns,
): { model: PurchaseModelAdapter; comparison: ModelComparison } {
  const comparison = reporter.step('compare models', () =>
    fitting('model comparison', () =>
      compareModels(summary, COMPARABLE_MODELS, {
        penalty,
        onWarning: (message) => reporter.warn(message),
        ...(transactions === undefined ? {} : { transactions }),
      }),
    ),
  );
  reporter.note(`--model auto: ${comparison.reason}`);
  return { model: purchaseModelOf(comparison.best), comparison };
}

/** The model comparison as a report table. */
function comparisonTable(comparison: ModelComparison): ReportTable {
  const holdout = comparison.criterion === 'holdout';
  return {
    title: 'Model comparison (--model auto)',
    description: `${comparison.reason}. Log-likelihood, AIC and BIC on the ${holdout ? 'calibration window' : 'whole window'}${holdout ? '; MAE and bias of the per-customer holdout purchase predictions' : ''}.`,
    columns: [
      'Model',
      'Log-likelihood',
      'AIC',
      'BIC',
      ...(holdout ? ['Holdout MAE', 'Holdout bias'] : []),
      'Converged',
      'Chosen',
    ],
    rows: comparison.rows.map((row) => [
      purchaseModelOf(row.kind).title,
      row.logLikelihood,
      row.aic,
      row.bic,
      ...(holdout ? [row.holdout?.metrics.mae, row.holdout?.metrics.bias] : []),
      row.error === undefined ? (row.converged ? 'yes' : 'no') : `failed: ${row.error}`,
      row.kind === comparison.best ? 'yes' : '',
    ]),
  };
}

/** Fits the purchase model; a fit that does not converge is noted (exit 4 at the end). */
export function fitPurchaseModel(
  reporter: Reporter,
  model: PurchaseModelAdapter,
  summary: CustomerSummary,
  penalty: number,
  label: string,
  problems: string[],
): PurchaseFit {
  const fit = reporter.step(`fit ${model.kind}${label}`, () =>
    fitting(`${model.title} fit${label}`, () =>
      model.fit(summary, { penalty, onWarning: (message) => reporter.warn(message) }),
    ),
  );
  if (!fit.diagnostics.converged) {
    problems.push(`${model.title} fit${label} did not converge: ${fit.diagnostics.message}`);
  }
  return fit;
}

/** Fits Gamma-Gamma; no repeat customer with positive spend is a failed fit (exit 4). */
export function fitSpendModel(
  reporter: Reporter,
  summary: CustomerSummary,
  penalty: number,
  problems: string[],
): GammaGammaFit {
  const fit = reporter.step('fit gamma-gamma', () =>
    fitting('Gamma-Gamma fit', () => {
      try {
        return fitGammaGamma(summary, {
          onNonPositive: 'exclude',
          penalty,
          onWarning: (message) => reporter.warn(message),
        });
      } catch (error) {
        if (error instanceof ClvError && error.code === 'EMPTY_INPUT') {
          throw new CliFitError(`Gamma-Gamma fit: ${error.message}`, { cause: error });
        }
        throw error;
      }
    }),
  );
  if (!fit.diagnostics.converged) {
    problems.push(`Gamma-Gamma fit did not converge: ${fit.diagnostics.message}`);
  }
  return fit;
}

/** `model.json` content. */
export function modelBundle(
  purchase: PurchaseFit,
  spend: GammaGammaFit | undefined,
  summary: CustomerSummary,
): ModelBundle {
  return {
    format: 'clvkit-models',
    schemaVersion: 1,
    purchase,
    ...(spend === undefined ? {} : { spend }),
    window: {
      unit: summary.unit,
      mode: summary.mode,
      ...(summary.observationEnd === undefined
        ? {}
        : { observationEnd: summary.observationEnd.toISOString() }),
      ...(summary.calibrationEnd === undefined
        ? {}
        : { calibrationEnd: summary.calibrationEnd.toISOString() }),
      customers: summary.ids.length,
    },
  };
}

/** Writes a text file, turning failures into exit code 5. */
export function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliOutputError(`cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Replaces the ids of the log by keyed pseudonyms (key from the environment). */
async function pseudonymize(
  io: CliIo,
  reporter: Reporter,
  columns: TransactionColumns,
): Promise<TransactionColumns> {
  const key = io.env[PSEUDONYM_KEY_VARIABLE];
  if (key === undefined || key === '') {
    usage(
      `--pseudonymize needs the key in the environment variable ${PSEUDONYM_KEY_VARIABLE} (at least 16 bytes; 32 random bytes recommended)`,
    );
  }
  try {
    return await reporter.stepAsync('pseudonymise', () => pseudonymizeIds(columns, { key }));
  } catch (error) {
    if (error instanceof ClvError && error.field === 'key') {
      throw new CliUsageError(`${PSEUDONYM_KEY_VARIABLE}: ${error.message}`);
    }
    throw error;
  }
}

/** The per-customer columns of customers.csv. */
function customerColumns(
  summary: CustomerSummary,
  rfm: ReturnType<typeof rfmScores>,
  segments: ReturnType<typeof rfmSegments>,
  tiers: ReturnType<typeof valueTiers> | undefined,
  stages: ReturnType<typeof lifecycleStages>,
  scores: CustomerScores,
): CsvColumn[] {
  const {
    ids,
    frequency,
    recency,
    T,
    monetaryValue,
    totalSpend,
    orders,
    firstPurchase,
    lastPurchase,
  } = summary;
  const columns: CsvColumn[] = [
    textColumn('customer_id', (i) => ids[i]!),
    numberColumn('frequency', frequency, 0),
    numberColumn('recency', recency, 4),
    numberColumn('T', T, 4),
    numberColumn('monetary_value', monetaryValue, 4),
  ];
  if (totalSpend !== undefined) columns.push(numberColumn('total_spend', totalSpend, 4));
  if (orders !== undefined) columns.push(numberColumn('orders', orders, 0));
  if (firstPurchase !== undefined) columns.push(instantColumn('first_purchase', firstPurchase));
  if (lastPurchase !== undefined) columns.push(instantColumn('last_purchase', lastPurchase));
  columns.push(
    numberColumn('r_score', rfm.r, 0),
    numberColumn('f_score', rfm.f, 0),
    numberColumn('m_score', rfm.m, 0),
    // Cell codes are digits: written as they are, never escaped.
    { header: 'rfm_cell', cell: (i) => rfm.cell[i]!, write: (i, out) => out.text(rfm.cell[i]!) },
    labelColumn('rfm_segment', segments.names, segments.segment),
  );
  if (tiers !== undefined) columns.push(labelColumn('value_tier', tiers.names, tiers.tier));
  columns.push(labelColumn('lifecycle_stage', stages.names, stages.stage));
  columns.push(...scoreCsvColumns(scores));
  return columns;
}

/** The rejected rows as CSV columns (raw values hidden in pseudonymised runs). */
function rejectedColumns(
  rejected: Awaited<ReturnType<typeof loadTransactions>>['rejected'],
  hideValues: boolean,
): CsvColumn[] {
  const columns: CsvColumn[] = [
    { header: 'row', cell: (i) => String(rejected[i]!.row) },
    { header: 'code', cell: (i) => rejected[i]!.code },
    { header: 'field', cell: (i) => csvCell(rejected[i]!.field ?? '') },
  ];
  if (!hideValues) {
    columns.push({
      header: 'reason',
      cell: (i) => csvCell(rejected[i]!.issues.map((s) => s.message).join(' | ')),
    });
  }
  return columns;
}

/** Holdout evaluation on the calibration window, with the churn check when the model allows it. */
function holdoutCheck(
  reporter: Reporter,
  model: PurchaseModelAdapter,
  columns: TransactionColumns,
  window: Window,
  penalty: number,
  problems: string[],
  chosen?: { calibration: CustomerSummary; row: ModelComparisonRow },
) {
  // With --model auto, compareModels has already fitted and evaluated the model on this window.
  const calibration =
    chosen?.calibration ?? summarise(reporter, columns, window, window.calibrationEnd);
  const fit =
    chosen?.row.fit ??
    fitPurchaseModel(reporter, model, calibration, penalty, ' (calibration)', problems);
  if (chosen !== undefined && !fit.diagnostics.converged)
    problems.push(`${model.title} fit (calibration) did not converge: ${fit.diagnostics.message}`);
  const evaluation: HoldoutEvaluation =
    chosen?.row.holdout ??
    reporter.step('holdout evaluation', () =>
      evaluateHoldout(fit, calibration, { transactions: columns, periodUnit: window.unit }),
    );
  let churn: { predicted: Float64Array; churned: Uint8Array } | undefined;
  if (model.probabilityNoPurchase !== undefined && calibration.durationHoldout !== undefined) {
    const predicted = reporter.step('churn check', () =>
      model.probabilityNoPurchase!(fit, calibration, calibration.durationHoldout!),
    );
    const churned = new Uint8Array(predicted.length);
    const holdout = calibration.frequencyHoldout!;
    for (let i = 0; i < churned.length; i++) churned[i] = holdout[i] === 0 ? 1 : 0;
    churn = { predicted, churned };
  }
  return { evaluation, fit, churn, customers: calibration.ids.length };
}

/** Runs `clvkit report`. */
async function runReport(io: CliIo, file: string, flags: ReportFlags): Promise<ExitCode> {
  const reporter = new Reporter(io, flags.quiet);
  const window = windowOf(flags);
  const { model: modelFlag, penalty, spendPenalty } = modelOptionsOf(flags);
  const terms = termsOf(flags);
  const cac =
    flags.cac === undefined
      ? undefined
      : parseNumberFlag('--cac', flags.cac, { min: 0, exclusiveMin: true });
  const k = parseNumberFlag('--rfm-k', flags.rfmK, { min: 2, max: 9, integer: true });
  const vipShare = parseNumberFlag('--vip-share', flags.vipShare, {
    min: 0,
    max: 1,
    exclusiveMin: true,
  });
  const newWithin = parseNumberFlag('--new-within', flags.newWithin, { min: 0 });
  const activeWithin = parseNumberFlag('--active-within', flags.activeWithin, { min: 0 });
  const dormantWithin = parseNumberFlag('--dormant-within', flags.dormantWithin, { min: 0 });
  if (dormantWithin < activeWithin) usage('--dormant-within must be ≥ --active-within');
  if (flags.pseudonymize && (io.env[PSEUDONYM_KEY_VARIABLE] ?? '') === '') {
    usage(`--pseudonymize needs the key in the environment variable ${PSEUDONYM_KEY_VARIABLE}`);
  }
  const cleaningOptions = cleaningOptionsOf(io, flags);
  const outDir = resolvePath(io, flags.out ?? 'report');
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new CliOutputError(
      `cannot create the output folder ${outDir}: ${(error as Error).message}`,
    );
  }

  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const log = await loadTransactions(io, reporter, file, flags);
  const steps =
    12 +
    (window.calibrationEnd === undefined ? 0 : 4) +
    (flags.pseudonymize ? 1 : 0) +
    // --model auto: + summarise and compare; − the calibration summary, fit and evaluation it reuses
    // (with a calibration end) or − the full summary and fit it reuses (without).
    (modelFlag === undefined ? (window.calibrationEnd === undefined ? 0 : -1) : 0);
  reporter.startSteps(steps);
  const problems: string[] = [];
  let exit: ExitCode = EXIT_CODES.ok;
  try {
    const cleaned = cleanLog(reporter, log.columns, cleaningOptions);
    let columns = cleaned.columns;
    if (flags.pseudonymize) columns = await pseudonymize(io, reporter, columns);

    let model = modelFlag;
    let comparison: ModelComparison | undefined;
    let chosen: { calibration: CustomerSummary; row: ModelComparisonRow } | undefined;
    let fullSummary: CustomerSummary | undefined;
    if (model === undefined) {
      // Compare on the calibration split when there is one (holdout error), else on all data.
      const basis = summarise(reporter, columns, window, window.calibrationEnd);
      ({ model, comparison } = choosePurchaseModel(reporter, basis, penalty, columns));
      const best = comparison.best;
      if (window.calibrationEnd === undefined) fullSummary = basis;
      else chosen = { calibration: basis, row: comparison.rows.find((r) => r.kind === best)! };
    }
    const holdout =
      window.calibrationEnd === undefined
        ? undefined
        : holdoutCheck(reporter, model, columns, window, penalty, problems, chosen);
    const summary = fullSummary ?? summarise(reporter, columns, window, undefined);

    const rfm = reporter.step('RFM scores', () => rfmScores(summary, { k }));
    const segments = reporter.step('RFM segments', () =>
      rfmSegments(
        rfm,
        k === 5 ? rfmSegmentPresets.standard : [],
        k === 5 ? undefined : { fallback: 'All' },
      ),
    );
    const stages = reporter.step('lifecycle stages', () =>
      lifecycleStages(summary, {
        unit: flags.lifecycleUnit,
        newWithin,
        activeWithin,
        dormantWithin,
        observationEnd: window.observationEnd,
        transactions: columns,
      }),
    );

    // Without a calibration end, --model auto compared the models on this very summary.
    const comparedFit =
      fullSummary === undefined
        ? undefined
        : comparison?.rows.find((r) => r.kind === model.kind)?.fit;
    if (comparedFit !== undefined && !comparedFit.diagnostics.converged)
      problems.push(`${model.title} fit did not converge: ${comparedFit.diagnostics.message}`);
    const purchaseFit =
      comparedFit ?? fitPurchaseModel(reporter, model, summary, penalty, '', problems);
    const spendFit = fitSpendModel(reporter, summary, spendPenalty, problems);
    const scores = scoreCustomers(reporter, purchaseFit, spendFit, summary, terms, (fit, s) =>
      model.probabilityAlive(fit, s),
    );
    const clv = scores.clv!;
    const tiers = reporter.step('value tiers', () =>
      valueTiers(clv, { method: 'pareto', share: vipShare }),
    );

    const revenue = summary.totalSpend;
    const sections = reporter.step('segment reports', () => {
      const options = { clv, ...(revenue === undefined ? {} : { revenue }) };
      return [
        segmentSection(
          'RFM segments',
          k === 5
            ? `Recency, frequency and monetary scores 1–${k} (quantiles, ties share a score), segmented with the standard 10-segment table.`
            : `Recency, frequency and monetary scores 1–${k}.`,
          segmentReport(segments.segment, segments.names, options),
        ),
        segmentSection(
          'Value tiers',
          `VIP: the fewest customers holding ${+(vipShare * 100).toFixed(1)} % of predicted CLV.`,
          segmentReport(tiers.tier, tiers.names, options),
        ),
        segmentSection(
          'Lifecycle stages',
          `New: first purchase within ${newWithin} ${flags.lifecycleUnit}s; active: last purchase within ${activeWithin}; dormant: within ${dormantWithin}; lost: longer ago.`,
          segmentReport(stages.stage, stages.names, options),
        ),
      ];
    });

    await reporter.stepAsync('write customers.csv', () =>
      writeCsvFile(
        join(outDir, 'customers.csv'),
        customerColumns(summary, rfm, segments, tiers, stages, scores),
        summary.ids.length,
      ),
    );
    writeText(
      join(outDir, 'model.json'),
      `${JSON.stringify(modelBundle(purchaseFit, spendFit, summary), null, 2)}\n`,
    );
    const hideValues = flags.pseudonymize;
    if (log.rejected.length > 0) {
      await writeCsvFile(
        join(outDir, 'rejected.csv'),
        rejectedColumns(log.rejected, hideValues),
        log.rejected.length,
      );
    }

    const notes = [
      `Time unit: ${window.unit} (a month is 365.25/12 days; there is no 30-day month). Observation ends ${window.observationEnd.toISOString()}; the clock is never read.`,
      `Predicted CLV: ${describeTerms(terms)}, from the ${model.title} purchase model and the Gamma-Gamma spend model fitted on all ${summary.ids.length.toLocaleString('en-US')} customers. Churn risk is 1 − P(alive).`,
      ...problems.map((p) => `Warning: ${p}.`),
      ...(flags.pseudonymize
        ? [
            `Customer ids are keyed HMAC-SHA-256 pseudonyms (key from ${PSEUDONYM_KEY_VARIABLE}); values of rejected rows are hidden.`,
          ]
        : []),
    ];
    const html = await reporter.stepAsync('render report.html', async () => {
      const input = buildReportInput(reporter, {
        title: flags.title,
        source: file,
        generatedAt: new Date(),
        currency: flags.currency,
        unit: window.unit,
        observationEnd: window.observationEnd,
        calibrationEnd: window.calibrationEnd,
        rowsRead: log.rowsRead,
        rejected: log.rejected,
        hideRejectedValues: hideValues,
        cleaningReports: cleaned.reports,
        summary,
        scores,
        terms,
        cac,
        model,
        purchaseFit,
        spendFit,
        segments: sections,
        vipShare:
          tiers.tiers[0] === undefined ? undefined : tiers.tiers[0].customers / summary.ids.length,
        holdout,
        pseudonymized: flags.pseudonymize,
        notes,
      });
      const withComparison =
        comparison === undefined
          ? input
          : { ...input, tables: [comparisonTable(comparison), ...(input.tables ?? [])] };
      return renderReport(withComparison, await loadReportAssets());
    });
    writeText(join(outDir, 'report.html'), html);
    reporter.endSteps();

    for (const problem of problems) reporter.warn(problem);
    if (problems.length > 0) exit = EXIT_CODES.fitFailed;
    const meanClv = scores.totalClv! / summary.ids.length;
    const result = {
      ok: exit === EXIT_CODES.ok,
      exitCode: exit,
      command: 'report',
      files: {
        report: join(outDir, 'report.html'),
        customers: join(outDir, 'customers.csv'),
        model: join(outDir, 'model.json'),
        ...(log.rejected.length > 0 ? { rejected: join(outDir, 'rejected.csv') } : {}),
      },
      rowsRead: log.rowsRead,
      rowsRejected: log.rejected.length,
      rowsCleanedAsObjects: cleaned.rowsCleanedAsObjects,
      transactions: summary.report?.transactionsUsed,
      customers: summary.ids.length,
      revenue: summary.totalSpend === undefined ? undefined : sum(summary.totalSpend),
      totalClv: scores.totalClv,
      meanClv,
      clvTerms: terms,
      ...(cac === undefined ? {} : { cac, clvToCac: assessClvCac({ clv: meanClv, cac }) }),
      ...(comparison === undefined
        ? {}
        : {
            modelComparison: {
              criterion: comparison.criterion,
              best: comparison.best,
              reason: comparison.reason,
              rows: comparison.rows.map((row) => ({
                kind: row.kind,
                logLikelihood: row.logLikelihood,
                aic: row.aic,
                bic: row.bic,
                converged: row.converged,
                error: row.error,
                holdout: row.holdout?.metrics,
              })),
            },
          }),
      models: {
        purchase: {
          kind: purchaseFit.kind,
          params: purchaseFit.params,
          converged: purchaseFit.diagnostics.converged,
        },
        spend: {
          kind: spendFit.kind,
          params: spendFit.params,
          converged: spendFit.diagnostics.converged,
        },
      },
      ...(holdout === undefined ? {} : { holdout: holdout.evaluation.metrics }),
      problems,
      reportBytes: Buffer.byteLength(html),
      timings: [
        ...reporter.timings,
        {
          step: 'total',
          ms: Math.round(performance.now() - started),
          cpuMs: Math.round(cpuTime(process.cpuUsage(startedCpu)) / 1000),
        },
      ],
    };
    if (flags.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      io.stdout.write(
        `${summary.ids.length.toLocaleString('en-US')} customers, mean predicted CLV ${meanClv.toFixed(2)} (${describeTerms(terms)})\n` +
          `wrote ${result.files.report}\n      ${result.files.customers}\n      ${result.files.model}\n` +
          (log.rejected.length > 0
            ? `      ${join(outDir, 'rejected.csv')} (${log.rejected.length} rejected rows)\n`
            : ''),
      );
    }
    return exit;
  } finally {
    reporter.endSteps();
  }
}

/** User + system microseconds of a `process.cpuUsage()` reading. */
function cpuTime(usage: NodeJS.CpuUsage): number {
  return usage.user + usage.system;
}

function sum(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

/** Adds `clvkit report` to the program. */
export function reportCommand(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  const command = program
    .command('report')
    .summary('the whole pipeline: transactions CSV → report.html, customers.csv, model.json')
    .description(
      'Reads and validates a transaction log, cleans it (duplicates, refunds, currencies), summarises it per customer, scores RFM segments, value tiers and lifecycle stages, fits the purchase model and Gamma-Gamma, predicts CLV and churn risk, evaluates the holdout when --calibration-end is given, and writes report.html, customers.csv and model.json into --out.',
    )
    .argument('<transactions>', 'transaction CSV (one row per purchase or refund; header row)');
  addReadOptions(command);
  addWindowOptions(command, true);
  command
    .option('--currency <code>', 'reporting currency (with --rates): amounts are converted to it')
    .option(
      '--rates <file>',
      'exchange-rate CSV: currency,rate[,date] (rate = units of --currency per unit)',
    )
    .option('--default-currency <code>', 'currency of rows without one (with --currency)')
    .option(
      '--channel-priority <list>',
      'channels in order of preference for orders seen by several, e.g. web,app,crm',
    );
  addModelOptions(command);
  addTermsOptions(command);
  command
    .option('--cac <amount>', 'customer acquisition cost: adds CLV:CAC to the headline')
    .option(
      '--rfm-k <k>',
      'RFM scores per dimension (2–9; the standard segment table needs 5)',
      '5',
    )
    .option(
      '--vip-share <share>',
      'VIP tier: the fewest customers holding this share of predicted CLV',
      '0.8',
    )
    .option('--new-within <n>', "lifecycle 'new': first purchase within n --lifecycle-unit", '30')
    .option('--active-within <n>', "lifecycle 'active': last purchase within n", '90')
    .option(
      '--dormant-within <n>',
      "lifecycle 'dormant': last purchase within n (else 'lost')",
      '365',
    )
    .addOption(
      new Option('--lifecycle-unit <unit>', 'unit of the lifecycle thresholds')
        .choices([...TIME_UNITS])
        .default('day'),
    )
    .option(
      '--pseudonymize',
      `replace customer ids by keyed HMAC-SHA-256 pseudonyms (key: $${PSEUDONYM_KEY_VARIABLE})`,
      false,
    )
    .option('--title <text>', 'title of the report', 'Customer value report');
  addOutputOptions(command, 'output folder (created if needed)', 'report');
  command.addHelpText(
    'after',
    `
Examples:
  $ clvkit report orders.csv --observation-end 2024-12-31 --unit week --out report/
  $ clvkit report orders.csv --observation-end 2024-12-31 --calibration-end 2024-06-30 --unit week \\
      --margin 0.3 --discount-rate 0.1 --cac 50 --horizon 12 --horizon-unit month --out report/
  $ clvkit report export.csv --customer-column "Client ID" --date-column Day --amount-column "Net sales" \\
      --observation-end 2025-01-01 --unit week --currency EUR --rates rates.csv --out report/
  $ CLVKIT_PSEUDONYM_KEY=$(openssl rand -hex 32) clvkit report orders.csv --observation-end 2024-12-31 \\
      --unit week --pseudonymize --json --out report/

Dates: YYYY-MM-DD is midnight UTC at the start of that day (purchases up to that instant count),
or give an ISO date-time. Customers.csv cells starting with = + - @ (not numbers) get a leading '
so that spreadsheets do not run them as formulas.`,
  );
  command.action(async (file: string, flags: ReportFlags) => {
    done(await runReport(io, file, flags));
  });
}
