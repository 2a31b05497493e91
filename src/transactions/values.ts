import { type ClvIssue, displayValue, issueOf } from '../errors/index.js';

/** How to read dates. `auto` recognises every format below. */
export type DateFormat = 'auto' | 'iso' | 'yyyymmdd' | 'epoch-seconds' | 'epoch-milliseconds';

/** Reading options shared by the value parsers. @internal */
export interface ValueOptions {
  readonly dateFormat: DateFormat;
  readonly decimalSeparator: '.' | ',';
}

/** Result of parsing one value: the value or the issue. @internal */
export type Parsed<T> = { ok: true; value: T } | { ok: false; issue: ClvIssue };

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DIGITS = /^[+-]?\d+$/;
const DECIMAL_POINT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
// |epoch| below 1e11 is read as seconds (1e11 s is the year 5138; 1e11 ms is only 1973-03-03).
const EPOCH_SECONDS_LIMIT = 1e11;
// ECMAScript's Date range: ±8.64e15 ms around the epoch.
const MAX_TIME = 8.64e15;

/** Milliseconds of a fraction of a second written as 1–9 digits, truncated (never rounded up). */
function millisecondsOfFraction(digits: string): number {
  if (digits === '') return 0;
  return Number(digits.slice(0, 3).padEnd(3, '0'));
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function dateIssue(row: number, value: unknown, reason: string): Parsed<number> {
  return {
    ok: false,
    issue: issueOf(
      'INVALID_DATE',
      `Row ${row}: date ${displayValue(value)} ${reason}`,
      row,
      'date',
      value,
    ),
  };
}

function fromCalendar(
  row: number,
  raw: unknown,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): Parsed<number> {
  if (month < 1 || month > 12) return dateIssue(row, raw, `has month ${month} (must be 1..12)`);
  if (day < 1 || day > daysInMonth(year, month)) {
    return dateIssue(
      row,
      raw,
      `is impossible: month ${month} of ${year} has ${daysInMonth(year, month)} days`,
    );
  }
  if (hour > 23 || minute > 59 || second > 59)
    return dateIssue(row, raw, 'has an impossible time of day');
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year);
  return { ok: true, value: date.getTime() };
}

function parseIso(row: number, raw: unknown, text: string): Parsed<number> | undefined {
  const m = ISO_PATTERN.exec(text);
  if (m === null) return undefined;
  const fraction = m[7] ?? '';
  const ms = millisecondsOfFraction(fraction);
  const parsed = fromCalendar(
    row,
    raw,
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    m[4] === undefined ? 0 : Number(m[4]),
    m[5] === undefined ? 0 : Number(m[5]),
    m[6] === undefined ? 0 : Number(m[6]),
    ms,
  );
  const zone = m[8];
  if (!parsed.ok || zone === undefined || zone === 'Z' || zone === 'z') return parsed;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (offsetHours > 23 || offsetMinutes > 59)
    return dateIssue(row, raw, 'has an impossible zone offset');
  return { ok: true, value: parsed.value - sign * (offsetHours * 60 + offsetMinutes) * 60_000 };
}

/** Value of the ASCII digits `text[from, to)`, or -1 if one is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1; // also past the end (NaN)
    value = value * 10 + digit;
  }
  return value;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Fast path for the common ISO forms `YYYY-MM-DD`, optionally followed by `[T ]HH:MM`, `:SS`,
 * a fraction and `Z`: epoch milliseconds, or NaN for anything else and for impossible dates, which
 * the general path (same result, but a regex and a `Date` per value) then reads or reports.
 */
