import { ClvError } from '../errors/index.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';

/** A command-line usage error (exit code 2): a bad flag value or a missing argument. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** Bad input data found by the CLI itself (exit code 3). */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

/** A model fit that failed or did not converge (exit code 4). */
export class CliFitError extends Error {
  override readonly name = 'CliFitError';
}

/** An output that could not be written (exit code 5). */
export class CliOutputError extends Error {
  override readonly name = 'CliOutputError';
}

/** Throws a {@link CliUsageError}. */
export function usage(message: string): never {
  throw new CliUsageError(message);
}

/** Runs a model fit, turning its errors into {@link CliFitError} (exit 4) unless they are input errors. */
export function fitting<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ClvError && error.code === 'FIT_FAILED') {
      throw new CliFitError(`${what}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** The exit code and the message to print for an error thrown by a command. */
export function classifyError(error: unknown): { code: ExitCode; message: string } {
  if (error instanceof CliUsageError) return { code: EXIT_CODES.usage, message: error.message };
  if (error instanceof CliInputError) return { code: EXIT_CODES.badInput, message: error.message };
  if (error instanceof CliFitError) return { code: EXIT_CODES.fitFailed, message: error.message };
  if (error instanceof CliOutputError) return { code: EXIT_CODES.output, message: error.message };
  if (error instanceof ClvError) {
    const code = error.code === 'FIT_FAILED' ? EXIT_CODES.fitFailed : EXIT_CODES.badInput;
    const more = error.issues.length > 1 ? ` (${error.issues.length} issues)` : '';
    return { code, message: `${error.code}: ${error.message}${more}` };
  }
  const systemCode = (error as { code?: unknown } | null)?.code;
  if (typeof systemCode === 'string' && /^E[A-Z]+$/.test(systemCode)) {
    // A file-system error that escaped the readers (they wrap theirs in ClvError).
    return { code: EXIT_CODES.badInput, message: String((error as Error).message) };
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const hint = (err.stack ?? '')
    .split('\n')
    .slice(1, 4)
    .map((line) => line.trim())
    .join(' | ');
  return {
    code: EXIT_CODES.bug,
    message: `internal error (a bug in clvkit, please report it): ${err.message}${hint ? `\n  at ${hint}` : ''}`,
  };
}
