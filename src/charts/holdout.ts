import type { HoldoutEvaluation } from '../clv/evaluate-holdout.js';
import { invalidOption } from '../errors/index.js';
import { millisecondsPerUnit } from '../time/index.js';
import {
  badArgument,
  CHART_OPTION_KEYS,
  checkIntegerOption,
  checkOptions,
  commonOptions,
  frame,
  rounded,
} from './shared.js';
import { CHART_COLORS } from './theme.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/** Options of {@link trackingChart}; defaults in {@link TRACKING_CHART_DEFAULTS}. */
export interface TrackingChartOptions extends ChartOptions {
  /**
   * `'cumulative'` (default): cumulative repeat purchases; `'incremental'`: repeat purchases per
   * period.
   */
  readonly mode?: 'cumulative' | 'incremental';
  /**
   * Most points per series (default 2000, 10..20000). Longer cumulative curves are thinned
   * evenly (keeping the last point); incremental series are summed over runs of whole periods.
   */
  readonly maxPoints?: number;
}

/** Defaults of {@link TrackingChartOptions}. */
export const TRACKING_CHART_DEFAULTS = Object.freeze({
  mode: 'cumulative',
  maxPoints: 2000,
} as const);

const SERIES = ['Model', 'Actual'];
const SERIES_COLORS = [CHART_COLORS.model, CHART_COLORS.actual];

function checkEvaluation(fn: string, evaluation: unknown): HoldoutEvaluation {
  const e = evaluation as Partial<HoldoutEvaluation> | null;
  if (
    e === null ||
    typeof e !== 'object' ||
    e.tracking === undefined ||
    e.byFrequency === undefined ||
    !(e.tracking.periodEnd instanceof Float64Array) ||
    !(e.tracking.predictedCumulative instanceof Float64Array) ||
    !(e.byFrequency.frequency instanceof Float64Array)
  )
    badArgument(
      fn,
      'evaluation',
      evaluation,
      'must be a holdout evaluation (from evaluateHoldout)',
    );
  return e as HoldoutEvaluation;
}

function plural(unit: string): string {
  return `${unit}s`;
}

/**
 * Calibration/holdout tracking plot (Fader, Hardie & Lee 2005, fig. 3): the cohort's repeat
 * purchases by period, model against data, with the end of the calibration window marked. The
 * x axis is dates (UTC) when the evaluation knows the calibration end, else periods since the
 * earliest first purchase. Without `transactions` in `evaluateHoldout`, only the model's line is
 * drawn.
 *
 * Cost: O(periods).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for something that is not a holdout evaluation;
 *   `INVALID_OPTION` for a bad option.
 * @example
 * ```ts
 * import { evaluateHoldout } from 'clvkit';
 * import { trackingChart } from 'clvkit/charts';
 * // const evaluation = evaluateHoldout(fit, summary, { transactions });
 * // const spec = trackingChart(evaluation);
 * ```
 */
