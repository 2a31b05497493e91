/**
 * Infrastructure shared by the fitted models (BG/NBD, Gamma-Gamma, …): the common shape of a fit,
 * collapsing identical rows into weights, input guards and convergence warnings.
 *
 * @module
 */
import { ClvError, displayValue, invalidOption, issueOf } from '../errors/index.js';
import type { CustomerSummary } from '../summary/types.js';
import { convertDuration, isTimeUnit, type TimeUnit } from '../time/index.js';

/**
 * How a fit went, as plain data: the optimiser's report plus the size of the data.
 *
 * @example
 * ```ts
 * import type { ModelDiagnostics } from 'clvkit';
 * const ok = (d: ModelDiagnostics) => d.converged && d.warnings.length === 0;
 * ```
 */
export interface ModelDiagnostics {
  /** The optimiser met its convergence test. */
  readonly converged: boolean;
  /** Optimiser iterations used (of the best start when several were tried). */
  readonly iterations: number;
  /** Largest absolute component of the objective's gradient at the returned parameters (the optimiser's parameter space). */
  readonly gradientNorm: number;
  /** The optimiser's message (why it stopped). */
  readonly message: string;
  /** Customers represented: the sum of the row weights (the row count without weights). */
  readonly customers: number;
  /**
   * Weighted rows the likelihood was evaluated on: the distinct rows after collapsing identical
   * ones, or all rows when a probe of the first rows showed that they hardly repeat.
   */
  readonly distinctRows: number;
  /** Warnings raised while fitting (non-convergence, singular Hessian, …), also sent to `onWarning`. */
  readonly warnings: readonly string[];
}

/**
 * The common shape of every fitted model: plain, frozen, JSON-serialisable data, loaded back by
 * {@link loadModel}.
 *
 * `standardErrors` is `undefined` (and absent from the JSON) when the Hessian of minus the
 * log-likelihood could not be inverted into finite, positive variances.
 *
 * @typeParam K - the kind tag, e.g. `'bg-nbd'`.
 * @typeParam P - the parameter record, e.g. `{ r, alpha, a, b }`.
 * @example
 * ```ts
 * import type { FitBase } from 'clvkit';
 * type MyFit = FitBase<'my-model', { rate: number }>;
 * ```
 */
export interface FitBase<K extends string, P> {
  readonly kind: K;
  readonly schemaVersion: 1;
  readonly params: Readonly<P>;
  /** Time unit of the rate parameters: the unit of the summary the model was fitted on. */
  readonly timeUnit: TimeUnit;
  /** Unpenalised log-likelihood summed over customers (weights applied), in `timeUnit`. */
  readonly logLikelihood: number;
  /** Asymptotic standard errors of the parameters, or `undefined` when not available. */
  readonly standardErrors: Readonly<Record<keyof P, number>> | undefined;
  readonly diagnostics: ModelDiagnostics;
  /** The L2 penalty coefficient used, when it was positive. */
  readonly penalty?: number;
}

/** Options every model fit accepts for its warnings. */
export interface WarningOptions {
  /**
   * Called once per warning (non-convergence, singular Hessian, …) as it is raised; the same
   * messages are kept in `diagnostics.warnings`. Library code never writes to the console.
   */
  readonly onWarning?: (message: string) => void;
}

/** Identical (x, t_x, T) rows merged into one weighted row; see {@link collapseRows}. */
export interface CollapsedRows {
  /** Frequency of each distinct row. */
  readonly x: Float64Array;
  /** Recency of each distinct row. */
  readonly tx: Float64Array;
  /** Age T of each distinct row. */
  readonly T: Float64Array;
  /** Sum of the weights of the input rows merged into each distinct row (always > 0). */
  readonly weight: Float64Array;
  /** For each input row, the index of its distinct row, or -1 when its weight was 0. */
  readonly rowIndex: Int32Array;
}

/** The three columns as one Float64Array of (x, t_x, T) triples with −0 turned into +0. */
function interleave(
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  T: ArrayLike<number>,
): Float64Array {
  const n = x.length;
  const out = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    out[3 * i] = x[i]! + 0; // -0 + 0 is +0: equal values hash alike
    out[3 * i + 1] = tx[i]! + 0;
    out[3 * i + 2] = T[i]! + 0;
  }
  return out;
}

