export { expectClose, expectClvError } from '../helpers/assert.js';

/** Brute-force Σ of discounted expected margins, the definition the closed forms must match. */
export function bruteForceClv(
  margin: number,
  retention: number,
  discountRate: number,
  periods: number,
  timing: 'end' | 'start',
): number {
  // Plain loop with Neumaier compensation; r^t and (1+d)^t recomputed with ** for independence.
  let sum = 0;
  let compensation = 0;
  const first = timing === 'end' ? 1 : 0;
  for (let t = first; t < first + periods; t++) {
    const x = (margin * retention ** t) / (1 + discountRate) ** t;
    const s = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - s + x : x - s + sum;
    sum = s;
  }
  return sum + compensation;
}
