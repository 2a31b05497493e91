import { ClvError, invalidOption, issueOf } from '../errors/index.js';
import {
  badArgument,
  badEntry,
  checkLength,
  finiteColumn,
  idColumn,
  optionsObject,
} from '../segments/internal.js';
import { rankCuts } from '../segments/rank.js';
import type { CustomerSummary } from '../summary/types.js';
import type { TimeUnit } from '../time/index.js';

/** How {@link rfmScores} turns values into scores: rank quantiles of the data, or given cut points. */
export type RfmMethod = 'quantile' | 'thresholds';

/**
 * Which summary column is RFM frequency: `'purchases'` = `frequency + 1` (purchase events
 * including the first, as the summary merges same-day or same-period purchases), `'orders'` =
 * the summary's `orders` column (distinct orders).
 */
export type RfmFrequencySource = 'purchases' | 'orders';

/**
 * Which summary column is RFM monetary: `'totalSpend'` (all spend in the window) or
 * `'monetaryValue'` (mean spend per repeat purchase period, 0 without a repeat purchase).
 */
export type RfmMonetarySource = 'totalSpend' | 'monetaryValue';

/**
 * Plain columns for {@link rfmScores}, for users without a {@link CustomerSummary}. Every column
 * has one entry per id.
 */
export interface RfmColumnsInput {
  /** Customer ids (numbers are turned into strings). Carried through, not checked for uniqueness. */
  readonly ids: readonly (string | number)[];
  /** Time SINCE the last purchase (e.g. days), ≥ 0: lower is better. */
  readonly recency: ArrayLike<number>;
  /** Number of purchases (or orders), ≥ 0. */
  readonly frequency: ArrayLike<number>;
  /** Spend (may be negative after refunds). */
  readonly monetary: ArrayLike<number>;
}

/**
 * Cut points per dimension, each `k − 1` non-decreasing numbers (±Infinity allowed, an empty
 * score range where two are equal).
 *
 * - frequency and monetary (higher is better): score = 1 + (number of cut points ≤ value), so
 *   with `[2, 4, 8, 16]` a value of 4 scores 3 and 16 scores 5;
 * - recency (time since the last purchase, lower is better): score = k − (number of cut points
 *   < value), so with `[30, 60, 90, 180]` days, 30 days or less scores 5, 31–60 scores 4 and more
 *   than 180 scores 1.
 */
export interface RfmThresholds {
  readonly recency: readonly number[];
  readonly frequency: readonly number[];
  readonly monetary: readonly number[];
}

/** Weights of the weighted mean score (non-negative, not all zero). */
export interface RfmWeights {
  readonly r: number;
  readonly f: number;
  readonly m: number;
}

/** Options of {@link rfmScores}; defaults in {@link RFM_SCORES_DEFAULTS}. */
export interface RfmScoresOptions {
  /** Number of scores per dimension, an integer in 2..9 (one digit per dimension in `cell`). */
  readonly k?: number;
  /** `'quantile'` (tie-aware rank bins of the data) or `'thresholds'` (give `thresholds`). */
  readonly method?: RfmMethod;
  /** Cut points per dimension; required with `method: 'thresholds'`, refused otherwise. */
  readonly thresholds?: RfmThresholds;
  /** When given, `weighted` = (r·w.r + f·w.f + m·w.m) / (w.r + w.f + w.m). */
  readonly weights?: RfmWeights;
  /** Summary input only: which column is frequency. */
  readonly frequencyFrom?: RfmFrequencySource;
  /** Summary input only: which column is monetary. */
  readonly monetaryFrom?: RfmMonetarySource;
}

/** Defaults of {@link RfmScoresOptions}. */
export const RFM_SCORES_DEFAULTS: Readonly<{
  k: 5;
  method: 'quantile';
  frequencyFrom: 'purchases';
  monetaryFrom: 'totalSpend';
}> = Object.freeze({
  k: 5,
  method: 'quantile',
  frequencyFrom: 'purchases',
  monetaryFrom: 'totalSpend',
});

/** The R, F and M values that were scored, one entry per customer. */
export interface RfmValues {
  /** Time since the last purchase (summary: `T − recency`, in the summary's unit). */
  readonly recency: Float64Array;
  /** Purchases or orders. */
  readonly frequency: Float64Array;
  /** Spend. */
  readonly monetary: Float64Array;
}

