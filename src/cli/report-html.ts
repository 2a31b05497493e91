/**
 * Builds the `report.html` content of `clvkit report` from the pipeline's outputs: headline
 * figures, cleaning, segment tables, models and the `clvkit/charts` specs.
 *
 * @module
 */
import { churnCalibrationChart, gainsChart } from '../charts/churn.js';
import { clvDistributionChart } from '../charts/clv-distribution.js';
import { heatmapChart, purchaseHeatmaps } from '../charts/heatmap.js';
import { predictedVsActualChart, trackingChart } from '../charts/holdout.js';
import { segmentChart } from '../charts/segments.js';
import type { VegaLiteSpec } from '../charts/types.js';
import { valueConcentrationChart } from '../charts/value-concentration.js';
import { evaluateClassifier } from '../churn/evaluate/index.js';
import type { CleanTransactionsResult } from '../cleaning/clean-transactions.js';
import type { HoldoutEvaluation } from '../clv/evaluate-holdout.js';
import type { PurchaseFit } from '../clv/purchase-model.js';
import type { BgNbdFit } from '../models/bg-nbd/types.js';
import type { GammaGammaFit } from '../models/gamma-gamma/types.js';
import type {
  ReportChart,
  ReportFigure,
  ReportInput,
  ReportModel,
  ReportSegments,
  ReportTable,
} from '../report/types.js';
import type { SegmentReport } from '../segments/report.js';
import type { CustomerSummary } from '../summary/types.js';
import { convertDuration, type TimeUnit } from '../time/index.js';
import type { RejectedRow } from '../transactions/parse.js';
import type { Reporter } from './io.js';
import type { PurchaseModelAdapter } from './models.js';
import type { ClvTerms, CustomerScores } from './pipeline.js';

