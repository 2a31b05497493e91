import { ClvError, issueOf } from '../errors/index.js';
import { StringIndex } from '../internal/string-index.js';
import { createRandom } from '../random/index.js';
import { millisecondsPerUnit, type TimeUnit } from '../time/index.js';
import {
  type LogView,
  OrderCounter,
  readLog,
  resolvePeriod,
  resolveWindow,
  type TransactionLog,
  type Window,
} from './log.js';
import {
  checkObject,
  invalidArgument,
  invalidOptionOf,
  probability,
  quantileSorted,
} from './shared.js';

/** Bounds of one side's observation window (inclusive); default: its first and last transaction. */
export interface BeforeAfterWindow {
  readonly start?: Date;
  readonly end?: Date;
}

/** Options of {@link compareBeforeAfter}; defaults in {@link COMPARE_BEFORE_AFTER_DEFAULTS}. */
export interface CompareBeforeAfterOptions {
  /** Time unit of `period` (required). */
  readonly unit: TimeUnit;
  /** Period that purchase frequency and lifetime are expressed per, in `unit`; default 1. */
  readonly period?: number;
  /** Gross margin as a fraction of revenue, in [0, 1]; default 1. */
  readonly margin?: number;
  /** Window of the `before` log. */
  readonly beforeWindow?: BeforeAfterWindow;
  /** Window of the `after` log. */
  readonly afterWindow?: BeforeAfterWindow;
  /** Bootstrap resamples, a whole number in 1..1,000,000; default 1000. */
  readonly resamples?: number;
  /** Confidence level of the intervals, in (0, 1); default 0.95. */
  readonly confidenceLevel?: number;
  /** Seed of the generator ({@link createRandom}): a safe integer or a string; default 1. */
  readonly seed?: number | string;
  /**
   * `'independent'` (default): each log's customers are resampled on their own (two groups, or
   * two periods with different customers). `'paired'`: customers are drawn from the union of both
   * logs and carry their before and after data together (the same customers in two periods).
   */
  readonly resampling?: 'independent' | 'paired';
}

/** Defaults of {@link CompareBeforeAfterOptions}. */
export const COMPARE_BEFORE_AFTER_DEFAULTS = Object.freeze({
  period: 1,
  margin: 1,
  resamples: 1000,
  confidenceLevel: 0.95,
  seed: 1,
  resampling: 'independent',
} as const);

/** The measures of one side of {@link compareBeforeAfter}. */
export interface BeforeAfterMeasures {
  /** Customers with a transaction in the window. */
  readonly customers: number;
  /** Distinct orders in the window. */
  readonly orders: number;
  /** Total amount in the window (compensated sum). */
  readonly revenue: number;
  /** Share of customers active in the first half of the window who buy again in the second. */
  readonly retention: number;
  /** revenue / orders. */
  readonly averageOrderValue: number;
  /** Orders per customer per period. */
  readonly purchaseFrequency: number;
  /** Expected lifetime in periods: (half-window length / period) / (1 − retention). */
  readonly lifetime: number;
  /** averageOrderValue × purchaseFrequency × lifetime × margin. */
  readonly clv: number;
  readonly observationStart: Date;
  readonly observationEnd: Date;
  /** Window length, in `unit`. */
  readonly windowLength: number;
}

/** A percentile bootstrap interval. */
export interface BootstrapInterval {
  readonly lower: number;
  readonly upper: number;
  /** Resamples in which the measure was defined (the others are left out of the interval). */
  readonly resamplesUsed: number;
}

/** One measure before and after, its change and their intervals. */
export interface MeasureComparison {
  readonly before: number;
  readonly after: number;
  /** after − before. */
  readonly change: number;
  /** 100 × change / before; undefined when before is 0. */
  readonly changePercent: number | undefined;
  readonly beforeInterval: BootstrapInterval;
  readonly afterInterval: BootstrapInterval;
  readonly changeInterval: BootstrapInterval;
}

/** The compared measures. */
export type ComparedMeasure = 'retention' | 'averageOrderValue' | 'purchaseFrequency' | 'clv';

/** Result of {@link compareBeforeAfter}. */
export interface CompareBeforeAfterResult {
  readonly before: BeforeAfterMeasures;
  readonly after: BeforeAfterMeasures;
  readonly changes: Readonly<Record<ComparedMeasure, MeasureComparison>>;
  readonly period: number;
  readonly unit: TimeUnit;
  readonly confidenceLevel: number;
  readonly resamples: number;
  readonly seed: number | string;
  readonly resampling: 'independent' | 'paired';
}

const MEASURES: readonly ComparedMeasure[] = [
  'retention',
  'averageOrderValue',
  'purchaseFrequency',
  'clv',
];