/** Result of {@link rfmScores}: per-customer scores as typed arrays in input order. */
export interface RfmScores {
  readonly kind: 'rfm-scores';
  readonly ids: readonly string[];
  /** Recency score 1..k: k = most recent. */
  readonly r: Uint8Array;
  /** Frequency score 1..k: k = most purchases. */
  readonly f: Uint8Array;
  /** Monetary score 1..k: k = most spend. */
  readonly m: Uint8Array;
  /** The cell code per customer, `${r}${f}${m}`, e.g. `'545'`. */
  readonly cell: readonly string[];
  /** r + f + m (3..3k). */
  readonly total: Uint8Array;
  /** Weighted mean score, present when `weights` was given. */
  readonly weighted: Float64Array | undefined;
  readonly k: number;
  readonly method: RfmMethod;
  /**
   * The cut points used (for `'quantile'`, those found in the data): passing them back with
   * `method: 'thresholds'` reproduces the same scores on the same data.
   */
  readonly thresholds: RfmThresholds;
  /** The values that were scored. */
  readonly values: RfmValues;
  /** Unit of `values.recency` for summary input; undefined for columns input. */
  readonly recencyUnit: TimeUnit | undefined;
}

function isSummary(input: unknown): input is CustomerSummary {
  return (input as { kind?: unknown }).kind === 'customer-summary';
}

function summaryColumn(
  summary: CustomerSummary,
  name: 'orders' | 'totalSpend',
  option: string,
): Float64Array {
  const values = summary[name];
  if (values === undefined) {
    throw new ClvError(
      issueOf(
        'MISSING_COLUMN',
        `The summary has no ${name} column (precomputed summaries lack it); pass ${option}`,
        undefined,
        name,
      ),
    );
  }
  return values;
}

function valuesOfSummary(
  summary: CustomerSummary,
  frequencyFrom: RfmFrequencySource,
  monetaryFrom: RfmMonetarySource,
): RfmValues {
  const n = summary.ids.length;
  const recency = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // BTYD recency is first → last purchase; RFM recency is last purchase → window end.
    const since = summary.T[i]! - summary.recency[i]!;
    if (!(since >= 0)) badEntry('summary.recency', i, summary.recency[i], 'exceeds T');
    recency[i] = since + 0;
  }
  let frequency: Float64Array;
  if (frequencyFrom === 'purchases') {
    frequency = new Float64Array(n);
    for (let i = 0; i < n; i++) frequency[i] = summary.frequency[i]! + 1;
  } else {
    frequency = finiteColumn(
      'summary.orders',
      summaryColumn(summary, 'orders', "frequencyFrom: 'purchases'"),
      n,
      0,
    );
  }
  const monetary = finiteColumn(
    `summary.${monetaryFrom}`,
    monetaryFrom === 'totalSpend'
      ? summaryColumn(summary, 'totalSpend', "monetaryFrom: 'monetaryValue'")
      : summary.monetaryValue,
    n,
  );
  return { recency, frequency, monetary };
}

function checkThresholdList(name: string, list: unknown, k: number): Float64Array {
  if (!Array.isArray(list)) invalidOption(name, list, `must be an array of ${k - 1} cut points`);
  if (list.length !== k - 1) {
    invalidOption(name, list, `must hold k − 1 = ${k - 1} cut points, got ${list.length}`);
  }
  const out = new Float64Array(k - 1);
  for (let j = 0; j < k - 1; j++) {
    const v: unknown = list[j];
    if (typeof v !== 'number' || Number.isNaN(v)) {
      invalidOption(`${name}[${j}]`, v, 'must be a number');
    }
    if (j > 0 && v < out[j - 1]!) invalidOption(name, list, 'must be non-decreasing');
    out[j] = v + 0;
  }
  return out;
}

/** Ranks p_s = ⌈(s − 1)·n / k⌉ for s = 2..k: where score s starts by the tie rule. */
function scoreRanks(n: number, k: number): number[] {
  const ranks: number[] = [];
  for (let s = 2; s <= k; s++) ranks.push(Math.ceil(((s - 1) * n) / k));
  return ranks;
}

/** Quantile cut points of a higher-is-better column (see {@link RfmThresholds}). */
function higherCuts(values: Float64Array, k: number): Float64Array {
  return rankCuts(values, scoreRanks(values.length, k));
}

/** Quantile cut points of recency (lower is better), in the recency convention. */
function recencyCuts(values: Float64Array, k: number): Float64Array {
  const goodness = rankCuts(values, scoreRanks(values.length, k), true);
  // score ≥ s ⇔ −v ≥ g_s ⇔ v ≤ −g_s: reverse into ascending recency cut points.
  const cuts = new Float64Array(k - 1);
  for (let j = 0; j < k - 1; j++) cuts[j] = -goodness[k - 2 - j]! + 0;
  return cuts;
}

// The scoring loops count with `+(comparison)` rather than stopping at the first cut above the
// value: branch-free, about twice as fast on unsorted data.

