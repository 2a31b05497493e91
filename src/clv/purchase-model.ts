/**
 * The purchase-model side of CLV and holdout evaluation, behind one small interface, so that
 * `predictClv` and `evaluateHoldout` do not depend on which purchase model was fitted.
 *
 * @module
 * @internal
 */
import { ClvError, displayValue, issueOf } from '../errors/index.js';
import {
  conditionalExpectedPurchases,
  expectedPurchases,
  PURCHASE_MODEL_KINDS,
  type PurchaseModelFit,
  probabilityAlive,
} from '../models/purchase.js';
import { durationsInUnit } from '../models/shared.js';
import type { CustomerSummary } from '../summary/types.js';
import type { TimeUnit } from '../time/index.js';
import { chebyshevCoefficients, isResolved, lobattoPoints } from './chebyshev.js';

/**
 * A fitted model of the number of purchases that CLV can be built on: BG/NBD, Pareto/NBD or
 * MBG/NBD (the same type as `PurchaseModelFit`).
 *
 * @example
 * ```ts
 * import type { PurchaseFit } from 'clvkit';
 * const unitOf = (fit: PurchaseFit) => fit.timeUnit;
 * ```
 */
export type PurchaseFit = PurchaseModelFit;

/** The kinds of {@link PurchaseFit}. */
const PURCHASE_KINDS = PURCHASE_MODEL_KINDS;

/** Checks that `fit` is a purchase-model fit (its parameters are checked by the model). @internal */
export function checkPurchaseFit(fn: string, field: string, fit: unknown): PurchaseFit {
  const kind = (fit as { kind?: unknown } | null)?.kind;
  if (
    fit === null ||
    typeof fit !== 'object' ||
    !(PURCHASE_KINDS as readonly unknown[]).includes(kind)
  ) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `${fn}: ${field} (kind ${displayValue(kind)}) must be a purchase-model fit of kind ${PURCHASE_KINDS.map((k) => `'${k}'`).join(', ')} (from fitBgNbd, fitParetoNbd, fitMbgNbd or loadModel)`,
        undefined,
        field,
        kind,
      ),
    );
  }
  return fit as PurchaseFit;
}

/**
 * A summary holding only the model columns (x, t_x, T) in `unit`, with placeholder ids, for
 * evaluating a purchase model at chosen points.
 */
function modelRows(
  unit: TimeUnit,
  frequency: Float64Array,
  recency: Float64Array,
  T: Float64Array,
): CustomerSummary {
  const n = frequency.length;
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) ids[i] = String(i);
  return {
    kind: 'customer-summary',
    unit,
    mode: 'elapsed',
    observationEnd: undefined,
    calibrationEnd: undefined,
    ids,
    frequency,
    recency,
    T,
    monetaryValue: new Float64Array(n),
    firstPurchase: undefined,
    lastPurchase: undefined,
    orders: undefined,
    totalSpend: undefined,
    frequencyHoldout: undefined,
    monetaryHoldout: undefined,
    durationHoldout: undefined,
    report: undefined,
  };
}

/** Expected purchases over the horizon and their discounted sum, per customer. @internal */
export interface ConditionalPurchaseValues {
  /** E[Y(t_K) | x, t_x, T]: expected purchases over the whole horizon. */
  readonly expected: Float64Array;
  /** Σ_k (E[Y(t_k)] − E[Y(t_{k−1})]) · factor_k. */
  readonly discounted: Float64Array;
}

/**
 * For customers known to be alive at T with x repeat purchases, at each T of `T`: the expected
 * purchases by the last horizon and the discounted sum over the horizons. Evaluated with the
 * model's own conditional expectation on rows with t_x = T, divided by their P(alive).
 */
function aliveValues(
  fit: PurchaseFit,
  x: number,
  T: Float64Array,
  horizons: ArrayLike<number>,
  factors: ArrayLike<number>,
): ConditionalPurchaseValues {
  const m = T.length;
  const rows = modelRows(fit.timeUnit, new Float64Array(m).fill(x), T, T);
  const aliveAtEnd = probabilityAlive(fit, rows);
  const expected = new Float64Array(m);
  const discounted = new Float64Array(m);
  for (let k = 0; k < horizons.length; k++) {
    const cumulative = conditionalExpectedPurchases(fit, rows, horizons[k]!);
    const factor = factors[k]!;
    for (let j = 0; j < m; j++) {
      const value = cumulative[j]! / aliveAtEnd[j]!;
      discounted[j] = discounted[j]! + (value - expected[j]!) * factor;
      expected[j] = value;
    }
  }
  return { expected, discounted };
}

/** Groups at most this large are evaluated customer by customer. */
const EXACT_GROUP_SIZE = 64;
/** Interpolation orders tried (Lobatto point counts), then exact evaluation. */
const INTERPOLATION_POINTS = [25, 33, 49, 65, 97, 129] as const;

