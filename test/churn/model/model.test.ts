import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../../src/churn/evaluate/index.js';
import { binColumn } from '../../../src/churn/model/forest.js';
import {
  aliveBaseline,
  backtest,
  compareClvPredictions,
  crossValidate,
  explainChurn,
  featureImportance,
  loadChurnModel,
  loadClvRegressor,
  predictChurn,
  predictClvRegressor,
  recencyBaseline,
  trainChurnModel,
  trainClvRegressor,
} from '../../../src/churn/model/index.js';
import { expectClose, expectClvError } from '../../helpers/assert.js';
import { makeDataset, pairAuc, simulateChurn } from './helpers.js';

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value));
const train = simulateChurn(1500, 11);
const holdout = simulateChurn(1500, 12, Date.UTC(2024, 6, 1));

describe('binColumn', () => {
  it('keeps few distinct values apart with midpoint thresholds', () => {
    const { codes, thresholds } = binColumn(new Float64Array([3, 1, 2, 2, 1]), 255);
    expect(Array.from(thresholds)).toEqual([1.5, 2.5]);
    expect(Array.from(codes)).toEqual([2, 0, 1, 1, 0]);
  });
  it('caps the bins and never splits a run of equal values', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i < 500 ? 0 : i));
    const { codes, thresholds } = binColumn(values, 10);
    expect(thresholds.length).toBeLessThanOrEqual(9);
    expect(new Set(Array.from(codes.subarray(0, 500)))).toEqual(new Set([0]));
    for (let i = 1; i < values.length; i++) expect(codes[i]!).toBeGreaterThanOrEqual(codes[i - 1]!);
  });
});

