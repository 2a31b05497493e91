import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logBeta, numericalHessian } from '../../src/math/index.js';
import {
  BG_BB_PARAMETERS,
  type BgBbFit,
  type BgBbParams,
  bgBbConditionalExpectedPurchases,
  bgBbExpectedPurchases,
  bgBbFrequencyDistribution,
  bgBbLogLikelihood,
  bgBbProbabilityAlive,
  FIT_BG_BB_DEFAULTS,
  fitBgBb,
  type OpportunitySummary,
  opportunitySummaryFromColumns,
  simulateBgBb,
  summarizeOpportunities,
} from '../../src/models/bg-bb/index.js';
import { bgBbDataLogLikelihood, prepareBgBbData } from '../../src/models/bg-bb/likelihood.js';
import { fitSchema } from '../../src/models/load.js';
import { expectClose, expectClvError } from '../helpers/assert.js';

const DONATIONS: BgBbParams = {
  alpha: 1.2035224,
  beta: 0.7497164,
  gamma: 0.6567182,
  delta: 2.7834422,
};

function fitWith(params: BgBbParams, timeUnit: BgBbFit['timeUnit'] = 'year'): BgBbFit {
  return {
    kind: 'bg-bb',
    schemaVersion: 1,
    params,
    timeUnit,
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

/** A small made-up cohort: n = 6, 100 customers in 8 patterns. */
function small(): OpportunitySummary {
  return opportunitySummaryFromColumns({
    frequency: [0, 1, 1, 2, 3, 4, 5, 6],
    recency: [0, 1, 6, 5, 6, 4, 6, 6],
    periods: 6,
    weights: [30, 12, 5, 8, 10, 5, 15, 15],
    unit: 'year',
  });
}

/** The likelihood of Fader, Hardie & Shang (2010) for one customer, written out with logBeta. */
function likelihoodByHand(p: BgBbParams, x: number, tx: number, n: number): number {
  const { alpha: a, beta: b, gamma: g, delta: d } = p;
  let L = Math.exp(logBeta(a + x, b + n - x) - logBeta(a, b) + logBeta(g, d + n) - logBeta(g, d));
  for (let i = 0; i <= n - tx - 1; i++) {
    L += Math.exp(
      logBeta(a + x, b + tx - x + i) - logBeta(a, b) + logBeta(g + 1, d + tx + i) - logBeta(g, d),
    );
  }
  return L;
}

describe('opportunitySummaryFromColumns', () => {
  it('builds columns, broadcasting one periods value', () => {
    const s = opportunitySummaryFromColumns({
      frequency: [0, 2],
      recency: [0, 4],
      periods: 6,
      ids: ['a', 7],
      unit: 'year',
    });
    expect(s.kind).toBe('opportunity-summary');
    expect(Array.from(s.periods)).toEqual([6, 6]);
    expect(s.ids).toEqual(['a', '7']);
    expect(s.weights).toBeUndefined();
    const rows = opportunitySummaryFromColumns({
      frequency: new Float64Array([1]),
      recency: [3],
      periods: [5],
      weights: [2.5],
      unit: 'month',
    });
    expect(Array.from(rows.weights!)).toEqual([2.5]);
  });

  it('rejects impossible rows naming row, field and value', () => {
    const base = { frequency: [1, 2], recency: [1, 3], periods: 6, unit: 'year' as const };
    let e = expectClvError(
      () => opportunitySummaryFromColumns({ ...base, frequency: [1, 4] }),
      'INVALID_ARGUMENT',
      'recency',
    );
    expect(e.row).toBe(2);
    expect(e.value).toBe(3);
    e = expectClvError(
      () => opportunitySummaryFromColumns({ ...base, frequency: [0, 2] }),
      'INVALID_ARGUMENT',
      'recency',
    );
    expect(e.row).toBe(1);
    e = expectClvError(
      () => opportunitySummaryFromColumns({ ...base, recency: [1, 7] }),
      'INVALID_ARGUMENT',
      'recency',
    );
    expect(e.message).toContain('periods (6)');
    expectClvError(
      () => opportunitySummaryFromColumns({ ...base, frequency: [1.5, 2] }),
      'INVALID_ARGUMENT',
      'frequency',
    );
    expectClvError(
      () => opportunitySummaryFromColumns({ ...base, frequency: [1, 7], recency: [1, 6] }),
      'INVALID_ARGUMENT',
      'frequency',
    );
    expectClvError(
      () => opportunitySummaryFromColumns({ ...base, periods: [6, -1] }),
      'INVALID_ARGUMENT',
      'periods',
    );
    expectClvError(
      () => opportunitySummaryFromColumns({ ...base, periods: 2.5 }),
      'INVALID_OPTION',
      'periods',
    );
    expectClvError(
      () => opportunitySummaryFromColumns({ ...base, weights: [1, -1] }),
      'INVALID_ARGUMENT',
      'weights',
    );
    expectClvError(
      () => opportunitySummaryFromColumns({ ...base, weights: [1, Number.NaN] }),
      'INVALID_ARGUMENT',
      'weights',
    );
    expectClvError(
      () => opportunitySummaryFromColumns({ ...base, recency: [1] }),
      'INVALID_ARGUMENT',
      'recency',
    );
    expectClvError(
      () => opportunitySummaryFromColumns({ ...base, unit: 'fortnight' as 'year' }),
      'INVALID_OPTION',
      'unit',
    );
    expectClvError(
      () => opportunitySummaryFromColumns({ ...base, ids: ['a', 'a'] }),
      'INVALID_ID',
      'ids',
    );
    expectClvError(
      () =>
        opportunitySummaryFromColumns({
          frequency: [1],
          periods: 6,
          unit: 'year',
        } as unknown as Parameters<typeof opportunitySummaryFromColumns>[0]),
      'MISSING_COLUMN',
      'recency',
    );
  });
});

describe('summarizeOpportunities', () => {
  it('counts distinct repeat periods, keeps the last, sorts ids; __proto__ is an ordinary id', () => {
    const s = summarizeOpportunities(
      {
        customerId: ['b', 'b', 'b', 'b', 'a', '__proto__', '__proto__', 'c'],
        period: [0, 2, 2, 5, 0, 0, 6, 0],
      },
      { periods: 6, unit: 'year' },
    );
    expect(s.ids).toEqual(['__proto__', 'a', 'b', 'c']);
    expect(Array.from(s.frequency)).toEqual([1, 0, 2, 0]);
    expect(Array.from(s.recency)).toEqual([6, 0, 5, 0]);
    expect(Array.from(s.periods)).toEqual([6, 6, 6, 6]);
    expect(s.unit).toBe('year');
    // Records need not be in order; duplicates of period 0 are harmless.
    const shuffled = summarizeOpportunities(
      { customerId: ['x', 'x', 'x', 'x'], period: [3, 0, 1, 0] },
      { periods: 3, unit: 'week' },
    );
    expect(Array.from(shuffled.frequency)).toEqual([2]);
    expect(Array.from(shuffled.recency)).toEqual([3]);
  });

  it('an empty log gives an empty summary; n = 0 allows only period 0', () => {
    const empty = summarizeOpportunities(
      { customerId: [], period: [] },
      { periods: 4, unit: 'year' },
    );
    expect(empty.frequency.length).toBe(0);
    const none = summarizeOpportunities(
      { customerId: ['a'], period: [0] },
      { periods: 0, unit: 'year' },
    );
    expect(Array.from(none.periods)).toEqual([0]);
  });

  it('rejects customers without period 0, periods out of range, bad ids and options', () => {
    const e = expectClvError(
      () =>
        summarizeOpportunities(
          { customerId: ['a', 'b', 'b'], period: [0, 1, 2] },
          { periods: 6, unit: 'year' },
        ),
      'INVALID_ARGUMENT',
      'period',
    );
    expect(e.row).toBe(2);
    expect(e.message).toContain('"b"');
    const range = expectClvError(
      () =>
        summarizeOpportunities(
          { customerId: ['a', 'a'], period: [0, 7] },
          { periods: 6, unit: 'year' },
        ),
      'INVALID_ARGUMENT',
      'period',
    );
    expect(range.row).toBe(2);
    expectClvError(
      () =>
        summarizeOpportunities({ customerId: ['a'], period: [0.5] }, { periods: 6, unit: 'year' }),
      'INVALID_ARGUMENT',
      'period',
    );
    expectClvError(
      () =>
        summarizeOpportunities(
          { customerId: ['', 'a'], period: [0, 0] },
          { periods: 6, unit: 'year' },
        ),
      'INVALID_ID',
      'customerId',
    );
    expectClvError(
      () =>
        summarizeOpportunities({ customerId: ['a'], period: [0, 1] }, { periods: 6, unit: 'year' }),
      'INVALID_ARGUMENT',
      'period',
    );
    expectClvError(
      () =>
        summarizeOpportunities({ customerId: ['a'], period: [0] }, { periods: -1, unit: 'year' }),
      'INVALID_OPTION',
      'periods',
    );
    expectClvError(
      () =>
        summarizeOpportunities({ customerId: ['a'], period: [0] }, {
          periods: 1,
          unit: 'year',
          extra: 1,
        } as unknown as { periods: number; unit: 'year' }),
      'INVALID_OPTION',
      'extra',
    );
  });

  it('fits the same as the equivalent columns (a log built from a summary)', () => {
    const summary = simulateBgBb(DONATIONS, { customers: 300, periods: 6, seed: 'log' });
    const customerId: string[] = [];
    const period: number[] = [];
    // Rebuild a log: period 0, then x periods ending at t_x (t_x itself plus x − 1 earlier ones),
    // each repeat period written twice.
    for (let i = 0; i < summary.frequency.length; i++) {
      const id = `c${String(i).padStart(4, '0')}`;
      customerId.push(id);
      period.push(0);
      const x = summary.frequency[i]!;
      const tx = summary.recency[i]!;
      for (let k = 0; k < x; k++) {
        customerId.push(id, id);
        period.push(tx - k, tx - k);
      }
    }
    const rebuilt = summarizeOpportunities({ customerId, period }, { periods: 6, unit: 'year' });
    expect(Array.from(rebuilt.frequency)).toEqual(Array.from(summary.frequency));
    expect(Array.from(rebuilt.recency)).toEqual(Array.from(summary.recency));
  });
});

describe('BG/BB likelihood', () => {
  it('n = 1, x = 0 at α = β = γ = δ = 1: ½·½ + ½ = 0.75', () => {
    const s = opportunitySummaryFromColumns({
      frequency: [0],
      recency: [0],
      periods: 1,
      unit: 'year',
    });
    expectClose(
      bgBbLogLikelihood({ alpha: 1, beta: 1, gamma: 1, delta: 1 }, s),
      Math.log(0.75),
      1e-15,
    );
  });

  it('n = 0 contributes ln 1 = 0', () => {
    const s = opportunitySummaryFromColumns({
      frequency: [0],
      recency: [0],
      periods: 0,
      unit: 'year',
    });
    expect(bgBbLogLikelihood(DONATIONS, s)).toBe(0);
  });

  it('equals the published likelihood summed customer by customer (logBeta) for random rows and parameters', () => {
    const positive = fc
      .double({ min: Math.log(0.05), max: Math.log(20), noNaN: true })
      .map(Math.exp);
    const params = fc.record({ alpha: positive, beta: positive, gamma: positive, delta: positive });
    const row = fc
      .record({
        n: fc.integer({ min: 0, max: 40 }),
        a: fc.double({ min: 0, max: 1, noNaN: true }),
        b: fc.double({ min: 0, max: 1, noNaN: true }),
        w: fc.integer({ min: 0, max: 5 }),
      })
      .map(({ n, a, b, w }) => {
        const tx = Math.floor(a * (n + 1 - 1e-9));
        const x = tx === 0 ? 0 : 1 + Math.floor(b * (tx - 1e-9));
        return { x, tx, n, w };
      });
    fc.assert(
      fc.property(params, fc.array(row, { minLength: 1, maxLength: 12 }), (p, rows) => {
        fc.pre(rows.some((r) => r.w > 0));
        const s = opportunitySummaryFromColumns({
          frequency: rows.map((r) => r.x),
          recency: rows.map((r) => r.tx),
          periods: rows.map((r) => r.n),
          weights: rows.map((r) => r.w),
          unit: 'year',
        });
        let expected = 0;
        for (const r of rows) expected += r.w * Math.log(likelihoodByHand(p, r.x, r.tx, r.n));
        const actual = bgBbLogLikelihood(p, s);
        expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-10 * (1 + Math.abs(expected)));
      }),
      { numRuns: 200 },
    );
  });

  it('gradient and Hessian match central differences (numericalHessian of the gradient)', () => {
    const s = small();
    const data = prepareBgBbData(s.frequency, s.recency, s.periods, s.weights);
    for (const p of [
      [1.2, 0.75, 0.66, 2.8],
      [0.3, 4, 1, 1.0000001],
      [7, 0.2, 0.05, 30],
    ] as const) {
      const g = new Float64Array(4);
      const h = new Float64Array(16);
      bgBbDataLogLikelihood(data, p[0], p[1], p[2], p[3], g, h);
      const objective = (q: Float64Array, grad: Float64Array) =>
        bgBbDataLogLikelihood(data, q[0]!, q[1]!, q[2]!, q[3]!, grad);
      const numeric = numericalHessian(objective, p);
      for (let i = 0; i < 16; i++) {
        expect(Math.abs(h[i]! - numeric[i]!)).toBeLessThan(1e-6 * (1 + Math.abs(h[i]!)));
      }
      // gradient against central differences of the value
      for (let i = 0; i < 4; i++) {
        const step = 1e-6 * p[i]!;
        const up = Float64Array.from(p);
        const down = Float64Array.from(p);
        up[i]! += step;
        down[i]! -= step;
        const diff =
          (bgBbDataLogLikelihood(data, up[0]!, up[1]!, up[2]!, up[3]!) -
            bgBbDataLogLikelihood(data, down[0]!, down[1]!, down[2]!, down[3]!)) /
          (up[i]! - down[i]!);
        expect(Math.abs(g[i]! - diff)).toBeLessThan(1e-5 * (1 + Math.abs(g[i]!)));
      }
    }
  });
});

describe('fitBgBb', () => {
  it('returns frozen plain data with the documented fields, and survives JSON and the schema', () => {
    const fit = fitBgBb(small());
    expect(fit.kind).toBe('bg-bb');
    expect(fit.schemaVersion).toBe(1);
    expect(Object.keys(fit.params)).toEqual([...BG_BB_PARAMETERS]);
    expect(Object.isFrozen(fit)).toBe(true);
    expect(Object.isFrozen(fit.params)).toBe(true);
    expect(Object.isFrozen(fit.diagnostics.warnings)).toBe(true);
    expect(fit.diagnostics.customers).toBe(100);
    expect(fit.diagnostics.distinctRows).toBe(8);
    const json = JSON.parse(JSON.stringify(fit));
    expect(json).toEqual(fit);
    const parsed = fitSchema('bg-bb', BG_BB_PARAMETERS).parse(json);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(fit)));
    expect(
      fitSchema('bg-bb', BG_BB_PARAMETERS).safeParse({ ...json, kind: 'bg-nbd' }).success,
    ).toBe(false);
  });

  it('weights: a row of weight k is k identical customers; weight 0 drops a row', () => {
    const weighted = opportunitySummaryFromColumns({
      frequency: [0, 2, 5, 3],
      recency: [0, 3, 6, 6],
      periods: 6,
      weights: [3, 2, 2, 0],
      unit: 'year',
    });
    const expanded = opportunitySummaryFromColumns({
      frequency: [0, 0, 0, 2, 2, 5, 5],
      recency: [0, 0, 0, 3, 3, 6, 6],
      periods: 6,
      unit: 'year',
    });
    expectClose(
      bgBbLogLikelihood(DONATIONS, weighted),
      bgBbLogLikelihood(DONATIONS, expanded),
      1e-14,
    );
    const a = fitBgBb(weighted);
    const b = fitBgBb(expanded);
    for (const name of BG_BB_PARAMETERS) expectClose(a.params[name], b.params[name], 1e-6);
    expectClose(a.logLikelihood, b.logLikelihood, 1e-10);
    expect(a.diagnostics.customers).toBe(7);
    expect(a.diagnostics.distinctRows).toBe(3);
  });

  it('the fit is invariant to the order of the rows', () => {
    const s = small();
    const order = [5, 2, 7, 0, 3, 1, 6, 4];
    const pick = (c: Float64Array) => order.map((i) => c[i]!);
    const shuffled = opportunitySummaryFromColumns({
      frequency: pick(s.frequency),
      recency: pick(s.recency),
      periods: pick(s.periods),
      weights: pick(s.weights!),
      unit: 'year',
    });
    const a = fitBgBb(s);
    const b = fitBgBb(shuffled);
    for (const name of BG_BB_PARAMETERS) expectClose(a.params[name], b.params[name], 1e-8);
  });

  it('penalty shrinks the parameters and keeps logLikelihood unpenalised', () => {
    const s = small();
    const plain = fitBgBb(s);
    const penalised = fitBgBb(s, { penalty: 0.1 });
    expect(penalised.penalty).toBe(0.1);
    expect(plain.penalty).toBeUndefined();
    const norm = (f: BgBbFit) => BG_BB_PARAMETERS.reduce((t, k) => t + f.params[k] ** 2, 0);
    expect(norm(penalised)).toBeLessThan(norm(plain));
    expectClose(penalised.logLikelihood, bgBbLogLikelihood(penalised.params, s), 1e-12);
    expect(penalised.logLikelihood).toBeLessThan(plain.logLikelihood);
  });

  it('several starts reach the same optimum', () => {
    const s = simulateBgBb(DONATIONS, { customers: 3000, periods: 6, seed: 2 });
    const one = fitBgBb(s);
    const many = fitBgBb(s, {
      starts: [
        { alpha: 5, beta: 5, gamma: 0.2, delta: 0.2 },
        { alpha: 0.1, beta: 0.1, gamma: 10, delta: 10 },
        FIT_BG_BB_DEFAULTS.start,
      ],
    });
    for (const name of BG_BB_PARAMETERS) expectClose(many.params[name], one.params[name], 1e-6);
  });

  it('a fit stopped early says so in diagnostics and through onWarning', () => {
    const messages: string[] = [];
    const fit = fitBgBb(simulateBgBb(DONATIONS, { customers: 2000, periods: 6, seed: 3 }), {
      maxIterations: 1,
      tolerance: 1e-14,
      onWarning: (m) => messages.push(m),
    });
    expect(fit.diagnostics.converged).toBe(false);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]).toContain('did not converge');
    expect(fit.diagnostics.warnings).toEqual(messages);
  });

  it('rejects bad options with INVALID_OPTION naming the option', () => {
    const s = small();
    expectClvError(() => fitBgBb(s, { penalty: -1 }), 'INVALID_OPTION', 'penalty');
    expectClvError(() => fitBgBb(s, { maxIterations: 0 }), 'INVALID_OPTION', 'maxIterations');
    expectClvError(() => fitBgBb(s, { tolerance: 0 }), 'INVALID_OPTION', 'tolerance');
    expectClvError(
      () => fitBgBb(s, { onWarning: 'log' as unknown as () => void }),
      'INVALID_OPTION',
      'onWarning',
    );
    expectClvError(() => fitBgBb(s, { starts: [] }), 'INVALID_OPTION', 'starts');
    expectClvError(
      () => fitBgBb(s, { starts: [{ alpha: 1, beta: 1, gamma: -1, delta: 1 }] }),
      'INVALID_OPTION',
      'starts[0].gamma',
    );
    expectClvError(
      () => fitBgBb(s, { weights: [1] } as unknown as { penalty: number }),
      'INVALID_OPTION',
      'weights',
    );
    expectClvError(
      () => fitBgBb({ ...s, recency: new Float64Array([0, 9, 6, 5, 6, 4, 6, 6]) }),
      'INVALID_ARGUMENT',
      'recency',
    );
    expectClvError(
      () => fitBgBb({ kind: 'customer-summary' } as unknown as OpportunitySummary),
      'INVALID_ARGUMENT',
      'summary',
    );
  });

  it('all x = 0: FIT_FAILED explaining that BG/BB is not identified', () => {
    const s = opportunitySummaryFromColumns({
      frequency: [0, 0],
      recency: [0, 0],
      periods: 6,
      unit: 'year',
    });
    const e = expectClvError(() => fitBgBb(s), 'FIT_FAILED', 'frequency');
    expect(e.message).toContain('not identified');
  });

  it('empty summary or all weights 0: EMPTY_INPUT', () => {
    const empty = opportunitySummaryFromColumns({
      frequency: [],
      recency: [],
      periods: 6,
      unit: 'year',
    });
    expectClvError(() => fitBgBb(empty), 'EMPTY_INPUT');
    const zero = opportunitySummaryFromColumns({
      frequency: [1],
      recency: [1],
      periods: 6,
      weights: [0],
      unit: 'year',
    });
    expectClvError(() => fitBgBb(zero), 'EMPTY_INPUT');
  });

  it('one customer: finite parameters, flagged as barely identified, never NaN', () => {
    const s = opportunitySummaryFromColumns({
      frequency: [3],
      recency: [5],
      periods: 6,
      unit: 'year',
    });
    const fit = fitBgBb(s);
    for (const name of BG_BB_PARAMETERS) {
      expect(Number.isFinite(fit.params[name])).toBe(true);
      expect(fit.params[name]).toBeGreaterThan(0);
    }
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    expect(fit.diagnostics.warnings.length).toBeGreaterThan(0);
    expect(fit.standardErrors).toBeUndefined();
    expect(JSON.stringify(fit)).not.toContain('standardErrors');
    const p = bgBbProbabilityAlive(fit, s)[0]!;
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
  });
});

