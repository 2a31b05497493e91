import { invalidOption } from '../errors/index.js';
import { createCompensatedSum } from '../math/index.js';
import { selectRanks } from '../segments/rank.js';
import {
  CHART_OPTION_KEYS,
  checkIntegerOption,
  checkOptions,
  checkString,
  commonOptions,
  frame,
  numberColumn,
  rounded,
  withCurrency,
} from './shared.js';
import { CHART_COLORS } from './theme.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/** Options of {@link clvDistributionChart}; defaults in {@link CLV_DISTRIBUTION_DEFAULTS}. */
export interface ClvDistributionOptions extends ChartOptions {
  /** Number of bins (default 40, 2..500). */
  readonly bins?: number;
  /** Name of the value in titles (default `'CLV'`). */
  readonly valueLabel?: string;
  /**
   * Lower end of the binned range as a fraction of the largest value, in (0, 1) (default 1e-4):
   * the log axis starts at max(smallest positive value, largest × floor), and smaller positive
   * values are counted in the first bin.
   */
  readonly floor?: number;
}

/** Defaults of {@link ClvDistributionOptions}. */
export const CLV_DISTRIBUTION_DEFAULTS = Object.freeze({
  bins: 40,
  valueLabel: 'CLV',
  floor: 1e-4,
} as const);

const FN = 'clvDistributionChart';

/** The median of `values` (mean of the two middle values for even n), on a scratch copy. */
function median(values: Float64Array): number {
  const n = values.length;
  const scratch = values.slice();
  const hi = n >> 1;
  const positions = n % 2 === 1 ? [hi] : [hi - 1, hi];
  selectRanks(scratch, positions);
  return n % 2 === 1 ? scratch[hi]! : (scratch[hi - 1]! + scratch[hi]!) / 2;
}

/**
 * Histogram of predicted CLV (or any value with a heavy right tail): positive values are binned
 * on a logarithmic scale (`bins` equal widths in log10 between max(smallest positive, largest ×
 * `floor`) and the largest value), so that both the many small and the few large customers are
 * visible; a linear histogram of CLV puts nearly everyone in the first bar. Customers with a
 * value ≤ 0 cannot sit on a log axis: their number is given in the subtitle. The mean and the
 * median of all values are marked when positive. The spec holds at most `bins` + 2 points
 * whatever the number of customers.
 *
 * Cost: O(n), plus O(n) expected for the median (selection on a copy).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a non-finite value (index named) or no values;
 *   `INVALID_OPTION` for a bad option.
 * @example
 * ```ts
 * import { clvDistributionChart } from 'clvkit/charts';
 * const spec = clvDistributionChart([12, 40, 3, 800, 0], { bins: 20, currency: 'EUR' });
 * // subtitle: '1 customer with CLV ≤ 0 not shown · mean 171, median 12 EUR · log scale'
 * ```
 */
