import { invalidOption } from '../errors/index.js';
import { conditionalExpectedPurchases, probabilityAlive } from '../models/bg-nbd/predict.js';
import type { BgNbdFit } from '../models/bg-nbd/types.js';
import { summaryFromColumns } from '../summary/columns.js';
import { isTimeUnit } from '../time/index.js';
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
import type { ChartOptions, HeatmapGrid, VegaLiteSpec } from './types.js';

/** Options of {@link purchaseHeatmaps}; defaults in {@link PURCHASE_HEATMAPS_DEFAULTS}. */
export interface PurchaseHeatmapsOptions {
  /**
   * Age of the customers the grid describes (first purchase to now), in the fit's unit, > 0.
   * Required: typically the median or largest `T` of the summary.
   */
  readonly T: number;
  /** Horizon of the expected purchases, in the fit's unit, > 0. Required. */
  readonly horizon: number;
  /** Largest frequency (repeat purchases) shown; rows 0..maxFrequency (default 20, 1..100). */
  readonly maxFrequency?: number;
  /**
   * Recency columns (default 24, 2..100): column j covers [T·j/cells, T·(j + 1)/cells] and is
   * evaluated at its centre.
   */
  readonly cells?: number;
}

/** Defaults of {@link PurchaseHeatmapsOptions}. */
export const PURCHASE_HEATMAPS_DEFAULTS = Object.freeze({ maxFrequency: 20, cells: 24 } as const);

/** Result of {@link purchaseHeatmaps}: two grids over the same frequency × recency cells. */
export interface PurchaseHeatmaps {
  /** Conditional expected purchases over the horizon, E[Y(horizon) | x, t_x, T]. */
  readonly expectedPurchases: HeatmapGrid;
  /** Probability the customer is still active, P(alive | x, t_x, T). */
  readonly probabilityAlive: HeatmapGrid;
}

function positiveOption(field: string, value: unknown): number {
  if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0))
    invalidOption(field, value, "must be a finite number > 0 (in the fit's time unit)");
  return value;
}

/** "52 weeks", "1 week", "2.5 months". */
function durationText(value: number, unit: string): string {
  const shown = Number(value.toPrecision(4));
  return `${shown} ${unit}${shown === 1 ? '' : 's'}`;
}

/**
 * Frequency × recency grids of a BG/NBD fit for customers of age `T`: expected purchases over
 * `horizon` and P(alive), the two matrices of Fader, Hardie & Lee (2005, "Counting your
 * customers the easy way"; P(alive) from their 2008 note). Evaluated on a small synthetic summary
 * ((maxFrequency + 1) × cells rows) with `probabilityAlive` and `conditionalExpectedPurchases`,
 * at the centres of `cells` equal recency intervals from 0 to T. With no repeat purchase (frequency 0) the model does not
 * depend on recency, so that row repeats one value.
 *
 * Cost: O(maxFrequency × cells) model evaluations.
 *
 * @throws {ClvError} `INVALID_OPTION` for an invalid fit, T, horizon, maxFrequency or cells.
 * @example
 * ```ts
 * import type { BgNbdFit } from 'clvkit';
 * import { heatmapChart, purchaseHeatmaps } from 'clvkit/charts';
 * const fit = { kind: 'bg-nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, timeUnit: 'week' } as BgNbdFit;
 * const grids = purchaseHeatmaps(fit, { T: 39, horizon: 52, maxFrequency: 10 });
 * grids.probabilityAlive.values[0]![5]; // 1: no repeat purchase, the model counts them alive
 * const spec = heatmapChart(grids.probabilityAlive);
 * ```
 */
export function purchaseHeatmaps(
  fit: BgNbdFit,
  options: PurchaseHeatmapsOptions,
): PurchaseHeatmaps {
  if (options === null || typeof options !== 'object')
    invalidOption('options', options, 'must be an object with T and horizon');
  const opts = checkOptions(options, ['T', 'horizon', 'maxFrequency', 'cells']);
  if (fit === null || typeof fit !== 'object' || fit.kind !== 'bg-nbd')
    invalidOption(
      'fit',
      (fit as { kind?: unknown } | null)?.kind,
      "must be a BG/NBD fit (kind 'bg-nbd')",
    );
  const unit = fit.timeUnit;
  if (!isTimeUnit(unit)) invalidOption('fit.timeUnit', unit, 'must be a time unit');
  const T = positiveOption('T', opts.T);
  const horizon = positiveOption('horizon', opts.horizon);
  const maxFrequency = checkIntegerOption(
    'maxFrequency',
    opts.maxFrequency,
    PURCHASE_HEATMAPS_DEFAULTS.maxFrequency,
    1,
    100,
  );
  const cells = checkIntegerOption('cells', opts.cells, PURCHASE_HEATMAPS_DEFAULTS.cells, 2, 100);

  // Column j covers recencies [T·j/cells, T·(j + 1)/cells] and is evaluated at its centre.
  const recencies = Array.from({ length: cells }, (_, j) => (T * (j + 0.5)) / cells);
  const frequencies = Array.from({ length: maxFrequency + 1 }, (_, f) => f);
  const size = frequencies.length * cells;
  const ids: string[] = [];
  const frequency = new Float64Array(size);
  const recency = new Float64Array(size);
  for (let f = 0; f <= maxFrequency; f++) {
    for (let j = 0; j < cells; j++) {
      const i = f * cells + j;
      ids.push(String(i));
      frequency[i] = f;
      // x = 0 has no recency (it must be 0 in a summary); the model ignores it there.
      recency[i] = f === 0 ? 0 : recencies[j]!;
    }
  }
  const summary = summaryFromColumns({
    ids,
    frequency,
    recency,
    T: new Float64Array(size).fill(T),
    unit,
  });
  const alive = probabilityAlive(fit, summary);
  const expected = conditionalExpectedPurchases(fit, summary, horizon);
  const rows = (column: Float64Array) =>
    frequencies.map((f) => Array.from(column.subarray(f * cells, (f + 1) * cells)));
  return Object.freeze({
    expectedPurchases: Object.freeze({
      kind: 'heatmap-grid',
      title: `Expected purchases in the next ${durationText(horizon, unit)}`,
      valueLabel: 'Expected purchases',
      valueFormat: '.2f',
      unit,
      T,
      frequency: frequencies,
      recency: recencies,
      values: rows(expected),
    } satisfies HeatmapGrid),
    probabilityAlive: Object.freeze({
      kind: 'heatmap-grid',
      title: 'Probability a customer is still active',
      valueLabel: 'P(alive)',
      valueFormat: '.0%',
      unit,
      T,
      frequency: frequencies,
      recency: recencies,
      values: rows(alive),
    } satisfies HeatmapGrid),
  });
}

