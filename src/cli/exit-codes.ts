/**
 * Exit codes of the `clvkit` command line: what went wrong, for scripts.
 *
 * - `0` ok: everything written (rejected input rows, if any, are listed but are not an error
 *   unless `--strict`).
 * - `1` bug: an unexpected internal error; the message carries a short stack hint. Please report it.
 * - `2` usage: unknown command or option, a missing or malformed argument (fix the command line).
 * - `3` bad input data: a file that cannot be read or parsed, a missing column, no valid rows,
 *   a missing exchange rate, an invalid model file, rejected rows under `--strict`.
 * - `4` model fit failed: a fit threw, or did not converge (outputs are still written, with the
 *   diagnostics, so that they can be inspected).
 * - `5` output error: an output file or folder could not be written.
 */
export const EXIT_CODES = Object.freeze({
  ok: 0,
  bug: 1,
  usage: 2,
  badInput: 3,
  fitFailed: 4,
  output: 5,
} as const);

/** One of the {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit codes as help text (shown by `clvkit --help`). */
export const EXIT_CODES_HELP = `Exit codes:
  0  ok (rejected input rows are listed, not fatal, unless --strict)
  1  unexpected internal error (a bug: please report it with the stack hint)
  2  usage error (unknown option, missing or malformed argument)
  3  bad input data (unreadable file, missing column, no valid rows, missing rate, bad model file)
  4  model fit failed or did not converge (outputs are still written for inspection)
  5  an output file or folder could not be written`;