/**
 * Collapses rows with identical (x, t_x, T) into one row whose weight is the sum of their
 * weights, in order of first appearance. Rows of weight 0 are dropped. Equality is exact (bitwise
 * on the doubles, with −0 = +0); the index is an open-addressing hash table over the bits of the
 * three doubles — no string keys. O(n) expected.
 *
 * Summaries in whole calendar periods have few distinct rows (frequency ≤ recency ≤ T are
 * integers), so a likelihood evaluated on the collapsed rows costs a fraction of the per-customer
 * one; summaries in exact elapsed time rarely repeat a row.
 *
 * @param x - frequency column.
 * @param tx - recency column.
 * @param T - age column.
 * @param weights - optional non-negative weight per row (default 1 each). Inputs are trusted:
 *   validate first with `checkModelColumns`.
 * @example
 * ```ts
 * import { collapseRows } from 'clvkit';
 * const rows = collapseRows([0, 2, 0], [0, 5, 0], [10, 10, 10]);
 * rows.weight; // Float64Array [2, 1]
 * rows.rowIndex; // Int32Array [0, 1, 0]
 * ```
 */
export function collapseRows(
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  T: ArrayLike<number>,
  weights?: ArrayLike<number>,
): CollapsedRows {
  const n = x.length;
  const triples = interleave(x, tx, T);
  const words = new Int32Array(triples.buffer); // six 32-bit words per row
  // Slot k holds (hash, id + 1); id + 1 = 0 marks an empty slot. The table grows with the
  // number of distinct rows (load ≤ ½), so few distinct rows stay in cache.
  let capacity = 1024;
  let mask = capacity - 1;
  let slots = new Int32Array(2 * capacity);
  const rowIndex = new Int32Array(n);
  const firstRow = new Int32Array(n); // input row of each distinct row
  const hashes = new Int32Array(n);
  const weight = new Float64Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (w === 0) {
      rowIndex[i] = -1;
      continue;
    }
    const o = 6 * i;
    let h = 0x2545f491;
    for (let k = 0; k < 6; k++) {
      h = Math.imul(h ^ words[o + k]!, 0x9e3779b1);
      h ^= h >>> 15;
    }
    h = Math.imul(h, 0x85ebca77);
    h ^= h >>> 13;
    let slot = h & mask;
    for (;;) {
      const stored = slots[2 * slot + 1]!;
      if (stored === 0) {
        slots[2 * slot] = h;
        slots[2 * slot + 1] = count + 1;
        firstRow[count] = i;
        hashes[count] = h;
        weight[count] = w;
        rowIndex[i] = count;
        count++;
        if (2 * count > capacity) {
          capacity *= 2;
          mask = capacity - 1;
          slots = new Int32Array(2 * capacity);
          for (let id = 0; id < count; id++) {
            let s = hashes[id]! & mask;
            while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
            slots[2 * s] = hashes[id]!;
            slots[2 * s + 1] = id + 1;
          }
        }
        break;
      }
      if (slots[2 * slot] === h) {
        const p = 3 * firstRow[stored - 1]!;
        const q = 3 * i;
        if (
          triples[p] === triples[q] &&
          triples[p + 1] === triples[q + 1] &&
          triples[p + 2] === triples[q + 2]
        ) {
          weight[stored - 1]! += w;
          rowIndex[i] = stored - 1;
          break;
        }
      }
      slot = (slot + 1) & mask;
    }
  }
  const outX = new Float64Array(count);
  const outTx = new Float64Array(count);
  const outT = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const p = 3 * firstRow[j]!;
    outX[j] = triples[p]!;
    outTx[j] = triples[p + 1]!;
    outT[j] = triples[p + 2]!;
  }
  return { x: outX, tx: outTx, T: outT, weight: weight.slice(0, count), rowIndex };
}

function rowError(row: number, field: string, value: unknown, reason: string): never {
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `Row ${row}: ${field} ${displayValue(value)} ${reason}`,
      row,
      field,
      value,
    ),
  );
}

/**
 * Checks that `summary` is a {@link CustomerSummary} whose columns a purchase model can use:
 * every frequency a finite integer ≥ 0, every recency finite with 0 ≤ recency ≤ T, every T
 * finite and > 0. O(n).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` naming the 1-based row, the field (`frequency`, `recency`
 *   or `T`) and the value; `INVALID_ARGUMENT` (field `summary`) when it is not a summary.
 * @internal
 * @example
 * ```ts
 * import { summaryFromColumns } from 'clvkit';
 * import { checkModelColumns } from './shared.js'; // internal: shared model helpers
 * checkModelColumns(summaryFromColumns({ ids: ['a'], frequency: [1], recency: [2], T: [5], unit: 'week' }));
 * ```
 */