function scoreHigher(values: Float64Array, cuts: Float64Array, out: Uint8Array): void {
  const m = cuts.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let score = 1;
    for (let j = 0; j < m; j++) score += +(cuts[j]! <= v);
    out[i] = score;
  }
}

function scoreRecency(values: Float64Array, cuts: Float64Array, out: Uint8Array): void {
  const m = cuts.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let score = m + 1;
    for (let j = 0; j < m; j++) score -= +(cuts[j]! < v);
    out[i] = score;
  }
}

/** The `k³` cell codes, indexed by (r − 1)·k² + (f − 1)·k + (m − 1). */
function cellCodes(k: number): string[] {
  const codes: string[] = [];
  for (let r = 1; r <= k; r++) {
    for (let f = 1; f <= k; f++) for (let m = 1; m <= k; m++) codes.push(`${r}${f}${m}`);
  }
  return codes;
}

function checkWeights(weights: unknown): RfmWeights {
  if (weights === null || typeof weights !== 'object') {
    invalidOption('weights', weights, 'must be an object { r, f, m }');
  }
  const w = weights as Record<string, unknown>;
  for (const key of ['r', 'f', 'm'] as const) {
    const v = w[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      invalidOption(`weights.${key}`, v, 'must be a finite number ≥ 0');
    }
  }
  const checked = w as unknown as RfmWeights;
  if (checked.r + checked.f + checked.m === 0) {
    invalidOption('weights', weights, 'must not all be zero');
  }
  return checked;
}

/**
 * Recency, frequency and monetary scores 1..k per customer, from a {@link CustomerSummary} or
 * from plain columns ({@link RfmColumnsInput}). Higher is better in every dimension: r = k for
 * the most recent buyers, f and m = k for the most purchases and spend.
 *
 * **Recency mapping.** A summary's `recency` follows the BTYD convention (first to last
 * purchase). RFM recency is the time *since* the last purchase, so it is taken as `T − recency`
 * (last purchase to the end of the summary's window, in `summary.unit`). Frequency is
 * `frequency + 1` purchases (option `frequencyFrom: 'orders'`: the `orders` column); monetary is
 * `totalSpend` (option `monetaryFrom: 'monetaryValue'`).
 *
 * **Tie rule (quantile method).** With L = the number of customers strictly worse in that
 * dimension (lower F or M, longer since the last purchase), score = 1 + ⌊k · L / n⌋: the minimum
 * rank of a tie group decides, so equal values always get equal scores and a tie group goes to the
 * lowest bin its first member reaches. Without ties the bins are as even as possible (sizes differ
 * by at most one). With heavy ties bins become uneven and some scores may be empty (for example, if
 * 60 % of customers bought once they all get f = 1 and the next value gets f = 4) rather than
 * equal values being split by row order, the known failure of tools that rank with
 * `row_number`/`ntile`. All-equal columns score 1 everywhere.
 *
 * `thresholds` in the result holds the cut points used; see {@link RfmThresholds} for how cut
 * points map to scores.
 *
 * Cost per dimension: O(n + range) for integer columns spanning at most 2²⁰ values (days,
 * purchase counts: a histogram), otherwise O(n) expected (introselect of the k − 1 cut ranks on a
 * `Float64Array` copy, O(n log n) worst case); then an O(n·k) scoring pass. No comparator sorts
 * and no per-customer objects (the cell codes are k³ shared strings).
 *
 * @throws {ClvError} `INVALID_OPTION` (k, method, thresholds, weights, frequencyFrom,
 *   monetaryFrom), `INVALID_ARGUMENT` (a column of the wrong length or a non-finite or negative
 *   recency/frequency, row named), `INVALID_ID` (an empty id), `MISSING_COLUMN` (a summary without
 *   the `orders` or `totalSpend` column asked for).
 * @example
 * ```ts
 * import { rfmScores } from 'clvkit';
 * const scores = rfmScores(
 *   { ids: ['a', 'b', 'c', 'd', 'e'], recency: [3, 40, 40, 200, 10], frequency: [9, 2, 2, 1, 5], monetary: [900, 80, 120, 15, 400] },
 *   { k: 5 },
 * );
 * scores.cell; // ['555', '222', '223', '111', '444']
 * scores.r; // Uint8Array [5, 2, 2, 1, 4]: the two 40-day customers tie and share the lower bin
 * ```
 */
