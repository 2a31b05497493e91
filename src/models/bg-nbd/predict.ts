import { ClvError, displayValue, invalidOption, issueOf } from '../../errors/index.js';
import { hyp2f1, logAddExp, logBeta, logGamma, logSumExp } from '../../math/index.js';
import type { CustomerSummary } from '../../summary/types.js';
import { checkModelColumns, durationInUnit, durationsInUnit } from '../shared.js';
import type { BgNbdFit, HorizonOptions } from './types.js';

/** Checks the fit enough to score with it (kind and positive finite parameters). */
function paramsOf(fit: BgNbdFit): { r: number; alpha: number; a: number; b: number } {
  if (fit === null || typeof fit !== 'object' || fit.kind !== 'bg-nbd')
    invalidOption('fit', fit?.kind, "must be a BG/NBD fit (kind 'bg-nbd')");
  const { r, alpha, a, b } = fit.params ?? {};
  for (const [name, value] of [
    ['r', r],
    ['alpha', alpha],
    ['a', a],
    ['b', b],
  ] as const) {
    if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0))
      invalidOption(`fit.params.${name}`, value, 'must be a positive finite number');
  }
  return { r: r!, alpha: alpha!, a: a!, b: b! };
}

/** Half-width of the band around a removable singularity inside which we interpolate. */
const SINGULAR_BAND = 1e-3;
const NODE_OFFSETS = [-2, -1, 1, 2] as const;
const ONE_SIDED_OFFSETS = [1, 2, 3, 4] as const;

/**
 * f(p) for a function smooth in p whose closed form is 0/0 at p = p0: within ±SINGULAR_BAND of
 * p0, the cubic through four nodes h, 2h away from p0 (cancellation there costs about 1e-13
 * relative; the interpolation error is O(h⁴)). `lower` bounds the nodes (parameters stay > 0).
 */
function aroundRemovable(f: (p: number) => number, p: number, p0: number, lower: number): number {
  if (Math.abs(p - p0) >= SINGULAR_BAND) return f(p);
  const h = SINGULAR_BAND;
  const offsets = p0 - 2 * h > lower ? NODE_OFFSETS : ONE_SIDED_OFFSETS;
  const nodes = offsets.map((k) => p0 + k * h);
  let value = 0;
  for (let i = 0; i < 4; i++) {
    let basis = 1;
    for (let j = 0; j < 4; j++) {
      if (j !== i) basis *= (p - nodes[j]!) / (nodes[i]! - nodes[j]!);
    }
    value += basis * f(nodes[i]!);
  }
  return value;
}

/** ζ up to which {@link aliveExpectationSeries} is used (its series converges like ζ^k). */
const SERIES_ZETA = 0.5;
/** Most terms of that series before the 2F1 form takes over. */
const SERIES_MAX_TERMS = 20_000;

/**
 * The alive-customer expectation (below) as the series
 *
 *   C · [−ln(1 − ζ) · (e^y − 1)/y − (1 − ζ)^(a − 1) · Σ_{k≥1} (A)_k (a)_{k−1} / ((C + 1)_{k−1} k!) ζ^k],
 *
 * y = (a − 1) ln(1 − ζ), obtained from the Euler form by taking the (a − 1) out of
 * (a − 1)_k = (a − 1)(a)_{k−1} in 2F1(A, a − 1; C; ζ) − 1 and C out of (C)_k = C (C + 1)_{k−1}.
 * Nothing is divided by a − 1 or by C, and the leading terms ((C − A) ζ = (r + x) ζ) are formed
 * without cancellation, so it keeps full relative accuracy for tiny horizons, at a = 1 and at
 * a + b + x = 1. Summed until the tail is provably below ε/4 of the sum (every later term ratio
 * is at most ζ · max(1, (A + k)/(C + k)) · max(1, (a + k − 1)/(k + 1)) once A + k > 0).
 * Returns undefined if that takes more than {@link SERIES_MAX_TERMS} terms.
 */
