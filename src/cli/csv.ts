import { createWriteStream, type WriteStream } from 'node:fs';
import { CliOutputError } from './errors.js';

/** A plain decimal number as text: such a cell is data, never a formula, and is not escaped. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"):
 * = + - @, tab and carriage return, plus their full-width forms, which some spreadsheets
 * normalise to the ASCII ones.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * One CSV cell, safe to open in a spreadsheet: text starting with a formula character is
 * prefixed with a single quote (`=1+1` → `'=1+1`), except plain numbers (`-12.5` stays), and a
 * cell holding a comma, a quote or a line break is quoted with inner quotes doubled (RFC 4180).
 */
export function csvCell(value: string): string {
  let text = value;
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const POWERS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000', '000000000'];

/**
 * A number for a CSV cell, rounded to `decimals` places (0..9) without trailing zeros; integers
 * as integers. Non-finite values (which the pipeline never produces) are written empty. Built
 * from integer conversions, several times faster than `String(x)` or `toFixed` on fractions.
 */
export function csvNumber(value: number, decimals: number): string {
  if (Number.isInteger(value)) return String(value);
  if (!Number.isFinite(value)) return '';
  const scale = POWERS[decimals]!;
  const scaled = Math.round(Math.abs(value) * scale);
  // Beyond 2^53 the digits are no longer exact integers: keep the shortest representation.
  if (scaled > Number.MAX_SAFE_INTEGER) return String(value);
  const whole = Math.floor(scaled / scale);
  let fraction = scaled - whole * scale;
  const sign = value < 0 && scaled !== 0 ? '-' : '';
  if (fraction === 0) return `${sign}${whole}`;
  let digits = decimals;
  while (fraction % 10 === 0) {
    fraction /= 10;
    digits--;
  }
  const text = String(fraction);
  return `${sign}${whole}.${ZEROS[digits - text.length]}${text}`;
}

/**
 * A column of a CSV table: a header and the cell of row `i` (already a safe cell); `write`, when
 * given, writes the same cell as bytes (the fast path for millions of cells).
 */
export interface CsvColumn {
  readonly header: string;
  readonly cell: (i: number) => string;
  readonly write?: (i: number, out: CsvBytes) => void;
}

const CHUNK = 1 << 20;
/** Room kept free past a chunk: a row of numeric cells (≤ 27 bytes each) always fits. */
const SLACK = 1 << 16;
/** Longest number or instant cell (sign, 16 digits, point, 9 decimals; or an ISO instant). */
const CELL_MAX = 32;

/** True for the first characters {@link csvCell} escapes (`=`, `+`, `-`, `@`, tab, CR). */
function formulaStart(code: number): boolean {
  return code === 61 || code === 43 || code === 45 || code === 64 || code === 9 || code === 13;
}

/**
 * A byte buffer rows are written into: numbers and dates are written digit by digit (no
 * intermediate strings), ASCII text byte by byte, other text through Node's UTF-8 encoder (one
 * native call per cell costs more than the copy for short cells). Full chunks go to `flush`.
 */
export class CsvBytes {
  private buffer: Buffer = Buffer.allocUnsafe(CHUNK + SLACK);
  private pos = 0;
  /**
   * Buffers handed back by the sink, reused: a new buffer per chunk would grow Node's external
   * memory by a megabyte each time, and V8 answers that with a full GC every few dozen chunks.
   */
  private readonly spare: Buffer[] = [];

  /**
   * @param flush - Receives each full chunk (a view of the current buffer) and `release`, to be
   *   called once the chunk's bytes are no longer needed (the buffer is then reused).
   */
  constructor(private readonly flush: (chunk: Buffer, release: () => void) => void) {}

  /** Makes room for `bytes` more bytes, handing the full chunk to `flush` first. */
  ensure(bytes: number): void {
    if (this.pos + bytes <= this.buffer.length) return;
    this.end();
    if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes + CHUNK);
  }

  /** True when a chunk is full (the writer flushes between rows). */
  get full(): boolean {
    return this.pos >= CHUNK;
  }

  /** Hands what was written to `flush` and starts a new buffer. */
  end(): void {
    if (this.pos === 0) return;
    const full = this.buffer;
    this.flush(full.subarray(0, this.pos), () => {
      if (this.spare.length < 4) this.spare.push(full);
    });
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafe(CHUNK + SLACK);
    this.pos = 0;
  }

  byte(code: number): void {
    this.ensure(1);
    this.buffer[this.pos++] = code;
  }

  /** Bytes as they are (a pre-encoded cell). */
  bytes(value: Uint8Array): void {
    const length = value.length;
    this.ensure(length);
    const { buffer } = this;
    let pos = this.pos;
    for (let k = 0; k < length; k++) buffer[pos++] = value[k]!;
    this.pos = pos;
  }

  /** Text as UTF-8 (copied code unit by code unit while it is ASCII). */
  text(value: string): void {
    const length = value.length;
    this.ensure(length * 3);
    const { buffer } = this;
    const start = this.pos;
    for (let k = 0; k < length; k++) {
      const code = value.charCodeAt(k);
      if (code >= 128) {
        this.pos = start + buffer.write(value, start, 'utf8');
        return;
      }
      buffer[start + k] = code;
    }
    this.pos = start + length;
  }

  /**
   * `csvCell(value)` as UTF-8: plain ASCII text (no quote, comma or line break, no formula
   * character first) is copied as it is; anything else goes through {@link csvCell}.
   */
  cell(value: string): void {
    const length = value.length;
    this.ensure(length * 3 + 3);
    const { buffer } = this;
    const start = this.pos;
    if (length > 0 && !formulaStart(value.charCodeAt(0))) {
      let k = 0;
      for (; k < length; k++) {
        const code = value.charCodeAt(k);
        // Non-ASCII (full-width formula characters), '"', ',', CR, LF: the general path.
        if (code >= 128 || code === 34 || code === 44 || code === 13 || code === 10) break;
        buffer[start + k] = code;
      }
      if (k === length) {
        this.pos = start + length;
        return;
      }
    }
    this.text(csvCell(value));
  }

  /** A number rounded to `decimals` places, as {@link csvNumber} writes it. */
  number(value: number, decimals: number): void {
    const scale = POWERS[decimals]!;
    const scaled = Math.round(Math.abs(value) * scale);
    if (!(scaled <= Number.MAX_SAFE_INTEGER)) {
      // Non-finite or beyond 2^53: the general path (NaN fails the test above too).
      this.text(csvNumber(value, decimals));
      return;
    }
    if (this.pos + CELL_MAX > this.buffer.length) this.end();
    const { buffer } = this;
    let pos = this.pos;
    if (value < 0 && scaled !== 0) buffer[pos++] = 45;
    const whole = Math.floor(scaled / scale);
    let fraction = scaled - whole * scale;
    pos = whole < INT32 ? putInt(buffer, pos, whole) : putSafeInt(buffer, pos, whole);
    if (fraction !== 0) {
      // fraction < scale ≤ 10^9: int32 arithmetic.
      let places = decimals;
      while (fraction % 10 === 0) {
        fraction = (fraction / 10) | 0;
        places--;
      }
      buffer[pos++] = 46;
      for (let k = pos + places - 1; k >= pos; k--) {
        const q = (fraction / 10) | 0;
        buffer[k] = 48 + fraction - q * 10;
        fraction = q;
      }
      pos += places;
    }
    this.pos = pos;
  }

  /** An instant as ISO 8601 UTC, as {@link csvInstant} (and `Date#toISOString`) writes it. */
  instant(ms: number): void {
    if (!Number.isFinite(ms)) return;
    const day = Math.floor(ms / MS_PER_DAY);
    // Civil date of a day count: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"
    // (civil_from_days: eras of 400 years = 146097 days, years starting on 1 March).
    const z = day + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe =
      ((doe - ((doe / 1460) | 0) + ((doe / 36_524) | 0) - ((doe / 146_096) | 0)) / 365) | 0;
    const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
    const mp = ((5 * doy + 2) / 153) | 0;
    const dayOfMonth = doy - (((153 * mp + 2) / 5) | 0) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999 || !Number.isInteger(ms)) {
      // toISOString's expanded years (±YYYYYY), fractions of a millisecond: the general path.
      this.text(csvInstant(ms));
      return;
    }
    if (this.pos + CELL_MAX > this.buffer.length) this.end();
    let rest = ms - day * MS_PER_DAY;
    const hours = (rest / 3_600_000) | 0;
    rest -= hours * 3_600_000;
    const minutes = (rest / 60_000) | 0;
    rest -= minutes * 60_000;
    const seconds = (rest / 1000) | 0;
    const millis = rest - seconds * 1000;
    const { buffer } = this;
    const pos = this.pos;
    const century = (year / 100) | 0;
    putPair(buffer, pos, century);
    putPair(buffer, pos + 2, year - century * 100);
    buffer[pos + 4] = 45;
    putPair(buffer, pos + 5, month);
    buffer[pos + 7] = 45;
    putPair(buffer, pos + 8, dayOfMonth);
    buffer[pos + 10] = 84;
    putPair(buffer, pos + 11, hours);
    buffer[pos + 13] = 58;
    putPair(buffer, pos + 14, minutes);
    buffer[pos + 16] = 58;
    putPair(buffer, pos + 17, seconds);
    buffer[pos + 19] = 46;
    const hundreds = (millis / 100) | 0;
    buffer[pos + 20] = 48 + hundreds;
    putPair(buffer, pos + 21, millis - hundreds * 100);
    buffer[pos + 23] = 90;
    this.pos = pos + 24;
  }
}