export function checkModelColumns(summary: CustomerSummary): void {
  if (
    summary === null ||
    typeof summary !== 'object' ||
    !(summary.frequency instanceof Float64Array) ||
    !(summary.recency instanceof Float64Array) ||
    !(summary.T instanceof Float64Array) ||
    !isTimeUnit(summary.unit)
  ) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        'summary must be a CustomerSummary (from summarizeTransactions or summaryFromColumns)',
        undefined,
        'summary',
      ),
    );
  }
  const { frequency: x, recency: tx, T } = summary;
  const n = x.length;
  if (tx.length !== n || T.length !== n) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `summary columns differ in length (frequency ${n}, recency ${tx.length}, T ${T.length})`,
        undefined,
        'summary',
      ),
    );
  }
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const txi = tx[i]!;
    const Ti = T[i]!;
    if (!(Number.isInteger(xi) && xi >= 0))
      rowError(i + 1, 'frequency', xi, 'must be a finite integer ≥ 0');
    if (!(Number.isFinite(Ti) && Ti > 0)) rowError(i + 1, 'T', Ti, 'must be finite and > 0');
    if (!(Number.isFinite(txi) && txi >= 0 && txi <= Ti))
      rowError(i + 1, 'recency', txi, `must be finite with 0 ≤ recency ≤ T (${Ti})`);
  }
}

/**
 * Validates optional per-row weights: `n` finite numbers ≥ 0 with a positive sum. O(n).
 *
 * @returns the weights as a `Float64Array`, or `undefined` when none were given.
 * @throws {ClvError} `INVALID_OPTION` (field `weights`) for a wrong length, a negative or
 *   non-finite weight (the row is named) or weights that are all zero.
 * @internal
 * @example
 * ```ts
 * import { checkWeights } from './shared.js'; // internal: shared model helpers
 * checkWeights([1, 2], 2); // Float64Array [1, 2]
 * ```
 */
export function checkWeights(
  weights: ArrayLike<number> | undefined,
  n: number,
): Float64Array | undefined {
  if (weights === undefined) return undefined;
  if (typeof weights !== 'object' || weights === null || typeof weights.length !== 'number')
    invalidOption('weights', weights, 'must be an array or typed array of numbers');
  if (weights.length !== n)
    invalidOption('weights', weights.length, `must have one weight per row (${n})`);
  const out = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (typeof w !== 'number' || !(Number.isFinite(w) && w >= 0)) {
      throw new ClvError(
        issueOf(
          'INVALID_OPTION',
          `Row ${i + 1}: weight ${displayValue(w)} must be a finite number ≥ 0`,
          i + 1,
          'weights',
          w,
        ),
      );
    }
    out[i] = w;
    total += w;
  }
  if (!(total > 0)) invalidOption('weights', total, 'must not all be zero');
  return out;
}

/**
 * Validates an L2 penalty coefficient (finite, ≥ 0; default 0). O(1).
 *
 * @throws {ClvError} `INVALID_OPTION` (field `penalty`).
 * @internal
 * @example
 * ```ts
 * import { checkPenalty } from './shared.js'; // internal: shared model helpers
 * checkPenalty(undefined); // 0
 * ```
 */
export function checkPenalty(penalty: unknown): number {
  if (penalty === undefined) return 0;
  if (typeof penalty !== 'number' || !(Number.isFinite(penalty) && penalty >= 0))
    invalidOption('penalty', penalty, 'must be a finite number ≥ 0');
  return penalty;
}

/**
 * A horizon (or duration) given in `unit` expressed in the fit's unit `fitUnit`, after checking
 * that it is finite and ≥ 0. O(1).
 *
 * @param value - the duration.
 * @param field - option name used in the error.
 * @param fitUnit - the unit of the fit.
 * @param unit - the unit `value` is in (default: `fitUnit`).
 * @throws {ClvError} `INVALID_OPTION` for a negative or non-finite value or an unknown unit.
 * @internal
 * @example
 * ```ts
 * import { durationInUnit } from './shared.js'; // internal: shared model helpers
 * durationInUnit(1, 'horizon', 'week', 'year'); // 52.17857142857143
 * ```
 */
export function durationInUnit(
  value: unknown,
  field: string,
  fitUnit: TimeUnit,
  unit?: TimeUnit,
): number {
  if (typeof value !== 'number' || !(Number.isFinite(value) && value >= 0))
    invalidOption(field, value, 'must be a finite number ≥ 0');
  if (unit === undefined) return value;
  if (!isTimeUnit(unit))
    invalidOption('unit', unit, "must be 'hour', 'day', 'week', 'month', 'quarter' or 'year'");
  return convertDuration(value, unit, fitUnit);
}

/**
 * The recency and T columns of `summary` in `unit` (the same arrays when the summary already uses
 * it; converted copies otherwise, with the calendar-neutral table of {@link convertDuration}).
 * O(n).
 *
 * @internal
 * @example
 * ```ts
 * import { summaryFromColumns } from 'clvkit';
 * import { durationsInUnit } from './shared.js'; // internal: shared model helpers
 * const s = summaryFromColumns({ ids: ['a'], frequency: [1], recency: [7], T: [14], unit: 'day' });
 * durationsInUnit(s, 'week').T; // Float64Array [2]
 * ```
 */
