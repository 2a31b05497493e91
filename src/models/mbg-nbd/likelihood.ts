/**
 * The MBG/NBD log-likelihood, its analytic gradient and Hessian (Batislam, Denizel & Filiztekin
 * 2007; Wagner & Hoppe 2008, erratum). @internal
 *
 * The MBG/NBD is the BG/NBD (Fader, Hardie & Lee 2005) with one more dropout opportunity: right
 * after the first purchase (time 0). Given λ and p, a customer with x repeat purchases, the last
 * at t_x, observed for T, is still alive with probability (1 − p)^(x+1) and has dropped out after
 * the x-th repeat purchase (after the first purchase when x = 0, so t_x = 0) with probability
 * p (1 − p)^x:
 *
 *   L(λ, p) = (1 − p)^(x+1) λ^x e^(−λT) + p (1 − p)^x λ^x e^(−λ t_x).
 *
 * Integrating over λ ~ Gamma(r, α) and p ~ Beta(a, b):
 *
 *   L = B(a, b + x + 1) / B(a, b) · Γ(r + x) α^r / (Γ(r) (α + T)^(r + x))
 *       + B(a + 1, b + x) / B(a, b) · Γ(r + x) α^r / (Γ(r) (α + t_x)^(r + x)),
 *
 * for every x ≥ 0 (no δ(x > 0) as in the BG/NBD: a customer without repeat purchases may have
 * left at time 0). Since B(a + 1, b + x) / B(a, b + x + 1) = a / (b + x),
 *
 *   ln L = D(x) + r ln α − (r + x) ln(α + T) + softplus(z),
 *   D(x) = ln Γ(r + x) − ln Γ(r) + ln Γ(b + x + 1) − ln Γ(b) − ln Γ(a + b + x + 1) + ln Γ(a + b),
 *   z    = ln a − ln(b + x) + (r + x) (ln(α + T) − ln(α + t_x)),
 *
 * with softplus(z) = ln(1 + e^z). D depends on x only and is computed once per distinct x. With
 * σ(z) = 1 / (1 + e^−z), u = ln(α + T) − ln(α + t_x), v = 1/(α + T) − 1/(α + t_x):
 *
 *   ∂/∂r = ψ(r + x) − ψ(r) + ln α − ln(α + T) + σ u
 *   ∂/∂α = r / α − (r + x) / (α + T) + σ (r + x) v
 *   ∂/∂a = ψ(a + b) − ψ(a + b + x + 1) + σ / a
 *   ∂/∂b = ψ(b + x + 1) − ψ(b) − ψ(a + b + x + 1) + ψ(a + b) − σ / (b + x)
 *
 * (ψ the digamma function), the BG/NBD's derivatives with b + x − 1 → b + x and the shifted
 * gamma arguments.
 */
import { compensatedSum, digamma, logGamma, trigamma } from '../../math/index.js';
import type { CollapsedRows } from '../shared.js';

/** Weighted rows prepared for repeated likelihood evaluations. @internal */
export interface MbgNbdData {
  /** x, t_x (0 when x = 0), T, weight and the index of x in `xValues`, one entry per row. */
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array;
  readonly xIndex: Int32Array;
  /** Distinct frequencies and the total weight of each. */
  readonly xValues: Float64Array;
  readonly xWeight: Float64Array;
  /** Sum of all weights. */
  readonly totalWeight: number;
  /** Sum of weight · x and of weight · T (for the default start). */
  readonly weightedX: number;
  readonly weightedT: number;
  /** Number of distinct rows. */
  readonly rows: number;
}

