import { describe, expect, it } from 'vitest';
import { EVALUATE_HOLDOUT_DEFAULTS, evaluateHoldout } from '../../src/clv/index.js';
import { conditionalExpectedPurchases, expectedPurchases } from '../../src/models/bg-nbd/index.js';
import { summarizeTransactions, summaryFromColumns } from '../../src/summary/index.js';
import type { CustomerSummary } from '../../src/summary/types.js';
import { toTransactionColumns } from '../../src/transactions/index.js';
import type { Transaction } from '../../src/transactions/types.js';
import { cdnowSampleRows, hasDataFile } from '../helpers/data.js';
import { CDNOW_BG_NBD, expectClose, expectClvError } from './helpers.js';

// Tolerances (relative): per-customer predictions against the BG/NBD's conditional expectation
// 1e-12 (interpolated frequency groups) or 1e-14; aggregates recomputed by hand 1e-13.

const SMALL = summaryFromColumns({
  ids: ['a', 'b', 'c', 'd'],
  frequency: [0, 2, 1, 9],
  recency: [0, 30.43, 3, 35],
  T: [20, 38.86, 30, 38],
  frequencyHoldout: [0, 3, 0, 5],
  durationHoldout: [39, 39, 39, 39],
  unit: 'week',
});

describe('evaluateHoldout: per customer and aggregate', () => {
  const evaluation = evaluateHoldout(CDNOW_BG_NBD, SMALL);

  it('predicts E[Y(duration) | x, t_x, T] per customer', () => {
    const expected = conditionalExpectedPurchases(CDNOW_BG_NBD, SMALL, 39);
    for (let i = 0; i < 4; i++) expectClose(evaluation.predicted[i]!, expected[i]!, 1e-14);
    expect(Array.from(evaluation.actual)).toEqual([0, 3, 0, 5]);
    expect(evaluation.ids).toEqual(['a', 'b', 'c', 'd']);
  });

  it('MAE, RMSE, bias, totals and Pearson correlation', () => {
    const p = Array.from(evaluation.predicted);
    const a = [0, 3, 0, 5];
    const errors = p.map((v, i) => v - a[i]!);
    const { metrics } = evaluation;
    expect(metrics.customers).toBe(4);
    expect(metrics.actualTotal).toBe(8);
    expectClose(metrics.predictedTotal, p[0]! + p[1]! + p[2]! + p[3]!, 1e-14);
    expectClose(metrics.mae, errors.reduce((s, e) => s + Math.abs(e), 0) / 4, 1e-14);
    expectClose(metrics.rmse, Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / 4), 1e-14);
    expectClose(metrics.bias, errors.reduce((s, e) => s + e, 0) / 4, 1e-13);
    const mp = metrics.predictedTotal / 4;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < 4; i++) {
      sxy += (p[i]! - mp) * (a[i]! - 2);
      sxx += (p[i]! - mp) ** 2;
      syy += (a[i]! - 2) ** 2;
    }
    expectClose(metrics.correlation!, sxy / Math.sqrt(sxx * syy), 1e-13);
  });

  it('means by calibration frequency, the last group open-ended', () => {
    const grouped = evaluateHoldout(CDNOW_BG_NBD, SMALL, { frequencyCap: 2 });
    expect(Array.from(grouped.byFrequency.frequency)).toEqual([0, 1, 2]);
    expect(Array.from(grouped.byFrequency.customers)).toEqual([1, 1, 2]);
    expect(Array.from(grouped.byFrequency.meanActual)).toEqual([0, 0, 4]);
    expectClose(
      grouped.byFrequency.meanPredicted[2]!,
      (grouped.predicted[1]! + grouped.predicted[3]!) / 2,
      1e-15,
    );
    expect(EVALUATE_HOLDOUT_DEFAULTS.frequencyCap).toBe(7);
    expect(evaluation.byFrequency.frequency.length).toBe(8);
    expect(Number.isNaN(evaluation.byFrequency.meanActual[5]!)).toBe(true); // empty group
  });

  it('handles customers with different holdout durations', () => {
    const mixed = summaryFromColumns({
      ids: ['a', 'b', 'c'],
      frequency: [1, 1, 4],
      recency: [5, 5, 20],
      T: [30, 30, 30],
      frequencyHoldout: [1, 0, 2],
      durationHoldout: [10, 20, 10],
      unit: 'week',
    });
    const result = evaluateHoldout(CDNOW_BG_NBD, mixed);
    const at10 = conditionalExpectedPurchases(CDNOW_BG_NBD, mixed, 10);
    const at20 = conditionalExpectedPurchases(CDNOW_BG_NBD, mixed, 20);
    expectClose(result.predicted[0]!, at10[0]!, 1e-14);
    expectClose(result.predicted[1]!, at20[1]!, 1e-14);
    expectClose(result.predicted[2]!, at10[2]!, 1e-14);
  });

  it('a correlation of null when the actuals are constant', () => {
    const flat = summaryFromColumns({
      ids: ['a', 'b'],
      frequency: [1, 2],
      recency: [3, 4],
      T: [10, 10],
      frequencyHoldout: [1, 1],
      durationHoldout: [5, 5],
      unit: 'week',
    });
    expect(evaluateHoldout(CDNOW_BG_NBD, flat).metrics.correlation).toBeNull();
  });
});