function aliveExpectationSeries(
  A: number,
  a: number,
  C: number,
  zeta: number,
  logOneMinusZeta: number,
): number | undefined {
  let term = A * zeta;
  let sum = term;
  let converged = term === 0;
  for (let k = 1; k < SERIES_MAX_TERMS && !converged; k++) {
    term *= (((A + k) * (a + k - 1)) / ((C + k) * (k + 1))) * zeta;
    sum += term;
    if (term === 0) converged = true;
    else if (A + k + 1 > 0) {
      const bound = zeta * Math.max(1, (A + k + 1) / (C + k + 1)) * Math.max(1, (a + k) / (k + 2));
      converged =
        bound < 1 &&
        (Math.abs(term) * bound) / (1 - bound) <= 0.25 * Number.EPSILON * Math.abs(sum);
    }
  }
  if (!converged) return undefined;
  const y = (a - 1) * logOneMinusZeta;
  const expm1Ratio = y === 0 ? 1 : Math.expm1(y) / y;
  return C * (-logOneMinusZeta * expm1Ratio) - Math.exp(y) * sum;
}

/**
 * Expected purchases in (T, T + t] of a customer known to be alive at T with x repeat purchases
 * (the numerator of eq. 10 of Fader, Hardie & Lee 2005; eq. 9 is the case x = 0, T = 0):
 *
 *   (a + b + x − 1) / (a − 1) · [1 − ((α + T) / (α + T + t))^(r + x) · 2F1(r + x, b + x; a + b + x − 1; ζ)]
 *
 * with ζ = t / (α + T + t), given through w = ln(1 + t/(α + T)) = −ln(1 − ζ). Euler's
 * transformation (DLMF 15.8.1), 2F1(A, B; C; ζ) = (1 − ζ)^(C − A − B) 2F1(C − A, C − B; C; ζ),
 * turns the bracket into 1 − (1 − ζ)^(a − 1) · 2F1(a + b − 1 − r, a − 1; a + b + x − 1; ζ), whose
 * series converges fast for large x and never overflows: the large-x customers that break direct
 * evaluation. For ζ ≤ ½ the cancellation-free series {@link aliveExpectationSeries} is used; above,
 * the bracket is of order 1 and the 2F1 form is accurate, with its removable singularities at
 * a = 1 and (x = 0) a + b = 1 bridged by interpolation.
 */
function aliveExpectation(r: number, a: number, b: number, x: number, w: number): number {
  if (w === 0) return 0;
  const zeta = -Math.expm1(-w);
  if (zeta <= SERIES_ZETA) {
    const value = aliveExpectationSeries(a + b - 1 - r, a, a + b + x - 1, zeta, -w);
    if (value !== undefined) return value;
  }
  const direct = (aa: number, bb: number): number => {
    const c = aa + bb + x - 1;
    const f = hyp2f1(aa + bb - 1 - r, aa - 1, c, zeta);
    return (c / (aa - 1)) * (1 - Math.exp(-(aa - 1) * w) * f);
  };
  const inA = (bb: number) => aroundRemovable((aa) => direct(aa, bb), a, 1, 0);
  if (x === 0) return aroundRemovable(inA, b, 1 - a, 0);
  return inA(b);
}

/** 1 / (1 + e^z) without overflow. */
function logisticOfMinus(z: number): number {
  if (z > 0) {
    const e = Math.exp(-z);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(z));
}

/**
 * P(alive) of each customer of `summary` under a BG/NBD fit (Fader, Hardie & Lee, "Computing
 * P(alive) using the BG/NBD model", 2008 note on the 2005 paper; it follows from eq. 6):
 * 1 / (1 + δ(x > 0) · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x)), evaluated
 * as a logistic function of the log odds so that it neither overflows nor loses precision for x
 * in the hundreds. Exactly 1 for customers without repeat purchases. Durations of the summary
 * are converted to the fit's unit when they differ. O(n), two logarithms and an exponential per
 * customer.
 *
 * @returns one probability in [0, 1] per summary row, in summary order.
 * @throws {ClvError} `INVALID_OPTION` for a fit that is not a valid BG/NBD fit;
 *   `INVALID_ARGUMENT` for summary rows a model cannot use (row and field named).
 * @example
 * ```ts
 * import { probabilityAlive, summaryFromColumns, type BgNbdFit } from 'clvkit';
 * const fit = { kind: 'bg-nbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, timeUnit: 'week' } as BgNbdFit;
 * const summary = summaryFromColumns({ ids: ['a', 'b'], frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86], unit: 'week' });
 * probabilityAlive(fit, summary); // Float64Array [≈ 0.727, 1]
 * ```
 */
