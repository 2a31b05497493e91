/**
 * Time units understood throughout clvkit.
 *
 * Conversion is calendar-neutral: a month is 365.25 / 12 = 30.4375 days, a quarter three such
 * months, a year 365.25 days. There is no hidden 30-day month.
 */
export type TimeUnit = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Every supported {@link TimeUnit}, in increasing length. */
export const TIME_UNITS: readonly TimeUnit[] = Object.freeze([
  'hour',
  'day',
  'week',
  'month',
  'quarter',
  'year',
]);

const MS_PER_HOUR = 3_600_000;
/** Milliseconds in one UTC day. */
export const MS_PER_DAY = 86_400_000;

/**
 * Length of each {@link TimeUnit} in days: the single conversion table of the library.
 * A month is 365.25 / 12 days; a quarter 365.25 / 4; a year 365.25.
 *
 * @example
 * ```ts
 * import { DAYS_PER_UNIT } from 'clvkit';
 * DAYS_PER_UNIT.month; // 30.4375
 * ```
 */
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = Object.freeze({
  hour: 1 / 24,
  day: 1,
  week: 7,
  month: 365.25 / 12,
  quarter: 365.25 / 4,
  year: 365.25,
});

const MS_PER_UNIT: Readonly<Record<TimeUnit, number>> = Object.freeze({
  hour: MS_PER_HOUR,
  day: MS_PER_DAY,
  week: 7 * MS_PER_DAY,
  month: (365.25 / 12) * MS_PER_DAY,
  quarter: (365.25 / 4) * MS_PER_DAY,
  year: 365.25 * MS_PER_DAY,
});

/**
 * True when `value` is a supported {@link TimeUnit}. O(1).
 *
 * @example
 * ```ts
 * import { isTimeUnit } from 'clvkit';
 * isTimeUnit('week'); // true
 * isTimeUnit('fortnight'); // false
 * ```
 */
export function isTimeUnit(value: unknown): value is TimeUnit {
  return typeof value === 'string' && Object.hasOwn(DAYS_PER_UNIT, value);
}

/**
 * Converts a duration from one unit to another with the calendar-neutral table
 * {@link DAYS_PER_UNIT}. O(1).
 *
 * @example
 * ```ts
 * import { convertDuration } from 'clvkit';
 * convertDuration(1, 'month', 'week'); // 4.348214285714286
 * convertDuration(52, 'week', 'year'); // 0.9965776865160849
 * ```
 */
export function convertDuration(value: number, from: TimeUnit, to: TimeUnit): number {
  if (from === to) return value;
  return (value * DAYS_PER_UNIT[from]) / DAYS_PER_UNIT[to];
}

/**
 * Milliseconds in one unit (calendar-neutral). O(1).
 *
 * @example
 * ```ts
 * import { millisecondsPerUnit } from 'clvkit';
 * millisecondsPerUnit('day'); // 86400000
 * ```
 */
export function millisecondsPerUnit(unit: TimeUnit): number {
  return MS_PER_UNIT[unit];
}

/**
 * Index of the calendar period (UTC) holding the instant `ms` (epoch milliseconds): whole hours,
 * days, weeks starting Monday, calendar months, quarters or years since the epoch. Differences of
 * indices count whole calendar periods, as pandas' `to_period` does.
 *
 * @example
 * ```ts
 * import { calendarPeriodIndex } from 'clvkit';
 * // 1997-01-01 was a Wednesday and 1997-01-06 the next Monday: one week apart.
 * calendarPeriodIndex(Date.UTC(1997, 0, 6), 'week') - calendarPeriodIndex(Date.UTC(1997, 0, 1), 'week'); // 1
 * ```
 */
export function calendarPeriodIndex(ms: number, unit: TimeUnit): number {
  return calendarPeriodIndexer(unit)(ms);
}

/** Whole months since year 0 of the UTC civil date holding `ms`, by arithmetic only. */
function monthIndex(ms: number): number {
  // Civil-from-days (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"): the proleptic
  // Gregorian calendar in 400-year eras, with years starting on 1 March.
  const z = Math.floor(ms / MS_PER_DAY) + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March … 11 = February
  const month = shiftedMonth < 10 ? shiftedMonth + 2 : shiftedMonth - 10; // 0 = January
  const year = yearOfEra + era * 400 + (month <= 1 ? 1 : 0);
  return year * 12 + month;
}

/**
 * A function from an instant (epoch milliseconds) to its calendar period index in `unit`, the
 * same as {@link calendarPeriodIndex} but specialised once for a unit, for hot loops.
 *
 * @example
 * ```ts
 * import { calendarPeriodIndexer } from 'clvkit';
 * const monthOf = calendarPeriodIndexer('month');
 * monthOf(Date.UTC(2024, 1, 29)) - monthOf(Date.UTC(2023, 11, 31)); // 2
 * ```
 */
export function calendarPeriodIndexer(unit: TimeUnit): (ms: number) => number {
  switch (unit) {
    case 'hour':
      return (ms) => Math.floor(ms / MS_PER_HOUR);
    case 'day':
      return (ms) => Math.floor(ms / MS_PER_DAY);
    case 'week':
      // 1970-01-01 was a Thursday; shift by 3 days so that weeks start on Monday.
      return (ms) => Math.floor((Math.floor(ms / MS_PER_DAY) + 3) / 7);
    case 'month':
      return monthIndex;
    case 'quarter':
      return (ms) => Math.floor(monthIndex(ms) / 3);
    case 'year':
      return (ms) => Math.floor(monthIndex(ms) / 12);
  }
}
