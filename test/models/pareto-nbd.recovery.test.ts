import { describe, expect, it } from 'vitest';
import { fitParetoNbd, simulateParetoNbd } from '../../src/models/pareto-nbd/index.js';

// Parameter recovery: 50,000 customers simulated from the Pareto/NBD process per seed, 5 seeds;
// r, α, s, β each within 10 % in every seed. CDNOW's parameters per week (Fader, Hardie & Lee
// 2005: r .55, α 10.58, s .61, β 11.67), observation lengths spread over 78–156 weeks (first
// purchases over 18 months, observed for 3 years), long enough for the dropout rates to be
// estimated to a few per cent.
const TRUE = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 } as const;
const CUSTOMERS = 50_000;

describe('Pareto/NBD parameter recovery on simulated customers', () => {
  it('recovers r, α, s, β within 10 % for 5 seeds of 50,000 customers', () => {
    const errors: string[] = [];
    let within = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const T = Array.from({ length: CUSTOMERS }, (_, i) => 78 + (78 * i) / CUSTOMERS);
      const summary = simulateParetoNbd(TRUE, {
        customers: CUSTOMERS,
        T,
        unit: 'week',
        seed: `pareto-nbd-recovery-${seed}`,
      });
      const fit = fitParetoNbd(summary);
      expect(fit.diagnostics.converged).toBe(true);
      const relative = (['r', 'alpha', 's', 'beta'] as const).map(
        (name) => fit.params[name] / TRUE[name] - 1,
      );
      if (relative.every((e) => Math.abs(e) <= 0.1)) within++;
      errors.push(relative.map((e) => e.toFixed(3)).join(' '));
    }
    expect(within, `relative errors (r α s β) per seed:\n${errors.join('\n')}`).toBe(5);
  }, 120_000);
});
