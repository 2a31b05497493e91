import { invalidOption } from '../errors/index.js';
import {
  addTo,
  badArgument,
  countLabels,
  createSums,
  finiteColumn,
  labelColumn,
  nameList,
  optionsObject,
  shareOf,
  sumOf,
} from './internal.js';
import type { Segmentation } from './labels.js';

/** Options of {@link crossSegments}; defaults in {@link CROSS_SEGMENTS_DEFAULTS}. */
export interface CrossSegmentsOptions {
  /** A value per customer (CLV, revenue…) summed per cell. */
  readonly values?: ArrayLike<number>;
  /** Joins the segment names of a cell into its name. */
  readonly separator?: string;
}

/** Defaults of {@link CrossSegmentsOptions}. */
export const CROSS_SEGMENTS_DEFAULTS: Readonly<{ separator: ' × ' }> = Object.freeze({
  separator: ' × ',
});

/** One combination of segments found in the data. */
export interface CrossCell {
  /** The segment names joined by the separator, e.g. `'VIP × Champions'`. */
  readonly name: string;
  /** The label in each segmentation, in the order the segmentations were given. */
  readonly labels: readonly number[];
  readonly customers: number;
  /** Compensated sum of `values` (undefined without `values`). */
  readonly value: number | undefined;
  /** `value / total` (0 when the total is 0; undefined without `values`). */
  readonly valueShare: number | undefined;
}

/** Result of {@link crossSegments}. */
export interface CrossSegmentation {
  readonly kind: 'cross-segments';
  /** Names of the combined segmentations. */
  readonly dimensions: readonly string[];
  /** Per customer, the index of its cell in `cells` / `names`. */
  readonly cell: Uint32Array;
  /** The same array as `cell`, so that the result can be passed on as a segmentation. */
  readonly labels: Uint32Array;
  /** Cell names, in the order of `cells`. */
  readonly names: readonly string[];
  /** The cells that occur, ordered by their labels (first segmentation most significant). */
  readonly cells: readonly CrossCell[];
  /** Compensated total of `values` (undefined without `values`). */
  readonly total: number | undefined;
}

/** Largest product of name counts for which cells are found with a dense table. */
const DENSE_LIMIT = 1 << 22;

function checkSegmentation(field: string, segmentation: unknown, n: number | undefined) {
  if (segmentation === null || typeof segmentation !== 'object') {
    badArgument(field, segmentation, 'must be a segmentation { name, labels, names }');
  }
  const { name, labels, names } = segmentation as Segmentation;
  if (typeof name !== 'string' || name === '') {
    invalidOption(`${field}.name`, name, 'must be a non-empty string');
  }
  const checkedNames = nameList(`${field}.names`, names);
  if (checkedNames.length === 0) invalidOption(`${field}.names`, names, 'must not be empty');
  const checkedLabels = labelColumn(`${field}.labels`, labels, n, checkedNames.length, false);
  return { name, labels: checkedLabels, names: checkedNames };
}

/**
 * Combines segmentations (e.g. age band × behaviour × value tier) into cells: every combination
 * of segments that occurs, with its customers and, given `values`, the summed value and its share
 * of the total. Labels must be in [0, names.length) (map −1 to a segment first). Cells are ordered
 * by their labels, so the result does not depend on customer order; the result is itself a
 * segmentation (`labels`, `names`).
 *
 * Cost: O(n · d) for d segmentations, plus a dense table of Π names.length entries when that is
 * at most 2²², else a hash map and a sort of the distinct cells.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` (labels of different lengths or out of range, a
 *   non-finite value, row named), `INVALID_OPTION` (names, separator).
 * @example
 * ```ts
 * import { crossSegments } from 'clvkit';
 * const cross = crossSegments(
 *   [
 *     { name: 'tier', labels: [0, 1, 1, 0], names: ['VIP', 'rest'] },
 *     { name: 'channel', labels: [1, 0, 0, 1], names: ['web', 'store'] },
 *   ],
 *   { values: [900, 20, 40, 700] },
 * );
 * cross.names; // ['VIP × store', 'rest × web']
 * cross.cells[0]; // { name: 'VIP × store', labels: [0, 1], customers: 2, value: 1600, valueShare: 0.963… }
 * ```
 */
