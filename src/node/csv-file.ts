import { Buffer } from 'node:buffer';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import { ClvError, issueOf } from '../errors/index.js';
import { CsvRecordSink, papaConfig, type RejectedRow } from '../transactions/parse.js';
import type { Transaction, TransactionColumns } from '../transactions/types.js';
import type { CsvEncoding, ResolvedReadOptions } from './options.js';

/**
 * Bytes of the first chunk. Papa Parse guesses the line ending (and the delimiter) from the first
 * megabyte of its first chunk; 4 MiB hold at least 1.3 million UTF-16 code units in any encoding,
 * so the guess sees the same text as `parseTransactions` on the whole file.
 */
export const FIRST_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Bytes of every later chunk. Small enough that a chunk's records (about 6 000 rows) die young in
 * V8's nursery: with 4 MiB chunks, garbage collection took twice as long.
 */
export const CHUNK_BYTES = 256 * 1024;

/** Characters of text on which the delimiter and line break are guessed (as Papa Parse does). */
const DETECT_CHARS = 1024 * 1024;

/**
 * True when `text` holds more than the 10 rows on which Papa Parse guesses the delimiter, has no
 * lone CR and does not end inside a possible CRLF: enough to guess as on the whole text.
 */
function enoughLines(text: string): boolean {
  // A lone CR (old Mac line breaks, or stray CRs in fields) makes the guess depend on more text.
  if (text.endsWith('\r') || /\r(?!\n)/.test(text)) return false;
  let breaks = 0;
  for (let at = text.search(/[\r\n]/); at !== -1 && breaks < 24; breaks++) {
    const next = text.slice(at + 1).search(/[\r\n]/);
    at = next === -1 ? -1 : at + 1 + next;
  }
  return breaks >= 24;
}

/** A run of consecutive data rows: the valid transactions and the rejected rows among them. */
export interface TransactionBatch {
  /** Valid transactions in file order. */
  readonly transactions: Transaction[];
  /** Rejected rows in file order (always empty with `onInvalid: 'throw'`). */
  readonly rejected: RejectedRow[];
  /** Data rows in this batch (valid plus rejected; blank lines are not rows). */
  readonly rowsRead: number;
  /** With `output: 'columns'`: the valid transactions as columns (`transactions` is then empty). */
  readonly columns?: TransactionColumns;
}

/** What to do with the parsed rows. @internal */
export interface CsvFileHandlers {
  /** Data rows per batch; `Infinity` for a single batch at the end. */
  readonly batchRows: number;
  /**
   * Receives each full batch while the file is parsed, then the remainder (possibly empty) once
   * the file has been read. May throw to stop reading: the run rejects with that error.
   */
  readonly onBatch: (batch: TransactionBatch, rowsBefore: number) => void;
}

/** A started read of a CSV file. @internal */
export interface CsvFileRun {
  /** Settles after the last batch was delivered and the file closed; rejects on the first error. */
  readonly done: Promise<void>;
  /** Stops reading from the file (rows already read are still delivered). */
  pause(): void;
  /** Resumes reading after {@link CsvFileRun.pause}. */
  resume(): void;
  /** Stops reading for good and closes the file; `done` then resolves. */
  cancel(): void;
}

/** A file-system failure, reported as a {@link ClvError} naming the path, with the cause kept. */
function fileError(path: string, cause: unknown): ClvError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const error = new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `Cannot read CSV file ${JSON.stringify(path)}: ${reason}`,
      undefined,
      'path',
      path,
    ),
  );
  Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true });
  return error;
}

/**
 * Turns Papa Parse chunks into sink records exactly as `parseTransactions` turns the records of
 * the whole text: syntax errors by record index, the header at index 0 and a final `['']`
 * record (left by a trailing newline) dropped.
 */
class RecordFeeder {
  private readonly sink: CsvRecordSink;
  private readonly handlers: CsvFileHandlers;
  /** Index of the next record in the whole file (0 is the header). */
  private index = 0;
  /** The last record seen: held back until it is known whether it is the file's last one. */
  private pending: string[] | undefined;
  private pendingError: string | undefined;
  /** Records in the most recent chunk; 0 for the final chunk means the text ended with a newline. */
  private lastChunkRecords = 0;
  private batchStart = 0;
  private nextCut: number;

  constructor(sink: CsvRecordSink, handlers: CsvFileHandlers) {
    this.sink = sink;
    this.handlers = handlers;
    this.nextCut = handlers.batchRows;
  }

