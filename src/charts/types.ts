import type { TimeUnit } from '../time/index.js';

/**
 * A Vega-Lite v6 specification as plain JSON data: `$schema`, inline `data.values`, marks and
 * encodings. Render it with vega-embed, Deno's Jupyter kernel (`Deno.jupyter.display`) or any
 * Vega-Lite host; it survives `JSON.stringify` unchanged.
 *
 * @example
 * ```ts
 * import { valueConcentrationChart, type VegaLiteSpec } from 'clvkit/charts';
 * const spec: VegaLiteSpec = valueConcentrationChart([5, 3, 2]);
 * JSON.parse(JSON.stringify(spec)).$schema; // 'https://vega.github.io/schema/vega-lite/v6.json'
 * ```
 */
export type VegaLiteSpec = Record<string, unknown>;

/**
 * Options every chart accepts.
 *
 * @example
 * ```ts
 * import type { ChartOptions } from 'clvkit/charts';
 * const options: ChartOptions = { title: 'Customer value', currency: 'EUR', height: 280 };
 * ```
 */
export interface ChartOptions {
  /** Chart title (each chart has a default). */
  readonly title?: string;
  /**
   * Currency of money axes, e.g. `'EUR'` or `'$'`: shown in axis titles ("CLV (EUR)"). Default:
   * none (no unit in the title).
   */
  readonly currency?: string;
  /** Plot height in pixels (default 300); the width always follows the container. */
  readonly height?: number;
}

/**
 * One bin of a churn calibration (reliability) table: the fields of `CalibrationBin` in
 * `clvkit/churn` that the chart reads, declared here structurally so that charts do not depend on
 * the churn code (pass `evaluateClassifier(...).calibration` as it is).
 *
 * @example
 * ```ts
 * import type { ChartCalibrationBin } from 'clvkit/charts';
 * const bin: ChartCalibrationBin = { bin: 0, count: 120, meanPredicted: 0.05, observedRate: 0.04 };
 * ```
 */
export interface ChartCalibrationBin {
  /** Bin index (0 = lowest predicted probabilities). */
  readonly bin: number;
  /** Rows in the bin. */
  readonly count: number;
  /** Mean predicted probability in the bin, in [0, 1]. */
  readonly meanPredicted: number;
  /** Observed share of positives (churned) in the bin, in [0, 1]. */
  readonly observedRate: number;
}

/**
 * One row of a cumulative gains table (deciles, highest scores first): the shape of `GainsRow`
 * in `clvkit/churn`, declared structurally.
 *
 * @example
 * ```ts
 * import type { ChartGainsRow } from 'clvkit/charts';
 * const row: ChartGainsRow = { decile: 1, customerShare: 0.1, positives: 40, cumulativeGain: 0.35, lift: 3.5, cumulativeLift: 3.5 };
 * ```
 */
export interface ChartGainsRow {
  /** 1..10, highest scores first. */
  readonly decile: number;
  /** Cumulative share of rows up to this decile, in (0, 1]. */
  readonly customerShare: number;
  /** Positives in this decile. */
  readonly positives: number;
  /** Cumulative share of all positives captured up to this decile, in [0, 1]. */
  readonly cumulativeGain: number;
  /** Positive rate of this decile over the overall rate. */
  readonly lift: number;
  /** Cumulative positive rate over the overall rate. */
  readonly cumulativeLift: number;
}

/**
 * A frequency × recency grid of one model quantity (expected purchases, P(alive)), built by
 * {@link purchaseHeatmaps} and drawn by {@link heatmapChart}. Plain data.
 *
 * @example
 * ```ts
 * import { heatmapChart, type HeatmapGrid } from 'clvkit/charts';
 * const grid: HeatmapGrid = {
 *   kind: 'heatmap-grid', title: 'P(alive)', valueLabel: 'P(alive)', valueFormat: '.0%',
 *   unit: 'week', T: 52, frequency: [0, 1], recency: [0, 52], values: [[1, 1], [0.3, 0.9]],
 * };
 * heatmapChart(grid);
 * ```
 */
export interface HeatmapGrid {
  readonly kind: 'heatmap-grid';
  /** Default chart title. */
  readonly title: string;
  /** Legend title of the colour scale. */
  readonly valueLabel: string;
  /** d3-format string of the values (tooltips and legend), e.g. `'.2f'` or `'.0%'`. */
  readonly valueFormat: string;
  /** Unit of `recency` and `T`. */
  readonly unit: TimeUnit;
  /** Customer age (time since first purchase) the grid is evaluated at. */
  readonly T: number;
  /** Row values: repeat purchases, ascending. */
  readonly frequency: readonly number[];
  /**
   * Column values: recency (first to last purchase), ascending, in [0, T]. The chart draws each
   * column from half-way to its left neighbour to half-way to its right one.
   */
  readonly recency: readonly number[];
  /** `values[f][r]`: the quantity at `frequency[f]`, `recency[r]`; null for no value. */
  readonly values: readonly (readonly (number | null)[])[];
}
