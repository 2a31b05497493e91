// Reference values from test/churn/evaluate/reference.py (Python 3 standard library, exact
// rational arithmetic; scikit-learn is not installed here, so the script implements the textbook
// definitions with different algorithms: pairwise counting for the AUC, one threshold per
// distinct score for average precision, row expansion for the gains).
import { describe, expect, it } from 'vitest';
import { evaluateClassifier } from '../../../src/churn/evaluate/index.js';
import { expectClose } from '../../helpers/assert.js';
import reference from './reference.json' with { type: 'json' };

interface ReferenceCase {
  name: string;
  labels: number[];
  scores: number[];
  rocAuc: number;
  prAuc: number;
  brier: number;
  logLoss: number;
  confusion: { tp: number; fp: number; tn: number; fn: number };
  gains: {
    decile: number;
    customerShare: number;
    positives: number;
    cumulativeGain: number;
    lift: number;
    cumulativeLift: number;
  }[];
  calibration: { bin: number; count: number; meanPredicted: number; observedRate: number }[];
}

describe('evaluateClassifier against reference.py', () => {
  for (const c of reference as ReferenceCase[]) {
    describe(c.name, () => {
      const e = evaluateClassifier(c.labels, c.scores);

      it('ROC AUC exactly (an integer ratio: relative 1e-15)', () => {
        expectClose(e.rocAuc, c.rocAuc, 1e-15);
      });

      it('average precision, Brier and log-loss (relative 1e-13)', () => {
        expectClose(e.prAuc, c.prAuc, 1e-13);
        expectClose(e.brier, c.brier, 1e-13);
        expectClose(e.logLoss, c.logLoss, 1e-13);
      });

      it('confusion matrix at 0.5', () => {
        const { tp, fp, tn, fn } = e.confusion;
        expect({ tp, fp, tn, fn }).toEqual(c.confusion);
      });

      it('gains and lift by decile (relative 1e-12)', () => {
        expect(e.gains).toHaveLength(10);
        e.gains.forEach((row, k) => {
          const want = c.gains[k]!;
          expect(row.decile).toBe(want.decile);
          for (const key of [
            'customerShare',
            'positives',
            'cumulativeGain',
            'lift',
            'cumulativeLift',
          ] as const) {
            if (want[key] === 0) expect(Math.abs(row[key])).toBeLessThan(1e-12);
            else expectClose(row[key], want[key], 1e-12);
          }
        });
      });

      it('equal-width calibration bins (relative 1e-13)', () => {
        expect(e.calibration.map((b) => [b.bin, b.count])).toEqual(
          c.calibration.map((b) => [b.bin, b.count]),
        );
        e.calibration.forEach((bin, k) => {
          expectClose(bin.meanPredicted, c.calibration[k]!.meanPredicted, 1e-13);
          expectClose(bin.observedRate, c.calibration[k]!.observedRate, 1e-15);
        });
      });
    });
  }
});
