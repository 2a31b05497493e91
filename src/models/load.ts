/**
 * Loading fitted models back from JSON: one zod schema per model kind, in a discriminated union
 * on `kind`. To add a kind, append its schema to {@link MODEL_SCHEMAS} (one line, built with
 * {@link fitSchema}) and its fit type to {@link ModelFit}.
 *
 * @module
 */
import { z } from 'zod';
import { ClvError, type ClvIssue, issueOf } from '../errors/index.js';
import { TIME_UNITS, type TimeUnit } from '../time/index.js';
import { BG_BB_PARAMETERS, type BgBbFit } from './bg-bb/types.js';
import { BG_NBD_PARAMETERS, type BgNbdFit } from './bg-nbd/types.js';
import {
  GAMMA_GAMMA_PARAMETERS,
  type GammaGammaFit,
  gammaGammaDiagnosticsSchema,
} from './gamma-gamma/index.js';
import { MBG_NBD_PARAMETERS, type MbgNbdFit } from './mbg-nbd/types.js';
import { PARETO_NBD_PARAMETERS, type ParetoNbdFit } from './pareto-nbd/types.js';
import { SBG_PARAMETERS, type SbgFit } from './sbg/types.js';
import { freezeFit } from './shared.js';

const finiteNumber = z.number(); // zod 4 rejects NaN and ±Infinity
const positiveNumber = z.number().positive();
const nonNegativeNumber = z.number().nonnegative();

function numberRecord<N extends string>(names: readonly N[], item: z.ZodNumber) {
  const shape = {} as Record<N, z.ZodNumber>;
  for (const name of names) shape[name] = item;
  return z.strictObject(shape);
}

const diagnosticsSchema = z.strictObject({
  converged: z.boolean(),
  iterations: z.number().int().nonnegative(),
  gradientNorm: nonNegativeNumber,
  message: z.string(),
  customers: nonNegativeNumber,
  distinctRows: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
});

/**
 * The zod schema of a fit of kind `kind` with parameters `names` (see {@link FitBase}): positive
 * finite parameters, a known time unit, a finite log-likelihood, standard errors finite and ≥ 0
 * or absent (`null` is read as absent), strict keys. `extra` adds kind-specific fields.
 *
 * @example
 * ```ts
 * import { fitSchema } from 'clvkit';
 * const schema = fitSchema('my-model', ['rate'] as const);
 * schema.safeParse({}).success; // false
 * ```
 */
export function fitSchema<
  K extends string,
  N extends string,
  E extends z.ZodRawShape = Record<never, never>,
>(kind: K, names: readonly N[], extra?: E) {
  return z.strictObject({
    kind: z.literal(kind),
    schemaVersion: z.literal(1),
    params: numberRecord(names, positiveNumber),
    timeUnit: z.enum(TIME_UNITS as readonly TimeUnit[] as [TimeUnit, ...TimeUnit[]]),
    logLikelihood: finiteNumber,
    standardErrors: numberRecord(names, nonNegativeNumber).nullish(),
    diagnostics: diagnosticsSchema,
    penalty: nonNegativeNumber.optional(),
    ...(extra ?? ({} as E)),
  });
}

/** Every loadable kind's schema: add a kind with one line here. */
const MODEL_SCHEMAS = [
  fitSchema('bg-nbd', BG_NBD_PARAMETERS),
  fitSchema('gamma-gamma', GAMMA_GAMMA_PARAMETERS, { diagnostics: gammaGammaDiagnosticsSchema }),
  fitSchema('pareto-nbd', PARETO_NBD_PARAMETERS),
  fitSchema('mbg-nbd', MBG_NBD_PARAMETERS),
  fitSchema('bg-bb', BG_BB_PARAMETERS),
  fitSchema('sbg', SBG_PARAMETERS),
] as const;

const modelSchema = z.discriminatedUnion('kind', MODEL_SCHEMAS);

/**
 * Any fitted model {@link loadModel} can return (a union over kinds, discriminated by `kind`).
 *
 * @example
 * ```ts
 * import type { ModelFit } from 'clvkit';
 * const describe = (fit: ModelFit) => `${fit.kind} per ${fit.timeUnit}`;
 * ```
 */
