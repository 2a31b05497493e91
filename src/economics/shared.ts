import { ClvError, type ClvErrorCode, displayValue, issueOf } from '../errors/index.js';

/** A run of per-period numbers: a plain array or a `Float64Array`. */
export type NumberSeries = readonly number[] | Float64Array;

/** Throws a {@link ClvError} naming the function, the field and the value. @internal */
export function fail(
  code: ClvErrorCode,
  fn: string,
  field: string,
  value: unknown,
  reason: string,
): never {
  throw new ClvError(
    issueOf(code, `${fn}: ${field} = ${displayValue(value)} ${reason}`, undefined, field, value),
  );
}

/** Throws `INVALID_ARGUMENT` for a field of a positional (input) argument. @internal */
export function invalidArgument(fn: string, field: string, value: unknown, reason: string): never {
  return fail('INVALID_ARGUMENT', fn, field, value, reason);
}

/** Throws `INVALID_OPTION` for a field of an options object. @internal */
export function invalidOptionOf(fn: string, field: string, value: unknown, reason: string): never {
  return fail('INVALID_OPTION', fn, field, value, reason);
}

/** Which kind of argument a checked value belongs to: decides the error code. @internal */
export type ArgumentKind = 'argument' | 'option';

function reject(
  kind: ArgumentKind,
  fn: string,
  field: string,
  value: unknown,
  reason: string,
): never {
  return kind === 'argument'
    ? invalidArgument(fn, field, value, reason)
    : invalidOptionOf(fn, field, value, reason);
}

/** Checks that `value` is a (possibly empty) plain object, for an input or options argument. @internal */
export function checkObject(
  fn: string,
  field: string,
  value: unknown,
  kind: ArgumentKind,
): asserts value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    reject(kind, fn, field, value, 'must be an object');
  }
}

/** A finite number (NaN and ±Infinity rejected). @internal */
export function finiteNumber(
  fn: string,
  field: string,
  value: unknown,
  kind: ArgumentKind = 'argument',
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    reject(kind, fn, field, value, 'must be a finite number');
  }
  return value;
}

/** A finite number ≥ 0. @internal */
export function nonNegative(
  fn: string,
  field: string,
  value: unknown,
  kind: ArgumentKind = 'argument',
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    reject(kind, fn, field, value, 'must be a finite number ≥ 0');
  }
  return value;
}

/** A finite number > 0. @internal */
export function positive(
  fn: string,
  field: string,
  value: unknown,
  kind: ArgumentKind = 'argument',
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    reject(kind, fn, field, value, 'must be a finite number > 0');
  }
  return value;
}

/** A probability in [0, 1] (a retention rate, a margin rate). @internal */
export function probability(
  fn: string,
  field: string,
  value: unknown,
  kind: ArgumentKind = 'argument',
): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    reject(kind, fn, field, value, 'must be a number within [0, 1]');
  }
  return value;
}

/** A churn rate in (0, 1]: 0 would mean an unbounded lifetime. @internal */
export function churnRateOf(
  fn: string,
  field: string,
  value: unknown,
  kind: ArgumentKind = 'argument',
): number {
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    reject(
      kind,
      fn,
      field,
      value,
      'must be a number within (0, 1] (a churn rate of 0 means an unbounded lifetime)',
    );
  }
  return value;
}

/** A discount rate per period: finite and > −1 (so that 1 + d > 0). @internal */
export function discountRateOf(
  fn: string,
  field: string,
  value: unknown,
  kind: ArgumentKind = 'argument',
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= -1) {
    reject(kind, fn, field, value, 'must be a finite number > -1 (a rate per period, 0.1 = 10 %)');
  }
  return value;
}

/** A horizon in periods: an integer ≥ 0, or `Infinity` when `allowInfinity`. @internal */
export function periodsOf(
  fn: string,
  field: string,
  value: unknown,
  allowInfinity: boolean,
  kind: ArgumentKind = 'argument',
): number {
  if (value === Number.POSITIVE_INFINITY && allowInfinity) return value;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    reject(
      kind,
      fn,
      field,
      value,
      allowInfinity
        ? 'must be a whole number of periods ≥ 0, or Infinity'
        : 'must be a whole number of periods ≥ 0',
    );
  }
  return value;
}

/** Number of pooled period transitions: a whole number in 1..1000; default 1. @internal */
export function transitionsOf(fn: string, value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000) {
    invalidOptionOf(fn, 'transitions', value, 'must be a whole number within 1..1000');
  }
  return value;
}

/** True for a plain array or a `Float64Array` (the accepted per-period series). @internal */
export function isSeries(value: unknown): value is NumberSeries {
  return Array.isArray(value) || value instanceof Float64Array;
}

/**
 * Neumaier's compensated summation (Neumaier 1974, "Rundungsfehleranalyse einiger Verfahren zur
 * Summation endlicher Summen", ZAMM 54): Kahan's method, also exact when an addend is larger
 * than the running sum. @internal
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const s = this.sum;
    const t = s + x;
    this.compensation += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}

/** Compensated total of a series. O(n). @internal */
export function compensatedTotal(values: ArrayLike<number>): number {
  const total = new CompensatedSum();
  for (let i = 0; i < values.length; i++) total.add(values[i]!);
  return total.value;
}

/** `base ** exponent` for a whole exponent ≥ 0 by repeated squaring (faster than `**` in V8). @internal */
export function powInteger(base: number, exponent: number): number {
  if (exponent > 0x7fffffff) return base ** exponent;
  let result = 1;
  let square = base;
  for (let e = exponent; e !== 0; e >>>= 1) {
    if (e & 1) result *= square;
    square *= square;
  }
  return result;
}

/** Below |1 − q| = 1/64 the naive (1 − q^T) / (1 − q) loses more than 6 bits to cancellation. @internal */
export const SMALL_GAP = 0.015625;

/**
 * The geometric sum G(T) = Σ_{k=0}^{T−1} q^k = (1 − q^T) / (1 − q) for q = r / (1 + d), given
 * `gap` = 1 − q computed as (1 − r + d) / (1 + d), which has no cancellation when q is near 1.
 *
 * When |gap| ≥ 1/64 the closed form is used directly (relative error ≲ ε / |gap| ≤ 64ε); closer
 * to 1 it is −expm1(T·log1p(−gap)) / gap, exact to a few ulps; gap = 0 gives T. O(log T). @internal
 */
export function geometricSum(q: number, gap: number, periods: number): number {
  // 1 − q has at most one rounding here, and makes G(1) = 1 exactly.
  if (gap >= SMALL_GAP || gap <= -SMALL_GAP) return (1 - powInteger(q, periods)) / (1 - q);
  if (gap === 0 || periods <= 1) return periods;
  return -Math.expm1(periods * Math.log1p(-gap)) / gap;
}

/**
 * Quantile of sorted finite-or-infinite values by R's type 7 definition (linear interpolation
 * between order statistics, the default of R's `quantile` and NumPy's `percentile`). @internal
 */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  if (a === b) return a;
  return a + (h - lo) * (b - a);
}

/** Rounds for display in a sentence: at most two decimals. @internal */
export function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}
