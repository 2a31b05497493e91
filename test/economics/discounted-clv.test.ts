import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DISCOUNTED_CLV_DEFAULTS,
  discountedClv,
  discountedClvColumns,
} from '../../src/economics/index.js';
import { bruteForceClv, expectClose, expectClvError } from './helpers.js';

// Tolerances: closed forms against hand values 1e-14 relative; against the brute-force loop
// (which accumulates T roundings in r^t and (1+d)^t) 1e-11 relative.

describe('discountedClv: exact small cases (hand-computed)', () => {
  it("'end' timing, two periods: 100·0.8/1.1 + 100·0.8²/1.1² = 15200/121", () => {
    expectClose(
      discountedClv({ margin: 100, retention: 0.8, discountRate: 0.1, periods: 2 }),
      15200 / 121,
      1e-14,
    );
  });

  it("'start' timing, two periods: 100 + 100·0.8/1.1 = 1900/11", () => {
    expectClose(
      discountedClv({
        margin: 100,
        retention: 0.8,
        discountRate: 0.1,
        periods: 2,
        timing: 'start',
      }),
      1900 / 11,
      1e-14,
    );
  });

  it('infinite horizon: m·r/(1+d−r) = 800/3 and m(1+d)/(1+d−r) = 1100/3', () => {
    expectClose(
      discountedClv({ margin: 100, retention: 0.8, discountRate: 0.1, periods: Infinity }),
      800 / 3,
      1e-14,
    );
    expectClose(
      discountedClv({
        margin: 100,
        retention: 0.8,
        discountRate: 0.1,
        periods: Infinity,
        timing: 'start',
      }),
      1100 / 3,
      1e-14,
    );
  });

  it('q = 1 (r = 1, d = 0) gives m·T under both timings', () => {
    expect(discountedClv({ margin: 7, retention: 1, discountRate: 0, periods: 5 })).toBe(35);
    expect(
      discountedClv({ margin: 7, retention: 1, discountRate: 0, periods: 5, timing: 'start' }),
    ).toBe(35);
  });

  it('r = 0: nothing after acquisition; the start convention keeps the first margin', () => {
    expect(discountedClv({ margin: 50, retention: 0, discountRate: 0.1, periods: 10 })).toBe(0);
    expect(
      discountedClv({ margin: 50, retention: 0, discountRate: 0.1, periods: 10, timing: 'start' }),
    ).toBe(50);
    expect(
      discountedClv({
        margin: 50,
        retention: 0,
        discountRate: 0.1,
        periods: Infinity,
        timing: 'start',
      }),
    ).toBe(50);
  });

  it('zero periods is worth nothing', () => {
    expect(discountedClv({ margin: 50, retention: 0.9, discountRate: 0.1, periods: 0 })).toBe(0);
    expect(
      discountedClv({ margin: 50, retention: 0.9, discountRate: 0.1, periods: 0, timing: 'start' }),
    ).toBe(0);
  });

  it('a negative discount rate above −1 is allowed for a finite horizon: 10·(1/0.9 + 1/0.81)', () => {
    expectClose(
      discountedClv({ margin: 10, retention: 1, discountRate: -0.1, periods: 2 }),
      10 / 0.9 + 10 / 0.81,
      1e-14,
    );
  });

  it('cohort arrays: margins [100, 100], retention [0.5, 0.9], d = 0 → 50 + 45 = 95', () => {
    expect(discountedClv({ margin: [100, 100], retention: [0.5, 0.9], discountRate: 0 })).toBe(95);
  });

  it("cohort arrays with 'start': 100 + 100·0.5 = 150 (periods default to 2, the margins)", () => {
    expect(
      discountedClv({
        margin: [100, 100],
        retention: [0.5, 0.9],
        discountRate: 0,
        timing: 'start',
      }),
    ).toBe(150);
  });

  it("'start' with a retention curve of length L covers L + 1 cash flows", () => {
    // t = 0: 10; t = 1: 10·0.5; t = 2: 10·0.5·0.5  → 17.5
    expect(
      discountedClv({ margin: 10, retention: [0.5, 0.5], discountRate: 0, timing: 'start' }),
    ).toBe(17.5);
  });

  it('per-period margins with a discount rate: 10·0.9/1.1 + 20·0.81/1.21 + 30·0.729/1.331', () => {
    expectClose(
      discountedClv({ margin: [10, 20, 30], retention: 0.9, discountRate: 0.1 }),
      (10 * 0.9) / 1.1 + (20 * 0.81) / 1.21 + (30 * 0.729) / 1.331,
      1e-14,
    );
  });

  it('a survival curve S(t) equals the conditional rates it comes from', () => {
    const conditional = [0.6, 0.8, 0.9, 0.95];
    const survival = [0.6, 0.48, 0.432, 0.4104];
    for (const timing of ['end', 'start'] as const) {
      expectClose(
        discountedClv({
          margin: 100,
          retention: survival,
          retentionCurve: 'survival',
          discountRate: 0.05,
          timing,
        }),
        discountedClv({ margin: 100, retention: conditional, discountRate: 0.05, timing }),
        1e-14,
      );
    }
  });

  it('periods may shorten the arrays', () => {
    expect(
      discountedClv({ margin: [100, 100, 100], retention: 0.5, discountRate: 0, periods: 1 }),
    ).toBe(50);
  });

  it('accepts Float64Array curves', () => {
    expect(
      discountedClv({
        margin: new Float64Array([100, 100]),
        retention: new Float64Array([0.5, 0.9]),
        discountRate: 0,
      }),
    ).toBe(95);
  });

  it('defaults are frozen and documented', () => {
    expect(DISCOUNTED_CLV_DEFAULTS).toEqual({ timing: 'end', retentionCurve: 'conditional' });
    expect(Object.isFrozen(DISCOUNTED_CLV_DEFAULTS)).toBe(true);
  });

  it('matches the values in its TSDoc example', () => {
    expect(discountedClv({ margin: 100, retention: 0.8, discountRate: 0.1, periods: 2 })).toBe(
      125.61983471074382,
    );
    expect(
      discountedClv({ margin: 100, retention: 0.8, discountRate: 0.1, periods: Infinity }),
    ).toBe(266.66666666666674);
    expect(
      discountedClv({
        margin: 100,
        retention: 0.8,
        discountRate: 0.1,
        periods: Infinity,
        timing: 'start',
      }),
    ).toBe(366.6666666666668);
  });
});

