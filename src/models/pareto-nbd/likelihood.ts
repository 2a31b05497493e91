/**
 * The Pareto/NBD log-likelihood and its analytic gradient (Schmittlein, Morrison & Colombo 1987;
 * in the form of Fader & Hardie 2005, "A note on deriving the Pareto/NBD model and related
 * expressions", section 3). @internal
 *
 * For one customer with x repeat purchases, last at t_x, observed for T:
 *
 *   L = Γ(r + x) α^r β^s / Γ(r) · [A + s·I],   A = (α + T)^−(r+x) (β + T)^−s,
 *   I = ∫_{t_x}^{T} (α + τ)^−(r+x) (β + τ)^−(s+1) dτ = g(t_x) − g(T),
 *
 * (A: alive at T; s·I: died at τ ∈ (t_x, T]), and with a = r + s + x, m = max(α, β),
 * z_y = |α − β| / (m + y) ∈ [0, 1), the note's hypergeometric form is
 *
 *   g(y) = (m + y)^−a · 2F1(a, b; a + 1; z_y) / a,   b = s + 1 if α ≥ β, r + x if α < β.
 *
 * Euler's transformation (DLMF 15.8.1) gives 2F1(a, b; a + 1; z) = (1 − z)^(1−b) Φ(z) with
 * Φ(z) = 2F1(1, d; a + 1; z) = Σ_k (d)_k / (a + 1)_k z^k, d = a + 1 − b (r + x if α ≥ β, s + 1 if
 * α < β): a series of positive terms whose ratio (d + k) / (a + 1 + k) · z is below z, so it
 * converges at least geometrically for every x (the note's direct series for α < β has the upper
 * parameter r + x and grows for hundreds of terms when x is large). At α = β, z = 0 and Φ = 1:
 * both branches meet, and near α ≈ β the series has a term or two.
 *
 * Everything is in log space relative to A: with ℓ(y) = ln g(y) − ln A,
 *
 *   ℓ(y) = (r + x) ln((α + T)/(α + y)) + s ln((β + T)/(β + y)) + [α < β] ln(1 − z_y) − ln a + ln Φ(z_y),
 *   ln L = ln Γ(r + x) − ln Γ(r) + r ln α + s ln β − (r + x) ln(α + T) − s ln(β + T) + ln(1 + ρ),
 *   ρ = s (e^ℓ(t_x) − e^ℓ(T)) ≥ 0,   P(alive at T) = 1 / (1 + ρ),
 *
 * so nothing overflows for x in the thousands. The gradient differentiates the series of Φ term
 * by term in a, d and z alongside its value (∂ ln (d)_k = Σ_{j<k} 1/(d + j), ∂ ln (a + 1)_k =
 * Σ_{j≤k} 1/(a + j)); for z > {@link SERIES_Z} (α and β far apart, y small) the series would be
 * slow and Φ comes from {@link logHyp2f1} instead, its a- and d-derivatives by central
 * differences. Customers sharing x share a, d and hence Φ as a function of z alone: for groups
 * of many rows Φ and its derivatives are interpolated (piecewise Chebyshev in w = −ln(1 − z) =
 * ln((m + y)/(min(α, β) + y)), which each row has from its logarithms anyway), so the cost per
 * row does not depend on how many series terms z needs.
 */
import { digamma, log1pExp, logGamma, logHyp2f1 } from '../../math/index.js';
import type { CollapsedRows } from '../shared.js';

/** Weighted rows prepared for repeated likelihood evaluations. @internal */
export interface ParetoNbdData {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array;
  /** Index of each row's x in `xValues`. */
  readonly xIndex: Int32Array;
  /** Distinct frequencies and the total weight of each. */
  readonly xValues: Float64Array;
  readonly xWeight: Float64Array;
  /** Rows per distinct x. */
  readonly xRows: Int32Array;
  /**
   * Smallest and largest y at which rows of each distinct x need Φ: T, and t_x when
   * 0 < t_x < T (t_x = 0 is shared by the whole group; t_x = T needs nothing).
   */
  readonly xMinY: Float64Array;
  readonly xMaxY: Float64Array;
  /** Sum of all weights. */
  readonly totalWeight: number;
  /** Sums of weight · x, weight · t_x and weight · T (for the default start). */
  readonly weightedX: number;
  readonly weightedTx: number;
  readonly weightedT: number;
  /** Number of rows. */
  readonly rows: number;
}