export function crossSegments(
  segmentations: readonly Segmentation[],
  options?: CrossSegmentsOptions,
): CrossSegmentation {
  if (!Array.isArray(segmentations) || segmentations.length === 0) {
    badArgument('segmentations', segmentations, 'must be a non-empty array of segmentations');
  }
  const opts = optionsObject(options);
  const separator = opts.separator ?? CROSS_SEGMENTS_DEFAULTS.separator;
  if (typeof separator !== 'string') invalidOption('separator', separator, 'must be a string');
  const first = checkSegmentation('segmentations[0]', segmentations[0], undefined);
  const n = first.labels.length;
  const dims = [first];
  for (let d = 1; d < segmentations.length; d++) {
    dims.push(checkSegmentation(`segmentations[${d}]`, segmentations[d], n));
  }
  const values = opts.values === undefined ? undefined : finiteColumn('values', opts.values, n);

  // Mixed-radix code of a combination, the last segmentation varying fastest.
  const strides: number[] = new Array(dims.length);
  let product = 1;
  for (let d = dims.length - 1; d >= 0; d--) {
    strides[d] = product;
    product *= dims[d]!.names.length;
  }
  if (product > Number.MAX_SAFE_INTEGER) {
    invalidOption('segmentations', dims.length, 'have too many combinations of names (> 2^53)');
  }
  const codes = new Float64Array(n);
  for (let d = 0; d < dims.length; d++) {
    const labels = dims[d]!.labels;
    const stride = strides[d]!;
    for (let i = 0; i < n; i++) codes[i] = codes[i]! + labels[i]! * stride;
  }
  const cell = new Uint32Array(n);
  let distinct: Float64Array;
  if (product <= DENSE_LIMIT) {
    const table = new Int32Array(product);
    for (let i = 0; i < n; i++) table[codes[i]!] = 1;
    let count = 0;
    for (let c = 0; c < product; c++) if (table[c] === 1) table[c] = ++count;
    distinct = new Float64Array(count);
    for (let c = 0; c < product; c++) if (table[c]! > 0) distinct[table[c]! - 1] = c;
    for (let i = 0; i < n; i++) cell[i] = table[codes[i]!]! - 1;
  } else {
    const seen = new Map<number, number>();
    for (let i = 0; i < n; i++) if (!seen.has(codes[i]!)) seen.set(codes[i]!, 0);
    distinct = Float64Array.from(seen.keys()).sort();
    for (let c = 0; c < distinct.length; c++) seen.set(distinct[c]!, c);
    for (let i = 0; i < n; i++) cell[i] = seen.get(codes[i]!)!;
  }

  const cellCount = distinct.length;
  const customers = countLabels(cell, cellCount);
  let sums: Float64Array | undefined;
  let total: number | undefined;
  if (values !== undefined) {
    sums = createSums(cellCount + 1);
    for (let i = 0; i < n; i++) {
      addTo(sums, cell[i]!, values[i]!);
      addTo(sums, cellCount, values[i]!);
    }
    total = sumOf(sums, cellCount);
  }
  const names: string[] = [];
  const cells: CrossCell[] = [];
  for (let c = 0; c < cellCount; c++) {
    let rest = distinct[c]!;
    const labels: number[] = [];
    for (let d = 0; d < dims.length; d++) {
      const label = Math.floor(rest / strides[d]!);
      rest -= label * strides[d]!;
      labels.push(label);
    }
    const name = labels.map((label, d) => dims[d]!.names[label]).join(separator);
    const value = sums === undefined ? undefined : sumOf(sums, c);
    names.push(name);
    cells.push(
      Object.freeze({
        name,
        labels: Object.freeze(labels),
        customers: customers[c]!,
        value,
        valueShare: value === undefined ? undefined : shareOf(value, total!),
      }),
    );
  }
  return Object.freeze({
    kind: 'cross-segments',
    dimensions: Object.freeze(dims.map((d) => d.name)),
    cell,
    labels: cell,
    names: Object.freeze(names),
    cells: Object.freeze(cells),
    total,
  } satisfies CrossSegmentation);
}

