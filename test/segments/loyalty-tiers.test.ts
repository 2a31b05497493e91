import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOYALTY_TIERS_DEFAULTS, loyaltyTiers } from '../../src/index.js';
import { thrown } from './helpers.js';

const tiers = [
  { name: 'silver', min: 100 },
  { name: 'gold', min: 500 },
  { name: 'diamond', min: 2000 },
];

describe('loyaltyTiers', () => {
  it('gives the result stated in its TSDoc example', () => {
    const result = loyaltyTiers([40, 100, 730, 2500], { tiers });
    expect(Array.from(result.tier)).toEqual([0, 1, 2, 3]);
    expect(Array.from(result.gapToNext)).toEqual([60, 400, 1270, 0]);
    expect(result.names).toEqual(['none', 'silver', 'gold', 'diamond']);
    expect(result.counts).toEqual([1, 1, 1, 1]);
    expect(result.labels).toBe(result.tier);
  });

  it('treats each minimum as inclusive and names the base tier as asked', () => {
    const result = loyaltyTiers(new Float64Array([99.99, 499.5, 500, 1999, 2000, -3]), {
      tiers,
      baseName: 'member',
    });
    expect(Array.from(result.tier)).toEqual([0, 1, 2, 2, 3, 0]);
    expect(result.gapToNext[0]).toBeCloseTo(0.01, 12);
    expect(result.gapToNext[2]).toBe(1500);
    expect(result.gapToNext[5]).toBe(103);
    expect(result.names[0]).toBe('member');
    expect(loyaltyTiers([], { tiers }).counts).toEqual([0, 0, 0, 0]);
  });

  it('rejects missing, unordered or malformed tiers and non-finite values', () => {
    thrown(() => loyaltyTiers([1], undefined as never), 'INVALID_OPTION', 'tiers');
    thrown(() => loyaltyTiers([1], { tiers: [] }), 'INVALID_OPTION', 'tiers');
    thrown(
      () =>
        loyaltyTiers([1], {
          tiers: [
            { name: 'a', min: 5 },
            { name: 'b', min: 5 },
          ],
        }),
      'INVALID_OPTION',
      'tiers[1].min',
    );
    thrown(
      () => loyaltyTiers([1], { tiers: [{ name: '', min: 5 }] }),
      'INVALID_OPTION',
      'tiers[0].name',
    );
    thrown(
      () => loyaltyTiers([1], { tiers: [{ name: 'a', min: Infinity }] }),
      'INVALID_OPTION',
      'tiers[0].min',
    );
    thrown(() => loyaltyTiers([Number.NaN], { tiers }), 'INVALID_ARGUMENT', 'values');
    expect(LOYALTY_TIERS_DEFAULTS).toEqual({ baseName: 'none' });
  });

  it('places every value in the highest tier it reaches, with a positive gap below the top tier', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 3000, noNaN: true }), { maxLength: 50 }),
        (values) => {
          const result = loyaltyTiers(values, { tiers });
          values.forEach((v, i) => {
            const expected = tiers.filter((t) => t.min <= v).length;
            expect(result.tier[i]).toBe(expected);
            if (expected === tiers.length) expect(result.gapToNext[i]).toBe(0);
            else {
              expect(result.gapToNext[i]).toBeGreaterThan(0);
              expect(result.gapToNext[i]).toBe(tiers[expected]!.min - v);
            }
          });
          expect(result.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
