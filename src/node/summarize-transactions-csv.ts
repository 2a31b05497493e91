import { ClvError, invalidOption, issueOf } from '../errors/index.js';
import { createSummarizer, type SummarizeOptions } from '../summary/summarize.js';
import type { CustomerSummary } from '../summary/types.js';
import type { RejectedRow } from '../transactions/parse.js';
import { readCsvFile, type TransactionBatch } from './csv-file.js';
import { checkPath, type ReadTransactionsCsvOptions, resolveReadOptions } from './options.js';

/** Options of {@link summarizeTransactionsCsv}: how to read the file, and how to summarise it. */
export interface SummarizeTransactionsCsvOptions extends ReadTransactionsCsvOptions {
  /** Summary options (`unit` and `observationEnd` are required), as for `summarizeTransactions`. */
  readonly summary: SummarizeOptions;
}

/** Result of {@link summarizeTransactionsCsv}. */
export interface SummarizeTransactionsCsvResult {
  /** The per-customer summary of the valid rows. */
  readonly summary: CustomerSummary;
  /** Rejected rows (always empty with `onInvalid: 'throw'`). */
  readonly rejected: RejectedRow[];
  /** Data rows read (valid plus rejected). */
  readonly rowsRead: number;
}

/** Batches fed to the summariser: large enough to amortise, small enough to stay in the nursery. */
const SUMMARY_BATCH_ROWS = 10_000;

/** Data row of the `k`-th (0-based) transaction of a batch, skipping the batch's rejected rows. */
function rowOfTransaction(batch: TransactionBatch, rowsBefore: number, k: number): number {
  let row = rowsBefore + k + 1;
  for (const rejected of batch.rejected) {
    if (rejected.row <= row) row++;
    else break;
  }
  return row;
}

/**
 * Reads a CSV transaction log and summarises it per customer without keeping the transactions:
 * rows stream from the file straight into a summariser (`createSummarizer` from `clvkit`), so
 * memory is about 24 bytes per transaction instead of the parsed log. O(n + c log c) for n rows
 * and c customers. The summary equals `summarizeTransactions(readTransactionsCsv(...))`.
 *
 * Refunds (negative amounts) cannot be netted in one pass: read the file with
 * {@link readTransactionsCsv}, apply `netRefunds`, then `summarizeTransactions`.
 *
 * @param path - Path of the CSV file (first row: header).
 * @param options - {@link SummarizeTransactionsCsvOptions}: parse and read options plus `summary`.
 * @returns A promise of `{ summary, rejected, rowsRead }`.
 * @throws {ClvError} (as a rejected promise) the errors of {@link readTransactionsCsv} and of
 *   `summarizeTransactions` (`INVALID_OPTION` for the summary options), and `NEGATIVE_AMOUNT`
 *   with the 1-based `row` of the first negative amount.
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { summarizeTransactionsCsv } from 'clvkit/node';
 * writeFileSync('log.csv', 'customer_id,date,amount\na,2024-01-01,10\na,2024-01-15,30\nb,2024-01-20,5\n');
 * const { summary, rowsRead } = await summarizeTransactionsCsv('log.csv', {
 *   summary: { unit: 'week', observationEnd: new Date('2024-01-29') },
 * });
 * summary.ids; // ['a', 'b']
 * summary.frequency; // Float64Array [1, 0]
 * rowsRead; // 3
 * ```
 */
export async function summarizeTransactionsCsv(
  path: string,
  options: SummarizeTransactionsCsvOptions,
): Promise<SummarizeTransactionsCsvResult> {
  checkPath(path, 'summarizeTransactionsCsv');
  if (options === null || typeof options !== 'object') {
    invalidOption('options', options, 'is required: { summary: { unit, observationEnd } }');
  }
  const summarizer = createSummarizer(options.summary);
  // Columns: no per-row objects or Dates on the way into the summariser.
  const resolved = resolveReadOptions({ ...options, output: 'columns' });
  const rejected: RejectedRow[] = [];
  let rowsRead = 0;
  await readCsvFile(path, resolved, {
    batchRows: SUMMARY_BATCH_ROWS,
    onBatch: (batch, rowsBefore) => {
      const columns = batch.columns!;
      const amounts = columns.amount;
      for (let k = 0; k < amounts.length; k++) {
        const amount = amounts[k]!;
        if (amount < 0) {
          const row = rowOfTransaction(batch, rowsBefore, k);
          throw new ClvError(
            issueOf(
              'NEGATIVE_AMOUNT',
              `Row ${row}: amount ${amount} is negative; summarizeTransactionsCsv cannot net refunds: read the file with readTransactionsCsv, apply netRefunds, then summarizeTransactions`,
              row,
              'amount',
              amount,
            ),
          );
        }
      }
      summarizer.add(columns);
      for (const row of batch.rejected) rejected.push(row);
      rowsRead += batch.rowsRead;
    },
  }).done;
  return { summary: summarizer.result(), rejected, rowsRead };
}
