/**
 * Input guards shared by the churn models: data set shape, finite features, labels, matching
 * feature columns by name, constant features.
 *
 * @module
 * @internal
 */
import { ClvError, displayValue, invalidOption, issueOf } from '../../errors/index.js';
import type { ChurnDataset } from '../dataset/index.js';

/** Throws `INVALID_ARGUMENT` with `field`, named in the message. */
export function invalidArgument(field: string, message: string, value?: unknown): never {
  const text = message.includes(field) ? message : `Invalid ${field}: ${message}`;
  throw new ClvError(issueOf('INVALID_ARGUMENT', text, undefined, field, value));
}

/**
 * Checks that `dataset` is a {@link ChurnDataset}: unique feature names, one Float64Array column
 * per name with one value per id, every value finite (the row and feature named otherwise), at
 * least one row. O(n · p).
 */
export function checkDataset(dataset: ChurnDataset, field = 'dataset'): void {
  if (
    dataset === null ||
    typeof dataset !== 'object' ||
    dataset.kind !== 'churn-dataset' ||
    !Array.isArray(dataset.featureNames) ||
    !Array.isArray(dataset.columns) ||
    !Array.isArray(dataset.ids)
  ) {
    invalidArgument(field, `${field} must be a ChurnDataset (from churnDataset)`);
  }
  const n = dataset.ids.length;
  if (n === 0) throw new ClvError(issueOf('EMPTY_INPUT', `${field} has no rows`, undefined, field));
  const { featureNames, columns } = dataset;
  if (featureNames.length !== columns.length) {
    invalidArgument(
      `${field}.columns`,
      `${field} has ${featureNames.length} feature names but ${columns.length} columns`,
    );
  }
  const seen = new Set<string>();
  featureNames.forEach((name, j) => {
    if (typeof name !== 'string' || name === '')
      invalidArgument(
        `${field}.featureNames`,
        `feature name ${j + 1} must be a non-empty string`,
        name,
      );
    if (seen.has(name))
      invalidArgument(
        `${field}.featureNames`,
        `feature name ${displayValue(name)} appears twice`,
        name,
      );
    seen.add(name);
    const column = columns[j];
    if (!(column instanceof Float64Array) || column.length !== n) {
      invalidArgument(
        `${field}.columns`,
        `column ${displayValue(name)} must be a Float64Array of ${n} values (one per id)`,
      );
    }
  });
}

/** Checks every value of the columns is finite, naming the first bad row and feature. O(n · p). */
export function checkFinite(columns: readonly Float64Array[], names: readonly string[]): void {
  for (let j = 0; j < columns.length; j++) {
    const column = columns[j]!;
    for (let i = 0; i < column.length; i++) {
      const x = column[i]!;
      if (!Number.isFinite(x)) {
        throw new ClvError(
          issueOf(
            'INVALID_ARGUMENT',
            `Row ${i + 1}: feature ${displayValue(names[j])} is ${x}; features must be finite numbers`,
            i + 1,
            names[j],
            x,
          ),
        );
      }
    }
  }
}

/**
 * The labels of a training set: present, one per row, each 0 or 1, and both classes present.
 * O(n).
 */
export function checkLabels(dataset: ChurnDataset, field = 'dataset'): Uint8Array {
  const labels = dataset.labels;
  const n = dataset.ids.length;
  if (!(labels instanceof Uint8Array) || labels.length !== n) {
    invalidArgument(
      `${field}.labels`,
      `${field} has no labels (one 0/1 per row): build it with a cutoff + horizon inside the log`,
    );
  }
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (y > 1) {
      throw new ClvError(
        issueOf('INVALID_ARGUMENT', `Row ${i + 1}: label ${y} must be 0 or 1`, i + 1, 'labels', y),
      );
    }
    positives += y;
  }
  if (positives === 0 || positives === n) {
    invalidArgument(
      `${field}.labels`,
      `${field} labels are all ${positives === 0 ? '0 (no churner)' : '1 (every row churned)'}: a classifier needs both classes`,
      positives === 0 ? 0 : 1,
    );
  }
  return labels;
}