const INT32 = 2 ** 31;

/** ASCII digit pairs "00".."99": two digits per table look-up. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + ((i / 10) | 0);
  PAIRS[2 * i + 1] = 48 + (i % 10);
}

/** The two digits of `value` (0..99) at `buffer[pos]`, `buffer[pos + 1]`. */
function putPair(buffer: Uint8Array, pos: number, value: number): void {
  buffer[pos] = PAIRS[2 * value]!;
  buffer[pos + 1] = PAIRS[2 * value + 1]!;
}

/** The digits of `value` (0 ≤ value < 2^31) at `buffer[pos..]`; returns the position after. */
function putInt(buffer: Uint8Array, pos: number, value: number): number {
  let width = 1;
  for (let p = 10; p <= value; p *= 10) width++;
  let v = value | 0;
  let k = pos + width;
  while (v >= 100) {
    const q = (v / 100) | 0;
    k -= 2;
    putPair(buffer, k, v - q * 100);
    v = q;
  }
  if (v >= 10) putPair(buffer, k - 2, v);
  else buffer[k - 1] = 48 + v;
  return pos + width;
}

/** {@link putInt} for a safe integer ≥ 2^31 (double arithmetic). */
function putSafeInt(buffer: Uint8Array, pos: number, value: number): number {
  let width = 1;
  for (let p = 10; p <= value; p *= 10) width++;
  let v = value;
  for (let k = pos + width - 1; k >= pos; k--) {
    const q = Math.floor(v / 10);
    buffer[k] = 48 + (v - q * 10);
    v = q;
  }
  return pos + width;
}

