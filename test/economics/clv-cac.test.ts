import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASSESS_CLV_CAC_DEFAULTS,
  assessClvCac,
  CAC_PAYBACK_DEFAULTS,
  cacPaybackPeriods,
  clvToCacRatio,
  discountedClv,
  netClv,
} from '../../src/economics/index.js';
import { expectClvError } from './helpers.js';

describe('netClv and clvToCacRatio', () => {
  it('exact cases: 300 − 120 = 180; 300 / 100 = 3; a negative CLV stays negative', () => {
    expect(netClv({ clv: 300, cac: 120 })).toBe(180);
    expect(netClv({ clv: -20, cac: 0 })).toBe(-20);
    expect(clvToCacRatio({ clv: 300, cac: 100 })).toBe(3);
    expect(clvToCacRatio({ clv: -50, cac: 100 })).toBe(-0.5);
  });

  it('errors name the argument', () => {
    expectClvError(() => netClv({ clv: Number.NaN, cac: 1 }), 'INVALID_ARGUMENT', 'clv');
    expectClvError(() => netClv({ clv: 1, cac: -1 }), 'INVALID_ARGUMENT', 'cac');
    expectClvError(() => clvToCacRatio({ clv: 1, cac: 0 }), 'INVALID_ARGUMENT', 'cac');
    expectClvError(() => clvToCacRatio({ clv: Infinity, cac: 1 }), 'INVALID_ARGUMENT', 'clv');
  });
});

describe('assessClvCac', () => {
  it('places ratios in the default bands, boundaries in the better band', () => {
    const band = (ratio: number) => assessClvCac(ratio).band;
    expect(band(-1)).toBe('losing-money');
    expect(band(0.99)).toBe('losing-money');
    expect(band(1)).toBe('below-target');
    expect(band(2.99)).toBe('below-target');
    expect(band(3)).toBe('healthy');
    expect(band(5)).toBe('healthy');
    expect(band(5.01)).toBe('under-investing');
  });

  it('accepts { clv, cac } and explains itself', () => {
    const result = assessClvCac({ clv: 150, cac: 100 });
    expect(result.ratio).toBe(1.5);
    expect(result.band).toBe('below-target');
    expect(result.reason).toContain('1.5');
    expect(result.reason).toContain('3:1');
    expect(assessClvCac(0.5).reason).toContain('less than it cost');
    expect(assessClvCac(4).reason).toBe('CLV is 4× CAC, within the healthy 3–5 range.');
    expect(assessClvCac(7).reason).toContain('under-funded');
    expect(assessClvCac(4).thresholds).toEqual({ breakEven: 1, target: 3, underInvestment: 5 });
  });

  it('thresholds are configurable, partially', () => {
    expect(assessClvCac(6, { thresholds: { underInvestment: 8 } }).band).toBe('healthy');
    expect(assessClvCac(2.5, { thresholds: { target: 2 } }).band).toBe('healthy');
    expect(assessClvCac(1.1, { thresholds: { breakEven: 1.2 } }).band).toBe('losing-money');
    expect(ASSESS_CLV_CAC_DEFAULTS.thresholds).toEqual({
      breakEven: 1,
      target: 3,
      underInvestment: 5,
    });
    expect(Object.isFrozen(ASSESS_CLV_CAC_DEFAULTS.thresholds)).toBe(true);
  });

  it('bands are monotone in the ratio', () => {
    const rank = { 'losing-money': 0, 'below-target': 1, healthy: 2, 'under-investing': 3 };
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 20, noNaN: true }),
        fc.double({ min: -10, max: 20, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(rank[assessClvCac(lo).band]).toBeLessThanOrEqual(rank[assessClvCac(hi).band]);
        },
      ),
    );
  });

  it('errors name the argument or option', () => {
    expectClvError(() => assessClvCac(Number.NaN), 'INVALID_ARGUMENT', 'ratio');
    expectClvError(() => assessClvCac({ clv: 1, cac: 0 }), 'INVALID_ARGUMENT', 'cac');
    expectClvError(
      () => assessClvCac(2, { thresholds: { target: 6 } }),
      'INVALID_OPTION',
      'thresholds.underInvestment',
    );
    expectClvError(
      () => assessClvCac(2, { thresholds: { breakEven: 3 } }),
      'INVALID_OPTION',
      'thresholds.target',
    );
    expectClvError(
      () => assessClvCac(2, { thresholds: { breakEven: -1 } }),
      'INVALID_OPTION',
      'thresholds.breakEven',
    );
  });
});

/** Smallest payback time by brute force over the library's own discountedClv. */
function bruteForcePayback(
  margin: number,
  retention: number,
  discountRate: number,
  cac: number,
  timing: 'end' | 'start',
  limit: number,
): number {
  const shift = timing === 'end' ? 0 : 1;
  if (cac === 0) return 0;
  for (let flows = 1; flows <= limit; flows++) {
    if (discountedClv({ margin, retention, discountRate, periods: flows, timing }) >= cac) {
      return flows - shift;
    }
  }
  return Number.POSITIVE_INFINITY;
}