/**
 * The columns of `dataset` named `names`, in that order (the data set may hold more, in any
 * order), checked finite. O(n · names).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` (field `featureNames`) listing the missing names.
 */
export function columnsByName(
  dataset: ChurnDataset,
  names: readonly string[],
  field = 'dataset',
): Float64Array[] {
  checkDataset(dataset, field);
  const index = new Map<string, number>();
  dataset.featureNames.forEach((name, j) => {
    index.set(name, j);
  });
  const missing = names.filter((name) => !index.has(name));
  if (missing.length > 0) {
    invalidArgument(
      'featureNames',
      `${field} lacks the model's feature${missing.length > 1 ? 's' : ''} ${missing.map((m) => displayValue(m)).join(', ')} (the model was trained on ${names.map((m) => displayValue(m)).join(', ')}); featureNames must match`,
      missing,
    );
  }
  const columns = names.map((name) => dataset.columns[index.get(name)!]!);
  checkFinite(columns, names);
  return columns;
}

/** Result of {@link splitConstantFeatures}. */
export interface KeptFeatures {
  readonly names: string[];
  readonly columns: Float64Array[];
  readonly dropped: string[];
}

/**
 * Separates constant columns (one value on every row): they cannot inform any model and break
 * standardisation. `policy: 'drop'` returns them in `dropped` (the caller warns); `'error'` throws.
 * All features constant is an error either way. O(n · p).
 */
export function splitConstantFeatures(
  names: readonly string[],
  columns: readonly Float64Array[],
  policy: 'drop' | 'error',
): KeptFeatures {
  const kept: KeptFeatures = { names: [], columns: [], dropped: [] };
  columns.forEach((column, j) => {
    const first = column[0]!;
    let constant = true;
    for (let i = 1; i < column.length; i++) {
      if (column[i] !== first) {
        constant = false;
        break;
      }
    }
    if (!constant) {
      kept.names.push(names[j]!);
      kept.columns.push(column);
    } else if (policy === 'error') {
      invalidArgument(
        'featureNames',
        `feature ${displayValue(names[j])} is constant (${first} on every row): drop it or pass constantFeatures: 'drop'`,
        names[j],
      );
    } else kept.dropped.push(names[j]!);
  });
  if (kept.names.length === 0)
    invalidArgument('featureNames', 'every feature is constant: nothing to learn from', names);
  return kept;
}

/** A data set restricted to `rows` (indices), labels and targets included. O(rows · p). */
export function subsetDataset(dataset: ChurnDataset, rows: Int32Array): ChurnDataset {
  const pick = (column: Float64Array) => {
    const out = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = column[rows[k]!]!;
    return out;
  };
  let labels: Uint8Array | undefined;
  if (dataset.labels !== undefined) {
    labels = new Uint8Array(rows.length);
    for (let k = 0; k < rows.length; k++) labels[k] = dataset.labels[rows[k]!]!;
  }
  return {
    kind: 'churn-dataset',
    featureNames: dataset.featureNames,
    columns: dataset.columns.map(pick),
    ids: Array.from(rows, (r) => dataset.ids[r]!),
    cutoff: pick(dataset.cutoff),
    labels,
    futureSpend: dataset.futureSpend === undefined ? undefined : pick(dataset.futureSpend),
    futurePurchases:
      dataset.futurePurchases === undefined ? undefined : pick(dataset.futurePurchases),
    horizon: dataset.horizon,
    unit: dataset.unit,
  };
}

/** Rejects option keys outside `known`, and a non-object options argument. */
export function checkOptionKeys(options: object | undefined, known: ReadonlySet<string>): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalidOption('options', options, 'must be an object');
  for (const key of Object.keys(options)) {
    if (!known.has(key))
      invalidOption(key, (options as Record<string, unknown>)[key], 'is not a known option');
  }
}

/** Checks an integer option within [min, max]. */
export function checkInteger(field: string, value: unknown, min: number, max: number): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max))
    invalidOption(field, value, `must be an integer from ${min} to ${max}`);
  return value;
}