const retentionArb = fc.double({ min: 0, max: 1, noNaN: true });
const discountArb = fc.double({ min: -0.5, max: 1, noNaN: true });
const marginArb = fc.double({ min: -1000, max: 1000, noNaN: true });
const timingArb = fc.constantFrom('end' as const, 'start' as const);

describe('discountedClv: closed forms against the brute-force sum', () => {
  it('agrees with Σ m·r^t/(1+d)^t for random inputs (1e-11 relative)', () => {
    fc.assert(
      fc.property(
        marginArb,
        retentionArb,
        discountArb,
        fc.integer({ min: 0, max: 300 }),
        timingArb,
        (margin, retention, discountRate, periods, timing) => {
          const closed = discountedClv({ margin, retention, discountRate, periods, timing });
          const brute = bruteForceClv(margin, retention, discountRate, periods, timing);
          // Absolute floor: terms can be huge when d < 0, so compare against the largest term.
          const scale = Math.abs(margin) * Math.max(1, (retention / (1 + discountRate)) ** periods);
          expect(Math.abs(closed - brute)).toBeLessThanOrEqual(
            1e-11 * Math.max(scale, 1e-300) * Math.max(1, periods),
          );
        },
      ),
    );
  });

  it('stays accurate as q = r/(1+d) → 1 (the cancellation-free branch)', () => {
    for (const [retention, discountRate, periods] of [
      [0.999999, 0, 1000],
      [1, 1e-9, 5000],
      [0.99, -0.01 + 1e-12, 700],
      [0.995, 0.001, 2000],
      [1, -1e-7, 3000],
    ] as const) {
      for (const timing of ['end', 'start'] as const) {
        expectClose(
          discountedClv({ margin: 3, retention, discountRate, periods, timing }),
          bruteForceClv(3, retention, discountRate, periods, timing),
          1e-11,
        );
      }
    }
  });

  it('the array path (constant arrays) equals the scalar closed form', () => {
    fc.assert(
      fc.property(
        marginArb,
        retentionArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        timingArb,
        (margin, retention, discountRate, periods, timing) => {
          const scalar = discountedClv({ margin, retention, discountRate, periods, timing });
          const arrays = discountedClv({
            margin: new Array(periods).fill(margin),
            retention: new Array(periods).fill(retention),
            discountRate,
            timing,
          });
          expect(Math.abs(arrays - scalar)).toBeLessThanOrEqual(
            1e-12 * Math.abs(margin) * periods + 1e-300,
          );
        },
      ),
    );
  });
});

