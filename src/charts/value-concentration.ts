import { invalidOption } from '../errors/index.js';
import { createCompensatedSum } from '../math/index.js';
import { sortedCopy } from '../segments/rank.js';
import {
  CHART_OPTION_KEYS,
  checkIntegerOption,
  checkOptions,
  checkString,
  commonOptions,
  frame,
  numberColumn,
  percentText,
  rounded,
} from './shared.js';
import { CHART_COLORS } from './theme.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/** Options of {@link valueConcentrationChart}; defaults in {@link VALUE_CONCENTRATION_DEFAULTS}. */
export interface ValueConcentrationOptions extends ChartOptions {
  /** Share of customers marked as the VIP line (the top customers by value), in (0, 1). */
  readonly vipShare?: number;
  /** Name of the value in titles and tooltips (default `'value'`; e.g. `'CLV'`, `'revenue'`). */
  readonly valueLabel?: string;
  /** Points on the curve, including both ends (default 101: every percent of customers). */
  readonly points?: number;
}

/** Defaults of {@link ValueConcentrationOptions}. */
export const VALUE_CONCENTRATION_DEFAULTS = Object.freeze({
  vipShare: 0.2,
  valueLabel: 'value',
  points: 101,
} as const);

const FN = 'valueConcentrationChart';

/**
 * Share of the total held by the top `shares[k]` of customers, for ascending `shares`: the top
 * x·n customers, the last one fractional, walking `descending` once.
 */
function topShares(descending: Float64Array, total: number, shares: readonly number[]): number[] {
  const n = descending.length;
  const out: number[] = [];
  const running = createCompensatedSum();
  let whole = 0; // customers summed so far
  for (const share of shares) {
    const x = share * n;
    const m = Math.min(n, Math.floor(x));
    while (whole < m) running.add(descending[whole++]!);
    if (!(total > 0)) {
      out.push(share);
      continue;
    }
    // Divide before multiplying so that tiny (subnormal) values keep their share.
    const partial = whole < n ? (x - whole) * (descending[whole]! / total) : 0;
    out.push(Math.min(1, running.value() / total + partial));
  }
  return out;
}

/**
 * Value concentration (Lorenz-style) curve: customers sorted by value, highest first; for each
 * share p of customers, the share of the total value the top p hold. The diagonal is the line of
 * equal value; the VIP line is marked at `vipShare` with the share of value it holds (also
 * written in the subtitle).
 *
 * Between whole customers the curve is linear (a fraction of the next customer holds that
 * fraction of their value), so the point at p is exact for any n and the curve runs from (0, 0)
 * to (1, 1). When every value is 0 the curve is the diagonal. The spec holds `points` + 4 points
 * whatever the number of customers.
 *
 * Cost: O(n) (radix sort of a copy) + O(points).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a negative or non-finite value (index named), or no
 *   values; `INVALID_OPTION` for a bad option.
 * @example
 * ```ts
 * import { valueConcentrationChart } from 'clvkit/charts';
 * const spec = valueConcentrationChart([50, 30, 10, 5, 5], { vipShare: 0.2, valueLabel: 'CLV', currency: 'EUR' });
 * // subtitle: 'Top 20 % of customers hold 50.0 % of CLV'
 * ```
 */
export function valueConcentrationChart(
  values: ArrayLike<number>,
  options?: ValueConcentrationOptions,
): VegaLiteSpec {
  const opts = checkOptions(options, [...CHART_OPTION_KEYS, 'vipShare', 'valueLabel', 'points']);
  const valueLabel =
    checkString('valueLabel', opts.valueLabel) ?? VALUE_CONCENTRATION_DEFAULTS.valueLabel;
  const { title, currency, height } = commonOptions(opts, `Concentration of ${valueLabel}`);
  const vipShare = opts.vipShare ?? VALUE_CONCENTRATION_DEFAULTS.vipShare;
  if (typeof vipShare !== 'number' || !(vipShare > 0 && vipShare < 1))
    invalidOption('vipShare', vipShare, 'must be a number in (0, 1)');
  const points = checkIntegerOption(
    'points',
    opts.points,
    VALUE_CONCENTRATION_DEFAULTS.points,
    2,
    10_001,
  );
  const column = numberColumn(FN, 'values', values, { min: 0 });
  const descending = sortedCopy(column).reverse();
  const sum = createCompensatedSum();
  for (let i = descending.length - 1; i >= 0; i--) sum.add(descending[i]!);
  const total = sum.value();

  const grid = Array.from({ length: points }, (_, k) => k / (points - 1));
  const curve = topShares(descending, total, grid);
  const [vipValueShare] = topShares(descending, total, [vipShare]) as [number];
  const customersText = `Top ${percentText(vipShare).replace('.0 %', ' %')} of customers`;
  const subtitle = `${customersText} hold ${percentText(vipValueShare)} of ${valueLabel}`;
  const money = currency === undefined ? '' : ` (${currency})`;

  const x = {
    field: 'customers',
    type: 'quantitative',
    title: `Share of customers, highest ${valueLabel} first`,
    axis: { format: '.0%' },
    scale: { domain: [0, 1] },
  };
  const y = {
    field: 'value',
    type: 'quantitative',
    title: `Share of total ${valueLabel}${money}`,
    axis: { format: '.0%' },
    scale: { domain: [0, 1] },
  };
  const tooltip = [
    { field: 'customers', type: 'quantitative', title: 'Share of customers', format: '.1%' },
    { field: 'value', type: 'quantitative', title: `Share of ${valueLabel}`, format: '.1%' },
  ];
  return {
    ...frame(title, subtitle, height),
    data: {
      values: grid.map((p, k) => ({ customers: rounded(p), value: rounded(curve[k]!) })),
    },
    layer: [
      {
        data: {
          values: [
            { customers: 0, value: 0 },
            { customers: 1, value: 1 },
          ],
        },
        mark: { type: 'line', color: CHART_COLORS.reference, strokeDash: [4, 4] },
        encoding: { x, y },
      },
      {
        mark: { type: 'line', color: CHART_COLORS.model, strokeWidth: 2 },
        encoding: { x, y, tooltip },
      },
      {
        data: { values: [{ customers: rounded(vipShare), value: rounded(vipValueShare) }] },
        layer: [
          {
            mark: { type: 'rule', color: CHART_COLORS.highlight, strokeDash: [2, 2] },
            encoding: { x, y, y2: { datum: 0 } },
          },
          {
            mark: { type: 'point', filled: true, size: 70, color: CHART_COLORS.highlight },
            encoding: { x, y, tooltip },
          },
          {
            mark: {
              type: 'text',
              align: 'left',
              baseline: 'top',
              dx: 6,
              dy: 6,
              color: CHART_COLORS.highlight,
              fontSize: 11,
            },
            encoding: { x, y, text: { value: `VIP: ${percentText(vipValueShare)}` } },
          },
        ],
      },
    ],
  };
}