/** Per-customer totals of one side, indexed by the shared customer index. */
interface Side {
  readonly window: Window;
  readonly present: Uint8Array;
  readonly orders: Float64Array;
  readonly revenue: Float64Array;
  /** 1 when active in the first half. */
  readonly first: Uint8Array;
  /** 1 when active in the first and the second half. */
  readonly retained: Uint8Array;
  /** Indices of the customers present. */
  readonly members: Int32Array;
}

function windowOption(fn: string, name: string, value: unknown): BeforeAfterWindow {
  if (value === undefined) return {};
  checkObject(fn, name, value, 'option');
  return value as BeforeAfterWindow;
}

function buildSide(
  fn: string,
  name: string,
  log: LogView,
  window: Window,
  customers: StringIndex,
  size: number,
): Side {
  const mid = window.start + (window.end - window.start) / 2;
  const present = new Uint8Array(size);
  const orders = new Float64Array(size);
  const revenue = new Float64Array(size);
  const compensation = new Float64Array(size);
  const first = new Uint8Array(size);
  const second = new Uint8Array(size);
  const counter = new OrderCounter();
  for (let i = 0; i < log.length; i++) {
    const t = log.time[i]!;
    if (t < window.start || t > window.end) continue;
    const c = customers.get(log.customerId[i]!);
    present[c] = 1;
    if (counter.isNew(String(c), log.orderId?.[i])) orders[c] = orders[c]! + 1;
    // Neumaier per customer.
    const s = revenue[c]!;
    const x = log.amount[i]!;
    const sum = s + x;
    compensation[c] = compensation[c]! + (Math.abs(s) >= Math.abs(x) ? s - sum + x : x - sum + s);
    revenue[c] = sum;
    if (t < mid) first[c] = 1;
    else second[c] = 1;
  }
  const retained = new Uint8Array(size);
  const members: number[] = [];
  for (let c = 0; c < size; c++) {
    revenue[c] = revenue[c]! + compensation[c]!;
    retained[c] = first[c]! & second[c]!;
    if (present[c] === 1) members.push(c);
  }
  if (members.length === 0) {
    throw new ClvError(
      issueOf('EMPTY_INPUT', `${fn}: ${name} has no transaction in its window`, undefined, name),
    );
  }
  return { window, present, orders, revenue, first, retained, members: Int32Array.from(members) };
}

/** Sums of one side over a (re)sample; weights are multiplicities. */
class SideTotals {
  customers = 0;
  orders = 0;
  revenue = 0;
  revenueCompensation = 0;
  first = 0;
  retained = 0;

  reset(): void {
    this.customers = 0;
    this.orders = 0;
    this.revenue = 0;
    this.revenueCompensation = 0;
    this.first = 0;
    this.retained = 0;
  }

  add(side: Side, c: number): void {
    if (side.present[c] === 0) return;
    this.customers++;
    this.orders += side.orders[c]!;
    const s = this.revenue;
    const x = side.revenue[c]!;
    const t = s + x;
    this.revenueCompensation += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    this.revenue = t;
    this.first += side.first[c]!;
    this.retained += side.retained[c]!;
  }
}

interface Stats {
  retention: number;
  averageOrderValue: number;
  purchaseFrequency: number;
  lifetime: number;
  clv: number;
}

/** The measures from totals; NaN where undefined (no customer, nobody in the first half). */
function statsOf(totals: SideTotals, windowLength: number, period: number, margin: number): Stats {
  const revenue = totals.revenue + totals.revenueCompensation;
  const retention = totals.first === 0 ? Number.NaN : totals.retained / totals.first;
  const averageOrderValue = totals.orders === 0 ? Number.NaN : revenue / totals.orders;
  const purchaseFrequency =
    totals.customers === 0
      ? Number.NaN
      : totals.orders / totals.customers / (windowLength / period);
  const lifetime = windowLength / 2 / period / (1 - retention);
  return {
    retention,
    averageOrderValue,
    purchaseFrequency,
    lifetime,
    clv: averageOrderValue * purchaseFrequency * lifetime * margin,
  };
}

function interval(values: Float64Array, level: number): BootstrapInterval {
  let used = 0;
  for (let i = 0; i < values.length; i++)
    if (!Number.isNaN(values[i]!)) values[used++] = values[i]!;
  const sorted = values.subarray(0, used).sort();
  return {
    lower: quantileSorted(sorted, (1 - level) / 2),
    upper: quantileSorted(sorted, (1 + level) / 2),
    resamplesUsed: used,
  };
}

