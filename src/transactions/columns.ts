import { ClvError, type ClvIssue, displayValue, invalidOption, issueOf } from '../errors/index.js';
import { TRANSACTION_FIELDS, type TransactionField } from './types.js';

/** Column names for each transaction field; omitted fields use {@link DEFAULT_COLUMN_CANDIDATES}. */
export type ColumnMapping = Partial<Record<TransactionField, string>>;

/**
 * Column names tried, in order, for each field when no mapping is given. Matching ignores case,
 * spaces, underscores and hyphens, so `customer_id`, `CustomerID` and `Customer Id` all match
 * `customerId`.
 */
export const DEFAULT_COLUMN_CANDIDATES: Readonly<Record<TransactionField, readonly string[]>> =
  Object.freeze({
    customerId: Object.freeze(['customer_id', 'customer', 'client_id', 'user_id', 'id']),
    date: Object.freeze([
      'date',
      'timestamp',
      'datetime',
      'order_date',
      'transaction_date',
      'purchase_date',
      'invoice_date',
      'time',
    ]),
    amount: Object.freeze([
      'amount',
      'revenue',
      'sales',
      'value',
      'total',
      'spend',
      'monetary_value',
    ]),
    orderId: Object.freeze(['order_id', 'order', 'invoice', 'invoice_no', 'transaction_id']),
    channel: Object.freeze(['channel', 'source']),
    market: Object.freeze(['market', 'country', 'region']),
    currency: Object.freeze(['currency', 'currency_code']),
    quantity: Object.freeze(['quantity', 'qty', 'units']),
  });

const REQUIRED: readonly TransactionField[] = ['customerId', 'date', 'amount'];

function normalise(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '');
}

/** The input column chosen for each field (undefined: the field is absent). */
export type ResolvedColumns = Readonly<Record<TransactionField, string | undefined>>;

/**
 * Chooses the input column for each transaction field from the available column names.
 * Throws `MISSING_COLUMN` naming every required field that has no column. @internal
 */
export function resolveColumns(
  available: readonly string[],
  mapping: ColumnMapping | undefined,
): ResolvedColumns {
  if (mapping !== undefined && (typeof mapping !== 'object' || mapping === null)) {
    invalidOption(
      'columns',
      mapping,
      'must be an object mapping transaction fields to column names',
    );
  }
  for (const key of Object.keys(mapping ?? {})) {
    if (!(TRANSACTION_FIELDS as readonly string[]).includes(key)) {
      invalidOption(
        `columns.${key}`,
        key,
        `is not a transaction field (${TRANSACTION_FIELDS.join(', ')})`,
      );
    }
  }
  const byNormalised = new Map<string, string>();
  for (const name of available) {
    const key = normalise(name);
    if (!byNormalised.has(key)) byNormalised.set(key, name);
  }
  const exact = new Set(available);
  const resolved: Record<string, string | undefined> = Object.create(null);
  const missing: ClvIssue[] = [];
  for (const field of TRANSACTION_FIELDS) {
    const wanted = mapping?.[field];
    if (wanted !== undefined) {
      if (typeof wanted !== 'string' || wanted === '') {
        invalidOption(`columns.${field}`, wanted, 'must be a non-empty column name');
      }
      if (exact.has(wanted)) {
        resolved[field] = wanted;
        continue;
      }
      missing.push(
        issueOf(
          'MISSING_COLUMN',
          `Column ${displayValue(wanted)} (mapped to ${field}) is not in the input; columns are ${available.map((c) => displayValue(c)).join(', ') || 'none'}`,
          undefined,
          field,
          wanted,
        ),
      );
      continue;
    }
    let found: string | undefined = exact.has(field) ? field : undefined;
    for (const candidate of [field, ...DEFAULT_COLUMN_CANDIDATES[field]]) {
      if (found !== undefined) break;
      found = byNormalised.get(normalise(candidate));
    }
    resolved[field] = found;
    if (found === undefined && REQUIRED.includes(field)) {
      missing.push(
        issueOf(
          'MISSING_COLUMN',
          `No column for ${field}: tried ${[...new Set([field, ...DEFAULT_COLUMN_CANDIDATES[field]])].join(', ')} (case-insensitive); columns are ${available.map((c) => displayValue(c)).join(', ') || 'none'}. Pass options.columns.${field} to name it.`,
          undefined,
          field,
        ),
      );
    }
  }
  if (missing.length > 0) {
    const first = missing[0]!;
    const message =
      missing.length === 1
        ? first.message
        : `${missing.length} missing columns: ${missing.map((m) => m.message).join(' | ')}`;
    throw new ClvError({ ...first, message }, missing);
  }
  return resolved as ResolvedColumns;
}
