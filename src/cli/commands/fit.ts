import type { Command } from 'commander';
import type { GammaGammaFit } from '../../models/gamma-gamma/types.js';
import { usage } from '../errors.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { type CliIo, Reporter } from '../io.js';
import { addOutputOptions, type OutputFlags } from '../options.js';
import { resolvePath } from '../pipeline.js';
import {
  addModelOptions,
  choosePurchaseModel,
  fitPurchaseModel,
  fitSpendModel,
  type ModelFlags,
  modelBundle,
  modelOptionsOf,
  writeText,
} from './report.js';
import { addInputOptions, emitJson, type InputFlags, summaryOfInput } from './shared.js';

interface FitFlags extends InputFlags, OutputFlags, ModelFlags {
  readonly spend: boolean;
}

async function runFit(io: CliIo, file: string, flags: FitFlags): Promise<ExitCode> {
  const reporter = new Reporter(io, flags.quiet);
  const { model: modelFlag, penalty, spendPenalty } = modelOptionsOf(flags);
  if (flags.json && (flags.out === undefined || flags.out === '-')) {
    usage('--json prints the result on stdout: give --out <file> for model.json');
  }
  const { summary } = await summaryOfInput(io, reporter, file, flags);
  const problems: string[] = [];
  const model = modelFlag ?? choosePurchaseModel(reporter, summary, penalty).model;
  const purchase = fitPurchaseModel(reporter, model, summary, penalty, '', problems);
  const spend: GammaGammaFit | undefined = flags.spend
    ? fitSpendModel(reporter, summary, spendPenalty, problems)
    : undefined;
  const text = `${JSON.stringify(modelBundle(purchase, spend, summary), null, 2)}\n`;
  let path: string | undefined;
  if (flags.out === undefined || flags.out === '-') io.stdout.write(text);
  else {
    path = resolvePath(io, flags.out);
    writeText(path, text);
    reporter.note(`wrote ${path}`);
  }
  for (const problem of problems) reporter.warn(problem);
  const exit = problems.length > 0 ? EXIT_CODES.fitFailed : EXIT_CODES.ok;
  const describe = (fit: typeof purchase | GammaGammaFit) => ({
    kind: fit.kind,
    params: fit.params,
    standardErrors: fit.standardErrors,
    logLikelihood: fit.logLikelihood,
    diagnostics: fit.diagnostics,
  });
  emitJson(io, flags, {
    ok: exit === EXIT_CODES.ok,
    exitCode: exit,
    command: 'fit',
    file: path,
    customers: summary.ids.length,
    unit: summary.unit,
    purchase: describe(purchase),
    ...(spend === undefined ? {} : { spend: describe(spend) }),
    problems,
    timings: reporter.timings,
  });
  return exit;
}

/** Adds `clvkit fit`. */
export function fitCommand(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  const command = program
    .command('fit')
    .summary('summary or transactions CSV → model.json (purchase model + Gamma-Gamma)')
    .description(
      'Fits the purchase model (--model) and the Gamma-Gamma spend model on a customer summary CSV (from `clvkit summary`; give --unit) or on a transaction CSV (give --observation-end and --unit), and writes model.json: { purchase, spend } fits, each loadable with loadModel.',
    )
    .argument(
      '<input>',
      'summary CSV (customer_id, frequency, recency, T, monetary_value) or transaction CSV',
    );
  addInputOptions(command, false);
  addModelOptions(command);
  command.option('--no-spend', 'fit the purchase model only (no Gamma-Gamma)');
  addOutputOptions(command, 'output model.json (default: stdout)');
  command.addHelpText(
    'after',
    `
Examples:
  $ clvkit fit summary.csv --unit week -o model.json
  $ clvkit fit orders.csv --observation-end 2024-12-31 --unit week --penalty 0.001 -o model.json --json

A fit that does not converge is still written, with exit code 4.`,
  );
  command.action(async (file: string, flags: FitFlags) => done(await runFit(io, file, flags)));
}
