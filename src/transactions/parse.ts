import Papa from 'papaparse';
import { ClvError, type ClvIssue, invalidOption, issueOf } from '../errors/index.js';
import { type ColumnMapping, type ResolvedColumns, resolveColumns } from './columns.js';
import type { Transaction } from './types.js';
import {
  type DateFormat,
  parseAmountValue,
  parseDateValue,
  parseIdValue,
  parseQuantityValue,
  parseTextValue,
  type ValueOptions,
} from './values.js';

/** Options of {@link parseTransactions}; defaults in {@link PARSE_TRANSACTIONS_DEFAULTS}. */
export interface ParseTransactionsOptions {
  /** Input column per transaction field; omitted fields are found by common names. */
  readonly columns?: ColumnMapping;
  /** `'throw'` (default): the first bad row throws a {@link ClvError}. `'collect'`: bad rows are returned in `rejected`. */
  readonly onInvalid?: 'throw' | 'collect';
  /** How dates are written; `'auto'` (default) accepts ISO 8601, `YYYYMMDD` and epoch seconds/milliseconds. */
  readonly dateFormat?: DateFormat;
  /** Decimal separator of amounts written as text: `'.'` (default) or `','`. */
  readonly decimalSeparator?: '.' | ',';
  /** CSV field delimiter; auto-detected when omitted. */
  readonly delimiter?: string;
}

/** Defaults of {@link ParseTransactionsOptions}. */
export const PARSE_TRANSACTIONS_DEFAULTS = Object.freeze({
  onInvalid: 'throw',
  dateFormat: 'auto',
  decimalSeparator: '.',
} as const);

/** A row that was not turned into a transaction: the first problem, all problems and the raw record. */
export interface RejectedRow extends ClvIssue {
  /** 1-based data row number (the first row after a CSV header is row 1). */
  readonly row: number;
  /** Every problem found in the row (the first is repeated in the top-level fields). */
  readonly issues: readonly ClvIssue[];
  /** The row as received: an object, or the CSV fields. */
  readonly record: unknown;
}

/** Result of {@link parseTransactions}. */
export interface ParseTransactionsResult {
  /** Valid transactions in input order. */
  readonly transactions: Transaction[];
  /** Rejected rows (always empty with `onInvalid: 'throw'`). */
  readonly rejected: RejectedRow[];
  /** Data rows read (valid + rejected). */
  readonly rowsRead: number;
}

/** Checked, defaulted options. @internal */
export interface ResolvedParseOptions extends ValueOptions {
  readonly onInvalid: 'throw' | 'collect';
  readonly columns: ColumnMapping | undefined;
  readonly delimiter: string | undefined;
}

/** Validates parse options once at the boundary. @internal */
export function resolveParseOptions(
  options: ParseTransactionsOptions | undefined,
): ResolvedParseOptions {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) invalidOption('options', o, 'must be an object');
  const onInvalid = o.onInvalid ?? PARSE_TRANSACTIONS_DEFAULTS.onInvalid;
  if (onInvalid !== 'throw' && onInvalid !== 'collect')
    invalidOption('onInvalid', onInvalid, "must be 'throw' or 'collect'");
  const dateFormat = o.dateFormat ?? PARSE_TRANSACTIONS_DEFAULTS.dateFormat;
  if (!['auto', 'iso', 'yyyymmdd', 'epoch-seconds', 'epoch-milliseconds'].includes(dateFormat)) {
    invalidOption(
      'dateFormat',
      dateFormat,
      "must be 'auto', 'iso', 'yyyymmdd', 'epoch-seconds' or 'epoch-milliseconds'",
    );
  }
  const decimalSeparator = o.decimalSeparator ?? PARSE_TRANSACTIONS_DEFAULTS.decimalSeparator;
  if (decimalSeparator !== '.' && decimalSeparator !== ',')
    invalidOption('decimalSeparator', decimalSeparator, "must be '.' or ','");
  if (o.delimiter !== undefined && (typeof o.delimiter !== 'string' || o.delimiter.length === 0)) {
    invalidOption('delimiter', o.delimiter, 'must be a non-empty string');
  }
  return { onInvalid, dateFormat, decimalSeparator, columns: o.columns, delimiter: o.delimiter };
}

/** Turns one raw record into a transaction or a list of issues. @internal */
export type RecordReader<R> = (record: R, row: number) => Transaction | ClvIssue[];

/** `issues` with `issue` appended; the list is only allocated for a bad row. */
function withIssue(issues: ClvIssue[] | undefined, issue: ClvIssue): ClvIssue[] {
  if (issues === undefined) return [issue];
  issues.push(issue);
  return issues;
}

/**
 * Builds the field-by-field reader for records read with `get(record, keyOf(column))`; each
 * column's key is looked up once, not per row. @internal
 */
