import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvError } from '../../src/errors/index.js';
import { logBeta, logGamma, numericalHessian } from '../../src/math/index.js';
import {
  type BgNbdFit,
  type BgNbdParams,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  probabilityAlive,
  probabilityOfPurchases,
} from '../../src/models/bg-nbd/index.js';
import {
  bgNbdHessian,
  bgNbdLogLikelihood,
  prepareBgNbdData,
} from '../../src/models/bg-nbd/likelihood.js';
import { loadModel } from '../../src/models/load.js';
import { collapseRows } from '../../src/models/shared.js';
import { simulateTransactionColumns } from '../../src/simulate/index.js';
import {
  type CustomerSummary,
  summarizeTransactions,
  summaryFromColumns,
} from '../../src/summary/index.js';

const CDNOW_MLE: BgNbdParams = { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 };

/** A fit holding given parameters (for scoring at chosen values). */
function fitWith(params: BgNbdParams, timeUnit: BgNbdFit['timeUnit'] = 'week'): BgNbdFit {
  return {
    kind: 'bg-nbd',
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

/** A CDNOW-like weekly summary simulated from the BG/NBD process. */
function simulated(customers: number, seed: number | string): CustomerSummary {
  const start = new Date('2024-01-01T00:00:00Z');
  const log = simulateTransactionColumns({
    customers,
    start,
    horizon: 52,
    unit: 'week',
    bgNbd: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 },
    acquisition: { window: 12 },
    seed,
  });
  const ids = log.customers.ids;
  const customerId = Array.from(log.customerIndex, (k) => ids[k]!);
  return summarizeTransactions(
    { customerId, date: log.time, amount: log.amount },
    { unit: 'week', observationEnd: new Date(start.getTime() + 52 * 7 * 86_400_000) },
  );
}

const relativeError = (actual: number, expected: number) =>
  Math.abs(actual - expected) / Math.abs(expected);

function thrown(action: () => unknown): ClvError {
  try {
    action();
  } catch (error) {
    if (error instanceof ClvError) return error;
    throw error;
  }
  throw new Error('expected a ClvError');
}

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

describe('log-likelihood (eq. 6) and its analytic derivatives', () => {
  const summary = simulated(2000, 'likelihood');
  const data = prepareBgNbdData(collapseRows(summary.frequency, summary.recency, summary.T));
  const point = [0.5, 2, 1.3, 4] as const;

  it('equals eq. 6 summed customer by customer', () => {
    const [r, alpha, a, b] = point;
    let direct = 0;
    for (let i = 0; i < summary.ids.length; i++) {
      const x = summary.frequency[i]!;
      const tx = summary.recency[i]!;
      const T = summary.T[i]!;
      const common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
      const first = logBeta(a, b + x) - logBeta(a, b) + common - (r + x) * Math.log(alpha + T);
      const second =
        logBeta(a + 1, b + x - 1) - logBeta(a, b) + common - (r + x) * Math.log(alpha + tx);
      direct += x === 0 ? first : Math.log(Math.exp(first) + Math.exp(second));
    }
    expect(relativeError(bgNbdLogLikelihood(data, ...point), direct)).toBeLessThan(1e-12);
  });

  it('gradient and Hessian match central differences (numericalHessian of the gradient)', () => {
    const gradient = new Float64Array(4);
    const hessian = new Float64Array(16);
    const ll = bgNbdHessian(data, ...point, gradient, hessian);
    expect(ll).toBe(bgNbdLogLikelihood(data, ...point));
    const h = 1e-6;
    for (let i = 0; i < 4; i++) {
      const step = h * point[i]!;
      const up = point.map((v, j) => (j === i ? v + step : v)) as [number, number, number, number];
      const down = point.map((v, j) => (j === i ? v - step : v)) as [
        number,
        number,
        number,
        number,
      ];
      const slope =
        (bgNbdLogLikelihood(data, ...up) - bgNbdLogLikelihood(data, ...down)) / (2 * step);
      expect(relativeError(gradient[i]!, slope)).toBeLessThan(1e-6);
    }
    const numeric = numericalHessian(
      (p, g) => bgNbdLogLikelihood(data, p[0]!, p[1]!, p[2]!, p[3]!, g),
      point,
    );
    for (let k = 0; k < 16; k++) {
      expect(Math.abs(hessian[k]! - numeric[k]!)).toBeLessThan(1e-7 * Math.abs(hessian[k]!) + 1e-9);
    }
  });
});

describe('fitBgNbd: result shape and options', () => {
  const summary = simulated(3000, 'shape');

  it('returns frozen plain data with the documented fields', () => {
    const fit = fitBgNbd(summary);
    expect(fit.kind).toBe('bg-nbd');
    expect(fit.schemaVersion).toBe(1);
    expect(fit.timeUnit).toBe('week');
    expect(Object.keys(fit.params)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(Object.isFrozen(fit)).toBe(true);
    expect(Object.isFrozen(fit.params)).toBe(true);
    expect(Object.isFrozen(fit.diagnostics.warnings)).toBe(true);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.customers).toBe(3000);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    expect(fit.penalty).toBeUndefined();
    expect('penalty' in fit).toBe(false);
    for (const name of NAMES) expect(fit.standardErrors![name]).toBeGreaterThan(0);
  });

  it('weights: a row of weight k is k identical customers; weight 0 drops a row', () => {
    const expanded = rows(
      [2, 2, 2, 0, 5, 1, 0, 0],
      [30, 30, 30, 0, 35, 3, 0, 0],
      [38, 38, 38, 38, 38, 20, 20, 20],
    );
    const weighted = rows([2, 0, 5, 1, 0, 7], [30, 0, 35, 3, 0, 1], [38, 38, 38, 20, 20, 9]);
    const a = fitBgNbd(expanded, { penalty: 0.05 });
    const b = fitBgNbd(weighted, { weights: [3, 1, 1, 1, 2, 0], penalty: 0.05 });
    for (const name of NAMES)
      expect(relativeError(b.params[name], a.params[name])).toBeLessThan(1e-8);
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 9);
    expect(b.diagnostics.customers).toBe(8);
  });

  it('penalty: lifetimes-style c·Σθ² on the mean −LL shrinks the parameters; LL stays unpenalised', () => {
    const free = fitBgNbd(summary);
    const penalised = fitBgNbd(summary, { penalty: 0.1 });
    expect(penalised.penalty).toBe(0.1);
    expect(penalised.params.alpha).toBeLessThan(free.params.alpha);
    expect(penalised.logLikelihood).toBeLessThan(free.logLikelihood);
  });

  it('starts: several starts reach the same optimum', () => {
    const fit = fitBgNbd(summary, {
      starts: [
        { r: 1, alpha: 1, a: 1, b: 1 },
        { r: 0.1, alpha: 50, a: 3, b: 0.5 },
      ],
    });
    const reference = fitBgNbd(summary);
    for (const name of NAMES) {
      expect(relativeError(fit.params[name], reference.params[name])).toBeLessThan(1e-6);
    }
  });

  it('a fit stopped early says so in diagnostics and through onWarning', () => {
    const messages: string[] = [];
    const fit = fitBgNbd(summary, { maxIterations: 1, onWarning: (m) => messages.push(m) });
    expect(fit.diagnostics.converged).toBe(false);
    expect(fit.diagnostics.warnings.length).toBeGreaterThan(0);
    expect(fit.diagnostics.warnings[0]).toMatch(/did not converge after/);
    expect(messages).toEqual(fit.diagnostics.warnings);
    for (const name of NAMES) expect(Number.isFinite(fit.params[name])).toBe(true);
  });

  it('rejects bad options with INVALID_OPTION naming the option', () => {
    const cases: [unknown, string][] = [
      [{ penalty: -1 }, 'penalty'],
      [{ penalty: Number.NaN }, 'penalty'],
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
      const error = thrown(() => fitBgNbd(summary, options as never));
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.field).toBe(field);
    }
  });

  it('rejects unusable summary rows naming row and field', () => {
    const bad = {
      ...rows([1, 2], [3, 4], [5, 6]),
      recency: Float64Array.of(3, 7),
    } as CustomerSummary;
    const error = thrown(() => fitBgNbd(bad));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.row).toBe(2);
    expect(error.field).toBe('recency');
    const fractional = { ...rows([1, 2], [3, 4], [5, 6]), frequency: Float64Array.of(1, 1.5) };
    expect(thrown(() => fitBgNbd(fractional as CustomerSummary)).field).toBe('frequency');
    expect(thrown(() => fitBgNbd({} as CustomerSummary)).field).toBe('summary');
  });
});

