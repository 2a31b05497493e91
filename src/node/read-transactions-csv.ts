import type {
  ParseTransactionColumnsResult,
  ParseTransactionsResult,
  RejectedRow,
} from '../transactions/parse.js';
import type { Transaction, TransactionColumns } from '../transactions/types.js';
import { type ChunkSizes, readCsvFile } from './csv-file.js';
import { checkPath, type ReadTransactionsCsvOptions, resolveReadOptions } from './options.js';

/**
 * Reads and validates a CSV transaction log from a file, streaming it in chunks instead of
 * loading the text at once. O(n) time; memory is the result plus a few chunks of text (4 MiB,
 * then 256 KiB).
 *
 * The result is exactly what `parseTransactions` (from `clvkit`) gives for the file's text:
 * the same columns, validation, row numbers, `onInvalid` behaviour, byte order mark and CRLF
 * handling, and quoted fields (with delimiters or newlines inside) — the same CSV parser (Papa
 * Parse) and row validator are used.
 *
 * @param path - Path of the CSV file (first row: header).
 * @param options - {@link ReadTransactionsCsvOptions}: the parse options plus `encoding` and `onProgress`.
 * With `output: 'columns'` the valid rows come back as `columns` ({@link TransactionColumns}:
 * dates as epoch milliseconds, customer ids interned), which needs several times less memory
 * and time for millions of rows and goes straight into `summarizeTransactions`.
 *
 * @returns A promise of `{ transactions, rejected, rowsRead }` (or `{ columns, rejected, rowsRead }`).
 * @throws {ClvError} (as a rejected promise) `INVALID_ARGUMENT` naming the path when the file
 *   cannot be read (missing, a directory, no permission; the system error is the `cause`);
 *   `INVALID_OPTION` for bad options; `MISSING_COLUMN`, `EMPTY_INPUT`; and with
 *   `onInvalid: 'throw'` (default) the first bad row's `INVALID_DATE`, `INVALID_AMOUNT`,
 *   `CSV_PARSE`, ... with its 1-based `row`, as `parseTransactions` throws.
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { readTransactionsCsv } from 'clvkit/node';
 * writeFileSync('log.csv', 'customer_id,date,amount\nc1,2024-01-05,19.90\nc1,2024-02-30,5\n');
 * const { transactions, rejected, rowsRead } = await readTransactionsCsv('log.csv', {
 *   onInvalid: 'collect',
 * });
 * transactions.length; // 1
 * rejected[0]?.row; // 2 (February has no 30th)
 * rowsRead; // 2
 * ```
 */
export function readTransactionsCsv(
  path: string,
  options: ReadTransactionsCsvOptions & { readonly output: 'columns' },
): Promise<ParseTransactionColumnsResult>;
export function readTransactionsCsv(
  path: string,
  options?: ReadTransactionsCsvOptions & { readonly output?: 'objects' },
): Promise<ParseTransactionsResult>;
export function readTransactionsCsv(
  path: string,
  options?: ReadTransactionsCsvOptions,
): Promise<ParseTransactionsResult | ParseTransactionColumnsResult>;
export function readTransactionsCsv(
  path: string,
  options?: ReadTransactionsCsvOptions,
): Promise<ParseTransactionsResult | ParseTransactionColumnsResult> {
  return readTransactionsCsvWith(path, options, undefined);
}

/** {@link readTransactionsCsv} with the chunk sizes as a parameter (for tests). @internal */
export async function readTransactionsCsvWith(
  path: string,
  options: ReadTransactionsCsvOptions | undefined,
  sizes: ChunkSizes | undefined,
): Promise<ParseTransactionsResult | ParseTransactionColumnsResult> {
  checkPath(path, 'readTransactionsCsv');
  const resolved = resolveReadOptions(options);
  let transactions: Transaction[] = [];
  let columns: TransactionColumns | undefined;
  let rejected: RejectedRow[] = [];
  let rowsRead = 0;
  await readCsvFile(
    path,
    resolved,
    {
      batchRows: Number.POSITIVE_INFINITY,
      onBatch: (batch) => {
        transactions = batch.transactions;
        columns = batch.columns;
        rejected = batch.rejected;
        rowsRead = batch.rowsRead;
      },
    },
    sizes,
  ).done;
  return columns === undefined
    ? { transactions, rejected, rowsRead }
    : { columns, rejected, rowsRead };
}
