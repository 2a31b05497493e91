import { invalidOption } from '../errors/index.js';
import {
  addTo,
  createSums,
  finiteColumn,
  nameList,
  optionsObject,
  shareOf,
  sumOf,
} from './internal.js';
import { selectRanks, sortedCopy } from './rank.js';

/** How {@link valueTiers} forms tiers. */
export type ValueTierMethod = 'pareto' | 'top' | 'thresholds';

/** Options of {@link valueTiers}; defaults in {@link VALUE_TIERS_DEFAULTS}. */
export interface ValueTiersOptions {
  /**
   * `'pareto'`: two tiers, the smallest top group holding at least `share` of the total value, and
   * the rest. `'top'`: tiers by rank, `fractions` of the customers from the top. `'thresholds'`:
   * tiers by value, `thresholds` the minimum value of each tier but the last.
   */
  readonly method?: ValueTierMethod;
  /** `'pareto'`: share of total value the top tier must hold, in (0, 1]. */
  readonly share?: number;
  /** `'top'`: fractions of customers per tier from the top, each ≥ 0, summing to 1 (±1e-9). */
  readonly fractions?: readonly number[];
  /**
   * `'thresholds'`: non-increasing minimum values of tiers 0..T − 2 (a customer is in the first
   * tier whose threshold its value reaches, else in the last tier).
   */
  readonly thresholds?: readonly number[];
  /**
   * Tier names from the top. Default: `['VIP', 'rest']` for two tiers, `['VIP', 'mid', 'low']`
   * for three, `'tier 1'`, `'tier 2'`, … otherwise.
   */
  readonly names?: readonly string[];
}

/** Defaults of {@link ValueTiersOptions}. */
export const VALUE_TIERS_DEFAULTS: Readonly<{
  method: 'pareto';
  share: 0.8;
  fractions: readonly number[];
}> = Object.freeze({
  method: 'pareto',
  share: 0.8,
  fractions: Object.freeze([0.2, 0.3, 0.5]),
});

/** One tier of {@link ValueTiers}. */
export interface ValueTierSummary {
  readonly name: string;
  readonly customers: number;
  /** Compensated sum of the tier's values. */
  readonly value: number;
  /** `value / total` (0 when the total is 0). */
  readonly valueShare: number;
}

/** Result of {@link valueTiers}. */
export interface ValueTiers {
  readonly kind: 'value-tiers';
  readonly method: ValueTierMethod;
  /** Per customer, the tier index (0 = top tier). */
  readonly tier: Uint8Array;
  /** The same array as `tier`, so that the result can be passed on as a segmentation. */
  readonly labels: Uint8Array;
  readonly names: readonly string[];
  readonly tiers: readonly ValueTierSummary[];
  /** Compensated total of all values. */
  readonly total: number;
  /**
   * The minimum value of tiers 0..T − 2 as found (`+Infinity` for a tier nobody reaches): passing
   * them back with `method: 'thresholds'` reproduces the same tiers on the same data.
   */
  readonly cuts: readonly number[];
}

function defaultNames(count: number): string[] {
  if (count === 2) return ['VIP', 'rest'];
  if (count === 3) return ['VIP', 'mid', 'low'];
  return Array.from({ length: count }, (_, i) => `tier ${i + 1}`);
}

function tierNames(given: unknown, count: number): readonly string[] {
  if (given === undefined) return Object.freeze(defaultNames(count));
  const names = nameList('names', given);
  if (names.length !== count)
    invalidOption('names', given, `must hold ${count} names, one per tier`);
  return names;
}

function checkFractions(fractions: unknown): readonly number[] {
  if (!Array.isArray(fractions) || fractions.length < 2 || fractions.length > 255) {
    invalidOption('fractions', fractions, 'must be an array of 2 to 255 fractions');
  }
  let sum = 0;
  for (let j = 0; j < fractions.length; j++) {
    const v: unknown = fractions[j];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      invalidOption(`fractions[${j}]`, v, 'must be a number in [0, 1]');
    }
    sum += v;
  }
  if (Math.abs(sum - 1) > 1e-9) invalidOption('fractions', fractions, `must sum to 1, got ${sum}`);
  return fractions as readonly number[];
}

