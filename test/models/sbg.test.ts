import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logBeta, numericalHessian } from '../../src/math/index.js';
import { fitSchema } from '../../src/models/load.js';
import { sbgData, sbgDataLogLikelihood } from '../../src/models/sbg/fit.js';
import {
  FIT_SBG_DEFAULTS,
  fitSbg,
  SBG_PARAMETERS,
  type SbgFit,
  type SbgParams,
  sbgClv,
  sbgDerl,
  sbgProjectSurvivors,
  sbgRetentionRates,
  sbgSurvival,
  simulateSbg,
} from '../../src/models/sbg/index.js';
import { expectClose, expectClvError } from '../helpers/assert.js';

const SURVIVORS = [1000, 631, 468, 382, 326, 289, 262, 241];
const REGULAR: SbgParams = { alpha: 0.7040773, beta: 1.182043 };

function fitWith(params: SbgParams): SbgFit {
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

/** Per-customer durations equivalent to survivor counts. */
function durationsOf(survivors: number[]): { durations: number[]; churned: boolean[] } {
  const durations: number[] = [];
  const churned: boolean[] = [];
  for (let t = 1; t < survivors.length; t++) {
    for (let k = 0; k < survivors[t - 1]! - survivors[t]!; k++) {
      durations.push(t - 1);
      churned.push(true);
    }
  }
  for (let k = 0; k < survivors.at(-1)!; k++) {
    durations.push(survivors.length - 1);
    churned.push(false);
  }
  return { durations, churned };
}

const logP = (p: SbgParams, t: number) =>
  logBeta(p.alpha + 1, p.beta + t - 1) - logBeta(p.alpha, p.beta);
const logS = (p: SbgParams, t: number) => logBeta(p.alpha, p.beta + t) - logBeta(p.alpha, p.beta);

describe('sBG likelihood', () => {
  it('survivors [10, 6, 5]: 4 ln P(T = 1) + ln P(T = 2) + 5 ln S(2)', () => {
    const p = { alpha: 0.8, beta: 2.5 };
    const g = new Float64Array(2);
    const ll = sbgDataLogLikelihood(sbgData({ survivors: [10, 6, 5], unit: 'year' }), 0.8, 2.5, g);
    expectClose(ll, 4 * logP(p, 1) + logP(p, 2) + 5 * logS(p, 2), 1e-14);
  });

  it('equals the sum over customers with mixed censoring (logBeta)', () => {
    fc.assert(
      fc.property(
        fc.record({
          alpha: fc.double({ min: 0.05, max: 30, noNaN: true }),
          beta: fc.double({ min: 0.05, max: 30, noNaN: true }),
        }),
        fc.array(fc.record({ d: fc.integer({ min: 0, max: 120 }), c: fc.boolean() }), {
          minLength: 1,
          maxLength: 30,
        }),
        (p, customers) => {
          const data = sbgData({
            durations: customers.map((c) => c.d),
            churned: customers.map((c) => c.c),
            unit: 'month',
          });
          let expected = 0;
          for (const { d, c } of customers) expected += c ? logP(p, d + 1) : logS(p, d);
          const actual = sbgDataLogLikelihood(data, p.alpha, p.beta, new Float64Array(2));
          expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-10 * (1 + Math.abs(expected)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gradient and Hessian match central differences', () => {
    const data = sbgData({
      durations: [0, 0, 1, 3, 40, 40, 7],
      churned: [1, 1, 1, 0, 1, 0, 1],
      unit: 'year',
    });
    for (const p of [
      [0.7, 1.2],
      [5, 0.3],
      [0.05, 60],
    ] as const) {
      const g = new Float64Array(2);
      const h = new Float64Array(4);
      sbgDataLogLikelihood(data, p[0], p[1], g, h);
      const numeric = numericalHessian(
        (q, grad) => sbgDataLogLikelihood(data, q[0]!, q[1]!, grad),
        p,
      );
      for (let i = 0; i < 4; i++) {
        expect(Math.abs(h[i]! - numeric[i]!)).toBeLessThan(1e-6 * (1 + Math.abs(h[i]!)));
      }
      for (let i = 0; i < 2; i++) {
        const step = 1e-6 * p[i]!;
        const up = Float64Array.from(p);
        const down = Float64Array.from(p);
        up[i]! += step;
        down[i]! -= step;
        const scratch = new Float64Array(2);
        const diff =
          (sbgDataLogLikelihood(data, up[0]!, up[1]!, scratch) -
            sbgDataLogLikelihood(data, down[0]!, down[1]!, scratch)) /
          (up[i]! - down[i]!);
        expect(Math.abs(g[i]! - diff)).toBeLessThan(1e-5 * (1 + Math.abs(g[i]!)));
      }
    }
  });
});

describe('fitSbg', () => {
  it('durations with censoring give the same fit as the equivalent survivor counts', () => {
    const bySurvivors = fitSbg({ survivors: SURVIVORS, unit: 'year' });
    const { durations, churned } = durationsOf(SURVIVORS);
    expect(durations.length).toBe(1000);
    const byDurations = fitSbg({ durations, churned, unit: 'year' });
    for (const name of SBG_PARAMETERS) {
      expectClose(byDurations.params[name], bySurvivors.params[name], 1e-12);
      expectClose(byDurations.standardErrors![name], bySurvivors.standardErrors![name], 1e-10);
    }
    expectClose(byDurations.logLikelihood, bySurvivors.logLikelihood, 1e-13);
    expect(byDurations.diagnostics.customers).toBe(1000);
    // 0/1 flags and a typed array work the same; order does not matter.
    const reversed = fitSbg({
      durations: Float64Array.from(durations).reverse(),
      churned: churned.map((c) => (c ? 1 : 0)).reverse(),
      unit: 'year',
    });
    expectClose(reversed.params.alpha, bySurvivors.params.alpha, 1e-12);
  });

  it('returns frozen plain data that survives JSON and the load schema', () => {
    const fit = fitSbg({ survivors: SURVIVORS, unit: 'year' });
    expect(fit.kind).toBe('sbg');
    expect(Object.keys(fit.params)).toEqual(['alpha', 'beta']);
    expect(Object.isFrozen(fit)).toBe(true);
    expect(Object.isFrozen(fit.diagnostics)).toBe(true);
    expect(fit.diagnostics.distinctRows).toBe(8);
    const json = JSON.parse(JSON.stringify(fit));
    expect(json).toEqual(fit);
    expect(fitSchema('sbg', SBG_PARAMETERS).parse(json)).toEqual(json);
    expect(
      fitSchema('sbg', SBG_PARAMETERS).safeParse({ ...json, params: { alpha: 1 } }).success,
    ).toBe(false);
  });

  it('penalty shrinks the parameters; starts reach the same optimum; unpenalised LL reported', () => {
    const plain = fitSbg({ survivors: SURVIVORS, unit: 'year' });
    const penalised = fitSbg({ survivors: SURVIVORS, unit: 'year' }, { penalty: 0.5 });
    expect(penalised.penalty).toBe(0.5);
    expect(penalised.params.alpha ** 2 + penalised.params.beta ** 2).toBeLessThan(
      plain.params.alpha ** 2 + plain.params.beta ** 2,
    );
    expect(penalised.logLikelihood).toBeLessThan(plain.logLikelihood);
    const started = fitSbg(
      { survivors: SURVIVORS, unit: 'year' },
      { starts: [{ alpha: 50, beta: 0.01 }, { alpha: 0.01, beta: 50 }, FIT_SBG_DEFAULTS.start] },
    );
    expectClose(started.params.alpha, plain.params.alpha, 1e-9);
    expectClose(started.params.beta, plain.params.beta, 1e-9);
  });

  it('a fit stopped early says so through onWarning', () => {
    const messages: string[] = [];
    const fit = fitSbg(
      { survivors: SURVIVORS, unit: 'year' },
      { maxIterations: 1, starts: [{ alpha: 40, beta: 0.05 }], onWarning: (m) => messages.push(m) },
    );
    expect(fit.diagnostics.converged).toBe(false);
    expect(messages[0]).toContain('did not converge');
    expect(fit.diagnostics.warnings).toEqual(messages);
  });

  it('survivors that never drop, or all lost in period 1: FIT_FAILED (not identified)', () => {
    const flat = expectClvError(
      () => fitSbg({ survivors: [100, 100, 100], unit: 'year' }),
      'FIT_FAILED',
    );
    expect(flat.message).toContain('no customer churned');
    expectClvError(
      () => fitSbg({ durations: [3, 5], churned: [false, 0], unit: 'year' }),
      'FIT_FAILED',
    );
    const first = expectClvError(
      () => fitSbg({ survivors: [100, 0, 0], unit: 'year' }),
      'FIT_FAILED',
    );
    expect(first.message).toContain('first period');
    expectClvError(
      () => fitSbg({ durations: [0, 0], churned: [1, 1], unit: 'year' }),
      'FIT_FAILED',
    );
  });

  it('survivors dropping to 0 later, one period, one customer: finite fits, warned where weak', () => {
    const zero = fitSbg({ survivors: [100, 50, 20, 0], unit: 'year' });
    for (const name of SBG_PARAMETERS) expect(Number.isFinite(zero.params[name])).toBe(true);
    expect(Number.isFinite(zero.logLikelihood)).toBe(true);
    const warned: string[] = [];
    const one = fitSbg(
      { survivors: [100, 60], unit: 'year' },
      { onWarning: (m) => warned.push(m) },
    );
    // only α/(α + β) = 0.4 is identified
    expectClose(one.params.alpha / (one.params.alpha + one.params.beta), 0.4, 1e-8);
    expect(warned.some((m) => m.includes('one period only'))).toBe(true);
    const single = fitSbg({ durations: [3], churned: [true], unit: 'year' });
    expect(Number.isFinite(single.params.alpha) && single.params.alpha > 0).toBe(true);
    expect(single.diagnostics.warnings.length).toBeGreaterThan(0);
    expect(single.diagnostics.customers).toBe(1);
  });

  it('rejects invalid input naming row, field and value', () => {
    let e = expectClvError(
      () => fitSbg({ survivors: [100, 60, 70], unit: 'year' }),
      'INVALID_ARGUMENT',
      'survivors',
    );
    expect(e.row).toBe(3);
    expect(e.value).toBe(70);
    e = expectClvError(
      () => fitSbg({ survivors: [100, 60.5], unit: 'year' }),
      'INVALID_ARGUMENT',
      'survivors',
    );
    expect(e.row).toBe(2);
    expectClvError(
      () => fitSbg({ survivors: [100, -1], unit: 'year' }),
      'INVALID_ARGUMENT',
      'survivors',
    );
    expectClvError(() => fitSbg({ survivors: [100], unit: 'year' }), 'INVALID_OPTION', 'survivors');
    expectClvError(() => fitSbg({ survivors: [0, 0], unit: 'year' }), 'EMPTY_INPUT', 'survivors');
    expectClvError(
      () => fitSbg({ survivors: [10, 5], unit: 'decade' as 'year' }),
      'INVALID_OPTION',
      'unit',
    );
    expectClvError(
      () => fitSbg({ survivors: [10, 5], durations: [1], churned: [1], unit: 'year' } as never),
      'INVALID_OPTION',
      'input',
    );
    expectClvError(() => fitSbg({ unit: 'year' } as never), 'INVALID_OPTION', 'input');
    e = expectClvError(
      () => fitSbg({ durations: [1, -2], churned: [1, 0], unit: 'year' }),
      'INVALID_ARGUMENT',
      'durations',
    );
    expect(e.row).toBe(2);
    expectClvError(
      () => fitSbg({ durations: [1, 2], churned: [1, 2 as 1], unit: 'year' }),
      'INVALID_ARGUMENT',
      'churned',
    );
    expectClvError(
      () => fitSbg({ durations: [1, 2], churned: [1], unit: 'year' }),
      'INVALID_ARGUMENT',
      'churned',
    );
    expectClvError(() => fitSbg({ durations: [], churned: [], unit: 'year' }), 'EMPTY_INPUT');
    expectClvError(
      () => fitSbg({ survivors: SURVIVORS, unit: 'year' }, { weights: [1] } as never),
      'INVALID_OPTION',
      'weights',
    );
    expectClvError(
      () => fitSbg({ survivors: SURVIVORS, unit: 'year' }, { starts: [{ alpha: 1, beta: 0 }] }),
      'INVALID_OPTION',
      'starts[0].beta',
    );
  });
});

describe('sBG curves and value', () => {
  const params = fc.record({
    alpha: fc.double({ min: Math.log(0.05), max: Math.log(50), noNaN: true }).map(Math.exp),
    beta: fc.double({ min: Math.log(0.05), max: Math.log(50), noNaN: true }).map(Math.exp),
  });

  it('retention rates rise within (0, 1); survival falls from 1 as their running product', () => {
    fc.assert(
      fc.property(params, fc.integer({ min: 0, max: 60 }), (p, periods) => {
        const fit = fitWith(p);
        const r = sbgRetentionRates(fit, periods);
        const s = sbgSurvival(fit, periods);
        expect(r.length).toBe(periods);
        expect(s.length).toBe(periods + 1);
        expect(s[0]).toBe(1);
        for (let t = 1; t <= periods; t++) {
          expect(r[t - 1]!).toBeGreaterThan(0);
          expect(r[t - 1]!).toBeLessThan(1);
          if (t > 1) expect(r[t - 1]!).toBeGreaterThan(r[t - 2]!);
          expect(s[t]!).toBeLessThanOrEqual(s[t - 1]!);
          expectClose(s[t]!, Math.exp(logS(p, t)), 1e-12);
        }
        const projected = sbgProjectSurvivors(fit, 250, periods);
        projected.forEach((v, t) => {
          expectClose(v, 250 * s[t]!, 1e-15);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('DERL (2F1 closed form) equals the truncated sum Σ_{t≥n} S(t)/S(n − 1)/(1 + d)^{t−n}', () => {
    fc.assert(
      fc.property(
        params,
        fc.double({ min: 0.02, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 60 }),
        (p, d, renewals) => {
          const n = renewals + 1;
          // terms S(t)/S(n − 1) z^(t − n) by the retention-rate recursion, until negligible
          let term = 1;
          let sum = 0;
          for (let k = 0; k < 100_000; k++) {
            term *= (p.beta + n - 1 + k) / (p.alpha + p.beta + n - 1 + k); // S(n+k)/S(n+k−1)
            sum += term;
            term /= 1 + d;
            if (term < 1e-18 * sum) break;
          }
          const derl = sbgDerl(fitWith(p), { discountRate: d, renewals });
          expect(Math.abs(derl - sum)).toBeLessThan(1e-10 * sum);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('DERL grows with tenure and falls with the discount rate; CLV = margin × DERL', () => {
    fc.assert(
      fc.property(params, fc.double({ min: 0.01, max: 0.5, noNaN: true }), (p, d) => {
        const fit = fitWith(p);
        let previous = 0;
        for (const renewals of [0, 1, 5, 20]) {
          const v = sbgDerl(fit, { discountRate: d, renewals });
          expect(v).toBeGreaterThan(previous);
          expect(v).toBeLessThan((1 + d) / d + 1e-9); // at most the value of never churning
          previous = v;
        }
        expect(sbgDerl(fit, { discountRate: d * 2 })).toBeLessThan(
          sbgDerl(fit, { discountRate: d }),
        );
        expectClose(
          sbgClv(fit, { margin: -40, discountRate: d, renewals: 3 }),
          -40 * sbgDerl(fit, { discountRate: d, renewals: 3 }),
          1e-15,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('undiscounted: (β + renewals)/(α − 1) for α > 1 (Gauss sum), Infinity for α ≤ 1', () => {
    expectClose(
      sbgDerl(fitWith({ alpha: 3, beta: 2 }), { discountRate: 0, renewals: 4 }),
      6 / 2,
      1e-12,
    );
    expect(sbgDerl(fitWith(REGULAR), { discountRate: 0 })).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects invalid fits and options', () => {
    const fit = fitWith(REGULAR);
    expectClvError(
      () => sbgSurvival({ ...fit, kind: 'bg-bb' } as never, 3),
      'INVALID_OPTION',
      'fit',
    );
    expectClvError(
      () => sbgSurvival(fitWith({ alpha: Number.NaN, beta: 1 }), 3),
      'INVALID_OPTION',
      'fit.params.alpha',
    );
    expectClvError(() => sbgRetentionRates(fit, -1), 'INVALID_OPTION', 'periods');
    expectClvError(() => sbgSurvival(fit, 1.5), 'INVALID_OPTION', 'periods');
    expectClvError(() => sbgProjectSurvivors(fit, -5, 3), 'INVALID_OPTION', 'initial');
    expectClvError(() => sbgDerl(fit, { discountRate: -0.1 }), 'INVALID_OPTION', 'discountRate');
    expectClvError(() => sbgDerl(fit, {} as never), 'INVALID_OPTION', 'discountRate');
    expectClvError(
      () => sbgDerl(fit, { discountRate: 0.1, renewals: 1.5 }),
      'INVALID_OPTION',
      'renewals',
    );
    expectClvError(
      () => sbgDerl(fit, { discountRate: 0.1, margin: 3 } as never),
      'INVALID_OPTION',
      'margin',
    );
    expectClvError(
      () => sbgClv(fit, { discountRate: 0.1, margin: Number.POSITIVE_INFINITY }),
      'INVALID_OPTION',
      'margin',
    );
  });
});

describe('simulateSbg', () => {
  it('is seeded; its survivor counts are the durations ≥ t', () => {
    const a = simulateSbg(REGULAR, { customers: 2000, periods: 7, seed: 5, unit: 'month' });
    const b = simulateSbg(REGULAR, { customers: 2000, periods: 7, seed: 5, unit: 'month' });
    expect(Array.from(a.durations)).toEqual(Array.from(b.durations));
    expect(Array.from(a.churned)).toEqual(Array.from(b.churned));
    expect(a.unit).toBe('month');
    const survivors = Array.from({ length: 8 }, (_, t) => a.durations.filter((d) => d >= t).length);
    const viaSurvivors = fitSbg({ survivors, unit: 'month' });
    const viaDurations = fitSbg(a);
    expectClose(viaDurations.params.alpha, viaSurvivors.params.alpha, 1e-10);
    for (let i = 0; i < 2000; i++) {
      if (a.churned[i] === 0) expect(a.durations[i]).toBe(7);
      else expect(a.durations[i]!).toBeLessThan(7);
    }
    expectClvError(
      () => simulateSbg(REGULAR, { customers: 10, periods: -1, seed: 1 }),
      'INVALID_OPTION',
      'periods',
    );
    expectClvError(
      () => simulateSbg({ alpha: 0, beta: 1 }, { customers: 10, periods: 1, seed: 1 }),
      'INVALID_OPTION',
      'params.alpha',
    );
  });

  it('parameter recovery: within 4 standard errors in every one of 4 seeds (20,000 customers)', () => {
    for (const truth of [REGULAR, { alpha: 3, beta: 8 }]) {
      for (let seed = 1; seed <= 4; seed++) {
        const cohort = simulateSbg(truth, { customers: 20_000, periods: 10, seed: `sbg-${seed}` });
        const fit = fitSbg(cohort);
        expect(fit.diagnostics.converged).toBe(true);
        for (const name of SBG_PARAMETERS) {
          const se = fit.standardErrors![name];
          expect(se).toBeLessThan(0.2 * truth[name]);
          expect(Math.abs(fit.params[name] - truth[name])).toBeLessThan(4 * se);
        }
      }
    }
  });
});
