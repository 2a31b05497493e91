import type { Transaction } from '../transactions/types.js';

/*
 * Open-addressing hash tables over row indices, for the keys that cleaning compares on millions
 * of rows. Building a string key per row (`${customerId}|${orderId}|…`) and hashing it in a Map
 * costs several times more than hashing the fields in place, and ids never become object keys.
 * Equal keys are always confirmed by comparing the fields, so a hash collision costs a probe,
 * never a wrong answer.
 */

const FNV_PRIME = 0x01000193;
const FNV_OFFSET = 0x811c9dc5;

/** Mixes the UTF-16 code units of `text` into `hash` (FNV-1a), then a separator. @internal */
export function hashText(hash: number, text: string): number {
  for (let k = 0; k < text.length; k++) hash = Math.imul(hash ^ text.charCodeAt(k), FNV_PRIME);
  return Math.imul(hash ^ 0xffff, FNV_PRIME);
}

/** Scratch space to read the bits of a double. @internal */
export interface NumberBits {
  readonly float: Float64Array;
  readonly words: Uint32Array;
}

/** Allocates the scratch space of {@link hashNumber}. @internal */
export function createNumberBits(): NumberBits {
  const float = new Float64Array(1);
  return { float, words: new Uint32Array(float.buffer) };
}

/** Mixes a number into `hash` by its bits; 0 and -0, equal under `===`, hash alike. @internal */
export function hashNumber(hash: number, value: number, bits: NumberBits): number {
  bits.float[0] = value === 0 ? 0 : value;
  hash = Math.imul(hash ^ bits.words[0]!, FNV_PRIME);
  return Math.imul(hash ^ bits.words[1]!, FNV_PRIME);
}

/** Spreads the bits of a hash over the low bits (MurmurHash3's finaliser). @internal */
export function finishHash(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/** The FNV-1a starting value. @internal */
export const HASH_SEED = FNV_OFFSET;

/**
 * A hash table of row indices, at most half full: `rows[p]` is the row index + 1 stored at
 * position p (0 = empty) and `slots[p]` a number the caller attaches to it. @internal
 */
export interface RowTable {
  readonly mask: number;
  readonly rows: Int32Array;
  readonly slots: Int32Array;
}

/** A {@link RowTable} for up to `capacity` distinct keys. @internal */
export function createRowTable(capacity: number): RowTable {
  let size = 16;
  while (size < 2 * capacity) size *= 2;
  return { mask: size - 1, rows: new Int32Array(size), slots: new Int32Array(size) };
}

/**
 * Position in `table` of the row holding the order of row `row` — the pair (customer, orderId),
 * where `customerOf` numbers the customers — or of the empty place where it belongs (then
 * `rows[position]` is 0). Row `row` must have an `orderId`. @internal
 */
export function probeOrder(
  table: RowTable,
  transactions: readonly Transaction[],
  customerOf: Int32Array,
  row: number,
): number {
  const { mask, rows } = table;
  const customer = customerOf[row]!;
  const orderId = transactions[row]!.orderId;
  let p = finishHash(hashText(Math.imul(HASH_SEED ^ customer, FNV_PRIME), orderId!)) & mask;
  for (;;) {
    const stored = rows[p]!;
    if (stored === 0) return p;
    if (customerOf[stored - 1] === customer && transactions[stored - 1]!.orderId === orderId) {
      return p;
    }
    p = (p + 1) & mask;
  }
}

/**
 * Like {@link probeOrder}, for callers without customer numbers: `customerHash` is
 * `hashText(HASH_SEED, customerId)` of row `row`, and customers are compared as strings.
 * @internal
 */
export function probeOrderByText(
  table: RowTable,
  transactions: readonly Transaction[],
  row: number,
  customerHash: number,
): number {
  const { mask, rows } = table;
  const t = transactions[row]!;
  let p = finishHash(hashText(customerHash, t.orderId!)) & mask;
  for (;;) {
    const stored = rows[p]!;
    if (stored === 0) return p;
    const other = transactions[stored - 1]!;
    if (other.orderId === t.orderId && other.customerId === t.customerId) return p;
    p = (p + 1) & mask;
  }
}
