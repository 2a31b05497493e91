import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericalHessian } from '../../src/math/index.js';
import {
  conditionalExpectedSpend,
  FIT_GAMMA_GAMMA_DEFAULTS,
  fitGammaGamma,
  type GammaGammaFit,
} from '../../src/models/gamma-gamma/index.js';
import {
  spendData,
  spendLogLikelihood,
  spendLogLikelihoodHessian,
} from '../../src/models/gamma-gamma/likelihood.js';
import { loadModel, safeLoadModel } from '../../src/models/load.js';
import { summaryFromColumns } from '../../src/summary/index.js';
import { expectClose, expectClvError } from '../clv/helpers.js';

// Tolerances (relative unless stated): closed forms against hand values 1e-15; the likelihood
// against mpmath 1e-14; analytic against numerical derivatives 1e-6; refits that should agree
// (weights, order, scale) 1e-6, the optimiser's precision.

function spendSummary(frequency: number[], monetaryValue: number[]) {
  return summaryFromColumns({
    ids: frequency.map((_, i) => `c${i}`),
    frequency,
    recency: frequency.map((x) => (x > 0 ? 1 : 0)),
    T: frequency.map(() => 52),
    monetaryValue,
    unit: 'week',
  });
}

/** A small data set with a clear optimum: 40 customers, spends around 30. */
const FREQUENCY = Array.from({ length: 40 }, (_, i) => 1 + (i % 7));
const SPEND = Array.from({ length: 40 }, (_, i) => 18 + ((i * 37) % 29) + (i % 3) * 0.25);

function fitOf(values = SPEND, frequency = FREQUENCY): GammaGammaFit {
  return fitGammaGamma(spendSummary(frequency, values));
}

describe('Gamma-Gamma likelihood (Hardie, eq. 1a)', () => {
  const data = spendData(
    new Float64Array([1, 2, 5]),
    new Float64Array([10, 20.5, 7.25]),
    new Float64Array([1, 1, 1]),
  );

  it('matches mpmath at p = 2, q = 3, v = 10 (mpmath 1.3.0, 30 digits, rounded to double)', () => {
    const gradient = new Float64Array(3);
    expectClose(spendLogLikelihood(data, 2, 3, 10, gradient), -10.489642126515728, 1e-14);
    // Derivatives by mpmath.diff of the same expression.
    expectClose(gradient[0]!, 1.3401140619900545, 1e-13);
    expectClose(gradient[1]!, -0.7173200797106024, 1e-13);
    expectClose(gradient[2]!, 0.2316640169581346, 1e-13);
  });

  it('weights count rows: a weight of 2 equals the row twice', () => {
    const doubled = spendData(
      new Float64Array([1, 1, 2, 5]),
      new Float64Array([10, 10, 20.5, 7.25]),
      new Float64Array([1, 1, 1, 1]),
    );
    const weighted = spendData(
      new Float64Array([1, 2, 5]),
      new Float64Array([10, 20.5, 7.25]),
      new Float64Array([2, 1, 1]),
    );
    expectClose(
      spendLogLikelihood(weighted, 2, 3, 10),
      spendLogLikelihood(doubled, 2, 3, 10),
      1e-15,
    );
  });

  it('the analytic Hessian agrees with a numerical one (math.numericalHessian)', () => {
    const point = [2.5, 3.5, 12];
    const analytic = spendLogLikelihoodHessian(data, point[0]!, point[1]!, point[2]!);
    const numeric = numericalHessian((theta, gradient) => {
      const value = spendLogLikelihood(data, theta[0]!, theta[1]!, theta[2]!, gradient);
      return value;
    }, point);
    for (let k = 0; k < 9; k++) expectClose(analytic[k]!, numeric[k]!, 1e-6);
  });
});

