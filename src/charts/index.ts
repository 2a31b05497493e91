/**
 * clvkit/charts: Vega-Lite specifications (plain JSON) built from clvkit's own outputs, for
 * notebooks, apps and the HTML report.
 *
 * Every function returns a Vega-Lite v6 spec with its data inline and already aggregated (at
 * most a few thousand points, whatever the number of customers), `width: 'container'`, and the
 * shared colours of {@link CHART_COLORS}. Nothing here imports Vega: render the specs with
 * vega-embed, Deno's Jupyter kernel or any Vega-Lite host.
 *
 * @packageDocumentation
 * @module clvkit/charts
 */
export { churnCalibrationChart, gainsChart } from './churn.js';
export {
  CLV_DISTRIBUTION_DEFAULTS,
  type ClvDistributionOptions,
  clvDistributionChart,
} from './clv-distribution.js';
export {
  heatmapChart,
  PURCHASE_HEATMAPS_DEFAULTS,
  type PurchaseHeatmaps,
  type PurchaseHeatmapsOptions,
  purchaseHeatmaps,
} from './heatmap.js';
export {
  predictedVsActualChart,
  TRACKING_CHART_DEFAULTS,
  type TrackingChartOptions,
  trackingChart,
} from './holdout.js';
export { type SegmentChartMeasure, type SegmentChartOptions, segmentChart } from './segments.js';
export { CHART_COLORS } from './theme.js';
export type {
  ChartCalibrationBin,
  ChartGainsRow,
  ChartOptions,
  HeatmapGrid,
  VegaLiteSpec,
} from './types.js';
export {
  VALUE_CONCENTRATION_DEFAULTS,
  type ValueConcentrationOptions,
  valueConcentrationChart,
} from './value-concentration.js';
