import { ClvError, displayValue, invalidOption, issueOf } from '../errors/index.js';
import { isTimeUnit, type TimeUnit } from '../time/index.js';
import {
  type CustomerSummary,
  SUMMARY_COLUMNS,
  type SummaryColumn,
  type SummaryMode,
} from './types.js';

/** Input of {@link summaryFromColumns}: ids plus numeric columns of equal length. */
export interface SummaryColumnsInput {
  readonly ids: readonly (string | number)[];
  readonly frequency: ArrayLike<number>;
  readonly recency: ArrayLike<number>;
  readonly T: ArrayLike<number>;
  readonly monetaryValue?: ArrayLike<number>;
  readonly frequencyHoldout?: ArrayLike<number>;
  readonly monetaryHoldout?: ArrayLike<number>;
  readonly durationHoldout?: ArrayLike<number>;
  readonly orders?: ArrayLike<number>;
  readonly totalSpend?: ArrayLike<number>;
  /** Epoch milliseconds. */
  readonly firstPurchase?: ArrayLike<number>;
  /** Epoch milliseconds. */
  readonly lastPurchase?: ArrayLike<number>;
  /** Time unit of recency, T and durations. Required. */
  readonly unit: TimeUnit;
  readonly mode?: SummaryMode;
  readonly observationEnd?: Date;
  readonly calibrationEnd?: Date;
}

function column(
  name: SummaryColumn,
  values: ArrayLike<number> | undefined,
  n: number,
  required: boolean,
): Float64Array | undefined {
  if (values === undefined) {
    if (required) {
      throw new ClvError(issueOf('MISSING_COLUMN', `Column ${name} is required`, undefined, name));
    }
    return undefined;
  }
  if (typeof values !== 'object' || values === null || typeof values.length !== 'number') {
    invalidOption(name, values, 'must be an array or typed array of numbers');
  }
  if (values.length !== n) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `Column ${name} has ${values.length} values but ids has ${n}`,
        undefined,
        name,
        values.length,
      ),
    );
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `Row ${i + 1}: ${name} ${displayValue(v)} is not a finite number`,
          i + 1,
          name,
          v,
        ),
      );
    }
    out[i] = v;
  }
  return out;
}

const NON_NEGATIVE: readonly SummaryColumn[] = [
  'monetaryValue',
  'orders',
  'totalSpend',
  'frequencyHoldout',
  'monetaryHoldout',
  'durationHoldout',
];
const WHOLE: readonly SummaryColumn[] = ['orders', 'frequencyHoldout'];

function rowError(row: number, field: string, value: number, reason: string): never {
  throw new ClvError(
    issueOf('INVALID_ARGUMENT', `Row ${row}: ${field} ${value} ${reason}`, row, field, value),
  );
}

/**
 * Builds a {@link CustomerSummary} from precomputed columns (for example a published summary
 * such as CDNOW's x, t_x, T), validating them: equal lengths, finite numbers, integer
 * frequency ≥ 0, 0 ≤ recency ≤ T (recency 0 when frequency is 0), spend, orders and holdout
 * columns ≥ 0 (orders and holdout frequency whole), unique ids. Rows keep the given order.
 * O(n).
 *
 * @throws {ClvError} `MISSING_COLUMN`, `INVALID_OPTION` (unit), `INVALID_ARGUMENT` (row and
 *   column named) or `INVALID_ID` (empty or duplicate id).
 * @example
 * ```ts
 * import { summaryFromColumns } from 'clvkit';
 * const summary = summaryFromColumns({
 *   ids: ['1', '2'],
 *   frequency: [2, 0],
 *   recency: [30.43, 0],
 *   T: [38.86, 38.86],
 *   unit: 'week',
 * });
 * summary.monetaryValue; // Float64Array [0, 0] (absent columns of spend are zero)
 * ```
 */