/**
 * Compares retention, average order value, purchase frequency and CLV between two transaction
 * logs (two periods, or two groups such as test and control), with percentile bootstrap
 * confidence intervals from resampling customers (Efron & Tibshirani 1993, ch. 13).
 *
 * Definitions, per log and window (default: its first to last transaction), split at its
 * midpoint into a first half [start, mid) and a second half [mid, end]:
 * - retention = customers active in both halves / customers active in the first half;
 * - averageOrderValue = revenue / orders (orders as in {@link averageOrderValueFromTransactions});
 * - purchaseFrequency = orders / customers / (window length / period);
 * - lifetime = (half-window / period) / (1 − retention) periods: a geometric lifetime with the
 *   measured churn per half-window;
 * - clv = averageOrderValue × purchaseFrequency × lifetime × margin, which equals revenue per
 *   customer per half-window / (1 − retention) × margin, so `period` does not change it.
 *
 * Each resample draws customers with replacement (see `resampling`), recomputes every measure and
 * the change after − before; intervals are the (1 ± level)/2 quantiles of the resampled
 * values. Resamples where a measure is undefined (nobody in the first half, say) are left out of
 * its interval, and a resampled retention of 1 gives an infinite CLV that stays in (a bound may
 * then be ±Infinity). Customers are indexed in code-unit order of their ids, so the result is the
 * same for the same inputs and seed, whatever the row order. O(resamples × customers).
 *
 * @throws {ClvError} `INVALID_OPTION` for a missing unit, a bad window, margin, resamples,
 * confidence level, seed or resampling; `EMPTY_INPUT` when a log has no transaction in its window
 * or nobody active in its first half; `INVALID_ARGUMENT` (field `before` or `after`) when a
 * window has no length, or every customer of the first half came back (CLV unbounded); the row
 * errors of the transaction checks (refunds must be netted first).
 * @example
 * ```ts
 * import { compareBeforeAfter } from 'clvkit';
 * const at = (month: number) => new Date(Date.UTC(2024, month, 1));
 * const before = [
 *   { customerId: 'a', date: at(0), amount: 20 }, { customerId: 'a', date: at(4), amount: 20 },
 *   { customerId: 'b', date: at(1), amount: 20 }, { customerId: 'c', date: at(5), amount: 20 },
 * ];
 * const after = [
 *   { customerId: 'a', date: at(6), amount: 30 }, { customerId: 'a', date: at(10), amount: 30 },
 *   { customerId: 'b', date: at(7), amount: 30 }, { customerId: 'b', date: at(11), amount: 30 },
 *   { customerId: 'c', date: at(8), amount: 30 },
 * ];
 * const result = compareBeforeAfter(before, after, { unit: 'month', resamples: 200, seed: 7 });
 * result.changes.retention.before; // 0.5
 * result.changes.averageOrderValue.change; // 10
 * result.changes.averageOrderValue.changeInterval; // { lower: 10, upper: 10, resamplesUsed: 200 }
 * result.changes.clv.change; // 48.33… (26.67 → 75)
 * ```
 */
