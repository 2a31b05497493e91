import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logBeta, logGamma, numericalHessian } from '../../src/math/index.js';
import {
  type BgNbdFit,
  conditionalExpectedPurchases as bgConditionalExpectedPurchases,
  probabilityAlive as bgProbabilityAlive,
} from '../../src/models/bg-nbd/index.js';
import { loadModel } from '../../src/models/load.js';
import {
  FIT_MBG_NBD_DEFAULTS,
  fitMbgNbd,
  MBG_NBD_PARAMETERS,
  type MbgNbdFit,
  type MbgNbdParams,
  mbgNbdConditionalExpectedPurchases,
  mbgNbdExpectedPurchases,
  mbgNbdLogLikelihood,
  mbgNbdProbabilityAlive,
  mbgNbdProbabilityOfPurchases,
  simulateMbgNbd,
} from '../../src/models/mbg-nbd/index.js';
import {
  mbgNbdDataHessian,
  mbgNbdDataLogLikelihood,
  prepareMbgNbdData,
} from '../../src/models/mbg-nbd/likelihood.js';
import { collapseRows } from '../../src/models/shared.js';
import { type CustomerSummary, summaryFromColumns } from '../../src/summary/index.js';
import { expectClose, expectClvError } from '../helpers/assert.js';

const CDNOW_MLE: MbgNbdParams = { r: 0.524838, alpha: 6.182992, a: 0.891356, b: 1.613999 };
const NAMES = MBG_NBD_PARAMETERS;

