const MAX_DIGIT_BITS = 16;

/**
 * The permutation that sorts `time` ascending, stable (equal times keep their order): an LSD
 * radix sort on the integer offsets `time[i] - origin`, which must be integers in [0, 2^53).
 * The offsets travel with the indices so that every pass reads sequentially; digits are at most
 * 16 bits, as few passes as the largest offset needs (3 passes of 12 bits for two years in
 * milliseconds). O(n) time; 4 arrays of n words of scratch. @internal
 */
export function timeSortPermutation(time: Float64Array, origin: number): Uint32Array {
  const n = time.length;
  let order = new Uint32Array(n);
  let keys = new Float64Array(n);
  let maxKey = 0;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    const key = time[i]! - origin;
    keys[i] = key;
    if (key > maxKey) maxKey = key;
  }
  let bits = 0;
  while (2 ** bits <= maxKey) bits++;
  if (bits === 0) return order;
  const passes = Math.ceil(bits / MAX_DIGIT_BITS);
  const digitBits = Math.ceil(bits / passes);
  const mask = (1 << digitBits) - 1;
  const counts = new Uint32Array(mask + 1);
  let nextOrder = new Uint32Array(n);
  let nextKeys = new Float64Array(n);
  for (let pass = 0; pass < passes; pass++) {
    // Scaling by a power of two is exact, and `&` reduces an integer below 2^53 exactly.
    const scale = 2 ** -(pass * digitBits);
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(keys[i]! * scale) & mask]!++;
    let total = 0;
    for (let d = 0; d <= mask; d++) {
      const c = counts[d]!;
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const slot = counts[Math.floor(key * scale) & mask]!++;
      nextOrder[slot] = order[i]!;
      nextKeys[slot] = key;
    }
    [order, nextOrder] = [nextOrder, order];
    [keys, nextKeys] = [nextKeys, keys];
  }
  return order;
}
