import { invalidOption } from '../errors/index.js';
import {
  addTo,
  checkLength,
  createSums,
  finiteColumn,
  flagColumn,
  labelColumn,
  nameList,
  optionsObject,
  shareOf,
  sumOf,
} from './internal.js';

/** Options of {@link segmentReport}: outcome columns (one entry per customer) and names. */
export interface SegmentReportOptions {
  /** Revenue per customer: summed per segment, and the outcome of the sales uplift. */
  readonly revenue?: ArrayLike<number>;
  /** CLV per customer: averaged per segment. */
  readonly clv?: ArrayLike<number>;
  /** Responded to the campaign (boolean or 0/1). */
  readonly response?: ArrayLike<boolean | number>;
  /** Churned (boolean or 0/1). */
  readonly churned?: ArrayLike<boolean | number>;
  /** In the control group (boolean or 0/1); the others are treated. Enables `uplift`. */
  readonly control?: ArrayLike<boolean | number>;
  /** Name of the row of customers with label −1. */
  readonly unassignedName?: string;
}

/** Defaults of {@link SegmentReportOptions}. */
export const SEGMENT_REPORT_DEFAULTS: Readonly<{ unassignedName: 'Unassigned' }> = Object.freeze({
  unassignedName: 'Unassigned',
});

/**
 * Treated versus control within one segment. Means and rates are undefined when their group is
 * empty; differences are treated − control, undefined when either group is empty.
 */
export interface SegmentUplift {
  readonly treated: number;
  readonly control: number;
  /** With `revenue`: mean revenue per treated / control customer and the sales uplift. */
  readonly treatedMeanRevenue?: number | undefined;
  readonly controlMeanRevenue?: number | undefined;
  readonly revenueDifference?: number | undefined;
  /** With `response`: response rates and their difference. */
  readonly treatedResponseRate?: number | undefined;
  readonly controlResponseRate?: number | undefined;
  readonly responseDifference?: number | undefined;
}

/**
 * One row of {@link SegmentReport}. A field is present when its column was given; a mean or rate
 * over no customers is undefined (never NaN).
 */
export interface SegmentReportRow {
  readonly name: string;
  readonly customers: number;
  /** customers / all customers (0 with no customers). */
  readonly share: number;
  readonly revenue?: number;
  /** revenue / total revenue (0 when the total is 0). */
  readonly revenueShare?: number;
  readonly meanClv?: number | undefined;
  readonly responseRate?: number | undefined;
  readonly churnRate?: number | undefined;
  readonly uplift?: SegmentUplift;
}

/** Result of {@link segmentReport}. */
export interface SegmentReport {
  readonly kind: 'segment-report';
  /** One row per name, in the order of `names`. */
  readonly segments: readonly SegmentReportRow[];
  /** Customers with label −1, when there are any. */
  readonly unassigned: SegmentReportRow | undefined;
  /** All customers. */
  readonly total: SegmentReportRow;
}

// Compensated-sum slots per group.
const REVENUE = 0;
const CLV = 1;
const TREATED_REVENUE = 2;
const CONTROL_REVENUE = 3;
const SLOTS = 4;
// Count slots per group.
const CUSTOMERS = 0;
const RESPONSES = 1;
const CHURNED = 2;
const TREATED = 3;
const CONTROL = 4;
const TREATED_RESPONSES = 5;
const CONTROL_RESPONSES = 6;
const COUNTS = 7;

function mean(sum: number, count: number): number | undefined {
  return count === 0 ? undefined : sum / count;
}

function difference(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a - b;
}

/**
 * A per-segment report: customers and share, and where the columns are given revenue and revenue
 * share, mean CLV, response rate, churn rate, and the uplift against a control group (within each
 * segment: treated mean − control mean of revenue, the sales uplift, and of response, with both
 * group sizes). Labels are indices into `names`; −1 (no segment) is reported in `unassigned`.
 * Rates are over all customers of the segment, treated and control. Sums are
 * Neumaier-compensated.
 *
 * Cost: O(n + segments).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` (columns of different lengths, a label outside
 *   [−1, names.length), a non-finite amount, a flag that is not a boolean or 0/1, row named),
 *   `INVALID_OPTION` (names, unassignedName).
 * @example
 * ```ts
 * import { segmentReport } from 'clvkit';
 * const report = segmentReport([0, 0, 1, 1], ['VIP', 'rest'], {
 *   revenue: [120, 80, 10, 30],
 *   control: [false, true, false, true],
 * });
 * report.segments[0]; // { name: 'VIP', customers: 2, share: 0.5, revenue: 200, revenueShare: 0.833…, uplift: { treated: 1, control: 1, treatedMeanRevenue: 120, controlMeanRevenue: 80, revenueDifference: 40 } }
 * ```
 */