/** A fit holding given parameters (for scoring at chosen values). */
function fitWith(params: MbgNbdParams, timeUnit: MbgNbdFit['timeUnit'] = 'week'): MbgNbdFit {
  return {
    kind: 'mbg-nbd',
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

function rows(
  frequency: number[],
  recency: number[],
  T: number[],
  unit: CustomerSummary['unit'] = 'week',
): CustomerSummary {
  return summaryFromColumns({
    ids: frequency.map((_, i) => `c${i}`),
    frequency,
    recency,
    T,
    unit,
  });
}

/** A CDNOW-like weekly MBG/NBD summary, ages spread over 26–52 weeks. */
function simulated(customers: number, seed: number | string): CustomerSummary {
  const T = Array.from({ length: customers }, (_, i) => 26 + (26 * i) / customers);
  return simulateMbgNbd(CDNOW_MLE, { customers, T, unit: 'week', seed });
}

/** ln L of one customer written out as the sum of its two terms (see likelihood.ts). */
function directLogLikelihood(p: MbgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const first = logBeta(a, b + x + 1) - logBeta(a, b) + common - (r + x) * Math.log(alpha + T);
  const second =
    logBeta(a + 1, b + x) - logBeta(a, b) + common - (r + x) * Math.log(alpha + (x === 0 ? 0 : tx));
  return Math.log(Math.exp(first) + Math.exp(second));
}

describe('log-likelihood and its analytic derivatives', () => {
  const summary = simulated(2000, 'likelihood');
  const data = prepareMbgNbdData(collapseRows(summary.frequency, summary.recency, summary.T));
  const point = [0.5, 2, 1.3, 4] as const;
  const asParams = { r: point[0], alpha: point[1], a: point[2], b: point[3] };

  it('equals the two-term likelihood summed customer by customer', () => {
    let direct = 0;
    for (let i = 0; i < summary.ids.length; i++) {
      direct += directLogLikelihood(
        asParams,
        summary.frequency[i]!,
        summary.recency[i]!,
        summary.T[i]!,
      );
    }
    expectClose(mbgNbdDataLogLikelihood(data, ...point), direct, 1e-12);
    expectClose(mbgNbdLogLikelihood(asParams, summary), direct, 1e-12);
  });

  it('a customer without repeat purchases: ln(b/(a+b) (α/(α+T))^r + a/(a+b)), recency ignored', () => {
    const { r, alpha, a, b } = CDNOW_MLE;
    const expected = Math.log((b / (a + b)) * (alpha / (alpha + 38.86)) ** r + a / (a + b));
    expectClose(mbgNbdLogLikelihood(CDNOW_MLE, rows([0], [0], [38.86])), expected, 1e-14);
    // A (nonsensical) recency on an x = 0 row changes nothing: the time-0 dropout leaves no trace.
    const odd = { ...rows([0], [0], [38.86]), recency: Float64Array.of(5) };
    expectClose(mbgNbdLogLikelihood(CDNOW_MLE, odd), expected, 1e-14);
  });

  it('gradient and Hessian match central differences (numericalHessian of the gradient)', () => {
    const gradient = new Float64Array(4);
    const hessian = new Float64Array(16);
    const ll = mbgNbdDataHessian(data, ...point, gradient, hessian);
    expect(ll).toBe(mbgNbdDataLogLikelihood(data, ...point));
    const h = 1e-6;
    for (let i = 0; i < 4; i++) {
      const step = h * point[i]!;
      const at = (sign: number) =>
        point.map((v, j) => (j === i ? v + sign * step : v)) as [number, number, number, number];
      const slope =
        (mbgNbdDataLogLikelihood(data, ...at(1)) - mbgNbdDataLogLikelihood(data, ...at(-1))) /
        (2 * step);
      expectClose(gradient[i]!, slope, 1e-6);
    }
    const numeric = numericalHessian(
      (p, g) => mbgNbdDataLogLikelihood(data, p[0]!, p[1]!, p[2]!, p[3]!, g),
      point,
    );
    for (let k = 0; k < 16; k++) {
      expect(Math.abs(hessian[k]! - numeric[k]!)).toBeLessThan(1e-7 * Math.abs(hessian[k]!) + 1e-9);
    }
  });

  it('mbgNbdLogLikelihood: weights, empty summary and validation', () => {
    const expanded = rows([2, 2, 0, 5], [30, 30, 0, 35], [38, 38, 38, 38]);
    const weighted = rows([2, 0, 5, 1], [30, 0, 35, 3], [38, 38, 38, 20]);
    expectClose(
      mbgNbdLogLikelihood(CDNOW_MLE, weighted, { weights: [2, 1, 1, 0] }),
      mbgNbdLogLikelihood(CDNOW_MLE, expanded),
      1e-14,
    );
    expect(mbgNbdLogLikelihood(CDNOW_MLE, rows([], [], []))).toBe(0);
    expectClvError(
      () => mbgNbdLogLikelihood({ ...CDNOW_MLE, b: -1 }, expanded),
      'INVALID_OPTION',
      'params.b',
    );
    expectClvError(
      () => mbgNbdLogLikelihood(CDNOW_MLE, expanded, { weights: [1] }),
      'INVALID_OPTION',
      'weights',
    );
    expectClvError(
      () => mbgNbdLogLikelihood(CDNOW_MLE, expanded, { penalty: 1 } as never),
      'INVALID_OPTION',
      'penalty',
    );
  });
});

describe('fitMbgNbd: result shape and options', () => {
  const summary = simulated(3000, 'shape');

  it('returns frozen plain data with the documented fields', () => {
    const fit = fitMbgNbd(summary);
    expect(fit.kind).toBe('mbg-nbd');
    expect(fit.schemaVersion).toBe(1);
    expect(fit.timeUnit).toBe('week');
    expect(Object.keys(fit.params)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(Object.isFrozen(fit)).toBe(true);
    expect(Object.isFrozen(fit.params)).toBe(true);
    expect(Object.isFrozen(fit.diagnostics.warnings)).toBe(true);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.warnings).toEqual([]);
    expect(fit.diagnostics.customers).toBe(3000);
    expect(fit.penalty).toBeUndefined();
    expect('penalty' in fit).toBe(false);
    for (const name of NAMES) expect(fit.standardErrors![name]).toBeGreaterThan(0);
    // The reported log-likelihood is the public one at the returned parameters.
    expectClose(fit.logLikelihood, mbgNbdLogLikelihood(fit.params, summary), 1e-13);
    expect(FIT_MBG_NBD_DEFAULTS).toEqual({ penalty: 0, maxIterations: 500, tolerance: 1e-9 });
  });

  it('the optimum is a stationary point: relative gradient of ln L below 1e-7', () => {
    const fit = fitMbgNbd(summary);
    const { r, alpha, a, b } = fit.params;
    const data = prepareMbgNbdData(collapseRows(summary.frequency, summary.recency, summary.T));
    const gradient = new Float64Array(4);
    mbgNbdDataLogLikelihood(data, r, alpha, a, b, gradient);
    [r, alpha, a, b].forEach((theta, i) => {
      expect(Math.abs(gradient[i]! * theta) / 3000).toBeLessThan(1e-7);
    });
  });

  it('weights: a row of weight k is k identical customers; weight 0 drops a row', () => {
    const expanded = rows(
      [2, 2, 2, 0, 5, 1, 0, 0],
      [30, 30, 30, 0, 35, 3, 0, 0],
      [38, 38, 38, 38, 38, 20, 20, 20],
    );
    const weighted = rows([2, 0, 5, 1, 0, 7], [30, 0, 35, 3, 0, 1], [38, 38, 38, 20, 20, 9]);
    const a = fitMbgNbd(expanded, { penalty: 0.05 });
    const b = fitMbgNbd(weighted, { weights: [3, 1, 1, 1, 2, 0], penalty: 0.05 });
    for (const name of NAMES) expectClose(b.params[name], a.params[name], 1e-8);
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 9);
    expect(b.diagnostics.customers).toBe(8);
  });

  it('penalty shrinks the parameters; the reported LL stays unpenalised', () => {
    const free = fitMbgNbd(summary);
    const penalised = fitMbgNbd(summary, { penalty: 0.1 });
    expect(penalised.penalty).toBe(0.1);
    expect(penalised.params.alpha).toBeLessThan(free.params.alpha);
    expect(penalised.logLikelihood).toBeLessThan(free.logLikelihood);
    expectClose(penalised.logLikelihood, mbgNbdLogLikelihood(penalised.params, summary), 1e-13);
  });

  it('starts: several starts reach the same optimum', () => {
    const fit = fitMbgNbd(summary, {
      starts: [
        { r: 1, alpha: 1, a: 1, b: 1 },
        { r: 0.1, alpha: 50, a: 3, b: 0.5 },
      ],
    });
    const reference = fitMbgNbd(summary);
    for (const name of NAMES) expectClose(fit.params[name], reference.params[name], 1e-6);
  });

  it('a fit stopped early says so in diagnostics and through onWarning', () => {
    const messages: string[] = [];
    const fit = fitMbgNbd(summary, { maxIterations: 1, onWarning: (m) => messages.push(m) });
    expect(fit.diagnostics.converged).toBe(false);
    expect(fit.diagnostics.warnings[0]).toMatch(/^mbg-nbd fit did not converge after/);
    expect(messages).toEqual(fit.diagnostics.warnings);
    for (const name of NAMES) expect(Number.isFinite(fit.params[name])).toBe(true);
  });

  it('rejects bad options with INVALID_OPTION naming the option', () => {
    const cases: [unknown, string][] = [
      [{ penalty: -1 }, 'penalty'],
      [{ weights: [1, 2] }, 'weights'],
      [{ weights: new Float64Array(3000).fill(-1) }, 'weights'],
      [{ weights: new Float64Array(3000) }, 'weights'],
      [{ starts: [] }, 'starts'],
      [{ starts: [{ r: 1, alpha: 1, a: 1, b: 0 }] }, 'starts[0].b'],
      [{ maxIterations: 0 }, 'maxIterations'],
      [{ tolerance: 0 }, 'tolerance'],
      [{ onWarning: 'log' }, 'onWarning'],
      [{ penalizer: 0.1 }, 'penalizer'],
    ];
    for (const [options, field] of cases) {
      const error = expectClvError(() => fitMbgNbd(summary, options as never), 'INVALID_OPTION');
      expect(error.field).toBe(field);
    }
  });

  it('rejects unusable summary rows naming row and field', () => {
    const bad = { ...rows([1, 2], [3, 4], [5, 6]), recency: Float64Array.of(3, 7) };
    const error = expectClvError(() => fitMbgNbd(bad), 'INVALID_ARGUMENT', 'recency');
    expect(error.row).toBe(2);
    expectClvError(() => fitMbgNbd({} as CustomerSummary), 'INVALID_ARGUMENT', 'summary');
  });
});

describe('fitMbgNbd: hard cases', () => {
  it('x = 0 everywhere: FIT_FAILED explaining that the model is not identified', () => {
    const error = expectClvError(
      () => fitMbgNbd(rows([0, 0, 0], [0, 0, 0], [10, 20, 30])),
      'FIT_FAILED',
      'frequency',
    );
    expect(error.message).toMatch(/not identified/);
    // Also when the only repeat buyers have weight 0.
    expectClvError(
      () => fitMbgNbd(rows([0, 3], [0, 5], [10, 20]), { weights: [1, 0] }),
      'FIT_FAILED',
    );
  });

  it('empty summary: EMPTY_INPUT', () => {
    expectClvError(() => fitMbgNbd(rows([], [], [])), 'EMPTY_INPUT');
  });

  it('a single customer: finite parameters, flagged as not identified, never NaN', () => {
    const warnings: string[] = [];
    const fit = fitMbgNbd(rows([3], [20], [30]), { onWarning: (m) => warnings.push(m) });
    for (const name of NAMES) {
      expect(Number.isFinite(fit.params[name])).toBe(true);
      expect(fit.params[name]).toBeGreaterThan(0);
    }
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings).toEqual(fit.diagnostics.warnings);
  });

  it('customers with hundreds or thousands of purchases fit and score finitely', () => {
    const base = simulated(2000, 'heavy');
    const heavy = summaryFromColumns({
      ids: [...base.ids, 'h1', 'h2', '__proto__'],
      frequency: [...base.frequency, 300, 500, 5000],
      recency: [...base.recency, 51, 40, 52],
      T: [...base.T, 52, 52, 52],
      unit: 'week',
    });
    const fit = fitMbgNbd(heavy);
    for (const name of NAMES) expect(Number.isFinite(fit.params[name])).toBe(true);
    expect(Number.isFinite(mbgNbdLogLikelihood(fit.params, heavy))).toBe(true);
    const alive = mbgNbdProbabilityAlive(fit, heavy);
    const expected = mbgNbdConditionalExpectedPurchases(fit, heavy, 52);
    expect(alive.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(expected.every(Number.isFinite)).toBe(true);
    // Bought 500 times and silent for 12 weeks: gone, to the last digit of a double.
    expect(alive[base.ids.length + 1]).toBeLessThan(1e-50);
    expect(alive[base.ids.length + 2]).toBeGreaterThan(0.99);
  });
});

describe('scoring: identities and exact cases', () => {
  const fit = fitWith(CDNOW_MLE);
  const { r, alpha, a, b } = CDNOW_MLE;

  it('P(alive) < 1 at x = 0 (unlike the BG/NBD), 1 / (1 + a/b ((α + T)/α)^r)', () => {
    const summary = rows([0, 0, 2], [0, 0, 30.43], [1, 38.86, 38.86]);
    const alive = mbgNbdProbabilityAlive(fit, summary);
    for (const [i, T] of [
      [0, 1],
      [1, 38.86],
    ] as const) {
      expect(alive[i]).toBeLessThan(1);
      expectClose(alive[i]!, 1 / (1 + (a / b) * ((alpha + T) / alpha) ** r), 1e-14);
    }
    expect(alive[1]).toBeLessThan(alive[0]!); // the longer the silence, the less likely alive
    const x2 = 1 / (1 + (a / (b + 2)) * ((alpha + 38.86) / (alpha + 30.43)) ** (r + 2));
    expectClose(alive[2]!, x2, 1e-14);
    // The BG/NBD says 1 for the same x = 0 customers.
    const bg: BgNbdFit = { ...fit, kind: 'bg-nbd' };
    expect(Array.from(bgProbabilityAlive(bg, summary).subarray(0, 2))).toEqual([1, 1]);
  });

  it('x > 0: P(alive) and E[Y(t)] are the BG/NBD ones at b + 1; x = 0: times P(alive)', () => {
    const summary = rows([0, 1, 5, 40], [0, 3, 20, 35], [38, 38, 38, 36]);
    const bg: BgNbdFit = { ...fit, kind: 'bg-nbd', params: { ...CDNOW_MLE, b: b + 1 } };
    const alive = mbgNbdProbabilityAlive(fit, summary);
    const bgAlive = bgProbabilityAlive(bg, summary);
    const conditional = mbgNbdConditionalExpectedPurchases(fit, summary, 39);
    const bgConditional = bgConditionalExpectedPurchases(bg, summary, 39);
    for (let i = 1; i < 4; i++) {
      expectClose(alive[i]!, bgAlive[i]!, 1e-14);
      expectClose(conditional[i]!, bgConditional[i]!, 1e-14);
    }
    expectClose(conditional[0]!, bgConditional[0]! * alive[0]!, 1e-14);
  });

  it('E[X(t)] = b/(a+b) · E_BG(b + 1), smooth across a = 1, 0 at t = 0', () => {
    expect(mbgNbdExpectedPurchases(fit, 0)[0]).toBe(0);
    const near = [1 - 2e-3, 1 - 1e-3, 1 - 1e-9, 1, 1 + 1e-9, 1 + 1e-3, 1 + 2e-3].map(
      (aa) => mbgNbdExpectedPurchases(fitWith({ r: 0.5, alpha: 3, a: aa, b: 2 }), 10)[0]!,
    );
    for (let i = 1; i < near.length; i++) {
      expect(Math.abs(near[i]! - near[i - 1]!)).toBeLessThan(1e-3);
    }
  });

  it('P(X(t) = n) sums to 1 over n and its mean is E[X(t)]', () => {
    for (const t of [1, 39, 200]) {
      const n = Array.from({ length: 2000 }, (_, i) => i);
      const p = mbgNbdProbabilityOfPurchases(fit, n, t);
      let total = 0;
      let mean = 0;
      for (let i = 0; i < n.length; i++) {
        total += p[i]!;
        mean += i * p[i]!;
      }
      expect(Math.abs(total - 1)).toBeLessThan(1e-9);
      expectClose(mean, mbgNbdExpectedPurchases(fit, t)[0]!, 1e-8);
    }
    // At least the time-0 dropouts make no purchase, however long the period.
    expect(mbgNbdProbabilityOfPurchases(fit, 0, 1e6)[0]).toBeGreaterThan(a / (a + b));
    expect(Array.from(mbgNbdProbabilityOfPurchases(fit, [0, 1, 2], 0))).toEqual([1, 0, 0]);
  });

  it('horizons in another unit and summaries in another unit are converted', () => {
    const weekly = rows([0, 2], [0, 30.43], [38.86, 38.86]);
    const daily = rows([0, 2], [0, 30.43 * 7], [38.86 * 7, 38.86 * 7], 'day');
    const inWeeks = mbgNbdConditionalExpectedPurchases(fit, weekly, 39);
    const inDays = mbgNbdConditionalExpectedPurchases(fit, weekly, 273, { unit: 'day' });
    const dailySummary = mbgNbdConditionalExpectedPurchases(fit, daily, 39);
    for (let i = 0; i < 2; i++) {
      expectClose(inDays[i]!, inWeeks[i]!, 1e-13);
      expectClose(dailySummary[i]!, inWeeks[i]!, 1e-13);
    }
    expectClose(
      mbgNbdProbabilityAlive(fit, daily)[0]!,
      mbgNbdProbabilityAlive(fit, weekly)[0]!,
      1e-13,
    );
    expectClose(
      mbgNbdExpectedPurchases(fit, 1, { unit: 'year' })[0]!,
      mbgNbdExpectedPurchases(fit, 365.25 / 7)[0]!,
      1e-13,
    );
    expect(Array.from(mbgNbdConditionalExpectedPurchases(fit, weekly, 0))).toEqual([0, 0]);
  });

  it('rejects invalid fits, horizons and counts', () => {
    const summary = rows([1], [1], [2]);
    const bg = { ...fit, kind: 'bg-nbd' } as unknown as MbgNbdFit;
    expectClvError(() => mbgNbdProbabilityAlive(bg, summary), 'INVALID_OPTION', 'fit');
    expectClvError(
      () =>
        mbgNbdConditionalExpectedPurchases(fitWith({ ...CDNOW_MLE, a: Number.NaN }), summary, 1),
      'INVALID_OPTION',
      'fit.params.a',
    );
    expectClvError(
      () => mbgNbdConditionalExpectedPurchases(fit, summary, -1),
      'INVALID_OPTION',
      'horizon',
    );
    expectClvError(() => mbgNbdExpectedPurchases(fit, [1, Number.NaN]), 'INVALID_OPTION', 't');
    expectClvError(
      () => mbgNbdExpectedPurchases(fit, 1, { unit: 'fortnight' as never }),
      'INVALID_OPTION',
      'unit',
    );
    expectClvError(() => mbgNbdProbabilityOfPurchases(fit, 1.5, 1), 'INVALID_OPTION', 'n');
    expectClvError(() => mbgNbdProbabilityOfPurchases(fit, [1, 2], [1, 2, 3]), 'INVALID_OPTION');
    expectClvError(
      () => mbgNbdProbabilityAlive(fit, {} as CustomerSummary),
      'INVALID_ARGUMENT',
      'summary',
    );
  });
});

describe('simulateMbgNbd', () => {
  it('is deterministic per seed, takes T per customer, and names ids with the prefix', () => {
    const T = [10, 20, 30, 40, 50];
    const one = simulateMbgNbd(CDNOW_MLE, {
      customers: 5,
      T,
      unit: 'week',
      seed: 7,
      idPrefix: 'm',
    });
    const two = simulateMbgNbd(CDNOW_MLE, {
      customers: 5,
      T,
      unit: 'week',
      seed: 7,
      idPrefix: 'm',
    });
    expect(one.ids).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(Array.from(one.T)).toEqual(T);
    expect(one.frequency).toEqual(two.frequency);
    expect(one.recency).toEqual(two.recency);
    expect(one.unit).toBe('week');
    const other = simulated(2000, 8);
    const again = simulated(2000, 8);
    const different = simulated(2000, 9);
    expect(again.recency).toEqual(other.recency);
    expect(different.recency).not.toEqual(other.recency);
    for (let i = 0; i < 2000; i++) {
      expect(other.recency[i]!).toBeLessThanOrEqual(other.T[i]!);
      if (other.frequency[i] === 0) expect(other.recency[i]).toBe(0);
    }
  });

  it('matches the model: mean frequency ≈ E[X(T)], share of zeros ≈ P(X(T) = 0)', () => {
    const customers = 40_000;
    const summary = simulateMbgNbd(CDNOW_MLE, { customers, T: 39, unit: 'week', seed: 'moments' });
    let mean = 0;
    let zeros = 0;
    let square = 0;
    for (const x of summary.frequency) {
      mean += x;
      square += x * x;
      if (x === 0) zeros++;
    }
    mean /= customers;
    const sd = Math.sqrt(square / customers - mean * mean);
    const fit = fitWith(CDNOW_MLE);
    // Within 4 standard errors of the sample mean / proportion.
    const expectedMean = mbgNbdExpectedPurchases(fit, 39)[0]!;
    expect(Math.abs(mean - expectedMean)).toBeLessThan((4 * sd) / Math.sqrt(customers));
    const p0 = mbgNbdProbabilityOfPurchases(fit, 0, 39)[0]!;
    expect(Math.abs(zeros / customers - p0)).toBeLessThan(
      4 * Math.sqrt((p0 * (1 - p0)) / customers),
    );
  });

  it('validates parameters and options, naming the field', () => {
    const ok = { customers: 3, T: 10, unit: 'week', seed: 1 } as const;
    expectClvError(() => simulateMbgNbd({ ...CDNOW_MLE, r: 0 }, ok), 'INVALID_OPTION', 'params.r');
    expectClvError(
      () => simulateMbgNbd(CDNOW_MLE, { ...ok, customers: 1.5 }),
      'INVALID_OPTION',
      'customers',
    );
    expectClvError(() => simulateMbgNbd(CDNOW_MLE, { ...ok, T: [1, 2] }), 'INVALID_OPTION', 'T');
    const row = expectClvError(
      () => simulateMbgNbd(CDNOW_MLE, { ...ok, T: [1, -2, 3] }),
      'INVALID_OPTION',
      'T',
    );
    expect(row.row).toBe(2);
    expectClvError(() => simulateMbgNbd(CDNOW_MLE, { ...ok, T: 0 }), 'INVALID_OPTION', 'T');
    expectClvError(
      () => simulateMbgNbd(CDNOW_MLE, { ...ok, unit: 'fortnight' as never }),
      'INVALID_OPTION',
      'unit',
    );
    expectClvError(() => simulateMbgNbd(CDNOW_MLE, { ...ok, seed: 1.5 }), 'INVALID_OPTION', 'seed');
    expectClvError(
      () => simulateMbgNbd(CDNOW_MLE, { ...ok, horizon: 3 } as never),
      'INVALID_OPTION',
      'horizon',
    );
  });
});

describe('properties (fast-check)', () => {
  const positive = (min: number, max: number) =>
    fc.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map(Math.exp);
  const params = fc.record({
    r: positive(1e-2, 50),
    alpha: positive(1e-2, 1e3),
    a: positive(1e-2, 50),
    b: positive(1e-2, 50),
  });
  const customer = fc
    .record({
      x: fc.integer({ min: 0, max: 1000 }),
      T: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ x, T, share }) => ({ x, T, tx: x === 0 ? 0 : T * share }));

  it('P(alive) ∈ [0, 1]; at x = 0 it is 1 / (1 + a/b ((α + T)/α)^r), below 1', () => {
    fc.assert(
      fc.property(params, fc.array(customer, { minLength: 1, maxLength: 20 }), (p, cs) => {
        const alive = mbgNbdProbabilityAlive(
          fitWith(p),
          rows(
            cs.map((c) => c.x),
            cs.map((c) => c.tx),
            cs.map((c) => c.T),
          ),
        );
        cs.forEach((c, i) => {
          expect(alive[i]).toBeGreaterThanOrEqual(0);
          expect(alive[i]).toBeLessThanOrEqual(1);
          if (c.x === 0) {
            const odds = (p.a / p.b) * ((p.alpha + c.T) / p.alpha) ** p.r;
            expectClose(alive[i]!, 1 / (1 + odds), 1e-12);
            if (odds > 1e-15) expect(alive[i]).toBeLessThan(1);
          }
        });
      }),
    );
  });

  it('E[X(t)] is finite, ≥ 0 and grows with t', () => {
    fc.assert(
      fc.property(
        params,
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (p, t1, t2) => {
          const [low, high] = mbgNbdExpectedPurchases(fitWith(p), [
            Math.min(t1, t2),
            Math.max(t1, t2),
          ]);
          expect(Number.isFinite(high!)).toBe(true);
          expect(low).toBeGreaterThanOrEqual(0);
          expect(high!).toBeGreaterThanOrEqual(low! * (1 - 1e-10));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('conditional E is finite, ≥ 0 and grows with the horizon (every x, t_x)', () => {
    fc.assert(
      fc.property(
        params,
        customer,
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (p, c, horizon) => {
          const fit = fitWith(p);
          const summary = rows([c.x], [c.tx], [c.T]);
          const [now] = mbgNbdConditionalExpectedPurchases(fit, summary, horizon);
          const [later] = mbgNbdConditionalExpectedPurchases(fit, summary, 2 * horizon);
          expect(Number.isFinite(later!)).toBe(true);
          expect(now).toBeGreaterThanOrEqual(0);
          expect(later!).toBeGreaterThanOrEqual(now! * (1 - 1e-10));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('weights-collapsed and expanded (shuffled) data give the same fit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 800, maxLength: 800 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (seed, counts, shuffleSeed) => {
          const base = simulated(800, seed);
          const expandedRows: [number, number, number][] = [];
          counts.forEach((k, i) => {
            for (let j = 0; j < k; j++) {
              expandedRows.push([base.frequency[i]!, base.recency[i]!, base.T[i]!]);
            }
          });
          let state = shuffleSeed;
          for (let i = expandedRows.length - 1; i > 0; i--) {
            state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
            const j = state % (i + 1);
            [expandedRows[i], expandedRows[j]] = [expandedRows[j]!, expandedRows[i]!];
          }
          const expanded = rows(
            expandedRows.map((row) => row[0]),
            expandedRows.map((row) => row[1]),
            expandedRows.map((row) => row[2]),
          );
          const weighted = fitMbgNbd(base, { weights: counts });
          const plain = fitMbgNbd(expanded);
          for (const name of NAMES) expectClose(plain.params[name], weighted.params[name], 1e-8);
          expectClose(plain.logLikelihood, weighted.logLikelihood, 1e-12);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('JSON round trip through loadModel is exact', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 3, max: 400 }),
        fc.constantFrom(0, 0.01, 1),
        (seed, customers, penalty) => {
          const summary = simulated(customers, seed);
          if (summary.frequency.every((x) => x === 0)) return;
          const fit = fitMbgNbd(summary, { penalty });
          const loaded = loadModel(JSON.parse(JSON.stringify(fit)), { kind: 'mbg-nbd' });
          expect(loaded).toStrictEqual(fit);
        },
      ),
      { numRuns: 25 },
    );
  });
});
