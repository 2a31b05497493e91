import { ClvError, displayValue, invalidOption, issueOf } from '../../errors/index.js';
import { isTimeUnit } from '../../time/index.js';
import type {
  OpportunityLog,
  OpportunitySummary,
  OpportunitySummaryColumnsInput,
  SummarizeOpportunitiesOptions,
} from './types.js';

const UNIT_REASON = "must be 'hour', 'day', 'week', 'month', 'quarter' or 'year'";

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

function argumentError(field: string, value: unknown, message: string): never {
  throw new ClvError(issueOf('INVALID_ARGUMENT', message, undefined, field, value));
}

/** A numeric column copied into a Float64Array after checking its length and finiteness. */
function numericColumn(name: string, values: unknown, n: number | undefined): Float64Array {
  if (values === undefined)
    throw new ClvError(issueOf('MISSING_COLUMN', `Column ${name} is required`, undefined, name));
  const list = values as ArrayLike<unknown>;
  if (typeof list !== 'object' || list === null || typeof list.length !== 'number')
    invalidOption(name, values, 'must be an array or typed array of numbers');
  if (n !== undefined && list.length !== n)
    argumentError(
      name,
      list.length,
      `Column ${name} has ${list.length} values but frequency has ${n}`,
    );
  const out = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      rowError(i + 1, name, v, 'is not a finite number');
    out[i] = v;
  }
  return out;
}

/**
 * Checks the rows of an opportunity summary: integers with 0 ≤ x ≤ t_x ≤ n, t_x = 0 exactly when
 * x = 0 (x transactions in distinct opportunities 1..t_x need t_x ≥ x ≥ 1), weights finite ≥ 0.
 */
function checkRows(
  x: Float64Array,
  tx: Float64Array,
  n: Float64Array,
  weights: Float64Array | undefined,
): void {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const ti = tx[i]!;
    const ni = n[i]!;
    if (!(Number.isInteger(ni) && ni >= 0))
      rowError(i + 1, 'periods', ni, 'must be a finite integer ≥ 0');
    if (!(Number.isInteger(xi) && xi >= 0 && xi <= ni))
      rowError(i + 1, 'frequency', xi, `must be an integer with 0 ≤ frequency ≤ periods (${ni})`);
    if (!(Number.isInteger(ti) && ti >= 0 && ti <= ni))
      rowError(i + 1, 'recency', ti, `must be an integer with 0 ≤ recency ≤ periods (${ni})`);
    if (xi === 0 && ti !== 0)
      rowError(i + 1, 'recency', ti, 'must be 0 when frequency is 0 (no repeat transaction)');
    if (xi > 0 && ti < xi)
      rowError(
        i + 1,
        'recency',
        ti,
        `must be ≥ frequency (${xi}): x transactions take x distinct opportunities 1..recency`,
      );
    if (weights !== undefined) {
      const w = weights[i]!;
      if (!(Number.isFinite(w) && w >= 0)) rowError(i + 1, 'weights', w, 'must be finite and ≥ 0');
    }
  }
}

/**
 * Builds an {@link OpportunitySummary} (the input of the BG/BB model) from columns, validating
 * them: equal lengths, finite numbers, integers with 0 ≤ frequency ≤ recency ≤ periods, recency 0
 * exactly when frequency is 0 (the convention of Fader, Hardie & Shang 2010: t_x is the
 * opportunity 1..n of the last repeat transaction, 0 without one), weights finite ≥ 0, ids
 * non-empty and unique. `periods` may be one number for all rows. Rows keep the given order. O(n).
 *
 * @throws {ClvError} `MISSING_COLUMN`; `INVALID_OPTION` (unit, or a column that is not an array);
 *   `INVALID_ARGUMENT` naming the 1-based row, the field and the value; `INVALID_ID` for an empty
 *   or duplicate id.
 * @example
 * ```ts
 * import { opportunitySummaryFromColumns } from 'clvkit';
 * // Two patterns of the donations data: 3,464 donors with no repeat, 1,203 donating every year.
 * const summary = opportunitySummaryFromColumns({
 *   frequency: [0, 6],
 *   recency: [0, 6],
 *   periods: 6,
 *   weights: [3464, 1203],
 *   unit: 'year',
 * });
 * summary.weights; // Float64Array [3464, 1203]
 * ```
 */
