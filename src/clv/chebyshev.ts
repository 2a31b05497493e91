/**
 * Chebyshev interpolation on [−1, 1] at the Chebyshev–Lobatto points (Trefethen, "Approximation
 * Theory and Approximation Practice", 2013, ch. 2–3): for a function analytic near the interval,
 * the coefficients decay geometrically and the interpolant is accurate to the size of the
 * coefficients left out.
 *
 * @module
 * @internal
 */

/** The N Chebyshev–Lobatto points cos(πj/(N − 1)), j = 0..N − 1 (from 1 down to −1). @internal */
export function lobattoPoints(count: number): Float64Array {
  const points = new Float64Array(count);
  for (let j = 0; j < count; j++) points[j] = Math.cos((Math.PI * j) / (count - 1));
  points[count - 1] = -1;
  if (count % 2 === 1) points[(count - 1) / 2] = 0;
  return points;
}

/**
 * Chebyshev coefficients c_0..c_{N−1} of the polynomial interpolating `values` at the N
 * Lobatto points (discrete cosine transform of type I), so that p(s) = Σ c_k T_k(s). O(N²),
 * for N of a few dozen. @internal
 */
export function chebyshevCoefficients(values: Float64Array): Float64Array {
  const count = values.length;
  const last = count - 1;
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    let sum = 0.5 * (values[0]! + (k % 2 === 0 ? values[last]! : -values[last]!));
    for (let j = 1; j < last; j++) sum += values[j]! * Math.cos((Math.PI * j * k) / last);
    out[k] = ((k === 0 || k === last ? 1 : 2) * sum) / last;
  }
  return out;
}

/**
 * True when the tail of `coefficients` (its last three) is below `N · 1e-15` times the largest
 * coefficient: the interpolant has resolved the function to about that relative accuracy. @internal
 */
export function isResolved(coefficients: Float64Array): boolean {
  const count = coefficients.length;
  let scale = 0;
  for (let k = 0; k < count; k++) scale = Math.max(scale, Math.abs(coefficients[k]!));
  if (scale === 0) return true;
  if (!Number.isFinite(scale)) return false;
  const tolerance = count * 1e-15 * scale;
  for (let k = count - 3; k < count; k++)
    if (!(Math.abs(coefficients[k]!) <= tolerance)) return false;
  return true;
}