export function summaryFromColumns(input: SummaryColumnsInput): CustomerSummary {
  if (input === null || typeof input !== 'object')
    invalidOption('input', input, 'must be an object of columns');
  if (!isTimeUnit(input.unit)) {
    invalidOption(
      'unit',
      input.unit,
      "must be one of 'hour', 'day', 'week', 'month', 'quarter', 'year'",
    );
  }
  const mode = input.mode ?? 'elapsed';
  if (mode !== 'elapsed' && mode !== 'calendar')
    invalidOption('mode', mode, "must be 'elapsed' or 'calendar'");
  for (const key of ['observationEnd', 'calibrationEnd'] as const) {
    const d = input[key];
    if (d !== undefined && (!(d instanceof Date) || Number.isNaN(d.getTime())))
      invalidOption(key, d, 'must be a valid Date');
  }
  if (!Array.isArray(input.ids))
    invalidOption('ids', input.ids, 'must be an array of customer ids');
  const n = input.ids.length;
  const ids: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const raw = input.ids[i];
    const id = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
    if (typeof id !== 'string' || id === '') {
      throw new ClvError(
        issueOf(
          'INVALID_ID',
          `Row ${i + 1}: id ${displayValue(raw)} is not a non-empty string`,
          i + 1,
          'ids',
          raw,
        ),
      );
    }
    if (seen.has(id)) {
      throw new ClvError(
        issueOf(
          'INVALID_ID',
          `Row ${i + 1}: id ${displayValue(id)} appears twice`,
          i + 1,
          'ids',
          id,
        ),
      );
    }
    seen.add(id);
    ids.push(id);
  }
  const cols = {} as Record<SummaryColumn, Float64Array | undefined>;
  for (const name of SUMMARY_COLUMNS) {
    cols[name] = column(
      name,
      input[name],
      n,
      name === 'frequency' || name === 'recency' || name === 'T',
    );
  }
  const frequency = cols.frequency!;
  const recency = cols.recency!;
  const T = cols.T!;
  for (let i = 0; i < n; i++) {
    const x = frequency[i]!;
    if (x < 0 || !Number.isInteger(x))
      rowError(i + 1, 'frequency', x, 'must be a whole number ≥ 0');
    if (recency[i]! < 0) rowError(i + 1, 'recency', recency[i]!, 'must be ≥ 0');
    if (recency[i]! > T[i]!) rowError(i + 1, 'recency', recency[i]!, `must not exceed T (${T[i]})`);
    if (x === 0 && recency[i]! !== 0) {
      rowError(i + 1, 'recency', recency[i]!, 'must be 0 when frequency is 0 (no repeat purchase)');
    }
    for (const name of NON_NEGATIVE) {
      const column = cols[name];
      if (column !== undefined && column[i]! < 0) rowError(i + 1, name, column[i]!, 'must be ≥ 0');
    }
    for (const name of WHOLE) {
      const column = cols[name];
      if (column !== undefined && !Number.isInteger(column[i]!)) {
        rowError(i + 1, name, column[i]!, 'must be a whole number');
      }
    }
  }
  return Object.freeze({
    kind: 'customer-summary',
    unit: input.unit,
    mode,
    observationEnd:
      input.observationEnd === undefined ? undefined : new Date(input.observationEnd.getTime()),
    calibrationEnd:
      input.calibrationEnd === undefined ? undefined : new Date(input.calibrationEnd.getTime()),
    ids: Object.freeze(ids),
    frequency,
    recency,
    T,
    monetaryValue: cols.monetaryValue ?? new Float64Array(n),
    firstPurchase: cols.firstPurchase,
    lastPurchase: cols.lastPurchase,
    orders: cols.orders,
    totalSpend: cols.totalSpend,
    frequencyHoldout: cols.frequencyHoldout,
    monetaryHoldout: cols.monetaryHoldout,
    durationHoldout: cols.durationHoldout,
    report: undefined,
  } satisfies CustomerSummary);
}

