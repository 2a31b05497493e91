import {
  badArgument,
  CHART_OPTION_KEYS,
  checkOptions,
  commonOptions,
  frame,
  rounded,
} from './shared.js';
import { CHART_COLORS } from './theme.js';
import type { ChartCalibrationBin, ChartGainsRow, ChartOptions, VegaLiteSpec } from './types.js';

/** Checks that `rows` is an array of objects whose `fields` are finite numbers. */
function checkRows<T>(
  fn: string,
  name: string,
  rows: unknown,
  fields: readonly (keyof T & string)[],
): readonly T[] {
  if (!Array.isArray(rows)) badArgument(fn, name, rows, 'must be an array');
  rows.forEach((row: unknown, i) => {
    if (row === null || typeof row !== 'object')
      badArgument(fn, `${name}[${i}]`, row, 'must be an object');
    for (const field of fields) {
      const v = (row as Record<string, unknown>)[field];
      if (typeof v !== 'number' || !Number.isFinite(v))
        badArgument(fn, `${name}[${i}].${field}`, v, 'must be a finite number');
    }
  });
  return rows as readonly T[];
}

/** 95 % Wilson score interval of a rate p observed on n rows (Wilson 1927). */
function wilsonInterval(p: number, n: number): { lower: number; upper: number } {
  const z = 1.959963984540054;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

const DIAGONAL = [
  { x: 0, y: 0 },
  { x: 1, y: 1 },
];

/**
 * Calibration (reliability) diagram of a churn model: observed churn rate against mean predicted
 * probability per bin, with 95 % Wilson score intervals of the observed rate (Wilson 1927, from
 * the bin's count and rate) as error bars and the diagonal of perfect calibration; point size
 * follows the bin's row count. Empty bins are left out.
 *
 * Cost: O(bins).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a malformed bin (index and field named).
 * @example
 * ```ts
 * import { churnCalibrationChart } from 'clvkit/charts';
 * const spec = churnCalibrationChart([
 *   { bin: 0, count: 50, meanPredicted: 0.1, observedRate: 0.12 },
 *   { bin: 1, count: 50, meanPredicted: 0.7, observedRate: 0.66 },
 * ]);
 * ```
 */
export function churnCalibrationChart(
  calibration: readonly ChartCalibrationBin[],
  options?: ChartOptions,
): VegaLiteSpec {
  const opts = checkOptions(options, CHART_OPTION_KEYS);
  const bins = checkRows<ChartCalibrationBin>('churnCalibrationChart', 'calibration', calibration, [
    'bin',
    'count',
    'meanPredicted',
    'observedRate',
  ]);
  const { title, height } = commonOptions(opts, 'Churn model calibration');
  const values = bins
    .filter((b) => b.count > 0)
    .map((b) => {
      const { lower, upper } = wilsonInterval(b.observedRate, b.count);
      return {
        bin: b.bin,
        count: b.count,
        predicted: rounded(b.meanPredicted),
        observed: rounded(b.observedRate),
        lower: rounded(lower),
        upper: rounded(upper),
      };
    });
  const x = {
    field: 'predicted',
    type: 'quantitative',
    title: 'Mean predicted churn probability',
    scale: { domain: [0, 1] },
    axis: { format: '.0%' },
  };
  const y = {
    field: 'observed',
    type: 'quantitative',
    title: 'Observed churn rate',
    scale: { domain: [0, 1] },
    axis: { format: '.0%' },
  };
  return {
    ...frame(title, 'Points on the dashed diagonal are perfectly calibrated', height),
    data: { values },
    layer: [
      {
        data: { values: DIAGONAL },
        mark: { type: 'line', color: CHART_COLORS.reference, strokeDash: [4, 4] },
        encoding: {
          x: { ...x, field: 'x' },
          y: { ...y, field: 'y' },
        },
      },
      {
        mark: { type: 'rule', color: CHART_COLORS.model, opacity: 0.6 },
        encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' } },
      },
      {
        mark: { type: 'point', filled: true, color: CHART_COLORS.model, opacity: 0.9 },
        encoding: {
          x,
          y,
          size: { field: 'count', type: 'quantitative', title: 'Customers', legend: null },
          tooltip: [
            { field: 'bin', type: 'ordinal', title: 'Bin' },
            { field: 'count', type: 'quantitative', title: 'Customers', format: ',' },
            { field: 'predicted', type: 'quantitative', title: 'Mean predicted', format: '.1%' },
            { field: 'observed', type: 'quantitative', title: 'Observed', format: '.1%' },
            { field: 'lower', type: 'quantitative', title: 'Interval from', format: '.1%' },
            { field: 'upper', type: 'quantitative', title: 'Interval to', format: '.1%' },
          ],
        },
      },
    ],
  };
}

/**
 * Cumulative gains curve of a churn model: share of all churners captured against share of
 * customers contacted (highest scores first), from (0, 0), with the diagonal of random
 * targeting; lift in tooltips.
 *
 * Cost: O(rows).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a malformed row (index and field named).
 * @example
 * ```ts
 * import { gainsChart } from 'clvkit/charts';
 * const spec = gainsChart([
 *   { decile: 1, customerShare: 0.5, positives: 8, cumulativeGain: 0.8, lift: 1.6, cumulativeLift: 1.6 },
 *   { decile: 2, customerShare: 1, positives: 2, cumulativeGain: 1, lift: 0.4, cumulativeLift: 1 },
 * ]);
 * ```
 */
export function gainsChart(gains: readonly ChartGainsRow[], options?: ChartOptions): VegaLiteSpec {
  const opts = checkOptions(options, CHART_OPTION_KEYS);
  const rows = checkRows<ChartGainsRow>('gainsChart', 'gains', gains, [
    'decile',
    'customerShare',
    'positives',
    'cumulativeGain',
    'lift',
    'cumulativeLift',
  ]);
  const { title, height } = commonOptions(opts, 'Cumulative gains of the churn model');
  const values = [
    { decile: 0, share: 0, gain: 0, lift: null, cumulativeLift: null },
    ...[...rows]
      .sort((a, b) => a.customerShare - b.customerShare)
      .map((r) => ({
        decile: r.decile,
        share: rounded(r.customerShare),
        gain: rounded(r.cumulativeGain),
        lift: rounded(r.lift),
        cumulativeLift: rounded(r.cumulativeLift),
      })),
  ];
  const x = {
    field: 'share',
    type: 'quantitative',
    title: 'Share of customers contacted, highest churn risk first',
    scale: { domain: [0, 1] },
    axis: { format: '.0%' },
  };
  const y = {
    field: 'gain',
    type: 'quantitative',
    title: 'Share of all churners reached',
    scale: { domain: [0, 1] },
    axis: { format: '.0%' },
  };
  const encoding = {
    x,
    y,
    tooltip: [
      { field: 'decile', type: 'ordinal', title: 'Decile' },
      { field: 'share', type: 'quantitative', title: 'Customers contacted', format: '.0%' },
      { field: 'gain', type: 'quantitative', title: 'Churners reached', format: '.1%' },
      { field: 'lift', type: 'quantitative', title: 'Lift of the decile', format: '.2f' },
      { field: 'cumulativeLift', type: 'quantitative', title: 'Cumulative lift', format: '.2f' },
    ],
  };
  return {
    ...frame(title, 'The dashed diagonal is random targeting', height),
    data: { values },
    layer: [
      {
        data: { values: DIAGONAL.map((p) => ({ share: p.x, gain: p.y })) },
        mark: { type: 'line', color: CHART_COLORS.reference, strokeDash: [4, 4] },
        encoding: { x, y },
      },
      { mark: { type: 'line', color: CHART_COLORS.model, strokeWidth: 2 }, encoding },
      { mark: { type: 'point', filled: true, color: CHART_COLORS.model }, encoding },
    ],
  };
}
