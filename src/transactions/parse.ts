import Papa from 'papaparse';
import { ClvError, type ClvIssue, invalidOption, issueOf } from '../errors/index.js';
import { TransactionColumnBuilder } from './column-builder.js';
import { type ColumnMapping, type ResolvedColumns, resolveColumns } from './columns.js';
import type { Transaction, TransactionColumns } from './types.js';
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
  /**
   * `'objects'` (default): `transactions`, one object per row. `'columns'`: `columns`, a
   * {@link TransactionColumns} table (dates as epoch milliseconds, ids interned), several times
   * lighter for millions of rows and accepted by `summarizeTransactions`.
   */
  readonly output?: 'objects' | 'columns';
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

/** Result of {@link parseTransactions} with `output: 'columns'`. */
export interface ParseTransactionColumnsResult {
  /** Valid transactions in input order, as columns. */
  readonly columns: TransactionColumns;
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
  readonly output: 'objects' | 'columns';
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
  const output = o.output ?? 'objects';
  if (output !== 'objects' && output !== 'columns')
    invalidOption('output', output, "must be 'objects' or 'columns'");
  return {
    onInvalid,
    dateFormat,
    decimalSeparator,
    columns: o.columns,
    delimiter: o.delimiter,
    output,
  };
}

/** The parsed values of one row, reused from row to row. @internal */
export interface RowValues {
  customerId: string;
  /** Epoch milliseconds. */
  time: number;
  amount: number;
  orderId: string | undefined;
  channel: string | undefined;
  market: string | undefined;
  currency: string | undefined;
  quantity: number | undefined;
}

/** A fresh {@link RowValues}. @internal */
export function createRowValues(): RowValues {
  return {
    customerId: '',
    time: 0,
    amount: 0,
    orderId: undefined,
    channel: undefined,
    market: undefined,
    currency: undefined,
    quantity: undefined,
  };
}

/** The transaction object of parsed row values (absent fields left out). @internal */
export function transactionOf(v: RowValues): Transaction {
  const tx: {
    customerId: string;
    date: Date;
    amount: number;
    orderId?: string;
    channel?: string;
    market?: string;
    currency?: string;
    quantity?: number;
  } = { customerId: v.customerId, date: new Date(v.time), amount: v.amount };
  if (v.orderId !== undefined) tx.orderId = v.orderId;
  if (v.channel !== undefined) tx.channel = v.channel;
  if (v.market !== undefined) tx.market = v.market;
  if (v.currency !== undefined) tx.currency = v.currency;
  if (v.quantity !== undefined) tx.quantity = v.quantity;
  return tx;
}

/** Reads one raw record into `out`; returns the issues of a bad row, else undefined. @internal */
export type RecordReader<R> = (record: R, row: number, out: RowValues) => ClvIssue[] | undefined;

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
  const text = (
    record: R,
    col: K | undefined,
    row: number,
    field: string,
    issues: { list: ClvIssue[] | undefined },
  ) => {
    if (col === undefined) return undefined;
    const v = parseTextValue(get(record, col), row, field);
    if (v.ok) return v.value;
    issues.list = withIssue(issues.list, v.issue);
    return undefined;
  };
  const found: { list: ClvIssue[] | undefined } = { list: undefined };
  return (record, row, out) => {
    found.list = undefined;
    const id = parseIdValue(get(record, idCol), row, 'customerId');
    if (id.ok) out.customerId = id.value;
    else found.list = withIssue(found.list, id.issue);
    const date = parseDateValue(get(record, dateCol), row, options);
    if (date.ok) out.time = date.value;
    else found.list = withIssue(found.list, date.issue);
    const amount = parseAmountValue(get(record, amountCol), row, options);
    if (amount.ok) out.amount = amount.value;
    else found.list = withIssue(found.list, amount.issue);
    out.orderId = text(record, orderCol, row, 'orderId', found);
    out.channel = text(record, channelCol, row, 'channel', found);
    out.market = text(record, marketCol, row, 'market', found);
    const currency = text(record, currencyCol, row, 'currency', found);
    out.currency = currency === undefined ? undefined : currency.toUpperCase();
    out.quantity = undefined;
    if (qtyCol !== undefined) {
      const v = parseQuantityValue(get(record, qtyCol), row, options);
      if (!v.ok) found.list = withIssue(found.list, v.issue);
      else out.quantity = v.value;
    }
    return found.list;
  };
}

/**
 * Incremental reader of CSV records (arrays of fields after a header row). Shared by
 * {@link parseTransactions} and the streaming file reader in `clvkit/node`. @internal
 */