describe('evaluateHoldout: tracking curve from the summary alone', () => {
  const evaluation = evaluateHoldout(CDNOW_BG_NBD, SMALL);
  const { tracking } = evaluation;

  it('weekly periods from the earliest first purchase to the end of the holdout', () => {
    // Oldest customer: T = 38.86; holdout 39 → 77.86 weeks → 78 periods, the last one shorter.
    expect(tracking.periodUnit).toBe('week');
    expect(tracking.periodEnd.length).toBe(78);
    expect(tracking.periodEnd[0]).toBe(1);
    expectClose(tracking.periodEnd[77]!, 77.86, 1e-14);
    expectClose(tracking.calibrationEndAt, 38.86, 1e-15);
    expect(tracking.actualCumulative).toBeUndefined();
    expect(tracking.periodEndTime).toBeUndefined();
    expect(tracking.ageResolution).toBe(0);
  });

  it('Σ_i E[X(t − s_i)], s_i placed T_i before the calibration end', () => {
    for (const j of [0, 10, 38, 39, 77]) {
      const t = tracking.periodEnd[j]! - 38.86; // relative to the calibration end
      const ages = Array.from(SMALL.T, (T) => Math.max(0, t + T));
      const expected = expectedPurchases(CDNOW_BG_NBD, ages).reduce((s, v) => s + v, 0);
      expectClose(tracking.predictedCumulative[j]!, expected, 1e-13);
    }
    let running = 0;
    for (let j = 0; j < 78; j++) {
      running += tracking.predictedIncremental[j]!;
      expectClose(running, tracking.predictedCumulative[j]!, 1e-12);
    }
  });

  it('periods of another unit, and dates when the calibration end is given', () => {
    const monthly = evaluateHoldout(CDNOW_BG_NBD, SMALL, {
      periodUnit: 'month',
      calibrationEnd: new Date('1997-09-30T00:00:00Z'),
    });
    const months = (77.86 * 7) / (365.25 / 12);
    expect(monthly.tracking.periodEnd.length).toBe(Math.ceil(months));
    expectClose(monthly.tracking.periodEnd.at(-1)!, months, 1e-14);
    const end = monthly.tracking.periodEndTime!.at(-1)!;
    expectClose(end, Date.UTC(1997, 8, 30) + 39 * 7 * 86_400_000, 1e-15);
  });
});

describe('evaluateHoldout: errors', () => {
  it('needs the holdout columns', () => {
    const noHoldout = summaryFromColumns({
      ids: ['a'],
      frequency: [1],
      recency: [1],
      T: [2],
      unit: 'week',
    });
    expectClvError(
      () => evaluateHoldout(CDNOW_BG_NBD, noHoldout),
      'MISSING_COLUMN',
      'frequencyHoldout',
    );
  });

  it('needs a calibration end with transactions', () => {
    expectClvError(
      () => evaluateHoldout(CDNOW_BG_NBD, SMALL, { transactions: [] }),
      'INVALID_OPTION',
      'calibrationEnd',
    );
  });

  it('rejects an empty summary, a wrong fit and bad options', () => {
    const empty = summaryFromColumns({
      ids: [],
      frequency: [],
      recency: [],
      T: [],
      frequencyHoldout: [],
      durationHoldout: [],
      unit: 'week',
    });
    expectClvError(() => evaluateHoldout(CDNOW_BG_NBD, empty), 'EMPTY_INPUT');
    expectClvError(
      () => evaluateHoldout({ kind: 'gamma-gamma' } as never, SMALL),
      'INVALID_ARGUMENT',
      'fit',
    );
    expectClvError(
      () => evaluateHoldout(CDNOW_BG_NBD, SMALL, { periodUnit: 'fortnight' as never }),
      'INVALID_OPTION',
      'periodUnit',
    );
    expectClvError(
      () => evaluateHoldout(CDNOW_BG_NBD, SMALL, { frequencyCap: 0 }),
      'INVALID_OPTION',
      'frequencyCap',
    );
  });
});

