// A report built through the library from a seeded simulated log: shared by the browser test
// and the rendering tests.
import {
  type ChartCalibrationBin,
  type ChartGainsRow,
  churnCalibrationChart,
  clvDistributionChart,
  gainsChart,
  heatmapChart,
  predictedVsActualChart,
  purchaseHeatmaps,
  segmentChart,
  trackingChart,
  valueConcentrationChart,
} from '../../src/charts/index.js';
import { evaluateClassifier } from '../../src/churn/evaluate/index.js';
import {
  cleanTransactions,
  evaluateHoldout,
  fitBgNbd,
  fitGammaGamma,
  fromTransactionColumns,
  predictClv,
  rfmScores,
  rfmSegmentPresets,
  rfmSegments,
  segmentReport,
  simulateTransactionColumns,
  summarizeTransactions,
  valueTiers,
} from '../../src/index.js';
import type { ReportInput } from '../../src/report/index.js';

/** A string that would run script if the report did not escape it. */
export const HOSTILE = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';

/**
 * A small churn evaluation through `evaluateClassifier`: score = P(no purchase in the holdout)
 * under a Poisson reading of the model's expectation, label = no purchase in the holdout.
 */
function churnEvaluation(
  predicted: Float64Array,
  actual: Float64Array,
): { calibration: readonly ChartCalibrationBin[]; gains: readonly ChartGainsRow[] } {
  const score = Array.from(predicted, (p) => Math.exp(-p));
  const label = Array.from(actual, (a): number => (a === 0 ? 1 : 0));
  const { calibration, gains } = evaluateClassifier(label, score);
  return { calibration, gains };
}

