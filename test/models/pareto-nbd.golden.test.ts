import { beforeAll, describe, expect, it } from 'vitest';
import {
  fitParetoNbd,
  type ParetoNbdFit,
  type ParetoNbdParams,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
} from '../../src/models/pareto-nbd/index.js';
import { type CustomerSummary, summaryFromColumns } from '../../src/summary/index.js';
import { expectClose } from '../helpers/assert.js';
import { hasDataFile, readDataFile } from '../helpers/data.js';

// Figures from ../shared/REFERENCE.md, "Pareto/NBD — CDNOW": Schmittlein, Morrison & Colombo
// (1987); Fader, Hardie & Lee (2005), on cdnow_customers_summary.csv (weeks).
const MLE: ParetoNbdParams = { r: 0.553276, alpha: 10.57761, s: 0.606214, beta: 11.66791 };
const STANDARD_ERRORS: ParetoNbdParams = {
  r: 0.04762875,
  alpha: 0.8427239,
  s: 0.1872796,
  beta: 6.211029,
};
const NAMES = ['r', 'alpha', 's', 'beta'] as const;

/** A fit holding given parameters (for scoring at the published values). */
function fitWith(params: ParetoNbdParams): ParetoNbdFit {
  return {
    kind: 'pareto-nbd',
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

const one = (x: number, tx: number, T: number) =>
  summaryFromColumns({ ids: ['1'], frequency: [x], recency: [tx], T: [T], unit: 'week' });

describe.skipIf(!hasDataFile('cdnow_customers_summary.csv'))(
  'Pareto/NBD on CDNOW (REFERENCE.md)',
  () => {
    // Fitted in beforeAll: vitest runs a skipped suite's body too, and without the data file
    // reading it at collection would fail instead of skipping.
    let fit: ParetoNbdFit;
    beforeAll(() => {
      fit = fitParetoNbd(cdnow());
    });

    it('fits r, α, s, β within 1e-3 relative of the MLE, log-likelihood within 1e-2', () => {
      for (const name of NAMES) expectClose(fit.params[name], MLE[name], 1e-3);
      expect(Math.abs(fit.logLikelihood - -9594.97393)).toBeLessThan(1e-2);
      expect(fit.timeUnit).toBe('week');
      expect(fit.diagnostics.converged).toBe(true);
      expect(fit.diagnostics.warnings).toEqual([]);
      expect(fit.diagnostics.customers).toBe(2357);
      expect(fit.diagnostics.distinctRows).toBeLessThan(2357); // identical rows were merged
    });

    it('standard errors (inverse Hessian of −LL) within 1 %', () => {
      const se = fit.standardErrors!;
      for (const name of NAMES) expectClose(se[name], STANDARD_ERRORS[name], 1e-2);
    });

    it('paretoNbdLogLikelihood at the published MLE is −9594.97393 (within 1e-3)', () => {
      expect(Math.abs(paretoNbdLogLikelihood(MLE, cdnow()) - -9594.97393)).toBeLessThan(1e-3);
    });

    it('P(alive | x = 26, t_x = 30.86, T = 31) = 0.997918 and E[X(52) | same] = 25.4549', () => {
      const published = fitWith({ r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 });
      const customer = one(26, 30.86, 31);
      expectClose(paretoNbdProbabilityAlive(published, customer)[0]!, 0.997918, 1e-6);
      expectClose(
        paretoNbdConditionalExpectedPurchases(published, customer, 52)[0]!,
        25.4549,
        1e-5,
      );
    });

    it('large x stays finite and smooth: E[X(10)] at x = 132 … 900, t_x = T = 200', () => {
      const rounded = fitWith({ r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 });
      const x = [132, 133, 300, 500, 900];
      const summary = summaryFromColumns({
        ids: x.map(String),
        frequency: x,
        recency: x.map(() => 200),
        T: x.map(() => 200),
        unit: 'week',
      });
      const expected = [6.206052, 6.252872, 14.0719, 23.436, 42.1642];
      const values = paretoNbdConditionalExpectedPurchases(rounded, summary, 10);
      values.forEach((value, i) => {
        expectClose(value, expected[i]!, 1e-5);
      });
      for (const alive of paretoNbdProbabilityAlive(rounded, summary)) {
        expect(alive).toBeCloseTo(1, 6);
      }
    });
  },
);