describe.skipIf(!hasDataFile('CDNOW_sample.txt'))(
  'evaluateHoldout: CDNOW_sample with transactions',
  () => {
    const log: Transaction[] = hasDataFile('CDNOW_sample.txt')
      ? cdnowSampleRows().map((row) => ({
          customerId: row.customer_id,
          date: new Date(
            Date.UTC(+row.date.slice(0, 4), +row.date.slice(4, 6) - 1, +row.date.slice(6, 8)),
          ),
          amount: Number(row.amount),
        }))
      : [];
    const calibrationEnd = new Date('1997-09-30T00:00:00Z');
    const observationEnd = new Date('1998-06-30T00:00:00Z');
    const totals = (summary: CustomerSummary) => {
      let x = 0;
      let holdout = 0;
      for (let i = 0; i < summary.ids.length; i++) {
        x += summary.frequency[i]!;
        holdout += summary.frequencyHoldout![i]!;
      }
      return { x, holdout };
    };

    it('elapsed weeks: actual repeat purchases add up to Σx + Σ holdout (2457 + 1882)', () => {
      const summary = summarizeTransactions(log, { unit: 'week', observationEnd, calibrationEnd });
      expect(totals(summary)).toEqual({ x: 2457, holdout: 1882 });
      const evaluation = evaluateHoldout(CDNOW_BG_NBD, summary, { transactions: log });
      const { tracking } = evaluation;
      expect(tracking.actualCumulative!.at(-1)).toBe(2457 + 1882);
      expect(evaluation.metrics.actualTotal).toBe(1882);
      // The first period starts on 1997-01-01 (the earliest first purchase) and the axis ends on
      // the observation end.
      expect(tracking.periodEndTime![0]).toBe(Date.UTC(1997, 0, 8));
      expect(tracking.periodEndTime!.at(-1)).toBe(observationEnd.getTime());
      // Up to the calibration end, the data count the calibration repeat purchases.
      let last = 0;
      while (tracking.periodEndTime![last + 1]! <= calibrationEnd.getTime()) last++;
      const repeatsBefore = tracking.actualCumulative![last]!;
      expect(repeatsBefore).toBeLessThanOrEqual(2457);
      // The model tracks the data within 15 % over the whole curve.
      expectClose(tracking.predictedCumulative.at(-1)!, 2457 + 1882, 0.15);
    });

    it('transaction columns give the same curve as transaction objects', () => {
      const summary = summarizeTransactions(log, { unit: 'week', observationEnd, calibrationEnd });
      const a = evaluateHoldout(CDNOW_BG_NBD, summary, { transactions: log });
      const b = evaluateHoldout(CDNOW_BG_NBD, summary, { transactions: toTransactionColumns(log) });
      expect(b.tracking.actualIncremental).toEqual(a.tracking.actualIncremental);
    });

    it("calendar weeks (lifetimes' convention): totals 2216 + 1788", () => {
      const summary = summarizeTransactions(log, {
        unit: 'week',
        observationEnd,
        calibrationEnd,
        mode: 'calendar',
      });
      expect(totals(summary)).toEqual({ x: 2216, holdout: 1788 });
      const evaluation = evaluateHoldout(CDNOW_BG_NBD, summary, { transactions: log });
      expect(evaluation.tracking.actualCumulative!.at(-1)).toBe(2216 + 1788);
    });

    it('a summary from columns takes the calibration end as an option', () => {
      const summary = summarizeTransactions(log, { unit: 'week', observationEnd, calibrationEnd });
      const bare = summaryFromColumns({
        ids: summary.ids,
        frequency: summary.frequency,
        recency: summary.recency,
        T: summary.T,
        frequencyHoldout: summary.frequencyHoldout!,
        durationHoldout: summary.durationHoldout!,
        unit: 'week',
      });
      const a = evaluateHoldout(CDNOW_BG_NBD, summary, { transactions: log });
      const b = evaluateHoldout(CDNOW_BG_NBD, bare, { transactions: log, calibrationEnd });
      expect(b.tracking.actualCumulative).toEqual(a.tracking.actualCumulative);
      expect(b.tracking.predictedCumulative).toEqual(a.tracking.predictedCumulative);
    });
  },
);