export function probabilityAlive(fit: BgNbdFit, summary: CustomerSummary): Float64Array {
  const { r, alpha, a, b } = paramsOf(fit);
  checkModelColumns(summary);
  const { recency, T } = durationsInUnit(summary, fit.timeUnit);
  const x = summary.frequency;
  const out = new Float64Array(x.length);
  // ln(a / (b + x − 1)) depends on x only: cached for x below the table size.
  const logOdds = new Float64Array(GROUP_TABLE_SIZE).fill(Number.NaN);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (xi === 0) {
      out[i] = 1;
      continue;
    }
    let odds = xi < GROUP_TABLE_SIZE ? logOdds[xi]! : Number.NaN;
    if (Number.isNaN(odds)) {
      odds = Math.log(a / (b + xi - 1));
      if (xi < GROUP_TABLE_SIZE) logOdds[xi] = odds;
    }
    out[i] = logisticOfMinus(odds + (r + xi) * Math.log((alpha + T[i]!) / (alpha + recency[i]!)));
  }
  return out;
}

/**
 * Expected purchases of each customer of `summary` in the next `horizon` (in the fit's unit, or
 * in `options.unit`): E[Y(t) | x, t_x, T] of Fader, Hardie & Lee (2005), eq. 10 — P(alive) times
 * the expected purchases of a customer alive at T. The hypergeometric function is evaluated
 * after Euler's transformation, so customers with hundreds of purchases get finite, smooth
 * values, and short horizons keep full relative accuracy. Durations of the summary are converted
 * to the fit's unit when they differ. Cost: O(n) plus, per distinct
 * frequency shared by at least 256 customers, one piecewise Chebyshev interpolant of the
 * alive-customer expectation in w = ln(1 + t/(α + T)) (16 nodes per piece, accepted when its last
 * coefficients are below 1e-14 relative; agrees with one-by-one evaluation to about 1e-14);
 * other customers get one series or 2F1 evaluation each. About 0.2 µs per customer.
 *
 * @returns one expectation ≥ 0 per summary row, in summary order (0 for a zero horizon).
 * @throws {ClvError} `INVALID_OPTION` for a negative or non-finite horizon, an unknown unit or an
 *   invalid fit; `INVALID_ARGUMENT` for summary rows a model cannot use.
 * @example
 * ```ts
 * import { conditionalExpectedPurchases, summaryFromColumns, type BgNbdFit } from 'clvkit';
 * const fit = { kind: 'bg-nbd', params: { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 }, timeUnit: 'week' } as BgNbdFit;
 * const summary = summaryFromColumns({ ids: ['a'], frequency: [2], recency: [30.43], T: [38.86], unit: 'week' });
 * conditionalExpectedPurchases(fit, summary, 39); // Float64Array [1.22591…]
 * conditionalExpectedPurchases(fit, summary, 0.75, { unit: 'year' }); // 0.75 year = 39.13 weeks
 * ```
 */
export function conditionalExpectedPurchases(
  fit: BgNbdFit,
  summary: CustomerSummary,
  horizon: number,
  options?: HorizonOptions,
): Float64Array {
  const { r, alpha, a, b } = paramsOf(fit);
  const t = durationInUnit(horizon, 'horizon', fit.timeUnit, options?.unit);
  checkModelColumns(summary);
  const { recency, T } = durationsInUnit(summary, fit.timeUnit);
  const x = summary.frequency;
  const n = x.length;
  const out = new Float64Array(n);
  if (t === 0) return out;
  // Group the customers by x: the alive-customer expectation depends on x and on
  // w = ln(1 + t/(α + T)) only, so a group with many customers shares one piecewise Chebyshev
  // interpolant of E_alive(w)/w (analytic, of order 1, so interpolated to uniform relative
  // accuracy) instead of a series or 2F1 per customer. In w the branch cut ζ ∈ [1, ∞) of the 2F1
  // becomes the lines Im w = ±π, ±3π, …: the function is analytic in a strip of half-width π
  // around the real axis and equal pieces converge alike however close ζ comes to 1.
  // First pass: group ids by x, and w = ln(1 + t/(α + T)) kept in `out` until the second pass.
  const groups = new GroupIndex();
  const low: number[] = [];
  const high: number[] = [];
  const members: number[] = [];
  for (let i = 0; i < n; i++) {
    const w = Math.log1p(t / (alpha + T[i]!));
    out[i] = w;
    const g = groups.idOf(x[i]!);
    if (g === members.length) {
      low.push(w);
      high.push(w);
      members.push(0);
    }
    members[g]!++;
    if (w < low[g]!) low[g] = w;
    if (w > high[g]!) high[g] = w;
  }
  const interpolants: (Interpolant | undefined)[] = [];
  for (let g = 0; g < groups.values.length; g++) {
    const xv = groups.values[g]!;
    interpolants.push(
      members[g]! < MIN_GROUP_FOR_INTERPOLATION || !(low[g]! > 0)
        ? undefined
        : piecewiseChebyshev((w) => aliveExpectation(r, a, b, xv, w) / w, low[g]!, high[g]!),
    );
  }
  // ln(a / (b + x − 1)) once per group: the x-only part of the log dropout odds.
  const logOdds = groups.values.map((xv) => (xv === 0 ? 0 : Math.log(a / (b + xv - 1))));
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const w = out[i]!;
    const g = groups.idOf(xi);
    const alive =
      xi === 0
        ? 1
        : logisticOfMinus(
            logOdds[g]! + (r + xi) * Math.log((alpha + T[i]!) / (alpha + recency[i]!)),
          );
    const interpolant = interpolants[g];
    out[i] =
      alive *
      (interpolant === undefined
        ? aliveExpectation(r, a, b, xi, w)
        : w * interpolate(interpolant, w));
  }
  return out;
}