describe('conditionalExpectedSpend: exact small cases', () => {
  const fit = { kind: 'gamma-gamma', params: { p: 2, q: 3, v: 10 } } as GammaGammaFit;

  it('p(v + x z̄)/(px + q − 1), and the population mean pv/(q − 1) when x = 0', () => {
    const summary = spendSummary([1, 0, 4], [20, 999, 5]);
    // x = 1: 2·30/4 = 15; x = 0: 2·10/2 = 10 (its monetary value is ignored); x = 4: 2·30/10 = 6.
    expect(Array.from(conditionalExpectedSpend(fit, summary))).toEqual([15, 10, 6]);
  });

  it('requires q > 1 (the population mean is infinite otherwise)', () => {
    const bad = { kind: 'gamma-gamma', params: { p: 2, q: 1, v: 10 } } as GammaGammaFit;
    expectClvError(
      () => conditionalExpectedSpend(bad, spendSummary([1], [10])),
      'INVALID_ARGUMENT',
      'fit.params.q',
    );
  });

  it('rejects a fit of another kind and a summary without spend columns', () => {
    const other = { kind: 'bg-nbd', params: { p: 2, q: 3, v: 10 } } as unknown as GammaGammaFit;
    expectClvError(
      () => conditionalExpectedSpend(other, spendSummary([1], [10])),
      'INVALID_ARGUMENT',
      'fit',
    );
    expectClvError(() => conditionalExpectedSpend(fit, {} as never), 'INVALID_ARGUMENT', 'summary');
  });

  it('shrinkage: lies between the customer mean and the population mean (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 50, noNaN: true }),
        fc.double({ min: 1.01, max: 50, noNaN: true }),
        fc.double({ min: 0.01, max: 1e4, noNaN: true }),
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        (p, q, v, x, z) => {
          const f = { kind: 'gamma-gamma', params: { p, q, v } } as GammaGammaFit;
          const value = conditionalExpectedSpend(f, spendSummary([x], [z]))[0]!;
          const population = (p * v) / (q - 1);
          const lo = Math.min(population, z);
          const hi = Math.max(population, z);
          const slack = 1e-12 * hi;
          expect(value).toBeGreaterThanOrEqual(lo - slack);
          expect(value).toBeLessThanOrEqual(hi + slack);
        },
      ),
    );
  });

  it('moves toward the customer mean as x grows', () => {
    const values = conditionalExpectedSpend(
      fit,
      spendSummary([1, 10, 100, 1000], [50, 50, 50, 50]),
    );
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
    expect(values[3]!).toBeLessThan(50);
  });
});

