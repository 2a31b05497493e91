import { describe, expect, it } from 'vitest';
import {
  fitSbg,
  type SbgFit,
  sbgDerl,
  sbgProjectSurvivors,
  sbgRetentionRates,
} from '../../src/models/sbg/index.js';
import { expectClose } from '../helpers/assert.js';

// ../shared/REFERENCE.md, "Shifted-beta-geometric": Fader & Hardie (2007), "How to project
// customer retention", the "regular" cohort of 1,000 customers observed for 7 years.
const SURVIVORS = [1000, 631, 468, 382, 326, 289, 262, 241];

function fitWith(params: SbgFit['params']): SbgFit {
  return {
    kind: 'sbg',
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

describe('sBG on the "regular" cohort of Fader & Hardie (2007)', () => {
  it('fits α = 0.7040773, β = 1.182043 (1e-4 relative; the exact optimum to 1e-9)', () => {
    const fit = fitSbg({ survivors: SURVIVORS, unit: 'year' });
    expectClose(fit.params.alpha, 0.7040773, 1e-4);
    expectClose(fit.params.beta, 1.182043, 1e-4);
    // mpmath 1.3.0 (30 digits): findroot on the gradient of the log-likelihood, its value, and
    // sqrt(diag(inv(−H))) with H from mpmath.diff.
    expectClose(fit.params.alpha, 0.704077298473516, 1e-9);
    expectClose(fit.params.beta, 1.18204302620948, 1e-9);
    expectClose(fit.logLikelihood, -1680.26518846329, 1e-12);
    expectClose(fit.standardErrors!.alpha, 0.065598964234, 1e-8);
    expectClose(fit.standardErrors!.beta, 0.152475631676, 1e-8);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.warnings).toEqual([]);
    expect(fit.diagnostics.customers).toBe(1000);
    expect(fit.timeUnit).toBe('year');
  });

  it('projects survivors for years 8–12 (1000 · S(t) at the MLE) close to the observed ones', () => {
    const fit = fitSbg({ survivors: SURVIVORS, unit: 'year' });
    const projected = sbgProjectSurvivors(fit, 1000, 12);
    // 1000 · B(α, β + t)/B(α, β) at the exact MLE (mpmath, 30 digits).
    const derived = [220.084966534, 204.410786615, 191.190191019, 179.864992425, 170.037452812];
    derived.forEach((v, i) => {
      expectClose(projected[8 + i]!, v, 1e-9);
    });
    // The survivors the paper held out for years 8–12 ("regular": 223, 207, 194, 183, 173, from
    // its Table 1 as reproduced in public re-analyses; not in REFERENCE.md): the projection
    // from seven years of data stays within 2 %, as the paper reports.
    [223, 207, 194, 183, 173].forEach((v, i) => {
      expectClose(projected[8 + i]!, v, 0.02);
    });
    // and it reproduces the calibration years within 2 % too
    SURVIVORS.forEach((v, t) => {
      expectClose(projected[t]!, v, 0.02);
    });
  });

  it('retention rates r_t = (β + t − 1)/(α + β + t − 1) rise with tenure', () => {
    const rates = sbgRetentionRates(
      fitWith({ alpha: 0.704077298473516, beta: 1.18204302620948 }),
      4,
    );
    [0.626706054083875, 0.756047143131203, 0.818822568616439, 0.855902586983632].forEach((v, i) => {
      expectClose(rates[i]!, v, 1e-13);
    });
  });

  it('DERL (Fader & Hardie 2010, eq. 6) at the MLE', () => {
    // mpmath: B(α, β + n)/B(α, β + n − 1) · hyp2f1(1, β + n, α + β + n, 1/(1 + d)),
    // n = renewals + 1.
    const fit = fitWith({ alpha: 0.704077298473516, beta: 1.18204302620948 });
    expectClose(sbgDerl(fit, { discountRate: 0.1 }), 2.96439927026332, 1e-12);
    expectClose(sbgDerl(fit, { discountRate: 0.1, renewals: 4 }), 5.89409536138086, 1e-12);
    expectClose(sbgDerl(fit, { discountRate: 0.05, renewals: 10 }), 11.9000217581519, 1e-12);
  });
});
