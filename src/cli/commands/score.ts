import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ClvError } from '../../errors/index.js';
import { type CsvColumn, csvCell, csvNumber } from '../csv.js';
import { CliInputError } from '../errors.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { type CliIo, Reporter } from '../io.js';
import { purchaseModelOf, readModelBundle } from '../models.js';
import { addOutputOptions, type OutputFlags } from '../options.js';
import { resolvePath, scoreCsvColumns, scoreCustomers } from '../pipeline.js';
import { addTermsOptions, type TermsFlags, termsOf } from './report.js';
import { addInputOptions, emitJson, emitTable, type InputFlags, summaryOfInput } from './shared.js';

interface ScoreFlags extends InputFlags, OutputFlags, TermsFlags {}

function readModelFile(io: CliIo, file: string): ReturnType<typeof readModelBundle> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolvePath(io, file), 'utf8'));
  } catch (error) {
    throw new CliInputError(`cannot read the model file ${file}: ${(error as Error).message}`);
  }
  try {
    return readModelBundle(json);
  } catch (error) {
    if (error instanceof ClvError) {
      throw new CliInputError(`${file} is not a clvkit model: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

async function runScore(
  io: CliIo,
  modelFile: string,
  file: string,
  flags: ScoreFlags,
): Promise<ExitCode> {
  const reporter = new Reporter(io, flags.quiet);
  const terms = termsOf(flags);
  const { purchase, spend } = readModelFile(io, modelFile);
  if (purchase === undefined) {
    throw new CliInputError(
      `${modelFile} holds no purchase model (only a Gamma-Gamma fit): run \`clvkit fit\` first`,
    );
  }
  const model = purchaseModelOf(purchase.kind);
  const { summary } = await summaryOfInput(io, reporter, file, flags);
  const scores = scoreCustomers(reporter, purchase, spend, summary, terms, (fit, s) =>
    model.probabilityAlive(fit, s),
  );
  const columns: CsvColumn[] = [
    { header: 'customer_id', cell: (i) => csvCell(summary.ids[i]!) },
    { header: 'frequency', cell: (i) => String(summary.frequency[i]!) },
    { header: 'recency', cell: (i) => csvNumber(summary.recency[i]!, 4) },
    { header: 'T', cell: (i) => csvNumber(summary.T[i]!, 4) },
    ...scoreCsvColumns(scores),
  ];
  const path = await emitTable(io, reporter, flags, columns, summary.ids.length);
  emitJson(io, flags, {
    ok: true,
    exitCode: EXIT_CODES.ok,
    command: 'score',
    file: path,
    customers: summary.ids.length,
    model: purchase.kind,
    spendModel: spend?.kind,
    clvTerms: terms,
    totalClv: scores.totalClv,
    meanClv: scores.totalClv === undefined ? undefined : scores.totalClv / summary.ids.length,
    timings: reporter.timings,
  });
  return EXIT_CODES.ok;
}

/** Adds `clvkit score`. */
export function scoreCommand(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  const command = program
    .command('score')
    .summary('model.json + summary (or transactions) CSV → per-customer scores CSV')
    .description(
      'Scores every customer with a fitted model (model.json from `clvkit fit` or `clvkit report`): P(alive), churn risk (1 − P(alive)), expected purchases over the horizon and, when model.json holds a Gamma-Gamma fit, expected spend and predicted CLV.',
    )
    .argument('<model>', 'model.json')
    .argument(
      '<input>',
      'summary CSV (give --unit) or transaction CSV (give --observation-end and --unit)',
    );
  addInputOptions(command, false);
  addTermsOptions(command);
  addOutputOptions(command, 'output CSV file (default: stdout)');
  command.addHelpText(
    'after',
    `
Examples:
  $ clvkit score model.json summary.csv --unit week --horizon 12 --horizon-unit month > scores.csv
  $ clvkit score model.json orders.csv --observation-end 2024-12-31 --unit week --margin 0.3 \\
      --discount-rate 0.1 -o scores.csv --json`,
  );
  command.action(async (modelFile: string, file: string, flags: ScoreFlags) =>
    done(await runScore(io, modelFile, file, flags)),
  );
}
