import { z } from 'zod';
import { ClvError, type ClvIssue, issueOf } from '../../errors/index.js';
import { freezeFit } from '../../models/shared.js';
import { TIME_UNITS } from '../../time/index.js';
import type { ChurnModel, ClvRegressor } from './types.js';

const finite = z.number(); // zod 4 rejects NaN and ±Infinity
const count = z.number().int().nonnegative();

const treeSchema = z.strictObject({
  feature: z.array(z.number().int().min(-1)).min(1),
  threshold: z.array(finite),
  left: z.array(count),
  right: z.array(count),
  value: z.array(finite),
});

const settingsSchema = z.strictObject({
  trees: z.number().int().min(1),
  maxDepth: z.number().int().min(1),
  minLeafSize: z.number().int().min(1),
  maxFeatures: z.number().int().min(1),
  bins: z.number().int().min(2).max(255),
  seed: z.union([z.number().int(), z.string()]),
});

const common = {
  schemaVersion: z.literal(1),
  featureNames: z.array(z.string().min(1)).min(1),
  droppedFeatures: z.array(z.string()),
  trainingRows: z.number().int().min(1),
  warnings: z.array(z.string()),
};

const linearFields = {
  intercept: finite,
  coefficients: z.array(finite),
  means: z.array(finite),
  scales: z.array(z.number().positive()),
};

const churnSchema = z.discriminatedUnion('model', [
  z.strictObject({
    kind: z.literal('churn-model'),
    model: z.literal('random-forest'),
    ...common,
    positiveRate: z.number().min(0).max(1),
    settings: settingsSchema,
    trees: z.array(treeSchema).min(1),
  }),
  z.strictObject({
    kind: z.literal('churn-model'),
    model: z.literal('logistic'),
    ...common,
    positiveRate: z.number().min(0).max(1),
    penalty: z.number().nonnegative(),
    ...linearFields,
    diagnostics: z.strictObject({
      converged: z.boolean(),
      iterations: count,
      gradientNorm: z.number().nonnegative(),
      message: z.string(),
    }),
  }),
]);

const regressorCommon = {
  kind: z.literal('clv-regressor'),
  ...common,
  target: z.enum(['spend', 'purchases']),
  horizon: z.number().positive(),
  unit: z.enum(TIME_UNITS as unknown as [string, ...string[]]),
};

const regressorSchema = z.discriminatedUnion('model', [
  z.strictObject({
    model: z.literal('random-forest'),
    ...regressorCommon,
    settings: settingsSchema,
    trees: z.array(treeSchema).min(1),
  }),
  z.strictObject({
    model: z.literal('linear'),
    ...regressorCommon,
    ridge: z.number().nonnegative(),
    ...linearFields,
  }),
]);

/**
 * Structural checks zod's shapes cannot state: array lengths agree with the feature list, and
 * every tree is a proper tree (children after their parent and in range, split features in range)
 * so that a walk always ends at a leaf.
 */
function checkStructure(
  model: { featureNames: readonly string[] } & Record<string, unknown>,
  ctx: z.core.$RefinementCtx,
): void {
  const p = model.featureNames.length;
  if (new Set(model.featureNames).size !== p)
    ctx.addIssue({ code: 'custom', path: ['featureNames'], message: 'feature names repeat' });
  for (const key of ['coefficients', 'means', 'scales'] as const) {
    const list = model[key] as readonly number[] | undefined;
    if (list !== undefined && list.length !== p) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `must have one value per feature (${p}), got ${list.length}`,
      });
    }
  }
  const trees = model.trees as z.infer<typeof treeSchema>[] | undefined;
  if (trees === undefined) return;
  trees.forEach((tree, t) => {
    const m = tree.feature.length;
    for (const key of ['threshold', 'left', 'right', 'value'] as const) {
      if (tree[key].length !== m) {
        ctx.addIssue({
          code: 'custom',
          path: ['trees', t, key],
          message: `must have one entry per node (${m}), got ${tree[key].length}`,
        });
        return;
      }
    }
    for (let k = 0; k < m; k++) {
      const f = tree.feature[k]!;
      if (f < 0) continue;
      const left = tree.left[k]!;
      const right = tree.right[k]!;
      if (f >= p || !(left > k && left < m && right > k && right < m && left !== right)) {
        ctx.addIssue({
          code: 'custom',
          path: ['trees', t, 'feature', k],
          message: `node ${k} is not a valid split (feature ${f} of ${p}; children ${left}, ${right} of ${m} nodes must come after it)`,
        });
        return;
      }
    }
  });
}

const churnModelSchema = churnSchema.superRefine(checkStructure as never);
const clvRegressorSchema = regressorSchema.superRefine(checkStructure as never);

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function parseWith<T>(schema: z.ZodType, json: unknown): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues: ClvIssue[] = parsed.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.');
      return issueOf(
        'INVALID_MODEL',
        `Invalid model: ${field === '' ? 'model' : field}: ${issue.message}`,
        undefined,
        field === '' ? undefined : field,
        valueAt(json, issue.path),
      );
    });
    throw new ClvError(issues[0]!, issues);
  }
  return freezeFit(parsed.data as object) as T;
}

/**
 * Validates a parsed JSON churn model (`JSON.parse(JSON.stringify(model))`) and returns it
 * deep-frozen; predictions of the loaded model equal the original's bit for bit (numbers survive
 * JSON exactly). Besides the field types, every tree is checked to be a proper tree (children
 * after their parent, split features in range), so a loaded model cannot loop. O(size).
 *
 * @throws {ClvError} `INVALID_MODEL` with one issue per problem (field path, message, value).
 * @example
 * ```ts
 * import { loadChurnModel, predictChurn, trainChurnModel } from 'clvkit/churn';
 * declare const dataset: import('clvkit/churn').ChurnDataset;
 * const model = trainChurnModel(dataset);
 * const loaded = loadChurnModel(JSON.parse(JSON.stringify(model)));
 * predictChurn(loaded, dataset); // identical to predictChurn(model, dataset)
 * ```
 */
export function loadChurnModel(json: unknown): ChurnModel {
  return parseWith<ChurnModel>(churnModelSchema, json);
}

/**
 * As {@link loadChurnModel}, for a CLV regressor from {@link trainClvRegressor}. O(size).
 *
 * @throws {ClvError} `INVALID_MODEL` with one issue per problem.
 * @example
 * ```ts
 * import { loadClvRegressor } from 'clvkit/churn';
 * declare const text: string; // JSON.stringify of a trained regressor
 * const model = loadClvRegressor(JSON.parse(text));
 * ```
 */
export function loadClvRegressor(json: unknown): ClvRegressor {
  return parseWith<ClvRegressor>(clvRegressorSchema, json);
}