function makeReader<R, K>(
  columns: ResolvedColumns,
  options: ValueOptions,
  keyOf: (column: string) => K,
  get: (record: R, key: K) => unknown,
): RecordReader<R> {
  const key = (column: string | undefined): K | undefined =>
    column === undefined ? undefined : keyOf(column);
  const idCol = key(columns.customerId) as K;
  const dateCol = key(columns.date) as K;
  const amountCol = key(columns.amount) as K;
  const orderCol = key(columns.orderId);
  const channelCol = key(columns.channel);
  const marketCol = key(columns.market);
  const currencyCol = key(columns.currency);
  const qtyCol = key(columns.quantity);
  return (record, row) => {
    let issues: ClvIssue[] | undefined;
    const id = parseIdValue(get(record, idCol), row, 'customerId');
    if (!id.ok) issues = withIssue(issues, id.issue);
    const date = parseDateValue(get(record, dateCol), row, options);
    if (!date.ok) issues = withIssue(issues, date.issue);
    const amount = parseAmountValue(get(record, amountCol), row, options);
    if (!amount.ok) issues = withIssue(issues, amount.issue);
    const tx: {
      customerId: string;
      date: Date;
      amount: number;
      orderId?: string;
      channel?: string;
      market?: string;
      currency?: string;
      quantity?: number;
    } = {
      customerId: id.ok ? id.value : '',
      date: new Date(date.ok ? date.value : 0),
      amount: amount.ok ? amount.value : 0,
    };
    if (orderCol !== undefined) {
      const v = parseTextValue(get(record, orderCol), row, 'orderId');
      if (!v.ok) issues = withIssue(issues, v.issue);
      else if (v.value !== undefined) tx.orderId = v.value;
    }
    if (channelCol !== undefined) {
      const v = parseTextValue(get(record, channelCol), row, 'channel');
      if (!v.ok) issues = withIssue(issues, v.issue);
      else if (v.value !== undefined) tx.channel = v.value;
    }
    if (marketCol !== undefined) {
      const v = parseTextValue(get(record, marketCol), row, 'market');
      if (!v.ok) issues = withIssue(issues, v.issue);
      else if (v.value !== undefined) tx.market = v.value;
    }
    if (currencyCol !== undefined) {
      const v = parseTextValue(get(record, currencyCol), row, 'currency');
      if (!v.ok) issues = withIssue(issues, v.issue);
      else if (v.value !== undefined) tx.currency = v.value.toUpperCase();
    }
    if (qtyCol !== undefined) {
      const v = parseQuantityValue(get(record, qtyCol), row, options);
      if (!v.ok) issues = withIssue(issues, v.issue);
      else if (v.value !== undefined) tx.quantity = v.value;
    }
    return issues ?? tx;
  };
}

/**
 * Incremental reader of CSV records (arrays of fields after a header row). Shared by
 * {@link parseTransactions} and the streaming file reader in `clvkit/node`. @internal
 */
export class CsvRecordSink {
  private readonly options: ResolvedParseOptions;
  private reader: RecordReader<string[]> | undefined;
  private width = 0;
  /** Data rows seen so far. */
  rowsRead = 0;
  transactions: Transaction[] = [];
  rejected: RejectedRow[] = [];

  constructor(options: ResolvedParseOptions) {
    this.options = options;
  }

  /** Feeds one CSV record; the first record is the header. */
  push(fields: string[]): void {
    if (this.reader === undefined) {
      const header = fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f).trim());
      const columns = resolveColumns(header, this.options.columns);
      const index = new Map<string, number>();
      header.forEach((name, i) => {
        if (!index.has(name)) index.set(name, i);
      });
      this.width = header.length;
      this.reader = makeReader<string[], number>(
        columns,
        this.options,
        (column) => index.get(column)!,
        (record, i) => record[i],
      );
      return;
    }
    const row = ++this.rowsRead;
    if (fields.length !== this.width) {
      if (fields.length === 1 && fields[0] === '') {
        this.rowsRead--; // blank line
        return;
      }
      this.reject(row, fields, [
        issueOf(
          'CSV_PARSE',
          `Row ${row}: has ${fields.length} fields but the header has ${this.width}`,
          row,
          undefined,
          fields.length,
        ),
      ]);
      return;
    }
    const result = this.reader(fields, row);
    if (Array.isArray(result)) this.reject(row, fields, result);
    else this.transactions.push(result);
  }

  /** Records a syntax error reported by the CSV parser. */
  syntaxError(row: number, message: string): void {
    this.reject(row, [], [issueOf('CSV_PARSE', `Row ${row}: malformed CSV: ${message}`, row)]);
  }

  /** Ends the input; throws when there was no header at all. */
  finish(): void {
    if (this.reader === undefined) {
      throw new ClvError(issueOf('EMPTY_INPUT', 'The CSV input is empty: no header row'));
    }
  }

  private reject(row: number, record: unknown, issues: ClvIssue[]): void {
    const first = issues[0]!;
    if (this.options.onInvalid === 'throw') throw new ClvError(first, issues);
    this.rejected.push({ ...first, row, issues, record });
  }
}