/** Copies the rows (t_x set to 0 where x = 0) and indexes the distinct x. @internal */
export function prepareMbgNbdData(
  rows: Pick<CollapsedRows, 'x' | 'tx' | 'T' | 'weight'>,
): MbgNbdData {
  const n = rows.x.length;
  let maxX = 0;
  for (let i = 0; i < n; i++) if (rows.x[i]! > maxX) maxX = rows.x[i]!;
  const x = Float64Array.from(rows.x);
  const tx = new Float64Array(n);
  const T = Float64Array.from(rows.T);
  const weight = Float64Array.from(rows.weight);
  const xIndex = new Int32Array(n);
  // Distinct x: a direct lookup table when x is moderate, else a Map.
  const table = maxX <= 4 * n + 1024 ? new Int32Array(maxX + 1).fill(-1) : undefined;
  const map = table === undefined ? new Map<number, number>() : undefined;
  const xValues: number[] = [];
  const xWeight: number[] = [];
  let totalWeight = 0;
  let weightedX = 0;
  let weightedT = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const w = weight[i]!;
    // The dropout at time 0 leaves no purchase: its term is p, i.e. t_x = 0, whatever recency says.
    tx[i] = xi === 0 ? 0 : rows.tx[i]!;
    totalWeight += w;
    weightedX += w * xi;
    weightedT += w * T[i]!;
    let k = table !== undefined ? table[xi]! : (map!.get(xi) ?? -1);
    if (k === -1) {
      k = xValues.length;
      xValues.push(xi);
      xWeight.push(0);
      if (table !== undefined) table[xi] = k;
      else map!.set(xi, k);
    }
    xWeight[k]! += w;
    xIndex[i] = k;
  }
  return {
    x,
    tx,
    T,
    weight,
    xIndex,
    xValues: Float64Array.from(xValues),
    xWeight: Float64Array.from(xWeight),
    totalWeight,
    weightedX,
    weightedT,
    rows: n,
  };
}

/** Scratch space of one evaluator, sized to the distinct x. */
interface Scratch {
  readonly logOdds: Float64Array;
  readonly inverseB: Float64Array;
  readonly byX: Float64Array;
}

const scratchCache = new WeakMap<MbgNbdData, Scratch>();

function scratchOf(data: MbgNbdData): Scratch {
  let scratch = scratchCache.get(data);
  if (scratch === undefined) {
    const k = data.xValues.length;
    scratch = {
      logOdds: new Float64Array(k),
      inverseB: new Float64Array(k),
      byX: new Float64Array(k),
    };
    scratchCache.set(data, scratch);
  }
  return scratch;
}

/**
 * The weighted log-likelihood Σ w ln L at (r, α, a, b), and when `gradient` is given its
 * gradient with respect to (r, α, a, b), written into `gradient[0..3]`. O(distinct rows) with
 * two logarithms (one when t_x = 0), one exponential and one log1p per row. @internal
 */
export function mbgNbdDataLogLikelihood(
  data: MbgNbdData,
  r: number,
  alpha: number,
  a: number,
  b: number,
  gradient?: Float64Array,
): number {
  return evaluate(data, r, alpha, a, b, gradient, undefined);
}

/**
 * The log-likelihood, its gradient (into `gradient`) and its Hessian with respect to
 * (r, α, a, b) (row-major into `hessian[0..15]`), analytic, in the same single pass over the
 * rows. The x-only terms use the trigamma function ψ′. With σ′ = σ(1 − σ) and the derivatives
 * of z, z_r = u, z_α = (r + x) v, z_a = 1/a, z_b = −1/(b + x), the softplus term contributes
 * σ′ z_i z_j + σ z_ij, where z_rα = v, z_αα = (r + x)(1/(α + t_x)² − 1/(α + T)²),
 * z_aa = −1/a², z_bb = 1/(b + x)². @internal
 */
export function mbgNbdDataHessian(
  data: MbgNbdData,
  r: number,
  alpha: number,
  a: number,
  b: number,
  gradient: Float64Array,
  hessian: Float64Array,
): number {
  return evaluate(data, r, alpha, a, b, gradient, hessian);
}