/** A column of numbers rounded to `decimals` places (integers as integers). */
export function numberColumn(
  header: string,
  values: ArrayLike<number>,
  decimals: number,
): CsvColumn {
  return {
    header,
    cell: (i) => csvNumber(values[i]!, decimals),
    write: (i, out) => out.number(values[i]!, decimals),
  };
}

/** A column of instants (epoch milliseconds) as ISO 8601 UTC. */
export function instantColumn(header: string, values: ArrayLike<number>): CsvColumn {
  return {
    header,
    cell: (i) => csvInstant(values[i]!),
    write: (i, out) => out.instant(values[i]!),
  };
}

/** A column of text cells, escaped by {@link csvCell}. */
export function textColumn(header: string, text: (i: number) => string): CsvColumn {
  return { header, cell: (i) => csvCell(text(i)), write: (i, out) => out.cell(text(i)) };
}

/**
 * A column of labels: row `i` holds `names[labels[i]]`, escaped by {@link csvCell}; each name is
 * escaped and encoded once.
 */
export function labelColumn(
  header: string,
  names: readonly string[],
  labels: ArrayLike<number>,
): CsvColumn {
  const cells = names.map(csvCell);
  const encoded = cells.map((cell) => new Uint8Array(Buffer.from(cell, 'utf8')));
  return {
    header,
    cell: (i) => cells[labels[i]!]!,
    write: (i, out) => out.bytes(encoded[labels[i]!]!),
  };
}