/**
 * The shift c of the interpolation variable ln(c + T): for the BG/NBD and MBG/NBD, the alive
 * customer's expectation depends on T through α + T (Fader, Hardie & Lee 2005, eq. 10), which is
 * analytic in ln(α + T) within a strip of half-width π, so few Chebyshev points resolve it. The
 * Pareto/NBD's depends on α + T and β + T: with c = min(α, β) both singularities lie at imaginary
 * part π in ln(c + T). (The interpolant is checked for resolution either way; the shift only
 * decides how many points that takes.)
 */
function interpolationShift(fit: PurchaseFit): number {
  return fit.kind === 'pareto-nbd' ? Math.min(fit.params.alpha, fit.params.beta) : fit.params.alpha;
}

/**
 * Conditional expected purchases E[Y(t_K) | x, t_x, T] of each customer, and the discounted sum
 * Σ_k (E[Y(t_k)] − E[Y(t_{k−1})]) · factor_k over the horizons t_1 < … < t_K (fit's unit).
 *
 * For the BG/NBD (Fader, Hardie & Lee 2005, eq. 10), as for the Pareto/NBD, the conditional
 * expectation factorises as P(alive | x, t_x, T) · E[Y(t) | alive at T, x, T]: recency enters
 * only through P(alive). P(alive) is computed once per customer. The second factor is smooth in
 * T for each x: customers are grouped by x, and in a group of more than 64 customers it is
 * interpolated in ln(α + T) by a Chebyshev polynomial (25 to 129 points, the fewest whose
 * trailing coefficients fall below about 1e-14 of the largest, so the interpolation error is of
 * that order); smaller or unresolved groups are evaluated customer by customer. Either way each
 * value comes from the model's own conditional expectation. The work is O(n · interpolation
 * order) arithmetic plus O(groups · points · K) Gauss 2F1 evaluations, instead of O(n · K). The caller has checked the summary
 * (`checkModelColumns`). @internal
 */
