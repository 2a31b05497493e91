/**
 * An open-addressing hash index from strings to dense integer ids (0, 1, 2, … in insertion
 * order). For millions of distinct keys it is several times faster than `Map<string, number>`
 * in V8, and keys never become object properties (so `__proto__` is an ordinary key).
 * Slots hold (hash, id) pairs side by side so that a probe touches one cache line. @internal
 */
export class StringIndex {
  /** Keys in insertion order: `keys[id]`. */
  readonly keys: string[] = [];
  /** Pairs (hash, id + 1); id + 1 = 0 marks an empty slot. */
  private slots = new Int32Array(4096);
  private mask = 2047;

  /** Number of keys. */
  get size(): number {
    return this.keys.length;
  }

  /** 32-bit hash of a string: FNV-1a over UTF-16 code units with a murmur3 finaliser. */
  static hash(key: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  /** The id of `key`, or -1 when absent. */
  get(key: string): number {
    const h = StringIndex.hash(key);
    const { slots, mask, keys } = this;
    let slot = h & mask;
    for (;;) {
      const id = slots[2 * slot + 1]! - 1;
      if (id === -1) return -1;
      if (slots[2 * slot] === h && keys[id] === key) return id;
      slot = (slot + 1) & mask;
    }
  }

  /** The id of `key`, adding it when absent. */
  add(key: string): number {
    const h = StringIndex.hash(key);
    const { slots, mask, keys } = this;
    let slot = h & mask;
    for (;;) {
      const id = slots[2 * slot + 1]! - 1;
      if (id === -1) break;
      if (slots[2 * slot] === h && keys[id] === key) return id;
      slot = (slot + 1) & mask;
    }
    const id = keys.length;
    keys.push(key);
    slots[2 * slot] = h;
    slots[2 * slot + 1] = id + 1;
    // Keep the load factor at most 1/2.
    if ((id + 1) * 2 > mask + 1) this.rehash((mask + 1) * 2);
    return id;
  }

  /** Forgets the keys added after the first `size` (their ids become free again). O(size). */
  truncate(size: number): void {
    if (size >= this.keys.length) return;
    this.keys.length = size;
    this.slots.fill(0);
    const { slots, mask, keys } = this;
    for (let id = 0; id < size; id++) {
      const h = StringIndex.hash(keys[id]!);
      let slot = h & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = h;
      slots[2 * slot + 1] = id + 1;
    }
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    const slots = new Int32Array(2 * capacity);
    const mask = capacity - 1;
    for (let s = 0; s < old.length; s += 2) {
      const stored = old[s + 1]!;
      if (stored === 0) continue;
      const h = old[s]!;
      let slot = h & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = h;
      slots[2 * slot + 1] = stored;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** 2^53: packed sort keys stay below it so that they are exact doubles. */
const EXACT = 2 ** 53;
/** Below this many keys a comparison sort beats the radix passes' fixed cost. */
const RADIX_MIN = 1024;

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The permutation that lists `keys` in code-unit order, the order of `Array.prototype.sort()`
 * without a comparator: `keys[order[0]] ≤ keys[order[1]] ≤ …` (equal keys keep their relative
 * order). O(c) when the keys are already sorted (checked first); otherwise O(c + m) plus a sort
 * of the ties, for c keys and m code units read.
 *
 * Why not `keys.slice().sort()`: keys numbered in order of first appearance in a date-ordered log
 * are in random order, and sorting a million of them compares strings scattered over the heap
 * (about 0.9 s). Here each key is read once: the code units after the keys' common prefix are
 * packed as digits of an exact double (base = range of code units + 1, digit 0 = end of string,
 * so a prefix sorts first), the doubles are radix-sorted (LSD, 11-bit digits), and only keys
 * whose packed digits tie are compared as strings. @internal
 */
export function codeUnitOrder(keys: readonly string[]): Int32Array {
  const c = keys.length;
  const order = new Int32Array(c);
  for (let k = 0; k < c; k++) order[k] = k;
  let sorted = true;
  for (let k = 1; k < c && sorted; k++) sorted = keys[k - 1]! <= keys[k]!;
  if (sorted) return order;
  if (c < RADIX_MIN) {
    const small = Array.from(order).sort((x, y) => compareCodeUnits(keys[x]!, keys[y]!) || x - y);
    order.set(small);
    return order;
  }
  // Common prefix of all keys, then the range of the code units after it.
  const first = keys[0]!;
  let prefix = first.length;
  for (let k = 1; k < c && prefix > 0; k++) {
    const key = keys[k]!;
    if (key.length < prefix) prefix = key.length;
    for (let j = 0; j < prefix; j++) {
      if (key.charCodeAt(j) !== first.charCodeAt(j)) {
        prefix = j;
        break;
      }
    }
  }
  let lowest = 0xffff;
  let highest = 0;
  for (let k = 0; k < c; k++) {
    const key = keys[k]!;
    // 53 code units past the prefix is more than any base packs (base ≥ 2).
    const end = Math.min(key.length, prefix + 53);
    for (let j = prefix; j < end; j++) {
      const unit = key.charCodeAt(j);
      if (unit < lowest) lowest = unit;
      if (unit > highest) highest = unit;
    }
  }
  const base = highest >= lowest ? highest - lowest + 2 : 2;
  let digits = 1;
  while (base ** (digits + 1) <= EXACT) digits++;
  // The packed key split into its high (< 2^21) and low 32 bits for the radix passes.
  const high = new Int32Array(c);
  const low = new Int32Array(c);
  for (let k = 0; k < c; k++) {
    const key = keys[k]!;
    let packed = 0;
    for (let j = prefix; j < prefix + digits; j++)
      packed = packed * base + (j < key.length ? key.charCodeAt(j) - lowest + 1 : 0);
    const hi = Math.floor(packed / 2 ** 32);
    high[k] = hi;
    low[k] = packed - hi * 2 ** 32;
  }
  let from = order;
  let to = new Int32Array(c);
  const counts = new Int32Array(2048);
  const passes: [Int32Array, number][] = [
    [low, 0],
    [low, 11],
    [low, 22],
    [high, 0],
    [high, 11],
  ];
  for (const [word, shift] of passes) {
    counts.fill(0);
    for (let k = 0; k < c; k++) counts[(word[k]! >>> shift) & 2047]!++;
    // A pass where every key has the same digit changes nothing.
    if (counts[(word[0]! >>> shift) & 2047] === c) continue;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const count = counts[d]!;
      counts[d] = sum;
      sum += count;
    }
    for (let k = 0; k < c; k++) {
      const x = from[k]!;
      to[counts[(word[x]! >>> shift) & 2047]!++] = x;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  // Keys whose packed digits tie share their first prefix + digits code units: compare the rest.
  for (let k = 0; k < c; ) {
    const x = from[k]!;
    let end = k + 1;
    while (end < c && high[from[end]!] === high[x] && low[from[end]!] === low[x]) end++;
    if (end - k > 1) {
      const tie = Array.from(from.subarray(k, end)).sort(
        (a, b) => compareCodeUnits(keys[a]!, keys[b]!) || a - b,
      );
      from.set(tie, k);
    }
    k = end;
  }
  return from;
}
