/**
 * The BG/BB log-likelihood (Fader, Hardie & Shang 2010) with its analytic gradient and
 * Hessian, evaluated on rows grouped by (n, x) so that the sum over i costs O(n) per group instead
 * of per row.
 *
 * @module
 */
import { logAddExp } from '../../math/index.js';
import { collapseRows } from '../shared.js';

/**
 * Distinct (x, t_x, n) rows with their weights, grouped by (n, x) with t_x descending inside a
 * group. Built by {@link prepareBgBbData}.
 */
export interface BgBbData {
  /** Number of distinct rows. */
  readonly rows: number;
  /** Sum of the weights. */
  readonly totalWeight: number;
  /** Σ weight · x. */
  readonly weightedX: number;
  /** Largest n. */
  readonly maxN: number;
  readonly groupN: Int32Array;
  readonly groupX: Int32Array;
  /** Rows of group g are groupStart[g] .. groupStart[g + 1] − 1. */
  readonly groupStart: Int32Array;
  readonly rowTx: Int32Array;
  readonly rowWeight: Float64Array;
  /** Distinct-row id of each grouped row (for per-row outputs). */
  readonly rowId: Int32Array;
  /** For each input row, its distinct-row id, or −1 when its weight was 0. */
  readonly inputRow: Int32Array;
}

/**
 * Merges identical (x, t_x, n) rows (see {@link collapseRows}) and groups them by (n, x). Inputs
 * are trusted (validate with {@link checkOpportunitySummary} first). O(rows · log rows).
 *
 * @internal
 * @example
 * ```ts
 * import { prepareBgBbData } from './likelihood.js'; // internal
 * prepareBgBbData([0, 1, 1], [0, 2, 2], [6, 6, 6]).rows; // 2
 * ```
 */
export function prepareBgBbData(
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  n: ArrayLike<number>,
  weights?: ArrayLike<number>,
): BgBbData {
  const distinct = collapseRows(x, tx, n, weights);
  const rows = distinct.x.length;
  const order = Array.from({ length: rows }, (_, i) => i).sort(
    (a, b) =>
      distinct.T[a]! - distinct.T[b]! ||
      distinct.x[a]! - distinct.x[b]! ||
      distinct.tx[b]! - distinct.tx[a]!,
  );
  const groupN: number[] = [];
  const groupX: number[] = [];
  const groupStart: number[] = [];
  const rowTx = new Int32Array(rows);
  const rowWeight = new Float64Array(rows);
  const rowId = new Int32Array(rows);
  let totalWeight = 0;
  let weightedX = 0;
  let maxN = 0;
  order.forEach((id, k) => {
    const ni = distinct.T[id]!;
    const xi = distinct.x[id]!;
    if (k === 0 || groupN[groupN.length - 1] !== ni || groupX[groupX.length - 1] !== xi) {
      groupN.push(ni);
      groupX.push(xi);
      groupStart.push(k);
    }
    rowTx[k] = distinct.tx[id]!;
    rowWeight[k] = distinct.weight[id]!;
    rowId[k] = id;
    totalWeight += distinct.weight[id]!;
    weightedX += distinct.weight[id]! * xi;
    if (ni > maxN) maxN = ni;
  });
  groupStart.push(rows);
  return {
    rows,
    totalWeight,
    weightedX,
    maxN,
    groupN: Int32Array.from(groupN),
    groupX: Int32Array.from(groupX),
    groupStart: Int32Array.from(groupStart),
    rowTx,
    rowWeight,
    rowId,
    inputRow: distinct.rowIndex,
  };
}

/**
 * Tables over k = 0..size − 1 for a base a: ln Γ(a + k) − ln Γ(a) (Neumaier-compensated running
 * sum of ln(a + m)), ψ(a + k) − ψ(a) and ψ′(a + k) − ψ′(a). Every BG/BB term is a ratio of beta
 * functions whose arguments differ from α, β, γ, δ, α + β, γ + δ by integers, so these sums
 * replace all special functions.
 */
