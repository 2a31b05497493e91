/**
 * Log-space arithmetic: sums and differences of numbers held as their logarithms, without
 * overflow or underflow (the max-shift trick; log1p/expm1 where the result is near 0).
 */

/**
 * ln Σ exp(values[i]): the log of a sum of numbers given by their logs, shifted by the maximum
 * so nothing overflows. Two passes, O(n).
 *
 * Empty input gives −Infinity (the log of an empty sum); all −Infinity gives −Infinity; any NaN
 * gives NaN; a +Infinity entry gives +Infinity. Relative error about n · 1e-16 of the result
 * for moderate n (plain summation of terms in [0, 1] after the shift).
 *
 * @example
 * ```ts
 * import { logSumExp } from 'clvkit';
 * logSumExp([1000, 1000]); // 1000 + ln 2, no overflow
 * logSumExp([]); // -Infinity
 * ```
 */
export function logSumExp(values: ArrayLike<number>): number {
  const n = values.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) return Number.NaN;
    if (v > max) max = v;
  }
  if (max === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) return max;
  // Σ exp(v − max) ≥ 1 (the maximum contributes exactly 1), so log1p of the rest is accurate.
  let rest = 0;
  let maxSeen = false;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v === max && !maxSeen) {
      maxSeen = true;
      continue;
    }
    rest += Math.exp(v - max);
  }
  return max + Math.log1p(rest);
}

/**
 * ln(e^a + e^b) without overflow: max(a, b) + log1p(exp(−|a − b|)). O(1).
 *
 * Handles −Infinity (ln 0): logAddExp(−Infinity, b) = b. Symmetric, and ≥ max(a, b). NaN in
 * gives NaN. Relative error about 2e-16.
 *
 * @example
 * ```ts
 * import { logAddExp } from 'clvkit';
 * logAddExp(Math.log(2), Math.log(3)); // ln 5
 * logAddExp(-Infinity, 1); // 1
 * ```
 */
export function logAddExp(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  const max = Math.max(a, b);
  const min = Math.min(a, b);
  if (min === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) return max;
  return max + Math.log1p(Math.exp(min - max));
}

/**
 * ln(1 + e^x) (the softplus), accurate for every x: log1p(e^x) for x ≤ 18, x + e^−x above
 * (where the next term, e^−2x / 2, is below double precision relative to x), x beyond 37. O(1).
 *
 * @example
 * ```ts
 * import { log1pExp } from 'clvkit';
 * log1pExp(0); // ln 2
 * log1pExp(800); // 800, no overflow
 * log1pExp(-800); // e^-800 ≈ 0 (a tiny positive number is lost only below the double range)
 * ```
 */
export function log1pExp(x: number): number {
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 37) return x + Math.exp(-x);
  return x;
}

/**
 * ln(e^a − e^b) for a ≥ b, without overflow or cancellation: a + ln(1 − e^(b − a)), using
 * log(−expm1(d)) when d = b − a is near 0 and log1p(−exp(d)) when it is very negative (Mächler,
 * "Accurately computing log(1 − exp(−|a|))", 2012). O(1).
 *
 * logDiffExp(a, a) = −Infinity; logDiffExp(a, −Infinity) = a; NaN when a < b (the difference
 * is negative) or either argument is NaN; NaN for logDiffExp(Infinity, Infinity).
 *
 * @example
 * ```ts
 * import { logDiffExp } from 'clvkit';
 * logDiffExp(Math.log(5), Math.log(3)); // ln 2
 * logDiffExp(1000, 999); // 1000 + ln(1 − 1/e)
 * ```
 */
export function logDiffExp(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || a < b) return Number.NaN;
  if (b === Number.NEGATIVE_INFINITY) return a;
  if (a === b) return a === Number.POSITIVE_INFINITY ? Number.NaN : Number.NEGATIVE_INFINITY;
  const d = b - a;
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}
