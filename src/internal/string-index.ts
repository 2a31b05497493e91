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
