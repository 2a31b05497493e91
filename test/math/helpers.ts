import golden from './golden.json' with { type: 'json' };

/** The mpmath table made by test/math/golden.py (mpmath 1.3.0, mp.dps = 50). */
export const GOLDEN = golden;

/** |actual − expected| / |expected| (0 when both are equal, Infinity when actual is NaN). */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  if (Number.isNaN(actual)) return Number.POSITIVE_INFINITY;
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** |actual − expected| / max(1, |expected|): relative for large values, absolute near 0. */
export function mixedError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  if (Number.isNaN(actual)) return Number.POSITIVE_INFINITY;
  return Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
}

/**
 * Asserts `error(actual, expected) ≤ tolerance`, naming the case in the failure message.
 */
export function expectWithin(
  actual: number,
  expected: number,
  tolerance: number,
  label: string,
  error: (actual: number, expected: number) => number = relativeError,
): void {
  const off = error(actual, expected);
  if (!(off <= tolerance)) {
    throw new Error(`${label}: got ${actual}, expected ${expected} (error ${off} > ${tolerance})`);
  }
}

/** The largest error over `rows`, for a summary assertion. */
export function maxError<T>(rows: readonly T[], error: (row: T) => number): number {
  let max = 0;
  for (const row of rows) max = Math.max(max, error(row));
  return max;
}