/** Indexes the distinct x of weighted rows and the range of y each needs. O(n). @internal */
export function prepareParetoNbdData(
  rows: Pick<CollapsedRows, 'x' | 'tx' | 'T' | 'weight'>,
): ParetoNbdData {
  const n = rows.x.length;
  let maxX = 0;
  for (let i = 0; i < n; i++) if (rows.x[i]! > maxX) maxX = rows.x[i]!;
  const table = maxX <= 4 * n + 1024 ? new Int32Array(maxX + 1).fill(-1) : undefined;
  const map = table === undefined ? new Map<number, number>() : undefined;
  const xValues: number[] = [];
  const xWeight: number[] = [];
  const xRows: number[] = [];
  const xMinY: number[] = [];
  const xMaxY: number[] = [];
  const xIndex = new Int32Array(n);
  let totalWeight = 0;
  let weightedX = 0;
  let weightedTx = 0;
  let weightedT = 0;
  for (let i = 0; i < n; i++) {
    const xi = rows.x[i]!;
    const w = rows.weight[i]!;
    const Ti = rows.T[i]!;
    const tx = rows.tx[i]!;
    let k = table !== undefined ? table[xi]! : (map!.get(xi) ?? -1);
    if (k === -1) {
      k = xValues.length;
      xValues.push(xi);
      xWeight.push(0);
      xRows.push(0);
      xMinY.push(Number.POSITIVE_INFINITY);
      xMaxY.push(0);
      if (table !== undefined) table[xi] = k;
      else map!.set(xi, k);
    }
    xIndex[i] = k;
    xWeight[k]! += w;
    xRows[k]!++;
    const low = tx > 0 && tx < Ti ? tx : Ti;
    if (low < xMinY[k]!) xMinY[k] = low;
    if (Ti > xMaxY[k]!) xMaxY[k] = Ti;
    totalWeight += w;
    weightedX += w * xi;
    weightedTx += w * tx;
    weightedT += w * Ti;
  }
  return {
    x: rows.x,
    tx: rows.tx,
    T: rows.T,
    weight: rows.weight,
    xIndex,
    xValues: Float64Array.from(xValues),
    xWeight: Float64Array.from(xWeight),
    xRows: Int32Array.from(xRows),
    xMinY: Float64Array.from(xMinY),
    xMaxY: Float64Array.from(xMaxY),
    totalWeight,
    weightedX,
    weightedTx,
    weightedT,
    rows: n,
  };
}

/** Largest z summed as a series; beyond it, {@link logHyp2f1} (continuation towards z = 1). */
export const SERIES_Z = 0.9;
/**
 * Largest z summed as a series at interpolation nodes (once per node, not per row: up to about
 * 6,000 terms), so that the interpolants' derivatives stay exact where rows would use
 * {@link logHyp2f1} and difference quotients.
 */
const NODE_SERIES_Z = 0.99;
/** Most series terms (never reached for z ≤ {@link NODE_SERIES_Z}). */
const SERIES_MAX_TERMS = 20_000;
/** Relative size of the last term (times (k + 1)/(1 − z)², bounding the tails) at which to stop. */
const SERIES_STOP = 2 ** -56;

/**
 * ln Φ(z) = ln 2F1(1, d; a + 1; z) and, when `withGradient`, ∂ ln Φ / ∂a, ∂ ln Φ / ∂d and
 * ∂ ln Φ / ∂w = (1 − z) ∂ ln Φ / ∂z (w = −ln(1 − z)) into `out[0..3]` (0 ≤ z < 1, a > 0,
 * d > 0). @internal
 */