/** One customer of a {@link CustomerSummary} as a plain object (see {@link toRows}). */
export interface SummaryRow {
  readonly customerId: string;
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
  readonly monetaryValue: number;
  readonly firstPurchase?: Date;
  readonly lastPurchase?: Date;
  readonly orders?: number;
  readonly totalSpend?: number;
  readonly frequencyHoldout?: number;
  readonly monetaryHoldout?: number;
  readonly durationHoldout?: number;
}

/** Options of {@link fromRows}: the summary's metadata, which rows do not carry. */
export interface FromRowsOptions {
  readonly unit: TimeUnit;
  readonly mode?: SummaryMode;
  readonly observationEnd?: Date;
  readonly calibrationEnd?: Date;
}

const DATE_COLUMNS = new Set<SummaryColumn>(['firstPurchase', 'lastPurchase']);

/**
 * Turns a columnar summary into one plain object per customer (dates as `Date`), for tables,
 * CSV export or inspection. Columns absent from the summary are absent from the rows. O(n).
 *
 * @example
 * ```ts
 * import { summarizeTransactions, toRows } from 'clvkit';
 * const summary = summarizeTransactions(
 *   [{ customerId: 'a', date: new Date('2024-01-01'), amount: 10 }],
 *   { unit: 'day', observationEnd: new Date('2024-01-31') },
 * );
 * toRows(summary)[0]; // { customerId: 'a', frequency: 0, recency: 0, T: 30, monetaryValue: 0, firstPurchase: 2024-01-01T00:00:00.000Z, ... }
 * ```
 */
export function toRows(summary: CustomerSummary): SummaryRow[] {
  const present = SUMMARY_COLUMNS.filter((name) => summary[name] !== undefined);
  const rows: SummaryRow[] = [];
  for (let i = 0; i < summary.ids.length; i++) {
    const row: Record<string, unknown> = { customerId: summary.ids[i] };
    for (const name of present) {
      const v = summary[name]![i]!;
      row[name] = DATE_COLUMNS.has(name) ? new Date(v) : v;
    }
    rows.push(row as unknown as SummaryRow);
  }
  return rows;
}

/**
 * Builds a columnar summary from per-customer rows (the inverse of {@link toRows}); validated as
 * in {@link summaryFromColumns}. `toRows` → `fromRows` is an exact round trip. O(n).
 *
 * @throws {ClvError} as {@link summaryFromColumns}.
 * @example
 * ```ts
 * import { fromRows } from 'clvkit';
 * const summary = fromRows([{ customerId: 'a', frequency: 1, recency: 2, T: 4, monetaryValue: 30 }], { unit: 'week' });
 * summary.T[0]; // 4
 * ```
 */
export function fromRows(rows: readonly SummaryRow[], options: FromRowsOptions): CustomerSummary {
  if (!Array.isArray(rows)) invalidOption('rows', rows, 'must be an array of summary rows');
  if (options === undefined || options === null)
    invalidOption('options', options, 'is required: { unit }');
  const n = rows.length;
  // A column is present when any row has it; a row without it is then an error, not a gap.
  const present = SUMMARY_COLUMNS.filter((name) => rows.some((row) => row?.[name] !== undefined));
  const columns: Partial<Record<SummaryColumn, Float64Array>> = {};
  for (const name of present) columns[name] = new Float64Array(n);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    ids.push(row.customerId);
    for (const name of present) {
      const v = row[name];
      const numeric = v instanceof Date ? v.getTime() : v;
      if (typeof numeric !== 'number') {
        throw new ClvError(
          issueOf(
            'INVALID_ARGUMENT',
            `Row ${i + 1}: ${name} ${displayValue(v)} is not a number`,
            i + 1,
            name,
            v,
          ),
        );
      }
      columns[name]![i] = numeric;
    }
  }
  return summaryFromColumns({
    ids,
    frequency: columns.frequency ?? [],
    recency: columns.recency ?? [],
    T: columns.T ?? [],
    ...columns,
    ...options,
  } as SummaryColumnsInput);
}