describe('trainChurnModel (random forest)', () => {
  it('a single-split tree learns a step function exactly', () => {
    const x = Array.from({ length: 40 }, (_, i) => i);
    const labels = x.map((v) => (v >= 20 ? 1 : 0));
    const data = makeDataset(['x'], [x], labels);
    const model = trainChurnModel(data, { trees: 1, maxDepth: 1, minLeafSize: 1, seed: 5 });
    if (model.model !== 'random-forest') throw new Error('forest expected');
    const tree = model.trees[0]!;
    expect(tree.feature).toEqual([0, -1, -1]);
    expect(tree.threshold[0]).toBe(19.5);
    expect([tree.value[1], tree.value[2]]).toEqual([0, 1]);
    expect(Array.from(predictChurn(model, data))).toEqual(labels);
  });

  it('a perfectly separable set gets ROC AUC 1', () => {
    const x = Array.from({ length: 60 }, (_, i) => (i * 37) % 60);
    const noise = Array.from({ length: 60 }, (_, i) => (i * 13) % 7);
    const labels = x.map((v) => (v < 25 ? 1 : 0));
    const data = makeDataset(['x', 'noise'], [x, noise], labels);
    const model = trainChurnModel(data, { trees: 25, seed: 1, minLeafSize: 1 });
    expect(rocAuc(labels, predictChurn(model, data))).toBe(1);
    expect(pairAuc(labels, predictChurn(model, data))).toBe(1);
  });

  it('is deterministic: same seed, same model bit for bit; another seed differs', () => {
    const a = trainChurnModel(train, { trees: 10, seed: 42 });
    const b = trainChurnModel(train, { trees: 10, seed: 42 });
    const c = trainChurnModel(train, { trees: 10, seed: 43 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('learns the simulated signal and beats chance on a later holdout', () => {
    const model = trainChurnModel(train, { trees: 50, seed: 1 });
    expect(rocAuc(holdout.labels!, predictChurn(model, holdout))).toBeGreaterThan(0.8);
  });

  it('round-trips through JSON with identical predictions', () => {
    const model = trainChurnModel(train, { trees: 15, seed: 3 });
    const loaded = loadChurnModel(roundTrip(model));
    expect(loaded).toStrictEqual(model);
    expect(Object.isFrozen(loaded)).toBe(true);
    expect(predictChurn(loaded, holdout)).toEqual(predictChurn(model, holdout));
  });

  it('matches columns by name, whatever their order, and ignores extra columns', () => {
    const model = trainChurnModel(train, { trees: 10, seed: 3 });
    const reversed = makeDataset(
      [...holdout.featureNames].reverse().concat('extra'),
      [...holdout.columns].reverse().concat(new Float64Array(holdout.ids.length)),
    );
    expect(predictChurn(model, reversed)).toEqual(predictChurn(model, holdout));
  });

  it('probabilities stay in [0, 1] (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.boolean()), {
          minLength: 4,
          maxLength: 60,
        }),
        fc.double({ min: -1e300, max: 1e300, noNaN: true }),
        (rows, probe) => {
          const labels = rows.map(([, y]) => (y ? 1 : 0));
          fc.pre(labels.includes(0) && labels.includes(1));
          const data = makeDataset(
            ['x', 'z'],
            [rows.map(([x]) => x), rows.map((_, i) => i)],
            labels,
          );
          const model = trainChurnModel(data, { trees: 5, minLeafSize: 1, seed: 9 });
          const scoring = makeDataset(
            ['x', 'z'],
            [
              [probe, 0],
              [0, probe],
            ],
          );
          for (const p of [...predictChurn(model, data), ...predictChurn(model, scoring)])
            expect(p >= 0 && p <= 1).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('explains each row: bias + contributions = probability (Saabas)', () => {
    const model = trainChurnModel(train, { trees: 20, seed: 2 });
    const p = model.featureNames.length;
    const explanation = explainChurn(model, holdout, { top: p });
    expect(explanation.scale).toBe('probability');
    for (let i = 0; i < 50; i++) {
      const sum = explanation.reasons[i]!.reduce((s, r) => s + r.contribution, explanation.bias);
      expect(Math.abs(sum - explanation.probability[i]!)).toBeLessThan(1e-12);
    }
    const top = explainChurn(model, holdout, { top: 2, direction: 'increase' }).reasons;
    for (const reasons of top.slice(0, 50)) {
      expect(reasons.length).toBeLessThanOrEqual(2);
      for (const r of reasons) expect(r.contribution).toBeGreaterThan(0);
    }
  });

  it('drops a constant feature with a warning, or rejects it on request', () => {
    const data = makeDataset(
      [...train.featureNames, 'constant'],
      [...train.columns, new Float64Array(train.ids.length).fill(2)],
      train.labels,
    );
    const warnings: string[] = [];
    const model = trainChurnModel(data, { trees: 3, onWarning: (m) => warnings.push(m) });
    expect(model.droppedFeatures).toEqual(['constant']);
    expect(model.featureNames).not.toContain('constant');
    expect(warnings[0]).toContain('constant');
    expect(model.warnings).toEqual(warnings);
    expectClvError(
      () => trainChurnModel(data, { trees: 3, constantFeatures: 'error' }),
      'INVALID_ARGUMENT',
      'featureNames',
    );
  });
});

describe('trainChurnModel (logistic)', () => {
  it('converges, is reported, and recovers the direction of the effects', () => {
    const model = trainChurnModel(train, { model: 'logistic' });
    if (model.model !== 'logistic') throw new Error('logistic expected');
    expect(model.diagnostics.converged).toBe(true);
    expect(model.diagnostics.gradientNorm).toBeLessThan(1e-6);
    const coef = (name: string) => model.coefficients[model.featureNames.indexOf(name)]!;
    expect(coef('recency')).toBeGreaterThan(0);
    expect(coef('frequency')).toBeLessThan(0);
    expect(rocAuc(holdout.labels!, predictChurn(model, holdout))).toBeGreaterThan(0.75);
  });

  it('matches the closed form with one binary feature and no penalty', () => {
    // x = 0: 1 churner of 4; x = 1: 3 of 4. MLE: P(churn | x) = the observed rates exactly.
    const data = makeDataset(['x'], [[0, 0, 0, 0, 1, 1, 1, 1]], [1, 0, 0, 0, 1, 1, 1, 0]);
    const model = trainChurnModel(data, { model: 'logistic', penalty: 0 });
    const p = predictChurn(model, data);
    expectClose(p[0]!, 0.25, 1e-9);
    expectClose(p[4]!, 0.75, 1e-9);
  });

  it('explains in log-odds: intercept + contributions = logit(p)', () => {
    const model = trainChurnModel(train, { model: 'logistic' });
    const e = explainChurn(model, holdout, { top: model.featureNames.length });
    expect(e.scale).toBe('logit');
    for (let i = 0; i < 20; i++) {
      const eta = e.reasons[i]!.reduce((s, r) => s + r.contribution, e.bias);
      expectClose(1 / (1 + Math.exp(-eta)), e.probability[i]!, 1e-12);
    }
  });

  it('round-trips through JSON', () => {
    const model = trainChurnModel(train, { model: 'logistic', penalty: 0.01 });
    const loaded = loadChurnModel(roundTrip(model));
    expect(predictChurn(loaded, holdout)).toEqual(predictChurn(model, holdout));
  });
});

describe('bad input', () => {
  it('labels all one class', () => {
    const data = makeDataset(['x'], [[1, 2, 3]], [0, 0, 0]);
    expectClvError(() => trainChurnModel(data), 'INVALID_ARGUMENT', 'dataset.labels');
  });
  it('no labels', () => {
    expectClvError(() => trainChurnModel(makeDataset(['x'], [[1, 2]])), 'INVALID_ARGUMENT');
  });
  it('a NaN or infinite feature names the row and feature', () => {
    const data = makeDataset(
      ['x', 'y'],
      [
        [1, 2, 3],
        [1, Number.NaN, 3],
      ],
      [0, 1, 0],
    );
    const error = expectClvError(() => trainChurnModel(data), 'INVALID_ARGUMENT', 'y');
    expect(error.row).toBe(2);
    const model = trainChurnModel(makeDataset(['x'], [[1, 2, 3, 4]], [0, 1, 0, 1]), { trees: 2 });
    expectClvError(
      () => predictChurn(model, makeDataset(['x'], [[1, Number.POSITIVE_INFINITY]])),
      'INVALID_ARGUMENT',
      'x',
    );
  });
  it('mismatched feature names', () => {
    const model = trainChurnModel(train, { trees: 2 });
    const other = makeDataset(['recency', 'frequency'], [holdout.columns[0]!, holdout.columns[1]!]);
    const error = expectClvError(
      () => predictChurn(model, other),
      'INVALID_ARGUMENT',
      'featureNames',
    );
    expect(error.message).toContain('monetary');
  });
  it('duplicate feature names, empty data set, unknown options', () => {
    expectClvError(
      () =>
        trainChurnModel(
          makeDataset(
            ['x', 'x'],
            [
              [1, 2],
              [3, 4],
            ],
            [0, 1],
          ),
        ),
      'INVALID_ARGUMENT',
    );
    expectClvError(() => trainChurnModel(makeDataset(['x'], [[]], [])), 'EMPTY_INPUT');
    expectClvError(() => trainChurnModel(train, { tres: 3 } as never), 'INVALID_OPTION', 'tres');
    expectClvError(() => trainChurnModel(train, { trees: 0 }), 'INVALID_OPTION', 'trees');
    expectClvError(
      () => trainChurnModel(train, { maxFeatures: 0 }),
      'INVALID_OPTION',
      'maxFeatures',
    );
  });
  it('fewer rows (of a class) than folds', () => {
    const data = makeDataset(['recency'], [[1, 2, 3, 4]], [0, 1, 0, 1]);
    expectClvError(() => crossValidate(data, { folds: 5 }), 'INVALID_ARGUMENT', 'dataset');
    expectClvError(() => crossValidate(data, { folds: 3 }), 'INVALID_ARGUMENT', 'dataset.labels');
  });
  it('rejects malformed model JSON with INVALID_MODEL', () => {
    const model = roundTrip(trainChurnModel(train, { trees: 2 }));
    expectClvError(() => loadChurnModel({ ...model, kind: 'other' }), 'INVALID_MODEL');
    const cyclic = roundTrip(model);
    cyclic.trees[0].left[0] = 0;
    expectClvError(() => loadChurnModel(cyclic), 'INVALID_MODEL');
    const short = roundTrip(model);
    short.trees[0].value.pop();
    expectClvError(() => loadChurnModel(short), 'INVALID_MODEL');
    const bad = roundTrip(model);
    bad.trees[0].feature[0] = 99;
    expectClvError(() => loadChurnModel(bad), 'INVALID_MODEL');
  });
});

describe('baselines, cross-validation, backtest, importance', () => {
  it('recency baseline rises with recency; alive baseline is 1 − P(alive)', () => {
    const data = makeDataset(
      ['recency', 'pAlive'],
      [
        [5, 1, 5, 9],
        [0.9, 0.2, 0.5, 1],
      ],
      [1, 0, 1, 1],
    );
    // Mid-ranks 2.5, 1, 2.5, 4 of 4 rows, minus ½, over 4.
    expect(Array.from(recencyBaseline(data))).toEqual([0.5, 0.125, 0.5, 0.875]);
    expect(Array.from(aliveBaseline(data))).toEqual([1 - 0.9, 0.8, 0.5, 0]);
    const calibrated = recencyBaseline(holdout, { calibration: train });
    expect(rocAuc(holdout.labels!, calibrated)).toBe(
      rocAuc(holdout.labels!, recencyBaseline(holdout)),
    );
    expectClvError(
      () => aliveBaseline(makeDataset(['recency'], [[1]])),
      'INVALID_ARGUMENT',
      'featureNames',
    );
  });

  it('stratified cross-validation reports folds, means and the baselines', () => {
    const cv = crossValidate(train, { folds: 3, seed: 4, trees: 20 });
    expect(cv.folds).toHaveLength(3);
    expect(cv.folds.reduce((s, f) => s + f.testRows, 0)).toBe(train.ids.length);
    const mean = cv.folds.reduce((s, f) => s + f.model.rocAuc, 0) / 3;
    expectClose(cv.mean.model.rocAuc, mean, 1e-12);
    expect(cv.mean.recency).toBeDefined();
    expect(cv.mean.alive).toBeDefined();
    expect(typeof cv.beatsBaselines).toBe('boolean');
    expect(cv.message).toMatch(cv.beatsBaselines ? /beats every baseline/ : /does NOT beat/);
    expect(crossValidate(train, { folds: 3, seed: 4, trees: 20 })).toEqual(cv);
  });

  it('keeps every customer of stacked cutoffs in one fold (groupBy: customer, the default)', () => {
    // Three stacked cutoffs of the same 500 customers: ids repeat.
    const stacked = {
      ...train,
      ids: train.ids.map((_, i) => `c${i % 500}`),
    };
    const grouped = crossValidate(stacked, { folds: 4, seed: 3, trees: 5 });
    expect(grouped.groupBy).toBe('customer');
    // Each customer is tested in exactly one fold.
    expect(grouped.folds.reduce((s, f) => s + f.testCustomers, 0)).toBe(500);
    expect(grouped.folds.reduce((s, f) => s + f.testRows, 0)).toBe(1500);
    for (const f of grouped.folds) expect(f.testRows).toBe(3 * f.testCustomers);
    const byRow = crossValidate(stacked, { folds: 4, seed: 3, trees: 5, groupBy: 'row' });
    expect(byRow.groupBy).toBe('row');
    // Dealt by row, customers are split over folds.
    expect(byRow.folds.reduce((s, f) => s + f.testCustomers, 0)).toBeGreaterThan(500);
  });

  it('with one row per customer, grouping by customer changes nothing', () => {
    const options = { folds: 3, seed: 4, trees: 5 } as const;
    const { groupBy: a, ...grouped } = crossValidate(train, options);
    const { groupBy: b, ...byRow } = crossValidate(train, { ...options, groupBy: 'row' });
    expect([a, b]).toEqual(['customer', 'row']);
    expect(grouped).toEqual(byRow);
  });

  it('grouped folds: each customer in one fold, each fold holding both classes, or a clear error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 1 })), {
          minLength: 4,
          maxLength: 120,
        }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 1000 }),
        (rows, folds, seed) => {
          const data = {
            ...makeDataset(
              ['recency'],
              [rows.map((_, i) => (i * 37) % 11)],
              rows.map(([, label]) => label),
            ),
            ids: rows.map(([customer]) => `k${customer}`),
          };
          let cv: ReturnType<typeof crossValidate>;
          try {
            cv = crossValidate(data, { folds, seed, trees: 1, constantFeatures: 'drop' });
          } catch (error) {
            const field = (error as { field?: string }).field;
            expect(['dataset', 'dataset.labels', 'dataset.ids']).toContain(field);
            return;
          }
          expect(cv.folds.reduce((s, f) => s + f.testCustomers, 0)).toBe(new Set(data.ids).size);
          expect(cv.folds.reduce((s, f) => s + f.testRows, 0)).toBe(rows.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects an unknown groupBy and too few customers for the folds', () => {
    expectClvError(
      () => crossValidate(train, { groupBy: 'day' as 'row' }),
      'INVALID_OPTION',
      'groupBy',
    );
    const fewCustomers = { ...train, ids: train.ids.map((_, i) => `c${i % 3}`) };
    expectClvError(
      () => crossValidate(fewCustomers, { folds: 4 }),
      'INVALID_ARGUMENT',
      'dataset.ids',
    );
  });

  it('says plainly when the model does not beat a baseline', () => {
    // Labels follow recency alone; the model only sees noise columns (plus recency is absent
    // from its features but present for the baseline).
    const n = 400;
    const recency = Array.from({ length: n }, (_, i) => i);
    const noise = Array.from({ length: n }, (_, i) => (i * 7919) % 101);
    const labels = recency.map((r) => (r > 200 ? 1 : 0));
    const data = makeDataset(['noise', 'recency'], [noise, recency], labels);
    const model = trainChurnModel(makeDataset(['noise'], [noise], labels), { trees: 10 });
    expect(model.featureNames).toEqual(['noise']);
    const later = makeDataset(['noise', 'recency'], [noise, recency], labels, {
      cutoff: Date.UTC(2025, 0, 1),
    });
    const result = backtest(data, later, { trees: 10 });
    expect(result.evaluation.rocAuc).toBe(1); // with recency available the forest does find it
    const weak = crossValidate(makeDataset(['noise', 'recency'], [noise, recency], labels), {
      folds: 2,
      maxDepth: 1,
      trees: 1,
      maxFeatures: 1,
      seed: 2,
    });
    if (!weak.beatsBaselines) expect(weak.message).toContain('does NOT beat');
  });

  it('backtest checks the cutoffs and warns when training labels overlap the test cutoff', () => {
    expectClvError(() => backtest(holdout, train), 'INVALID_ARGUMENT', 'test.cutoff');
    const result = backtest(train, holdout, { trees: 20 });
    expect(result.evaluation.rows).toBe(holdout.ids.length);
    expect(result.baselines.recency).toBeDefined();
    expect(result.baselines.alive).toBeDefined();
    expect(result.warnings).toEqual([]); // 26 weeks after 2024-01-01 is before 2024-07-01
    const close = {
      ...holdout,
      cutoff: new Float64Array(holdout.ids.length).fill(Date.UTC(2024, 2, 1)),
    };
    expect(backtest(train, close, { trees: 5 }).warnings[0]).toContain('training labels run');
  });

  it('permutation importance ranks the signal above the noise, seeded', () => {
    const model = trainChurnModel(train, { trees: 30, seed: 1 });
    const result = featureImportance(model, holdout, { seed: 3, repeats: 3 });
    expect(result.features).toHaveLength(model.featureNames.length);
    const rank = (name: string) => result.features.findIndex((f) => f.feature === name);
    expect(rank('recency')).toBeLessThan(rank('noise1'));
    expect(rank('frequency')).toBeLessThan(rank('noise2'));
    expect(featureImportance(model, holdout, { seed: 3, repeats: 3 })).toEqual(result);
  });
});

describe('CLV regressors', () => {
  it('linear regression recovers an exact linear target', () => {
    const x = Array.from({ length: 30 }, (_, i) => i);
    const z = Array.from({ length: 30 }, (_, i) => (i * 7) % 11);
    const spend = x.map((v, i) => 3 + 2 * v - 0.5 * z[i]!);
    const data = makeDataset(['x', 'z'], [x, z], undefined, { futureSpend: spend });
    const model = trainClvRegressor(data, { model: 'linear' });
    const predicted = predictClvRegressor(model, data);
    for (let i = 0; i < 30; i++) expectClose(predicted[i]!, spend[i]!, 1e-6);
  });

  it('forest and linear models compare with a BTYD-style prediction; JSON round trip', () => {
    const forest = trainClvRegressor(train, { target: 'spend', seed: 1, trees: 30 });
    const linear = trainClvRegressor(train, { target: 'spend', model: 'linear' });
    const naive = new Float64Array(holdout.ids.length).fill(
      train.futureSpend!.reduce((s, v) => s + v, 0) / train.ids.length,
    );
    const rows = compareClvPredictions(holdout, { predictions: { forest, linear, naive } });
    expect(rows.map((r) => r.name)).toEqual(['forest', 'linear', 'naive']);
    expect(rows[0]!.rmse).toBeLessThan(rows[2]!.rmse);
    expect(rows[0]!.correlation).toBeGreaterThan(0.3);
    expect(rows[2]!.correlation).toBe(0);
    for (const model of [forest, linear]) {
      const loaded = loadClvRegressor(roundTrip(model));
      expect(predictClvRegressor(loaded, holdout)).toEqual(predictClvRegressor(model, holdout));
    }
    expectClvError(
      () => compareClvPredictions(holdout, { predictions: { short: [1, 2] } }),
      'INVALID_ARGUMENT',
      'predictions.short',
    );
    expectClvError(
      () => trainClvRegressor(makeDataset(['x'], [[1, 2]]), {}),
      'INVALID_ARGUMENT',
      'dataset.futureSpend',
    );
  });
});