export function logPhi(
  a: number,
  d: number,
  z: number,
  withGradient: boolean,
  out: Float64Array,
  seriesLimit: number = SERIES_Z,
): void {
  if (z === 0) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    out[3] = d / (a + 1);
    return;
  }
  if (z > seriesLimit) {
    logPhiContinued(a, d, z, withGradient, out);
    return;
  }
  // T_k = T_{k−1} (d + k − 1)/(a + k) z; sums of T_k, −T_k Σ_{j≤k} 1/(a + j),
  // T_k Σ_{j<k} 1/(d + j) and k T_k / z (no division by z, so z → 0 is safe). Every later term
  // ratio is below z, so the tails are below T_k z/(1 − z) and (k + 1) T_k /(1 − z)².
  const tailFactor = SERIES_STOP * (1 - z) * (1 - z);
  let term = 1;
  let sum = 1;
  let sumA = 0;
  let sumD = 0;
  let sumZ = 0;
  let harmonicA = 0;
  let harmonicD = 0;
  for (let k = 1; k < SERIES_MAX_TERMS; k++) {
    const dk = d + k - 1;
    const inverseA = 1 / (a + k);
    const reduced = term * dk * inverseA; // T_k / z
    term = reduced * z;
    sum += term;
    if (withGradient) {
      harmonicA += inverseA;
      harmonicD += 1 / dk;
      sumA -= term * harmonicA;
      sumD += term * harmonicD;
      sumZ += k * reduced;
    }
    if (term * (k + 1) <= tailFactor * sum) break;
  }
  out[0] = Math.log(sum);
  if (withGradient) {
    out[1] = sumA / sum;
    out[2] = sumD / sum;
    out[3] = ((1 - z) * sumZ) / sum;
  }
}

/**
 * {@link logPhi} for z near 1 by {@link logHyp2f1}: ∂/∂z from
 * d/dz 2F1(1, d; a + 1; z) = d/(a + 1) · 2F1(2, d + 1; a + 2; z) (DLMF 15.5.1), ∂/∂a and ∂/∂d by
 * central differences (relative steps 1e-5; about 1e-9 relative accuracy).
 */
function logPhiContinued(
  a: number,
  d: number,
  z: number,
  withGradient: boolean,
  out: Float64Array,
): void {
  const value = logHyp2f1(1, d, a + 1, z);
  out[0] = value;
  if (!withGradient) return;
  const ha = 1e-5 * (a + 1);
  const hd = 1e-5 * d;
  out[1] = (logHyp2f1(1, d, a + 1 + ha, z) - logHyp2f1(1, d, a + 1 - ha, z)) / (2 * ha);
  out[2] = (logHyp2f1(1, d + hd, a + 1, z) - logHyp2f1(1, d - hd, a + 1, z)) / (2 * hd);
  out[3] = (1 - z) * (d / (a + 1)) * Math.exp(logHyp2f1(2, d + 1, a + 2, z) - value);
}

/** Rows of one x from which Φ is interpolated rather than summed per row. */
const MIN_GROUP_FOR_INTERPOLATION = 48;
/** Chebyshev nodes per piece. */
const CHEBYSHEV_NODES = 16;
/**
 * Highest Chebyshev degree kept, so evaluated per row: pieces are split until the coefficients
 * beyond it are negligible. Clenshaw's recurrence is a serial chain (its cost per row is its
 * length); 9 instead of all 15 takes a fifth off a pass over a million rows, for a few more
 * pieces built per evaluation (each piece's 16 nodes are series sums, per distinct x, not per row).
 */
const DEGREE = 9;
/** Most pieces an interval may be split into before falling back to direct evaluation. */
const MAX_PIECES = 64;
/** Relative size of the dropped Chebyshev coefficients at which a piece is accepted. */
const CHEBYSHEV_TOLERANCE = 1e-14;

/**
 * Piecewise Chebyshev interpolants of `functions` (1: ln Φ; 4: ln Φ and its a, d, w derivatives)
 * functions of w on [lo, lo + pieces · width]: plain data, one shape.
 */
interface Interpolant {
  readonly lo: number;
  readonly width: number;
  readonly pieces: number;
  readonly functions: number;
  /** Per piece and node index j, the `functions` coefficients of T_j. */
  readonly coefficients: Float64Array;
}