export function durationsInUnit(
  summary: CustomerSummary,
  unit: TimeUnit,
): { readonly recency: Float64Array; readonly T: Float64Array } {
  if (summary.unit === unit) return { recency: summary.recency, T: summary.T };
  const factor = convertDuration(1, summary.unit, unit);
  const recency = new Float64Array(summary.recency.length);
  const T = new Float64Array(summary.T.length);
  for (let i = 0; i < T.length; i++) {
    recency[i] = summary.recency[i]! * factor;
    T[i] = summary.T[i]! * factor;
  }
  return { recency, T };
}

/**
 * Records a warning: appends it to `warnings` and calls `options.onWarning` when given. O(1).
 *
 * @internal
 * @example
 * ```ts
 * import { emitWarning } from './shared.js'; // internal: shared model helpers
 * const warnings: string[] = [];
 * emitWarning(warnings, 'something odd', { onWarning: (m) => console.log(m) });
 * ```
 */
export function emitWarning(warnings: string[], message: string, options?: WarningOptions): void {
  warnings.push(message);
  options?.onWarning?.(message);
}

/** What an optimiser reports, as far as the convergence warning needs it. */
export interface ConvergenceReport {
  readonly converged: boolean;
  readonly iterations: number;
  readonly gradientNorm: number;
  readonly message: string;
}

/**
 * Emits a warning (see {@link emitWarning}) when an optimiser did not converge, naming the model,
 * the iterations, the gradient norm and the optimiser's message. O(1).
 *
 * @returns true when a warning was emitted.
 * @internal
 * @example
 * ```ts
 * import { warnIfNotConverged } from './shared.js'; // internal: shared model helpers
 * const warnings: string[] = [];
 * warnIfNotConverged('bg-nbd', { converged: false, iterations: 200, gradientNorm: 0.1, message: 'max iterations' }, warnings);
 * warnings[0]; // 'bg-nbd fit did not converge after 200 iterations (gradient norm 0.1): max iterations'
 * ```
 */
export function warnIfNotConverged(
  kind: string,
  report: ConvergenceReport,
  warnings: string[],
  options?: WarningOptions,
): boolean {
  if (report.converged) return false;
  emitWarning(
    warnings,
    `${kind} fit did not converge after ${report.iterations} iterations (gradient norm ${report.gradientNorm.toPrecision(3)}): ${report.message}`,
    options,
  );
  return true;
}

/**
 * Deep-freezes a plain-data fit (objects and arrays, recursively) and returns it. O(size).
 *
 * @internal
 * @example
 * ```ts
 * import { freezeFit } from './shared.js'; // internal: shared model helpers
 * const fit = freezeFit({ params: { r: 1 } });
 * Object.isFrozen(fit.params); // true
 * ```
 */
export function freezeFit<F extends object>(fit: F): F {
  for (const value of Object.values(fit)) {
    if (typeof value === 'object' && value !== null && !Object.isFrozen(value))
      freezeFit(value as object);
  }
  return Object.freeze(fit);
}

/**
 * Checks that a fit's parameters are all finite and positive; otherwise throws instead of
 * returning NaN silently. O(parameters).
 *
 * @throws {ClvError} `FIT_FAILED` naming the first bad parameter.
 * @internal
 * @example
 * ```ts
 * import { checkFiniteParams } from './shared.js'; // internal: shared model helpers
 * checkFiniteParams('bg-nbd', { r: 0.24, alpha: 4.4 });
 * ```
 */
export function checkFiniteParams(kind: string, params: object): void {
  for (const [name, value] of Object.entries(params) as [string, unknown][]) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      throw new ClvError(
        issueOf(
          'FIT_FAILED',
          `${kind} fit failed: parameter ${name} = ${value} is not a finite positive number (try a penalty or other starts)`,
          undefined,
          name,
          value,
        ),
      );
    }
  }
}

/**
 * Standard errors from a covariance matrix (row-major, `names.length`²): the square roots of the
 * diagonal, or `undefined` when any variance is not finite and positive. O(p).
 *
 * @internal
 * @example
 * ```ts
 * import { standardErrorsFromCovariance } from './shared.js'; // internal: shared model helpers
 * standardErrorsFromCovariance(new Float64Array([4, 0, 0, 9]), ['p', 'q'] as const); // { p: 2, q: 3 }
 * ```
 */
export function standardErrorsFromCovariance<N extends string>(
  covariance: ArrayLike<number> | undefined,
  names: readonly N[],
): Readonly<Record<N, number>> | undefined {
  if (covariance === undefined) return undefined;
  const p = names.length;
  const out = {} as Record<N, number>;
  for (let i = 0; i < p; i++) {
    const variance = covariance[i * p + i];
    if (variance === undefined || !(Number.isFinite(variance) && variance > 0)) return undefined;
    out[names[i]!] = Math.sqrt(variance);
  }
  return Object.freeze(out);
}
