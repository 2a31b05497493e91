import { ClvError, displayValue, invalidOption, issueOf } from '../errors/index.js';
import type { Transaction } from '../transactions/types.js';
import { type CleaningReport, checkOptionsObject, checkTransactions } from './shared.js';

/**
 * Ids that belong to one person: a pair `[idA, idB]` (same email, phone or loyalty card), or a
 * group of any length ≥ 1 (every id of the group is the same person).
 */
export type CustomerIdLink = readonly string[];

/**
 * How {@link mergeCustomerIds} names a merged person:
 * - `'earliest'`: the id with the earliest first transaction; ties, and ids without
 *   transactions, are decided by the smallest id in code-unit order;
 * - `'smallest'`: the smallest id in code-unit order;
 * - a function: receives the group's ids (at least two, sorted in code-unit order) and returns
 *   one of them.
 */
export type SurvivorRule = 'earliest' | 'smallest' | ((ids: string[]) => string);

/** Options of {@link mergeCustomerIds}; defaults in {@link MERGE_CUSTOMER_IDS_DEFAULTS}. */
export interface MergeCustomerIdsOptions {
  /** Which id of a group survives (default `'earliest'`). */
  readonly survivor?: SurvivorRule;
}

/** Defaults of {@link MergeCustomerIdsOptions}. */
export const MERGE_CUSTOMER_IDS_DEFAULTS = Object.freeze({ survivor: 'earliest' } as const);

/** Report of {@link mergeCustomerIds}. */
export interface MergeCustomerIdsReport extends CleaningReport {
  readonly step: 'mergeCustomerIds';
  /** Groups of more than one id (people known under several ids). */
  readonly groups: number;
  /** Ids replaced by their group's survivor (`mapping.size`). */
  readonly idsMerged: number;
  /** Transactions whose `customerId` was rewritten. */
  readonly rowsRewritten: number;
  /**
   * Old id → surviving id, only for ids that changed (including ids seen only in `links`),
   * iterated in code-unit order of the old id.
   */
  readonly mapping: Map<string, string>;
}

/** Result of {@link mergeCustomerIds}. */
export interface MergeCustomerIdsResult {
  /** The transactions in input order; rewritten rows are copies, the others the input objects. */
  readonly transactions: Transaction[];
  readonly report: MergeCustomerIdsReport;
}

/** Root of `x`, compressing the path behind it. */
function findRoot(parent: Int32Array, x: number): number {
  let root = x;
  while (parent[root] !== root) root = parent[root]!;
  while (parent[x] !== root) {
    const next = parent[x]!;
    parent[x] = root;
    x = next;
  }
  return root;
}

/** Joins the sets of `a` and `b`, hanging the smaller under the larger. */
function union(parent: Int32Array, size: Int32Array, a: number, b: number): void {
  let ra = findRoot(parent, a);
  let rb = findRoot(parent, b);
  if (ra === rb) return;
  if (size[ra]! < size[rb]!) {
    const swap = ra;
    ra = rb;
    rb = swap;
  }
  parent[rb] = ra;
  size[ra] = size[ra]! + size[rb]!;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function resolveSurvivor(options: MergeCustomerIdsOptions | undefined): SurvivorRule {
  checkOptionsObject(options, 'mergeCustomerIds');
  const survivor: unknown = options?.survivor ?? MERGE_CUSTOMER_IDS_DEFAULTS.survivor;
  if (survivor !== 'earliest' && survivor !== 'smallest' && typeof survivor !== 'function') {
    invalidOption('survivor', survivor, "must be 'earliest', 'smallest' or a function");
  }
  return survivor as SurvivorRule;
}

/** Validates `links` and returns the total number of ids they list. */
function countLinkIds(links: unknown): number {
  if (!Array.isArray(links)) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `mergeCustomerIds: links must be an array of id pairs or groups, got ${displayValue(links)}`,
        undefined,
        'links',
        links,
      ),
    );
  }
  let count = 0;
  for (let i = 0; i < links.length; i++) {
    const link: unknown = links[i];
    if (!Array.isArray(link) || link.length === 0) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `mergeCustomerIds: links[${i}] must be a non-empty array of ids, got ${displayValue(link)}`,
          undefined,
          `links[${i}]`,
          link,
        ),
      );
    }
    for (let j = 0; j < link.length; j++) {
      const id: unknown = link[j];
      if (typeof id !== 'string' || id.length === 0) {
        throw new ClvError(
          issueOf(
            'INVALID_ID',
            `mergeCustomerIds: links[${i}][${j}] ${displayValue(id)} is not a non-empty string id`,
            undefined,
            `links[${i}]`,
            id,
          ),
        );
      }
    }
    count += link.length;
  }
  return count;
}

