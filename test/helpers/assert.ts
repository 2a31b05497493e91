import { expect } from 'vitest';
import { ClvError, type ClvErrorCode } from '../../src/errors/index.js';

/** Asserts |actual − expected| ≤ rel · max(|expected|, tiny): a stated relative tolerance. */
export function expectClose(actual: number, expected: number, rel: number): void {
  if (expected === actual) return;
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  const error = Math.abs(actual - expected) / scale;
  if (!(error <= rel)) {
    throw new Error(
      `expected ${actual} to be within ${rel} (relative) of ${expected}; off by ${error}`,
    );
  }
}

/** Asserts that `run` throws a ClvError with `code` whose `field` is `field`; returns it. */
export function expectClvError(run: () => unknown, code: ClvErrorCode, field?: string): ClvError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ClvError);
  const error = caught as ClvError;
  expect(error.code).toBe(code);
  if (field !== undefined) {
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  }
  return error;
}
