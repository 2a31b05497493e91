import { type ChunkSizes, readCsvFile, type TransactionBatch } from './csv-file.js';
import {
  checkPath,
  resolveBatchSize,
  resolveReadOptions,
  type StreamTransactionsCsvOptions,
} from './options.js';

/** {@link streamTransactionsCsv} with the chunk sizes as a parameter (for tests). @internal */
export function streamTransactionsCsvWith(
  path: string,
  options: StreamTransactionsCsvOptions | undefined,
  sizes: ChunkSizes | undefined,
): AsyncIterable<TransactionBatch> {
  checkPath(path, 'streamTransactionsCsv');
  const resolved = resolveReadOptions(options);
  const batchRows = resolveBatchSize(options);
  return {
    async *[Symbol.asyncIterator]() {
      const ready: TransactionBatch[] = [];
      let finished = false;
      let failure: { error: unknown } | undefined;
      let wake: (() => void) | undefined;
      const notify = (): void => {
        const resolve = wake;
        wake = undefined;
        resolve?.();
      };
      const run = readCsvFile(
        path,
        resolved,
        {
          batchRows,
          onBatch: (batch) => {
            if (batch.rowsRead === 0) return; // the empty remainder of a file of whole batches
            ready.push(batch);
            // Backpressure: stop reading until the consumer has taken the batches.
            run.pause();
            notify();
          },
        },
        sizes,
      );
      run.done.then(
        () => {
          finished = true;
          notify();
        },
        (error: unknown) => {
          failure = { error };
          notify();
        },
      );
      try {
        for (;;) {
          const batch = ready.shift();
          if (batch !== undefined) {
            if (ready.length === 0 && !finished) run.resume();
            yield batch;
            continue;
          }
          if (failure !== undefined) throw failure.error;
          if (finished) return;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      } finally {
        // The consumer stopped early (break, throw) or the file is done: release the file.
        if (!finished && failure === undefined) {
          run.cancel();
          await run.done.catch(() => undefined);
        }
      }
    },
  };
}

/**
 * Reads a CSV transaction log in batches, for files larger than memory: an async iterable of
 * `{ transactions, rejected, rowsRead }`, each batch `batchSize` data rows (the last one fewer).
 * Reading pauses while a finished batch waits for the consumer, so memory holds the batch being
 * consumed, the next one and a few 256 KiB chunks of text, whatever the file's size. O(n) time.
 *
 * Rows are validated exactly as by `parseTransactions` and `readTransactionsCsv`: concatenating
 * the batches gives the same `transactions` and `rejected`, and the `rowsRead` of the batches add
 * up to the same total. With `onInvalid: 'throw'` (default) the iteration throws the first bad
 * row's {@link clvkit!ClvError} after yielding the batches before it. The file is closed when the
 * iteration ends, throws, or is left early (`break`); an iterator abandoned half-way keeps it open.
 *
 * @param path - Path of the CSV file (first row: header).
 * @param options - {@link StreamTransactionsCsvOptions}: parse options, `encoding`, `onProgress`, `batchSize`.
 * @returns An async iterable of batches; the file is opened when iteration starts.
 * @throws {ClvError} `INVALID_OPTION` or `INVALID_ARGUMENT` at once for bad options or path;
 *   during iteration `INVALID_ARGUMENT` naming the path when the file cannot be read, and the
 *   errors of {@link readTransactionsCsv}.
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { createSummarizer } from 'clvkit';
 * import { streamTransactionsCsv } from 'clvkit/node';
 * writeFileSync('log.csv', 'customer_id,date,amount\na,2024-01-01,10\na,2024-01-15,30\nb,2024-01-20,5\n');
 * const summarizer = createSummarizer({ unit: 'week', observationEnd: new Date('2024-01-29') });
 * for await (const batch of streamTransactionsCsv('log.csv', { batchSize: 2 })) {
 *   summarizer.add(batch.transactions); // batches of 2 rows, then 1
 * }
 * summarizer.result().ids; // ['a', 'b']
 * ```
 */
export function streamTransactionsCsv(
  path: string,
  options?: StreamTransactionsCsvOptions,
): AsyncIterable<TransactionBatch> {
  return streamTransactionsCsvWith(path, options, undefined);
}