describe('cacPaybackPeriods', () => {
  it('exact cases: 81.8 after one period, 148.8 after two → 2; never when CLV∞ = 83.3 < 120', () => {
    expect(cacPaybackPeriods({ margin: 100, retention: 0.9, discountRate: 0.1, cac: 120 })).toBe(2);
    expect(cacPaybackPeriods({ margin: 100, retention: 0.9, discountRate: 0.1, cac: 81 })).toBe(1);
    expect(cacPaybackPeriods({ margin: 100, retention: 0.5, discountRate: 0.1, cac: 120 })).toBe(
      Infinity,
    );
  });

  it("'start' timing: a CAC covered by the first margin pays back at 0", () => {
    const base = { margin: 100, retention: 0.9, discountRate: 0.1, timing: 'start' as const };
    expect(cacPaybackPeriods({ ...base, cac: 100 })).toBe(0);
    // 100 + 81.8 = 181.8 at t = 1.
    expect(cacPaybackPeriods({ ...base, cac: 150 })).toBe(1);
    expect(cacPaybackPeriods({ ...base, retention: 0, cac: 100 })).toBe(0);
    expect(cacPaybackPeriods({ ...base, retention: 0, cac: 101 })).toBe(Infinity);
  });

  it('q = 1 (r = 1, d = 0): ⌈cac / m⌉ periods', () => {
    expect(cacPaybackPeriods({ margin: 10, retention: 1, discountRate: 0, cac: 35 })).toBe(4);
    expect(cacPaybackPeriods({ margin: 10, retention: 1, discountRate: 0, cac: 40 })).toBe(4);
  });

  it('a CAC exactly equal to the infinite-horizon CLV is never reached', () => {
    // CLV∞ = 10·0.5/(1 − 0.5) = 10 with d = 0.
    expect(cacPaybackPeriods({ margin: 10, retention: 0.5, discountRate: 0, cac: 10 })).toBe(
      Infinity,
    );
    expect(cacPaybackPeriods({ margin: 10, retention: 0.5, discountRate: 0, cac: 9.99 })).toBe(10);
  });

  it('zero CAC pays back at once; a non-positive margin never', () => {
    expect(cacPaybackPeriods({ margin: 10, retention: 0.5, discountRate: 0.1, cac: 0 })).toBe(0);
    expect(cacPaybackPeriods({ margin: 0, retention: 0.5, discountRate: 0.1, cac: 1 })).toBe(
      Infinity,
    );
    expect(cacPaybackPeriods({ margin: -5, retention: 0.5, discountRate: 0.1, cac: 1 })).toBe(
      Infinity,
    );
  });

  it('maxPeriods caps the search', () => {
    const base = { margin: 100, retention: 0.9, discountRate: 0.1, cac: 120 };
    expect(cacPaybackPeriods({ ...base, maxPeriods: 2 })).toBe(2);
    expect(cacPaybackPeriods({ ...base, maxPeriods: 1 })).toBe(Infinity);
    expect(CAC_PAYBACK_DEFAULTS.maxPeriods).toBe(Infinity);
  });

  it('with a retention curve: not reached within the curve is Infinity', () => {
    // 50 at t = 1 (d = 0), then 50·0.5 = 25 at t = 2: cumulative 75.
    const base = { margin: 100, retention: [0.5, 0.5], discountRate: 0 };
    expect(cacPaybackPeriods({ ...base, cac: 50 })).toBe(1);
    expect(cacPaybackPeriods({ ...base, cac: 75 })).toBe(2);
    expect(cacPaybackPeriods({ ...base, cac: 76 })).toBe(Infinity);
    // 'start': 100 at t = 0, 50 at t = 1, 25 at t = 2.
    expect(cacPaybackPeriods({ ...base, cac: 175, timing: 'start' })).toBe(2);
  });

  it('agrees with a brute-force search over discountedClv', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -0.2, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.constantFrom('end' as const, 'start' as const),
        (margin, retention, discountRate, cac, timing) => {
          const limit = 3000;
          const fast = cacPaybackPeriods({ margin, retention, discountRate, cac, timing });
          const brute = bruteForcePayback(margin, retention, discountRate, cac, timing, limit);
          if (brute === Infinity) {
            // Not found within the limit: either never, or beyond it.
            expect(fast === Infinity || fast > limit - 2).toBe(true);
          } else {
            expect(fast).toBe(brute);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is monotone in the CAC', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -0.2, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.constantFrom('end' as const, 'start' as const),
        (margin, retention, discountRate, a, b, timing) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const base = { margin, retention, discountRate, timing };
          expect(cacPaybackPeriods({ ...base, cac: low })).toBeLessThanOrEqual(
            cacPaybackPeriods({ ...base, cac: high }),
          );
        },
      ),
    );
  });

  it('is Infinity exactly when the CAC is at least the infinite-horizon CLV (q < 1)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (margin, retention, discountRate, cac) => {
          const limit = discountedClv({ margin, retention, discountRate, periods: Infinity });
          const periods = cacPaybackPeriods({ margin, retention, discountRate, cac });
          expect(periods === Infinity).toBe(cac > 0 && cac >= limit);
        },
      ),
    );
  });

  it('errors name the argument', () => {
    const base = { margin: 100, retention: 0.9, discountRate: 0.1, cac: 120 };
    expectClvError(() => cacPaybackPeriods({ ...base, cac: -1 }), 'INVALID_ARGUMENT', 'cac');
    expectClvError(
      () => cacPaybackPeriods({ ...base, cac: Number.NaN }),
      'INVALID_ARGUMENT',
      'cac',
    );
    expectClvError(
      () => cacPaybackPeriods({ ...base, retention: 2 }),
      'INVALID_ARGUMENT',
      'retention',
    );
    expectClvError(
      () => cacPaybackPeriods({ ...base, discountRate: -1 }),
      'INVALID_ARGUMENT',
      'discountRate',
    );
    expectClvError(
      () => cacPaybackPeriods({ ...base, maxPeriods: 1.5 }),
      'INVALID_ARGUMENT',
      'maxPeriods',
    );
  });
});