export type ModelFit = BgNbdFit | ParetoNbdFit | MbgNbdFit | GammaGammaFit | BgBbFit | SbgFit;

/** The `kind` tags {@link loadModel} knows. */
export type ModelKind = ModelFit['kind'];

/** Options of {@link loadModel}. */
export interface LoadModelOptions<K extends ModelKind = ModelKind> {
  /** Require this kind (an `INVALID_MODEL` error otherwise); narrows the return type. */
  readonly kind?: K;
}

/** Result of {@link safeLoadModel}: the fit, or the error (with every issue found). */
export type SafeLoadModelResult<F> =
  | { readonly success: true; readonly data: F }
  | { readonly success: false; readonly error: ClvError };

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function toClvError(input: unknown, issues: readonly z.core.$ZodIssue[]): ClvError {
  const mapped: ClvIssue[] = issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const where = field === '' ? 'model' : field;
    return issueOf(
      'INVALID_MODEL',
      `Invalid model: ${where}: ${issue.message}`,
      undefined,
      field === '' ? undefined : field,
      valueAt(input, issue.path),
    );
  });
  return new ClvError(mapped[0]!, mapped);
}

/**
 * Validates `json` (a parsed JSON value, e.g. `JSON.parse(text)`) against the schema of its `kind`
 * and returns the fit, deep-frozen. Round trip is exact: `loadModel(JSON.parse(JSON.stringify(fit)))`
 * deep-equals `fit` (numbers survive JSON exactly; absent standard errors stay `undefined`).
 * O(size of the fit).
 *
 * @throws {ClvError} `INVALID_MODEL` with one issue per problem (field path, message, value).
 * @example
 * ```ts
 * import { fitBgNbd, loadModel, summaryFromColumns } from 'clvkit';
 * const fit = fitBgNbd(
 *   summaryFromColumns({ ids: ['a', 'b', 'c'], frequency: [2, 0, 5], recency: [30, 0, 35], T: [38, 38, 38], unit: 'week' }),
 *   { penalty: 0.01 },
 * );
 * const loaded = loadModel(JSON.parse(JSON.stringify(fit)), { kind: 'bg-nbd' });
 * loaded.params.r === fit.params.r; // true
 * ```
 */
export function loadModel<K extends ModelKind = ModelKind>(
  json: unknown,
  options?: LoadModelOptions<K>,
): Extract<ModelFit, { kind: K }> {
  const result = safeLoadModel(json, options);
  if (!result.success) throw result.error;
  return result.data;
}

/**
 * The non-throwing twin of {@link loadModel}: `{ success: true, data }` or
 * `{ success: false, error }` with a {@link ClvError} (`INVALID_MODEL`) listing every issue.
 * O(size of the fit).
 *
 * @example
 * ```ts
 * import { safeLoadModel } from 'clvkit';
 * const result = safeLoadModel({ kind: 'bg-nbd' });
 * if (!result.success) console.log(result.error.issues.map((i) => i.field)); // ['schemaVersion', 'params', …]
 * ```
 */
export function safeLoadModel<K extends ModelKind = ModelKind>(
  json: unknown,
  options?: LoadModelOptions<K>,
): SafeLoadModelResult<Extract<ModelFit, { kind: K }>> {
  const parsed = modelSchema.safeParse(json);
  if (!parsed.success) return { success: false, error: toClvError(json, parsed.error.issues) };
  const data = parsed.data;
  if (options?.kind !== undefined && data.kind !== options.kind) {
    const issue = issueOf(
      'INVALID_MODEL',
      `Invalid model: expected kind '${options.kind}', got '${data.kind}'`,
      undefined,
      'kind',
      data.kind,
    );
    return { success: false, error: new ClvError(issue) };
  }
  const fit = { ...data, standardErrors: data.standardErrors ?? undefined };
  return { success: true, data: freezeFit(fit) as unknown as Extract<ModelFit, { kind: K }> };
}
