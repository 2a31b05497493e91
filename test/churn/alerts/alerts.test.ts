import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHURN_ALERTS_DEFAULTS, churnAlerts } from '../../../src/churn/alerts/index.js';
import { explainChurn, trainChurnModel } from '../../../src/churn/model/index.js';
import { expectClvError } from '../../helpers/assert.js';
import { simulateChurn } from '../model/helpers.js';

describe('churnAlerts: ranking by value at risk', () => {
  const scored = {
    ids: ['a', 'b', 'c', 'd', 'e'],
    probability: [0.9, 0.6, 0.2, 0.5, 0.8],
    value: [100, 400, 900, 0, -50],
    reasons: [
      [
        { feature: 'recency', value: 40, contribution: 0.3 },
        { feature: 'frequency', value: 1, contribution: -0.1 },
        { feature: 'tenure', value: 12.3456, contribution: 0.05 },
      ],
      [],
      [],
      [],
      [],
    ],
  };

  it('keeps rows at or above both thresholds, largest probability × value first', () => {
    const result = churnAlerts(scored);
    expect(result.alerts.map((a) => a.id)).toEqual(['b', 'a', 'd']);
    expect(result.alerts.map((a) => a.rank)).toEqual([1, 2, 3]);
    expect(result.alerts.map((a) => a.valueAtRisk)).toEqual([240, 90, 0]);
    expect(result.rows).toBe(5);
    expect(result.flagged).toBe(3);
    expect(result.flaggedValueAtRisk).toBe(330);
  });

  it('keeps only rising reasons by default, in order, as structured data and one line', () => {
    const a = churnAlerts(scored).alerts.find((alert) => alert.id === 'a')!;
    expect(a.reasons.map((r) => r.feature)).toEqual(['recency', 'tenure']);
    expect(a.reasonText).toBe('recency = 40 (+0.3); tenure = 12.3 (+0.05)');
    const both = churnAlerts(scored, { risingReasonsOnly: false, maxReasons: 2 }).alerts[1]!;
    expect(both.reasonText).toBe('recency = 40 (+0.3); frequency = 1 (-0.1)');
  });

  it('applies minProbability, minValue and limit', () => {
    expect(churnAlerts(scored, { minProbability: 0.7 }).alerts.map((a) => a.id)).toEqual(['a']);
    expect(churnAlerts(scored, { minProbability: 0, minValue: 1 }).alerts.map((a) => a.id)).toEqual(
      ['b', 'c', 'a'],
    );
    const limited = churnAlerts(scored, { limit: 1 });
    expect(limited.alerts.map((a) => a.id)).toEqual(['b']);
    expect(limited.flagged).toBe(3);
    expect(CHURN_ALERTS_DEFAULTS.minProbability).toBe(0.5);
  });

  it('breaks ties by id, whatever the input order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 6 }), (order) => {
        const ids = order.map((k) => `id${k}`);
        const result = churnAlerts({
          ids,
          probability: order.map(() => 0.5),
          value: order.map((k) => (k < 3 ? 10 : 20)),
        });
        expect(result.alerts.map((a) => a.id)).toEqual(['id3', 'id4', 'id5', 'id0', 'id1', 'id2']);
      }),
    );
  });

  it('names the row and field of bad input, and rejects unknown options', () => {
    expectClvError(
      () => churnAlerts({ ids: ['a', 'b'], probability: [0.5, Number.NaN], value: [1, 2] }),
      'INVALID_ARGUMENT',
      'probability',
    );
    expectClvError(
      () => churnAlerts({ ids: ['a'], probability: [1.5], value: [1] }),
      'INVALID_ARGUMENT',
      'probability',
    );
    expectClvError(
      () => churnAlerts({ ids: ['a'], probability: [0.5], value: [Number.POSITIVE_INFINITY] }),
      'INVALID_ARGUMENT',
      'value',
    );
    expectClvError(
      () => churnAlerts({ ids: ['a', 'b'], probability: [0.5], value: [1, 2] }),
      'INVALID_ARGUMENT',
      'probability',
    );
    expectClvError(() => churnAlerts(scored, { minProbabilty: 0.5 } as never), 'INVALID_OPTION');
    expectClvError(() => churnAlerts(scored, { limit: -1 }), 'INVALID_OPTION', 'limit');
  });

  it('works on explainChurn output of a trained forest, with __proto__ as an id', () => {
    const dataset = simulateChurn(600, 7);
    const ids = dataset.ids.map((id, i) => (i === 0 ? '__proto__' : id));
    const model = trainChurnModel(dataset, { trees: 20, seed: 3 });
    const explanation = explainChurn(model, { ...dataset, ids }, { top: 3 });
    const value = Array.from(dataset.columns[2]!, (m, i) => m * (1 + dataset.columns[1]![i]!));
    const result = churnAlerts({ ...explanation, value }, { minProbability: 0.3, limit: 50 });
    expect(result.alerts.length).toBe(Math.min(50, result.flagged));
    for (let k = 1; k < result.alerts.length; k++)
      expect(result.alerts[k - 1]!.valueAtRisk).toBeGreaterThanOrEqual(
        result.alerts[k]!.valueAtRisk,
      );
    for (const alert of result.alerts) {
      expect(alert.churnProbability).toBeGreaterThanOrEqual(0.3);
      expect(alert.reasons.length).toBeLessThanOrEqual(3);
      for (const reason of alert.reasons) expect(reason.contribution).toBeGreaterThan(0);
    }
    const proto = churnAlerts({ ...explanation, value }, { minProbability: 0 }).alerts.find(
      (a) => a.id === '__proto__',
    );
    expect(proto?.id).toBe('__proto__');
  });
});