function checkThresholds(thresholds: unknown): readonly number[] {
  if (!Array.isArray(thresholds) || thresholds.length < 1 || thresholds.length > 254) {
    invalidOption('thresholds', thresholds, 'must be an array of 1 to 254 numbers');
  }
  for (let j = 0; j < thresholds.length; j++) {
    const v: unknown = thresholds[j];
    if (typeof v !== 'number' || Number.isNaN(v)) {
      invalidOption(`thresholds[${j}]`, v, 'must be a number');
    }
    if (j > 0 && v > (thresholds[j - 1] as number)) {
      invalidOption('thresholds', thresholds, 'must be non-increasing (top tier first)');
    }
  }
  return thresholds as readonly number[];
}

/** Tier of every value: the number of cuts (non-increasing) the value falls below. */
function assignByCuts(values: Float64Array, cuts: readonly number[], tier: Uint8Array): void {
  const m = cuts.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let t = 0;
    // Branch-free count (see the scoring loops of rfmScores).
    for (let j = 0; j < m; j++) t += +(v < cuts[j]!);
    tier[i] = t;
  }
}

/** Cuts for 'top': tier ≤ j ⇔ fewer than C_j customers have a strictly greater value. */
function topCuts(values: Float64Array, fractions: readonly number[]): number[] {
  const n = values.length;
  const cuts: number[] = [];
  const positions: number[] = [];
  let cumulative = 0;
  for (let j = 0; j < fractions.length - 1; j++) {
    cumulative += fractions[j]!;
    const x = cumulative * n;
    // C_j = ⌈F_j·n⌉, forgiving the float error of the running sum (0.1 + 0.2 > 0.3).
    const count = Math.min(n, Math.ceil(x - 1e-9 * Math.max(1, x)));
    // Fewer than C greater ⇔ at least n − C + 1 values ≤ v ⇔ v ≥ the (n − C)-th order statistic.
    positions.push(count === 0 ? -1 : n - count);
  }
  const wanted = positions.filter((p) => p >= 0).sort((a, b) => a - b);
  const scratch = values.slice();
  selectRanks(scratch, wanted);
  for (const p of positions) cuts.push(p < 0 ? Number.POSITIVE_INFINITY : scratch[p]!);
  return cuts;
}

function summarise(
  values: Float64Array,
  tier: Uint8Array,
  names: readonly string[],
): { tiers: ValueTierSummary[]; total: number } {
  const count = names.length;
  const sums = createSums(count + 1);
  const customers = new Float64Array(count);
  for (let i = 0; i < values.length; i++) {
    const t = tier[i]!;
    customers[t]!++;
    addTo(sums, t, values[i]!);
    addTo(sums, count, values[i]!);
  }
  const total = sumOf(sums, count);
  const tiers = names.map((name, t) =>
    Object.freeze({
      name,
      customers: customers[t]!,
      value: sumOf(sums, t),
      valueShare: shareOf(sumOf(sums, t), total),
    }),
  );
  return { tiers, total };
}

/**
 * Pareto split: walk the values from the largest down, one tie group at a time, until the
 * running (compensated) sum reaches `share` of the total.
 */
function pareto(
  values: Float64Array,
  share: number,
  names: readonly string[],
  tier: Uint8Array,
): { tiers: ValueTierSummary[]; total: number; cuts: number[] } {
  const sorted = sortedCopy(values);
  const n = sorted.length;
  const sums = createSums(3);
  for (let i = n - 1; i >= 0; i--) addTo(sums, 2, sorted[i]!);
  const total = sumOf(sums, 2);
  let cut = Number.POSITIVE_INFINITY;
  let top = 0;
  if (total > 0) {
    let i = n - 1;
    while (i >= 0) {
      const v = sorted[i]!;
      while (i >= 0 && sorted[i] === v) addTo(sums, 0, sorted[i--]!);
      if (sumOf(sums, 0) / total >= share) {
        cut = v;
        top = n - 1 - i;
        break;
      }
    }
    for (; i >= 0; i--) addTo(sums, 1, sorted[i]!);
  } else {
    for (let i = n - 1; i >= 0; i--) addTo(sums, 1, sorted[i]!);
  }
  for (let i = 0; i < n; i++) tier[i] = values[i]! >= cut ? 0 : 1;
  const vip = sumOf(sums, 0);
  const rest = sumOf(sums, 1);
  return {
    tiers: [
      Object.freeze({
        name: names[0]!,
        customers: top,
        value: vip,
        valueShare: shareOf(vip, total),
      }),
      Object.freeze({
        name: names[1]!,
        customers: n - top,
        value: rest,
        valueShare: shareOf(rest, total),
      }),
    ],
    total,
    cuts: [cut],
  };
}

