import { type Command, Option } from 'commander';
import type { ReadTransactionsCsvOptions } from '../node/options.js';
import { isTimeUnit, TIME_UNITS, type TimeUnit } from '../time/index.js';
import type { ColumnMapping } from '../transactions/columns.js';
import type { DateFormat } from '../transactions/values.js';
import { usage } from './errors.js';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A date flag: `YYYY-MM-DD` (midnight UTC at the start of that day, as `new Date('2024-12-31')`
 * and Python lifetimes read it) or an ISO 8601 date-time (UTC when no zone is given).
 */
export function parseDateFlag(flag: string, value: string): Date {
  const text = value.trim();
  const day = ISO_DAY.exec(text);
  if (day !== null) {
    const [y, m, d] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
    const date = new Date(Date.UTC(y, m, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m && date.getUTCDate() === d) {
      return date;
    }
    usage(`${flag} ${JSON.stringify(value)} is not a valid date (YYYY-MM-DD)`);
  }
  if (ISO_DATE_TIME.test(text)) {
    const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
    const date = new Date(zoned);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return usage(
    `${flag} ${JSON.stringify(value)} is not a date: use YYYY-MM-DD or an ISO date-time (2024-12-31T23:59:59Z)`,
  );
}

/** A finite number flag, optionally bounded. */
export function parseNumberFlag(
  flag: string,
  value: string,
  check?: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean },
): number {
  const text = value.trim();
  const n = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(n)) usage(`${flag} ${JSON.stringify(value)} is not a number`);
  if (check?.integer === true && !Number.isInteger(n)) {
    usage(`${flag} ${value} must be a whole number`);
  }
  if (check?.min !== undefined) {
    if (check.exclusiveMin === true ? !(n > check.min) : !(n >= check.min)) {
      usage(`${flag} ${value} must be ${check.exclusiveMin === true ? '>' : '≥'} ${check.min}`);
    }
  }
  if (check?.max !== undefined && !(n <= check.max))
    usage(`${flag} ${value} must be ≤ ${check.max}`);
  return n;
}

/** A time unit flag. */
export function parseUnitFlag(flag: string, value: string): TimeUnit {
  if (!isTimeUnit(value))
    usage(`${flag} ${JSON.stringify(value)} must be one of ${TIME_UNITS.join(', ')}`);
  return value;
}

/** The column-mapping and parsing flags shared by every command that reads transactions. */
export function addReadOptions(command: Command): Command {
  return command
    .option(
      '--customer-column <name>',
      'column of customer ids (default: found by name, e.g. customer_id)',
    )
    .option('--date-column <name>', 'column of dates (default: date, order_date, timestamp, …)')
    .option('--amount-column <name>', 'column of amounts (default: amount, revenue, sales, …)')
    .option('--order-column <name>', 'column of order ids (optional; enables cross-channel dedup)')
    .option('--channel-column <name>', 'column of channels (optional)')
    .option('--market-column <name>', 'column of markets or countries (optional)')
    .option('--currency-column <name>', 'column of currency codes (optional)')
    .option('--quantity-column <name>', 'column of quantities (optional)')
    .addOption(
      new Option('--date-format <format>', 'how dates are written')
        .choices(['auto', 'iso', 'yyyymmdd', 'epoch-seconds', 'epoch-milliseconds'])
        .default('auto'),
    )
    .addOption(
      new Option('--decimal-separator <char>', 'decimal separator of amounts')
        .choices(['.', ','])
        .default('.'),
    )
    .option('--delimiter <char>', 'CSV field delimiter (default: detected)')
    .addOption(
      new Option('--encoding <name>', 'text encoding of the file')
        .choices(['utf8', 'utf16le', 'latin1', 'ascii'])
        .default('utf8'),
    )
    .option(
      '--strict',
      'fail (exit 3) when any input row is rejected, instead of listing it',
      false,
    );
}

/** Flags of {@link addReadOptions}, as commander returns them. */
export interface ReadFlags {
  readonly customerColumn?: string;
  readonly dateColumn?: string;
  readonly amountColumn?: string;
  readonly orderColumn?: string;
  readonly channelColumn?: string;
  readonly marketColumn?: string;
  readonly currencyColumn?: string;
  readonly quantityColumn?: string;
  readonly dateFormat: DateFormat;
  readonly decimalSeparator: '.' | ',';
  readonly delimiter?: string;
  readonly encoding: 'utf8' | 'utf16le' | 'latin1' | 'ascii';
  readonly strict: boolean;
}