  feed(data: string[][], errors: readonly Papa.ParseError[]): void {
    let syntax: Map<number, string> | undefined;
    for (const error of errors) {
      if (error.type === 'Delimiter') continue; // as parseTransactions: a one-column file
      // Errors of a partial last row, re-parsed with the next chunk, have row === data.length
      // and are never looked up.
      if (error.row !== undefined) {
        syntax ??= new Map();
        syntax.set(error.row, error.message);
      }
    }
    for (let i = 0; i < data.length; i++) {
      if (this.pending !== undefined) this.emit(this.pending, this.pendingError, false);
      this.pending = data[i];
      this.pendingError = syntax?.get(i);
    }
    this.lastChunkRecords = data.length;
  }

  /** Feeds one quote-free line (see `CsvRecordSink.pushLine`), cutting batches as `emit` does. */
  pushLine(line: string, delimiter: string): void {
    const sink = this.sink;
    this.index++;
    sink.pushLine(line, delimiter);
    if (sink.rowsRead >= this.nextCut) this.cut();
  }

  finish(): void {
    // Papa Parse emits no record for the empty text after a final newline, where parsing the
    // whole text gives a last [''] record that parseTransactions drops; so the held-back record
    // is the last one only when the final chunk had records.
    if (this.pending !== undefined) {
      this.emit(this.pending, this.pendingError, this.lastChunkRecords > 0);
      this.pending = undefined;
    }
    this.sink.finish();
    this.cut();
  }

  private emit(fields: string[], syntaxMessage: string | undefined, isLast: boolean): void {
    const sink = this.sink;
    const i = this.index++;
    if (syntaxMessage !== undefined && i > 0) {
      sink.rowsRead++;
      sink.syntaxError(sink.rowsRead, syntaxMessage);
    } else if (isLast && fields.length === 1 && fields[0] === '') {
      return;
    } else {
      sink.push(fields);
    }
    if (sink.rowsRead >= this.nextCut) this.cut();
  }

  private cut(): void {
    const sink = this.sink;
    const columns = sink.builder?.build();
    const batch: TransactionBatch = {
      transactions: sink.transactions,
      rejected: sink.rejected,
      rowsRead: sink.rowsRead - this.batchStart,
      ...(columns === undefined ? {} : { columns }),
    };
    const rowsBefore = this.batchStart;
    sink.transactions = [];
    sink.rejected = [];
    this.batchStart = sink.rowsRead;
    this.nextCut = sink.rowsRead + this.handlers.batchRows;
    this.handlers.onBatch(batch, rowsBefore);
  }
}

/** Decoded text of a file, `firstBytes` then `chunkBytes` at a time; counts the bytes read. */
async function* fileText(
  handle: FileHandle,
  encoding: CsvEncoding,
  firstBytes: number,
  chunkBytes: number,
  progress: { bytesRead: number },
): AsyncGenerator<string> {
  const decoder = new StringDecoder(encoding);
  const buffer = Buffer.allocUnsafe(Math.max(firstBytes, chunkBytes));
  let length = firstBytes;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, length, null);
    if (bytesRead === 0) break;
    progress.bytesRead += bytesRead;
    const text = decoder.write(buffer.subarray(0, bytesRead));
    if (text !== '') yield text;
    length = chunkBytes;
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

/** Chunk sizes of a read; tests use small ones to put chunk boundaries everywhere. @internal */
export interface ChunkSizes {
  readonly firstBytes: number;
  readonly chunkBytes: number;
}

/**
 * Streams a CSV file through Papa Parse and the same {@link CsvRecordSink} as `parseTransactions`,
 * a chunk at a time. Memory: one chunk of text and its records, plus what `handlers` keep.
 * @internal
 */