/** Everything the report shows. */
export interface ReportContext {
  readonly title: string;
  readonly source: string;
  readonly generatedAt: Date;
  readonly currency: string | undefined;
  readonly unit: TimeUnit;
  readonly observationEnd: Date;
  readonly calibrationEnd: Date | undefined;
  readonly rowsRead: number;
  readonly rejected: readonly RejectedRow[];
  /** Hide raw values of rejected rows (pseudonymised runs). */
  readonly hideRejectedValues: boolean;
  readonly cleaningReports: CleanTransactionsResult['reports'];
  readonly summary: CustomerSummary;
  readonly scores: CustomerScores;
  readonly terms: ClvTerms;
  readonly cac: number | undefined;
  readonly model: PurchaseModelAdapter;
  readonly purchaseFit: PurchaseFit;
  readonly spendFit: GammaGammaFit | undefined;
  readonly segments: readonly ReportSegments[];
  readonly vipShare: number | undefined;
  readonly holdout:
    | {
        readonly evaluation: HoldoutEvaluation;
        readonly fit: PurchaseFit;
        /** Predicted P(no purchase in the holdout) and observed churn, when the model gives it. */
        readonly churn:
          | { readonly predicted: Float64Array; readonly churned: Uint8Array }
          | undefined;
      }
    | undefined;
  readonly pseudonymized: boolean;
  readonly notes: readonly string[];
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The CLV terms in words, e.g. "12 months, margin 30 %, 10 %/year discount". */
export function describeTerms(terms: ClvTerms): string {
  const parts = [plural(terms.horizon, terms.horizonUnit)];
  parts.push(
    terms.margin === 1 ? 'revenue (margin 100 %)' : `margin ${+(terms.margin * 100).toFixed(2)} %`,
  );
  parts.push(
    terms.discountRate === 0
      ? 'undiscounted'
      : `${+(terms.discountRate * 100).toFixed(2)} %/year discount`,
  );
  return parts.join(', ');
}

function total(values: ArrayLike<number> | undefined): number | undefined {
  if (values === undefined) return undefined;
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}

/**
 * The lower median (the element a numeric sort puts at ⌊(n − 1)/2⌋), by quickselect on a copy:
 * O(n) expected instead of sorting a million values.
 */
function median(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return 0;
  const a = Float64Array.from(values);
  for (let i = 0; i < n; i++) {
    // NaN (never in a summary): the sort's order, NaN last.
    if (Number.isNaN(a[i]!)) return a.sort()[Math.floor((n - 1) / 2)]!;
  }
  const k = Math.floor((n - 1) / 2);
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    // Hoare partition around the middle element; [lo, hi] always holds the k-th smallest.
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

/** Indices of the `k` largest values, largest first. O(n log k). */
function topIndices(values: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (top.length === k && v <= values[top[k - 1]!]!) continue;
    let at = top.length;
    while (at > 0 && values[top[at - 1]!]! < v) at--;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}

function modelOf(
  title: string,
  fit: PurchaseFit | GammaGammaFit,
  description: string,
  figures?: ReportFigure[],
): ReportModel {
  const model: ReportModel = { title, fit, description };
  return figures === undefined ? model : { ...model, figures };
}

/**
 * Builds the report's input; a chart whose builder throws is left out with a warning, so that one
 * chart cannot cost the whole report.
 */
export function buildReportInput(reporter: Reporter, ctx: ReportContext): ReportInput {
  const { summary, scores, terms } = ctx;
  const n = summary.ids.length;
  const revenue = total(summary.totalSpend);
  const clv = scores.clv;
  const meanClv =
    clv === undefined || scores.totalClv === undefined ? undefined : scores.totalClv / n;
  const charts: ReportChart[] = [];
  const chart = (
    id: string,
    title: string,
    description: string,
    build: () => VegaLiteSpec,
    wide = false,
  ) => {
    try {
      charts.push({ id, title, description, spec: build(), ...(wide ? { wide } : {}) });
    } catch (error) {
      reporter.warn(`chart '${title}' left out of the report: ${(error as Error).message}`);
    }
  };
  const currency = ctx.currency === undefined ? {} : { currency: ctx.currency };

  if (clv !== undefined) {
    chart(
      'value-concentration',
      'Value concentration',
      'Share of predicted CLV held by the top share of customers; the line marks the VIP tier.',
      () =>
        valueConcentrationChart(clv, {
          valueLabel: 'predicted CLV',
          ...currency,
          ...(ctx.vipShare !== undefined && ctx.vipShare > 0 && ctx.vipShare < 1
            ? { vipShare: ctx.vipShare }
            : {}),
        }),
    );
  }
  for (const section of ctx.segments) {
    chart(
      `segments-${section.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      section.title,
      'Customers and revenue per segment.',
      () => segmentChart(section.report, currency),
    );
  }
  if (ctx.purchaseFit.kind === 'bg-nbd') {
    const T = median(summary.T);
    const horizon = convertDuration(terms.horizon, terms.horizonUnit, ctx.purchaseFit.timeUnit);
    try {
      const grids = purchaseHeatmaps(ctx.purchaseFit as BgNbdFit, {
        T: Math.max(T, 1e-9),
        horizon,
      });
      const age = `${+T.toFixed(1)} ${ctx.unit}s`;
      chart(
        'heatmap-purchases',
        'Expected purchases by frequency and recency',
        `Expected purchases in the next ${plural(terms.horizon, terms.horizonUnit)} of a customer of median age (${age}).`,
        () => heatmapChart(grids.expectedPurchases),
      );
      chart(
        'heatmap-alive',
        'P(alive) by frequency and recency',
        `Probability that a customer of median age (${age}) is still active.`,
        () => heatmapChart(grids.probabilityAlive),
      );
    } catch (error) {
      reporter.warn(`heat maps left out of the report: ${(error as Error).message}`);
    }
  }
  if (ctx.holdout !== undefined) {
    const { evaluation, churn } = ctx.holdout;
    chart(
      'tracking',
      'Calibration and holdout: repeat purchases',
      'Cumulative repeat purchases of the cohort, actual against the model fitted on the calibration window.',
      () => trackingChart(evaluation),
      true,
    );
    chart(
      'predicted-vs-actual',
      'Holdout purchases by calibration frequency',
      'Mean predicted and actual holdout purchases, grouped by repeat purchases in the calibration window.',
      () => predictedVsActualChart(evaluation),
    );
    if (churn !== undefined) {
      // Equal-count bins: predicted probabilities of no purchase bunch near 1 for most customers.
      // Throws (and the chart is left out with a warning) when everyone or no one churned.
      const classified = () =>
        evaluateClassifier(churn.churned, churn.predicted, { calibration: 'equal-count' });
      chart(
        'churn-calibration',
        'Churn risk calibration',
        'Predicted probability of no purchase in the holdout window against the share of customers who made none.',
        () => churnCalibrationChart(classified().calibration),
      );
      chart(
        'churn-gains',
        'Churn gains',
        'Share of holdout non-buyers found by contacting the customers with the highest churn risk first.',
        () => gainsChart(classified().gains),
      );
    }
  }
  if (clv !== undefined) {
    chart(
      'clv-distribution',
      'Distribution of predicted CLV',
      `Predicted CLV over ${describeTerms(terms)}, on a logarithmic scale.`,
      () => clvDistributionChart(clv, currency),
    );
  }

  const models: ReportModel[] = [];
  const holdoutFigures: ReportFigure[] | undefined =
    ctx.holdout === undefined
      ? undefined
      : [
          {
            label: 'Holdout MAE (purchases per customer)',
            value: ctx.holdout.evaluation.metrics.mae,
          },
          { label: 'Holdout RMSE', value: ctx.holdout.evaluation.metrics.rmse },
          {
            label: 'Holdout bias (predicted − actual)',
            value: ctx.holdout.evaluation.metrics.bias,
          },
          ...(ctx.holdout.evaluation.metrics.correlation === null
            ? []
            : [
                { label: 'Holdout correlation', value: ctx.holdout.evaluation.metrics.correlation },
              ]),
          {
            label: 'Holdout purchases, actual',
            value: ctx.holdout.evaluation.metrics.actualTotal,
            format: 'integer' as const,
          },
          {
            label: 'Holdout purchases, predicted',
            value: ctx.holdout.evaluation.metrics.predictedTotal,
            format: 'integer' as const,
          },
        ];
  models.push(modelOf(`Purchases: ${ctx.model.title}`, ctx.purchaseFit, ctx.model.description));
  if (ctx.holdout !== undefined) {
    models.push(
      modelOf(
        `Purchases: ${ctx.model.title}, calibration window (to ${day(ctx.calibrationEnd!)})`,
        ctx.holdout.fit,
        'Fitted on the calibration window only, and checked on the holdout window after it.',
        holdoutFigures,
      ),
    );
  }
  if (ctx.spendFit !== undefined) {
    models.push(
      modelOf(
        'Spend: Gamma-Gamma',
        ctx.spendFit,
        'Gamma-Gamma (Fader, Hardie & Lee 2005): mean spend per purchase of repeat customers; it assumes spend independent of purchase frequency.',
      ),
    );
  }

  const extra: ReportFigure[] = [];
  let meanChurn = 0;
  for (let i = 0; i < n; i++) meanChurn += scores.churnRisk[i]!;
  extra.push({ label: 'Mean churn risk (1 − P(alive))', value: meanChurn / n, format: 'percent' });
  if (ctx.vipShare !== undefined)
    extra.push({ label: 'Customers in the VIP tier', value: ctx.vipShare, format: 'percent' });
  if (ctx.pseudonymized)
    extra.push({ label: 'Customer ids', value: 'pseudonymised (HMAC-SHA-256)' });

  const tables: ReportTable[] = [];
  if (clv !== undefined) {
    const top = topIndices(clv, 20);
    tables.push({
      title: 'Top customers by predicted CLV',
      columns: ['Customer', 'Predicted CLV', 'P(alive)', 'Repeat purchases', 'Total spend'],
      formats: [undefined, 'money', 'percent', 'integer', 'money'],
      rows: top.map((i) => [
        summary.ids[i]!,
        clv[i]!,
        scores.probabilityAlive[i]!,
        summary.frequency[i]!,
        summary.totalSpend?.[i],
      ]),
    });
  }

  const rejectedRows = ctx.rejected.slice(0, 200).map((r) => ({
    row: r.row,
    field: r.field,
    reason: ctx.hideRejectedValues ? `${r.code} (value hidden: pseudonymised run)` : r.message,
  }));
  const window =
    ctx.calibrationEnd === undefined
      ? `observation to ${day(ctx.observationEnd)}`
      : `calibration to ${day(ctx.calibrationEnd)}, holdout to ${day(ctx.observationEnd)}`;
  return {
    title: ctx.title,
    subtitle: `${ctx.source}: ${window}, time unit ${ctx.unit}`,
    generatedAt: ctx.generatedAt,
    ...(ctx.currency === undefined ? {} : { currency: ctx.currency }),
    unit: ctx.unit,
    headline: {
      customers: n,
      ...(summary.report === undefined ? {} : { transactions: summary.report.transactionsUsed }),
      ...(revenue === undefined ? {} : { revenue }),
      ...(meanClv === undefined ? {} : { meanClv, totalClv: scores.totalClv! }),
      clvHorizon: describeTerms(terms),
      ...(ctx.cac === undefined ? {} : { cac: ctx.cac }),
      ...(ctx.cac === undefined || meanClv === undefined ? {} : { clvToCac: meanClv / ctx.cac }),
      extra,
    },
    cleaning: {
      rowsRead: ctx.rowsRead,
      rowsRejected: ctx.rejected.length,
      steps: ctx.cleaningReports,
      ...(summary.report === undefined ? {} : { summary: summary.report }),
    },
    rejected: { rows: rejectedRows, total: ctx.rejected.length },
    segments: ctx.segments,
    models,
    charts,
    tables,
    notes: ctx.notes,
  };
}

/** A segment table section. */
export function segmentSection(
  title: string,
  description: string,
  report: SegmentReport,
): ReportSegments {
  return { title, description, report };
}