/**
 * Dense ids 0, 1, 2, … of the distinct values of an integer column (x) in order of first
 * lookup: a direct table up to {@link GROUP_TABLE_SIZE}, a Map beyond.
 */
class GroupIndex {
  readonly values: number[] = [];
  private readonly table = new Int32Array(GROUP_TABLE_SIZE).fill(-1);
  private readonly map = new Map<number, number>();
  idOf(x: number): number {
    if (x < GROUP_TABLE_SIZE) {
      const id = this.table[x]!;
      if (id !== -1) return id;
      this.table[x] = this.values.length;
    } else {
      const id = this.map.get(x);
      if (id !== undefined) return id;
      this.map.set(x, this.values.length);
    }
    this.values.push(x);
    return this.values.length - 1;
  }
}

/** Frequencies below this are grouped through a direct table. */
const GROUP_TABLE_SIZE = 4096;

/** Customers sharing an x from which one interpolant replaces their per-customer 2F1s. */
const MIN_GROUP_FOR_INTERPOLATION = 256;
/** Chebyshev nodes per piece. */
const CHEBYSHEV_NODES = 16;
/** Most pieces an interval may be split into before falling back to direct evaluation. */
const MAX_PIECES = 64;
/** Relative size of the last Chebyshev coefficients at which a piece is accepted. */
const CHEBYSHEV_TOLERANCE = 1e-14;

/** A piecewise Chebyshev interpolant on [lo, lo + pieces · width]: plain data, one shape. */
interface Interpolant {
  readonly lo: number;
  readonly width: number;
  readonly pieces: number;
  /** {@link CHEBYSHEV_NODES} coefficients per piece. */
  readonly coefficients: Float64Array;
}

/** The interpolant at z (Clenshaw's recurrence on the piece holding z). */
function interpolate(interpolant: Interpolant, z: number): number {
  const { lo, width, pieces, coefficients } = interpolant;
  const N = CHEBYSHEV_NODES;
  const p = Math.min(pieces - 1, Math.max(0, Math.floor((z - lo) / width)));
  const s = (2 * (z - lo)) / width - 2 * p - 1;
  const twoS = 2 * s;
  const base = p * N;
  let b1 = 0;
  let b2 = 0;
  for (let j = N - 1; j >= 1; j--) {
    const b0 = coefficients[base + j]! + twoS * b1 - b2;
    b2 = b1;
    b1 = b0;
  }
  return coefficients[base]! + s * b1 - b2;
}

/**
 * A piecewise Chebyshev interpolant of f on [lo, hi] (f analytic on a neighbourhood): K equal
 * pieces of {@link CHEBYSHEV_NODES} nodes each, K doubling from 1 until, on every piece, the last
 * three coefficients are below {@link CHEBYSHEV_TOLERANCE}·max|f| — for an analytic f the
 * neglected tail is then of that order too, just above the rounding floor of the coefficients
 * (Trefethen, Approximation Theory and Approximation Practice, ch. 8). Undefined when even
 * {@link MAX_PIECES} pieces do not meet it or f is not finite (evaluate f directly then).
 * Costs K·N calls of f; each evaluation is a Clenshaw recurrence of N steps.
 */