export function readCsvFile(
  path: string,
  options: ResolvedReadOptions,
  handlers: CsvFileHandlers,
  sizes: ChunkSizes = { firstBytes: FIRST_CHUNK_BYTES, chunkBytes: CHUNK_BYTES },
): CsvFileRun {
  let text: Readable | undefined;
  let paused = false;
  let cancelled = false;

  let resumed: (() => void) | undefined;

  /** Papa Parse over `chunks` (the rest of the file), as in the first version of this reader. */
  const parseWithPapa = (
    chunks: AsyncIterable<string>,
    feeder: RecordFeeder,
    config: Papa.ParseConfig,
    progress: { bytesRead: number },
    totalBytes: number,
  ): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      // highWaterMark 1: read at most one chunk ahead of the parser.
      const source = Readable.from(chunks, { objectMode: true, highWaterMark: 1 });
      text = source;
      if (paused) source.pause();
      const onProgress = options.onProgress;
      let settled = false;
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        source.destroy();
        reject(error);
      };
      // cancel() destroys the source: Papa Parse then never calls `complete`.
      source.once('close', () => {
        if (cancelled && !settled) {
          settled = true;
          resolve();
        }
      });
      Papa.parse<string[]>(source, {
        ...config,
        chunk: (results, parser) => {
          if (settled) return;
          try {
            feeder.feed(results.data, results.errors);
            onProgress?.(progress.bytesRead, totalBytes);
          } catch (error) {
            fail(error);
            parser.abort();
          }
        },
        complete: () => {
          if (settled) return;
          try {
            feeder.finish();
          } catch (error) {
            fail(error);
            return;
          }
          settled = true;
          resolve();
        },
        error: (error) => fail(fileError(path, error)),
      });
    });

  /**
   * Reads the file. While the text holds no quote character, lines are split on the line break
   * and the one-character delimiter that Papa Parse detects on the first chunk (for quote-free
   * text that is exactly what a CSV parser does, and Papa Parse itself switches to plain
   * splitting then), without building an array per row. From the first chunk with a quote on,
   * the rest of the file goes through Papa Parse.
   */
  const parseFile = async (handle: FileHandle, totalBytes: number): Promise<void> => {
    const progress = { bytesRead: 0 };
    const source = fileText(handle, options.encoding, sizes.firstBytes, sizes.chunkBytes, progress);
    const feeder = new RecordFeeder(new CsvRecordSink(options.parse), handlers);
    const config = papaConfig(options.parse);
    let carry = '';
    let delimiter: string | undefined;
    let lineBreak: string | undefined;
    let first = true;
    let detected = false;
    // The delimiter and line break are guessed as Papa Parse guesses them on the whole text: on
    // up to the first 1 MiB (the 4 MiB first chunk in practice; all of a small file).
    const detect = (sample: string): void => {
      detected = true;
      const meta = Papa.parse<string[]>(sample, { ...config, preview: 10 }).meta;
      if (meta.delimiter.length === 1) delimiter = meta.delimiter;
      lineBreak = meta.linebreak;
    };
    for (;;) {
      while (paused && !cancelled) await new Promise<void>((resolve) => (resumed = resolve));
      if (cancelled) return;
      const next = await source.next();
      if (next.done) break;
      let chunk = next.value;
      if (first) {
        first = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      if (!detected) {
        carry += chunk;
        if (carry.length < DETECT_CHARS && !enoughLines(carry)) {
          options.onProgress?.(progress.bytesRead, totalBytes);
          continue;
        }
        detect(carry);
        chunk = carry;
        carry = '';
      }
      const textNow = carry + chunk;
      if (delimiter === undefined || lineBreak === undefined || textNow.includes('"')) {
        // Hand the rest over to Papa Parse, with the same delimiter and line break.
        const rest = async function* () {
          yield textNow;
          for (;;) {
            const more = await source.next();
            if (more.done) return;
            yield more.value;
          }
        };
        const restConfig = {
          ...config,
          ...(delimiter === undefined ? {} : { delimiter }),
          ...(lineBreak === undefined ? {} : { newline: lineBreak as Papa.ParseConfig['newline'] }),
        };
        await parseWithPapa(rest(), feeder, restConfig, progress, totalBytes);
        return;
      }
      let from = 0;
      for (;;) {
        const at = textNow.indexOf(lineBreak, from);
        if (at === -1) break;
        feeder.pushLine(textNow.slice(from, at), delimiter);
        from = at + lineBreak.length;
      }
      carry = textNow.slice(from);
      options.onProgress?.(progress.bytesRead, totalBytes);
    }
    if (!detected && carry !== '') {
      detect(carry);
      if (delimiter === undefined || carry.includes('"')) {
        const whole = async function* () {
          yield carry;
        };
        const restConfig = { ...config, ...(delimiter === undefined ? {} : { delimiter }) };
        await parseWithPapa(whole(), feeder, restConfig, progress, totalBytes);
        return;
      }
      const text = carry;
      carry = '';
      let from = 0;
      for (;;) {
        const at = text.indexOf(lineBreak!, from);
        if (at === -1) break;
        feeder.pushLine(text.slice(from, at), delimiter);
        from = at + lineBreak!.length;
      }
      carry = text.slice(from);
    }
    if (carry !== '') feeder.pushLine(carry, delimiter!);
    feeder.finish();
  };

  const done = (async () => {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw fileError(path, error);
    }
    try {
      let totalBytes: number;
      try {
        const stats = await handle.stat();
        if (!stats.isFile()) throw new Error('not a regular file');
        totalBytes = stats.size;
      } catch (error) {
        throw fileError(path, error);
      }
      if (!cancelled) await parseFile(handle, totalBytes);
    } finally {
      await handle.close();
    }
  })();

  return {
    done,
    pause() {
      paused = true;
      text?.pause();
    },
    resume() {
      paused = false;
      text?.resume();
      resumed?.();
      resumed = undefined;
    },
    cancel() {
      cancelled = true;
      text?.destroy();
      resumed?.();
      resumed = undefined;
    },
  };
}
