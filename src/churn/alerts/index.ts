/**
 * Churn alerts: the customers a retention team should call first — ranked by the value they put
 * at risk, with the reasons behind each score, as flat rows ready for a CRM export.
 *
 * @module
 */
import { ClvError, displayValue, invalidOption, issueOf } from '../../errors/index.js';
import type { ChurnReason } from '../model/index.js';

/**
 * Scored rows for {@link churnAlerts}: the output of `explainChurn` (ids, probability, reasons)
 * plus the value at stake per row (e.g. `predictClv(...).clv`, in the same row order).
 *
 * @example
 * ```ts
 * import type { ChurnAlertsInput } from 'clvkit/churn';
 * const scored: ChurnAlertsInput = { ids: ['a', 'b'], probability: [0.9, 0.2], value: [120, 300] };
 * ```
 */
export interface ChurnAlertsInput {
  readonly ids: readonly string[];
  /** Churn probability per row, in [0, 1]. */
  readonly probability: ArrayLike<number>;
  /** Value at stake per row (predicted CLV or margin), finite. */
  readonly value: ArrayLike<number>;
  /** Reasons per row (from `explainChurn`), largest first; optional. */
  readonly reasons?: readonly (readonly ChurnReason[])[];
}

/** Options of {@link churnAlerts}; defaults in {@link CHURN_ALERTS_DEFAULTS}. */
export interface ChurnAlertsOptions {
  /** Only rows with churn probability ≥ this (default 0.5). */
  readonly minProbability?: number;
  /** Only rows with value ≥ this (default 0: customers worth something). */
  readonly minValue?: number;
  /** At most this many alerts, the largest value at risk first (default: all). */
  readonly limit?: number;
  /** Reasons kept per alert (default 3). */
  readonly maxReasons?: number;
  /**
   * Keep only reasons that raise the churn risk (positive contribution; default true): what a
   * caller can act on. With false, reasons of either sign are kept.
   */
  readonly risingReasonsOnly?: boolean;
}

/**
 * Defaults of {@link ChurnAlertsOptions}.
 *
 * @example
 * ```ts
 * import { CHURN_ALERTS_DEFAULTS } from 'clvkit/churn';
 * CHURN_ALERTS_DEFAULTS.minProbability; // 0.5
 * ```
 */
export const CHURN_ALERTS_DEFAULTS = Object.freeze({
  minProbability: 0.5,
  minValue: 0,
  maxReasons: 3,
  risingReasonsOnly: true,
} as const);

/** One alert: a flat record (plus the structured reasons) for a CRM export. */
export interface ChurnAlert {
  /** 1 = the largest value at risk. */
  readonly rank: number;
  readonly id: string;
  readonly churnProbability: number;
  readonly value: number;
  /** churnProbability × value: the expected loss if nothing is done. */
  readonly valueAtRisk: number;
  /** The kept reasons, largest contribution first. */
  readonly reasons: readonly ChurnReason[];
  /** The reasons as one line, e.g. `recency = 40 (+0.21); frequencyTrend = -0.5 (+0.05)`. */
  readonly reasonText: string;
}

/** Output of {@link churnAlerts}. */
export interface ChurnAlerts {
  readonly alerts: readonly ChurnAlert[];
  /** Rows scored. */
  readonly rows: number;
  /** Rows meeting both thresholds (before `limit`). */
  readonly flagged: number;
  /** Σ value at risk over the flagged rows (before `limit`). */
  readonly flaggedValueAtRisk: number;
}

const OPTION_KEYS = new Set([
  'minProbability',
  'minValue',
  'limit',
  'maxReasons',
  'risingReasonsOnly',
]);

function rowError(row: number, field: string, value: unknown, reason: string): never {
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `churnAlerts: row ${row + 1}: ${field} = ${displayValue(value)} ${reason}`,
      row + 1,
      field,
      value,
    ),
  );
}

function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Number(x.toPrecision(3)).toString();
}

function signed(x: number): string {
  const text = formatNumber(x);
  return x > 0 ? `+${text}` : text;
}

/**
 * Ranks customers by expected value at risk (churn probability × value) among those with churn
 * probability ≥ `minProbability` and value ≥ `minValue`, and attaches each one's top reasons.
 * Ties in value at risk are broken by id, so the ranking is deterministic. O(n log n).
 *
 * @param scored - see {@link ChurnAlertsInput}; pass `{ ...explainChurn(model, dataset), value }`.
 * @param options - see {@link ChurnAlertsOptions}.
 * @throws {ClvError} `INVALID_ARGUMENT` for columns of different lengths, a probability outside
 *   [0, 1] or not a number, a non-finite value (row and field named); `INVALID_OPTION` for a bad
 *   option.
 * @example
 * ```ts
 * import { churnAlerts } from 'clvkit/churn';
 * const { alerts } = churnAlerts(
 *   {
 *     ids: ['a', 'b', 'c'],
 *     probability: [0.9, 0.6, 0.2],
 *     value: [100, 400, 900],
 *     reasons: [[{ feature: 'recency', value: 40, contribution: 0.3 }], [], []],
 *   },
 *   { minProbability: 0.5 },
 * );
 * alerts.map((a) => [a.id, a.valueAtRisk]); // [['b', 240], ['a', 90]]
 * alerts[1].reasonText; // 'recency = 40 (+0.3)'
 * ```
 */