export function conditionalPurchaseValues(
  fit: PurchaseFit,
  summary: CustomerSummary,
  horizons: ArrayLike<number>,
  factors: ArrayLike<number>,
): ConditionalPurchaseValues {
  const n = summary.frequency.length;
  const x = summary.frequency;
  const alive = probabilityAlive(fit, summary);
  const { T } = durationsInUnit(summary, fit.timeUnit);
  const expected = new Float64Array(n);
  const discounted = new Float64Array(n);

  // Pass 1, in customer order: group id per customer (small whole frequencies index an array,
  // others go through a map), group sizes and age ranges.
  const direct = new Int32Array(1024).fill(-1);
  const groupOf = new Map<number, number>();
  const group = new Int32Array(n);
  const frequencies: number[] = [];
  const sizes: number[] = [];
  const lows: number[] = [];
  const highs: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const t = T[i]!;
    let g = xi < 1024 ? direct[xi]! : (groupOf.get(xi) ?? -1);
    if (g === -1) {
      g = sizes.length;
      if (xi < 1024) direct[xi] = g;
      else groupOf.set(xi, g);
      frequencies.push(xi);
      sizes.push(0);
      lows.push(t);
      highs.push(t);
    }
    group[i] = g;
    sizes[g]!++;
    if (t < lows[g]!) lows[g] = t;
    else if (t > highs[g]!) highs[g] = t;
  }

  // Per group: a constant (one age), a Chebyshev interpolant in ln(shift + T), or exact.
  const groups = sizes.length;
  const CONSTANT = 0;
  const INTERPOLATED = 1;
  const EXACT = 2;
  const mode = new Uint8Array(groups);
  const constantExpected = new Float64Array(groups);
  const constantDiscounted = new Float64Array(groups);
  const middles = new Float64Array(groups);
  const scales = new Float64Array(groups);
  const offsets = new Int32Array(groups);
  const orders = new Int32Array(groups);
  const expectedCoefficients: Float64Array[] = [];
  const discountedCoefficients: Float64Array[] = [];
  let coefficientCount = 0;
  const shift = interpolationShift(fit);
  for (let g = 0; g < groups; g++) {
    const low = lows[g]!;
    const high = highs[g]!;
    mode[g] = EXACT;
    if (low === high) {
      const values = aliveValues(fit, frequencies[g]!, new Float64Array([low]), horizons, factors);
      constantExpected[g] = values.expected[0]!;
      constantDiscounted[g] = values.discounted[0]!;
      mode[g] = CONSTANT;
      continue;
    }
    const lowLog = Math.log(shift + low);
    const highLog = Math.log(shift + high);
    const middle = 0.5 * (highLog + lowLog);
    const halfWidth = 0.5 * (highLog - lowLog);
    for (const points of INTERPOLATION_POINTS) {
      if (sizes[g]! <= Math.max(EXACT_GROUP_SIZE, 2 * points)) break;
      const nodes = lobattoPoints(points);
      const nodeT = new Float64Array(points);
      for (let j = 0; j < points; j++) {
        nodeT[j] = Math.min(high, Math.max(low, Math.exp(middle + halfWidth * nodes[j]!) - shift));
      }
      const values = aliveValues(fit, frequencies[g]!, nodeT, horizons, factors);
      const e = chebyshevCoefficients(values.expected);
      const d = chebyshevCoefficients(values.discounted);
      if (!isResolved(e) || !isResolved(d)) continue;
      mode[g] = INTERPOLATED;
      middles[g] = middle;
      scales[g] = 1 / halfWidth;
      offsets[g] = coefficientCount;
      orders[g] = points;
      coefficientCount += points;
      expectedCoefficients.push(e);
      discountedCoefficients.push(d);
      break;
    }
  }
  // One flat table of coefficients, small enough to stay in cache.
  const tableE = new Float64Array(coefficientCount);
  const tableD = new Float64Array(coefficientCount);
  for (let g = 0, k = 0; g < groups; g++) {
    if (mode[g] !== INTERPOLATED) continue;
    tableE.set(expectedCoefficients[k]!, offsets[g]!);
    tableD.set(discountedCoefficients[k]!, offsets[g]!);
    k++;
  }

  // Pass 2, in customer order: evaluate; collect the members of exact groups.
  const exactMembers = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    const m = mode[g]!;
    if (m === INTERPOLATED) {
      const s = Math.min(1, Math.max(-1, (Math.log(shift + T[i]!) - middles[g]!) * scales[g]!));
      // Clenshaw's recurrence for both series (Σ c_k T_k(s)), fused.
      const offset = offsets[g]!;
      let e1 = 0;
      let e2 = 0;
      let d1 = 0;
      let d2 = 0;
      const twoS = 2 * s;
      for (let k = offset + orders[g]! - 1; k > offset; k--) {
        const e0 = tableE[k]! + twoS * e1 - e2;
        e2 = e1;
        e1 = e0;
        const d0 = tableD[k]! + twoS * d1 - d2;
        d2 = d1;
        d1 = d0;
      }
      expected[i] = alive[i]! * (tableE[offset]! + s * e1 - e2);
      discounted[i] = alive[i]! * (tableD[offset]! + s * d1 - d2);
    } else if (m === CONSTANT) {
      expected[i] = alive[i]! * constantExpected[g]!;
      discounted[i] = alive[i]! * constantDiscounted[g]!;
    } else {
      const list = exactMembers.get(g);
      if (list === undefined) exactMembers.set(g, [i]);
      else list.push(i);
    }
  }
  for (const [g, list] of exactMembers) {
    const ages = new Float64Array(list.length);
    for (let j = 0; j < list.length; j++) ages[j] = T[list[j]!]!;
    const values = aliveValues(fit, frequencies[g]!, ages, horizons, factors);
    for (let j = 0; j < list.length; j++) {
      const i = list[j]!;
      expected[i] = alive[i]! * values.expected[j]!;
      discounted[i] = alive[i]! * values.discounted[j]!;
    }
  }
  return { expected, discounted };
}

/** Conditional expected purchases of each customer over one horizon (fit's unit). @internal */
export function conditionalPurchases(
  fit: PurchaseFit,
  summary: CustomerSummary,
  horizon: number,
): Float64Array {
  return conditionalPurchaseValues(fit, summary, [horizon], [1]).expected;
}

/**
 * Conditional expected purchases of each customer over their own horizon `durations[i]` (in the
 * fit's unit), grouping customers by horizon. @internal
 */
export function conditionalPurchasesOver(
  fit: PurchaseFit,
  summary: CustomerSummary,
  durations: Float64Array,
): Float64Array {
  const n = durations.length;
  const first = durations[0];
  let uniform = true;
  for (let i = 1; i < n && uniform; i++) uniform = durations[i] === first;
  if (n === 0) return new Float64Array(0);
  if (uniform) return conditionalPurchases(fit, summary, first!);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const members = groups.get(durations[i]!);
    if (members === undefined) groups.set(durations[i]!, [i]);
    else members.push(i);
  }
  const { recency, T } = durationsInUnit(summary, fit.timeUnit);
  const out = new Float64Array(n);
  for (const [duration, members] of groups) {
    const m = members.length;
    const pick = (column: Float64Array) => {
      const values = new Float64Array(m);
      for (let j = 0; j < m; j++) values[j] = column[members[j]!]!;
      return values;
    };
    const part = modelRows(fit.timeUnit, pick(summary.frequency), pick(recency), pick(T));
    const values = conditionalPurchases(fit, part, duration);
    for (let j = 0; j < m; j++) out[members[j]!] = values[j]!;
  }
  return out;
}

/** Unconditional E[X(t)] of a just-acquired customer for each t (fit's unit). @internal */
export function unconditionalPurchases(fit: PurchaseFit, t: ArrayLike<number>): Float64Array {
  return expectedPurchases(fit, t);
}