/** Options of {@link splitSegment}; defaults in {@link SPLIT_SEGMENT_DEFAULTS}. */
export interface SplitSegmentOptions {
  /** Names of the base segments to split (default: all). */
  readonly segments?: readonly string[];
  /** Joins a base name and a sub-segment name. */
  readonly separator?: string;
}

/** Defaults of {@link SplitSegmentOptions}. */
export const SPLIT_SEGMENT_DEFAULTS: Readonly<{ separator: ' / ' }> = Object.freeze({
  separator: ' / ',
});

/** Result of {@link splitSegment}: a segmentation one level deeper. */
export interface SplitSegmentation extends Segmentation {
  readonly kind: 'split-segment';
  readonly labels: Uint32Array;
  /** For each name, the index of the base segment it comes from. */
  readonly parent: Uint32Array;
  /** Customers per name. */
  readonly counts: readonly number[];
}

/**
 * Hierarchical segmentation: splits the chosen segments of `base` by the segments of `by`
 * (e.g. Champions by channel), leaving the other base segments whole. A split segment `b`
 * becomes `b / y` for every name `y` of `by`, in `by`'s order (empty ones included, so the names
 * depend only on the inputs' names); `parent` maps each new name to its base segment. The result
 * is a segmentation and can be split again.
 *
 * Cost: O(n).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` (labels of different lengths or out of range),
 *   `INVALID_OPTION` (an unknown segment name, separator).
 * @example
 * ```ts
 * import { splitSegment } from 'clvkit';
 * const split = splitSegment(
 *   { name: 'rfm', labels: [0, 0, 1], names: ['Champions', 'Lost'] },
 *   { name: 'channel', labels: [0, 1, 1], names: ['web', 'store'] },
 *   { segments: ['Champions'] },
 * );
 * split.names; // ['Champions / web', 'Champions / store', 'Lost']
 * split.labels; // Uint32Array [0, 1, 2]
 * ```
 */
export function splitSegment(
  base: Segmentation,
  by: Segmentation,
  options?: SplitSegmentOptions,
): SplitSegmentation {
  const opts = optionsObject(options);
  const separator = opts.separator ?? SPLIT_SEGMENT_DEFAULTS.separator;
  if (typeof separator !== 'string') invalidOption('separator', separator, 'must be a string');
  const b = checkSegmentation('base', base, undefined);
  const n = b.labels.length;
  const y = checkSegmentation('by', by, n);
  const split = new Uint8Array(b.names.length);
  if (opts.segments === undefined) split.fill(1);
  else {
    const chosen = nameList('segments', opts.segments);
    for (const name of chosen) {
      const index = b.names.indexOf(name);
      if (index === -1) invalidOption('segments', name, `is not a segment of ${b.name}`);
      split[index] = 1;
    }
  }
  const offset = new Uint32Array(b.names.length);
  const names: string[] = [];
  const parent: number[] = [];
  for (let s = 0; s < b.names.length; s++) {
    offset[s] = names.length;
    if (split[s] === 1) {
      for (const sub of y.names) {
        names.push(`${b.names[s]}${separator}${sub}`);
        parent.push(s);
      }
    } else {
      names.push(b.names[s]!);
      parent.push(s);
    }
  }
  const labels = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const s = b.labels[i]!;
    labels[i] = split[s] === 1 ? offset[s]! + y.labels[i]! : offset[s]!;
  }
  return Object.freeze({
    kind: 'split-segment',
    name: `${b.name}${separator}${y.name}`,
    labels,
    names: Object.freeze(names),
    parent: Uint32Array.from(parent),
    counts: Object.freeze(countLabels(labels, names.length)),
  } satisfies SplitSegmentation);
}