export function churnAlerts(
  scored: ChurnAlertsInput,
  options: ChurnAlertsOptions = {},
): ChurnAlerts {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalidOption('options', options, 'must be an object');
  for (const key of Object.keys(options))
    if (!OPTION_KEYS.has(key))
      invalidOption(key, (options as Record<string, unknown>)[key], 'is not a known option');
  const minProbability = options.minProbability ?? CHURN_ALERTS_DEFAULTS.minProbability;
  const minValue = options.minValue ?? CHURN_ALERTS_DEFAULTS.minValue;
  const maxReasons = options.maxReasons ?? CHURN_ALERTS_DEFAULTS.maxReasons;
  const rising = options.risingReasonsOnly ?? CHURN_ALERTS_DEFAULTS.risingReasonsOnly;
  const limit = options.limit;
  if (!(typeof minProbability === 'number' && minProbability >= 0 && minProbability <= 1))
    invalidOption('minProbability', minProbability, 'must be a number in [0, 1]');
  if (!(typeof minValue === 'number' && !Number.isNaN(minValue)))
    invalidOption('minValue', minValue, 'must be a number');
  if (!(Number.isInteger(maxReasons) && maxReasons >= 0))
    invalidOption('maxReasons', maxReasons, 'must be a whole number ≥ 0');
  if (typeof rising !== 'boolean')
    invalidOption('risingReasonsOnly', rising, 'must be true or false');
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0))
    invalidOption('limit', limit, 'must be a whole number ≥ 0');

  if (scored === null || typeof scored !== 'object' || !Array.isArray(scored.ids))
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        'churnAlerts: scored must be { ids, probability, value, reasons? }',
        undefined,
        'scored',
      ),
    );
  const { ids, probability, value, reasons } = scored;
  const n = ids.length;
  for (const [field, column] of [
    ['probability', probability],
    ['value', value],
    ['reasons', reasons],
  ] as const) {
    if (field === 'reasons' && column === undefined) continue;
    if (
      column === null ||
      typeof column !== 'object' ||
      (column as ArrayLike<unknown>).length !== n
    )
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `churnAlerts: ${field} must have one entry per id (${n}), got ${displayValue((column as ArrayLike<unknown> | null)?.length)}`,
          undefined,
          field,
        ),
      );
  }

  const picked: number[] = [];
  let flaggedValueAtRisk = 0;
  let compensation = 0;
  for (let i = 0; i < n; i++) {
    const p = probability[i]!;
    const v = value[i]!;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1))
      rowError(i, 'probability', p, 'must be a number in [0, 1]');
    if (typeof v !== 'number' || !Number.isFinite(v)) rowError(i, 'value', v, 'must be finite');
    if (typeof ids[i] !== 'string') rowError(i, 'ids', ids[i], 'must be a string');
    if (p >= minProbability && v >= minValue) {
      picked.push(i);
      // Neumaier: the flagged total over up to millions of rows.
      const term = p * v;
      const t = flaggedValueAtRisk + term;
      compensation +=
        Math.abs(flaggedValueAtRisk) >= Math.abs(term)
          ? flaggedValueAtRisk - t + term
          : term - t + flaggedValueAtRisk;
      flaggedValueAtRisk = t;
    }
  }
  picked.sort((a, b) => {
    const d = probability[b]! * value[b]! - probability[a]! * value[a]!;
    if (d !== 0) return d;
    return ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : a - b;
  });
  const kept = limit === undefined ? picked : picked.slice(0, limit);
  const alerts = kept.map((i, k): ChurnAlert => {
    const all = reasons?.[i] ?? [];
    const chosen = (rising ? all.filter((r) => r.contribution > 0) : all).slice(0, maxReasons);
    return Object.freeze({
      rank: k + 1,
      id: ids[i]!,
      churnProbability: probability[i]!,
      value: value[i]!,
      valueAtRisk: probability[i]! * value[i]!,
      reasons: Object.freeze(chosen.map((r) => Object.freeze({ ...r }))),
      reasonText: chosen
        .map((r) => `${r.feature} = ${formatNumber(r.value)} (${signed(r.contribution)})`)
        .join('; '),
    });
  });
  return Object.freeze({
    alerts: Object.freeze(alerts),
    rows: n,
    flagged: picked.length,
    flaggedValueAtRisk: flaggedValueAtRisk + compensation,
  });
}