function piecewiseChebyshev(
  f: (z: number) => number,
  lo: number,
  hi: number,
): Interpolant | undefined {
  const N = CHEBYSHEV_NODES;
  if (!(hi - lo > 1e-12 * Math.abs(hi))) {
    const value = f(0.5 * (lo + hi));
    const coefficients = new Float64Array(N);
    coefficients[0] = value;
    return Number.isFinite(value) ? { lo, width: 1, pieces: 1, coefficients } : undefined;
  }
  const cosines = new Float64Array(N * N);
  for (let j = 0; j < N; j++) {
    for (let k = 0; k < N; k++) cosines[j * N + k] = Math.cos((Math.PI * j * (k + 0.5)) / N);
  }
  pieces: for (let K = 1; K <= MAX_PIECES; K *= 2) {
    const width = (hi - lo) / K;
    const coefficients = new Float64Array(K * N);
    const values = new Float64Array(N);
    for (let p = 0; p < K; p++) {
      const half = 0.5 * width;
      const middle = lo + (p + 0.5) * width;
      let largest = 0;
      for (let k = 0; k < N; k++) {
        const v = f(middle + half * cosines[N + k]!); // cos(π (k + ½) / N)
        if (!Number.isFinite(v)) return undefined;
        values[k] = v;
        largest = Math.max(largest, Math.abs(v));
      }
      for (let j = 0; j < N; j++) {
        let sum = 0;
        for (let k = 0; k < N; k++) sum += values[k]! * cosines[j * N + k]!;
        coefficients[p * N + j] = ((j === 0 ? 1 : 2) * sum) / N;
      }
      const tail = Math.max(
        Math.abs(coefficients[p * N + N - 1]!),
        Math.abs(coefficients[p * N + N - 2]!),
        Math.abs(coefficients[p * N + N - 3]!),
      );
      if (!(tail <= CHEBYSHEV_TOLERANCE * largest)) continue pieces;
    }
    return { lo, width, pieces: K, coefficients };
  }
  return undefined;
}

function checkDurations(t: number | ArrayLike<number>, field: string): ArrayLike<number> {
  if (typeof t === 'number') return [t];
  if (t === null || typeof t !== 'object' || typeof t.length !== 'number')
    invalidOption(field, t, 'must be a number or an array of numbers');
  return t;
}

/**
 * Unconditional expected number of repeat purchases E[X(t)] of a new customer in a period of
 * length t after the first purchase (Fader, Hardie & Lee 2005, eq. 9):
 * (a + b − 1)/(a − 1) · [1 − (α / (α + t))^r · 2F1(r, b; a + b − 1; t / (α + t))].
 * Vectorised over `t` (in the fit's unit, or `options.unit`). O(length of t) 2F1 evaluations.
 *
 * @returns one expectation per horizon.
 * @throws {ClvError} `INVALID_OPTION` for a negative or non-finite t, an unknown unit or an
 *   invalid fit.
 * @example
 * ```ts
 * import { expectedPurchases, type BgNbdFit } from 'clvkit';
 * const fit = { kind: 'bg-nbd', params: { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 }, timeUnit: 'week' } as BgNbdFit;
 * expectedPurchases(fit, [1, 78]); // Float64Array [0.0531847…, 1.857972…]
 * ```
 */
export function expectedPurchases(
  fit: BgNbdFit,
  t: number | ArrayLike<number>,
  options?: HorizonOptions,
): Float64Array {
  const { r, alpha, a, b } = paramsOf(fit);
  const values = checkDurations(t, 't');
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const ti = durationInUnit(values[i], 't', fit.timeUnit, options?.unit);
    out[i] = aliveExpectation(r, a, b, 0, Math.log1p(ti / alpha));
  }
  return out;
}

/** Longest series the negative binomial upper tail may sum before giving up. */
const MAX_TAIL_TERMS = 10_000_000;

/**
 * ln P(N ≥ n) for N negative binomial with P(N = j) = Γ(r + j)/(Γ(r) j!) p^r q^j (q = 1 − p),
 * in log space. Below the median it is 1 − Σ_{j<n} (no cancellation: the sum is < 1/2); above,
 * the upper tail is summed directly, which keeps full relative accuracy when it is tiny.
 */
