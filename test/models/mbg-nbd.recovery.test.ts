import { describe, expect, it } from 'vitest';
import { fitMbgNbd, MBG_NBD_PARAMETERS, simulateMbgNbd } from '../../src/models/mbg-nbd/index.js';

// Parameter recovery: 200,000 customers simulated from the MBG/NBD process per seed, 5 seeds,
// ages T spread evenly over 26–78 weeks, at the CDNOW MLE (Batislam, Denizel & Filiztekin 2007).
// Every parameter of every seed must come back within 10 % and within 4 of its reported standard
// errors (at this size they are 1.2–3.6 % of the values, so 10 % is about 3 standard errors for b,
// the least well pinned down, and more for the others). About 1.5 s per seed.
const TRUE = { r: 0.524838, alpha: 6.182992, a: 0.891356, b: 1.613999 } as const;
const CUSTOMERS = 200_000;
const T = Array.from({ length: CUSTOMERS }, (_, i) => 26 + (52 * i) / CUSTOMERS);

describe('MBG/NBD parameter recovery on simulated summaries', () => {
  it('recovers r, α, a, b within 10 % and 4 standard errors in each of 5 seeds', () => {
    const report: string[] = [];
    let failures = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const summary = simulateMbgNbd(TRUE, {
        customers: CUSTOMERS,
        T,
        unit: 'week',
        seed: `mbg-nbd-recovery-${seed}`,
      });
      const fit = fitMbgNbd(summary);
      expect(fit.diagnostics.converged).toBe(true);
      const se = fit.standardErrors!;
      const line = MBG_NBD_PARAMETERS.map((name) => {
        const error = fit.params[name] - TRUE[name];
        if (!(Math.abs(error) <= 0.1 * TRUE[name] && Math.abs(error) <= 4 * se[name])) failures++;
        return `${name} ${(error / TRUE[name]).toFixed(3)} (${(error / se[name]).toFixed(1)} se)`;
      });
      report.push(`seed ${seed}: ${line.join(', ')}`);
    }
    expect(failures, `relative errors per seed:\n${report.join('\n')}`).toBe(0);
  }, 120_000);
});