describe('discountedClv: properties', () => {
  it('rises with retention (m > 0)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 0.98, noNaN: true }),
        fc.double({ min: 0.001, max: 0.02, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constant(Infinity)),
        timingArb,
        (margin, retention, step, discountRate, periods, timing) => {
          const low = discountedClv({ margin, retention, discountRate, periods, timing });
          const high = discountedClv({
            margin,
            retention: retention + step,
            discountRate,
            periods,
            timing,
          });
          if (timing === 'start' && periods === 1) expect(high).toBe(low);
          else expect(high).toBeGreaterThan(low);
        },
      ),
    );
  });

  it('falls with the discount rate (m > 0, r > 0)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        fc.oneof(fc.integer({ min: 2, max: 400 }), fc.constant(Infinity)),
        timingArb,
        (margin, retention, discountRate, step, periods, timing) => {
          const low = discountedClv({ margin, retention, discountRate, periods, timing });
          const high = discountedClv({
            margin,
            retention,
            discountRate: discountRate + step,
            periods,
            timing,
          });
          expect(high).toBeLessThan(low);
        },
      ),
    );
  });

  it('finite sums approach the infinite closed form: CLV∞ − CLV(T) = q^T · CLV∞', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 500 }),
        timingArb,
        (margin, retention, discountRate, periods, timing) => {
          const infinite = discountedClv({
            margin,
            retention,
            discountRate,
            periods: Infinity,
            timing,
          });
          const finite = discountedClv({ margin, retention, discountRate, periods, timing });
          const q = retention / (1 + discountRate);
          expect(finite).toBeLessThanOrEqual(infinite * (1 + 1e-14) + 1e-300);
          expect(Math.abs(infinite - finite - q ** periods * infinite)).toBeLessThanOrEqual(
            1e-12 * infinite + 1e-300,
          );
        },
      ),
    );
  });

  it('a long horizon reaches the infinite value (q ≤ 0.9, T = 2000: 1e-13 relative)', () => {
    for (const timing of ['end', 'start'] as const) {
      expectClose(
        discountedClv({ margin: 42, retention: 0.9, discountRate: 0.05, periods: 2000, timing }),
        discountedClv({
          margin: 42,
          retention: 0.9,
          discountRate: 0.05,
          periods: Infinity,
          timing,
        }),
        1e-13,
      );
    }
  });

  it('timing relations: start(T) = m + end(T − 1) and start(T)·r = end(T)·(1 + d)', () => {
    fc.assert(
      fc.property(
        marginArb,
        retentionArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 300 }),
        (margin, retention, discountRate, periods) => {
          const start = discountedClv({
            margin,
            retention,
            discountRate,
            periods,
            timing: 'start',
          });
          const endShorter = discountedClv({
            margin,
            retention,
            discountRate,
            periods: periods - 1,
          });
          const end = discountedClv({ margin, retention, discountRate, periods });
          const tolerance = 1e-12 * Math.abs(margin) * periods + 1e-300;
          expect(Math.abs(start - (margin + endShorter))).toBeLessThanOrEqual(tolerance);
          expect(Math.abs(start * retention - end * (1 + discountRate))).toBeLessThanOrEqual(
            tolerance * 2,
          );
        },
      ),
    );
  });

  it('timing relation on arrays: start(m, r) = m[0] + end(m[1..], r)', () => {
    fc.assert(
      fc.property(
        fc.array(marginArb, { minLength: 2, maxLength: 30 }),
        fc.array(retentionArb, { minLength: 30, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (margins, retention, discountRate) => {
          const periods = margins.length;
          const start = discountedClv({
            margin: margins,
            retention,
            discountRate,
            periods,
            timing: 'start',
          });
          const end = discountedClv({
            margin: margins.slice(1),
            retention,
            discountRate,
            periods: periods - 1,
          });
          expect(Math.abs(start - (margins[0]! + end))).toBeLessThanOrEqual(1e-9);
        },
      ),
    );
  });

  it('infinite horizon: the infinite value equals m·r/(1+d−r) for random inputs', () => {
    fc.assert(
      fc.property(
        marginArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        (margin, retention, discountRate) => {
          expectClose(
            discountedClv({ margin, retention, discountRate, periods: Infinity }),
            (margin * retention) / (1 + discountRate - retention),
            1e-12,
          );
        },
      ),
    );
  });
});