const FN = 'heatmapChart';

function checkGrid(grid: unknown): HeatmapGrid {
  if (grid === null || typeof grid !== 'object' || (grid as HeatmapGrid).kind !== 'heatmap-grid')
    badArgument(FN, 'grid', grid, "must be a heat map grid (kind 'heatmap-grid')");
  const g = grid as HeatmapGrid;
  if (!Array.isArray(g.frequency) || !Array.isArray(g.recency) || !Array.isArray(g.values))
    badArgument(FN, 'grid', grid, 'must hold frequency, recency and values arrays');
  if (g.values.length !== g.frequency.length)
    badArgument(
      FN,
      'grid.values.length',
      g.values.length,
      `must equal frequency.length (${g.frequency.length})`,
    );
  if (g.frequency.length * g.recency.length > 20_000)
    badArgument(FN, 'grid', g.frequency.length * g.recency.length, 'cells: at most 20000');
  for (const [name, axis] of [
    ['frequency', g.frequency],
    ['recency', g.recency],
  ] as const) {
    axis.forEach((v, k) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        badArgument(FN, `grid.${name}[${k}]`, v, 'must be a finite number');
    });
  }
  g.values.forEach((row, f) => {
    if (!Array.isArray(row) || row.length !== g.recency.length)
      badArgument(FN, `grid.values[${f}]`, row, `must hold ${g.recency.length} values`);
    row.forEach((v, r) => {
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v)))
        badArgument(FN, `grid.values[${f}][${r}]`, v, 'must be a finite number or null');
    });
  });
  return g;
}

/**
 * A heat map of a {@link HeatmapGrid}: recency across, frequency up (highest at the top), one
 * coloured cell per grid value (sequential colour scale; null cells left out), values in
 * tooltips.
 *
 * Cost: O(cells).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a malformed grid (row lengths, non-finite values,
 *   more than 20,000 cells).
 * @example
 * ```ts
 * import { heatmapChart } from 'clvkit/charts';
 * const spec = heatmapChart({
 *   kind: 'heatmap-grid', title: 'P(alive)', valueLabel: 'P(alive)', valueFormat: '.0%',
 *   unit: 'week', T: 52, frequency: [0, 1], recency: [0, 52], values: [[1, 1], [0.3, 0.9]],
 * });
 * ```
 */
export function heatmapChart(grid: HeatmapGrid, options?: ChartOptions): VegaLiteSpec {
  const opts = checkOptions(options, CHART_OPTION_KEYS);
  const g = checkGrid(grid);
  const { title, height } = commonOptions(opts, g.title);
  // Each column spans half-way to its neighbours, so the recency axis can be quantitative.
  const r = g.recency;
  const edge = (k: number) =>
    k <= 0
      ? Math.max(0, r[0]! - (r.length > 1 ? (r[1]! - r[0]!) / 2 : 0.5))
      : k >= r.length
        ? r[r.length - 1]! + (r.length > 1 ? (r[r.length - 1]! - r[r.length - 2]!) / 2 : 0.5)
        : (r[k - 1]! + r[k]!) / 2;
  const values: { frequency: number; recency: number; from: number; to: number; value: number }[] =
    [];
  g.values.forEach((row, f) => {
    row.forEach((v, k) => {
      if (v !== null)
        values.push({
          frequency: g.frequency[f]!,
          recency: rounded(r[k]!),
          from: rounded(edge(k)),
          to: rounded(edge(k + 1)),
          value: rounded(v),
        });
    });
  });
  const unitPlural = `${g.unit}s`;
  const recencyTitle = `Recency: ${unitPlural} from first to last purchase`;
  return {
    ...frame(
      title,
      `Customers whose first purchase was ${Number(g.T.toPrecision(3))} ${unitPlural} ago`,
      height,
    ),
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: {
        field: 'from',
        type: 'quantitative',
        title: recencyTitle,
        scale: { nice: false, zero: false },
        axis: { labelOverlap: 'greedy', labelSeparation: 6 },
      },
      x2: { field: 'to' },
      y: {
        field: 'frequency',
        type: 'ordinal',
        title: 'Frequency: repeat purchases',
        sort: 'descending',
        axis: { labelOverlap: 'greedy' },
      },
      color: {
        field: 'value',
        type: 'quantitative',
        title: g.valueLabel,
        scale: { scheme: CHART_COLORS.scheme },
        legend: { format: g.valueFormat, gradientLength: 160 },
      },
      tooltip: [
        { field: 'frequency', type: 'ordinal', title: 'Repeat purchases' },
        {
          field: 'recency',
          type: 'quantitative',
          title: `Recency (${unitPlural})`,
          format: '.3~r',
        },
        { field: 'value', type: 'quantitative', title: g.valueLabel, format: g.valueFormat },
      ],
    },
  };
}
