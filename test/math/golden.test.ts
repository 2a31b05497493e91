import { describe, expect, it } from 'vitest';
import { digamma, hyp2f1, logBeta, logGamma, logHyp2f1, trigamma } from '../../src/math/index.js';
import { expectWithin, GOLDEN, mixedError, relativeError } from './helpers.js';

// Reference values: test/math/golden.json, made by test/math/golden.py with mpmath 1.3.0 at
// mp.dps = 50 (2F1 cross-checked at 70 digits). Tolerances are stated per function; each is a few
// times the largest error seen over the table, so a regression of a few ulp shows up.

describe('logGamma against mpmath (x from 1e-300 to 1e300)', () => {
  it('relative error ≤ 1e-15 (largest seen ≈ 3.5e-16)', () => {
    expect(GOLDEN.logGamma.length).toBeGreaterThan(150);
    for (const row of GOLDEN.logGamma) {
      expectWithin(logGamma(row.x), row.logGamma, 1e-15, `logGamma(${row.x})`);
    }
  });
});

describe('logBeta against mpmath (a, b from 0.01 to 1e15)', () => {
  it('error ≤ 1e-14 relative (absolute where |ln B| < 1; largest seen ≈ 3.7e-15)', () => {
    for (const row of GOLDEN.logBeta) {
      expectWithin(
        logBeta(row.a, row.b),
        row.logBeta,
        1e-14,
        `logBeta(${row.a}, ${row.b})`,
        mixedError,
      );
    }
  });

  it('is symmetric on the whole table', () => {
    for (const row of GOLDEN.logBeta) expect(logBeta(row.a, row.b)).toBe(logBeta(row.b, row.a));
  });
});

describe('digamma and trigamma against mpmath (x from 1e-10 to 1e15)', () => {
  it('digamma: relative error ≤ 2e-15, also at the zero 1.4616… (largest seen ≈ 7.7e-16)', () => {
    for (const row of GOLDEN.polygamma) {
      expectWithin(digamma(row.x), row.digamma, 2e-15, `digamma(${row.x})`);
    }
  });

  it('trigamma: relative error ≤ 1e-15 (largest seen ≈ 4.4e-16)', () => {
    for (const row of GOLDEN.polygamma) {
      expectWithin(trigamma(row.x), row.trigamma, 1e-15, `trigamma(${row.x})`);
    }
  });
});

describe('hyp2f1 and logHyp2f1 against mpmath', () => {
  const strictGroups = [
    'bgnbd-unconditional',
    'bgnbd-conditional',
    'bgnbd-brief',
    'pareto-nbd',
    'near-integer',
    'closed-form',
    'polynomial',
    'gauss-sum',
    'generic',
  ];
  // Values up to ~1e300: the relative error of F is at least ulp(ln F) · |ln F| ≈ 1e-16 · 700
  // wherever F is built from its logarithm, so the bound grows with |ln F|.
  const valueTolerance = (log: number | null) => 2e-13 + 4e-16 * Math.abs(log ?? 0);

  for (const group of strictGroups) {
    const rows = GOLDEN.hyp2f1.filter((row) => row.group === group);
    it(`${group} (${rows.length} cases): relative error ≤ 2e-13 + 4e-16·|ln F|`, () => {
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        if (row.value === null) continue; // beyond the double range: checked through the log
        const label = `hyp2f1(${row.a}, ${row.b}, ${row.c}, ${row.z})`;
        expectWithin(hyp2f1(row.a, row.b, row.c, row.z), row.value, valueTolerance(row.log), label);
      }
    });

    // |Δ ln F| is the relative error of F, so the same bound applies (absolute, on the log).
    it(`${group}: logHyp2f1 within 2e-13 + 4e-16·|ln F| (absolute)`, () => {
      for (const row of rows) {
        if (row.log === null) continue; // F ≤ 0 has no logarithm
        const label = `logHyp2f1(${row.a}, ${row.b}, ${row.c}, ${row.z})`;
        const tolerance = valueTolerance(row.log);
        const error = (actual: number, expected: number) => Math.abs(actual - expected);
        expectWithin(logHyp2f1(row.a, row.b, row.c, row.z), row.log, tolerance, label, error);
      }
    });
  }

  it('covers the ranges the models reach: x up to 1000, parameters 0.01..1000, z to 0.9999', () => {
    const rows = GOLDEN.hyp2f1;
    expect(Math.max(...rows.map((row) => row.a))).toBeGreaterThanOrEqual(1000);
    expect(Math.min(...rows.map((row) => row.b))).toBeLessThanOrEqual(0.05);
    expect(Math.max(...rows.filter((row) => row.z < 1).map((row) => row.z))).toBeGreaterThanOrEqual(
      0.9999,
    );
    expect(rows.some((row) => row.value === null && row.log !== null)).toBe(true); // beyond 1e308
  });

  it('alternating series (z < 0, c < a, b): accurate to 1e-8 or NaN, never a wrong number', () => {
    const rows = GOLDEN.hyp2f1.filter((row) => row.group === 'alternating');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const value = hyp2f1(row.a, row.b, row.c, row.z);
      if (Number.isNaN(value)) continue;
      expect(relativeError(value, row.value!)).toBeLessThanOrEqual(1e-8);
    }
  });
});