export function opportunitySummaryFromColumns(
  input: OpportunitySummaryColumnsInput,
): OpportunitySummary {
  if (input === null || typeof input !== 'object')
    invalidOption('input', input, 'must be an object of columns');
  if (!isTimeUnit(input.unit)) invalidOption('unit', input.unit, UNIT_REASON);
  const frequency = numericColumn('frequency', input.frequency, undefined);
  const n = frequency.length;
  const recency = numericColumn('recency', input.recency, n);
  const periods =
    typeof input.periods === 'number'
      ? new Float64Array(n).fill(input.periods)
      : numericColumn('periods', input.periods, n);
  if (typeof input.periods === 'number' && !(Number.isInteger(input.periods) && input.periods >= 0))
    invalidOption('periods', input.periods, 'must be an integer ≥ 0 or one per row');
  const weights =
    input.weights === undefined ? undefined : numericColumn('weights', input.weights, n);
  let ids: string[] | undefined;
  if (input.ids !== undefined) {
    if (!Array.isArray(input.ids)) invalidOption('ids', input.ids, 'must be an array of ids');
    if (input.ids.length !== n)
      argumentError(
        'ids',
        input.ids.length,
        `ids has ${input.ids.length} values but frequency has ${n}`,
      );
    ids = [];
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const raw: unknown = input.ids[i];
      const id = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
      if (typeof id !== 'string' || id === '' || seen.has(id)) {
        throw new ClvError(
          issueOf(
            'INVALID_ID',
            `Row ${i + 1}: ids ${displayValue(raw)} ${typeof id === 'string' && id !== '' ? 'appears twice' : 'is not a non-empty string'}`,
            i + 1,
            'ids',
            raw,
          ),
        );
      }
      seen.add(id);
      ids.push(id);
    }
  }
  checkRows(frequency, recency, periods, weights);
  return {
    kind: 'opportunity-summary',
    unit: input.unit,
    ids,
    frequency,
    recency,
    periods,
    weights,
  };
}

/**
 * Checks that `summary` is a usable {@link OpportunitySummary} (shape and every row, as
 * {@link opportunitySummaryFromColumns} does). O(n).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` (field `summary`, or the row and field at fault).
 * @internal
 * @example
 * ```ts
 * import { opportunitySummaryFromColumns } from 'clvkit';
 * import { checkOpportunitySummary } from './summary.js'; // internal
 * checkOpportunitySummary(opportunitySummaryFromColumns({ frequency: [1], recency: [1], periods: 3, unit: 'year' }));
 * ```
 */
export function checkOpportunitySummary(summary: OpportunitySummary): void {
  if (
    summary === null ||
    typeof summary !== 'object' ||
    summary.kind !== 'opportunity-summary' ||
    !(summary.frequency instanceof Float64Array) ||
    !(summary.recency instanceof Float64Array) ||
    !(summary.periods instanceof Float64Array) ||
    !(summary.weights === undefined || summary.weights instanceof Float64Array) ||
    !isTimeUnit(summary.unit)
  ) {
    argumentError(
      'summary',
      undefined,
      'summary must be an OpportunitySummary (from opportunitySummaryFromColumns or summarizeOpportunities)',
    );
  }
  const n = summary.frequency.length;
  if (
    summary.recency.length !== n ||
    summary.periods.length !== n ||
    (summary.weights !== undefined && summary.weights.length !== n)
  ) {
    argumentError(
      'summary',
      undefined,
      `summary columns differ in length (frequency ${n}, recency ${summary.recency.length}, periods ${summary.periods.length}${summary.weights === undefined ? '' : `, weights ${summary.weights.length}`})`,
    );
  }
  checkRows(summary.frequency, summary.recency, summary.periods, summary.weights);
}

