import { describe, expect, it } from 'vitest';
import { BG_BB_PARAMETERS, fitBgBb, simulateBgBb } from '../../src/models/bg-bb/index.js';

// Parameter recovery: cohorts simulated with simulateBgBb at the donations MLE (Fader, Hardie &
// Shang 2010) and at a second, quite different point (rare buyers, fast dropout, n = 20).
// Every fitted parameter must lie within 4 of its standard errors of the truth (a miss has
// probability below 1e-4 per parameter if the standard errors are right), and the standard
// errors must be small enough for that to mean something (below 15 % of the value).
const CASES = [
  { params: { alpha: 1.2035224, beta: 0.7497164, gamma: 0.6567182, delta: 2.7834422 }, periods: 6 },
  { params: { alpha: 0.4, beta: 2.5, gamma: 1.5, delta: 4 }, periods: 20 },
] as const;

describe('BG/BB parameter recovery on simulated cohorts', () => {
  for (const { params, periods } of CASES) {
    it(`recovers ${JSON.stringify(params)} over n = ${periods} (40,000 customers, 4 seeds)`, () => {
      for (let seed = 1; seed <= 4; seed++) {
        const summary = simulateBgBb(params, {
          customers: 40_000,
          periods,
          seed: `bg-bb-recovery-${seed}`,
        });
        const fit = fitBgBb(summary);
        expect(fit.diagnostics.converged).toBe(true);
        expect(fit.diagnostics.warnings).toEqual([]);
        const se = fit.standardErrors!;
        for (const name of BG_BB_PARAMETERS) {
          expect(se[name]).toBeLessThan(0.15 * params[name]);
          expect(Math.abs(fit.params[name] - params[name])).toBeLessThan(4 * se[name]);
        }
      }
    });
  }
});