const cosines = (() => {
  const N = CHEBYSHEV_NODES;
  const out = new Float64Array(N * N);
  for (let j = 0; j < N; j++) {
    for (let k = 0; k < N; k++) out[j * N + k] = Math.cos((Math.PI * j * (k + 0.5)) / N);
  }
  return out;
})();

const nodeValues = new Float64Array(4);

/**
 * Interpolants of ln Φ (and its derivatives when `withGradient`) as functions of
 * w = −ln(1 − z) ∈ [lo, hi] for fixed a, d: K equal pieces of {@link CHEBYSHEV_NODES} nodes,
 * K doubling from 1 until on every piece the coefficients of every function beyond degree
 * {@link DEGREE} (dropped) are below {@link CHEBYSHEV_TOLERANCE} · max |f| (Trefethen, Approximation Theory and Approximation
 * Practice, ch. 8). In w the branch cut z ∈ [1, ∞) of Φ becomes the lines Im w = ±π, ±3π, …, and
 * Φ — a Stieltjes transform of a positive measure for these parameters — has no zeros off the
 * cut, so ln Φ and its derivatives are analytic in a strip of half-width π around the real axis
 * and equal pieces converge alike however close z comes to 1. Undefined when even
 * {@link MAX_PIECES} pieces do not meet the tolerance or a value is not finite.
 */
function buildInterpolant(
  a: number,
  d: number,
  lo: number,
  hi: number,
  withGradient: boolean,
): Interpolant | undefined {
  const N = CHEBYSHEV_NODES;
  const F = withGradient ? 4 : 1;
  const span = hi - lo;
  // Beyond z = NODE_SERIES_Z the nodes come from logHyp2f1 (about 1e-13 absolute) and difference
  // quotients (about 1e-9): accept coefficients at that noise level there.
  const tolerance = hi > -Math.log1p(-NODE_SERIES_Z) ? 1e-8 : CHEBYSHEV_TOLERANCE;
  pieces: for (let K = 1; K <= MAX_PIECES; K *= 2) {
    const width = span / K;
    const coefficients = new Float64Array(K * N * F);
    const values = new Float64Array(N * F);
    for (let p = 0; p < K; p++) {
      const half = 0.5 * width;
      const middle = lo + (p + 0.5) * width;
      for (let k = 0; k < N; k++) {
        const w = middle + half * cosines[N + k]!; // cos(π (k + ½) / N)
        logPhi(a, d, -Math.expm1(-w), withGradient, nodeValues, NODE_SERIES_Z);
        for (let f = 0; f < F; f++) {
          const v = nodeValues[f]!;
          if (!Number.isFinite(v)) return undefined;
          values[k * F + f] = v;
        }
      }
      for (let f = 0; f < F; f++) {
        let largest = 0;
        for (let k = 0; k < N; k++) largest = Math.max(largest, Math.abs(values[k * F + f]!));
        let tail = 0;
        for (let j = 0; j < N; j++) {
          let sum = 0;
          for (let k = 0; k < N; k++) sum += values[k * F + f]! * cosines[j * N + k]!;
          const c = ((j === 0 ? 1 : 2) * sum) / N;
          coefficients[(p * N + j) * F + f] = c;
          if (j > DEGREE) tail = Math.max(tail, Math.abs(c));
        }
        if (!(tail <= tolerance * largest)) continue pieces;
      }
    }
    return { lo, width, pieces: K, functions: F, coefficients };
  }
  return undefined;
}

/**
 * The interpolants at w (Clenshaw's recurrence on the piece holding w) into `out[0..F−1]`;
 * w slightly outside the interval (rounding) uses the end piece.
 */
