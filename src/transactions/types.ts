/**
 * One purchase (or, with a negative amount, a refund) of one customer.
 *
 * `date` is an instant (UTC); `amount` is in `currency` when given, else in the log's single
 * currency. Text fields are trimmed; `currency` is upper-cased.
 */
export interface Transaction {
  readonly customerId: string;
  readonly date: Date;
  readonly amount: number;
  readonly orderId?: string;
  readonly channel?: string;
  readonly market?: string;
  readonly currency?: string;
  readonly quantity?: number;
}

/** Names of the fields of a {@link Transaction}. */
export type TransactionField = keyof Transaction;

/** The fields of a {@link Transaction} in canonical order. */
export const TRANSACTION_FIELDS: readonly TransactionField[] = Object.freeze([
  'customerId',
  'date',
  'amount',
  'orderId',
  'channel',
  'market',
  'currency',
  'quantity',
]);

/**
 * A transaction log as columns (one entry per transaction in every array): the compact form for
 * millions of rows. `date` holds epoch milliseconds (UTC). Optional columns may hold `undefined`
 * entries.
 */
export interface TransactionColumns {
  readonly customerId: readonly string[];
  /** Epoch milliseconds (UTC). */
  readonly date: Float64Array | readonly number[];
  readonly amount: Float64Array | readonly number[];
  readonly orderId?: readonly (string | undefined)[];
  readonly channel?: readonly (string | undefined)[];
  readonly market?: readonly (string | undefined)[];
  readonly currency?: readonly (string | undefined)[];
  readonly quantity?: Float64Array | readonly (number | undefined)[];
}
