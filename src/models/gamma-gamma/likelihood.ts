/**
 * The Gamma-Gamma log-likelihood with its gradient and Hessian, on weighted (x, z̄) rows.
 *
 * Model (Fader, Hardie & Lee 2005, "RFM and CLV", J. Marketing Research 42(4); Hardie, "The
 * Gamma-Gamma Model of Monetary Value", 2013, eq. 1a): given ν, a customer's x transaction values
 * are i.i.d. gamma(p, ν), so their mean z̄ is gamma(px, νx); ν is gamma(q, v) across customers.
 * Integrating ν out gives the density of z̄ for one customer,
 *
 *   f(z̄ | p, q, v; x) = Γ(px + q) / (Γ(px) Γ(q)) · v^q x^{px} z̄^{px−1} / (v + x z̄)^{px+q},
 *
 * whose logarithm, summed over customers, is the log-likelihood reported (it includes the terms
 * px ln x + (px − 1) ln z̄ that depend on p: the reference −4055.92324 on CDNOW is this full sum).
 *
 * @module
 * @internal
 */
import { digamma, logGamma, trigamma } from '../../math/index.js';

/** Repeat customers' (x, z̄) rows with weights, plus the sums that do not depend on (p, q, v). @internal */
export interface SpendData {
  /** Frequency x > 0 of each row. */
  readonly x: Float64Array;
  /** Mean spend z̄ > 0 of each row. */
  readonly m: Float64Array;
  /** Weight of each row (> 0). */
  readonly w: Float64Array;
  /** w·x of each row. */
  readonly wx: Float64Array;
  /** Distinct frequencies and the sum of the weights of their rows: lnΓ(px + q) − lnΓ(px) per group. */
  readonly groupX: Float64Array;
  readonly groupWeight: Float64Array;
  /** Σ w. */
  readonly totalWeight: number;
  /** Σ w x (ln z̄ + ln x): the coefficient of p among the data-only terms. */
  readonly linearP: number;
  /** Σ w ln z̄. */
  readonly sumWLogM: number;
}

/** Builds {@link SpendData} from rows already filtered to x > 0, z̄ > 0, w > 0. O(n). @internal */
export function spendData(x: Float64Array, m: Float64Array, w: Float64Array): SpendData {
  const n = x.length;
  const wx = new Float64Array(n);
  // Weight per distinct frequency: small whole frequencies index an array, others a map.
  const small = new Float64Array(1024);
  const groups = new Map<number, number>();
  let linearP = 0;
  let linearPc = 0;
  let sumLogM = 0;
  let sumLogMc = 0;
  let total = 0;
  let totalc = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const wi = w[i]!;
    const logM = Math.log(m[i]!);
    wx[i] = wi * xi;
    if (xi < 1024) small[xi] = small[xi]! + wi;
    else groups.set(xi, (groups.get(xi) ?? 0) + wi);
    let term = wi * xi * (logM + Math.log(xi));
    let t = linearP + term;
    linearPc += Math.abs(linearP) >= Math.abs(term) ? linearP - t + term : term - t + linearP;
    linearP = t;
    term = wi * logM;
    t = sumLogM + term;
    sumLogMc += Math.abs(sumLogM) >= Math.abs(term) ? sumLogM - t + term : term - t + sumLogM;
    sumLogM = t;
    t = total + wi;
    totalc += Math.abs(total) >= wi ? total - t + wi : wi - t + total;
    total = t;
  }
  let count = groups.size;
  for (let value = 0; value < 1024; value++) if (small[value]! > 0) count++;
  const groupX = new Float64Array(count);
  const groupWeight = new Float64Array(count);
  let k = 0;
  for (let value = 0; value < 1024; value++) {
    if (small[value]! > 0) {
      groupX[k] = value;
      groupWeight[k] = small[value]!;
      k++;
    }
  }
  for (const [value, weight] of groups) {
    groupX[k] = value;
    groupWeight[k] = weight;
    k++;
  }
  return {
    x,
    m,
    w,
    wx,
    groupX,
    groupWeight,
    totalWeight: total + totalc,
    linearP: linearP + linearPc,
    sumWLogM: sumLogM + sumLogMc,
  };
}

/**
 * The sums over rows that carry all of ℓ's dependence on the data given v: A = Σ w x ln(v + x z̄),
 * B = Σ w ln(v + x z̄), C = Σ w x / (v + x z̄), D = Σ w / (v + x z̄). Since p and q enter ℓ and its
 * gradient only linearly through them, one pass at a given v serves every (p, q). @internal
 */
export interface SpendRowSums {
  readonly v: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
}