function interpolate(interpolant: Interpolant, w: number, out: Float64Array): void {
  const { lo, width, pieces, coefficients, functions } = interpolant;
  const N = CHEBYSHEV_NODES;
  const p = width > 0 ? Math.min(pieces - 1, Math.max(0, Math.floor((w - lo) / width))) : 0;
  const t = width > 0 ? (2 * (w - lo)) / width - 2 * p - 1 : 0;
  const twoT = 2 * t;
  if (functions === 1) {
    const base = p * N;
    let b1 = 0;
    let b2 = 0;
    for (let j = DEGREE; j >= 1; j--) {
      const b0 = coefficients[base + j]! - b2 + twoT * b1;
      b2 = b1;
      b1 = b0;
    }
    out[0] = coefficients[base]! + t * b1 - b2;
    return;
  }
  const base = p * N * 4;
  let a1 = 0;
  let a2 = 0;
  let b1 = 0;
  let b2 = 0;
  let c1 = 0;
  let c2 = 0;
  let d1 = 0;
  let d2 = 0;
  for (let j = DEGREE; j >= 1; j--) {
    const o = base + 4 * j;
    const a0 = coefficients[o]! - a2 + twoT * a1;
    const b0 = coefficients[o + 1]! - b2 + twoT * b1;
    const c0 = coefficients[o + 2]! - c2 + twoT * c1;
    const d0 = coefficients[o + 3]! - d2 + twoT * d1;
    a2 = a1;
    a1 = a0;
    b2 = b1;
    b1 = b0;
    c2 = c1;
    c1 = c0;
    d2 = d1;
    d1 = d0;
  }
  out[0] = coefficients[base]! + t * a1 - a2;
  out[1] = coefficients[base + 1]! + t * b1 - b2;
  out[2] = coefficients[base + 2]! + t * c1 - c2;
  out[3] = coefficients[base + 3]! + t * d1 - d2;
}

/** ℓ(T) − ℓ(t_x) below this: e^ℓ(T) is negligible against e^ℓ(t_x) (e^−40 ≈ 4e-18). */
const NEGLIGIBLE_LOG_RATIO = -40;

/** Per-evaluation constants of each distinct x, reused between evaluations. */
interface Scratch {
  /** ln a, a = r + s + x. */
  readonly logA: Float64Array;
  /** ln Φ and its a, d, w derivatives at y = 0, per distinct x (rows with t_x = 0). */
  readonly zeroPoint: Float64Array;
  readonly zeroReady: Uint8Array;
  readonly interpolants: (Interpolant | undefined)[];
}

const scratchCache = new WeakMap<ParetoNbdData, Scratch>();

function scratchOf(data: ParetoNbdData): Scratch {
  let scratch = scratchCache.get(data);
  if (scratch === undefined) {
    const k = data.xValues.length;
    scratch = {
      logA: new Float64Array(k),
      zeroPoint: new Float64Array(4 * k),
      zeroReady: new Uint8Array(k),
      interpolants: new Array<Interpolant | undefined>(k).fill(undefined),
    };
    scratchCache.set(data, scratch);
  }
  return scratch;
}

const pointT = new Float64Array(4);
const pointY = new Float64Array(4);

/**
 * The weighted log-likelihood Σ w ln L at (r, α, s, β) and, when `gradient` is given, its
 * gradient with respect to (r, α, s, β) in `gradient[0..3]`. With `logOdds`, ln ρ of every row
 * is written there too (−Infinity when ρ = 0). O(distinct rows): per row two to four
 * logarithms, two or three exponentials and Φ at one or two points — from a piecewise Chebyshev
 * interpolant per distinct x with at least {@link MIN_GROUP_FOR_INTERPOLATION} rows (built per
 * evaluation from a few dozen series sums), else from its series. @internal
 */
