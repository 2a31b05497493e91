import { ClvError, invalidOption, issueOf } from '../errors/index.js';
import {
  PARSE_TRANSACTIONS_DEFAULTS,
  type ParseTransactionsOptions,
  type ResolvedParseOptions,
  resolveParseOptions,
} from '../transactions/parse.js';

/** Text encodings a CSV file may be read in (Node.js names; `'utf8'` is the default). */
export type CsvEncoding =
  | 'utf8'
  | 'utf-8'
  | 'utf16le'
  | 'utf-16le'
  | 'ucs2'
  | 'ucs-2'
  | 'latin1'
  | 'binary'
  | 'ascii';

const ENCODINGS: readonly string[] = [
  'utf8',
  'utf-8',
  'utf16le',
  'utf-16le',
  'ucs2',
  'ucs-2',
  'latin1',
  'binary',
  'ascii',
] satisfies CsvEncoding[];

/**
 * Options of {@link readTransactionsCsv}: every {@link ParseTransactionsOptions} option plus how
 * the file is read. Defaults in {@link READ_TRANSACTIONS_CSV_DEFAULTS}.
 */
export interface ReadTransactionsCsvOptions extends ParseTransactionsOptions {
  /** Text encoding of the file; `'utf8'` by default. A leading byte order mark (U+FEFF) is skipped. */
  readonly encoding?: CsvEncoding;
  /**
   * Called after each chunk of the file has been parsed and validated, with the bytes read so far
   * and the file's size in bytes (the last call has `bytesRead === totalBytes`).
   */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Defaults of {@link ReadTransactionsCsvOptions}. */
export const READ_TRANSACTIONS_CSV_DEFAULTS = Object.freeze({
  ...PARSE_TRANSACTIONS_DEFAULTS,
  encoding: 'utf8',
} as const);

/** Options of {@link streamTransactionsCsv}; defaults in {@link STREAM_TRANSACTIONS_CSV_DEFAULTS}. */
export interface StreamTransactionsCsvOptions extends ReadTransactionsCsvOptions {
  /** Data rows (valid plus rejected) per batch; every batch but the last has exactly this many. Default 100 000. */
  readonly batchSize?: number;
}

/** Defaults of {@link StreamTransactionsCsvOptions}. */
export const STREAM_TRANSACTIONS_CSV_DEFAULTS = Object.freeze({
  ...READ_TRANSACTIONS_CSV_DEFAULTS,
  batchSize: 100_000,
} as const);

/** Checked, defaulted file-reading options. @internal */
export interface ResolvedReadOptions {
  readonly parse: ResolvedParseOptions;
  readonly encoding: CsvEncoding;
  readonly onProgress: ((bytesRead: number, totalBytes: number) => void) | undefined;
}

/** Validates the path argument once at the boundary. @internal */
export function checkPath(path: unknown, caller: string): asserts path is string {
  if (typeof path !== 'string' || path === '') {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `${caller} expects a file path (a non-empty string)`,
        undefined,
        'path',
        path,
      ),
    );
  }
}

/** Validates and defaults {@link ReadTransactionsCsvOptions}. @internal */
export function resolveReadOptions(
  options: ReadTransactionsCsvOptions | undefined,
): ResolvedReadOptions {
  const parse = resolveParseOptions(options);
  const o = options ?? {};
  const encoding = o.encoding ?? READ_TRANSACTIONS_CSV_DEFAULTS.encoding;
  if (!ENCODINGS.includes(encoding)) {
    invalidOption('encoding', encoding, `must be one of ${ENCODINGS.join(', ')}`);
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    invalidOption('onProgress', o.onProgress, 'must be a function (bytesRead, totalBytes) => void');
  }
  return { parse, encoding, onProgress: o.onProgress };
}

/** Validates `batchSize`. @internal */
export function resolveBatchSize(options: StreamTransactionsCsvOptions | undefined): number {
  const batchSize = options?.batchSize ?? STREAM_TRANSACTIONS_CSV_DEFAULTS.batchSize;
  if (typeof batchSize !== 'number' || !Number.isSafeInteger(batchSize) || batchSize < 1) {
    invalidOption('batchSize', batchSize, 'must be a positive integer');
  }
  return batchSize;
}
