import { ClvError, type ClvIssue, displayValue, invalidOption, issueOf } from '../errors/index.js';
import { MS_PER_DAY } from '../time/index.js';
import type { Transaction } from '../transactions/types.js';
import {
  addTo,
  type CleaningReport,
  checkOptionsObject,
  checkTransactions,
  createSums,
  sumOf,
} from './shared.js';

/**
 * One entry of an exchange-rate table: `rate` units of the reporting currency (`options.to`) per
 * 1 unit of `currency`. With a `date`, the rate applies from that UTC day until the next dated
 * rate of the currency; without one, it applies to every date that no dated rate covers.
 */
export interface CurrencyRate {
  /** The currency converted from (trimmed, case-insensitive: `'usd'` is `'USD'`). */
  readonly currency: string;
  /** Units of the reporting currency per 1 unit of `currency`: finite and > 0. */
  readonly rate: number;
  /** First UTC day of validity: a `Date` (its UTC day is used) or `'YYYY-MM-DD'`. */
  readonly date?: Date | string;
}

/** Options of {@link convertCurrency}; defaults in {@link CONVERT_CURRENCY_DEFAULTS}. */
export interface ConvertCurrencyOptions {
  /** The reporting currency (required), e.g. `'EUR'`; case-insensitive. */
  readonly to: string;
  /** Currency of rows without `currency`. Without it, such a row is an error. */
  readonly defaultCurrency?: string;
  /** `'throw'` (default): a missing rate throws `MISSING_RATE`. `'collect'`: such rows go to `rejected`. */
  readonly onMissingRate?: 'throw' | 'collect';
}

/** Defaults of the optional {@link ConvertCurrencyOptions}. */
export const CONVERT_CURRENCY_DEFAULTS = Object.freeze({ onMissingRate: 'throw' } as const);

/** A transaction set aside by {@link convertCurrency} (`onMissingRate: 'collect'`). */
export interface RejectedTransaction extends ClvIssue {
  /** 0-based index of the row in the input. */
  readonly index: number;
  /** 1-based row number (`index + 1`), as in every {@link ClvIssue}. */
  readonly row: number;
  /** The row as received. */
  readonly transaction: Transaction;
}

/** What {@link convertCurrency} did with one source currency. */
export interface CurrencyConversionTotals {
  /** The source currency (upper-cased). */
  readonly currency: string;
  /** Rows converted. */
  readonly rows: number;
  /** Total of the converted rows in the source currency (compensated sum). */
  readonly amount: number;
  /** The same rows' total in the reporting currency (compensated sum). */
  readonly convertedAmount: number;
  /** Rows without a rate (rejected, or the cause of the error). */
  readonly missingRateRows: number;
}

/** Report of {@link convertCurrency}. */
export interface ConvertCurrencyReport extends CleaningReport {
  readonly step: 'convertCurrency';
  /** The reporting currency (upper-cased). */
  readonly to: string;
  /** Rows set aside in `rejected`. */
  readonly rejectedRows: number;
  /** Total of the output in the reporting currency (compensated sum). */
  readonly convertedTotal: number;
  /** Per source currency, in code-unit order of the currency. */
  readonly currencies: CurrencyConversionTotals[];
}

/** Result of {@link convertCurrency}. */
export interface ConvertCurrencyResult {
  /** Converted rows in input order, each with `currency: to`. */
  readonly transactions: Transaction[];
  /** Rows without a rate (always empty with `onMissingRate: 'throw'`). */
  readonly rejected: RejectedTransaction[];
  readonly report: ConvertCurrencyReport;
}

/** The rates of one source currency, and what was converted from it. */
interface CurrencyEntry {
  readonly currency: string;
  readonly identity: boolean;
  /** UTC day numbers (days since 1970-01-01) of the dated rates, ascending. */
  readonly days: Int32Array;
  readonly rates: Float64Array;
  /** The undated rate, NaN when none. */
  readonly undated: number;
  rows: number;
  missingRateRows: number;
  /** Slot 0: amount in the source currency; slot 1: converted amount. */
  readonly sums: Float64Array;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function normalizeCurrency(code: string): string {
  return code.trim().toUpperCase();
}

function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().split('T')[0]!;
}