/**
 * Merges customer ids that belong to one person, rewriting `customerId` to one surviving id per
 * person. O((n + k) α(n + k)) with union-find (path compression, union by size) for n
 * transactions and k linked ids, plus sorting each merged group's ids.
 *
 * Links are transitive: `[a, b]` and `[b, c]` make `a`, `b` and `c` one person. Groups are formed
 * over every id seen in `links` or `transactions`; the survivor of each group is chosen by
 * `options.survivor` (see {@link SurvivorRule}; default: the id with the earliest first
 * transaction, ties to the smallest id). The result does not depend on the order of the links.
 * Ids are compared as strings in `Map`s, so ids such as `__proto__` are ordinary.
 *
 * @throws {ClvError} `INVALID_ID` for an empty or non-string id in a link (field `links[i]`);
 *   `INVALID_ARGUMENT` when `links` or one link is not a non-empty array; `INVALID_OPTION` for
 *   a bad `survivor` or a survivor function returning an id outside its group; `INVALID_DATE`
 *   and the other row codes of {@link deduplicate} for a malformed transaction.
 * @example
 * ```ts
 * import { mergeCustomerIds } from 'clvkit';
 * const { transactions, report } = mergeCustomerIds(
 *   [
 *     { customerId: 'web-7', date: new Date('2024-02-01'), amount: 20 },
 *     { customerId: 'shop-3', date: new Date('2024-01-15'), amount: 35 },
 *     { customerId: 'app-9', date: new Date('2024-03-01'), amount: 10 },
 *   ],
 *   [['web-7', 'shop-3'], ['shop-3', 'app-9']], // same email, then same loyalty card
 * );
 * transactions.map((t) => t.customerId); // ['shop-3', 'shop-3', 'shop-3'] (earliest buyer)
 * report.mapping; // Map { 'app-9' => 'shop-3', 'web-7' => 'shop-3' }
 * ```
 */
export function mergeCustomerIds(
  transactions: readonly Transaction[],
  links: readonly CustomerIdLink[],
  options?: MergeCustomerIdsOptions,
): MergeCustomerIdsResult {
  checkTransactions(transactions, 'mergeCustomerIds');
  const linkIds = countLinkIds(links);
  const survivor = resolveSurvivor(options);
  const n = transactions.length;
  const capacity = n + linkIds;

  // Nodes: one per distinct id, numbered in order of first appearance.
  const nodeOf = new Map<string, number>();
  const ids: string[] = [];
  const firstTime = new Float64Array(capacity).fill(Number.POSITIVE_INFINITY);
  const rowNode = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const t = transactions[i]!;
    let node = nodeOf.get(t.customerId);
    if (node === undefined) {
      node = ids.length;
      nodeOf.set(t.customerId, node);
      ids.push(t.customerId);
    }
    rowNode[i] = node;
    const time = t.date.getTime();
    if (time < firstTime[node]!) firstTime[node] = time;
  }
  const parent = new Int32Array(capacity);
  const size = new Int32Array(capacity).fill(1);
  for (let k = 0; k < capacity; k++) parent[k] = k;
  for (const link of links) {
    let first = -1;
    for (const id of link) {
      let node = nodeOf.get(id);
      if (node === undefined) {
        node = ids.length;
        nodeOf.set(id, node);
        ids.push(id);
      }
      if (first < 0) first = node;
      else union(parent, size, first, node);
    }
  }

  // Members of each root, contiguous (counting sort by root).
  const m = ids.length;
  const rootOf = new Int32Array(m);
  const start = new Int32Array(m + 1);
  for (let k = 0; k < m; k++) {
    const root = findRoot(parent, k);
    rootOf[k] = root;
    start[root + 1] = start[root + 1]! + 1;
  }
  for (let k = 0; k < m; k++) start[k + 1] = start[k + 1]! + start[k]!;
  const fill = start.slice(0, m);
  const members = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const root = rootOf[k]!;
    members[fill[root]!] = k;
    fill[root] = fill[root]! + 1;
  }

  // The survivor of each group of more than one id.
  const survivorOf = new Int32Array(m);
  for (let k = 0; k < m; k++) survivorOf[k] = k;
  let groups = 0;
  for (let root = 0; root < m; root++) {
    const from = start[root]!;
    const to = start[root + 1]!;
    if (to - from < 2) continue;
    groups++;
    let best = members[from]!;
    if (typeof survivor === 'function') {
      const groupIds: string[] = [];
      for (let p = from; p < to; p++) groupIds.push(ids[members[p]!]!);
      groupIds.sort(compareCodeUnits);
      const chosen: unknown = survivor(groupIds.slice());
      const node = typeof chosen === 'string' ? nodeOf.get(chosen) : undefined;
      if (node === undefined || rootOf[node] !== root) {
        invalidOption(
          'survivor',
          chosen,
          `the survivor function must return one of the ids it was given (${displayValue(groupIds)})`,
        );
      }
      best = node;
    } else {
      const byTime = survivor === 'earliest';
      for (let p = from + 1; p < to; p++) {
        const node = members[p]!;
        const dt = byTime ? firstTime[node]! - firstTime[best]! : 0;
        // Infinity - Infinity is NaN: two ids without transactions tie, as they should.
        if (dt < 0 || (!(dt > 0) && ids[node]! < ids[best]!)) best = node;
      }
    }
    survivorOf[root] = best;
  }

  const changed: [string, string][] = [];
  for (let k = 0; k < m; k++) {
    const s = survivorOf[rootOf[k]!]!;
    if (s !== k) changed.push([ids[k]!, ids[s]!]);
  }
  changed.sort((a, b) => compareCodeUnits(a[0], b[0]));
  const mapping = new Map<string, string>(changed);

  const output: Transaction[] = new Array(n);
  let rowsRewritten = 0;
  for (let i = 0; i < n; i++) {
    const t = transactions[i]!;
    const node = rowNode[i]!;
    const s = survivorOf[rootOf[node]!]!;
    if (s === node) {
      output[i] = t;
    } else {
      output[i] = { ...t, customerId: ids[s]! };
      rowsRewritten++;
    }
  }
  return {
    transactions: output,
    report: {
      step: 'mergeCustomerIds',
      rowsIn: n,
      rowsOut: n,
      groups,
      idsMerged: mapping.size,
      rowsRewritten,
      mapping,
    },
  };
}
