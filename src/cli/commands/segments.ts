import type { Command } from 'commander';
import { rfmSegmentPresets } from '../../rfm/presets.js';
import { rfmScores } from '../../rfm/scores.js';
import { rfmSegments } from '../../rfm/segments.js';
import { type CsvColumn, csvCell, csvNumber } from '../csv.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { type CliIo, Reporter } from '../io.js';
import { addOutputOptions, type OutputFlags, parseNumberFlag } from '../options.js';
import { addInputOptions, emitJson, emitTable, type InputFlags, summaryOfInput } from './shared.js';

interface SegmentsFlags extends InputFlags, OutputFlags {
  readonly rfmK: string;
}

async function runSegments(io: CliIo, file: string, flags: SegmentsFlags): Promise<ExitCode> {
  const reporter = new Reporter(io, flags.quiet);
  const k = parseNumberFlag('--rfm-k', flags.rfmK, { min: 2, max: 9, integer: true });
  const { summary } = await summaryOfInput(io, reporter, file, flags);
  // Monetary: total spend when the summary has it (transaction input always does), else the
  // mean repeat spend.
  const monetaryFrom = summary.totalSpend === undefined ? 'monetaryValue' : 'totalSpend';
  const scores = reporter.step('RFM scores', () => rfmScores(summary, { k, monetaryFrom }));
  const segments = reporter.step('RFM segments', () =>
    rfmSegments(
      scores,
      k === 5 ? rfmSegmentPresets.standard : [],
      k === 5 ? undefined : { fallback: 'All' },
    ),
  );
  const names = segments.names.map(csvCell);
  const { recency, frequency, monetary } = scores.values;
  const columns: CsvColumn[] = [
    { header: 'customer_id', cell: (i) => csvCell(summary.ids[i]!) },
    { header: 'recency', cell: (i) => csvNumber(recency[i]!, 4) },
    { header: 'frequency', cell: (i) => String(frequency[i]!) },
    { header: 'monetary', cell: (i) => csvNumber(monetary[i]!, 4) },
    { header: 'r_score', cell: (i) => String(scores.r[i]!) },
    { header: 'f_score', cell: (i) => String(scores.f[i]!) },
    { header: 'm_score', cell: (i) => String(scores.m[i]!) },
    { header: 'rfm_cell', cell: (i) => scores.cell[i]! },
    { header: 'rfm_segment', cell: (i) => names[segments.segment[i]!]! },
  ];
  const path = await emitTable(io, reporter, flags, columns, summary.ids.length);
  emitJson(io, flags, {
    ok: true,
    exitCode: EXIT_CODES.ok,
    command: 'segments',
    file: path,
    customers: summary.ids.length,
    k,
    recencyUnit: scores.recencyUnit,
    monetary: monetaryFrom,
    segments: segments.names.map((name, s) => ({ name, customers: segments.counts[s] })),
    thresholds: scores.thresholds,
    timings: reporter.timings,
  });
  return EXIT_CODES.ok;
}

/** Adds `clvkit segments`. */
export function segmentsCommand(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  const command = program
    .command('segments')
    .summary('summary or transactions CSV → RFM scores and segments CSV')
    .description(
      'Scores recency (time since the last purchase), frequency (purchases) and monetary value (total spend) 1..k by quantiles, ties sharing a score, and assigns the standard 10-segment table (Champions, Loyal Customers, …; k = 5).',
    )
    .argument(
      '<input>',
      'summary CSV (give --unit) or transaction CSV (give --observation-end and --unit)',
    );
  addInputOptions(command, false);
  command.option(
    '--rfm-k <k>',
    'scores per dimension (2–9; the standard segment table needs 5)',
    '5',
  );
  addOutputOptions(command, 'output CSV file (default: stdout)');
  command.addHelpText(
    'after',
    `
Examples:
  $ clvkit segments orders.csv --observation-end 2024-12-31 --unit day > segments.csv
  $ clvkit segments summary.csv --unit week -o segments.csv --json`,
  );
  command.action(async (file: string, flags: SegmentsFlags) =>
    done(await runSegments(io, file, flags)),
  );
}
