import { invalidOption } from '../errors/index.js';
import type { SegmentReport, SegmentReportRow } from '../segments/report.js';
import {
  badArgument,
  CHART_OPTION_KEYS,
  checkOptions,
  commonOptions,
  frame,
  rounded,
  withCurrency,
} from './shared.js';
import { CHART_COLORS } from './theme.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/**
 * What {@link segmentChart} draws per segment:
 * - `'shares'`: share of customers beside share of revenue (needs `revenue` in the report);
 * - `'customers'`: number of customers;
 * - `'revenue'`: revenue (needs `revenue`);
 * - `'meanClv'`: mean CLV (needs `clv`).
 */
export type SegmentChartMeasure = 'shares' | 'customers' | 'revenue' | 'meanClv';

/** Options of {@link segmentChart}. */
export interface SegmentChartOptions extends ChartOptions {
  /** Default: `'shares'` when the report has revenue, else `'customers'`. */
  readonly measure?: SegmentChartMeasure;
  /** Draw the unassigned customers as a segment when the report has them (default true). */
  readonly includeUnassigned?: boolean;
}

const FN = 'segmentChart';

/** Pixels per segment row (a band), so that the chart grows with the segments. */
const STEP_SINGLE = 24;
const STEP_PAIR = 36;

function isSegmentReport(value: unknown): value is SegmentReport {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Partial<SegmentReport>;
  return r.kind === 'segment-report' && Array.isArray(r.segments) && r.total !== undefined;
}

/**
 * Segment sizes and value as horizontal bars, one row per segment in the report's order: by
 * default share of customers beside share of revenue, which shows at a glance which segments
 * hold more value than their headcount. Built from {@link SegmentReport} (`segmentReport`).
 * The height grows with the number of segments unless `height` is given.
 *
 * Cost: O(segments).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for something that is not a segment report;
 *   `INVALID_OPTION` for a measure the report has no column for.
 * @example
 * ```ts
 * import { segmentReport } from 'clvkit';
 * import { segmentChart } from 'clvkit/charts';
 * const report = segmentReport([0, 0, 1], ['VIP', 'rest'], { revenue: [100, 80, 20] });
 * const spec = segmentChart(report, { currency: 'EUR' });
 * ```
 */
export function segmentChart(report: SegmentReport, options?: SegmentChartOptions): VegaLiteSpec {
  const opts = checkOptions(options, [...CHART_OPTION_KEYS, 'measure', 'includeUnassigned']);
  if (!isSegmentReport(report))
    badArgument(FN, 'report', report, 'must be a segment report (from segmentReport)');
  const hasRevenue = report.total.revenue !== undefined;
  const hasClv = 'meanClv' in report.total;
  const measure = opts.measure ?? (hasRevenue ? 'shares' : 'customers');
  if (!['shares', 'customers', 'revenue', 'meanClv'].includes(measure))
    invalidOption('measure', measure, "must be 'shares', 'customers', 'revenue' or 'meanClv'");
  if ((measure === 'shares' || measure === 'revenue') && !hasRevenue)
    invalidOption('measure', measure, 'needs a report made with the revenue column');
  if (measure === 'meanClv' && !hasClv)
    invalidOption('measure', measure, 'needs a report made with the clv column');
  const includeUnassigned = opts.includeUnassigned ?? true;
  if (typeof includeUnassigned !== 'boolean')
    invalidOption('includeUnassigned', includeUnassigned, 'must be a boolean');

  const rows: SegmentReportRow[] = [...report.segments];
  if (includeUnassigned && report.unassigned !== undefined) rows.push(report.unassigned);
  const defaultTitle =
    measure === 'shares'
      ? 'Segments: share of customers and of revenue'
      : measure === 'customers'
        ? 'Customers per segment'
        : measure === 'revenue'
          ? 'Revenue per segment'
          : 'Mean CLV per segment';
  const { title, currency, height } = commonOptions(opts, defaultTitle);
  const pair = measure === 'shares';
  const plotHeight =
    opts.height === undefined
      ? Math.max(60, rows.length * (pair ? STEP_PAIR : STEP_SINGLE))
      : height;
  const names = rows.map((r) => r.name);
  const y = {
    field: 'segment',
    type: 'nominal',
    title: null,
    sort: names,
    axis: { labelLimit: 140 },
  };
  // Every row's figures, for tooltips.
  const details = (r: SegmentReportRow) => ({
    segment: r.name,
    customers: r.customers,
    customerShare: rounded(r.share),
    ...(r.revenue === undefined ? {} : { revenue: rounded(r.revenue) }),
    ...(r.revenueShare === undefined ? {} : { revenueShare: rounded(r.revenueShare) }),
    ...(r.meanClv === undefined ? {} : { meanClv: rounded(r.meanClv) }),
  });
  const tooltip: Record<string, unknown>[] = [
    { field: 'segment', type: 'nominal', title: 'Segment' },
    { field: 'customers', type: 'quantitative', title: 'Customers', format: ',' },
    { field: 'customerShare', type: 'quantitative', title: 'Share of customers', format: '.1%' },
  ];
  if (hasRevenue) {
    tooltip.push(
      {
        field: 'revenue',
        type: 'quantitative',
        title: withCurrency('Revenue', currency),
        format: ',.0f',
      },
      { field: 'revenueShare', type: 'quantitative', title: 'Share of revenue', format: '.1%' },
    );
  }
  if (hasClv)
    tooltip.push({
      field: 'meanClv',
      type: 'quantitative',
      title: withCurrency('Mean CLV', currency),
      format: ',.2f',
    });

  if (pair) {
    const measures = ['Customers', 'Revenue'];
    const values = rows.flatMap((r) => [
      { ...details(r), measure: 'Customers', share: rounded(r.share) },
      { ...details(r), measure: 'Revenue', share: rounded(r.revenueShare ?? 0) },
    ]);
    return {
      ...frame(title, undefined, plotHeight),
      data: { values },
      mark: { type: 'bar', cornerRadiusEnd: 2 },
      encoding: {
        y,
        yOffset: { field: 'measure', type: 'nominal', sort: measures },
        x: {
          field: 'share',
          type: 'quantitative',
          title: 'Share of all customers / of total revenue',
          axis: { format: '.0%' },
        },
        color: {
          field: 'measure',
          type: 'nominal',
          title: null,
          sort: measures,
          scale: { domain: measures, range: [CHART_COLORS.model, CHART_COLORS.secondary] },
        },
        tooltip,
      },
    };
  }
  const field =
    measure === 'customers' ? 'customers' : measure === 'revenue' ? 'revenue' : 'meanClv';
  const axisTitle =
    measure === 'customers'
      ? 'Customers'
      : withCurrency(measure === 'revenue' ? 'Revenue' : 'Mean CLV', currency);
  return {
    ...frame(title, undefined, plotHeight),
    data: { values: rows.map(details) },
    mark: { type: 'bar', color: CHART_COLORS.model, cornerRadiusEnd: 2 },
    encoding: {
      y,
      x: { field, type: 'quantitative', title: axisTitle, axis: { format: '~s' } },
      tooltip,
    },
  };
}
