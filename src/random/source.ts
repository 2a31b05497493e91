import { ClvError, displayValue, issueOf } from '../errors/index.js';

/**
 * A source of uniform random numbers in [0, 1): what every sampler in clvkit takes, so that
 * randomness is injected and never global. {@link createRandom} makes a seeded one; any object
 * with a `next()` method works (`{ next: Math.random }` for unseeded use).
 *
 * @example
 * ```ts
 * import { type RandomSource, createRandom } from 'clvkit';
 * const random: RandomSource = createRandom(42);
 * random.next(); // a number in [0, 1), the same on every run and runtime
 * ```
 */
export interface RandomSource {
  /** The next uniform number in [0, 1). */
  next(): number;
}

const TWO_POW_32 = 4_294_967_296;
// sfc32 authors recommend discarding the first outputs so the counter-seeded state mixes.
const WARM_UP_ROUNDS = 15;

/** One step of a splitmix-style 32-bit generator (golden-ratio increment, then a mixing hash). */
function splitmix32(state: number): number {
  let z = state;
  // Mixing constants of the "lowbias32" integer hash (C. Wellons, hash-prospector, 2018).
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** FNV-1a (32-bit) over the UTF-16 code units of `text`. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

function invalidSeed(seed: unknown): never {
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `Invalid seed ${displayValue(seed)}: must be a safe integer or a string`,
      undefined,
      'seed',
      seed,
    ),
  );
}

/**
 * True when `seed` is accepted by {@link createRandom}: a safe integer or a string.
 * @internal
 */
export function isSeed(seed: unknown): seed is number | string {
  return typeof seed === 'string' || Number.isSafeInteger(seed);
}

/**
 * Creates a seeded uniform generator: sfc32 (C. Doty-Humphrey's "small fast counting" generator
 * from PractRand, 128-bit state, period at least 2^32) whose state is filled by a splitmix-style
 * 32-bit hash of the seed. A string seed is first hashed to 32 bits with FNV-1a; a numeric seed
 * may be any safe integer (its low 32 bits and high 21 bits both enter the state).
 *
 * Only 32-bit integer arithmetic (`Math.imul`, `>>> 0`, `| 0`) is used, so the stream is
 * bit-for-bit identical on every JavaScript runtime. `next()` returns multiples of 2^-32. O(1) per
 * draw.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when `seed` is neither a safe integer nor a string.
 * @example
 * ```ts
 * import { createRandom } from 'clvkit';
 * const a = createRandom('experiment-1');
 * const b = createRandom('experiment-1');
 * a.next() === b.next(); // true
 * createRandom(42).next(); // 0.9649424790404737 (on every runtime)
 * ```
 */
export function createRandom(seed: number | string): RandomSource {
  if (!isSeed(seed)) invalidSeed(seed);
  const low = typeof seed === 'string' ? hashString(seed) : seed >>> 0;
  const high = typeof seed === 'string' ? 0 : Math.floor(seed / TWO_POW_32) | 0;
  let mixer = low;
  mixer = (mixer + 0x9e3779b9) | 0;
  let a = splitmix32(mixer);
  mixer = (mixer + 0x9e3779b9) | 0;
  let b = splitmix32(mixer) ^ high;
  mixer = (mixer + 0x9e3779b9) | 0;
  let c = splitmix32(mixer);
  let counter = 1;

  function nextUint32(): number {
    // sfc32 step: a 32-bit counter keeps the period long; rotations and shifts mix a, b, c.
    const t = (((a + b) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }

  for (let i = 0; i < WARM_UP_ROUNDS; i++) nextUint32();

  return {
    next(): number {
      return nextUint32() / TWO_POW_32;
    },
  };
}
