import { ClvError, issueOf } from '../errors/index.js';
import type { Transaction, TransactionColumns } from './types.js';

const OPTIONAL_TEXT = ['orderId', 'channel', 'market', 'currency'] as const;

// `new Array(n)` makes a slow dictionary-mode array in V8 for large n; push keeps it packed.
function filledWithUndefined(n: number): undefined[] {
  const out: undefined[] = [];
  for (let i = 0; i < n; i++) out.push(undefined);
  return out;
}

/**
 * Turns transaction objects into {@link TransactionColumns} (dates as epoch milliseconds).
 * Optional columns are present only when at least one transaction has the field. O(n).
 *
 * @example
 * ```ts
 * import { toTransactionColumns } from 'clvkit';
 * const columns = toTransactionColumns([{ customerId: 'a', date: new Date('2024-01-01'), amount: 5 }]);
 * columns.date[0]; // 1704067200000
 * ```
 */
export function toTransactionColumns(transactions: readonly Transaction[]): TransactionColumns {
  const n = transactions.length;
  const customerId: string[] = [];
  const date = new Float64Array(n);
  const amount = new Float64Array(n);
  const text: Record<(typeof OPTIONAL_TEXT)[number], (string | undefined)[] | undefined> = {
    orderId: undefined,
    channel: undefined,
    market: undefined,
    currency: undefined,
  };
  let quantity: (number | undefined)[] | undefined;
  for (let i = 0; i < n; i++) {
    const t = transactions[i]!;
    customerId.push(t.customerId);
    date[i] = t.date.getTime();
    amount[i] = t.amount;
    for (const field of OPTIONAL_TEXT) {
      const v = t[field];
      if (v === undefined) continue;
      text[field] ??= filledWithUndefined(n);
      text[field][i] = v;
    }
    if (t.quantity !== undefined) {
      quantity ??= filledWithUndefined(n);
      quantity[i] = t.quantity;
    }
  }
  const columns: { -readonly [K in keyof TransactionColumns]: TransactionColumns[K] } = {
    customerId,
    date,
    amount,
  };
  for (const field of OPTIONAL_TEXT) if (text[field] !== undefined) columns[field] = text[field];
  if (quantity !== undefined) columns.quantity = quantity;
  return columns;
}

/**
 * Turns {@link TransactionColumns} back into transaction objects. O(n).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when the columns have different lengths.
 * @example
 * ```ts
 * import { fromTransactionColumns } from 'clvkit';
 * fromTransactionColumns({ customerId: ['a'], date: [Date.UTC(2024, 0, 1)], amount: [5] })[0]?.amount; // 5
 * ```
 */
export function fromTransactionColumns(columns: TransactionColumns): Transaction[] {
  const n = transactionColumnsLength(columns);
  const out: Transaction[] = [];
  for (let i = 0; i < n; i++) {
    const t: { -readonly [K in keyof Transaction]: Transaction[K] } = {
      customerId: columns.customerId[i]!,
      date: new Date(columns.date[i]!),
      amount: columns.amount[i]!,
    };
    for (const field of OPTIONAL_TEXT) {
      const v = columns[field]?.[i];
      if (v !== undefined) t[field] = v;
    }
    const q = columns.quantity?.[i];
    if (q !== undefined) t.quantity = q;
    out.push(t);
  }
  return out;
}

/** Checks that every column has the same length and returns it. @internal */
export function transactionColumnsLength(columns: TransactionColumns): number {
  if (columns === null || typeof columns !== 'object' || !Array.isArray(columns.customerId)) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        'Expected transaction columns { customerId, date, amount, ... }',
        undefined,
        'columns',
      ),
    );
  }
  const n = columns.customerId.length;
  for (const field of ['date', 'amount', ...OPTIONAL_TEXT, 'quantity'] as const) {
    const column = columns[field];
    if (column === undefined) {
      if (field === 'date' || field === 'amount') {
        throw new ClvError(
          issueOf('MISSING_COLUMN', `Transaction columns lack ${field}`, undefined, field),
        );
      }
      continue;
    }
    if (column.length !== n) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `Column ${field} has ${column.length} entries but customerId has ${n}`,
          undefined,
          field,
        ),
      );
    }
  }
  return n;
}

/** True when `input` looks like {@link TransactionColumns} rather than an array of transactions. @internal */
export function isTransactionColumns(input: unknown): input is TransactionColumns {
  return (
    input !== null && typeof input === 'object' && !Array.isArray(input) && 'customerId' in input
  );
}