export function segmentReport(
  labels: ArrayLike<number>,
  names: readonly string[],
  options?: SegmentReportOptions,
): SegmentReport {
  const checkedNames = nameList('names', names);
  const opts = optionsObject(options);
  const unassignedName = opts.unassignedName ?? SEGMENT_REPORT_DEFAULTS.unassignedName;
  if (typeof unassignedName !== 'string' || unassignedName === '') {
    invalidOption('unassignedName', unassignedName, 'must be a non-empty string');
  }
  const n = checkLength('labels', labels, undefined);
  const label = labelColumn('labels', labels, n, checkedNames.length, true);
  const revenue = opts.revenue === undefined ? undefined : finiteColumn('revenue', opts.revenue, n);
  const clv = opts.clv === undefined ? undefined : finiteColumn('clv', opts.clv, n);
  const response =
    opts.response === undefined ? undefined : flagColumn('response', opts.response, n);
  const churned = opts.churned === undefined ? undefined : flagColumn('churned', opts.churned, n);
  const control = opts.control === undefined ? undefined : flagColumn('control', opts.control, n);

  // Groups: 0..s − 1 the segments, s the unassigned, s + 1 everyone.
  const s = checkedNames.length;
  const groups = s + 2;
  const sums = createSums(groups * SLOTS);
  const counts = new Float64Array(groups * COUNTS);
  const add = (group: number, i: number): void => {
    const c = group * COUNTS;
    const t = group * SLOTS;
    counts[c + CUSTOMERS]!++;
    if (revenue !== undefined) addTo(sums, t + REVENUE, revenue[i]!);
    if (clv !== undefined) addTo(sums, t + CLV, clv[i]!);
    if (response !== undefined) counts[c + RESPONSES]! += response[i]!;
    if (churned !== undefined) counts[c + CHURNED]! += churned[i]!;
    if (control !== undefined) {
      const isControl = control[i] === 1;
      counts[c + (isControl ? CONTROL : TREATED)]!++;
      if (revenue !== undefined) {
        addTo(sums, t + (isControl ? CONTROL_REVENUE : TREATED_REVENUE), revenue[i]!);
      }
      if (response !== undefined) {
        counts[c + (isControl ? CONTROL_RESPONSES : TREATED_RESPONSES)]! += response[i]!;
      }
    }
  };
  for (let i = 0; i < n; i++) {
    const g = label[i]!;
    add(g === -1 ? s : g, i);
    add(s + 1, i);
  }

  const totalRevenue = sumOf(sums, (s + 1) * SLOTS + REVENUE);
  const row = (group: number, name: string): SegmentReportRow => {
    const c = group * COUNTS;
    const t = group * SLOTS;
    const customers = counts[c + CUSTOMERS]!;
    const out: Record<string, unknown> = { name, customers, share: shareOf(customers, n) };
    if (revenue !== undefined) {
      const value = sumOf(sums, t + REVENUE);
      out.revenue = value;
      out.revenueShare = shareOf(value, totalRevenue);
    }
    if (clv !== undefined) out.meanClv = mean(sumOf(sums, t + CLV), customers);
    if (response !== undefined) out.responseRate = mean(counts[c + RESPONSES]!, customers);
    if (churned !== undefined) out.churnRate = mean(counts[c + CHURNED]!, customers);
    if (control !== undefined) {
      const treated = counts[c + TREATED]!;
      const controls = counts[c + CONTROL]!;
      const uplift: Record<string, unknown> = { treated, control: controls };
      if (revenue !== undefined) {
        const a = mean(sumOf(sums, t + TREATED_REVENUE), treated);
        const b = mean(sumOf(sums, t + CONTROL_REVENUE), controls);
        uplift.treatedMeanRevenue = a;
        uplift.controlMeanRevenue = b;
        uplift.revenueDifference = difference(a, b);
      }
      if (response !== undefined) {
        const a = mean(counts[c + TREATED_RESPONSES]!, treated);
        const b = mean(counts[c + CONTROL_RESPONSES]!, controls);
        uplift.treatedResponseRate = a;
        uplift.controlResponseRate = b;
        uplift.responseDifference = difference(a, b);
      }
      out.uplift = Object.freeze(uplift);
    }
    return Object.freeze(out) as unknown as SegmentReportRow;
  };
  const segments = checkedNames.map((name, g) => row(g, name));
  const unassigned = counts[s * COUNTS + CUSTOMERS]! > 0 ? row(s, unassignedName) : undefined;
  return Object.freeze({
    kind: 'segment-report',
    segments: Object.freeze(segments),
    unassigned,
    total: row(s + 1, 'Total'),
  } satisfies SegmentReport);
}