export function clvDistributionChart(
  clv: ArrayLike<number>,
  options?: ClvDistributionOptions,
): VegaLiteSpec {
  const opts = checkOptions(options, [...CHART_OPTION_KEYS, 'bins', 'valueLabel', 'floor']);
  const valueLabel =
    checkString('valueLabel', opts.valueLabel) ?? CLV_DISTRIBUTION_DEFAULTS.valueLabel;
  const { title, currency, height } = commonOptions(opts, `Distribution of ${valueLabel}`);
  const bins = checkIntegerOption('bins', opts.bins, CLV_DISTRIBUTION_DEFAULTS.bins, 2, 500);
  const floor = opts.floor ?? CLV_DISTRIBUTION_DEFAULTS.floor;
  if (typeof floor !== 'number' || !(floor > 0 && floor < 1))
    invalidOption('floor', floor, 'must be a number in (0, 1)');
  const values = numberColumn(FN, 'clv', clv);
  const n = values.length;

  let nonPositive = 0;
  let smallest = Number.POSITIVE_INFINITY;
  let largest = 0;
  const sum = createCompensatedSum();
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    sum.add(v);
    if (v <= 0) {
      nonPositive++;
    } else {
      if (v < smallest) smallest = v;
      if (v > largest) largest = v;
    }
  }
  const mean = sum.value() / n;
  const middle = median(values);

  const counts = new Float64Array(bins);
  let logLow = 0;
  let width = 1;
  if (nonPositive < n) {
    logLow = Math.log10(Math.max(smallest, largest * floor));
    let logHigh = Math.log10(largest);
    // All positive values equal: one decade around them.
    if (logHigh - logLow < 1e-9) {
      logLow -= 0.5;
      logHigh += 0.5;
    }
    width = (logHigh - logLow) / bins;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v <= 0) continue;
      const k = Math.floor((Math.log10(v) - logLow) / width);
      counts[Math.min(bins - 1, Math.max(0, k))]!++;
    }
  }
  const data: { from: number; to: number; customers: number }[] = [];
  if (nonPositive < n) {
    for (let k = 0; k < bins; k++) {
      data.push({
        from: rounded(10 ** (logLow + k * width)),
        to: rounded(10 ** (logLow + (k + 1) * width)),
        customers: counts[k]!,
      });
    }
  }
  const notes: string[] = [];
  if (nonPositive > 0)
    notes.push(
      `${nonPositive.toLocaleString('en-US')} customer${nonPositive === 1 ? '' : 's'} with ${valueLabel} ≤ 0 not shown`,
    );
  const short = (x: number) => Number(x.toPrecision(3)).toLocaleString('en-US');
  notes.push(
    `mean ${short(mean)}, median ${short(middle)}${currency === undefined ? '' : ` ${currency}`}`,
    'log scale',
  );
  const axisTitle = `${withCurrency(valueLabel, currency)}, log scale`;
  const x = {
    field: 'from',
    type: 'quantitative',
    title: axisTitle,
    scale: { type: 'log' },
    axis: { format: ',~g', labelSeparation: 6, labelOverlap: 'greedy' },
  };
  const markers = [
    { statistic: 'Mean', value: rounded(mean) },
    { statistic: 'Median', value: rounded(middle) },
  ].filter((m) => m.value > 0);
  const layer: Record<string, unknown>[] = [
    {
      mark: { type: 'bar', color: CHART_COLORS.model, binSpacing: 1 },
      encoding: {
        x,
        x2: { field: 'to' },
        y: { field: 'customers', type: 'quantitative', title: 'Customers', axis: { format: '~s' } },
        y2: { datum: 0 },
        tooltip: [
          {
            field: 'from',
            type: 'quantitative',
            title: `From (${currency ?? valueLabel})`,
            format: ',.4~r',
          },
          {
            field: 'to',
            type: 'quantitative',
            title: `To (${currency ?? valueLabel})`,
            format: ',.4~r',
          },
          { field: 'customers', type: 'quantitative', title: 'Customers', format: ',' },
        ],
      },
    },
  ];
  if (markers.length > 0 && data.length > 0) {
    layer.push({
      data: { values: markers },
      mark: { type: 'rule', strokeWidth: 2 },
      encoding: {
        x: { field: 'value', type: 'quantitative' },
        color: {
          field: 'statistic',
          type: 'nominal',
          title: null,
          scale: {
            domain: ['Mean', 'Median'],
            range: [CHART_COLORS.highlight, CHART_COLORS.actual],
          },
        },
        strokeDash: {
          field: 'statistic',
          type: 'nominal',
          title: null,
          scale: {
            domain: ['Mean', 'Median'],
            range: [
              [1, 0],
              [5, 3],
            ],
          },
        },
        tooltip: [
          { field: 'statistic', type: 'nominal', title: 'Statistic' },
          {
            field: 'value',
            type: 'quantitative',
            title: withCurrency(valueLabel, currency),
            format: ',.2f',
          },
        ],
      },
    });
  }
  return {
    ...frame(title, notes.join(' · '), height),
    data: { values: data },
    layer,
  };
}
