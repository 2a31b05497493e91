import { ClvError, type ClvErrorCode, displayValue, issueOf } from '../errors/index.js';
import type { Transaction } from '../transactions/types.js';

/**
 * Fields every cleaning step reports, so that a pipeline can print one line per step.
 *
 * `rowsIn` counts the transactions received, `rowsOut` those returned (rows set aside for
 * review, such as `convertCurrency`'s `rejected`, are in neither `rowsOut` nor the output).
 */
export interface CleaningReport {
  /** Name of the step: the function that produced the report. */
  readonly step: string;
  /** Transactions received. */
  readonly rowsIn: number;
  /** Transactions returned. */
  readonly rowsOut: number;
}

function rowError(
  step: string,
  index: number,
  code: ClvErrorCode,
  field: string,
  value: unknown,
  reason: string,
): ClvError {
  return new ClvError(
    issueOf(
      code,
      `${step}: transactions[${index}].${field} ${displayValue(value)} ${reason}`,
      index + 1,
      field,
      value,
    ),
  );
}

/**
 * Checks once, at the boundary, that `transactions` is an array of well-formed transactions:
 * a non-empty string `customerId`, a valid `Date`, a finite `amount`, string-or-absent text
 * fields and a finite-or-absent `quantity`. Issues carry the 1-based `row` (index + 1). O(n).
 * @internal
 */
export function checkTransactions(
  transactions: unknown,
  step: string,
): asserts transactions is readonly Transaction[] {
  if (!Array.isArray(transactions)) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `${step}: transactions must be an array of Transaction objects, got ${displayValue(transactions)}`,
        undefined,
        'transactions',
        transactions,
      ),
    );
  }
  for (let i = 0; i < transactions.length; i++) {
    const t: unknown = transactions[i];
    if (t === null || typeof t !== 'object') {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `${step}: transactions[${i}] is not a Transaction object`,
          i + 1,
          undefined,
          t,
        ),
      );
    }
    const row = t as Transaction;
    const id: unknown = row.customerId;
    if (typeof id !== 'string' || id.length === 0) {
      throw rowError(step, i, 'INVALID_ID', 'customerId', id, 'must be a non-empty string');
    }
    const date: unknown = row.date;
    if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
      throw rowError(step, i, 'INVALID_DATE', 'date', date, 'must be a valid Date');
    }
    const amount: unknown = row.amount;
    if (typeof amount !== 'number' || !Number.isFinite(amount)) {
      throw rowError(step, i, 'INVALID_AMOUNT', 'amount', amount, 'must be a finite number');
    }
    if (row.orderId !== undefined && typeof row.orderId !== 'string') {
      throw rowError(step, i, 'INVALID_FIELD', 'orderId', row.orderId, 'must be a string');
    }
    if (row.channel !== undefined && typeof row.channel !== 'string') {
      throw rowError(step, i, 'INVALID_FIELD', 'channel', row.channel, 'must be a string');
    }
    if (row.market !== undefined && typeof row.market !== 'string') {
      throw rowError(step, i, 'INVALID_FIELD', 'market', row.market, 'must be a string');
    }
    if (row.currency !== undefined && typeof row.currency !== 'string') {
      throw rowError(step, i, 'INVALID_FIELD', 'currency', row.currency, 'must be a string');
    }
    const quantity: unknown = row.quantity;
    if (quantity !== undefined && (typeof quantity !== 'number' || !Number.isFinite(quantity))) {
      throw rowError(step, i, 'INVALID_QUANTITY', 'quantity', quantity, 'must be a finite number');
    }
  }
}

/** Checks that `options` is undefined or an object. @internal */
export function checkOptionsObject(options: unknown, step: string): void {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new ClvError(
      issueOf(
        'INVALID_OPTION',
        `${step}: options must be an object, got ${displayValue(options)}`,
        undefined,
        'options',
        options,
      ),
    );
  }
}

export { addTo, createSums, sumOf } from '../math/compensated-sum.js';
