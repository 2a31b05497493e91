import { describe, expect, it } from 'vitest';
import { predictChurn, trainChurnModel } from '../../src/churn/model/index.js';
import {
  PREDICT_CHURN_PARALLEL_DEFAULTS,
  predictChurnParallel,
} from '../../src/node/predict-parallel.js';
import { makeDataset, simulateChurn } from '../churn/model/helpers.js';
import { outcome } from './helpers.js';

/** Bit-for-bit equality (Object.is per element: −0 and NaN count). */
function expectSameBits(actual: Float64Array, expected: Float64Array) {
  expect(actual).toBeInstanceOf(Float64Array);
  expect(actual.length).toBe(expected.length);
  let mismatches = 0;
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) mismatches++;
  expect(mismatches).toBe(0);
}

const training = simulateChurn(3_000, 1);
const forest = trainChurnModel(training, { trees: 12, seed: 7 });
// Scoring columns in another order, with an extra column the model does not use.
const scoringBase = simulateChurn(4_097, 2);
const order = [...scoringBase.featureNames.keys()].reverse();
const scoring = makeDataset(
  [...order.map((j) => scoringBase.featureNames[j]!), 'unused'],
  [...order.map((j) => scoringBase.columns[j]!), new Float64Array(4_097).fill(3)],
);

describe('predictChurnParallel', () => {
  it('equals predictChurn bit for bit on 2 and 3 workers (uneven ranges)', async () => {
    const expected = predictChurn(forest, scoring);
    expectSameBits(
      await predictChurnParallel(forest, scoring, { workers: 2, minRowsPerWorker: 1 }),
      expected,
    );
    expectSameBits(
      await predictChurnParallel(forest, scoring, { workers: 3, minRowsPerWorker: 1 }),
      expected,
    );
  });

  it('reuses kept workers across models: never predicts with the previous model', async () => {
    const other = trainChurnModel(training, { trees: 7, seed: 99, maxDepth: 4 });
    const options = { workers: 2, minRowsPerWorker: 1 };
    const expectedOther = predictChurn(other, scoring);
    expect(predictChurn(forest, scoring)).not.toEqual(expectedOther);
    for (const model of [forest, other, other, forest]) {
      expectSameBits(
        await predictChurnParallel(model, scoring, options),
        predictChurn(model, scoring),
      );
    }
    // A model equal in content but another object (e.g. loaded again from JSON).
    const copy = JSON.parse(JSON.stringify(other));
    expectSameBits(await predictChurnParallel(copy, scoring, options), expectedOther);
  });

  it('handles more workers than rows allow, one-row ranges and a tiny data set', async () => {
    const five = makeDataset(
      scoringBase.featureNames,
      scoringBase.columns.map((c) => c.slice(0, 5)),
    );
    expectSameBits(
      await predictChurnParallel(forest, five, { workers: 8, minRowsPerWorker: 2 }),
      predictChurn(forest, five),
    );
    expectSameBits(
      await predictChurnParallel(forest, five, { workers: 5, minRowsPerWorker: 1 }),
      predictChurn(forest, five),
    );
  });

  it('uses the calling thread for workers: 1, small inputs, logistic models', async () => {
    expectSameBits(
      await predictChurnParallel(forest, scoring, { workers: 1 }),
      predictChurn(forest, scoring),
    );
    // 4,097 rows < 2 × the default 25,000 rows per worker.
    expectSameBits(await predictChurnParallel(forest, scoring), predictChurn(forest, scoring));
    const logistic = trainChurnModel(training, { model: 'logistic' });
    expectSameBits(
      await predictChurnParallel(logistic, scoring, { workers: 2, minRowsPerWorker: 1 }),
      predictChurn(logistic, scoring),
    );
  });

  it('exposes frozen defaults', () => {
    expect(PREDICT_CHURN_PARALLEL_DEFAULTS).toEqual({ maxWorkers: 4, minRowsPerWorker: 25_000 });
    expect(Object.isFrozen(PREDICT_CHURN_PARALLEL_DEFAULTS)).toBe(true);
  });

  it('rejects bad options with INVALID_OPTION naming the option', async () => {
    for (const [options, field] of [
      [{ workers: 0 }, 'workers'],
      [{ workers: 1.5 }, 'workers'],
      [{ workers: Number.NaN }, 'workers'],
      [{ minRowsPerWorker: 0 }, 'minRowsPerWorker'],
      [{ threads: 2 }, 'threads'],
    ] as const) {
      const result = await outcome(() => predictChurnParallel(forest, scoring, options as never));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('INVALID_OPTION');
        expect(result.error.field).toBe(field);
      }
    }
  });

  it('checks data on the calling thread: missing feature, NaN, bad model', async () => {
    const missing = makeDataset(['recency'], [scoringBase.columns[0]!]);
    const a = await outcome(() =>
      predictChurnParallel(forest, missing, { workers: 2, minRowsPerWorker: 1 }),
    );
    expect(a.ok || a.error.field).toBe('featureNames');

    const columns = scoringBase.columns.map((c) => Float64Array.from(c));
    columns[1]![4_000] = Number.NaN;
    const nonFinite = makeDataset(scoringBase.featureNames, columns);
    const b = await outcome(() =>
      predictChurnParallel(forest, nonFinite, { workers: 2, minRowsPerWorker: 1 }),
    );
    expect(b.ok || [b.error.code, b.error.row]).toEqual(['INVALID_ARGUMENT', 4_001]);

    const c = await outcome(() => predictChurnParallel({ kind: 'nope' } as never, scoring));
    expect(c.ok || [c.error.code, c.error.field]).toEqual(['INVALID_OPTION', 'model']);
  });
});
