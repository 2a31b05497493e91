import { ClvError, displayValue, invalidOption, issueOf } from '../errors/index.js';

// Shared guards and numeric kernels of src/segments and src/rfm. Everything here is @internal.

/** Throws `INVALID_ARGUMENT` for a bad entry of a column, naming the column and the 1-based row. */
export function badEntry(column: string, index: number, value: unknown, reason: string): never {
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `${column}[${index}] ${displayValue(value)} ${reason}`,
      index + 1,
      column,
      value,
    ),
  );
}

/** Throws `INVALID_ARGUMENT` for a positional argument of the wrong shape. */
export function badArgument(field: string, value: unknown, reason: string): never {
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `${field} ${displayValue(value)} ${reason}`,
      undefined,
      field,
      value,
    ),
  );
}

/** Checks that `options` is undefined or a plain object and returns it (or `{}`). */
export function optionsObject<T extends object>(options: T | undefined, name = 'options'): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    invalidOption(name, options, 'must be an object');
  }
  return options;
}

/** True for arrays and typed arrays (anything with a numeric length that is not a string). */
export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { length?: unknown }).length === 'number'
  );
}

/** Checks that `values` is array-like of length `n` (or any length when `n` is undefined). */
export function checkLength(name: string, values: unknown, n: number | undefined): number {
  if (!isArrayLike(values)) badArgument(name, values, 'must be an array or typed array');
  if (n !== undefined && values.length !== n) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `${name} has ${values.length} entries but ${n} were expected (one per customer)`,
        undefined,
        name,
        values.length,
      ),
    );
  }
  return values.length;
}

/**
 * Copies a numeric column into a fresh `Float64Array`, rejecting non-numbers, NaN and ±Infinity
 * (and values below `min` when given). `-0` becomes `+0`. O(n).
 */
export function finiteColumn(
  name: string,
  values: unknown,
  n: number | undefined,
  min?: number,
): Float64Array {
  const length = checkLength(name, values, n);
  const source = values as ArrayLike<unknown>;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v = source[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      badEntry(name, i, v, 'is not a finite number');
    if (min !== undefined && v < min) badEntry(name, i, v, `must be ≥ ${min}`);
    out[i] = v + 0;
  }
  return out;
}

/** Reads a membership/outcome column of booleans or 0/1 numbers into a `Uint8Array`. O(n). */
export function flagColumn(name: string, values: unknown, n: number): Uint8Array {
  checkLength(name, values, n);
  if (values instanceof Uint8Array) {
    for (let i = 0; i < n; i++) if (values[i]! > 1) badEntry(name, i, values[i], 'is not 0 or 1');
    return values;
  }
  const source = values as ArrayLike<unknown>;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = source[i];
    if (v === true || v === 1) out[i] = 1;
    else if (v !== false && v !== 0) badEntry(name, i, v, 'is not a boolean or 0/1');
  }
  return out;
}

/**
 * Checks a label column: integers in [0, count), or also −1 ("no segment") when `allowNone`.
 * Returns it as an `Int32Array` (a copy unless it already is one; never written to). O(n).
 */
export function labelColumn(
  name: string,
  labels: unknown,
  n: number | undefined,
  count: number,
  allowNone: boolean,
): Int32Array {
  const length = checkLength(name, labels, n);
  const source = labels as ArrayLike<unknown>;
  const low = allowNone ? -1 : 0;
  for (let i = 0; i < length; i++) {
    const v = source[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < low || v >= count) {
      badEntry(
        name,
        i,
        v,
        `is not a segment index in [${low}, ${count - 1}]${allowNone ? ' (−1 = none)' : ''}`,
      );
    }
  }
  return labels instanceof Int32Array ? labels : Int32Array.from(source as ArrayLike<number>);
}

/** Checks a list of segment names: non-empty strings. Returns a frozen copy. */
export function nameList(field: string, names: unknown, max?: number): readonly string[] {
  if (!Array.isArray(names)) invalidOption(field, names, 'must be an array of names');
  if (max !== undefined && names.length > max) {
    invalidOption(field, names.length, `at most ${max} names are supported`);
  }
  for (let i = 0; i < names.length; i++) {
    const name: unknown = names[i];
    if (typeof name !== 'string' || name === '') {
      invalidOption(`${field}[${i}]`, name, 'must be a non-empty string');
    }
  }
  return Object.freeze(names.slice() as string[]);
}

/** Customer ids of a columns input: strings kept, finite numbers turned into strings. O(n). */
export function idColumn(name: string, ids: unknown): readonly string[] {
  if (!Array.isArray(ids)) badArgument(name, ids, 'must be an array of customer ids');
  let allStrings = true;
  for (let i = 0; i < ids.length && allStrings; i++) {
    const id: unknown = ids[i];
    allStrings = typeof id === 'string' && id !== '';
  }
  // The common case: a copy of the array as it is (a block copy, no per-element work).
  if (allStrings) return Object.freeze(ids.slice() as string[]);
  const out: string[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const raw: unknown = ids[i];
    const id = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
    if (typeof id !== 'string' || id === '') {
      throw new ClvError(
        issueOf(
          'INVALID_ID',
          `${name}[${i}] ${displayValue(raw)} is not a non-empty string`,
          i + 1,
          name,
          raw,
        ),
      );
    }
    out[i] = id;
  }
  return Object.freeze(out);
}

export { addTo, createSums, sumOf } from '../math/compensated-sum.js';

/** `numerator / denominator`, or 0 when the denominator is 0 (an empty share is 0, not NaN). */
export function shareOf(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** Counts of each label in [0, count); labels of −1 are not counted. O(n). */
export function countLabels(labels: ArrayLike<number>, count: number): number[] {
  const counts = new Float64Array(count);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label >= 0) counts[label]!++;
  }
  return Array.from(counts);
}
