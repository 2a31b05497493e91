/**
 * The `clvkit` command line as a function: `runCli(argv, io)` parses `argv` (without the node
 * and script paths), runs the command with the given streams and returns the exit code. The
 * entry point (`index.ts`) only wires `process`.
 *
 * @module
 */
import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { fitCommand } from './commands/fit.js';
import { PSEUDONYM_KEY_VARIABLE, reportCommand } from './commands/report.js';
import { scoreCommand } from './commands/score.js';
import { segmentsCommand } from './commands/segments.js';
import { summaryCommand } from './commands/summary.js';
import { classifyError } from './errors.js';
import { EXIT_CODES, EXIT_CODES_HELP, type ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/** The command-line program, its output sent to `io`; `done` receives each command's exit code. */
export function createProgram(io: CliIo, done: (code: ExitCode) => void): Command {
  const program = new Command();
  program
    .name('clvkit')
    .description(
      'Customer lifetime value and RFM from a transaction CSV: clean it, summarise it, fit BG/NBD and Gamma-Gamma, score customers and write a self-contained HTML report.',
    )
    .version(packageJson.version, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Quick start:
  $ clvkit report orders.csv --observation-end 2024-12-31 --unit week --out report/
  $ clvkit summary orders.csv --observation-end 2024-12-31 --unit week -o summary.csv
  $ clvkit fit summary.csv --unit week -o model.json
  $ clvkit score model.json summary.csv --unit week -o scores.csv
  $ clvkit segments summary.csv --unit week -o segments.csv

Run \`clvkit <command> --help\` for a command's options. Messages and progress go to stderr;
stdout carries data (CSV, or with --json one JSON result). --pseudonymize reads its key from
$${PSEUDONYM_KEY_VARIABLE}.

${EXIT_CODES_HELP}`,
    );
  reportCommand(program, io, done);
  summaryCommand(program, io, done);
  fitCommand(program, io, done);
  scoreCommand(program, io, done);
  segmentsCommand(program, io, done);
  for (const command of program.commands) {
    command.addHelpText('after', `\n${EXIT_CODES_HELP}`);
  }
  return program;
}

/**
 * Runs the command line on `argv` (the arguments after the program name) and returns the exit
 * code (see `EXIT_CODES`). Never throws and never exits the process: errors are printed on
 * `io.stderr` (and as JSON on stdout with `--json`).
 *
 * @example
 * ```ts
 * const code = await runCli(['summary', 'orders.csv', '--observation-end', '2024-12-31', '--unit', 'week'], {
 *   stdout: process.stdout, stderr: process.stderr, env: process.env,
 * });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode = EXIT_CODES.ok;
  const program = createProgram(io, (c) => {
    code = c;
  });
  const json = argv.includes('--json');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message (or the help) already.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        return EXIT_CODES.ok;
      }
      if (json) writeJsonError(io, EXIT_CODES.usage, error.message);
      return EXIT_CODES.usage;
    }
    const { code: exit, message } = classifyError(error);
    io.stderr.write(`clvkit: ${message}\n`);
    if (json) writeJsonError(io, exit, message);
    return exit;
  }
}

function writeJsonError(io: CliIo, exitCode: ExitCode, message: string): void {
  io.stdout.write(`${JSON.stringify({ ok: false, exitCode, error: message }, null, 2)}\n`);
}