describe('fitGammaGamma: the fit', () => {
  it('returns frozen plain data with diagnostics, and converges', () => {
    const fit = fitOf();
    expect(fit.kind).toBe('gamma-gamma');
    expect(fit.schemaVersion).toBe(1);
    expect(fit.timeUnit).toBe('week');
    expect(Object.isFrozen(fit)).toBe(true);
    expect(Object.isFrozen(fit.params)).toBe(true);
    expect(Object.isFrozen(fit.diagnostics.warnings)).toBe(true);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.customers).toBe(40);
    expect(fit.diagnostics.customersWithoutRepeat).toBe(0);
    expect(fit.penalty).toBeUndefined();
    for (const value of Object.values(fit.params)) expect(Number.isFinite(value)).toBe(true);
    expect(fit.standardErrors).toBeDefined();
  });

  it('is at a maximum: the reported log-likelihood is the best among nearby points', () => {
    const fit = fitOf();
    const data = spendData(
      Float64Array.from(FREQUENCY),
      Float64Array.from(SPEND),
      new Float64Array(40).fill(1),
    );
    const { p, q, v } = fit.params;
    expectClose(spendLogLikelihood(data, p, q, v), fit.logLikelihood, 1e-14);
    for (const [dp, dq, dv] of [
      [1.01, 1, 1],
      [0.99, 1, 1],
      [1, 1.01, 1],
      [1, 0.99, 1],
      [1, 1, 1.01],
      [1, 1, 0.99],
    ] as const) {
      expect(spendLogLikelihood(data, p * dp, q * dq, v * dv)).toBeLessThan(fit.logLikelihood);
    }
  });

  it('skips customers without repeat purchases and counts them', () => {
    const base = fitOf();
    const withZeros = fitGammaGamma(spendSummary([...FREQUENCY, 0, 0, 0], [...SPEND, 0, 0, 5]));
    expect(withZeros.params).toEqual(base.params);
    expect(withZeros.diagnostics.customersWithoutRepeat).toBe(3);
  });

  it('weights equal duplicated rows, and identical rows are merged (distinctRows)', () => {
    const doubled = fitGammaGamma(spendSummary([...FREQUENCY, ...FREQUENCY], [...SPEND, ...SPEND]));
    const weighted = fitGammaGamma(spendSummary(FREQUENCY, SPEND), {
      weights: FREQUENCY.map(() => 2),
    });
    expect(doubled.diagnostics.distinctRows).toBe(weighted.diagnostics.distinctRows);
    expect(doubled.diagnostics.customers).toBe(80);
    expect(weighted.diagnostics.customers).toBe(80);
    for (const name of ['p', 'q', 'v'] as const) {
      expectClose(weighted.params[name], doubled.params[name], 1e-12);
    }
  });

  it('does not depend on row order (fast-check permutations)', () => {
    const base = fitOf();
    fc.assert(
      fc.property(
        fc.shuffledSubarray(
          Array.from({ length: 40 }, (_, i) => i),
          { minLength: 40 },
        ),
        (order) => {
          const fit = fitOf(
            order.map((i) => SPEND[i]!),
            order.map((i) => FREQUENCY[i]!),
          );
          for (const name of ['p', 'q', 'v'] as const)
            expectClose(fit.params[name], base.params[name], 1e-6);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('is equivariant to the currency: spend × 1000 scales v by 1000, keeps p and q', () => {
    const base = fitOf();
    const scaled = fitOf(SPEND.map((z) => z * 1000));
    expectClose(scaled.params.p, base.params.p, 1e-6);
    expectClose(scaled.params.q, base.params.q, 1e-6);
    expectClose(scaled.params.v, base.params.v * 1000, 1e-6);
    // ℓ shifts by −Σ ln 1000 (the density of z̄ carries a Jacobian 1/1000).
    expectClose(scaled.logLikelihood, base.logLikelihood - 40 * Math.log(1000), 1e-9);
  });

  it('a penalty shrinks the parameters and is recorded', () => {
    const base = fitOf();
    const penalised = fitGammaGamma(spendSummary(FREQUENCY, SPEND), { penalty: 0.01 });
    expect(penalised.penalty).toBe(0.01);
    const size = (f: GammaGammaFit) => f.params.p ** 2 + f.params.q ** 2 + f.params.v ** 2;
    expect(size(penalised)).toBeLessThan(size(base));
    expect(penalised.logLikelihood).toBeLessThan(base.logLikelihood);
  });

  it('several starts keep the best optimum', () => {
    const base = fitOf();
    const multi = fitGammaGamma(spendSummary(FREQUENCY, SPEND), {
      starts: [
        { p: 1, q: 2, v: 30 },
        { p: 20, q: 20, v: 100 },
      ],
    });
    expectClose(multi.logLikelihood, base.logLikelihood, 1e-9);
  });

  it('defaults are documented in a frozen constant', () => {
    expect(Object.isFrozen(FIT_GAMMA_GAMMA_DEFAULTS)).toBe(true);
    expect(FIT_GAMMA_GAMMA_DEFAULTS.correlationThreshold).toBe(0.3);
    expect(FIT_GAMMA_GAMMA_DEFAULTS.onNonPositive).toBe('reject');
  });
});

describe('fitGammaGamma: non-positive spend and the independence check', () => {
  it('rejects zero or negative monetary values of repeat customers with their count', () => {
    const error = expectClvError(
      () => fitGammaGamma(spendSummary([...FREQUENCY, 2, 3], [...SPEND, 0, 0])),
      'INVALID_AMOUNT',
      'monetaryValue',
    );
    expect(error.message).toContain('2 customers');
    expect(error.row).toBe(41);
    expect(error.issues.length).toBe(3); // the summary issue plus one per row
  });

  it("excludes them with onNonPositive: 'exclude' and counts them", () => {
    const fit = fitGammaGamma(spendSummary([...FREQUENCY, 2, 3], [...SPEND, 0, 0]), {
      onNonPositive: 'exclude',
    });
    expect(fit.diagnostics.excludedNonPositive).toBe(2);
    expect(fit.params).toEqual(fitOf().params);
  });

  it('warns (diagnostics and onWarning) when frequency and spend are correlated', () => {
    const messages: string[] = [];
    const correlated = FREQUENCY.map((x, i) => 10 * x + (i % 5));
    const fit = fitGammaGamma(spendSummary(FREQUENCY, correlated), {
      onWarning: (message) => messages.push(message),
    });
    const rho = fit.diagnostics.frequencySpendCorrelation!;
    expect(rho).toBeGreaterThan(0.9);
    expect(fit.diagnostics.warnings.some((w) => w.includes('correlated'))).toBe(true);
    expect(messages.some((m) => m.includes(rho.toFixed(3)))).toBe(true);
  });

  it('stays quiet below the threshold, and the threshold is an option', () => {
    const fit = fitOf();
    const rho = Math.abs(fit.diagnostics.frequencySpendCorrelation!);
    expect(rho).toBeLessThan(0.3);
    expect(fit.diagnostics.warnings).toEqual([]);
    const strict = fitGammaGamma(spendSummary(FREQUENCY, SPEND), {
      correlationThreshold: rho / 2,
    });
    expect(strict.diagnostics.warnings.length).toBe(1);
  });

  it('the correlation is Pearson over the repeat customers', () => {
    const x = [1, 2, 3, 4];
    const z = [10, 12, 11, 15];
    const fit = fitGammaGamma(spendSummary([...x, 0], [...z, 100]), { correlationThreshold: 1 });
    // Hand: mean x 2.5, mean z 12; Σdxdz = 7, Σdx² = 5, Σdz² = 14 → 7/√70.
    expectClose(fit.diagnostics.frequencySpendCorrelation!, 7 / Math.sqrt(70), 1e-14);
  });
});

describe('fitGammaGamma: hard cases', () => {
  it('all x = 0 → EMPTY_INPUT', () => {
    expectClvError(
      () => fitGammaGamma(spendSummary([0, 0, 0], [0, 0, 0])),
      'EMPTY_INPUT',
      'frequency',
    );
  });

  it('an empty summary → EMPTY_INPUT', () => {
    expectClvError(() => fitGammaGamma(spendSummary([], [])), 'EMPTY_INPUT');
  });

  it('one customer: the likelihood has no finite maximum — finite values, converged false, a warning', () => {
    const summary = spendSummary([3], [25]);
    const messages: string[] = [];
    const fit = fitGammaGamma(summary, { onWarning: (m) => messages.push(m) });
    for (const value of Object.values(fit.params)) expect(Number.isFinite(value)).toBe(true);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    expect(fit.diagnostics.converged).toBe(false);
    expect(messages.some((m) => m.includes('diverge'))).toBe(true);
    expect(conditionalExpectedSpend(fit, summary)[0]!).toBeGreaterThan(0);
    // With a penalty the optimum exists.
    const penalised = fitGammaGamma(summary, { penalty: 0.01 });
    expect(penalised.diagnostics.converged).toBe(true);
    expect(Number.isFinite(conditionalExpectedSpend(penalised, summary)[0]!)).toBe(true);
  });

  it('huge spend (1e9 per purchase) and huge x fit without overflow', () => {
    const fit = fitOf(
      SPEND.map((z) => z * 1e9),
      FREQUENCY.map((x) => x * 100),
    );
    expect(fit.diagnostics.converged).toBe(true);
    for (const value of Object.values(fit.params)) expect(Number.isFinite(value)).toBe(true);
    const spend = conditionalExpectedSpend(fit, spendSummary([700], [3e10]));
    expect(Number.isFinite(spend[0]!)).toBe(true);
  });

  it('rejects bad options and summaries', () => {
    const summary = spendSummary(FREQUENCY, SPEND);
    expectClvError(
      () => fitGammaGamma(summary, { onNonPositive: 'drop' as never }),
      'INVALID_OPTION',
      'onNonPositive',
    );
    expectClvError(
      () => fitGammaGamma(summary, { correlationThreshold: 2 }),
      'INVALID_OPTION',
      'correlationThreshold',
    );
    expectClvError(() => fitGammaGamma(summary, { penalty: -1 }), 'INVALID_OPTION', 'penalty');
    expectClvError(() => fitGammaGamma(summary, { weights: [1] }), 'INVALID_OPTION', 'weights');
    expectClvError(
      () => fitGammaGamma(summary, { starts: [{ p: 0, q: 1, v: 1 }] }),
      'INVALID_OPTION',
      'starts[0].p',
    );
    expectClvError(() => fitGammaGamma(null as never), 'INVALID_ARGUMENT', 'summary');
  });
});

describe('fitGammaGamma: JSON round trip through loadModel', () => {
  it('is exact', () => {
    const fit = fitGammaGamma(spendSummary([...FREQUENCY, 0], [...SPEND, 0]), { penalty: 0.001 });
    const loaded = loadModel(JSON.parse(JSON.stringify(fit)), { kind: 'gamma-gamma' });
    expect(loaded).toEqual(fit);
    expect(loaded.params.v).toBe(fit.params.v);
    expect(Object.isFrozen(loaded)).toBe(true);
  });

  it('keeps a null correlation and absent standard errors', () => {
    const fit = fitGammaGamma(spendSummary([2, 2, 2, 2], [10, 12, 9, 30]), {
      standardErrors: false,
    });
    expect(fit.diagnostics.frequencySpendCorrelation).toBeNull();
    expect(fit.standardErrors).toBeUndefined();
    const loaded = loadModel(JSON.parse(JSON.stringify(fit)));
    expect(loaded).toEqual(fit);
  });

  it('rejects a damaged model with INVALID_MODEL', () => {
    const json = JSON.parse(JSON.stringify(fitOf()));
    json.params.q = -1;
    json.diagnostics.frequencySpendCorrelation = 3;
    const result = safeLoadModel(json);
    expect(result.success).toBe(false);
    if (!result.success) {
      const fields = result.error.issues.map((issue) => issue.field);
      expect(fields).toContain('params.q');
      expect(fields).toContain('diagnostics.frequencySpendCorrelation');
    }
  });
});
