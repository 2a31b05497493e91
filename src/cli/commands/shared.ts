import type { Command } from 'commander';
import type { CustomerSummary } from '../../summary/types.js';
import { type CsvColumn, writeCsvFile, writeCsvToSink } from '../csv.js';
import { usage } from '../errors.js';
import type { CliIo, Reporter } from '../io.js';
import {
  addReadOptions,
  addWindowOptions,
  type OutputFlags,
  type ReadFlags,
  type WindowFlags,
  windowOf,
} from '../options.js';
import {
  type CleaningFlags,
  cleaningOptionsOf,
  cleanLog,
  csvHeader,
  isSummaryHeader,
  type LoadedLog,
  loadTransactions,
  readSummaryCsv,
  resolvePath,
  summarise,
} from '../pipeline.js';

/** Flags of the commands that take either a summary CSV or a transaction CSV. */
export interface InputFlags extends ReadFlags, WindowFlags, CleaningFlags {}

/** Read, window and cleaning flags for commands taking a summary or a transaction CSV. */
export function addInputOptions(command: Command, calibration: boolean): Command {
  addReadOptions(command);
  addWindowOptions(command, calibration);
  return command
    .option('--currency <code>', 'reporting currency (with --rates; transaction input)')
    .option('--rates <file>', 'exchange-rate CSV: currency,rate[,date]')
    .option('--default-currency <code>', 'currency of rows without one (with --currency)')
    .option(
      '--channel-priority <list>',
      'channels in order of preference for cross-channel duplicates',
    );
}

/** A summary from either input: a summary CSV (needs --unit) or a transaction log (needs the window). */
export async function summaryOfInput(
  io: CliIo,
  reporter: Reporter,
  file: string,
  flags: InputFlags,
): Promise<{
  summary: CustomerSummary;
  log: LoadedLog | undefined;
  source: 'summary' | 'transactions';
}> {
  if (isSummaryHeader(csvHeader(io, file))) {
    if (flags.unit === undefined) {
      usage(
        `${file} is a customer summary: give --unit, the time unit of its recency and T columns`,
      );
    }
    const unit = flags.unit;
    const summary = reporter.step('read summary', () => readSummaryCsv(io, file, unit));
    return { summary, log: undefined, source: 'summary' };
  }
  const window = windowOf(flags);
  const options = cleaningOptionsOf(io, flags);
  const log = await loadTransactions(io, reporter, file, flags);
  const cleaned = cleanLog(reporter, log.columns, options);
  const summary = summarise(reporter, cleaned.columns, window, window.calibrationEnd);
  return { summary, log, source: 'transactions' };
}

/**
 * Writes a table to `--out`, or to stdout without it. With `--json` the table must go to a file
 * (stdout carries the JSON result).
 */
export async function emitTable(
  io: CliIo,
  reporter: Reporter,
  flags: OutputFlags,
  columns: readonly CsvColumn[],
  rows: number,
): Promise<string | undefined> {
  if (flags.out === undefined || flags.out === '-') {
    if (flags.json) usage('--json prints the result on stdout: give --out <file> for the table');
    writeCsvToSink(io.stdout, columns, rows);
    return undefined;
  }
  const path = resolvePath(io, flags.out);
  await reporter.stepAsync('write', () => writeCsvFile(path, columns, rows));
  reporter.note(`wrote ${rows.toLocaleString('en-US')} rows to ${path}`);
  return path;
}

/** Prints the JSON result of a command when `--json` is on. */
export function emitJson(io: CliIo, flags: OutputFlags, result: Record<string, unknown>): void {
  if (flags.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
