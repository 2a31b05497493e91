import { describe, expect, it } from 'vitest';
import {
  type BgBbFit,
  bgBbConditionalExpectedPurchases,
  bgBbExpectedPurchases,
  bgBbFrequencyDistribution,
  bgBbLogLikelihood,
  bgBbProbabilityAlive,
  fitBgBb,
  type OpportunitySummary,
  opportunitySummaryFromColumns,
} from '../../src/models/bg-bb/index.js';
import { expectClose } from '../helpers/assert.js';
import { hasDataFile, readDataFile, total } from '../helpers/data.js';

// Figures from ../shared/REFERENCE.md, "BG/BB — donations": Fader, Hardie & Shang (2010),
// "Customer-base analysis in a discrete-time noncontractual setting", on donations.csv (22
// patterns, 11,104 donors, n = 6 yearly opportunities).
const MLE = { alpha: 1.2035224, beta: 0.7497164, gamma: 0.6567182, delta: 2.7834422 };

function fitWith(params: BgBbFit['params']): BgBbFit {
  return {
    kind: 'bg-bb',
    schemaVersion: 1,
    params,
    timeUnit: 'year',
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

function donations(): OpportunitySummary {
  const lines = readDataFile('donations.csv').trim().split('\n');
  expect(lines[0]).toBe('frequency,recency,periods,weights');
  const rows = lines.slice(1).map((line) => line.split(',').map(Number));
  return opportunitySummaryFromColumns({
    frequency: rows.map((r) => r[0]!),
    recency: rows.map((r) => r[1]!),
    periods: rows.map((r) => r[2]!),
    weights: rows.map((r) => r[3]!),
    unit: 'year',
  });
}

describe.skipIf(!hasDataFile('donations.csv'))('BG/BB on the donations data (REFERENCE.md)', () => {
  it('fits α, β, γ, δ within 1e-4 relative of the published MLE', () => {
    const summary = donations();
    expect(total(summary.weights!)).toBe(11104);
    const fit = fitBgBb(summary);
    for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) {
      expectClose(fit.params[name], MLE[name], 1e-4);
    }
    // The exact optimum (mpmath findroot on the gradient of the summed log-likelihood, 30
    // digits): 1e-9 relative.
    expectClose(fit.params.alpha, 1.20352235160191, 1e-9);
    expectClose(fit.params.beta, 0.749716358172939, 1e-9);
    expectClose(fit.params.gamma, 0.656718208441832, 1e-9);
    expectClose(fit.params.delta, 2.78344223257738, 1e-9);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.warnings).toEqual([]);
    expect(fit.diagnostics.customers).toBe(11104);
    expect(fit.diagnostics.distinctRows).toBe(22);
    expect(fit.timeUnit).toBe('year');
    // ln L at the optimum (mpmath 1.3.0, 30 digits, the likelihood term by term).
    expectClose(fit.logLikelihood, -33225.58127434701, 1e-12);
    expectClose(bgBbLogLikelihood(MLE, summary), -33225.58127434701, 1e-9);
  });

  it('standard errors are the inverse-Hessian ones', () => {
    // sqrt(diag(inv(−H))) at the optimum, H by mpmath.diff of the log-likelihood summed term by
    // term (mpmath 1.3.0, 30 digits).
    const se = fitBgBb(donations()).standardErrors!;
    expectClose(se.alpha, 0.0693913623889, 1e-8);
    expectClose(se.beta, 0.0294477166604, 1e-8);
    expectClose(se.gamma, 0.0510098589564, 1e-8);
    expectClose(se.delta, 0.320819003043, 1e-8);
  });

  it('P(alive) at n + 1 = 7 and at n = 6 for (x, t_x) = (0, 0), (2, 4), (6, 6)', () => {
    const three = opportunitySummaryFromColumns({
      frequency: [0, 2, 6],
      recency: [0, 4, 6],
      periods: 6,
      unit: 'year',
    });
    const next = bgBbProbabilityAlive(fitWith(MLE), three);
    [0.10813, 0.58966, 0.93043].forEach((p, i) => {
      expectClose(next[i]!, p, 5e-5);
    });
    const now = bgBbProbabilityAlive(fitWith(MLE), three, { periodsAhead: 0 });
    [0.11622, 0.63374, 1].forEach((p, i) => {
      expectClose(now[i]!, p, 5e-5);
    });
    // and at the fitted parameters
    const fitted = bgBbProbabilityAlive(fitBgBb(donations()), three);
    [0.10813, 0.58966, 0.93043].forEach((p, i) => {
      expectClose(fitted[i]!, p, 5e-5);
    });
  });

  it('Σ weights × E[transactions in the next 5 periods] = 12884.157', () => {
    const summary = donations();
    const expected = bgBbConditionalExpectedPurchases(fitWith(MLE), summary, 5);
    let sum = 0;
    for (let i = 0; i < expected.length; i++) sum += expected[i]! * summary.weights![i]!;
    expectClose(sum, 12884.157, 1e-7);
    const fitted = bgBbConditionalExpectedPurchases(fitBgBb(summary), summary, 5);
    let sumFitted = 0;
    for (let i = 0; i < fitted.length; i++) sumFitted += fitted[i]! * summary.weights![i]!;
    expectClose(sumFitted, 12884.157, 1e-6);
  });

  it('expected numbers of donors with 0 and 6 repeat donations: 3454.882 and 1253.114', () => {
    const p = bgBbFrequencyDistribution(fitWith(MLE), 6);
    expectClose(11104 * p[0]!, 3454.882, 1e-6);
    expectClose(11104 * p[6]!, 1253.114, 1e-6);
    // The rest of the histogram (mpmath, P(X(n) = x) at the published MLE).
    const rest = [1888.65437, 1348.882356, 1113.378553, 1017.922422, 1027.16604];
    rest.forEach((count, i) => {
      expectClose(11104 * p[i + 1]!, count, 1e-6);
    });
  });

  it('unconditional E[X(n)] and conditional E for one donor (mpmath values)', () => {
    const e = bgBbExpectedPurchases(fitWith(MLE), [1, 6, 10]);
    [0.498542686977, 2.22016933474, 3.17982901787].forEach((v, i) => {
      expectClose(e[i]!, v, 1e-10);
    });
    const one = opportunitySummaryFromColumns({
      frequency: [2, 2, 2],
      recency: [4, 4, 4],
      periods: 6,
      unit: 'year',
    });
    const fit = fitWith(MLE);
    const values = [1, 5, 10].map((m) => bgBbConditionalExpectedPurchases(fit, one, m)[0]!);
    [0.237510786897, 1.05760353447, 1.8901015066].forEach((v, i) => {
      expectClose(values[i]!, v, 1e-10);
    });
  });
});
