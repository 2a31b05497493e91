import { invalidOption } from '../errors/index.js';
import {
  badArgument,
  finiteColumn,
  flagColumn,
  isArrayLike,
  labelColumn,
  nameList,
  optionsObject,
} from './internal.js';

/** Membership of one (possibly overlapping) segment, e.g. "opened the newsletter". */
export interface SegmentMembership {
  readonly name: string;
  /** Per customer: true/1 = member, false/0 = not. */
  readonly members: ArrayLike<boolean | number>;
  /** Per customer score (e.g. a propensity), used by `method: 'weighted'`; default 1. */
  readonly score?: ArrayLike<number>;
}

/** How {@link resolveSegmentOverlap} picks one segment among several. */
export type OverlapMethod = 'priority' | 'weighted';

/** Options of {@link resolveSegmentOverlap}; defaults in {@link RESOLVE_SEGMENT_OVERLAP_DEFAULTS}. */
export interface ResolveSegmentOverlapOptions {
  /**
   * `'priority'`: the first segment in list order the customer belongs to. `'weighted'`: the
   * segment with the largest weight × score among those it belongs to.
   */
  readonly method?: OverlapMethod;
  /** `'weighted'` only: one finite weight per segment (default 1 each). */
  readonly weights?: readonly number[];
}

/** Defaults of {@link ResolveSegmentOverlapOptions}. */
export const RESOLVE_SEGMENT_OVERLAP_DEFAULTS: Readonly<{ method: 'priority' }> = Object.freeze({
  method: 'priority',
});

/** One non-zero entry of the conflict table. */
export interface OverlapConflict {
  /** Index of the segment that got the customers. */
  readonly winner: number;
  /** Index of the segment they also belonged to. */
  readonly loser: number;
  readonly winnerName: string;
  readonly loserName: string;
  readonly customers: number;
}

/** Result of {@link resolveSegmentOverlap}. */
export interface OverlapResolution {
  readonly kind: 'segment-overlap';
  /** Per customer, the index of its primary segment, −1 when it belongs to none. */
  readonly primary: Int16Array;
  /** The same array as `primary`. */
  readonly labels: Int16Array;
  readonly names: readonly string[];
  /** Members per segment before resolution. */
  readonly members: readonly number[];
  /** Customers per segment after resolution. */
  readonly assigned: readonly number[];
  /** Customers in no segment. */
  readonly unassigned: number;
  /** Customers in two or more segments. */
  readonly overlapping: number;
  /**
   * `matrix[winner · s + loser]`: customers that `winner` took although they were also members of
   * `loser` (s = number of segments; the diagonal is 0). `table` lists the non-zero entries,
   * by winner then loser.
   */
  readonly conflicts: { readonly matrix: Float64Array; readonly table: readonly OverlapConflict[] };
}

/**
 * Gives every customer one primary segment among the overlapping segments it belongs to.
 * `'priority'` (default) takes the first segment in list order; `'weighted'` the largest
 * weight × score (a missing score counts as 1). Ties are broken deterministically: the earlier
 * segment in the list wins. A customer in no segment gets −1. The conflict report counts, for
 * every pair, how many customers the winning segment took from the other. Idempotent: resolving a
 * single-membership assignment (such as this result turned back into memberships) returns it
 * unchanged, whatever the weights.
 *
 * Cost: O(n · s) for s segments; the output is typed arrays only.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` (columns of different lengths, a membership that is not a
 *   boolean or 0/1, a non-finite score, row named), `INVALID_OPTION` (method, weights, names).
 * @example
 * ```ts
 * import { resolveSegmentOverlap } from 'clvkit';
 * const resolved = resolveSegmentOverlap([
 *   { name: 'win-back', members: [1, 1, 0, 0] },
 *   { name: 'upsell', members: [1, 0, 1, 0] },
 * ]);
 * resolved.primary; // Int16Array [0, 0, 1, -1]
 * resolved.conflicts.table; // [{ winner: 0, loser: 1, winnerName: 'win-back', loserName: 'upsell', customers: 1 }]
 * ```
 */