/**
 * Splits customers into value tiers (CLV, revenue, margin…) and reports each tier's customers,
 * value and share of the total value.
 *
 * - `'pareto'` (default): the VIP tier is the smallest top group whose value is at least `share`
 *   (default 0.8) of the total: customers are added from the highest value down, a whole tie group
 *   at a time, so customers with the boundary value are all VIP (the tier may then exceed the
 *   smallest count). Values must be ≥ 0; when the total is 0 the VIP tier is empty.
 * - `'top'`: by rank, `fractions` from the top (default 20 / 30 / 50 % → VIP / mid / low). A
 *   customer is in tier j when fewer than ⌈(f₀ + … + f_j)·n⌉ customers have a strictly greater
 *   value, so equal values share a tier and a tie group straddling a boundary goes to the upper
 *   tier (a tier may hold more customers than its fraction, the next one fewer).
 * - `'thresholds'`: by value, `thresholds[j]` the minimum value of tier j (non-increasing).
 *
 * Sums are Neumaier-compensated (pareto in descending value order, otherwise in input order).
 *
 * Cost: pareto O(n) (radix sort of a `Float64Array` copy); top O(n) expected (introselect of the
 * cut ranks); thresholds O(n·T).
 *
 * @throws {ClvError} `INVALID_OPTION` (method, share, fractions, thresholds, names),
 *   `INVALID_ARGUMENT` (a non-finite value, or a negative one with `'pareto'`, row named).
 * @example
 * ```ts
 * import { valueTiers } from 'clvkit';
 * const tiers = valueTiers([500, 300, 100, 50, 50], { method: 'pareto', share: 0.8 });
 * tiers.tier; // Uint8Array [0, 0, 1, 1, 1]: 800 of 1000 is exactly 80 %
 * tiers.tiers[0]; // { name: 'VIP', customers: 2, value: 800, valueShare: 0.8 }
 * ```
 */
export function valueTiers(
  values: Float64Array | readonly number[],
  options?: ValueTiersOptions,
): ValueTiers {
  const opts = optionsObject(options);
  const method = opts.method ?? VALUE_TIERS_DEFAULTS.method;
  if (method !== 'pareto' && method !== 'top' && method !== 'thresholds') {
    invalidOption('method', method, "must be 'pareto', 'top' or 'thresholds'");
  }
  for (const [key, owner] of [
    ['share', 'pareto'],
    ['fractions', 'top'],
    ['thresholds', 'thresholds'],
  ] as const) {
    if (opts[key] !== undefined && method !== owner) {
      invalidOption(key, opts[key], `is only used with method: '${owner}'`);
    }
  }
  const column = finiteColumn('values', values, undefined, method === 'pareto' ? 0 : undefined);
  const n = column.length;
  const tier = new Uint8Array(n);
  let names: readonly string[];
  let tiers: ValueTierSummary[];
  let total: number;
  let cuts: readonly number[];
  if (method === 'pareto') {
    const share = opts.share ?? VALUE_TIERS_DEFAULTS.share;
    if (typeof share !== 'number' || !(share > 0 && share <= 1)) {
      invalidOption('share', share, 'must be a number in (0, 1]');
    }
    names = tierNames(opts.names, 2);
    ({ tiers, total, cuts } = pareto(column, share, names, tier));
  } else {
    if (method === 'top') {
      const fractions = checkFractions(opts.fractions ?? VALUE_TIERS_DEFAULTS.fractions);
      names = tierNames(opts.names, fractions.length);
      cuts = topCuts(column, fractions);
    } else {
      if (opts.thresholds === undefined) {
        invalidOption('thresholds', undefined, "is required with method: 'thresholds'");
      }
      cuts = checkThresholds(opts.thresholds).slice();
      names = tierNames(opts.names, cuts.length + 1);
    }
    assignByCuts(column, cuts, tier);
    ({ tiers, total } = summarise(column, tier, names));
  }
  return Object.freeze({
    kind: 'value-tiers',
    method,
    tier,
    labels: tier,
    names,
    tiers: Object.freeze(tiers),
    total,
    cuts: Object.freeze(cuts.slice()),
  } satisfies ValueTiers);
}
