import { describe, expect, it } from 'vitest';
import {
  COMPARABLE_MODELS,
  compareModels,
  evaluateHoldout,
  predictClv,
} from '../../src/clv/index.js';
import {
  conditionalExpectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  fitMbgNbd,
  fitParetoNbd,
  simulateParetoNbd,
} from '../../src/models/index.js';
import { summarizeTransactions, summaryFromColumns } from '../../src/summary/index.js';
import type { CustomerSummary } from '../../src/summary/types.js';
import type { Transaction } from '../../src/transactions/types.js';
import { cdnowSampleRows, hasDataFile } from '../helpers/data.js';
import { expectClose, expectClvError } from './helpers.js';

// A Pareto/NBD world observed for 78 weeks, calibration on the first 52 (T ≤ 52 at calibration
// end), with holdout columns built by hand: the holdout is 26 weeks for everyone.
function simulatedSplit(): CustomerSummary {
  const calibration = simulateParetoNbd(
    { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 },
    { customers: 3000, T: 52, unit: 'week', seed: 'compare-models' },
  );
  const n = calibration.frequency.length;
  const holdout = new Float64Array(n);
  // Crude but deterministic holdout counts: a share of the calibration rate.
  for (let i = 0; i < n; i++)
    holdout[i] = Math.round((calibration.frequency[i]! * 26) / 52 / (1 + (i % 3)));
  return summaryFromColumns({
    ids: calibration.ids,
    frequency: calibration.frequency,
    recency: calibration.recency,
    T: calibration.T,
    frequencyHoldout: holdout,
    durationHoldout: new Float64Array(n).fill(26),
    unit: 'week',
  });
}

describe('compareModels', () => {
  const summary = simulatedSplit();
  const comparison = compareModels(summary);

  it('fits every model and reports LL, AIC and BIC consistently with the fits', () => {
    expect(comparison.rows.map((row) => row.kind)).toEqual([...COMPARABLE_MODELS]);
    const direct = {
      'bg-nbd': fitBgNbd(summary),
      'pareto-nbd': fitParetoNbd(summary),
      'mbg-nbd': fitMbgNbd(summary),
    };
    const n = summary.frequency.length;
    for (const row of comparison.rows) {
      expect(row.error).toBeUndefined();
      expect(row.fit?.kind).toBe(row.kind);
      expectClose(row.logLikelihood, direct[row.kind].logLikelihood, 1e-9);
      expect(row.parameters).toBe(4);
      expectClose(row.aic, 8 - 2 * row.logLikelihood, 1e-12);
      expectClose(row.bic, 4 * Math.log(n) - 2 * row.logLikelihood, 1e-12);
    }
  });

  it('evaluates each model on the holdout with that model’s own predictions', () => {
    for (const row of comparison.rows) {
      const holdout = row.holdout!;
      const expected = conditionalExpectedPurchases(row.fit!, summary, 26);
      for (const i of [0, 7, 99, 2999]) expectClose(holdout.predicted[i]!, expected[i]!, 1e-10);
      expect(holdout.tracking.predictedCumulative.length).toBeGreaterThan(0);
    }
  });

  it('recommends the lowest holdout MAE among converged fits, and says why', () => {
    expect(comparison.criterion).toBe('holdout');
    const best = comparison.rows.find((row) => row.kind === comparison.best)!;
    for (const row of comparison.rows)
      if (row.converged)
        expect(best.holdout!.metrics.mae).toBeLessThanOrEqual(row.holdout!.metrics.mae);
    expect(comparison.reason).toContain(comparison.best);
    expect(comparison.reason).toContain('holdout mean absolute error');
  });

  it('ranks by BIC without holdout columns and by AIC on request', () => {
    const calibrationOnly = summaryFromColumns({
      ids: summary.ids,
      frequency: summary.frequency,
      recency: summary.recency,
      T: summary.T,
      unit: 'week',
    });
    const byBic = compareModels(calibrationOnly, ['bg-nbd', 'pareto-nbd']);
    expect(byBic.criterion).toBe('bic');
    expect(byBic.rows.every((row) => row.holdout === undefined)).toBe(true);
    const lowest = [...byBic.rows].sort((a, b) => a.bic - b.bic)[0]!;
    expect(byBic.best).toBe(lowest.kind);
    const byAic = compareModels(calibrationOnly, ['mbg-nbd', 'bg-nbd'], { criterion: 'aic' });
    expect(byAic.rows.map((row) => row.kind)).toEqual(['mbg-nbd', 'bg-nbd']);
    expect(byAic.reason).toContain('AIC');
  });

  it('rejects unknown or repeated models, bad options, and holdout ranking without holdout', () => {
    expectClvError(() => compareModels(summary, []), 'INVALID_ARGUMENT', 'models');
    expectClvError(
      () => compareModels(summary, ['bg-nbd', 'pareto'] as never),
      'INVALID_ARGUMENT',
      'models[1]',
    );
    expectClvError(
      () => compareModels(summary, ['bg-nbd', 'bg-nbd']),
      'INVALID_ARGUMENT',
      'models[1]',
    );
    expectClvError(() => compareModels(summary, undefined, { typo: 1 } as never), 'INVALID_OPTION');
    const noHoldout = summaryFromColumns({
      ids: ['a', 'b'],
      frequency: [1, 0],
      recency: [3, 0],
      T: [5, 5],
      unit: 'week',
    });
    expectClvError(
      () => compareModels(noHoldout, ['bg-nbd'], { criterion: 'holdout' }),
      'INVALID_OPTION',
      'criterion',
    );
  });
});

