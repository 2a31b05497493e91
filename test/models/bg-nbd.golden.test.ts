import { describe, expect, it } from 'vitest';
import {
  type BgNbdFit,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  probabilityOfPurchases,
} from '../../src/models/bg-nbd/index.js';
import { type CustomerSummary, summaryFromColumns } from '../../src/summary/index.js';
import { hasDataFile, readDataFile } from '../helpers/data.js';

// Figures from ../shared/REFERENCE.md, "BG/NBD — CDNOW": Fader, Hardie & Lee (2005), "Counting
// your customers the easy way", on cdnow_customers_summary.csv (weeks).
const MLE = { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 };
const ROUNDED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** A fit holding given parameters (for scoring at the published values). */
function fitWith(params: BgNbdFit['params']): BgNbdFit {
  return {
    kind: 'bg-nbd',
    schemaVersion: 1,
    params,
    timeUnit: 'week',
    logLikelihood: 0,
    standardErrors: undefined,
    diagnostics: {
      converged: true,
      iterations: 0,
      gradientNorm: 0,
      message: '',
      customers: 0,
      distinctRows: 0,
      warnings: [],
    },
  };
}

const relativeError = (actual: number, expected: number) =>
  Math.abs(actual - expected) / Math.abs(expected);

function cdnow(): CustomerSummary {
  const lines = readDataFile('cdnow_customers_summary.csv').trim().split('\n');
  expect(lines[0]).toBe('ID,frequency,recency,T');
  const ids: string[] = [];
  const frequency: number[] = [];
  const recency: number[] = [];
  const T: number[] = [];
  for (const line of lines.slice(1)) {
    const [id, x, tx, age] = line.split(',');
    ids.push(id!);
    frequency.push(Number(x));
    recency.push(Number(tx));
    T.push(Number(age));
  }
  return summaryFromColumns({ ids, frequency, recency, T, unit: 'week' });
}

describe.skipIf(!hasDataFile('cdnow_customers_summary.csv'))(
  'BG/NBD on CDNOW (REFERENCE.md)',
  () => {
    it('fits r, α, a, b within 1e-4 relative of the MLE, log-likelihood within 1e-3', () => {
      const fit = fitBgNbd(cdnow());
      for (const name of ['r', 'alpha', 'a', 'b'] as const) {
        expect(relativeError(fit.params[name], MLE[name])).toBeLessThan(1e-4);
      }
      expect(Math.abs(fit.logLikelihood - -9582.42556)).toBeLessThan(1e-3);
      expect(fit.timeUnit).toBe('week');
      expect(fit.diagnostics.converged).toBe(true);
      expect(fit.diagnostics.warnings).toEqual([]);
      expect(fit.diagnostics.customers).toBe(2357);
      expect(fit.diagnostics.distinctRows).toBeLessThan(2357); // identical rows were merged
      expect(fit.standardErrors).toBeDefined();
    });

    it('standard errors are the inverse-Hessian ones (mpmath, central differences of eq. 6)', () => {
      // sqrt(diag(inv(−H))) of the summed eq. 6 log-likelihood (written out term by term with
      // mpmath's loggamma) at the fitted optimum, H by mpmath.diff at 40 digits (mpmath 1.3.0).
      const fit = fitBgNbd(cdnow());
      const se = fit.standardErrors!;
      expect(relativeError(se.r, 0.01255731958)).toBeLessThan(1e-8);
      expect(relativeError(se.alpha, 0.3782214155)).toBeLessThan(1e-8);
      expect(relativeError(se.a, 0.1857191431)).toBeLessThan(1e-8);
      expect(relativeError(se.b, 0.7053457551)).toBeLessThan(1e-8);
    });

    it('unconditional E[X(t)] for t = 0.1429 … 78 weeks within 1e-5 relative (eq. 9)', () => {
      const t = [0.1429, 1, 3, 31.8571, 32, 78];
      const expected = [0.0078161, 0.0531847, 0.1506319, 1.040494, 1.043737, 1.857972];
      const actual = expectedPurchases(fitWith(MLE), t);
      actual.forEach((value, i) => {
        expect(relativeError(value, expected[i]!)).toBeLessThan(1e-5);
      });
    });

    it('conditional E[X(39) | x = 2, t_x = 30.43, T = 38.86] = 1.225910 (eq. 10)', () => {
      const one = summaryFromColumns({
        ids: ['1'],
        frequency: [2],
        recency: [30.43],
        T: [38.86],
        unit: 'week',
      });
      const [value] = conditionalExpectedPurchases(fitWith(MLE), one, 39);
      expect(relativeError(value!, 1.22591)).toBeLessThan(1e-6);
    });

    it('P(X(t) = n) (eq. 8) at the MLE and at the rounded parameters', () => {
      const [ten, none] = probabilityOfPurchases(fitWith(MLE), [10, 0], [2, 39]);
      expect(relativeError(ten!, 1.076828e-7)).toBeLessThan(1e-6);
      expect(relativeError(none!, 0.5743073)).toBeLessThan(1e-6);
      const [tenRounded, noneRounded] = probabilityOfPurchases(fitWith(ROUNDED), [10, 0], [2, 39]);
      expect(relativeError(tenRounded!, 1.07869e-7)).toBeLessThan(1e-5);
      expect(relativeError(noneRounded!, 0.5737864)).toBeLessThan(1e-6);
    });

    it('scoring at the fitted parameters agrees with scoring at the published MLE to 1e-5', () => {
      const fit = fitBgNbd(cdnow());
      const t = [1, 39, 78];
      const fitted = expectedPurchases(fit, t);
      const published = expectedPurchases(fitWith(MLE), t);
      fitted.forEach((value, i) => {
        expect(relativeError(value, published[i]!)).toBeLessThan(1e-5);
      });
    });
  },
);