export function trackingChart(
  evaluation: HoldoutEvaluation,
  options?: TrackingChartOptions,
): VegaLiteSpec {
  const opts = checkOptions(options, [...CHART_OPTION_KEYS, 'mode', 'maxPoints']);
  const e = checkEvaluation('trackingChart', evaluation);
  const mode = opts.mode ?? TRACKING_CHART_DEFAULTS.mode;
  if (mode !== 'cumulative' && mode !== 'incremental')
    invalidOption('mode', mode, "must be 'cumulative' or 'incremental'");
  const maxPoints = checkIntegerOption(
    'maxPoints',
    opts.maxPoints,
    TRACKING_CHART_DEFAULTS.maxPoints,
    10,
    20_000,
  );
  const cumulative = mode === 'cumulative';
  const t = e.tracking;
  const n = t.periodEnd.length;
  const model = cumulative ? t.predictedCumulative : t.predictedIncremental;
  const actual = cumulative ? t.actualCumulative : t.actualIncremental;
  const dates = t.periodEndTime;
  const msPerPeriod = millisecondsPerUnit(t.periodUnit);
  // Runs of `group` periods per point.
  const group = Math.max(1, Math.ceil(n / maxPoints));
  const indices: number[] = [];
  for (let j = group - 1; j < n; j += group) indices.push(j);
  if (indices[indices.length - 1] !== n - 1) indices.push(n - 1);
  const valueAt = (column: Float64Array, k: number): number => {
    const j = indices[k]!;
    if (cumulative) return column[j]!;
    let sum = 0;
    for (let i = k === 0 ? 0 : indices[k - 1]! + 1; i <= j; i++) sum += column[i]!;
    return sum;
  };
  const xOf = (j: number) => (dates === undefined ? rounded(t.periodEnd[j]!) : dates[j]!);
  const values: { at: number; series: string; purchases: number }[] = [];
  for (let k = 0; k < indices.length; k++) {
    const at = xOf(indices[k]!);
    values.push({ at, series: 'Model', purchases: rounded(valueAt(model, k)) });
    if (actual !== undefined)
      values.push({ at, series: 'Actual', purchases: rounded(valueAt(actual, k)) });
  }
  const calibrationEnd =
    dates === undefined
      ? rounded(t.calibrationEndAt)
      : Math.round(dates[0]! - (t.periodEnd[0]! - t.calibrationEndAt) * msPerPeriod);

  const per = group === 1 ? t.periodUnit : `${group} ${plural(t.periodUnit)}`;
  const defaultTitle = cumulative
    ? 'Cumulative repeat purchases: model vs actual'
    : `Repeat purchases per ${per}: model vs actual`;
  const { title, height } = commonOptions(opts, defaultTitle);
  const subtitle =
    actual === undefined
      ? 'Model only (no transaction log given to evaluateHoldout)'
      : 'Calibration period to the left of the dashed line, holdout to the right';
  const x =
    dates === undefined
      ? {
          field: 'at',
          type: 'quantitative',
          title: `${plural(t.periodUnit)} since the first customer's first purchase`,
        }
      : {
          field: 'at',
          type: 'temporal',
          title: null,
          scale: { type: 'utc' },
          axis: { format: '%b %Y', labelOverlap: 'greedy', labelSeparation: 8 },
        };
  const series = actual === undefined ? ['Model'] : SERIES;
  return {
    ...frame(title, subtitle, height),
    data: { values },
    layer: [
      {
        mark: { type: 'line', strokeWidth: 2, interpolate: 'monotone' },
        encoding: {
          x,
          y: {
            field: 'purchases',
            type: 'quantitative',
            title: cumulative ? 'Cumulative repeat purchases' : `Repeat purchases per ${per}`,
            axis: { format: '~s' },
          },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: series, range: SERIES_COLORS.slice(0, series.length) },
          },
          strokeDash: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: {
              domain: series,
              range: [
                [6, 3],
                [1, 0],
              ].slice(0, series.length),
            },
          },
          tooltip: [
            dates === undefined
              ? { field: 'at', type: 'quantitative', title: plural(t.periodUnit), format: '.1f' }
              : {
                  field: 'at',
                  type: 'temporal',
                  title: 'Period end',
                  format: '%Y-%m-%d',
                  scale: { type: 'utc' },
                },
            { field: 'series', type: 'nominal', title: 'Series' },
            { field: 'purchases', type: 'quantitative', title: 'Repeat purchases', format: ',.0f' },
          ],
        },
      },
      {
        data: { values: [{ at: calibrationEnd, label: 'Calibration end' }] },
        layer: [
          {
            mark: { type: 'rule', color: CHART_COLORS.highlight, strokeDash: [4, 4] },
            encoding: { x },
          },
          {
            mark: {
              type: 'text',
              align: 'right',
              baseline: 'top',
              dx: -4,
              y: 4,
              color: CHART_COLORS.highlight,
              fontSize: 11,
            },
            encoding: { x, text: { field: 'label' } },
          },
        ],
      },
    ],
  };
}

/**
 * Conditional expectations plot (Fader, Hardie & Lee 2005, fig. 4): mean predicted and mean
 * actual holdout purchases by calibration frequency (0, 1, …, "cap+"), empty groups left out;
 * customers per group in tooltips.
 *
 * Cost: O(frequency groups).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for something that is not a holdout evaluation.
 * @example
 * ```ts
 * import { predictedVsActualChart } from 'clvkit/charts';
 * // const spec = predictedVsActualChart(evaluateHoldout(fit, summary));
 * ```
 */
export function predictedVsActualChart(
  evaluation: HoldoutEvaluation,
  options?: ChartOptions,
): VegaLiteSpec {
  const opts = checkOptions(options, CHART_OPTION_KEYS);
  const e = checkEvaluation('predictedVsActualChart', evaluation);
  const { title, height } = commonOptions(
    opts,
    'Holdout purchases by calibration frequency: model vs actual',
  );
  const b = e.byFrequency;
  const last = b.frequency.length - 1;
  const labels: string[] = [];
  const values: { frequency: string; series: string; purchases: number; customers: number }[] = [];
  for (let g = 0; g <= last; g++) {
    const customers = b.customers[g]!;
    if (!(customers > 0)) continue;
    const label = g === last && last > 0 ? `${b.frequency[g]}+` : String(b.frequency[g]);
    labels.push(label);
    values.push(
      { frequency: label, series: 'Model', purchases: rounded(b.meanPredicted[g]!), customers },
      { frequency: label, series: 'Actual', purchases: rounded(b.meanActual[g]!), customers },
    );
  }
  const x = {
    field: 'frequency',
    type: 'ordinal',
    title: 'Repeat purchases in the calibration period',
    sort: labels,
    axis: { labelAngle: 0 },
  };
  const encoding = {
    x,
    y: {
      field: 'purchases',
      type: 'quantitative',
      title: 'Mean holdout purchases per customer',
    },
    color: {
      field: 'series',
      type: 'nominal',
      title: null,
      scale: { domain: SERIES, range: SERIES_COLORS },
    },
    tooltip: [
      { field: 'frequency', type: 'ordinal', title: 'Calibration repeat purchases' },
      { field: 'series', type: 'nominal', title: 'Series' },
      { field: 'purchases', type: 'quantitative', title: 'Mean holdout purchases', format: '.2f' },
      { field: 'customers', type: 'quantitative', title: 'Customers', format: ',' },
    ],
  };
  return {
    ...frame(title, undefined, height),
    data: { values },
    layer: [
      { mark: { type: 'line', strokeWidth: 2 }, encoding },
      { mark: { type: 'point', filled: true, size: 50 }, encoding },
    ],
  };
}