describe('predictClv and evaluateHoldout with every purchase model', () => {
  const summary = simulatedSplit();
  it('predicted purchases over the horizon equal the model’s conditional expectation', () => {
    const withSpend = summaryFromColumns({
      ids: summary.ids,
      frequency: summary.frequency,
      recency: summary.recency,
      T: summary.T,
      monetaryValue: Array.from(summary.frequency, (x, i) => (x > 0 ? 20 + (i % 17) : 0)),
      unit: 'week',
    });
    const spendFit = fitGammaGamma(withSpend);
    for (const purchaseFit of [fitParetoNbd(summary), fitMbgNbd(summary), fitBgNbd(summary)]) {
      const result = predictClv({
        purchaseFit,
        spendFit,
        summary: withSpend,
        horizon: 12,
        horizonUnit: 'month',
        discountRate: 0,
        discountUnit: 'month',
        margin: 1,
      });
      const horizonWeeks = (12 * 365.25) / 12 / 7;
      const expected = conditionalExpectedPurchases(purchaseFit, withSpend, horizonWeeks);
      for (const i of [0, 1, 5, 123, 2999])
        expectClose(result.expectedPurchases[i]!, expected[i]!, 1e-9);
      expect(evaluateHoldout(purchaseFit, summary).metrics.customers).toBe(3000);
    }
  });
});

describe.skipIf(!hasDataFile('CDNOW_sample.txt'))(
  'compareModels on CDNOW (calibration to 1997-09-30)',
  () => {
    it('fits all three models and reports finite criteria and holdout errors', () => {
      const rows: Transaction[] = cdnowSampleRows().map((row) => ({
        customerId: row.customer_id,
        date: new Date(
          Date.UTC(+row.date.slice(0, 4), +row.date.slice(4, 6) - 1, +row.date.slice(6, 8)),
        ),
        amount: Number(row.amount),
      }));
      const summary = summarizeTransactions(rows, {
        unit: 'week',
        calibrationEnd: new Date('1997-09-30T00:00:00Z'),
        observationEnd: new Date('1998-06-30T00:00:00Z'),
      });
      const comparison = compareModels(summary, COMPARABLE_MODELS, { transactions: rows });
      for (const row of comparison.rows) {
        expect(row.converged).toBe(true);
        expect(Number.isFinite(row.bic)).toBe(true);
        expect(row.holdout!.metrics.actualTotal).toBeGreaterThan(0);
        expect(row.holdout!.tracking.actualCumulative).toBeDefined();
      }
      expect(COMPARABLE_MODELS).toContain(comparison.best);
    });
  },
);