function parseIsoFast(text: string): number {
  const length = text.length;
  if (length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return Number.NaN;
  }
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let i = 10;
  const separator = text.charCodeAt(10);
  if (separator === 84 || separator === 32) {
    // 'T' or ' '
    if (length < 16 || text.charCodeAt(13) !== 58) return Number.NaN;
    hour = digitsAt(text, 11, 13);
    minute = digitsAt(text, 14, 16);
    i = 16;
    if (i < length && text.charCodeAt(i) === 58) {
      second = digitsAt(text, 17, 19);
      if (length < 19) return Number.NaN;
      i = 19;
      const point = text.charCodeAt(i);
      if (point === 46 || point === 44) {
        // '.' or ','
        // Up to 9 fraction digits, truncated to milliseconds by integer arithmetic.
        let end = i + 1;
        let digits = 0;
        while (end < length && digits < 9) {
          const d = text.charCodeAt(end) - 48;
          if (d < 0 || d > 9) break;
          if (digits < 3) ms = ms * 10 + d;
          digits++;
          end++;
        }
        if (digits === 0) return Number.NaN;
        if (digits === 1) ms *= 100;
        else if (digits === 2) ms *= 10;
        i = end;
      }
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return Number.NaN;
    }
  }
  if (i < length && (text.charCodeAt(i) === 90 || text.charCodeAt(i) === 122)) i++; // 'Z' or 'z'
  if (i !== length) return Number.NaN;
  return (
    daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms
  );
}

function fromEpoch(row: number, raw: unknown, n: number, format: DateFormat): Parsed<number> {
  if (!Number.isFinite(n)) return dateIssue(row, raw, 'is not a finite number');
  let ms: number;
  if (format === 'epoch-seconds') ms = n * 1000;
  else if (format === 'epoch-milliseconds') ms = n;
  else ms = Math.abs(n) < EPOCH_SECONDS_LIMIT ? n * 1000 : n;
  if (Math.abs(ms) > MAX_TIME) return dateIssue(row, raw, 'is outside the range of dates');
  return { ok: true, value: ms };
}

/**
 * Parses one date value to epoch milliseconds (UTC). Accepts a valid `Date`, an epoch number
 * (seconds or milliseconds), ISO 8601 dates and date-times (zone optional, UTC when absent),
 * `YYYYMMDD` and digit-only epoch strings. @internal
 */
export function parseDateValue(raw: unknown, row: number, options: ValueOptions): Parsed<number> {
  const format = options.dateFormat;
  if (raw instanceof Date) {
    const t = raw.getTime();
    return Number.isNaN(t) ? dateIssue(row, raw, 'is an invalid Date') : { ok: true, value: t };
  }
  if (typeof raw === 'number') {
    if (format === 'iso' || format === 'yyyymmdd') {
      if (format === 'yyyymmdd' && Number.isInteger(raw))
        return parseDateValue(String(raw), row, options);
      return dateIssue(row, raw, `is a number, but dateFormat is '${format}'`);
    }
    return fromEpoch(row, raw, raw, format);
  }
  if (typeof raw !== 'string') {
    return dateIssue(
      row,
      raw,
      raw === undefined || raw === null ? 'is missing' : 'is not a date, number or string',
    );
  }
  if (format === 'auto' || format === 'iso') {
    const fast = parseIsoFast(raw);
    if (!Number.isNaN(fast)) return { ok: true, value: fast };
  }
  const text = raw.trim();
  if (text === '') return dateIssue(row, raw, 'is missing');
  if (DIGITS.test(text)) {
    if (format === 'iso') return dateIssue(row, raw, "is not an ISO 8601 date (dateFormat 'iso')");
    if (format === 'yyyymmdd' || (format === 'auto' && text.length === 8)) {
      if (text.length !== 8) return dateIssue(row, raw, 'is not an 8-digit YYYYMMDD date');
      return fromCalendar(
        row,
        raw,
        Number(text.slice(0, 4)),
        Number(text.slice(4, 6)),
        Number(text.slice(6, 8)),
      );
    }
    return fromEpoch(row, raw, Number(text), format);
  }
  if (format !== 'auto' && format !== 'iso') {
    return dateIssue(row, raw, `does not match dateFormat '${format}'`);
  }
  const iso = parseIso(row, raw, text);
  if (iso !== undefined) return iso;
  return dateIssue(
    row,
    raw,
    'is not a recognised date (ISO 8601, YYYYMMDD or epoch seconds/milliseconds)',
  );
}

