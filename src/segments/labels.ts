import { invalidOption } from '../errors/index.js';
import { checkLength, labelColumn, nameList, optionsObject } from './internal.js';

/**
 * A segmentation as plain data: per customer an index into `names`. The results of
 * `rfmSegments`, {@link valueTiers}, {@link loyaltyTiers}, {@link lifecycleStages} and
 * {@link crossSegments} carry `labels` and `names`, so `{ name: 'tier', ...tiers }` is one.
 */
export interface Segmentation {
  /** Name of the dimension (e.g. `'value tier'`), used in cell and split names. */
  readonly name: string;
  /** Per customer, an index into `names`. */
  readonly labels: ArrayLike<number>;
  readonly names: readonly string[];
}

/** Options of {@link labelNames}; defaults in {@link LABEL_NAMES_DEFAULTS}. */
export interface LabelNamesOptions {
  /** Name given to label −1 (a customer in no segment, as `resolveSegmentOverlap` returns). */
  readonly unassigned?: string;
}

/** Defaults of {@link LabelNamesOptions}. */
export const LABEL_NAMES_DEFAULTS: Readonly<{ unassigned: 'Unassigned' }> = Object.freeze({
  unassigned: 'Unassigned',
});

/**
 * The segment name of every customer: `names[labels[i]]`, with −1 mapped to `unassigned`. For
 * display and export; computations should keep the integer labels. O(n).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a label that is not an integer in [−1, names.length),
 *   `INVALID_OPTION` for malformed names.
 * @example
 * ```ts
 * import { labelNames } from 'clvkit';
 * labelNames(new Int16Array([1, -1, 0]), ['VIP', 'rest']); // ['rest', 'Unassigned', 'VIP']
 * ```
 */
export function labelNames(
  labels: ArrayLike<number>,
  names: readonly string[],
  options?: LabelNamesOptions,
): string[] {
  const checkedNames = nameList('names', names);
  const unassigned = optionsObject(options).unassigned ?? LABEL_NAMES_DEFAULTS.unassigned;
  if (typeof unassigned !== 'string') invalidOption('unassigned', unassigned, 'must be a string');
  const n = checkLength('labels', labels, undefined);
  const checked = labelColumn('labels', labels, n, checkedNames.length, true);
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const label = checked[i]!;
    out[i] = label === -1 ? unassigned : checkedNames[label]!;
  }
  return out;
}