export function paretoNbdLogLikelihoodOf(
  data: ParetoNbdData,
  r: number,
  alpha: number,
  s: number,
  beta: number,
  gradient?: Float64Array,
  logOdds?: Float64Array,
): number {
  const withGradient = gradient !== undefined;
  const { logA: logAOf, zeroPoint, zeroReady, interpolants } = scratchOf(data);
  zeroReady.fill(0);
  const { xValues, xWeight, xRows, xMinY, xMaxY, totalWeight } = data;
  const logAlpha = Math.log(alpha);
  const logBeta = Math.log(beta);
  const swap = alpha < beta;
  const m = swap ? beta : alpha;
  const n = swap ? alpha : beta;
  const gap = Math.abs(alpha - beta);
  const logS = Math.log(s);
  const inverseS = 1 / s;
  const dSwap = s + 1;

  // r ln α + s ln β for every row; ln Γ(r + x) − ln Γ(r) once per distinct x; ln a and the
  // interpolants of Φ per distinct x.
  let constant = totalWeight * (r * logAlpha + s * logBeta);
  let gR = totalWeight * logAlpha;
  let gAlpha = (totalWeight * r) / alpha;
  let gS = totalWeight * logBeta;
  let gBeta = (totalWeight * s) / beta;
  const lgR = logGamma(r);
  const psiR = withGradient ? digamma(r) : 0;
  for (let k = 0; k < xValues.length; k++) {
    const xv = xValues[k]!;
    const w = xWeight[k]!;
    logAOf[k] = Math.log(r + s + xv);
    interpolants[k] = undefined;
    if (xv !== 0) {
      constant += w * (logGamma(r + xv) - lgR);
      if (withGradient) gR += w * (digamma(r + xv) - psiR);
    }
    if (xRows[k]! >= MIN_GROUP_FOR_INTERPOLATION && gap > 0 && xMinY[k]! < xMaxY[k]!) {
      interpolants[k] = buildInterpolant(
        r + s + xv,
        swap ? dSwap : r + xv,
        Math.log1p(gap / (n + xMaxY[k]!)),
        Math.log1p(gap / (n + xMinY[k]!)),
        withGradient,
      );
    }
  }

  const { x, tx, T, weight, xIndex } = data;
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < x.length; i++) {
    const w = weight[i]!;
    const xi = x[i]!;
    const Ti = T[i]!;
    const y = tx[i]!;
    const rx = r + xi;
    const alphaT = alpha + Ti;
    const betaT = beta + Ti;
    const lA = Math.log(alphaT);
    const lB = Math.log(betaT);
    // ln A = −(r + x) ln(α + T) − s ln(β + T).
    let term = -rx * lA - s * lB;
    if (withGradient) {
      gR -= w * lA;
      gAlpha -= (w * rx) / alphaT;
      gS -= w * lB;
      gBeta -= (w * s) / betaT;
    }
    if (y < Ti) {
      const k = xIndex[i]!;
      const a = rx + s;
      const d = swap ? dSwap : rx;
      const logA = logAOf[k]!;
      const interpolant = interpolants[k];
      // ℓ(t_x) = (r + x) u + s v − [α < β] w_y − ln a + ln Φ, from the per-x cache at t_x = 0.
      let point: Float64Array;
      let offset = 0;
      let lAy: number;
      let lBy: number;
      const alphaY = alpha + y;
      const betaY = beta + y;
      if (y === 0) {
        offset = 4 * k;
        if (zeroReady[k] === 0) {
          logPhi(a, d, gap / m, withGradient, pointY);
          zeroPoint.set(pointY, offset);
          zeroReady[k] = 1;
        }
        point = zeroPoint;
        lAy = logAlpha;
        lBy = logBeta;
      } else {
        lAy = Math.log(alphaY);
        lBy = Math.log(betaY);
        if (interpolant !== undefined) {
          interpolate(interpolant, Math.max(0, swap ? lBy - lAy : lAy - lBy), pointY);
        } else {
          logPhi(a, d, gap / (m + y), withGradient, pointY);
        }
        point = pointY;
      }
      const u = lA - lAy;
      const v = lB - lBy;
      const first = rx * u + s * v + (swap ? lAy - lBy : 0) - logA + point[offset]!;
      // ℓ(T) = −[α < β] w_T − ln a + ln Φ: skipped when provably negligible (Φ ≤ 1/(1 − z) =
      // e^w since every term ratio is below z).
      const wT = Math.max(0, swap ? lB - lA : lA - lB);
      const bound = -logA + (swap ? 0 : wT);
      let second = Number.NEGATIVE_INFINITY;
      if (bound - first > NEGLIGIBLE_LOG_RATIO) {
        if (interpolant !== undefined) interpolate(interpolant, wT, pointT);
        else logPhi(a, d, gap / (m + Ti), withGradient, pointT);
        second = (swap ? -wT : 0) - logA + pointT[0]!;
      }
      if (second < first) {
        // ρ = s e^ℓ(t_x) − s e^ℓ(T) directly while that cannot overflow (three transcendental
        // functions), else in log space. σ = ρ / (1 + ρ), κ = s e^ℓ(t_x) / (1 + ρ).
        let ratio: number; // e^ℓ(T) / e^ℓ(t_x) ∈ [0, 1)
        let softplus: number; // ln(1 + ρ)
        let sigma: number;
        let kappa: number;
        const logFirst = logS + first;
        if (logFirst < 300 && logOdds === undefined) {
          const e1 = Math.exp(logFirst);
          const e2 = second === Number.NEGATIVE_INFINITY ? 0 : Math.exp(logS + second);
          const rho = e1 - e2;
          const inverse = 1 / (1 + rho);
          ratio = e1 > 0 ? e2 / e1 : 0;
          softplus = Math.log1p(rho);
          sigma = rho * inverse;
          kappa = e1 * inverse;
        } else {
          ratio = Math.exp(second - first);
          const logRho = logFirst + Math.log1p(-ratio);
          if (logOdds !== undefined) logOdds[i] = logRho;
          softplus = log1pExp(logRho);
          sigma = Math.exp(logRho - softplus);
          kappa = sigma / (1 - ratio);
        }
        term += softplus;
        if (withGradient) {
          // ∇ ln(1 + ρ) = σ ∇s/s + κ (∇ℓ(t_x) − e^(ℓ(T)−ℓ(t_x)) ∇ℓ(T)). With ∂w/∂α = ±1/(α + y),
          // ∂w/∂β = ∓1/(β + y) (upper sign for α ≥ β).
          const inverseA = 1 / a;
          const phiA = point[offset + 1]!;
          const phiD = point[offset + 2]!;
          const phiW = point[offset + 3]!;
          const inverseAlphaY = 1 / alphaY;
          const inverseBetaY = 1 / betaY;
          const inverseAlphaT = 1 / alphaT;
          const inverseBetaT = 1 / betaT;
          const sign = swap ? -1 : 1;
          let dR = u - inverseA + phiA + (swap ? 0 : phiD);
          let dS = v - inverseA + phiA + (swap ? phiD : 0);
          let dAlpha =
            rx * (inverseAlphaT - inverseAlphaY) +
            (swap ? inverseAlphaY : 0) +
            sign * phiW * inverseAlphaY;
          let dBeta =
            s * (inverseBetaT - inverseBetaY) -
            (swap ? inverseBetaY : 0) -
            sign * phiW * inverseBetaY;
          if (ratio > 0) {
            const tA = pointT[1]!;
            const tD = pointT[2]!;
            const tW = pointT[3]!;
            dR -= ratio * (-inverseA + tA + (swap ? 0 : tD));
            dS -= ratio * (-inverseA + tA + (swap ? tD : 0));
            dAlpha -= ratio * ((swap ? inverseAlphaT : 0) + sign * tW * inverseAlphaT);
            dBeta -= ratio * (-(swap ? inverseBetaT : 0) - sign * tW * inverseBetaT);
          }
          gR += w * kappa * dR;
          gAlpha += w * kappa * dAlpha;
          gS += w * (kappa * dS + sigma * inverseS);
          gBeta += w * kappa * dBeta;
        }
      } else if (logOdds !== undefined) logOdds[i] = Number.NEGATIVE_INFINITY;
    } else if (logOdds !== undefined) logOdds[i] = Number.NEGATIVE_INFINITY;
    term *= w;
    const next = sum + term;
    carry += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    sum = next;
  }
  if (gradient !== undefined) {
    gradient[0] = gR;
    gradient[1] = gAlpha;
    gradient[2] = gS;
    gradient[3] = gBeta;
  }
  return sum + carry + constant;
}

/**
 * ln ρ (see the module comment) of every customer, value only: −Infinity where t_x = T (ρ = 0).
 * P(alive) = 1 / (1 + ρ). O(n), sharing the per-x work like the likelihood. @internal
 */
export function logDeathOddsColumn(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: Float64Array,
  tx: Float64Array,
  T: Float64Array,
): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const data = prepareParetoNbdData({ x, tx, T, weight: new Float64Array(n).fill(1) });
  paretoNbdLogLikelihoodOf(data, r, alpha, s, beta, undefined, out);
  return out;
}