/** The full pipeline on `customers` simulated customers (two years, weekly rates, EUR). */
export function buildReportInput(customers = 2000): ReportInput {
  const log = simulateTransactionColumns({
    customers,
    start: new Date('2023-01-02T00:00:00Z'),
    horizon: 104,
    unit: 'week',
    bgNbd: { r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 },
    gammaGamma: { p: 6, q: 4, v: 15 },
    acquisition: { window: 12 },
    seed: 'report',
  });
  const ids = log.customers.ids;
  const raw = fromTransactionColumns({
    customerId: Array.from(log.customerIndex, (i) => ids[i]!),
    date: log.time,
    amount: log.amount,
  });
  // A few rows for the cleaning step to act on: two exact duplicates.
  raw.push({ ...raw[0]! }, { ...raw[1]! });
  const cleaned = cleanTransactions(raw);
  const summary = summarizeTransactions(cleaned.transactions, {
    unit: 'week',
    calibrationEnd: new Date('2024-07-01T00:00:00Z'),
    observationEnd: new Date('2024-12-30T00:00:00Z'),
  });
  const purchaseFit = fitBgNbd(summary);
  const spendFit = fitGammaGamma(summary);
  const clv = predictClv({
    purchaseFit,
    spendFit,
    summary,
    horizon: 12,
    horizonUnit: 'month',
    discountRate: 0.1,
    discountUnit: 'year',
    margin: 0.3,
  });
  const evaluation = evaluateHoldout(purchaseFit, summary, {
    transactions: cleaned.transactions,
  });
  const revenue = summary.totalSpend!;
  const rfm = rfmSegments(rfmScores(summary, { k: 5 }), rfmSegmentPresets.standard);
  const rfmReport = segmentReport(rfm.labels, rfm.names, { revenue, clv: clv.clv });
  const tiers = valueTiers(clv.clv, { method: 'top' });
  const tierReport = segmentReport(tiers.labels, tiers.names, { revenue, clv: clv.clv });
  const sortedT = Array.from(summary.T).sort((a, b) => a - b);
  const heatmaps = purchaseHeatmaps(purchaseFit, {
    T: sortedT[sortedT.length >> 1]!,
    horizon: 26,
    maxFrequency: 15,
  });
  const churn = churnEvaluation(evaluation.predicted, evaluation.actual);
  let revenueTotal = 0;
  for (const v of revenue) revenueTotal += v;
  const cac = 20;
  const meanClv = clv.totalClv / summary.ids.length;

  return {
    title: 'Customer value report: simulated shop',
    subtitle: 'Simulated log, 2 January 2023 to 30 December 2024; calibration to 1 July 2024',
    generatedAt: new Date('2025-01-06T09:30:00Z'),
    currency: 'EUR',
    unit: 'week',
    headline: {
      customers: summary.ids.length,
      transactions: summary.report?.transactionsUsed,
      revenue: revenueTotal,
      meanClv,
      totalClv: clv.totalClv,
      clvHorizon: '12 months, 30 % margin, 10 % a year discount',
      cac,
      clvToCac: meanClv / cac,
      extra: [{ label: 'Holdout MAE', value: evaluation.metrics.mae }],
    },
    cleaning: {
      rowsRead: raw.length + 2,
      rowsRejected: 2,
      steps: cleaned.reports,
      summary: summary.report,
    },
    rejected: {
      total: 2,
      rows: [
        { row: 17, field: 'amount', reason: "'12,5O' is not a number" },
        { row: 42, field: 'customerId', reason: `empty id near ${HOSTILE}` },
      ],
    },
    segments: [
      { title: 'RFM segments', description: 'Quintile scores, standard rules.', report: rfmReport },
      {
        title: 'Value tiers',
        description: 'Top 20 % / next 30 % / rest by CLV.',
        report: tierReport,
      },
    ],
    models: [
      {
        title: 'Purchases: BG/NBD',
        fit: purchaseFit,
        figures: [
          { label: 'Holdout MAE', value: evaluation.metrics.mae },
          { label: 'Holdout correlation', value: evaluation.metrics.correlation ?? Number.NaN },
        ],
      },
      { title: 'Spend: Gamma-Gamma', fit: spendFit },
    ],
    charts: [
      {
        id: 'concentration',
        title: 'Value concentration',
        description: 'How much of the predicted CLV the top customers hold.',
        spec: valueConcentrationChart(clv.clv, { valueLabel: 'CLV', currency: 'EUR' }),
      },
      {
        id: 'clv-distribution',
        title: 'Predicted CLV',
        spec: clvDistributionChart(clv.clv, { currency: 'EUR' }),
      },
      { id: 'rfm', title: 'RFM segments', spec: segmentChart(rfmReport, { currency: 'EUR' }) },
      {
        id: 'tiers',
        title: 'Value tiers',
        spec: segmentChart(tierReport, { measure: 'meanClv', currency: 'EUR' }),
      },
      {
        id: 'expected',
        title: 'Expected purchases',
        spec: heatmapChart(heatmaps.expectedPurchases),
      },
      { id: 'alive', title: 'P(alive)', spec: heatmapChart(heatmaps.probabilityAlive) },
      {
        id: 'tracking',
        title: 'Tracking',
        description: 'Weekly cumulative repeat purchases.',
        spec: trackingChart(evaluation),
        wide: true,
      },
      {
        id: 'by-frequency',
        title: 'Predicted vs actual',
        spec: predictedVsActualChart(evaluation),
      },
      {
        id: HOSTILE,
        title: 'Churn calibration',
        spec: churnCalibrationChart(churn.calibration),
      },
      { id: 'gains', title: 'Gains', spec: gainsChart(churn.gains) },
    ],
    tables: [
      {
        title: 'Top customers',
        columns: ['Customer', 'CLV', 'P(alive)'],
        formats: [undefined, 'money', 'percent'],
        rows: [
          [HOSTILE, 812.5, 0.93],
          ['c000002', 640.25, 0.71],
        ],
      },
    ],
    notes: ['Rates per week; a month is 365.25/12 days.', `Hostile note: ${HOSTILE}`],
  };
}