/** Papa Parse configuration shared by the string and streaming readers. @internal */
export function papaConfig(options: ResolvedParseOptions): Papa.ParseConfig {
  const config: Papa.ParseConfig = { header: false, skipEmptyLines: false, dynamicTyping: false };
  if (options.delimiter !== undefined) config.delimiter = options.delimiter;
  return config;
}

function parseCsvText(text: string, options: ResolvedParseOptions): ParseTransactionsResult {
  const sink = new CsvRecordSink(options);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parsed = Papa.parse<string[]>(body, papaConfig(options));
  const syntax = new Map<number, string>();
  for (const error of parsed.errors) {
    if (error.type === 'Delimiter') continue; // a one-column file: reported as a missing column instead
    if (error.row !== undefined) syntax.set(error.row, error.message);
  }
  const data = parsed.data;
  for (let i = 0; i < data.length; i++) {
    const message = syntax.get(i);
    if (message !== undefined && i > 0) {
      sink.rowsRead++;
      sink.syntaxError(sink.rowsRead, message);
      continue;
    }
    // A trailing newline leaves one empty record at the end.
    if (i === data.length - 1 && data[i]!.length === 1 && data[i]![0] === '') break;
    sink.push(data[i]!);
  }
  sink.finish();
  return { transactions: sink.transactions, rejected: sink.rejected, rowsRead: sink.rowsRead };
}

/**
 * Reads and validates a transaction log given as row objects or as CSV text. O(n).
 *
 * Columns are mapped onto transaction fields by `options.columns` or by common names
 * (`customer_id`, `date`, `amount`, `order_id`, `channel`, `market`/`country`, `currency`,
 * `quantity`; case, spaces and underscores ignored). Dates may be ISO 8601 dates or date-times
 * (UTC when no zone is given), `YYYYMMDD`, epoch seconds or milliseconds (|n| < 1e11 is read as
 * seconds), or `Date` objects. Amounts may be numbers or decimal strings.
 *
 * Customer ids are kept as strings, never as object keys, so ids such as `__proto__` are ordinary.
 *
 * @throws {ClvError} `MISSING_COLUMN` when a required column is absent (in both modes);
 *   with `onInvalid: 'throw'` (default) the first bad row's `INVALID_ID`, `INVALID_DATE`,
 *   `INVALID_AMOUNT`, ... with `row`, `field` and `value`.
 * @example
 * ```ts
 * import { parseTransactions } from 'clvkit';
 * const csv = 'customer_id,date,amount\nc1,2024-01-05,19.90\nc1,2024-02-30,5\nc2,20240107,42';
 * const { transactions, rejected } = parseTransactions(csv, { onInvalid: 'collect' });
 * transactions.length; // 2
 * rejected[0]?.code; // 'INVALID_DATE' (row 2: February has no 30th)
 * ```
 */
export function parseTransactions(
  rows: string | readonly Readonly<Record<string, unknown>>[],
  options?: ParseTransactionsOptions,
): ParseTransactionsResult {
  const resolved = resolveParseOptions(options);
  if (typeof rows === 'string') return parseCsvText(rows, resolved);
  if (!Array.isArray(rows)) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        'parseTransactions expects CSV text or an array of row objects',
        undefined,
        'rows',
      ),
    );
  }
  const transactions: Transaction[] = [];
  const rejected: RejectedRow[] = [];
  if (rows.length === 0) return { transactions, rejected, rowsRead: 0 };
  const keys = new Set<string>();
  // Columns are resolved from the keys of the first rows (up to 100), so sparse optional fields are found.
  for (let i = 0; i < Math.min(rows.length, 100); i++) {
    const r = rows[i];
    if (r !== null && typeof r === 'object') for (const k of Object.keys(r)) keys.add(k);
  }
  const columns = resolveColumns([...keys], resolved.columns);
  const read = makeReader<Readonly<Record<string, unknown>>, string>(
    columns,
    resolved,
    (column) => column,
    (record, column) => (Object.hasOwn(record, column) ? record[column] : undefined),
  );
  for (let i = 0; i < rows.length; i++) {
    const row = i + 1;
    const record = rows[i];
    let result: Transaction | ClvIssue[];
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      result = [
        issueOf('INVALID_ARGUMENT', `Row ${row}: is not an object`, row, undefined, record),
      ];
    } else {
      result = read(record, row);
    }
    if (!Array.isArray(result)) {
      transactions.push(result);
      continue;
    }
    const first = result[0]!;
    if (resolved.onInvalid === 'throw') throw new ClvError(first, result);
    rejected.push({ ...first, row, issues: result, record });
  }
  return { transactions, rejected, rowsRead: rows.length };
}