function risingTables(
  a: number,
  size: number,
  log: Float64Array,
  psi: Float64Array | undefined,
  tri: Float64Array | undefined,
): void {
  let sum = 0;
  let compensation = 0;
  log[0] = 0;
  if (psi !== undefined) psi[0] = 0;
  if (tri !== undefined) tri[0] = 0;
  for (let k = 1; k < size; k++) {
    const term = Math.log(a + k - 1);
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
    log[k] = sum + compensation;
    if (psi !== undefined) psi[k] = psi[k - 1]! + 1 / (a + k - 1);
    if (tri !== undefined) tri[k] = tri[k - 1]! - 1 / ((a + k - 1) * (a + k - 1));
  }
}

/** Upper-triangle slot of (i, j), i ≤ j, in a packed symmetric 4 × 4. */
const PACKED = [
  [0, 1, 2, 3],
  [1, 4, 5, 6],
  [2, 5, 7, 8],
  [3, 6, 8, 9],
] as const;

/**
 * ln L summed over the rows of `data` (weights applied) at (α, β, γ, δ), where for one customer
 * (Fader, Hardie & Shang 2010)
 *
 *   L = B(α + x, β + n − x)/B(α, β) · B(γ, δ + n)/B(γ, δ)
 *     + Σ_{i=0}^{n−t_x−1} B(α + x, β + t_x − x + i)/B(α, β) · B(γ + 1, δ + t_x + i)/B(γ, δ).
 *
 * The sum is held in log space: within a group of rows sharing (n, x), the terms with
 * j = t_x + i are suffix sums over j = n − 1 down to t_x, accumulated with logAddExp (each term
 * shrinks as j grows, so the first term of a suffix dominates and nothing underflows); each row
 * then reads its suffix. With `gradient`, ∂ ln L/∂(α, β, γ, δ) is written there: the weighted
 * mean of the terms' gradients (their weights are term/L, carried along the suffixes as running
 * averages); with `hessian` (row-major 4 × 4), the second derivatives too (mean of h + g gᵀ minus
 * the outer product of the mean gradient). With `logAliveAtN`, ln(A / L) — the log of P(alive at
 * opportunity n) — is written per distinct row id. Cost: O(maxN) logarithms for the tables plus
 * O(Σ over (n, x) groups of n − min t_x) terms, each a logAddExp and two exponentials.
 *
 * @internal
 * @example
 * ```ts
 * import { bgBbDataLogLikelihood, prepareBgBbData } from './likelihood.js'; // internal
 * bgBbDataLogLikelihood(prepareBgBbData([0], [0], [1]), 1, 1, 1, 1); // ln(1/2 · 1/2 + 1/2) = ln 0.75
 * ```
 */