/**
 * Summarises a log of transactions at discrete opportunities into an {@link OpportunitySummary}.
 * Convention: opportunity 0 is the customer's joining one (the first transaction, which defines
 * the cohort, as the 1995 first donation in Fader, Hardie & Shang 2010) and is not counted;
 * opportunities 1..n are the repeat ones. Every customer must have a record at period 0. x is
 * the number of distinct periods in 1..n with a record (several records in one period count
 * once), t_x the last of them (0 without any). Rows are in ascending id order (UTF-16 code
 * units); weights are `undefined` (one customer per row). O(records + customers · (n + log
 * customers)) time, one byte per (customer, period) of scratch memory.
 *
 * @throws {ClvError} `INVALID_OPTION` for `periods` or `unit`; `INVALID_ARGUMENT` for columns of
 *   different lengths or a period that is not an integer in 0..n (row named) or a customer
 *   without a record at period 0; `INVALID_ID` for an id that is not a non-empty string.
 * @example
 * ```ts
 * import { summarizeOpportunities } from 'clvkit';
 * const summary = summarizeOpportunities(
 *   { customerId: ['a', 'a', 'a', 'a', 'b'], period: [0, 2, 2, 5, 0] },
 *   { periods: 6, unit: 'year' },
 * );
 * summary.ids; // ['a', 'b']
 * summary.frequency; // Float64Array [2, 0]
 * summary.recency; // Float64Array [5, 0]
 * ```
 */
export function summarizeOpportunities(
  log: OpportunityLog,
  options: SummarizeOpportunitiesOptions,
): OpportunitySummary {
  if (options === null || typeof options !== 'object')
    invalidOption('options', options, 'must be an object with periods and unit');
  for (const key of Object.keys(options)) {
    if (key !== 'periods' && key !== 'unit')
      invalidOption(
        key,
        (options as unknown as Record<string, unknown>)[key],
        'is not a known option',
      );
  }
  const { periods: n, unit } = options;
  if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0))
    invalidOption('periods', n, 'must be an integer ≥ 0');
  if (!isTimeUnit(unit)) invalidOption('unit', unit, UNIT_REASON);
  if (log === null || typeof log !== 'object')
    argumentError('log', log, 'log must be an object with customerId and period columns');
  const ids = log.customerId;
  const period = log.period;
  if (ids === undefined)
    throw new ClvError(
      issueOf('MISSING_COLUMN', 'Column customerId is required', undefined, 'customerId'),
    );
  if (period === undefined)
    throw new ClvError(issueOf('MISSING_COLUMN', 'Column period is required', undefined, 'period'));
  if (ids.length !== period.length)
    argumentError(
      'period',
      period.length,
      `Column period has ${period.length} values but customerId has ${ids.length}`,
    );
  // Customer index of each record, then one flag per (customer, period): records in the same
  // period count once, and period 0 marks the customer as a member of the cohort.
  const index = new Map<string, number>();
  const firstRow: number[] = [];
  const customerOf = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (typeof id !== 'string' || id === '') {
      throw new ClvError(
        issueOf(
          'INVALID_ID',
          `Row ${i + 1}: customerId ${displayValue(id)} is not a non-empty string`,
          i + 1,
          'customerId',
          id,
        ),
      );
    }
    const t = period[i];
    if (!(typeof t === 'number' && Number.isInteger(t) && t >= 0 && t <= n))
      rowError(i + 1, 'period', t, `must be an integer from 0 (joining) to periods (${n})`);
    let k = index.get(id);
    if (k === undefined) {
      k = firstRow.length;
      index.set(id, k);
      firstRow.push(i + 1);
    }
    customerOf[i] = k;
  }
  const m = firstRow.length;
  const width = n + 1;
  const flags = new Uint8Array(m * width);
  const x = new Float64Array(m);
  const last = new Float64Array(m);
  for (let i = 0; i < ids.length; i++) {
    const k = customerOf[i]!;
    const t = period[i]!;
    if (flags[k * width + t] === 1) continue;
    flags[k * width + t] = 1;
    if (t > 0) {
      x[k]!++;
      if (t > last[k]!) last[k] = t;
    }
  }
  const sorted = [...index.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const frequency = new Float64Array(m);
  const recency = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const k = index.get(sorted[j]!)!;
    if (flags[k * width] !== 1) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `Row ${firstRow[k]}: customer ${displayValue(sorted[j])} has no record at period 0 (the joining opportunity); periods are 0-based, 0 = joining`,
          firstRow[k],
          'period',
          sorted[j],
        ),
      );
    }
    frequency[j] = x[k]!;
    recency[j] = last[k]!;
  }
  return {
    kind: 'opportunity-summary',
    unit,
    ids: sorted,
    frequency,
    recency,
    periods: new Float64Array(m).fill(n),
    weights: undefined,
  };
}
