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
 * given, writes the same cell as bytes (the fast path for millions of numeric cells).
 */
export interface CsvColumn {
  readonly header: string;
  readonly cell: (i: number) => string;
  readonly write?: (i: number, out: CsvBytes) => void;
}

const CHUNK = 1 << 20;

/**
 * A byte buffer rows are written into: numbers and dates are written digit by digit (no
 * intermediate strings), text through Node's UTF-8 encoder. Full chunks go to `flush`.
 */
export class CsvBytes {
  private buffer = Buffer.allocUnsafe(CHUNK + 4096);
  private pos = 0;

  constructor(private readonly flush: (chunk: Buffer) => void) {}

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
    this.flush(this.buffer.subarray(0, this.pos));
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK + 4096, this.buffer.length));
    this.pos = 0;
  }

  byte(code: number): void {
    this.ensure(1);
    this.buffer[this.pos++] = code;
  }

  /** Text as UTF-8. */
  text(value: string): void {
    this.ensure(value.length * 3);
    this.pos += this.buffer.write(value, this.pos, 'utf8');
  }

  /** A non-negative safe integer. */
  private digits(value: number): void {
    let v = value;
    let width = 1;
    for (let p = 10; p <= v; p *= 10) width++;
    this.ensure(width);
    for (let k = this.pos + width - 1; k >= this.pos; k--) {
      const q = Math.floor(v / 10);
      this.buffer[k] = 48 + (v - q * 10);
      v = q;
    }
    this.pos += width;
  }

  /** A number rounded to `decimals` places, as {@link csvNumber} writes it. */
  number(value: number, decimals: number): void {
    const scale = POWERS[decimals]!;
    const scaled = Math.round(Math.abs(value) * scale);
    if (!Number.isFinite(value) || scaled > Number.MAX_SAFE_INTEGER) {
      this.text(csvNumber(value, decimals));
      return;
    }
    if (value < 0 && scaled !== 0) this.byte(45);
    const whole = Math.floor(scaled / scale);
    this.digits(whole);
    let fraction = scaled - whole * scale;
    if (fraction === 0) return;
    let places = decimals;
    while (fraction % 10 === 0) {
      fraction /= 10;
      places--;
    }
    this.ensure(places + 1);
    this.buffer[this.pos++] = 46;
    for (let k = this.pos + places - 1; k >= this.pos; k--) {
      const q = Math.floor(fraction / 10);
      this.buffer[k] = 48 + (fraction - q * 10);
      fraction = q;
    }
    this.pos += places;
  }

  /** Zero-padded digits of `value` (0 ≤ value < 10^width). */
  private padded(value: number, width: number): void {
    let v = value;
    for (let k = this.pos + width - 1; k >= this.pos; k--) {
      const q = Math.floor(v / 10);
      this.buffer[k] = 48 + (v - q * 10);
      v = q;
    }
    this.pos += width;
  }

  /** An instant as ISO 8601 UTC, as {@link csvInstant} writes it. */
  instant(ms: number): void {
    if (!Number.isFinite(ms)) return;
    const day = Math.floor(ms / MS_PER_DAY);
    this.text(dayPrefix(day));
    let rest = ms - day * MS_PER_DAY;
    const hours = Math.floor(rest / 3_600_000);
    rest -= hours * 3_600_000;
    const minutes = Math.floor(rest / 60_000);
    rest -= minutes * 60_000;
    const seconds = Math.floor(rest / 1000);
    const millis = Math.round(rest - seconds * 1000);
    this.ensure(13);
    this.padded(hours, 2);
    this.buffer[this.pos++] = 58;
    this.padded(minutes, 2);
    this.buffer[this.pos++] = 58;
    this.padded(seconds, 2);
    this.buffer[this.pos++] = 46;
    this.padded(millis, 3);
    this.buffer[this.pos++] = 90;
  }
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
  return { header, cell: (i) => csvCell(text(i)) };
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
  const out = new CsvBytes((chunk) => {
    if (!stream.write(chunk)) pressure = true;
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
  const out = new CsvBytes((chunk) => sink.write(chunk.toString('utf8')));
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