export class CsvRecordSink {
  private readonly options: ResolvedParseOptions;
  private reader: RecordReader<string[]> | undefined;
  private lineReader: RecordReader<string> | undefined;
  private lineDelimiter = ',';
  // Field bounds of the current line (pushLine), reused from line to line.
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  private width = 0;
  /** Data rows seen so far. */
  rowsRead = 0;
  transactions: Transaction[] = [];
  rejected: RejectedRow[] = [];
  /** Set with `output: 'columns'`: valid rows go here instead of `transactions`. */
  readonly builder: TransactionColumnBuilder | undefined;
  private readonly values = createRowValues();

  constructor(options: ResolvedParseOptions) {
    this.options = options;
    if (options.output === 'columns') this.builder = new TransactionColumnBuilder();
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
      this.starts = new Int32Array(header.length);
      this.ends = new Int32Array(header.length);
      this.lineReader = makeReader<string, number>(
        columns,
        this.options,
        (column) => index.get(column)!,
        (line, i) => line.slice(this.starts[i]!, this.ends[i]!),
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
    const issues = this.reader(fields, row, this.values);
    if (issues !== undefined) this.reject(row, fields, issues);
    else if (this.builder !== undefined) this.builder.add(this.values);
    else this.transactions.push(transactionOf(this.values));
  }

  /**
   * Feeds one line of CSV text that contains no quote character, split on a one-character
   * `delimiter`: the same as `push(line.split(delimiter))`, without building the array. The
   * caller guarantees the absence of quotes (with quotes, fields must go through the CSV parser).
   */
  pushLine(line: string, delimiter: string): void {
    if (this.reader === undefined || delimiter !== this.lineDelimiter) {
      this.lineDelimiter = delimiter;
      if (this.reader === undefined) {
        this.push(line.split(delimiter));
        return;
      }
    }
    const width = this.width;
    const { starts, ends } = this;
    let count = 0;
    let from = 0;
    for (;;) {
      const at = line.indexOf(delimiter, from);
      const end = at === -1 ? line.length : at;
      if (count < width) {
        starts[count] = from;
        ends[count] = end;
      }
      count++;
      if (at === -1) break;
      from = at + 1;
    }
    if (count !== width) {
      this.push(line.split(delimiter)); // blank line or wrong width: the array path reports it
      return;
    }
    const row = ++this.rowsRead;
    const issues = this.lineReader!(line, row, this.values);
    if (issues !== undefined) this.reject(row, line.split(delimiter), issues);
    else if (this.builder !== undefined) this.builder.add(this.values);
    else this.transactions.push(transactionOf(this.values));
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

function parseCsvText(
  text: string,
  options: ResolvedParseOptions,
): ParseTransactionsResult | ParseTransactionColumnsResult {
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
  return sink.builder === undefined
    ? { transactions: sink.transactions, rejected: sink.rejected, rowsRead: sink.rowsRead }
    : { columns: sink.builder.build(), rejected: sink.rejected, rowsRead: sink.rowsRead };
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
  options: ParseTransactionsOptions & { readonly output: 'columns' },
): ParseTransactionColumnsResult;
export function parseTransactions(
  rows: string | readonly Readonly<Record<string, unknown>>[],
  options?: ParseTransactionsOptions & { readonly output?: 'objects' },
): ParseTransactionsResult;
export function parseTransactions(
  rows: string | readonly Readonly<Record<string, unknown>>[],
  options?: ParseTransactionsOptions,
): ParseTransactionsResult | ParseTransactionColumnsResult;
export function parseTransactions(
  rows: string | readonly Readonly<Record<string, unknown>>[],
  options?: ParseTransactionsOptions,
): ParseTransactionsResult | ParseTransactionColumnsResult {
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
  const builder = resolved.output === 'columns' ? new TransactionColumnBuilder() : undefined;
  const done = () =>
    builder === undefined
      ? { transactions, rejected, rowsRead: rows.length }
      : { columns: builder.build(), rejected, rowsRead: rows.length };
  if (rows.length === 0) return done();
  const keys = new Set<string>();
  // Columns are resolved from the keys of every row, so an optional field that first appears
  // late in the input is still read.
  for (let i = 0; i < rows.length; i++) {
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
  const values = createRowValues();
  for (let i = 0; i < rows.length; i++) {
    const row = i + 1;
    const record = rows[i];
    const issues =
      record === null || typeof record !== 'object' || Array.isArray(record)
        ? [issueOf('INVALID_ARGUMENT', `Row ${row}: is not an object`, row, undefined, record)]
        : read(record, row, values);
    if (issues === undefined) {
      if (builder !== undefined) builder.add(values);
      else transactions.push(transactionOf(values));
      continue;
    }
    const first = issues[0]!;
    if (resolved.onInvalid === 'throw') throw new ClvError(first, issues);
    rejected.push({ ...first, row, issues, record });
  }
  return done();
}