export function bgBbDataLogLikelihood(
  data: BgBbData,
  alpha: number,
  beta: number,
  gamma: number,
  delta: number,
  gradient?: Float64Array,
  hessian?: Float64Array,
  logAliveAtN?: Float64Array,
): number {
  const size = data.maxN + 2;
  const wantGradient = gradient !== undefined || hessian !== undefined;
  const wantHessian = hessian !== undefined;
  const t = Array.from({ length: 15 }, () => new Float64Array(size));
  const [la, lb, lab, ld, lgd, ha, hb, hab, hd, hgd, ta, tb, tab, td, tgd] = t as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const bases = [alpha, beta, alpha + beta, delta, gamma + delta];
  const logs = [la, lb, lab, ld, lgd];
  const psis = [ha, hb, hab, hd, hgd];
  const tris = [ta, tb, tab, td, tgd];
  for (let k = 0; k < 5; k++) {
    risingTables(
      bases[k]!,
      size,
      logs[k]!,
      wantGradient ? psis[k] : undefined,
      wantHessian ? tris[k] : undefined,
    );
  }
  const logGammaParam = Math.log(gamma);
  const inverseGamma = 1 / gamma;
  const g = new Float64Array(4); // gradient of the current term
  const G = new Float64Array(4); // running mean gradient of the suffix
  const M = new Float64Array(10); // running mean of h + g gᵀ of the suffix
  const hTerm = new Float64Array(10); // h of the current term (zero off the two blocks)
  const gA = new Float64Array(4);
  const MA = new Float64Array(10);
  const rowG = new Float64Array(4);
  let total = 0;
  const totalG = new Float64Array(4);
  const totalH = new Float64Array(10);

  for (let group = 0; group < data.groupN.length; group++) {
    const n = data.groupN[group]!;
    const x = data.groupX[group]!;
    const logA = la[x]! + lb[n - x]! - lab[n]! + ld[n]! - lgd[n]!;
    if (wantGradient) {
      gA[0] = ha[x]! - hab[n]!;
      gA[1] = hb[n - x]! - hab[n]!;
      gA[2] = -hgd[n]!;
      gA[3] = hd[n]! - hgd[n]!;
    }
    if (wantHessian) {
      MA.fill(0);
      MA[0] = ta[x]! - tab[n]!;
      MA[1] = -tab[n]!;
      MA[4] = tb[n - x]! - tab[n]!;
      MA[7] = -tgd[n]!;
      MA[8] = -tgd[n]!;
      MA[9] = td[n]! - tgd[n]!;
      for (let i = 0; i < 4; i++)
        for (let j = i; j < 4; j++) MA[PACKED[i]![j]!]! += gA[i]! * gA[j]!;
    }
    let logSuffix = Number.NEGATIVE_INFINITY;
    G.fill(0);
    M.fill(0);
    let j = n; // the suffix holds the terms j .. n − 1
    const end = data.groupStart[group + 1]!;
    for (let r = data.groupStart[group]!; r < end; r++) {
      const tx = data.rowTx[r]!;
      while (j > tx) {
        j--;
        const logTerm = la[x]! + lb[j - x]! - lab[j]! + logGammaParam + ld[j]! - lgd[j + 1]!;
        const merged = logAddExp(logTerm, logSuffix);
        if (wantGradient) {
          const w = Math.exp(logTerm - merged);
          const v = Math.exp(logSuffix - merged);
          g[0] = ha[x]! - hab[j]!;
          g[1] = hb[j - x]! - hab[j]!;
          g[2] = inverseGamma - hgd[j + 1]!;
          g[3] = hd[j]! - hgd[j + 1]!;
          for (let i = 0; i < 4; i++) G[i] = w * g[i]! + v * G[i]!;
          if (wantHessian) {
            // Second derivatives of ln(term): block diagonal in (α, β) and (γ, δ).
            hTerm[0] = ta[x]! - tab[j]!;
            hTerm[1] = -tab[j]!;
            hTerm[4] = tb[j - x]! - tab[j]!;
            hTerm[7] = -inverseGamma * inverseGamma - tgd[j + 1]!;
            hTerm[8] = -tgd[j + 1]!;
            hTerm[9] = td[j]! - tgd[j + 1]!;
            for (let i = 0; i < 4; i++) {
              for (let k = i; k < 4; k++) {
                const slot = PACKED[i]![k]!;
                M[slot] = w * (hTerm[slot]! + g[i]! * g[k]!) + v * M[slot]!;
              }
            }
          }
        }
        logSuffix = merged;
      }
      const weight = data.rowWeight[r]!;
      const logL = logAddExp(logA, logSuffix);
      total += weight * logL;
      if (logAliveAtN !== undefined) logAliveAtN[data.rowId[r]!] = logA - logL;
      if (wantGradient) {
        const wA = Math.exp(logA - logL);
        const wS = Math.exp(logSuffix - logL);
        for (let i = 0; i < 4; i++) {
          rowG[i] = wA * gA[i]! + wS * G[i]!;
          totalG[i]! += weight * rowG[i]!;
        }
        if (wantHessian) {
          for (let i = 0; i < 4; i++) {
            for (let k = i; k < 4; k++) {
              const slot = PACKED[i]![k]!;
              totalH[slot]! += weight * (wA * MA[slot]! + wS * M[slot]! - rowG[i]! * rowG[k]!);
            }
          }
        }
      }
    }
  }
  if (gradient !== undefined) gradient.set(totalG);
  if (hessian !== undefined) {
    for (let i = 0; i < 4; i++) {
      for (let k = 0; k < 4; k++) hessian[i * 4 + k] = totalH[PACKED[i]![k]!]!;
    }
  }
  return total;
}