export function compareBeforeAfter(
  before: TransactionLog,
  after: TransactionLog,
  options: CompareBeforeAfterOptions,
): CompareBeforeAfterResult {
  const fn = 'compareBeforeAfter';
  checkObject(fn, 'options', options, 'option');
  const { period, unit } = resolvePeriod(fn, options, COMPARE_BEFORE_AFTER_DEFAULTS.period);
  const defaults = COMPARE_BEFORE_AFTER_DEFAULTS;
  const margin =
    options.margin === undefined
      ? defaults.margin
      : probability(fn, 'margin', options.margin, 'option');
  const resamples = options.resamples ?? defaults.resamples;
  if (!Number.isInteger(resamples) || resamples < 1 || resamples > 1_000_000) {
    invalidOptionOf(fn, 'resamples', resamples, 'must be a whole number within 1..1000000');
  }
  const level = options.confidenceLevel ?? defaults.confidenceLevel;
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    invalidOptionOf(fn, 'confidenceLevel', level, 'must be a number within (0, 1), e.g. 0.95');
  }
  const seed = options.seed ?? defaults.seed;
  if (typeof seed !== 'string' && !Number.isSafeInteger(seed)) {
    invalidOptionOf(fn, 'seed', seed, 'must be a safe integer or a string');
  }
  const resampling = options.resampling ?? defaults.resampling;
  if (resampling !== 'independent' && resampling !== 'paired') {
    invalidOptionOf(fn, 'resampling', resampling, "must be 'independent' or 'paired'");
  }
  const beforeWindow = windowOption(fn, 'beforeWindow', options.beforeWindow);
  const afterWindow = windowOption(fn, 'afterWindow', options.afterWindow);

  const logs = [readLog(fn, 'before', before), readLog(fn, 'after', after)] as const;
  const windows = [
    resolveWindow(
      fn,
      'before',
      logs[0],
      { observationStart: beforeWindow.start, observationEnd: beforeWindow.end },
      'beforeWindow.start',
      'beforeWindow.end',
    ),
    resolveWindow(
      fn,
      'after',
      logs[1],
      { observationStart: afterWindow.start, observationEnd: afterWindow.end },
      'afterWindow.start',
      'afterWindow.end',
    ),
  ] as const;
  const unitMs = millisecondsPerUnit(unit);
  const lengths = windows.map((w, s) => {
    const length = (w.end - w.start) / unitMs;
    if (length === 0) {
      invalidArgument(
        fn,
        s === 0 ? 'before' : 'after',
        new Date(w.start),
        'spans no time: give a window (beforeWindow / afterWindow) with start < end',
      );
    }
    return length;
  });
  const seen = new StringIndex();
  for (let s = 0; s < 2; s++) {
    const log = logs[s]!;
    const w = windows[s]!;
    for (let i = 0; i < log.length; i++) {
      const t = log.time[i]!;
      if (t >= w.start && t <= w.end) seen.add(log.customerId[i]!);
    }
  }
  // Index customers in code-unit order of their ids, so the resamples do not depend on row order.
  const customers = new StringIndex();
  for (const id of [...seen.keys].sort()) customers.add(id);
  const size = customers.size;
  const sides = [
    buildSide(fn, 'before', logs[0], windows[0], customers, size),
    buildSide(fn, 'after', logs[1], windows[1], customers, size),
  ] as const;

  // Point estimates on the full samples.
  const totals = [new SideTotals(), new SideTotals()] as const;
  const points: Stats[] = [];
  for (let s = 0; s < 2; s++) {
    const side = sides[s]!;
    for (const c of side.members) totals[s]!.add(side, c);
    const stats = statsOf(totals[s]!, lengths[s]!, period, margin);
    const name = s === 0 ? 'before' : 'after';
    if (Number.isNaN(stats.retention)) {
      throw new ClvError(
        issueOf(
          'EMPTY_INPUT',
          `${fn}: ${name} has no customer active in the first half of its window: retention is undefined`,
          undefined,
          name,
        ),
      );
    }
    if (stats.retention === 1) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `${fn}: every customer of ${name} active in the first half of its window bought again in the second (${totals[s]!.first} of ${totals[s]!.first}): retention is 1, so lifetime and CLV are unbounded`,
          undefined,
          name,
          stats.retention,
        ),
      );
    }
    points.push(stats);
  }

  // Bootstrap: values[measure][side] with side 0 before, 1 after, 2 change.
  const values = MEASURES.map(() => [0, 1, 2].map(() => new Float64Array(resamples)));
  const random = createRandom(seed);
  for (let b = 0; b < resamples; b++) {
    totals[0].reset();
    totals[1].reset();
    if (resampling === 'paired') {
      for (let k = 0; k < size; k++) {
        const c = Math.floor(random.next() * size);
        totals[0].add(sides[0], c);
        totals[1].add(sides[1], c);
      }
    } else {
      for (let s = 0; s < 2; s++) {
        const members = sides[s]!.members;
        for (let k = 0; k < members.length; k++) {
          totals[s]!.add(sides[s]!, members[Math.floor(random.next() * members.length)]!);
        }
      }
    }
    const pair = [
      statsOf(totals[0], lengths[0]!, period, margin),
      statsOf(totals[1], lengths[1]!, period, margin),
    ];
    MEASURES.forEach((measure, m) => {
      const v = values[m]!;
      v[0]![b] = pair[0]![measure];
      v[1]![b] = pair[1]![measure];
      v[2]![b] = pair[1]![measure] - pair[0]![measure];
    });
  }

  const changes = {} as Record<ComparedMeasure, MeasureComparison>;
  MEASURES.forEach((measure, m) => {
    const b = points[0]![measure];
    const a = points[1]![measure];
    const v = values[m]!;
    changes[measure] = {
      before: b,
      after: a,
      change: a - b,
      changePercent: b === 0 ? undefined : (100 * (a - b)) / b,
      beforeInterval: interval(v[0]!, level),
      afterInterval: interval(v[1]!, level),
      changeInterval: interval(v[2]!, level),
    };
  });
  const measuresOf = (s: 0 | 1): BeforeAfterMeasures => {
    const t = totals[s];
    t.reset();
    for (const c of sides[s].members) t.add(sides[s], c);
    const p = points[s]!;
    return {
      customers: t.customers,
      orders: t.orders,
      revenue: t.revenue + t.revenueCompensation,
      retention: p.retention,
      averageOrderValue: p.averageOrderValue,
      purchaseFrequency: p.purchaseFrequency,
      lifetime: p.lifetime,
      clv: p.clv,
      observationStart: new Date(windows[s].start),
      observationEnd: new Date(windows[s].end),
      windowLength: lengths[s]!,
    };
  };
  return {
    before: measuresOf(0),
    after: measuresOf(1),
    changes,
    period,
    unit,
    confidenceLevel: level,
    resamples,
    seed,
    resampling,
  };
}