function rateError(index: number, field: string, value: unknown, reason: string): ClvError {
  return new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `convertCurrency: rates[${index}].${field} ${displayValue(value)} ${reason}`,
      undefined,
      `rates[${index}].${field}`,
      value,
    ),
  );
}

/** UTC day number of a rate's date, or throws. */
function rateDay(value: unknown, index: number): number {
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) throw rateError(index, 'date', value, 'is an invalid Date');
    return Math.floor(time / MS_PER_DAY);
  }
  if (typeof value === 'string') {
    const match = ISO_DAY.exec(value.trim());
    if (match !== null) {
      const year = Number(match[1]);
      const month = Number(match[2]) - 1;
      const day = Number(match[3]);
      const date = new Date(0);
      date.setUTCFullYear(year, month, day);
      if (
        date.getUTCFullYear() === year &&
        date.getUTCMonth() === month &&
        date.getUTCDate() === day
      ) {
        return Math.floor(date.getTime() / MS_PER_DAY);
      }
      throw rateError(index, 'date', value, 'is not a calendar date');
    }
  }
  throw rateError(index, 'date', value, "must be a Date or a 'YYYY-MM-DD' string");
}

/** Validates the rate table and indexes it by currency, dated rates sorted by day. */
function buildRateTable(rates: unknown, to: string): Map<string, CurrencyEntry> {
  if (!Array.isArray(rates)) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `convertCurrency: rates must be an array of { currency, rate, date? } entries, got ${displayValue(rates)}`,
        undefined,
        'rates',
        rates,
      ),
    );
  }
  const dated = new Map<string, { day: number; rate: number; index: number }[]>();
  const undated = new Map<string, { rate: number; index: number }>();
  for (let index = 0; index < rates.length; index++) {
    const entry: unknown = rates[index];
    if (entry === null || typeof entry !== 'object') {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `convertCurrency: rates[${index}] must be a { currency, rate, date? } object, got ${displayValue(entry)}`,
          undefined,
          `rates[${index}]`,
          entry,
        ),
      );
    }
    const { currency: rawCurrency, rate, date } = entry as Record<string, unknown>;
    if (typeof rawCurrency !== 'string' || rawCurrency.trim() === '') {
      throw rateError(index, 'currency', rawCurrency, 'must be a non-empty string');
    }
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
      throw rateError(index, 'rate', rate, 'must be a finite number > 0');
    }
    const currency = normalizeCurrency(rawCurrency);
    if (currency === to) {
      if (rate !== 1) {
        throw rateError(
          index,
          'rate',
          rate,
          `is a rate of the reporting currency ${to} (must be 1)`,
        );
      }
      continue;
    }
    if (date === undefined) {
      const previous = undated.get(currency);
      if (previous !== undefined && previous.rate !== rate) {
        throw rateError(
          index,
          'rate',
          rate,
          `conflicts with the undated ${currency} rate ${previous.rate} of rates[${previous.index}]`,
        );
      }
      undated.set(currency, { rate, index });
      continue;
    }
    const day = rateDay(date, index);
    let list = dated.get(currency);
    if (list === undefined) {
      list = [];
      dated.set(currency, list);
    }
    list.push({ day, rate, index });
  }

  const table = new Map<string, CurrencyEntry>();
  const currencies = new Set<string>([...dated.keys(), ...undated.keys()]);
  for (const currency of currencies) {
    const list = dated.get(currency) ?? [];
    list.sort((a, b) => a.day - b.day || a.index - b.index);
    const days: number[] = [];
    const values: number[] = [];
    for (const { day, rate, index } of list) {
      const last = days.length - 1;
      if (last >= 0 && days[last] === day) {
        if (values[last] !== rate) {
          throw rateError(
            index,
            'rate',
            rate,
            `conflicts with another ${currency} rate (${values[last]}) for ${formatDay(day)}`,
          );
        }
        continue;
      }
      days.push(day);
      values.push(rate);
    }
    table.set(currency, {
      currency,
      identity: false,
      days: Int32Array.from(days),
      rates: Float64Array.from(values),
      undated: undated.get(currency)?.rate ?? Number.NaN,
      rows: 0,
      missingRateRows: 0,
      sums: createSums(2),
    });
  }
  return table;
}