export function rfmScores(
  input: CustomerSummary | RfmColumnsInput,
  options?: RfmScoresOptions,
): RfmScores {
  if (input === null || typeof input !== 'object') {
    badArgument(
      'input',
      input,
      'must be a customer summary or { ids, recency, frequency, monetary }',
    );
  }
  const opts = optionsObject(options);
  const k = opts.k ?? RFM_SCORES_DEFAULTS.k;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 2 || k > 9) {
    invalidOption('k', k, 'must be an integer from 2 to 9');
  }
  const method = opts.method ?? RFM_SCORES_DEFAULTS.method;
  if (method !== 'quantile' && method !== 'thresholds') {
    invalidOption('method', method, "must be 'quantile' or 'thresholds'");
  }
  const frequencyFrom = opts.frequencyFrom ?? RFM_SCORES_DEFAULTS.frequencyFrom;
  if (frequencyFrom !== 'purchases' && frequencyFrom !== 'orders') {
    invalidOption('frequencyFrom', frequencyFrom, "must be 'purchases' or 'orders'");
  }
  const monetaryFrom = opts.monetaryFrom ?? RFM_SCORES_DEFAULTS.monetaryFrom;
  if (monetaryFrom !== 'totalSpend' && monetaryFrom !== 'monetaryValue') {
    invalidOption('monetaryFrom', monetaryFrom, "must be 'totalSpend' or 'monetaryValue'");
  }
  let given: { recency: Float64Array; frequency: Float64Array; monetary: Float64Array } | undefined;
  if (method === 'thresholds') {
    const t = opts.thresholds;
    if (t === undefined || t === null || typeof t !== 'object') {
      invalidOption(
        'thresholds',
        t,
        "is required with method 'thresholds': { recency, frequency, monetary }",
      );
    }
    given = {
      recency: checkThresholdList('thresholds.recency', t.recency, k),
      frequency: checkThresholdList('thresholds.frequency', t.frequency, k),
      monetary: checkThresholdList('thresholds.monetary', t.monetary, k),
    };
  } else if (opts.thresholds !== undefined) {
    invalidOption('thresholds', opts.thresholds, "is only used with method: 'thresholds'");
  }
  const weights = opts.weights === undefined ? undefined : checkWeights(opts.weights);

  let ids: readonly string[];
  let values: RfmValues;
  let recencyUnit: TimeUnit | undefined;
  if (isSummary(input)) {
    ids = input.ids;
    values = valuesOfSummary(input, frequencyFrom, monetaryFrom);
    recencyUnit = input.unit;
  } else {
    if (opts.frequencyFrom !== undefined || opts.monetaryFrom !== undefined) {
      invalidOption(
        opts.frequencyFrom !== undefined ? 'frequencyFrom' : 'monetaryFrom',
        opts.frequencyFrom ?? opts.monetaryFrom,
        'only applies to a customer summary; columns input is scored as given',
      );
    }
    const columns = input as RfmColumnsInput;
    ids = idColumn('ids', columns.ids);
    const n = ids.length;
    checkLength('recency', columns.recency, n);
    values = {
      recency: finiteColumn('recency', columns.recency, n, 0),
      frequency: finiteColumn('frequency', columns.frequency, n, 0),
      monetary: finiteColumn('monetary', columns.monetary, n),
    };
    recencyUnit = undefined;
  }

  const n = ids.length;
  const cuts = given ?? {
    recency: recencyCuts(values.recency, k),
    frequency: higherCuts(values.frequency, k),
    monetary: higherCuts(values.monetary, k),
  };
  const r = new Uint8Array(n);
  const f = new Uint8Array(n);
  const m = new Uint8Array(n);
  scoreRecency(values.recency, cuts.recency, r);
  scoreHigher(values.frequency, cuts.frequency, f);
  scoreHigher(values.monetary, cuts.monetary, m);

  const codes = cellCodes(k);
  const cell: string[] = new Array(n);
  const total = new Uint8Array(n);
  const kk = k * k;
  for (let i = 0; i < n; i++) {
    const ri = r[i]!;
    const fi = f[i]!;
    const mi = m[i]!;
    cell[i] = codes[(ri - 1) * kk + (fi - 1) * k + (mi - 1)]!;
    total[i] = ri + fi + mi;
  }
  let weighted: Float64Array | undefined;
  if (weights !== undefined) {
    weighted = new Float64Array(n);
    const sum = weights.r + weights.f + weights.m;
    for (let i = 0; i < n; i++) {
      weighted[i] = (weights.r * r[i]! + weights.f * f[i]! + weights.m * m[i]!) / sum;
    }
  }
  return Object.freeze({
    kind: 'rfm-scores',
    ids,
    r,
    f,
    m,
    cell: Object.freeze(cell),
    total,
    weighted,
    k,
    method,
    thresholds: Object.freeze({
      recency: Object.freeze(Array.from(cuts.recency)),
      frequency: Object.freeze(Array.from(cuts.frequency)),
      monetary: Object.freeze(Array.from(cuts.monetary)),
    }),
    values: Object.freeze(values),
    recencyUnit,
  } satisfies RfmScores);
}
