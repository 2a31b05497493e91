import { describe, expect, it } from 'vitest';
import { conditionalExpectedSpend, fitGammaGamma } from '../../src/models/gamma-gamma/index.js';
import { loadModel } from '../../src/models/load.js';
import { cdnowSpendSummary, expectClose, hasCdnowSpend } from '../clv/helpers.js';

// Golden values: ../shared/REFERENCE.md, "Gamma-Gamma spend — CDNOW" (Fader, Hardie & Lee 2005,
// "RFM and CLV"; the log-likelihood is Hardie's note on the Gamma-Gamma model, eq. 1a, which
// includes the terms px·ln x + (px − 1)·ln z̄). Tolerances: parameters relative 1e-4, the
// log-likelihood absolute 1e-3, as the issue states.

describe.skipIf(!hasCdnowSpend())('Gamma-Gamma golden: CDNOW (946 repeat customers)', () => {
  const summary = hasCdnowSpend() ? cdnowSpendSummary() : undefined;

  it('MLE p = 6.2488025, q = 3.7445885, v = 15.447748 and ℓ = −4055.92324', () => {
    const fit = fitGammaGamma(summary!);
    expectClose(fit.params.p, 6.2488025, 1e-4);
    expectClose(fit.params.q, 3.7445885, 1e-4);
    expectClose(fit.params.v, 15.447748, 1e-4);
    expect(Math.abs(fit.logLikelihood - -4055.92324)).toBeLessThan(1e-3);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.customers).toBe(946);
    expect(fit.diagnostics.customersWithoutRepeat).toBe(1411);
    expect(fit.diagnostics.warnings).toEqual([]);
    // Spend and frequency are only weakly correlated on CDNOW (no warning).
    expect(Math.abs(fit.diagnostics.frequencySpendCorrelation!)).toBeLessThan(0.3);
    for (const value of Object.values(fit.standardErrors!)) expect(value).toBeGreaterThan(0);
  });

  it('the same fit from the 946 repeat customers alone, and a JSON round trip', () => {
    const fit = fitGammaGamma(cdnowSpendSummary(true));
    expectClose(fit.params.p, 6.2488025, 1e-4);
    expect(loadModel(JSON.parse(JSON.stringify(fit)))).toEqual(fit);
  });

  it('conditional expected spend at the MLE: customer 1 (x = 2, z̄ = 22.35) and x = 0', () => {
    const fit = fitGammaGamma(summary!);
    const spend = conditionalExpectedSpend(fit, summary!);
    const { p, q, v } = fit.params;
    expectClose(spend[0]!, (p * (v + 2 * 22.35)) / (2 * p + q - 1), 1e-15);
    expectClose(spend[0]!, 24.6586, 1e-4); // at the reference MLE: 24.65862…
    const zeroIndex = summary!.frequency.indexOf(0);
    expectClose(spend[zeroIndex]!, (p * v) / (q - 1), 1e-15);
  });
});