/**
 * Writes rows `start..rows − 1` into `out` (the header first when `start` is 0). After each full
 * chunk is flushed, `pause()` may stop the loop: the next row to write is returned (`rows` when
 * done).
 */
function writeRowsFrom(
  out: CsvBytes,
  columns: readonly CsvColumn[],
  start: number,
  rows: number,
  pause: () => boolean,
): number {
  if (start === 0) out.text(`${columns.map((c) => csvCell(c.header)).join(',')}\n`);
  const width = columns.length;
  for (let i = start; i < rows; i++) {
    for (let c = 0; c < width; c++) {
      if (c > 0) out.byte(44);
      const column = columns[c]!;
      if (column.write !== undefined) column.write(i, out);
      else out.text(column.cell(i));
    }
    out.byte(10);
    if (out.full) {
      out.end();
      if (pause()) return i + 1;
    }
  }
  out.end();
  return rows;
}

/** The whole table as text (for stdout and small outputs). */
export function csvText(columns: readonly CsvColumn[], rows: number): string {
  const chunks: string[] = [];
  writeCsvToSink({ write: (chunk: string) => chunks.push(chunk) }, columns, rows);
  return chunks.join('');
}

/** Waits for `event` or an error (recorded by the stream's own error listener). */
function settled(out: WriteStream, event: string): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      out.off(event, done);
      out.off('error', done);
      resolve();
    };
    out.on(event, done);
    out.on('error', done);
  });
}

/**
 * Writes a CSV table to `path` in chunks (a million rows never sit in one string), honouring
 * back-pressure. O(rows × columns).
 *
 * @throws {CliOutputError} when the file cannot be written.
 */
export async function writeCsvFile(
  path: string,
  columns: readonly CsvColumn[],
  rows: number,
): Promise<void> {
  const stream = createWriteStream(path);
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  let pressure = false;
  const out = new CsvBytes((chunk, release) => {
    // The callback runs once the bytes are written: the buffer can then take the next chunk.
    if (!stream.write(chunk, release)) pressure = true;
  });
  // Rows are written synchronously chunk by chunk; on back-pressure the loop waits for 'drain'.
  let next = writeRowsFrom(out, columns, 0, rows, () => pressure);
  while (next < rows && failure === undefined) {
    await settled(stream, 'drain');
    pressure = false;
    next = writeRowsFrom(out, columns, next, rows, () => pressure);
  }
  if (failure === undefined) {
    stream.end();
    await settled(stream, 'finish');
  } else stream.destroy();
  if (failure !== undefined) {
    throw new CliOutputError(`cannot write ${path}: ${failure.message}`, { cause: failure });
  }
}

/** Writes a CSV table to a text sink (stdout) in chunks of about 1 MB. O(rows × columns). */
export function writeCsvToSink(
  sink: { write(chunk: string): unknown },
  columns: readonly CsvColumn[],
  rows: number,
): void {
  // Chunks end between whole cells, so no UTF-8 sequence is split.
  const out = new CsvBytes((chunk, release) => {
    sink.write(chunk.toString('utf8'));
    release();
  });
  writeRowsFrom(out, columns, 0, rows, () => false);
}

const MS_PER_DAY = 86_400_000;
const dayText = new Map<number, string>();

/** `YYYY-MM-DDT` of a UTC day number, cached. */
function dayPrefix(day: number): string {
  let date = dayText.get(day);
  if (date === undefined) {
    date = new Date(day * MS_PER_DAY).toISOString().slice(0, 11);
    if (dayText.size > 100_000) dayText.clear();
    dayText.set(day, date);
  }
  return date;
}

function pad(n: number, width: number): string {
  const text = String(n);
  return text.length >= width ? text : ZEROS[width - text.length]! + text;
}

/**
 * An instant as ISO 8601 UTC (`2024-03-01T12:30:00.000Z`, as `Date#toISOString`), with the date
 * part cached per day: writing a million purchase dates costs integer formatting only.
 */
export function csvInstant(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const day = Math.floor(ms / MS_PER_DAY);
  const date = dayPrefix(day);
  let rest = ms - day * MS_PER_DAY;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = Math.round(rest - seconds * 1000);
  return `${date}${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}Z`;
}