function emptyEntry(currency: string, identity: boolean): CurrencyEntry {
  return {
    currency,
    identity,
    days: new Int32Array(0),
    rates: new Float64Array(0),
    undated: Number.NaN,
    rows: 0,
    missingRateRows: 0,
    sums: createSums(2),
  };
}

function resolveConvertOptions(options: ConvertCurrencyOptions): {
  to: string;
  defaultCurrency: string | undefined;
  onMissingRate: 'throw' | 'collect';
} {
  if (options === undefined) {
    invalidOption(
      'options',
      options,
      "convertCurrency needs { to }, the reporting currency (e.g. { to: 'EUR' })",
    );
  }
  checkOptionsObject(options, 'convertCurrency');
  const to: unknown = options.to;
  if (typeof to !== 'string' || to.trim() === '') {
    invalidOption('to', to, "must be a non-empty currency code such as 'EUR'");
  }
  const defaultCurrency: unknown = options.defaultCurrency;
  if (
    defaultCurrency !== undefined &&
    (typeof defaultCurrency !== 'string' || defaultCurrency.trim() === '')
  ) {
    invalidOption('defaultCurrency', defaultCurrency, 'must be a non-empty currency code');
  }
  const onMissingRate = options.onMissingRate ?? CONVERT_CURRENCY_DEFAULTS.onMissingRate;
  if (onMissingRate !== 'throw' && onMissingRate !== 'collect') {
    invalidOption('onMissingRate', onMissingRate, "must be 'throw' or 'collect'");
  }
  return {
    to: normalizeCurrency(to),
    defaultCurrency: defaultCurrency === undefined ? undefined : normalizeCurrency(defaultCurrency),
    onMissingRate,
  };
}

function missingRateIssue(entry: CurrencyEntry, to: string, day: number, index: number): ClvIssue {
  const { currency } = entry;
  const hint =
    entry.days.length > 0
      ? `the earliest ${currency} rate is dated ${formatDay(entry.days[0]!)}`
      : `the rate table has no ${currency} rate`;
  return issueOf(
    'MISSING_RATE',
    `convertCurrency: no ${currency}→${to} rate on or before ${formatDay(day)} for transactions[${index}] (${hint})`,
    index + 1,
    'currency',
    currency,
  );
}

/**
 * Converts every amount into one reporting currency with an explicit rate table. O(n log r) for
 * n rows and at most r dated rates per currency (a binary search per row), plus O(R log R) to
 * sort the R rate entries.
 *
 * The rate of a row is looked up for its currency (`defaultCurrency` when it has none) and its
 * **UTC date**: the most recent dated rate on or before that date; failing that, the currency's
 * undated rate. A rate dated only after the transaction is never used, and no rate is ever
 * guessed or interpolated: a row without a rate is a `MISSING_RATE` error naming the currency,
 * the date and the row (or, with `onMissingRate: 'collect'`, goes to `rejected`). Rows already in
 * `to` convert at 1. The amount becomes `amount × rate`, unrounded, and every output row carries
 * `currency: to`. Currency codes are compared trimmed and upper-cased.
 *
 * @throws {ClvError} `MISSING_RATE` for a row without a rate (unless `onMissingRate: 'collect'`);
 *   `INVALID_FIELD` for a row without `currency` when there is no `defaultCurrency` (in both
 *   modes); `INVALID_ARGUMENT` for a malformed rate table (a rate ≤ 0, NaN or infinite, a bad
 *   date, two different rates for one currency and day, a rate ≠ 1 for `to`) or a non-array
 *   `transactions`; `INVALID_OPTION` for bad options; the row codes of {@link deduplicate}.
 * @example
 * ```ts
 * import { convertCurrency } from 'clvkit';
 * const rates = [
 *   { currency: 'USD', date: '2024-01-01', rate: 0.9 },
 *   { currency: 'USD', date: '2024-02-01', rate: 0.8 },
 *   { currency: 'GBP', rate: 1.2 }, // undated: every date
 * ];
 * const { transactions, report } = convertCurrency(
 *   [
 *     { customerId: 'c1', date: new Date('2024-01-20'), amount: 10, currency: 'USD' },
 *     { customerId: 'c1', date: new Date('2024-02-03'), amount: 10, currency: 'USD' },
 *     { customerId: 'c2', date: new Date('2024-02-03'), amount: 5, currency: 'GBP' },
 *     { customerId: 'c2', date: new Date('2024-02-04'), amount: 7 }, // defaultCurrency
 *   ],
 *   rates,
 *   { to: 'EUR', defaultCurrency: 'EUR' },
 * );
 * transactions.map((t) => t.amount); // [9, 8, 6, 7]
 * report.convertedTotal; // 30
 * ```
 */
