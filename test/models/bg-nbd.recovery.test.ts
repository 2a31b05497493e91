import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../src/models/bg-nbd/index.js';
import { simulateTransactionColumns } from '../../src/simulate/index.js';
import { summarizeTransactions } from '../../src/summary/index.js';

// Parameter recovery (issue 5): 100,000 simulated customers per seed, 10 seeds; r, α, a, b each
// within 10 % in at least 9 of 10 seeds.
//
// CDNOW-like parameters per week (Fader, Hardie & Lee 2005: r .243, α 4.414, a .793, b 2.426),
// first purchases over 12 weeks, observed for 78 weeks, summarised in elapsed weeks. The elapsed
// summary merges purchases on the same UTC day into one, which undercounts heavy buyers a little:
// fits come out biased by about +1.5 % in r and +4.5 % in α here (with rates ten times lower the
// bias disappears), well inside the 10 %.
const TRUE = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } as const;
const WEEK_MS = 7 * 86_400_000;
const START = new Date('2024-01-01T00:00:00Z');
const HORIZON = 78;

function fitSeed(seed: number) {
  const log = simulateTransactionColumns({
    customers: 100_000,
    start: START,
    horizon: HORIZON,
    unit: 'week',
    bgNbd: TRUE,
    acquisition: { window: 12 },
    seed: `bg-nbd-recovery-${seed}`,
  });
  const ids = log.customers.ids;
  const customerId = Array.from(log.customerIndex, (k) => ids[k]!);
  const summary = summarizeTransactions(
    { customerId, date: log.time, amount: log.amount },
    { unit: 'week', observationEnd: new Date(START.getTime() + HORIZON * WEEK_MS) },
  );
  return fitBgNbd(summary);
}

describe('BG/NBD parameter recovery on simulated logs', () => {
  it('recovers r, α, a, b within 10 % in at least 9 of 10 seeds (100,000 customers each)', () => {
    let within = 0;
    const errors: string[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const fit = fitSeed(seed);
      expect(fit.diagnostics.converged).toBe(true);
      const relative = (['r', 'alpha', 'a', 'b'] as const).map(
        (name) => fit.params[name] / TRUE[name] - 1,
      );
      if (relative.every((e) => Math.abs(e) <= 0.1)) within++;
      errors.push(relative.map((e) => e.toFixed(3)).join(' '));
    }
    expect(
      within,
      `relative errors (r α a b) per seed:\n${errors.join('\n')}`,
    ).toBeGreaterThanOrEqual(9);
  }, 120_000);
});
