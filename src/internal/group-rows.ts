/**
 * Regrouping a transaction log by customer: the step shared by `summarizeTransactions` and
 * `churnDataset`, whose results must not depend on the order of the rows.
 *
 * @module
 * @internal
 */

/** Rows grouped by customer rank, each group sorted by (time, amount). */
export interface GroupedRows {
  /** Rows of rank k are [start[k], start[k + 1]). */
  readonly start: Int32Array;
  readonly time: Float64Array;
  readonly amount: Float64Array;
  /**
   * The carried column in the grouped order: the caller's column, or (when none was given) the
   * original row number of each grouped row.
   */
  readonly carried: Int32Array;
  /** The input was grouped and sorted already: the columns above are the inputs themselves. */
  readonly inOrder: boolean;
}

/**
 * Sorts rows [from, to) by (time, amount), moving `carried` along, so that every later sum runs
 * in a canonical order. Rows tying on both differ at most in what only enters distinct counts.
 */
function sortGroup(
  time: Float64Array,
  amount: Float64Array,
  carried: Int32Array,
  from: number,
  to: number,
): void {
  if (to - from <= 32) {
    // Insertion sort: one comparison per row when the group is already in order (logs are
    // usually in date order, or grouped and dated).
    for (let i = from + 1; i < to; i++) {
      const tv = time[i]!;
      const av = amount[i]!;
      let j = i - 1;
      const tu = time[j]!;
      if (tu < tv || (tu === tv && amount[j]! <= av)) continue;
      const cv = carried[i]!;
      while (j >= from) {
        const tj = time[j]!;
        if (tj < tv || (tj === tv && amount[j]! <= av)) break;
        time[j + 1] = tj;
        amount[j + 1] = amount[j]!;
        carried[j + 1] = carried[j]!;
        j--;
      }
      time[j + 1] = tv;
      amount[j + 1] = av;
      carried[j + 1] = cv;
    }
    return;
  }
  const rows = Array.from({ length: to - from }, (_, k) => from + k);
  rows.sort((x, y) => time[x]! - time[y]! || amount[x]! - amount[y]!);
  const t = rows.map((r) => time[r]!);
  const a = rows.map((r) => amount[r]!);
  const c = rows.map((r) => carried[r]!);
  time.set(t, from);
  amount.set(a, from);
  carried.set(c, from);
}

/**
 * Groups the n rows by their customer rank `rowRank[i]` ∈ [0, customers) in ascending rank, each
 * group sorted by (time, amount), carrying `carried` (or the row numbers) along. When the rows are
 * grouped and sorted already, returns the inputs untouched (`inOrder`). O(n) plus the group
 * sorts; two scatter passes, each writing to few places at a time (a one-pass scatter to a
 * million customers misses the cache on every write): first by the high bits of the rank into
 * ~1024 blocks of consecutive customers, then each cache-sized block to its rows.
 */
export function groupRowsByRank(
  rowRank: Int32Array,
  customers: number,
  time: Float64Array,
  amount: Float64Array,
  carried?: Int32Array,
): GroupedRows {
  const n = rowRank.length;
  const c = customers;
  const start = new Int32Array(c + 1);
  let inOrder = true;
  let previous = -1;
  for (let i = 0; i < n; i++) {
    const k = rowRank[i]!;
    start[k + 1]!++;
    if (inOrder) {
      inOrder =
        previous < k ||
        (previous === k &&
          (time[i - 1]! < time[i]! || (time[i - 1] === time[i] && amount[i - 1]! <= amount[i]!)));
      previous = k;
    }
  }
  for (let k = 0; k < c; k++) start[k + 1]! += start[k]!;
  if (inOrder) {
    let identity = carried;
    if (identity === undefined) {
      identity = new Int32Array(n);
      for (let i = 0; i < n; i++) identity[i] = i;
    }
    return { start, time, amount, carried: identity, inOrder };
  }
  let shift = 0;
  while ((c - 1) >>> shift > 1023) shift++;
  const blocks = ((c - 1) >>> shift) + 1;
  const blockFill = new Int32Array(blocks);
  for (let b = 0; b < blocks; b++) blockFill[b] = start[Math.min(c, b << shift)]!;
  const blockRank = new Int32Array(n);
  const blockTime = new Float64Array(n);
  const blockAmount = new Float64Array(n);
  const blockCarried = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = rowRank[i]!;
    const p = blockFill[k >>> shift]!++;
    blockRank[p] = k;
    blockTime[p] = time[i]!;
    blockAmount[p] = amount[i]!;
    blockCarried[p] = carried === undefined ? i : carried[i]!;
  }
  const fill = start.slice(0, c);
  const groupedTime = new Float64Array(n);
  const groupedAmount = new Float64Array(n);
  const groupedCarried = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const q = fill[blockRank[p]!]!++;
    groupedTime[q] = blockTime[p]!;
    groupedAmount[q] = blockAmount[p]!;
    groupedCarried[q] = blockCarried[p]!;
  }
  for (let k = 0; k < c; k++)
    sortGroup(groupedTime, groupedAmount, groupedCarried, start[k]!, start[k + 1]!);
  return {
    start,
    time: groupedTime,
    amount: groupedAmount,
    carried: groupedCarried,
    inOrder: false,
  };
}
