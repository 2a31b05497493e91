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
