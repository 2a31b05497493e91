// Rank kernels over Float64Arrays: order statistics, tie-aware cut points and a radix sort.
// Everything here is @internal; callers validate (no NaN) before calling.

/** Subarrays this short are finished with the built-in typed-array sort. */
const SMALL = 32;

/**
 * Rearranges `a` so that `a[p]` holds the value of rank `p` (0-based, ascending) for every `p`
 * in `positions` (ascending, each < a.length), with smaller-or-equal values before each such `p`
 * and greater-or-equal ones after. Hoare partitioning around a median-of-three pivot, recursing
 * only into the sides that hold a wanted rank: O(n log m) expected for m ranks. After
 * 2·log₂(n) + 8 levels the remaining range is sorted outright, so the worst case stays
 * O(n log n) (introselect).
 */
export function selectRanks(a: Float64Array, positions: ArrayLike<number>): void {
  if (positions.length === 0 || a.length === 0) return;
  const depth = 2 * Math.ceil(Math.log2(a.length + 1)) + 8;
  selectInto(a, 0, a.length - 1, positions, 0, positions.length - 1, depth);
}

function selectInto(
  a: Float64Array,
  lo: number,
  hi: number,
  positions: ArrayLike<number>,
  first: number,
  last: number,
  depth: number,
): void {
  while (first <= last) {
    if (hi - lo < SMALL || depth === 0) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    depth--;
    // Median of three moved to a[lo]: with the pivot at the left end, Hoare's scheme always
    // returns lo ≤ j < hi, so both sides shrink.
    const mid = lo + ((hi - lo) >>> 1);
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const m = x < y ? (y < z ? mid : x < z ? hi : lo) : x < z ? lo : y < z ? hi : mid;
    const pivot = a[m]!;
    a[m] = x;
    a[lo] = pivot;
    let i = lo - 1;
    let j = hi + 1;
    for (;;) {
      do i++;
      while (a[i]! < pivot);
      do j--;
      while (a[j]! > pivot);
      if (i >= j) break;
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    let split = first;
    while (split <= last && positions[split]! <= j) split++;
    if (split > first) selectInto(a, lo, j, positions, first, split - 1, depth);
    lo = j + 1;
    first = split;
  }
}

/** Integer columns spanning at most this many values are ranked with a histogram. */
const HISTOGRAM_RANGE = 1 << 20;

/**
 * Tie-aware cut points at ranks. For each rank `p` of `positions` (ascending), the smallest value
 * `w` of the data whose count of strictly smaller values L(w) is at least `p`; `+Infinity` when
 * no value qualifies (p ≥ n, or the last tie group starts before p). So, for every data value
 * `w`: `L(w) ≥ p ⇔ w ≥ cut`, and equal values always fall on the same side of every cut.
 *
 * With `negate`, the data is taken as `−values` (for lower-is-better columns) without changing
 * `values`. Integer-valued data spanning at most 2²⁰ values (days, purchase counts) is counted in
 * a histogram: O(n + range). Otherwise a copy is made, the ranks are selected (see
 * {@link selectRanks}) and the tie groups at the selected ranks are resolved within the blocks
 * between them: O(n) expected.
 */
export function rankCuts(
  values: Float64Array,
  positions: readonly number[],
  negate = false,
): Float64Array {
  const n = values.length;
  const m = positions.length;
  const cuts = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  let valid = 0;
  while (valid < m && positions[valid]! < n) valid++;
  if (valid === 0) return cuts;
  let min = values[0]!;
  let max = min;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    else if (v > max) max = v;
    if (integral && v !== Math.floor(v)) integral = false;
  }
  if (integral && max - min < HISTOGRAM_RANGE) {
    // Bin b holds the data value (in the possibly negated scale) low + b.
    const counts = new Uint32Array(max - min + 1);
    const low = negate ? -max : min;
    if (negate) for (let i = 0; i < n; i++) counts[max - values[i]!]!++;
    else for (let i = 0; i < n; i++) counts[values[i]! - min]!++;
    let below = 0;
    let j = 0;
    for (let b = 0; b < counts.length && j < valid; b++) {
      const c = counts[b]!;
      if (c === 0) continue;
      while (j < valid && below >= positions[j]!) cuts[j++] = b + low;
      below += c;
    }
    return cuts;
  }
  let scratch: Float64Array;
  if (negate) {
    scratch = new Float64Array(n);
    for (let i = 0; i < n; i++) scratch[i] = -values[i]!;
  } else {
    scratch = values.slice();
  }
  // Distinct ranks only; duplicates share a cut.
  const ranks: number[] = [];
  for (let j = 0; j < valid; j++) {
    if (j === 0 || positions[j] !== positions[j - 1]) ranks.push(positions[j]!);
  }
  selectRanks(scratch, ranks);
  // After the selection, everything before rank q_t is ≤ x_t and everything after is ≥ x_t.
  const found = new Float64Array(ranks.length);
  for (let t = 0; t < ranks.length; t++) {
    const q = ranks[t]!;
    const x = scratch[q]!;
    // x's tie group starts before q iff a value equal to x lies before q; values up to the
    // previous rank are ≤ its value, so only that value and the block after it can be equal.
    let tiedBefore = t > 0 && scratch[ranks[t - 1]!] === x;
    for (let i = t > 0 ? ranks[t - 1]! + 1 : 0; i < q && !tiedBefore; i++) {
      tiedBefore = scratch[i] === x;
    }
    if (!tiedBefore) {
      found[t] = x;
      continue;
    }
    // The next distinct value: the least value above x in the blocks after q, stopping at the
    // first later rank whose value exceeds x (everything after it is at least that value).
    let next = Number.POSITIVE_INFINITY;
    for (let u = t; ; u++) {
      const end = u + 1 < ranks.length ? ranks[u + 1]! : n;
      for (let i = ranks[u]! + 1; i < end; i++) {
        const v = scratch[i]!;
        if (v > x && v < next) next = v;
      }
      if (end === n) break;
      const y = scratch[end]!;
      if (y > x) {
        if (y < next) next = y;
        break;
      }
    }
    found[t] = next;
  }
  for (let j = 0, t = 0; j < valid; j++) {
    if (positions[j] !== ranks[t]) t++;
    cuts[j] = found[t]!;
  }
  return cuts;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * An ascending sorted copy of `values` (no NaN; −0 and +0 compare equal). LSD radix sort on the
 * order-preserving bit pattern of the doubles, 16 bits per pass, skipping passes whose digit is
 * constant: O(n), roughly 1.5× as fast as `Float64Array.prototype.sort` at a million values on
 * Node 20. Falls back to the built-in sort on big-endian hosts and below 256 values.
 */
export function sortedCopy(values: Float64Array): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  out.set(values);
  if (n < 256 || !LITTLE_ENDIAN) return out.sort();
  let source = new Uint32Array(out.buffer);
  let target = new Uint32Array(2 * n);
  // Order-preserving keys: flip every bit of negatives, only the sign bit of the rest.
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < 2 * n; i += 2) {
    let lo = source[i]!;
    let hi = source[i + 1]!;
    if (hi >= 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else {
      hi = (hi | 0x80000000) >>> 0;
    }
    source[i] = lo;
    source[i + 1] = hi;
    counts[lo & 0xffff]!++;
    counts[65536 + (lo >>> 16)]!++;
    counts[131072 + (hi & 0xffff)]!++;
    counts[196608 + (hi >>> 16)]!++;
  }
  for (let digit = 0; digit < 4; digit++) {
    const base = digit * 65536;
    const word = digit >> 1;
    const shift = (digit & 1) * 16;
    let constant = false;
    let sum = 0;
    for (let b = base; b < base + 65536; b++) {
      const c = counts[b]!;
      if (c === n) constant = true;
      counts[b] = sum;
      sum += c;
    }
    if (constant) continue;
    for (let i = 0; i < 2 * n; i += 2) {
      const bucket = base + ((source[i + word]! >>> shift) & 0xffff);
      const p = 2 * counts[bucket]!++;
      target[p] = source[i]!;
      target[p + 1] = source[i + 1]!;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  for (let i = 0; i < 2 * n; i += 2) {
    const hi = source[i + 1]!;
    if (hi >= 0x80000000) {
      source[i + 1] = hi & 0x7fffffff;
    } else {
      source[i + 1] = ~hi >>> 0;
      source[i] = ~source[i]! >>> 0;
    }
  }
  return source.buffer === out.buffer ? out : new Float64Array(source.buffer);
}