describe('discountedClv: invalid economics name the argument', () => {
  const base = { margin: 100, retention: 0.8, discountRate: 0.1, periods: 10 };

  it('retention outside [0, 1] or NaN', () => {
    expectClvError(
      () => discountedClv({ ...base, retention: 1.01 }),
      'INVALID_ARGUMENT',
      'retention',
    );
    expectClvError(
      () => discountedClv({ ...base, retention: -0.1 }),
      'INVALID_ARGUMENT',
      'retention',
    );
    expectClvError(
      () => discountedClv({ ...base, retention: Number.NaN }),
      'INVALID_ARGUMENT',
      'retention',
    );
    expectClvError(
      () => discountedClv({ ...base, retention: [0.9, 1.2], periods: 2 }),
      'INVALID_ARGUMENT',
      'retention[1]',
    );
  });

  it('discount rate ≤ −1, NaN or infinite', () => {
    expectClvError(
      () => discountedClv({ ...base, discountRate: -1 }),
      'INVALID_ARGUMENT',
      'discountRate',
    );
    expectClvError(
      () => discountedClv({ ...base, discountRate: -2 }),
      'INVALID_ARGUMENT',
      'discountRate',
    );
    expectClvError(
      () => discountedClv({ ...base, discountRate: Number.NaN }),
      'INVALID_ARGUMENT',
      'discountRate',
    );
    expectClvError(
      () => discountedClv({ ...base, discountRate: Infinity }),
      'INVALID_ARGUMENT',
      'discountRate',
    );
  });

  it('infinite horizon with r ≥ 1 + d', () => {
    const error = expectClvError(
      () => discountedClv({ ...base, retention: 1, discountRate: 0, periods: Infinity }),
      'INVALID_ARGUMENT',
      'retention',
    );
    expect(error.message).toContain('diverges');
    expectClvError(
      () => discountedClv({ ...base, retention: 0.95, discountRate: -0.1, periods: Infinity }),
      'INVALID_ARGUMENT',
      'retention',
    );
  });

  it('margin NaN or infinite, also inside an array', () => {
    expectClvError(
      () => discountedClv({ ...base, margin: Number.NaN }),
      'INVALID_ARGUMENT',
      'margin',
    );
    expectClvError(
      () => discountedClv({ ...base, margin: Infinity }),
      'INVALID_ARGUMENT',
      'margin',
    );
    expectClvError(
      () => discountedClv({ ...base, margin: [1, Number.NaN], periods: 2 }),
      'INVALID_ARGUMENT',
      'margin[1]',
    );
  });

  it('periods negative, fractional, missing, beyond the arrays, or infinite with arrays', () => {
    expectClvError(() => discountedClv({ ...base, periods: -1 }), 'INVALID_ARGUMENT', 'periods');
    expectClvError(() => discountedClv({ ...base, periods: 2.5 }), 'INVALID_ARGUMENT', 'periods');
    expectClvError(
      () => discountedClv({ ...base, periods: Number.NaN }),
      'INVALID_ARGUMENT',
      'periods',
    );
    expectClvError(
      () => discountedClv({ ...base, periods: undefined }),
      'INVALID_ARGUMENT',
      'periods',
    );
    expectClvError(
      () => discountedClv({ ...base, margin: [1, 2], periods: 3 }),
      'INVALID_ARGUMENT',
      'periods',
    );
    expectClvError(
      () => discountedClv({ ...base, margin: [1, 2], periods: Infinity }),
      'INVALID_ARGUMENT',
      'periods',
    );
  });

  it('a rising survival curve, an unknown timing or curve', () => {
    expectClvError(
      () =>
        discountedClv({ ...base, retention: [0.5, 0.6], retentionCurve: 'survival', periods: 2 }),
      'INVALID_ARGUMENT',
      'retention[1]',
    );
    expectClvError(
      () => discountedClv({ ...base, timing: 'middle' as 'end' }),
      'INVALID_ARGUMENT',
      'timing',
    );
    expectClvError(
      () => discountedClv({ ...base, retentionCurve: 'hazard' as 'survival' }),
      'INVALID_ARGUMENT',
      'retentionCurve',
    );
  });

  it('a missing input object', () => {
    expectClvError(() => discountedClv(undefined as never), 'INVALID_ARGUMENT', 'input');
  });
});