/** `readTransactionsCsv` options from the flags (columnar output, rejected rows collected). */
export function readOptionsOf(
  flags: ReadFlags,
): ReadTransactionsCsvOptions & { output: 'columns' } {
  const columns: Record<string, string> = {};
  const mapping: [keyof ColumnMapping, string | undefined][] = [
    ['customerId', flags.customerColumn],
    ['date', flags.dateColumn],
    ['amount', flags.amountColumn],
    ['orderId', flags.orderColumn],
    ['channel', flags.channelColumn],
    ['market', flags.marketColumn],
    ['currency', flags.currencyColumn],
    ['quantity', flags.quantityColumn],
  ];
  for (const [field, column] of mapping) if (column !== undefined) columns[field] = column;
  const options: Record<string, unknown> = {
    output: 'columns',
    onInvalid: 'collect',
    dateFormat: flags.dateFormat,
    decimalSeparator: flags.decimalSeparator,
    encoding: flags.encoding,
  };
  if (Object.keys(columns).length > 0) options.columns = columns;
  if (flags.delimiter !== undefined) {
    if (flags.delimiter.length !== 1 && flags.delimiter !== '\\t') {
      usage(`--delimiter ${JSON.stringify(flags.delimiter)} must be one character (or \\t)`);
    }
    options.delimiter = flags.delimiter === '\\t' ? '\t' : flags.delimiter;
  }
  return options as unknown as ReadTransactionsCsvOptions & { output: 'columns' };
}

/** The window flags shared by the commands that summarise a log. */
export function addWindowOptions(command: Command, calibration: boolean): Command {
  command
    .option(
      '--observation-end <date>',
      'end of observation: YYYY-MM-DD (midnight UTC starting that day) or an ISO date-time; later rows are excluded (required for transaction input)',
    )
    .addOption(
      new Option('--unit <unit>', 'time unit of recency, T and the model rates').choices([
        ...TIME_UNITS,
      ]),
    )
    .addOption(
      new Option(
        '--mode <mode>',
        "'elapsed' (exact fractional units) or 'calendar' (whole periods, as lifetimes)",
      )
        .choices(['elapsed', 'calendar'])
        .default('elapsed'),
    );
  if (calibration) {
    command.option(
      '--calibration-end <date>',
      'end of the calibration window: models are fitted before it and evaluated on the holdout after it',
    );
  }
  return command;
}

/** Flags of {@link addWindowOptions}. */
export interface WindowFlags {
  readonly observationEnd?: string;
  readonly unit?: TimeUnit;
  readonly mode: 'elapsed' | 'calendar';
  readonly calibrationEnd?: string;
}

/** Checked window: dates parsed, unit required. */
export interface Window {
  readonly observationEnd: Date;
  readonly unit: TimeUnit;
  readonly mode: 'elapsed' | 'calendar';
  readonly calibrationEnd: Date | undefined;
}

/** The window from the flags; `--observation-end` and `--unit` are required (no implicit clock or unit). */
export function windowOf(flags: WindowFlags): Window {
  if (flags.observationEnd === undefined) {
    usage('--observation-end is required: the end of observation is never taken from the clock');
  }
  if (flags.unit === undefined)
    usage('--unit is required (day, week, month, …): there is no implicit unit');
  const observationEnd = parseDateFlag('--observation-end', flags.observationEnd);
  const calibrationEnd =
    flags.calibrationEnd === undefined
      ? undefined
      : parseDateFlag('--calibration-end', flags.calibrationEnd);
  if (calibrationEnd !== undefined && calibrationEnd.getTime() >= observationEnd.getTime()) {
    usage('--calibration-end must be before --observation-end');
  }
  return { observationEnd, unit: flags.unit, mode: flags.mode, calibrationEnd };
}

/** `--out`, `--json` and `--quiet`, shared by every command. */
export function addOutputOptions(command: Command, out: string, defaultOut?: string): Command {
  return command
    .option('-o, --out <path>', out, defaultOut)
    .option('--json', 'print a machine-readable JSON result on stdout', false)
    .option('-q, --quiet', 'no progress bars or notes on stderr (errors are still printed)', false);
}

/** Flags of {@link addOutputOptions}. */
export interface OutputFlags {
  readonly out?: string;
  readonly json: boolean;
  readonly quiet: boolean;
}