describe('fitBgNbd: hard cases', () => {
  it('all-zero frequency: FIT_FAILED explaining that BG/NBD is not identified', () => {
    const error = thrown(() => fitBgNbd(rows([0, 0, 0], [0, 0, 0], [10, 20, 30])));
    expect(error.code).toBe('FIT_FAILED');
    expect(error.field).toBe('frequency');
    expect(error.message).toMatch(/not identified/);
    // Also when the only repeat buyers have weight 0.
    expect(thrown(() => fitBgNbd(rows([0, 3], [0, 5], [10, 20]), { weights: [1, 0] })).code).toBe(
      'FIT_FAILED',
    );
  });

  it('empty summary: EMPTY_INPUT', () => {
    expect(thrown(() => fitBgNbd(rows([], [], []))).code).toBe('EMPTY_INPUT');
  });

  it('a single customer: finite parameters, flagged as not identified, never NaN', () => {
    const warnings: string[] = [];
    const fit = fitBgNbd(rows([3], [20], [30]), { onWarning: (m) => warnings.push(m) });
    for (const name of NAMES) {
      expect(Number.isFinite(fit.params[name])).toBe(true);
      expect(fit.params[name]).toBeGreaterThan(0);
    }
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    expect(fit.standardErrors).toBeUndefined();
    expect(warnings.some((m) => /standard errors unavailable/.test(m))).toBe(true);
    expect(loadModel(JSON.parse(JSON.stringify(fit)))).toStrictEqual(fit);
  });

  it('customers with hundreds of purchases in the data fit and score finitely', () => {
    const base = simulated(2000, 'heavy');
    const heavy = summaryFromColumns({
      ids: [...base.ids, 'h1', 'h2'],
      frequency: [...base.frequency, 300, 500],
      recency: [...base.recency, 51, 40],
      T: [...base.T, 52, 52],
      unit: 'week',
    });
    const fit = fitBgNbd(heavy);
    for (const name of NAMES) expect(Number.isFinite(fit.params[name])).toBe(true);
    for (const values of [
      probabilityAlive(fit, heavy),
      conditionalExpectedPurchases(fit, heavy, 52),
    ]) {
      expect(values.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('scoring: exact cases and references (mpmath 1.3.0, 40–300 digits, eqs. 8–10 written out)', () => {
  const fit = fitWith(CDNOW_MLE);

  it('x = 300 and 301, t_x = T = 200: finite, smooth E[X(10)] (eq. 10)', () => {
    const values = conditionalExpectedPurchases(
      fit,
      rows([300, 301, 500, 300], [200, 200, 200, 150], [200, 200, 200, 200]),
      10,
    );
    expect(relativeError(values[0]!, 14.37513285756628)).toBeLessThan(1e-11);
    expect(relativeError(values[1]!, 14.42313060157547)).toBeLessThan(1e-11);
    expect(relativeError(values[2]!, 23.97474111518486)).toBeLessThan(1e-11);
    // Bought 300 times, then silent for 50 weeks: almost surely gone.
    expect(relativeError(values[3]!, 1.4517201777153319e-33)).toBeLessThan(1e-11);
    const far = conditionalExpectedPurchases(fit, rows([500], [2000], [2000]), 52);
    expect(relativeError(far[0]!, 12.826454680864623)).toBeLessThan(1e-11);
  });

  it('smooth in x up to 600: second differences of ln E are small, no NaN or overflow', () => {
    // Silent for 10 of 200 weeks: E rises with x, then falls as P(alive) collapses — smoothly.
    const x = Array.from({ length: 600 }, (_, i) => i + 1);
    const summary = rows(
      x,
      x.map(() => 190),
      x.map(() => 200),
    );
    const expected = conditionalExpectedPurchases(fit, summary, 10);
    const alive = probabilityAlive(fit, summary);
    const logE = Array.from(expected, Math.log);
    for (let i = 0; i < x.length; i++) {
      expect(Number.isFinite(logE[i]!)).toBe(true);
      expect(alive[i]).toBeGreaterThan(0);
      expect(alive[i]).toBeLessThanOrEqual(1);
    }
    for (let i = 2; i < x.length; i++) {
      const curvature = Math.abs(logE[i]! - 2 * logE[i - 1]! + logE[i - 2]!);
      expect(curvature).toBeLessThan(i >= 100 ? 1e-3 : 0.3);
    }
  });

  it('P(alive): 1 without repeat purchases, references in the far tail', () => {
    const alive = probabilityAlive(fit, rows([0, 300, 30], [0, 150, 20], [38, 200, 38]));
    expect(alive[0]).toBe(1);
    expect(relativeError(alive[1]!, 1.007233484186951e-34)).toBeLessThan(1e-11);
    expect(relativeError(alive[2]!, 2.2063144484682384e-6)).toBeLessThan(1e-11);
    // Paper's customer: 1 / (1 + a/(b + 1) ((α + T)/(α + t_x))^(r + 2)).
    const [paper] = probabilityAlive(fit, rows([2], [30.43], [38.86]));
    const { r, alpha, a, b } = CDNOW_MLE;
    const direct = 1 / (1 + (a / (b + 1)) * ((alpha + 38.86) / (alpha + 30.43)) ** (r + 2));
    expect(relativeError(paper!, direct)).toBeLessThan(1e-14);
  });

  it('E[X(t)] for long horizons (eq. 9)', () => {
    const [t1e4, t1e6] = expectedPurchases(fit, [1e4, 1e6]);
    expect(relativeError(t1e4!, 15.055069940990579)).toBeLessThan(1e-11);
    expect(relativeError(t1e6!, 53.52181529413589)).toBeLessThan(1e-11);
    expect(expectedPurchases(fit, 0)[0]).toBe(0);
  });

  it('a = 1 and a + b = 1 (removable singularities of eqs. 9–10) are bridged', () => {
    const atOne = fitWith({ r: 0.5, alpha: 3, a: 1, b: 2 });
    expect(relativeError(expectedPurchases(atOne, 10)[0]!, 1.0272919157778269)).toBeLessThan(1e-11);
    const [conditional] = conditionalExpectedPurchases(atOne, rows([3], [5], [8]), 10);
    expect(relativeError(conditional!, 1.38119033374602)).toBeLessThan(1e-11);
    const sumOne = fitWith({ r: 0.5, alpha: 3, a: 0.4, b: 0.6 });
    expect(relativeError(expectedPurchases(sumOne, 10)[0]!, 1.0324029878672751)).toBeLessThan(
      1e-10,
    );
    // Continuous across the band around a = 1.
    const near = [1 - 2e-3, 1 - 1e-3, 1 - 1e-9, 1, 1 + 1e-9, 1 + 1e-3, 1 + 2e-3].map(
      (a) => expectedPurchases(fitWith({ r: 0.5, alpha: 3, a, b: 2 }), 10)[0]!,
    );
    for (let i = 1; i < near.length; i++) {
      expect(Math.abs(near[i]! - near[i - 1]!)).toBeLessThan(1e-3);
    }
  });

  it('P(X(t) = n) (eq. 8) keeps relative accuracy far in the tail', () => {
    const values = probabilityOfPurchases(fit, [200, 100, 5], [1000, 2, 39]);
    expect(relativeError(values[0]!, 2.456795271713645e-5)).toBeLessThan(1e-11);
    // 1 − Σ would cancel to nothing here: the tail is summed directly.
    expect(relativeError(values[1]!, 9.28521173581007e-55)).toBeLessThan(1e-11);
    expect(relativeError(values[2]!, 0.01793839354285499)).toBeLessThan(1e-11);
  });

  it('P(X(t) = n) sums to 1 over n and its mean is E[X(t)] (eq. 8 against eq. 9)', () => {
    for (const t of [1, 39, 200]) {
      const n = Array.from({ length: 2000 }, (_, i) => i);
      const p = probabilityOfPurchases(fit, n, t);
      let total = 0;
      let mean = 0;
      for (let i = 0; i < n.length; i++) {
        total += p[i]!;
        mean += i * p[i]!;
      }
      expect(Math.abs(total - 1)).toBeLessThan(1e-9);
      expect(relativeError(mean, expectedPurchases(fit, t)[0]!)).toBeLessThan(1e-8);
    }
  });

  it('P(X(t) = n): broadcasting, t = 0, validation', () => {
    expect(Array.from(probabilityOfPurchases(fit, [0, 1, 2], 0))).toEqual([1, 0, 0]);
    const broadcast = probabilityOfPurchases(fit, 3, [1, 2]);
    expect(broadcast).toHaveLength(2);
    expect(broadcast[0]).toBe(probabilityOfPurchases(fit, 3, 1)[0]);
    expect(thrown(() => probabilityOfPurchases(fit, 1.5, 1)).field).toBe('n');
    expect(thrown(() => probabilityOfPurchases(fit, -1, 1)).field).toBe('n');
    expect(thrown(() => probabilityOfPurchases(fit, 1, -1)).field).toBe('t');
    expect(thrown(() => probabilityOfPurchases(fit, [1, 2], [1, 2, 3])).code).toBe(
      'INVALID_OPTION',
    );
  });

  it('horizons in another unit and summaries in another unit are converted', () => {
    const weekly = rows([2], [30.43], [38.86]);
    const daily = rows([2], [30.43 * 7], [38.86 * 7], 'day');
    const inWeeks = conditionalExpectedPurchases(fit, weekly, 39)[0]!;
    expect(
      relativeError(conditionalExpectedPurchases(fit, weekly, 273, { unit: 'day' })[0]!, inWeeks),
    ).toBeLessThan(1e-13);
    expect(relativeError(conditionalExpectedPurchases(fit, daily, 39)[0]!, inWeeks)).toBeLessThan(
      1e-13,
    );
    expect(
      relativeError(probabilityAlive(fit, daily)[0]!, probabilityAlive(fit, weekly)[0]!),
    ).toBeLessThan(1e-13);
    expect(
      relativeError(
        expectedPurchases(fit, 1, { unit: 'year' })[0]!,
        expectedPurchases(fit, 365.25 / 7)[0]!,
      ),
    ).toBeLessThan(1e-13);
    expect(conditionalExpectedPurchases(fit, weekly, 0)[0]).toBe(0);
  });

  it('rejects invalid fits and horizons', () => {
    const summary = rows([1], [1], [2]);
    expect(thrown(() => probabilityAlive({ kind: 'gamma-gamma' } as never, summary)).code).toBe(
      'INVALID_OPTION',
    );
    expect(
      thrown(() => probabilityAlive(fitWith({ ...CDNOW_MLE, a: Number.NaN }), summary)).field,
    ).toBe('fit.params.a');
    expect(thrown(() => conditionalExpectedPurchases(fit, summary, -1)).field).toBe('horizon');
    expect(
      thrown(() => conditionalExpectedPurchases(fit, summary, Number.POSITIVE_INFINITY)).field,
    ).toBe('horizon');
    expect(thrown(() => expectedPurchases(fit, [1, Number.NaN])).field).toBe('t');
    expect(thrown(() => expectedPurchases(fit, 1, { unit: 'fortnight' as never })).field).toBe(
      'unit',
    );
  });

  it('batch scoring (interpolated 2F1 for large groups) matches one-by-one scoring', () => {
    const summary = simulated(5000, 'batch');
    const fitted = fitBgNbd(summary);
    for (const horizon of [0.5, 52, 520]) {
      const batch = conditionalExpectedPurchases(fitted, summary, horizon);
      for (let i = 0; i < summary.ids.length; i += 97) {
        const [single] = conditionalExpectedPurchases(
          fitted,
          rows([summary.frequency[i]!], [summary.recency[i]!], [summary.T[i]!]),
          horizon,
        );
        expect(relativeError(batch[i]!, single!)).toBeLessThan(1e-12);
      }
    }
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

  it('P(alive) ∈ [0, 1], and 1 when x = 0', () => {
    fc.assert(
      fc.property(params, fc.array(customer, { minLength: 1, maxLength: 20 }), (p, cs) => {
        const alive = probabilityAlive(
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
          if (c.x === 0) expect(alive[i]).toBe(1);
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
          const [low, high] = expectedPurchases(fitWith(p), [Math.min(t1, t2), Math.max(t1, t2)]);
          expect(Number.isFinite(high!)).toBe(true);
          expect(low).toBeGreaterThanOrEqual(0);
          expect(high!).toBeGreaterThanOrEqual(low! * (1 - 1e-10));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('conditional E grows with the horizon and with x ≥ 1 for a customer who just bought (t_x = T)', () => {
    // From x = 0 to 1 it may fall: P(alive) drops from 1 to b / (a + b) (see below).
    fc.assert(
      fc.property(
        params,
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (p, x, T, horizon) => {
          const fit = fitWith(p);
          const summary = rows([x, x + 1], [T, T], [T, T]);
          const [now, more] = conditionalExpectedPurchases(fit, summary, horizon);
          const [, later] = conditionalExpectedPurchases(fit, summary, 2 * horizon);
          expect(Number.isFinite(more!)).toBe(true);
          expect(more!).toBeGreaterThanOrEqual(now! * (1 - 1e-10));
          expect(later!).toBeGreaterThanOrEqual(more! * (1 - 1e-10));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('(not a property) at low recency, more purchases can mean fewer expected: the BG/NBD dropout logic', () => {
    // Bought often early, silent since: likely gone (Fader, Hardie & Lee 2005, fig. 4).
    const [few, many] = conditionalExpectedPurchases(
      fitWith(CDNOW_MLE),
      rows([1, 10], [5, 5], [38, 38]),
      39,
    );
    expect(many!).toBeLessThan(few!);
    // And from x = 0 to x = 1 even at t_x = T (mpmath, 60 digits: 0.0090498355199141 and
    // 0.0090498355190711 for r = α = b = 1, a = 1 + 1.86e-10, T = 0.1, horizon 0.01).
    const [none, one] = conditionalExpectedPurchases(
      fitWith({ r: 1, alpha: 1, a: 1.000000000186012, b: 1 }),
      rows([0, 1], [0, 0.1], [0.1, 0.1]),
      0.01,
    );
    expect(relativeError(none!, 0.0090498355199141)).toBeLessThan(1e-10);
    expect(relativeError(one!, 0.0090498355190711)).toBeLessThan(1e-10);
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
          const weighted = fitBgNbd(base, { weights: counts });
          const plain = fitBgNbd(expanded);
          for (const name of NAMES) {
            expect(relativeError(plain.params[name], weighted.params[name])).toBeLessThan(1e-8);
          }
          expect(relativeError(plain.logLikelihood, weighted.logLikelihood)).toBeLessThan(1e-12);
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
          const fit = fitBgNbd(summary, { penalty });
          const loaded = loadModel(JSON.parse(JSON.stringify(fit)), { kind: 'bg-nbd' });
          expect(loaded).toStrictEqual(fit);
          expect(Object.isFrozen(loaded.params)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('customer order does not change the fit', () => {
    const summary = simulated(1500, 'order');
    const n = summary.ids.length;
    const reversed = rows(
      Array.from({ length: n }, (_, i) => summary.frequency[n - 1 - i]!),
      Array.from({ length: n }, (_, i) => summary.recency[n - 1 - i]!),
      Array.from({ length: n }, (_, i) => summary.T[n - 1 - i]!),
    );
    const a = fitBgNbd(summary);
    const b = fitBgNbd(reversed);
    for (const name of NAMES)
      expect(relativeError(b.params[name], a.params[name])).toBeLessThan(1e-8);
  });
});