describe('discountedClvColumns', () => {
  it('matches its TSDoc example', () => {
    expect(
      Array.from(
        discountedClvColumns({
          margin: new Float64Array([100, 50]),
          retention: new Float64Array([0.8, 0.5]),
          discountRate: 0.1,
          periods: Infinity,
        }),
      ),
    ).toEqual([266.66666666666674, 41.66666666666667]);
  });

  it('equals discountedClv customer by customer (both timings, finite and infinite)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(marginArb, fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 50,
        }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constant(Infinity)),
        timingArb,
        (customers, discountRate, periods, timing) => {
          const margin = Float64Array.from(customers, ([m]) => m);
          const retention = Float64Array.from(customers, ([, r]) => r);
          const out = discountedClvColumns({ margin, retention, discountRate, periods, timing });
          expect(out).toBeInstanceOf(Float64Array);
          expect(out.length).toBe(customers.length);
          customers.forEach(([m, r], i) => {
            expect(out[i]).toBe(
              discountedClv({ margin: m, retention: r, discountRate, periods, timing }),
            );
          });
        },
      ),
    );
  });

  it('broadcasts a shared margin or retention', () => {
    const byRetention = discountedClvColumns({
      margin: 10,
      retention: [0.5, 0.8],
      discountRate: 0,
      periods: 2,
    });
    expect(byRetention.length).toBe(2);
    expectClose(byRetention[0]!, 10 * 0.5 + 10 * 0.25, 1e-15);
    expectClose(byRetention[1]!, 10 * 0.8 + 10 * 0.8 * 0.8, 1e-15);
    const byMargin = discountedClvColumns({
      margin: [1, 2, 3],
      retention: 1,
      discountRate: 0,
      periods: 4,
      timing: 'start',
    });
    expect(Array.from(byMargin)).toEqual([4, 8, 12]);
  });

  it('does not modify its inputs', () => {
    const margin = new Float64Array([1, 2]);
    const retention = new Float64Array([0.3, 0.4]);
    discountedClvColumns({ margin, retention, discountRate: 0.1, periods: 5 });
    expect(Array.from(margin)).toEqual([1, 2]);
    expect(Array.from(retention)).toEqual([0.3, 0.4]);
  });

  it('names the customer at fault', () => {
    expectClvError(
      () =>
        discountedClvColumns({
          margin: new Float64Array([1, 2, 3]),
          retention: new Float64Array([0.5, 0.5, 1.5]),
          discountRate: 0.1,
          periods: 3,
        }),
      'INVALID_ARGUMENT',
      'retention[2]',
    );
    expectClvError(
      () =>
        discountedClvColumns({
          margin: new Float64Array([1, Number.NaN]),
          retention: 0.5,
          discountRate: 0.1,
          periods: 3,
        }),
      'INVALID_ARGUMENT',
      'margin[1]',
    );
    expectClvError(
      () =>
        discountedClvColumns({
          margin: 1,
          retention: new Float64Array([0.5, 1]),
          discountRate: 0,
          periods: Infinity,
        }),
      'INVALID_ARGUMENT',
      'retention[1]',
    );
  });

  it('does not coerce non-numbers in plain arrays', () => {
    expectClvError(
      () =>
        discountedClvColumns({
          margin: [1, '2' as unknown as number],
          retention: 0.5,
          discountRate: 0.1,
          periods: 3,
        }),
      'INVALID_ARGUMENT',
      'margin[1]',
    );
  });

  it('rejects mismatched lengths, two scalars, and bad shared values', () => {
    expectClvError(
      () =>
        discountedClvColumns({
          margin: new Float64Array(3),
          retention: new Float64Array(2),
          discountRate: 0.1,
          periods: 3,
        }),
      'INVALID_ARGUMENT',
      'retention',
    );
    expectClvError(
      () => discountedClvColumns({ margin: 1, retention: 0.5, discountRate: 0.1, periods: 3 }),
      'INVALID_ARGUMENT',
      'margin',
    );
    expectClvError(
      () => discountedClvColumns({ margin: [1], retention: 0.5, discountRate: -1, periods: 3 }),
      'INVALID_ARGUMENT',
      'discountRate',
    );
    expectClvError(
      () => discountedClvColumns({ margin: [1], retention: 0.5, discountRate: 0, periods: -3 }),
      'INVALID_ARGUMENT',
      'periods',
    );
    expectClvError(
      () => discountedClvColumns({ margin: [1], retention: 1, discountRate: 0, periods: Infinity }),
      'INVALID_ARGUMENT',
      'retention',
    );
  });

  it('handles an empty column', () => {
    expect(
      discountedClvColumns({
        margin: new Float64Array(0),
        retention: 0.5,
        discountRate: 0,
        periods: 3,
      }).length,
    ).toBe(0);
  });
});
