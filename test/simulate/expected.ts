/** BG/NBD parameters as the simulator takes them. */
export interface BgNbd {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/**
 * E[X(t)], the expected number of repeat purchases in (0, t] of a customer whose first purchase
 * is at 0 (Fader, Hardie & Lee 2005, eq. 9), by numerical integration instead of the 2F1 form.
 * Given λ and p, E[X(t)] = (1 − e^(−λpt)) / p (their eq. 7); over λ ~ Gamma(r, α) this is
 * (1 − (α / (α + pt))^r) / p; then we average over p ~ Beta(a, b). The substitution u = p^a
 * removes the p^(a−1) singularity at 0, leaving the weight (1 − u^(1/a))^(b−1) (bounded for
 * b ≥ 1), integrated by the midpoint rule; the weight's own integral normalises, so no Beta
 * function is needed.
 */
export function expectedRepeatPurchases(
  t: number,
  { r, alpha, a, b }: BgNbd,
  steps = 20_000,
): number {
  let numerator = 0;
  let denominator = 0;
  for (let k = 0; k < steps; k++) {
    const p = ((k + 0.5) / steps) ** (1 / a);
    const weight = (1 - p) ** (b - 1);
    // (1 − (1 + pt/α)^(−r)) / p without cancellation for small p.
    const perP = -Math.expm1(-r * Math.log1p((p * t) / alpha)) / p;
    numerator += perP * weight;
    denominator += weight;
  }
  return numerator / denominator;
}

/**
 * The mean of E[X(horizon − s)] over acquisition times s uniform on [0, window]: the expected
 * repeat purchases per customer when first purchases are spread uniformly over the window.
 * Midpoint rule in s.
 */
export function expectedRepeatPurchasesUniform(
  horizon: number,
  window: number,
  params: BgNbd,
  steps = 100,
): number {
  let sum = 0;
  for (let k = 0; k < steps; k++) {
    sum += expectedRepeatPurchases(horizon - ((k + 0.5) / steps) * window, params, 2000);
  }
  return sum / steps;
}