/** {@link SpendRowSums} at `v`: one pass, one logarithm and one division per row, Neumaier-compensated. @internal */
export function spendRowSums(data: SpendData, v: number): SpendRowSums {
  const { m, w, wx, x } = data;
  let a = 0;
  let ac = 0;
  let b = 0;
  let bc = 0;
  let c = 0;
  let cc = 0;
  let d = 0;
  let dc = 0;
  for (let i = 0; i < x.length; i++) {
    const s = v + x[i]! * m[i]!;
    const log = Math.log(s);
    const r = 1 / s;
    const wi = w[i]!;
    const wxi = wx[i]!;
    let term = wxi * log;
    let t = a + term;
    ac += Math.abs(a) >= Math.abs(term) ? a - t + term : term - t + a;
    a = t;
    term = wi * log;
    t = b + term;
    bc += Math.abs(b) >= Math.abs(term) ? b - t + term : term - t + b;
    b = t;
    // C and D add positive terms only.
    term = wxi * r;
    t = c + term;
    cc += c >= term ? c - t + term : term - t + c;
    c = t;
    term = wi * r;
    t = d + term;
    dc += d >= term ? d - t + term : term - t + d;
    d = t;
  }
  return { v, a: a + ac, b: b + bc, c: c + cc, d: d + dc };
}

/**
 * ℓ(p, q, v) from the row sums at v (see {@link spendRowSums}) and, when `gradient` is given,
 * (∂ℓ/∂p, ∂ℓ/∂q, ∂ℓ/∂v) written into it. O(distinct frequencies): the terms in lnΓ and ψ depend
 * on x only and are summed per distinct frequency. @internal
 */
export function spendLogLikelihoodAt(
  data: SpendData,
  sums: SpendRowSums,
  p: number,
  q: number,
  gradient?: Float64Array,
): number {
  const { groupX, groupWeight, totalWeight } = data;
  const { v, a, b, c, d } = sums;
  let gammaTerms = 0;
  let dp = 0;
  let dq = 0;
  for (let k = 0; k < groupX.length; k++) {
    const xk = groupX[k]!;
    const wk = groupWeight[k]!;
    const px = p * xk;
    gammaTerms += wk * (logGamma(px + q) - logGamma(px));
    if (gradient !== undefined) {
      const psiSum = digamma(px + q);
      dp += wk * xk * (psiSum - digamma(px));
      dq += wk * psiSum;
    }
  }
  const logV = Math.log(v);
  if (gradient !== undefined) {
    gradient[0] = dp + data.linearP - a;
    gradient[1] = dq - totalWeight * digamma(q) + totalWeight * logV - b;
    gradient[2] = (q * totalWeight) / v - (p * c + q * d);
  }
  return (
    gammaTerms -
    totalWeight * logGamma(q) +
    q * totalWeight * logV +
    p * data.linearP -
    data.sumWLogM -
    p * a -
    q * b
  );
}

/**
 * The log-likelihood ℓ(p, q, v) (eq. 1a summed with weights) and, when `gradient` is given, its
 * derivatives (∂ℓ/∂p, ∂ℓ/∂q, ∂ℓ/∂v) written into it. O(n): one pass over the rows
 * ({@link spendRowSums}) plus O(distinct frequencies). @internal
 */
export function spendLogLikelihood(
  data: SpendData,
  p: number,
  q: number,
  v: number,
  gradient?: Float64Array,
): number {
  return spendLogLikelihoodAt(data, spendRowSums(data, v), p, q, gradient);
}

/**
 * The Hessian of ℓ in (p, q, v), row-major 3 × 3, analytic (trigamma for the lnΓ terms). O(n).
 * @internal
 */
export function spendLogLikelihoodHessian(
  data: SpendData,
  p: number,
  q: number,
  v: number,
): Float64Array {
  const { m, w, wx, x, groupX, groupWeight, totalWeight } = data;
  // C = Σ w x / (v + x z̄), D = Σ w / (v + x z̄), F = Σ w (px + q) / (v + x z̄)².
  let c = 0;
  let d = 0;
  let f = 0;
  for (let i = 0; i < x.length; i++) {
    const r = 1 / (v + x[i]! * m[i]!);
    c += wx[i]! * r;
    d += w[i]! * r;
    f += (p * wx[i]! + q * w[i]!) * r * r;
  }
  let pp = 0;
  let pq = 0;
  let qq = 0;
  for (let k = 0; k < groupX.length; k++) {
    const xk = groupX[k]!;
    const wk = groupWeight[k]!;
    const sum = trigamma(p * xk + q);
    pp += wk * xk * xk * (sum - trigamma(p * xk));
    pq += wk * xk * sum;
    qq += wk * sum;
  }
  qq -= totalWeight * trigamma(q);
  const pv = -c;
  const qv = totalWeight / v - d;
  const vv = (-q * totalWeight) / (v * v) + f;
  return new Float64Array([pp, pq, pv, pq, qq, qv, pv, qv, vv]);
}