const POWERS_OF_TEN = [
  1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/**
 * Fast path for plain decimals (`123`, `19.90`, `.5`) of at most 15 digits: digits / 10^k is
 * correctly rounded, so equals `Number(text)` (Clinger's fast path); NaN for anything else.
 */
function parseDecimalFast(text: string): number {
  const length = text.length;
  let mantissa = 0;
  let digits = 0;
  let point = -1;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    } else if (c === 46 && point === -1) {
      point = i;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  return point === -1 ? mantissa : mantissa / POWERS_OF_TEN[length - point - 1]!;
}

/** Parses an amount: a finite number or a decimal string. @internal */
export function parseAmountValue(raw: unknown, row: number, options: ValueOptions): Parsed<number> {
  if (typeof raw === 'number') {
    if (Number.isFinite(raw)) return { ok: true, value: raw };
    return amountIssue(row, raw, 'is not a finite number');
  }
  if (typeof raw !== 'string') {
    return amountIssue(
      row,
      raw,
      raw === undefined || raw === null ? 'is missing' : 'is not a number or decimal string',
    );
  }
  if (options.decimalSeparator === '.') {
    const fast = parseDecimalFast(raw);
    if (!Number.isNaN(fast)) return { ok: true, value: fast };
  }
  const text = raw.trim();
  if (text === '') return amountIssue(row, raw, 'is missing');
  if (options.decimalSeparator === ',') {
    if (!DECIMAL_COMMA.test(text))
      return amountIssue(row, raw, 'is not a decimal number (decimal separator ",")');
    return { ok: true, value: Number(text.replace(',', '.')) };
  }
  if (!DECIMAL_POINT.test(text)) {
    const hint = text.includes(',')
      ? ' (use decimalSeparator: "," for decimal commas; no thousands separators)'
      : '';
    return amountIssue(row, raw, `is not a decimal number${hint}`);
  }
  const value = Number(text);
  if (!Number.isFinite(value)) return amountIssue(row, raw, 'is out of range');
  return { ok: true, value };
}

function amountIssue(row: number, value: unknown, reason: string): Parsed<number> {
  return {
    ok: false,
    issue: issueOf(
      'INVALID_AMOUNT',
      `Row ${row}: amount ${displayValue(value)} ${reason}`,
      row,
      'amount',
      value,
    ),
  };
}

/** Parses an optional quantity; empty means absent. @internal */
export function parseQuantityValue(
  raw: unknown,
  row: number,
  options: ValueOptions,
): Parsed<number | undefined> {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    return { ok: true, value: undefined };
  }
  const parsed = parseAmountValue(raw, row, options);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    issue: issueOf(
      'INVALID_QUANTITY',
      `Row ${row}: quantity ${displayValue(raw)} is not a finite number`,
      row,
      'quantity',
      raw,
    ),
  };
}

/** Parses a required id (customer id): non-empty after trimming. @internal */
export function parseIdValue(raw: unknown, row: number, field: string): Parsed<string> {
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text !== '') return { ok: true, value: text };
    return {
      ok: false,
      issue: issueOf('INVALID_ID', `Row ${row}: ${field} is empty`, row, field, raw),
    };
  }
  if ((typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'bigint') {
    return { ok: true, value: String(raw) };
  }
  return {
    ok: false,
    issue: issueOf(
      'INVALID_ID',
      `Row ${row}: ${field} ${raw === undefined || raw === null ? 'is missing' : `${displayValue(raw)} is not a string or finite number`}`,
      row,
      field,
      raw,
    ),
  };
}

/** Parses an optional text field; empty means absent. @internal */
export function parseTextValue(
  raw: unknown,
  row: number,
  field: string,
): Parsed<string | undefined> {
  if (raw === undefined || raw === null) return { ok: true, value: undefined };
  if (typeof raw === 'string') {
    const text = raw.trim();
    return { ok: true, value: text === '' ? undefined : text };
  }
  if (
    (typeof raw === 'number' && Number.isFinite(raw)) ||
    typeof raw === 'bigint' ||
    typeof raw === 'boolean'
  ) {
    return { ok: true, value: String(raw) };
  }
  return {
    ok: false,
    issue: issueOf(
      'INVALID_FIELD',
      `Row ${row}: ${field} ${displayValue(raw)} is not text`,
      row,
      field,
      raw,
    ),
  };
}