export function resolveSegmentOverlap(
  memberships: readonly SegmentMembership[],
  options?: ResolveSegmentOverlapOptions,
): OverlapResolution {
  if (!Array.isArray(memberships) || memberships.length > 32767) {
    badArgument('memberships', memberships, 'must be an array of at most 32767 memberships');
  }
  const opts = optionsObject(options);
  const method = opts.method ?? RESOLVE_SEGMENT_OVERLAP_DEFAULTS.method;
  if (method !== 'priority' && method !== 'weighted') {
    invalidOption('method', method, "must be 'priority' or 'weighted'");
  }
  const s = memberships.length;
  if (opts.weights !== undefined && method !== 'weighted') {
    invalidOption('weights', opts.weights, "is only used with method: 'weighted'");
  }
  let weights: Float64Array | undefined;
  if (method === 'weighted') {
    weights = new Float64Array(s).fill(1);
    if (opts.weights !== undefined) {
      if (!Array.isArray(opts.weights) || opts.weights.length !== s) {
        invalidOption('weights', opts.weights, `must hold one number per segment (${s})`);
      }
      for (let j = 0; j < s; j++) {
        const w: unknown = opts.weights[j];
        if (typeof w !== 'number' || !Number.isFinite(w)) {
          invalidOption(`weights[${j}]`, w, 'must be a finite number');
        }
        weights[j] = w;
      }
    }
  }
  const names: string[] = [];
  const members: Uint8Array[] = [];
  const scores: (Float64Array | undefined)[] = [];
  let n = 0;
  for (let j = 0; j < s; j++) {
    const membership: unknown = memberships[j];
    if (membership === null || typeof membership !== 'object') {
      badArgument(`memberships[${j}]`, membership, 'must be { name, members, score? }');
    }
    const { name, members: column, score } = membership as SegmentMembership;
    if (typeof name !== 'string' || name === '') {
      invalidOption(`memberships[${j}].name`, name, 'must be a non-empty string');
    }
    if (j === 0) {
      if (!isArrayLike(column)) badArgument('memberships[0].members', column, 'must be an array');
      n = column.length;
    }
    names.push(name);
    members.push(flagColumn(`memberships[${j}].members`, column, n));
    // Scores only matter to the weighted method; they are still checked when given.
    scores.push(
      score === undefined ? undefined : finiteColumn(`memberships[${j}].score`, score, n),
    );
  }

  const primary = new Int16Array(n).fill(-1);
  const memberCounts = new Float64Array(s);
  const assigned = new Float64Array(s);
  const matrix = new Float64Array(s * s);
  let overlapping = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestValue = 0;
    let count = 0;
    for (let j = 0; j < s; j++) {
      if (members[j]![i] === 0) continue;
      count++;
      memberCounts[j]!++;
      if (weights === undefined) {
        if (best === -1) best = j;
      } else {
        const score = scores[j];
        const value = weights[j]! * (score === undefined ? 1 : score[i]!);
        // Strictly greater: on a tie the earlier segment keeps the customer.
        if (best === -1 || value > bestValue) {
          best = j;
          bestValue = value;
        }
      }
    }
    if (best === -1) continue;
    primary[i] = best;
    assigned[best]!++;
    if (count > 1) {
      overlapping++;
      const row = best * s;
      for (let j = 0; j < s; j++) if (j !== best && members[j]![i] === 1) matrix[row + j]!++;
    }
  }
  const table: OverlapConflict[] = [];
  for (let w = 0; w < s; w++) {
    for (let l = 0; l < s; l++) {
      const customers = matrix[w * s + l]!;
      if (customers > 0) {
        table.push(
          Object.freeze({
            winner: w,
            loser: l,
            winnerName: names[w]!,
            loserName: names[l]!,
            customers,
          }),
        );
      }
    }
  }
  let unassigned = n;
  for (let j = 0; j < s; j++) unassigned -= assigned[j]!;
  return Object.freeze({
    kind: 'segment-overlap',
    primary,
    labels: primary,
    names: Object.freeze(names),
    members: Object.freeze(Array.from(memberCounts)),
    assigned: Object.freeze(Array.from(assigned)),
    unassigned,
    overlapping,
    conflicts: Object.freeze({ matrix, table: Object.freeze(table) }),
  } satisfies OverlapResolution);
}

/**
 * Turns a segmentation (one label per customer, −1 = none) into one membership column per name,
 * for example to feed a resolved assignment back into {@link resolveSegmentOverlap} or to merge
 * it with overlapping lists. O(n · names).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` (a label outside [−1, names.length)), `INVALID_OPTION`
 *   (names).
 * @example
 * ```ts
 * import { membershipsFromLabels } from 'clvkit';
 * const [vip, rest] = membershipsFromLabels([0, 1, -1], ['VIP', 'rest']);
 * vip.members; // Uint8Array [1, 0, 0]
 * rest.members; // Uint8Array [0, 1, 0]
 * ```
 */
export function membershipsFromLabels(
  labels: ArrayLike<number>,
  names: readonly string[],
): { readonly name: string; readonly members: Uint8Array }[] {
  const checkedNames = nameList('names', names, 32767);
  const checked = labelColumn('labels', labels, undefined, checkedNames.length, true);
  const out = checkedNames.map((name) => ({ name, members: new Uint8Array(checked.length) }));
  for (let i = 0; i < checked.length; i++) {
    const label = checked[i]!;
    if (label >= 0) out[label]!.members[i] = 1;
  }
  return out.map((membership) => Object.freeze(membership));
}