function logNegativeBinomialTail(
  n: number,
  r: number,
  logP: number,
  logQ: number,
  q: number,
): number {
  if (n === 0) return 0;
  const lower = new Float64Array(n);
  let logTerm = r * logP;
  for (let j = 0; j < n; j++) {
    lower[j] = logTerm;
    logTerm += Math.log((r + j) / (j + 1)) + logQ;
  }
  const logLower = logSumExp(lower);
  if (logLower < -Math.LN2) return Math.log1p(-Math.exp(logLower));
  // Upper tail from j = n: terms relative to the first, ratio (r + j)/(j + 1) · q.
  let sum = 1;
  let relative = 1;
  for (let j = n; j < n + MAX_TAIL_TERMS; j++) {
    const ratio = ((r + j) / (j + 1)) * q;
    relative *= ratio;
    sum += relative;
    const bound = Math.max(ratio, q);
    if (bound < 1 && relative * bound < 1e-17 * sum * (1 - bound)) break;
  }
  return logTerm + Math.log(sum);
}

/**
 * P(X(t) = n): the probability that a new customer makes exactly n repeat purchases in a period
 * of length t after the first purchase (Fader, Hardie & Lee 2005, eq. 8), in log space:
 *
 *   B(a, b + n)/B(a, b) · Γ(r + n)/(Γ(r) n!) · (α/(α + t))^r (t/(α + t))^n
 *   + δ(n > 0) · B(a + 1, b + n − 1)/B(a, b) · [1 − (α/(α + t))^r Σ_{j<n} Γ(r + j)/(Γ(r) j!) (t/(α + t))^j].
 *
 * The bracket is a negative binomial upper tail, summed from whichever side avoids cancellation,
 * so values stay accurate (relative) for n in the hundreds. `n` and `t` are numbers or arrays
 * (broadcast when one is a number; equal lengths otherwise). O(n) per value.
 *
 * @returns one probability per (n, t) pair.
 * @throws {ClvError} `INVALID_OPTION` for n not a non-negative integer, t negative or non-finite,
 *   arrays of different lengths, an unknown unit or an invalid fit.
 * @example
 * ```ts
 * import { probabilityOfPurchases, type BgNbdFit } from 'clvkit';
 * const fit = { kind: 'bg-nbd', params: { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 }, timeUnit: 'week' } as BgNbdFit;
 * probabilityOfPurchases(fit, [10, 0], [2, 39]); // Float64Array [1.076828e-7, 0.5743073]
 * ```
 */
export function probabilityOfPurchases(
  fit: BgNbdFit,
  n: number | ArrayLike<number>,
  t: number | ArrayLike<number>,
  options?: HorizonOptions,
): Float64Array {
  const { r, alpha, a, b } = paramsOf(fit);
  const counts = checkDurations(n, 'n');
  const times = checkDurations(t, 't');
  const length = Math.max(counts.length, times.length);
  if (
    (counts.length !== length && typeof n !== 'number') ||
    (times.length !== length && typeof t !== 'number')
  )
    invalidOption('t', times.length, `must have as many values as n (${counts.length})`);
  const out = new Float64Array(length);
  const logBetaAB = logBeta(a, b);
  const logGammaR = logGamma(r);
  for (let i = 0; i < length; i++) {
    const ni = counts[typeof n === 'number' ? 0 : i];
    if (typeof ni !== 'number' || !(Number.isInteger(ni) && ni >= 0)) {
      throw new ClvError(
        issueOf(
          'INVALID_OPTION',
          `Invalid option n = ${displayValue(ni)}: must be an integer ≥ 0`,
          typeof n === 'number' ? undefined : i + 1,
          'n',
          ni,
        ),
      );
    }
    const ti = durationInUnit(
      times[typeof t === 'number' ? 0 : i],
      't',
      fit.timeUnit,
      options?.unit,
    );
    if (ti === 0) {
      out[i] = ni === 0 ? 1 : 0;
      continue;
    }
    const logP = -Math.log1p(ti / alpha); // ln(α / (α + t))
    const logQ = -Math.log1p(alpha / ti); // ln(t / (α + t))
    const q = ti / (alpha + ti);
    const logBetaRatio = logBeta(a, b + ni) - logBetaAB;
    const first =
      logBetaRatio + logGamma(r + ni) - logGammaR - logGamma(ni + 1) + r * logP + ni * logQ;
    if (ni === 0) {
      out[i] = Math.exp(first);
      continue;
    }
    const second =
      Math.log(a / (b + ni - 1)) + logBetaRatio + logNegativeBinomialTail(ni, r, logP, logQ, q);
    out[i] = Math.exp(logAddExp(first, second));
  }
  return out;
}