export function convertCurrency(
  transactions: readonly Transaction[],
  rates: readonly CurrencyRate[],
  options: ConvertCurrencyOptions,
): ConvertCurrencyResult {
  checkTransactions(transactions, 'convertCurrency');
  const { to, defaultCurrency, onMissingRate } = resolveConvertOptions(options);
  const table = buildRateTable(rates, to);
  // Entries by currency as written in the rows, so each distinct spelling is normalised once.
  const byRawCurrency = new Map<string, CurrencyEntry>();
  const used: CurrencyEntry[] = [];
  const n = transactions.length;
  const output: Transaction[] = [];
  const rejected: RejectedTransaction[] = [];
  const total = createSums(1);
  for (let i = 0; i < n; i++) {
    const t = transactions[i]!;
    const raw = t.currency ?? defaultCurrency;
    if (raw === undefined) {
      throw new ClvError(
        issueOf(
          'INVALID_FIELD',
          `convertCurrency: transactions[${i}] has no currency; give options.defaultCurrency for rows without one`,
          i + 1,
          'currency',
        ),
      );
    }
    let entry = byRawCurrency.get(raw);
    if (entry === undefined) {
      const currency = normalizeCurrency(raw);
      entry = table.get(currency);
      if (entry === undefined) {
        entry = emptyEntry(currency, currency === to);
        table.set(currency, entry);
      }
      if (!used.includes(entry)) used.push(entry);
      byRawCurrency.set(raw, entry);
    }
    let rate = 1;
    if (!entry.identity) {
      const day = Math.floor(t.date.getTime() / MS_PER_DAY);
      const days = entry.days;
      let lo = 0;
      let hi = days.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (days[mid]! <= day) lo = mid + 1;
        else hi = mid;
      }
      rate = lo > 0 ? entry.rates[lo - 1]! : entry.undated;
      if (Number.isNaN(rate)) {
        entry.missingRateRows++;
        const issue = missingRateIssue(entry, to, day, i);
        if (onMissingRate === 'throw') throw new ClvError(issue);
        rejected.push({ ...issue, index: i, row: i + 1, transaction: t });
        continue;
      }
    }
    const converted = t.amount * rate;
    entry.rows++;
    addTo(entry.sums, 0, t.amount);
    addTo(entry.sums, 1, converted);
    addTo(total, 0, converted);
    output.push(
      t.currency === to && converted === t.amount ? t : { ...t, amount: converted, currency: to },
    );
  }

  used.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  const currencies: CurrencyConversionTotals[] = used.map((entry) => ({
    currency: entry.currency,
    rows: entry.rows,
    amount: sumOf(entry.sums, 0),
    convertedAmount: sumOf(entry.sums, 1),
    missingRateRows: entry.missingRateRows,
  }));
  return {
    transactions: output,
    rejected,
    report: {
      step: 'convertCurrency',
      rowsIn: n,
      rowsOut: output.length,
      to,
      rejectedRows: rejected.length,
      convertedTotal: sumOf(total, 0),
      currencies,
    },
  };
}