function evaluate(
  data: MbgNbdData,
  r: number,
  alpha: number,
  a: number,
  b: number,
  gradient: Float64Array | undefined,
  hessian: Float64Array | undefined,
): number {
  const { logOdds, inverseB, byX } = scratchOf(data);
  const { xValues, xWeight, totalWeight } = data;
  const withHessian = hessian !== undefined;
  const logAlpha = Math.log(alpha);
  const invAlpha = 1 / alpha;
  // Common to every row: r ln α.
  let gR = totalWeight * logAlpha;
  let gAlpha = (totalWeight * r) / alpha;
  let gA = 0;
  let gB = 0;
  let hRR = 0;
  let hRAlpha = totalWeight / alpha;
  let hAlphaAlpha = (-totalWeight * r) / (alpha * alpha);
  let hRA = 0;
  let hRB = 0;
  let hAlphaA = 0;
  let hAlphaB = 0;
  let hAA = 0;
  let hAB = 0;
  let hBB = 0;

  // Terms that depend on x only: D(x) and its derivatives, once per distinct x (x = 0 included:
  // D(0) = ln(b / (a + b)), the probability of surviving time 0).
  const lgR = logGamma(r);
  const lgB = logGamma(b);
  const lgAB = logGamma(a + b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  const tgR = withHessian ? trigamma(r) : 0;
  const tgB = withHessian ? trigamma(b) : 0;
  const tgAB = withHessian ? trigamma(a + b) : 0;
  const logA = Math.log(a);
  for (let k = 0; k < xValues.length; k++) {
    const xv = xValues[k]!;
    const w = xWeight[k]!;
    const rx = xv === 0 ? 0 : logGamma(r + xv) - lgR;
    byX[k] = w * (rx + (logGamma(b + xv + 1) - lgB) - (logGamma(a + b + xv + 1) - lgAB));
    const psiABX = digamma(a + b + xv + 1);
    if (xv !== 0) gR += w * (digamma(r + xv) - psiR);
    gA += w * (psiAB - psiABX);
    gB += w * (digamma(b + xv + 1) - psiB + psiAB - psiABX);
    if (withHessian) {
      const tgABX = trigamma(a + b + xv + 1);
      if (xv !== 0) hRR += w * (trigamma(r + xv) - tgR);
      hAA += w * (tgAB - tgABX);
      hAB += w * (tgAB - tgABX);
      hBB += w * (trigamma(b + xv + 1) - tgB + tgAB - tgABX);
    }
    logOdds[k] = logA - Math.log(b + xv);
    inverseB[k] = 1 / (b + xv);
  }

  // Every row: −(r + x) ln(α + T) + softplus(z). The total is Neumaier-compensated (many terms
  // of similar size).
  const { x, tx, T, weight, xIndex } = data;
  let sum = 0;
  let carry = 0;
  let sigmaTotal = 0;
  let primeTotal = 0; // Σ w σ′
  let primeInvB = 0; // Σ w σ′ / (b + x)
  let primeInvB2 = 0;
  let sigmaInvB2 = 0;
  for (let i = 0; i < x.length; i++) {
    const w = weight[i]!;
    const s = r + x[i]!;
    const k = xIndex[i]!;
    const txi = tx[i]!;
    const invT = 1 / (alpha + T[i]!);
    const invTx = txi === 0 ? invAlpha : 1 / (alpha + txi);
    const lT = Math.log(alpha + T[i]!);
    const u = lT - (txi === 0 ? logAlpha : Math.log(alpha + txi));
    const z = logOdds[k]! + s * u;
    let softplus: number;
    let sigma: number;
    if (z > 0) {
      const e = Math.exp(-z);
      softplus = z + Math.log1p(e);
      sigma = 1 / (1 + e);
    } else {
      const e = Math.exp(z);
      softplus = Math.log1p(e);
      sigma = e / (1 + e);
    }
    const term = w * (softplus - s * lT);
    const next = sum + term;
    carry += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    sum = next;
    const ws = w * sigma;
    const v = invT - invTx;
    const invB = inverseB[k]!;
    gR += ws * u - w * lT;
    gAlpha += ws * s * v - w * s * invT;
    sigmaTotal += ws;
    gB -= ws * invB;
    if (withHessian) {
      const prime = ws * (1 - sigma);
      hRR += prime * u * u;
      hRAlpha += -w * invT + prime * u * s * v + ws * v;
      hAlphaAlpha +=
        w * s * invT * invT + prime * s * s * v * v + ws * s * (invTx * invTx - invT * invT);
      hRA += prime * u;
      hRB -= prime * u * invB;
      hAlphaA += prime * s * v;
      hAlphaB -= prime * s * v * invB;
      primeTotal += prime;
      primeInvB += prime * invB;
      primeInvB2 += prime * invB * invB;
      sigmaInvB2 += ws * invB * invB;
    }
  }
  gA += sigmaTotal / a;
  if (gradient !== undefined) {
    gradient[0] = gR;
    gradient[1] = gAlpha;
    gradient[2] = gA;
    gradient[3] = gB;
  }
  if (hessian !== undefined) {
    hRA /= a;
    hAlphaA /= a;
    hAA += (primeTotal - sigmaTotal) / (a * a);
    hAB -= primeInvB / a;
    hBB += primeInvB2 + sigmaInvB2;
    const entries = [
      [hRR, hRAlpha, hRA, hRB],
      [hRAlpha, hAlphaAlpha, hAlphaA, hAlphaB],
      [hRA, hAlphaA, hAA, hAB],
      [hRB, hAlphaB, hAB, hBB],
    ];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) hessian[i * 4 + j] = entries[i]![j]!;
  }
  let total = sum + carry;
  total += compensatedSum(byX);
  total += totalWeight * r * logAlpha;
  return total;
}
