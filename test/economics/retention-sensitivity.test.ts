import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  discountedClv,
  RETENTION_SENSITIVITY_DEFAULTS,
  retentionSensitivity,
} from '../../src/economics/index.js';
import { expectClose, expectClvError } from './helpers.js';

describe('retentionSensitivity', () => {
  const base = { margin: 100, retention: 0.8, discountRate: 0.1, periods: Infinity };

  it('exact case: +5 points from 0.8 to 0.85 moves CLV∞ from 800/3 to 85/0.25 = 340 (+27.5 %)', () => {
    const rows = retentionSensitivity(base, { deltas: [0, 0.05] });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ delta: 0, retention: 0.8, change: 0, changePercent: 0 });
    expect(rows[1]!.retention).toBe(0.85);
    expectClose(rows[1]!.clv, 340, 1e-14);
    expectClose(rows[1]!.change, 340 - 800 / 3, 1e-13);
    expectClose(rows[1]!.changePercent!, 27.5, 1e-13);
  });

  it('default deltas: −5 … +5 points by 1, eleven rows in order', () => {
    const rows = retentionSensitivity(base);
    expect(rows.map((row) => row.delta)).toEqual([...RETENTION_SENSITIVITY_DEFAULTS.deltas]);
    expect(rows.map((row) => row.retention)).toEqual([
      0.75, 0.76, 0.77, 0.78, 0.79, 0.8, 0.81, 0.82, 0.83, 0.84, 0.85,
    ]);
    for (const row of rows) {
      expect(row.clv).toBe(discountedClv({ ...base, retention: row.retention }));
    }
  });

  it('CLV rises along the table (m > 0)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        fc.oneof(fc.integer({ min: 2, max: 100 }), fc.constant(Infinity)),
        (retention, discountRate, periods) => {
          const rows = retentionSensitivity({ margin: 10, retention, discountRate, periods });
          for (let i = 1; i < rows.length; i++) {
            expect(rows[i]!.clv).toBeGreaterThan(rows[i - 1]!.clv);
            expect(Math.sign(rows[i]!.change)).toBe(Math.sign(rows[i]!.delta));
          }
        },
      ),
    );
  });

  it('out-of-range deltas throw by default, or are skipped', () => {
    const high = { ...base, retention: 0.98, periods: 10 };
    const error = expectClvError(() => retentionSensitivity(high), 'INVALID_OPTION', 'deltas[8]');
    expect(error.message).toContain("outOfRange: 'skip'");
    const rows = retentionSensitivity(high, { outOfRange: 'skip' });
    expect(rows.map((row) => row.retention)).toEqual([0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 1]);
    // Infinite horizon, d = 0: r = 1 diverges too (r must be < 1 + d).
    const infinite = { margin: 1, retention: 0.97, discountRate: 0, periods: Infinity };
    expect(
      retentionSensitivity(infinite, { outOfRange: 'skip' }).map((row) => row.retention),
    ).toEqual([0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99]);
    expectClvError(() => retentionSensitivity(infinite), 'INVALID_OPTION', 'deltas[8]');
  });

  it('changePercent is undefined for a zero baseline', () => {
    const rows = retentionSensitivity(
      { margin: 0, retention: 0.5, discountRate: 0.1, periods: 3 },
      { deltas: [0.1] },
    );
    expect(rows[0]!.changePercent).toBeUndefined();
    expect(rows[0]!.change).toBe(0);
  });

  it('errors name the argument or option', () => {
    expectClvError(
      () => retentionSensitivity({ ...base, retention: [0.5] as unknown as number }),
      'INVALID_ARGUMENT',
      'retention',
    );
    expectClvError(
      () => retentionSensitivity({ ...base, retention: 1.5 }),
      'INVALID_ARGUMENT',
      'retention',
    );
    expectClvError(
      () => retentionSensitivity(base, { deltas: [0, Number.NaN] }),
      'INVALID_OPTION',
      'deltas[1]',
    );
    expectClvError(
      () => retentionSensitivity(base, { outOfRange: 'clamp' as 'skip' }),
      'INVALID_OPTION',
      'outOfRange',
    );
  });
});
