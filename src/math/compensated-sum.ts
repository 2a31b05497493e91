/**
 * Compensated (Neumaier) summation: sums of many floats whose error does not grow with the count.
 */

/** A running compensated sum; see {@link createCompensatedSum}. */
export interface CompensatedSum {
  /** Adds one term. O(1). */
  add(x: number): void;
  /** The current sum (the running total plus its carried rounding error). O(1). */
  value(): number;
}

/**
 * A running sum with Neumaier's improvement of Kahan compensation (A. Neumaier, "Rundungsfehler-
 * analyse einiger Verfahren zur Summation endlicher Summen", ZAMM 54, 1974): each addition's
 * rounding error is recovered exactly (Fast2Sum on the larger operand) and carried separately.
 * O(1) per term; the error is about 2 ulp of the result plus n · ε² · Σ|x|, independent of the
 * order of the terms for all but pathological inputs. Integer-valued terms whose partial sums stay
 * below 2^53 sum exactly in any order.
 *
 * An Infinity or NaN term makes the value Infinity / NaN as in plain summation.
 *
 * @example
 * ```ts
 * import { createCompensatedSum } from 'clvkit';
 * const total = createCompensatedSum();
 * for (const x of [1e100, 1, -1e100]) total.add(x);
 * total.value(); // 1 (plain summation gives 0)
 * ```
 */
export function createCompensatedSum(): CompensatedSum {
  let sum = 0;
  let compensation = 0;
  return {
    add(x: number): void {
      const t = sum + x;
      if (Math.abs(sum) >= Math.abs(x)) compensation += sum - t + x;
      else compensation += x - t + sum;
      sum = t;
    },
    value(): number {
      // With a non-finite term the compensation is NaN; the plain sum is then the answer.
      return Number.isFinite(sum) ? sum + compensation : sum;
    },
  };
}

/**
 * Σ values[i] (or Σ weights[i] · values[i]) with Neumaier compensation; see
 * {@link createCompensatedSum}. O(n). Each product weights[i] · values[i] is rounded once before
 * it is added, so weighted sums are exact to the sum of those rounded products.
 *
 * Empty input gives 0. `weights` must have the same length as `values` (not checked beyond
 * reading `values.length` entries of it).
 *
 * @example
 * ```ts
 * import { compensatedSum } from 'clvkit';
 * compensatedSum([0.1, 0.2, 0.3]); // 0.6
 * compensatedSum([10, 20], [3, 0.5]); // 40
 * ```
 */
export function compensatedSum(values: ArrayLike<number>, weights?: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const x = weights === undefined ? values[i]! : weights[i]! * values[i]!;
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) compensation += sum - t + x;
    else compensation += x - t + sum;
    sum = t;
  }
  return Number.isFinite(sum) ? sum + compensation : sum;
}

/**
 * Neumaier-compensated sums, one per slot, held as (sum, compensation) pairs in a
 * `Float64Array` of length 2 × slots. @internal
 */
export function createSums(slots: number): Float64Array {
  return new Float64Array(2 * slots);
}

/** Adds `x` to slot `slot` of {@link createSums} storage (Neumaier's variant of Kahan). @internal */
export function addTo(sums: Float64Array, slot: number, x: number): void {
  const k = 2 * slot;
  const s = sums[k]!;
  const t = s + x;
  sums[k + 1] = sums[k + 1]! + (Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s);
  sums[k] = t;
}

/** The compensated total of slot `slot`. @internal */
export function sumOf(sums: Float64Array, slot: number): number {
  return sums[2 * slot]! + sums[2 * slot + 1]!;
}
