/**
 * Stable machine-readable codes carried by every {@link ClvError}.
 *
 * - `MISSING_COLUMN`: a mapped input column is absent from the header or row.
 * - `INVALID_ID`: a customer id (or link id) is empty or not a string/number.
 * - `INVALID_DATE`: a date is unparseable, impossible (2023-02-30) or out of range.
 * - `INVALID_AMOUNT`: an amount is missing, NaN, infinite or not a decimal number.
 * - `INVALID_QUANTITY`: a quantity is not a finite number.
 * - `INVALID_FIELD`: an optional text field (order id, channel, market, currency) is malformed.
 * - `INVALID_OPTION`: an options object holds an unknown or out-of-range value.
 * - `INVALID_ARGUMENT`: a positional argument has the wrong shape.
 * - `NEGATIVE_AMOUNT`: a refund reached a step that needs refunds netted first.
 * - `MISSING_RATE`: a currency conversion found no rate for a currency and date.
 * - `CSV_PARSE`: the CSV text itself is malformed (unclosed quote, ...).
 * - `EMPTY_INPUT`: a step that needs data received none.
 * - `FIT_FAILED`: a model fit could not produce finite parameters (or the data cannot identify
 *   the model, e.g. BG/NBD with no repeat purchase at all).
 * - `INVALID_MODEL`: a serialised model (JSON) does not match any known fit schema.
 */
export type ClvErrorCode =
  | 'MISSING_COLUMN'
  | 'INVALID_ID'
  | 'INVALID_DATE'
  | 'INVALID_AMOUNT'
  | 'INVALID_QUANTITY'
  | 'INVALID_FIELD'
  | 'INVALID_OPTION'
  | 'INVALID_ARGUMENT'
  | 'NEGATIVE_AMOUNT'
  | 'MISSING_RATE'
  | 'CSV_PARSE'
  | 'EMPTY_INPUT'
  | 'FIT_FAILED'
  | 'INVALID_MODEL';

/**
 * One problem found in the input, as plain data (the shape of a rejected row and of a thrown
 * {@link ClvError}'s details).
 *
 * `row` is 1-based: the first data row is row 1 (for CSV text, the first row after the header).
 */
export interface ClvIssue {
  /** Stable code, see {@link ClvErrorCode}. */
  readonly code: ClvErrorCode;
  /** Human-readable reason, naming the field and value. */
  readonly message: string;
  /** 1-based data row number, when the issue belongs to a row. */
  readonly row?: number;
  /** The field (transaction field or option name) at fault. */
  readonly field?: string;
  /** The offending value as received (strings longer than 200 characters are truncated). */
  readonly value?: unknown;
}

/**
 * The one error type clvkit throws for bad input. It carries a stable `code`, and where they
 * apply the 1-based `row`, the `field` and the offending `value`.
 *
 * @example
 * ```ts
 * import { ClvError, parseTransactions } from 'clvkit';
 * try {
 *   parseTransactions([{ customer_id: 'a', date: '2023-02-30', amount: 10 }]);
 * } catch (error) {
 *   if (error instanceof ClvError) console.log(error.code, error.row, error.field); // INVALID_DATE 1 date
 * }
 * ```
 */
export class ClvError extends Error {
  override readonly name = 'ClvError';
  readonly code: ClvErrorCode;
  readonly row?: number;
  readonly field?: string;
  readonly value?: unknown;
  /** Further issues when several were found at once (e.g. several missing columns). */
  readonly issues: readonly ClvIssue[];

  constructor(issue: ClvIssue, issues?: readonly ClvIssue[]) {
    super(issue.message);
    this.code = issue.code;
    if (issue.row !== undefined) this.row = issue.row;
    if (issue.field !== undefined) this.field = issue.field;
    if (issue.value !== undefined) this.value = issue.value;
    this.issues = issues ?? [issue];
  }

  /** The error as a plain {@link ClvIssue}. */
  toIssue(): ClvIssue {
    return issueOf(this.code, this.message, this.row, this.field, this.value);
  }
}

/** Shortens a value for display in a message or issue. @internal */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
    return JSON.stringify(shown);
  }
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'bigint') return `${value}n`;
  // NaN and ±Infinity, which JSON would show as null.
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  } catch {
    return String(value);
  }
}

/** Builds a {@link ClvIssue}, truncating long string values. @internal */
export function issueOf(
  code: ClvErrorCode,
  message: string,
  row?: number,
  field?: string,
  value?: unknown,
): ClvIssue {
  const issue: { -readonly [K in keyof ClvIssue]: ClvIssue[K] } = { code, message };
  if (row !== undefined) issue.row = row;
  if (field !== undefined) issue.field = field;
  if (value !== undefined) {
    issue.value =
      typeof value === 'string' && value.length > 200 ? `${value.slice(0, 200)}…` : value;
  }
  return issue;
}

/** Throws a {@link ClvError} for an invalid option or argument. @internal */
export function invalidOption(field: string, value: unknown, reason: string): never {
  throw new ClvError(
    issueOf(
      'INVALID_OPTION',
      `Invalid option ${field} = ${displayValue(value)}: ${reason}`,
      undefined,
      field,
      value,
    ),
  );
}