describe('BG/BB scoring', () => {
  const positive = fc.double({ min: Math.log(0.05), max: Math.log(50), noNaN: true }).map(Math.exp);
  const params = fc.record({ alpha: positive, beta: positive, gamma: positive, delta: positive });
  const customer = fc
    .record({
      n: fc.integer({ min: 0, max: 60 }),
      a: fc.double({ min: 0, max: 1, noNaN: true }),
      b: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ n, a, b }) => {
      const tx = Math.floor(a * (n + 1 - 1e-9));
      const x = tx === 0 ? 0 : 1 + Math.floor(b * (tx - 1e-9));
      return { x, tx, n };
    });
  const summaryOf = (cs: { x: number; tx: number; n: number }[]) =>
    opportunitySummaryFromColumns({
      frequency: cs.map((c) => c.x),
      recency: cs.map((c) => c.tx),
      periods: cs.map((c) => c.n),
      unit: 'year',
    });

  it('P(alive) ∈ [0, 1], non-increasing in periodsAhead, 1 at n when t_x = n', () => {
    fc.assert(
      fc.property(params, fc.array(customer, { minLength: 1, maxLength: 15 }), (p, cs) => {
        const s = summaryOf(cs);
        const fit = fitWith(p);
        let previous = bgBbProbabilityAlive(fit, s, { periodsAhead: 0 });
        previous.forEach((v, i) => {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
          if (cs[i]!.tx === cs[i]!.n) expect(v).toBe(1);
        });
        for (const k of [1, 2, 10]) {
          const next = bgBbProbabilityAlive(fit, s, { periodsAhead: k });
          next.forEach((v, i) => {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(previous[i]! * (1 + 1e-12));
          });
          previous = next;
        }
      }),
      { numRuns: 100 },
    );
  });

  it('conditional E is 0 at horizon 0, ≥ 0, grows with the horizon and is below the horizon', () => {
    fc.assert(
      fc.property(params, fc.array(customer, { minLength: 1, maxLength: 10 }), (p, cs) => {
        const s = summaryOf(cs);
        const fit = fitWith(p);
        expect(Array.from(bgBbConditionalExpectedPurchases(fit, s, 0))).toEqual(cs.map(() => 0));
        let previous: Float64Array = new Float64Array(cs.length);
        for (const m of [1, 3, 10, 50]) {
          const e = bgBbConditionalExpectedPurchases(fit, s, m);
          e.forEach((v, i) => {
            expect(Number.isFinite(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(previous[i]!);
            expect(v).toBeLessThanOrEqual(m);
          });
          previous = e;
        }
      }),
      { numRuns: 100 },
    );
  });

  it('the frequency distribution sums to 1 and its mean is the unconditional E[X(n)] (P(X(n) = x) against E[X(n)])', () => {
    fc.assert(
      fc.property(params, fc.integer({ min: 0, max: 40 }), (p, n) => {
        const fit = fitWith(p);
        const dist = bgBbFrequencyDistribution(fit, n);
        expect(dist.length).toBe(n + 1);
        let sum = 0;
        let mean = 0;
        dist.forEach((v, x) => {
          expect(v).toBeGreaterThanOrEqual(0);
          sum += v;
          mean += x * v;
        });
        expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
        const expected = bgBbExpectedPurchases(fit, n)[0]!;
        expect(Math.abs(mean - expected)).toBeLessThan(1e-11 * (1 + expected));
      }),
      { numRuns: 100 },
    );
  });

  it('the conditional E of a new customer (n = 0) is the unconditional one', () => {
    const s = opportunitySummaryFromColumns({
      frequency: [0],
      recency: [0],
      periods: 0,
      unit: 'year',
    });
    const fit = fitWith(DONATIONS);
    for (const m of [1, 6, 25]) {
      expectClose(
        bgBbConditionalExpectedPurchases(fit, s, m)[0]!,
        bgBbExpectedPurchases(fit, m)[0]!,
        1e-13,
      );
    }
  });

  it('long horizons: the closed form above 10,000 periods joins the direct sum, also at γ = 1', () => {
    const direct = (p: BgBbParams, n: number) => {
      let product = 1;
      let sum = 0;
      for (let l = 0; l < n; l++) {
        product *= (p.delta + l) / (p.gamma + p.delta + l);
        sum += product;
      }
      return (p.alpha / (p.alpha + p.beta)) * sum;
    };
    for (const gamma of [0.4, 0.9995, 1, 1.0002, 1.0015, 2.5]) {
      const p = { ...DONATIONS, gamma };
      const fit = fitWith(p);
      for (const n of [10_001, 50_000]) {
        expectClose(bgBbExpectedPurchases(fit, n)[0]!, direct(p, n), 1e-9);
      }
    }
    // No jump at the switch: the step from 10,000 to 10,001 periods is the direct one.
    const fit = fitWith(DONATIONS);
    const [a, b] = bgBbExpectedPurchases(fit, [10_000, 10_001]);
    expectClose(b! - a!, direct(DONATIONS, 10_001) - direct(DONATIONS, 10_000), 1e-4);
  });

  it('rejects invalid fits, horizons, options and a summary in another unit', () => {
    const s = small();
    const fit = fitWith(DONATIONS);
    expectClvError(
      () => bgBbProbabilityAlive({ ...fit, kind: 'bg-nbd' } as unknown as BgBbFit, s),
      'INVALID_OPTION',
      'fit',
    );
    expectClvError(
      () => bgBbProbabilityAlive(fitWith({ ...DONATIONS, gamma: 0 }), s),
      'INVALID_OPTION',
      'fit.params.gamma',
    );
    expectClvError(
      () => bgBbProbabilityAlive(fit, s, { periodsAhead: -1 }),
      'INVALID_OPTION',
      'periodsAhead',
    );
    expectClvError(
      () => bgBbProbabilityAlive(fit, s, { horizon: 1 } as unknown as { periodsAhead: number }),
      'INVALID_OPTION',
      'horizon',
    );
    expectClvError(
      () => bgBbConditionalExpectedPurchases(fit, s, 1.5),
      'INVALID_OPTION',
      'horizon',
    );
    expectClvError(() => bgBbExpectedPurchases(fit, [1, -2]), 'INVALID_OPTION', 'n[1]');
    expectClvError(() => bgBbFrequencyDistribution(fit, 20_000), 'INVALID_OPTION', 'n');
    expectClvError(
      () => bgBbProbabilityAlive(fitWith(DONATIONS, 'month'), s),
      'INVALID_ARGUMENT',
      'unit',
    );
  });
});

describe('simulateBgBb', () => {
  it('is seeded, gives valid summaries, and rejects bad options', () => {
    const a = simulateBgBb(DONATIONS, { customers: 500, periods: 6, seed: 42, unit: 'year' });
    const b = simulateBgBb(DONATIONS, { customers: 500, periods: 6, seed: 42, unit: 'year' });
    const c = simulateBgBb(DONATIONS, { customers: 500, periods: 6, seed: 43, unit: 'year' });
    expect(Array.from(a.frequency)).toEqual(Array.from(b.frequency));
    expect(Array.from(a.recency)).toEqual(Array.from(b.recency));
    expect(Array.from(a.frequency)).not.toEqual(Array.from(c.frequency));
    expect(() => bgBbLogLikelihood(DONATIONS, a)).not.toThrow();
    for (let i = 0; i < 500; i++) {
      expect(a.frequency[i]!).toBeLessThanOrEqual(a.recency[i]!);
      expect(a.recency[i]!).toBeLessThanOrEqual(6);
    }
    expect(a.ids).toBeUndefined();
    expectClvError(
      () => simulateBgBb(DONATIONS, { customers: 0, periods: 6, seed: 1 }),
      'INVALID_OPTION',
      'customers',
    );
    expectClvError(
      () => simulateBgBb(DONATIONS, { customers: 1, periods: 1.5, seed: 1 }),
      'INVALID_OPTION',
      'periods',
    );
    expectClvError(
      () => simulateBgBb({ ...DONATIONS, delta: -1 }, { customers: 1, periods: 1, seed: 1 }),
      'INVALID_OPTION',
      'params.delta',
    );
  });

  it('its frequencies follow the model distribution P(X(n) = x) within sampling error', () => {
    const customers = 40_000;
    const s = simulateBgBb(DONATIONS, { customers, periods: 6, seed: 'histogram' });
    const counts = new Array(7).fill(0);
    for (const x of s.frequency) counts[x]++;
    const p = bgBbFrequencyDistribution(fitWith(DONATIONS), 6);
    counts.forEach((count, x) => {
      const expected = customers * p[x]!;
      const sd = Math.sqrt(expected * (1 - p[x]!));
      expect(Math.abs(count - expected)).toBeLessThan(4 * sd);
    });
  });
});
