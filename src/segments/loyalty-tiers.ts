import { invalidOption } from '../errors/index.js';
import { finiteColumn, optionsObject } from './internal.js';

/** One loyalty tier: reached at `min` (inclusive) spend or points. */
export interface LoyaltyTier {
  readonly name: string;
  readonly min: number;
}

/** Options of {@link loyaltyTiers}; defaults in {@link LOYALTY_TIERS_DEFAULTS}. */
export interface LoyaltyTiersOptions {
  /** Tiers in increasing order of `min` (strictly increasing, finite). Required. */
  readonly tiers: readonly LoyaltyTier[];
  /** Name of the implicit base tier (index 0) for values below the first `min`. */
  readonly baseName?: string;
}

/** Defaults of {@link LoyaltyTiersOptions}. */
export const LOYALTY_TIERS_DEFAULTS: Readonly<{ baseName: 'none' }> = Object.freeze({
  baseName: 'none',
});

/** Result of {@link loyaltyTiers}. */
export interface LoyaltyTiers {
  readonly kind: 'loyalty-tiers';
  /** Per customer: 0 = base tier (below every `min`), i = the i-th given tier. */
  readonly tier: Uint8Array;
  /** The same array as `tier`, so that the result can be passed on as a segmentation. */
  readonly labels: Uint8Array;
  /** `[baseName, ...tiers.map((t) => t.name)]`. */
  readonly names: readonly string[];
  /** Per customer: the next tier's `min` minus the value; 0 in the top tier (nothing left to reach). */
  readonly gapToNext: Float64Array;
  /** Customers per tier. */
  readonly counts: readonly number[];
}

function checkTiers(tiers: unknown): readonly LoyaltyTier[] {
  if (!Array.isArray(tiers) || tiers.length < 1 || tiers.length > 254) {
    invalidOption('tiers', tiers, 'must be an array of 1 to 254 tiers { name, min }');
  }
  for (let j = 0; j < tiers.length; j++) {
    const tier: unknown = tiers[j];
    if (tier === null || typeof tier !== 'object') {
      invalidOption(`tiers[${j}]`, tier, 'must be an object { name, min }');
    }
    const { name, min } = tier as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') {
      invalidOption(`tiers[${j}].name`, name, 'must be a non-empty string');
    }
    if (typeof min !== 'number' || !Number.isFinite(min)) {
      invalidOption(`tiers[${j}].min`, min, 'must be a finite number');
    }
    if (j > 0 && min <= (tiers[j - 1] as LoyaltyTier).min) {
      invalidOption(`tiers[${j}].min`, min, 'must be greater than the previous tier’s min');
    }
  }
  return tiers as readonly LoyaltyTier[];
}

/**
 * Threshold tiers on spend or points (e.g. silver / gold / diamond): each customer is in the
 * highest tier whose `min` its value reaches (inclusive), or in the base tier (index 0, named
 * `baseName`) below the first one; `gapToNext` is how much more it needs for the next tier, 0 in
 * the top tier (never NaN or Infinity, so the column sums and serialises cleanly).
 *
 * Cost: O(n log T) (binary search over the T tiers).
 *
 * @throws {ClvError} `INVALID_OPTION` (tiers missing, not strictly increasing or malformed;
 *   baseName), `INVALID_ARGUMENT` (a non-finite value, row named).
 * @example
 * ```ts
 * import { loyaltyTiers } from 'clvkit';
 * const result = loyaltyTiers([40, 100, 730, 2500], {
 *   tiers: [{ name: 'silver', min: 100 }, { name: 'gold', min: 500 }, { name: 'diamond', min: 2000 }],
 * });
 * result.tier; // Uint8Array [0, 1, 2, 3]
 * result.gapToNext; // Float64Array [60, 400, 1270, 0]
 * ```
 */
export function loyaltyTiers(
  values: Float64Array | readonly number[],
  options: LoyaltyTiersOptions,
): LoyaltyTiers {
  const opts = optionsObject(options);
  const tiers = checkTiers(opts.tiers);
  const baseName = opts.baseName ?? LOYALTY_TIERS_DEFAULTS.baseName;
  if (typeof baseName !== 'string' || baseName === '') {
    invalidOption('baseName', baseName, 'must be a non-empty string');
  }
  const column = finiteColumn('values', values, undefined);
  const n = column.length;
  const mins = Float64Array.from(tiers, (t) => t.min);
  const levels = mins.length;
  const tier = new Uint8Array(n);
  const gapToNext = new Float64Array(n);
  const counts = new Float64Array(levels + 1);
  for (let i = 0; i < n; i++) {
    const v = column[i]!;
    // Number of mins ≤ v, by binary search.
    let lo = 0;
    let hi = levels;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (mins[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    tier[i] = lo;
    gapToNext[i] = lo === levels ? 0 : mins[lo]! - v;
    counts[lo]!++;
  }
  return Object.freeze({
    kind: 'loyalty-tiers',
    tier,
    labels: tier,
    names: Object.freeze([baseName, ...tiers.map((t) => t.name)]),
    gapToNext,
    counts: Object.freeze(Array.from(counts)),
  } satisfies LoyaltyTiers);
}
