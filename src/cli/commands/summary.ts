import type { Command } from 'commander';
import type { ExitCode } from '../exit-codes.js';
import { EXIT_CODES } from '../exit-codes.js';
import { type CliIo, Reporter } from '../io.js';
import { addOutputOptions, type OutputFlags, windowOf } from '../options.js';
import {
  cleaningOptionsOf,
  cleanLog,
  loadTransactions,
  summarise,
  summaryCsvColumns,
} from '../pipeline.js';
import { addInputOptions, emitJson, emitTable, type InputFlags } from './shared.js';

interface SummaryFlags extends InputFlags, OutputFlags {}

async function runSummary(io: CliIo, file: string, flags: SummaryFlags): Promise<ExitCode> {
  const reporter = new Reporter(io, flags.quiet);
  const window = windowOf(flags);
  const options = cleaningOptionsOf(io, flags);
  const log = await loadTransactions(io, reporter, file, flags);
  const cleaned = cleanLog(reporter, log.columns, options);
  const summary = summarise(reporter, cleaned.columns, window, window.calibrationEnd);
  const path = await emitTable(io, reporter, flags, summaryCsvColumns(summary), summary.ids.length);
  emitJson(io, flags, {
    ok: true,
    exitCode: EXIT_CODES.ok,
    command: 'summary',
    file: path,
    rowsRead: log.rowsRead,
    rowsRejected: log.rejected.length,
    rejected: log.rejected
      .slice(0, 100)
      .map((r) => ({ row: r.row, code: r.code, field: r.field, message: r.message })),
    cleaning: cleaned.reports.map((r) => ({ step: r.step, rowsIn: r.rowsIn, rowsOut: r.rowsOut })),
    customers: summary.ids.length,
    unit: summary.unit,
    mode: summary.mode,
    observationEnd: window.observationEnd.toISOString(),
    calibrationEnd: window.calibrationEnd?.toISOString(),
    summary: summary.report,
    timings: reporter.timings,
  });
  return EXIT_CODES.ok;
}

/** Adds `clvkit summary`. */
export function summaryCommand(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  const command = program
    .command('summary')
    .summary(
      'transactions CSV → per-customer summary CSV (frequency, recency, T, monetary value, …)',
    )
    .description(
      'Reads, validates and cleans a transaction log and writes one row per customer: frequency (repeat purchases), recency, T, monetary_value, orders, total_spend, first/last purchase, and with --calibration-end the holdout columns. Columns are named as in Python lifetimes.',
    )
    .argument('<transactions>', 'transaction CSV');
  addInputOptions(command, true);
  addOutputOptions(command, 'output CSV file (default: stdout)');
  command.addHelpText(
    'after',
    `
Examples:
  $ clvkit summary orders.csv --observation-end 2024-12-31 --unit week > summary.csv
  $ clvkit summary orders.csv --observation-end 2024-12-31 --calibration-end 2024-06-30 --unit week -o summary.csv --json`,
  );
  command.action(async (file: string, flags: SummaryFlags) =>
    done(await runSummary(io, file, flags)),
  );
}
