import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VALUE_TIERS_DEFAULTS, valueTiers } from '../../src/index.js';
import { close, permute, thrown, total, withPermutation } from './helpers.js';

describe('valueTiers: pareto', () => {
  it('gives the result stated in its TSDoc example', () => {
    const tiers = valueTiers([500, 300, 100, 50, 50], { method: 'pareto', share: 0.8 });
    expect(Array.from(tiers.tier)).toEqual([0, 0, 1, 1, 1]);
    expect(tiers.tiers[0]).toEqual({ name: 'VIP', customers: 2, value: 800, valueShare: 0.8 });
    expect(tiers.tiers[1]).toEqual({ name: 'rest', customers: 3, value: 200, valueShare: 0.2 });
    expect(tiers.cuts).toEqual([300]);
    expect(tiers.labels).toBe(tiers.tier);
  });

  it('keeps customers with the boundary value together in the VIP tier', () => {
    // Half of 41 is 20.5: three 10s would do, but the fourth 10 ties with them.
    const tiers = valueTiers([10, 1, 10, 10, 10], { share: 0.5 });
    expect(Array.from(tiers.tier)).toEqual([0, 1, 0, 0, 0]);
    expect(tiers.tiers[0]!.customers).toBe(4);
    expect(tiers.tiers[0]!.value).toBe(40);
  });

  it('handles no customers, one customer, zero totals and share 1', () => {
    const empty = valueTiers([]);
    expect(empty.tier).toHaveLength(0);
    expect(empty.tiers.map((t) => t.customers)).toEqual([0, 0]);
    expect(empty.total).toBe(0);
    const one = valueTiers([42]);
    expect(Array.from(one.tier)).toEqual([0]);
    expect(one.tiers[0]!.valueShare).toBe(1);
    const zeros = valueTiers([0, 0, 0]);
    expect(Array.from(zeros.tier)).toEqual([1, 1, 1]);
    expect(zeros.tiers[0]).toEqual({ name: 'VIP', customers: 0, value: 0, valueShare: 0 });
    expect(zeros.cuts).toEqual([Infinity]);
    // All equal: one tie group, so everyone is VIP by pareto and in the top tier by rank.
    expect(Array.from(valueTiers([5, 5, 5]).tier)).toEqual([0, 0, 0]);
    expect(valueTiers([5, 5, 5], { method: 'top' }).tiers.map((t) => t.customers)).toEqual([
      3, 0, 0,
    ]);
    const all = valueTiers([3, 0, 1, 2], { share: 1 });
    expect(Array.from(all.tier)).toEqual([0, 1, 0, 0]);
    expect(all.tiers[0]!.valueShare).toBe(1);
  });

  it('gives the same answer on inputs large enough for the radix sort', () => {
    const values = Float64Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 3001) / 7);
    const tiers = valueTiers(values, { share: 0.5 });
    const vip = values.filter((_, i) => tiers.tier[i] === 0);
    const sorted = values.slice().sort().reverse();
    expect(vip.length).toBe(tiers.tiers[0]!.customers);
    // The VIP tier is exactly the top `customers` values.
    expect(Math.min(...vip)).toBe(sorted[vip.length - 1]);
    expect(tiers.tiers[0]!.valueShare).toBeGreaterThanOrEqual(0.5);
    const descending = vip.slice().sort().reverse();
    expect(total(descending.slice(0, -1)) / tiers.total).toBeLessThan(0.5);
  });
});

describe('valueTiers: top fractions and thresholds', () => {
  it('splits by rank, a tie group straddling a boundary going to the upper tier', () => {
    const tiers = valueTiers([5, 4, 3, 2, 1, 1, 1, 0, 0, 0], { method: 'top' });
    expect(tiers.names).toEqual(['VIP', 'mid', 'low']);
    expect(Array.from(tiers.tier)).toEqual([0, 0, 1, 1, 1, 1, 1, 2, 2, 2]);
    expect(tiers.tiers.map((t) => t.customers)).toEqual([2, 5, 3]);
    expect(tiers.tiers.map((t) => t.value)).toEqual([9, 8, 0]);
    expect(tiers.cuts).toEqual([4, 1]);
  });

  it('forgives the float error of running sums of fractions', () => {
    // 0.1 + 0.2 = 0.30000000000000004: the top 30 % of 10 customers is still 3 customers.
    const tiers = valueTiers([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], {
      method: 'top',
      fractions: [0.1, 0.2, 0.7],
      names: ['gold', 'silver', 'bronze'],
    });
    expect(tiers.tiers.map((t) => t.customers)).toEqual([1, 2, 7]);
  });

  it('splits by value thresholds, top tier first, inclusive minimums', () => {
    const tiers = valueTiers([1000, 999.99, 100, 99, -5], {
      method: 'thresholds',
      thresholds: [1000, 100],
    });
    expect(Array.from(tiers.tier)).toEqual([0, 1, 1, 2, 2]);
    expect(tiers.tiers[2]!.value).toBe(94);
    expect(tiers.total).toBeCloseTo(2193.99, 10);
    const five = valueTiers([1, 2, 3], { method: 'thresholds', thresholds: [4, 3, 2, 1] });
    expect(five.names).toEqual(['tier 1', 'tier 2', 'tier 3', 'tier 4', 'tier 5']);
    expect(Array.from(five.tier)).toEqual([3, 2, 1]);
  });

  it('rejects invalid options and values', () => {
    thrown(() => valueTiers([1, -1]), 'INVALID_ARGUMENT', 'values');
    thrown(() => valueTiers([1, Number.NaN], { method: 'top' }), 'INVALID_ARGUMENT', 'values');
    thrown(() => valueTiers([1], { share: 0 }), 'INVALID_OPTION', 'share');
    thrown(() => valueTiers([1], { share: 1.5 }), 'INVALID_OPTION', 'share');
    thrown(() => valueTiers([1], { method: 'top', share: 0.5 }), 'INVALID_OPTION', 'share');
    thrown(
      () => valueTiers([1], { method: 'top', fractions: [0.5, 0.4] }),
      'INVALID_OPTION',
      'fractions',
    );
    thrown(() => valueTiers([1], { method: 'top', names: ['a', 'b'] }), 'INVALID_OPTION', 'names');
    thrown(() => valueTiers([1], { method: 'thresholds' }), 'INVALID_OPTION', 'thresholds');
    thrown(
      () => valueTiers([1], { method: 'thresholds', thresholds: [1, 2] }),
      'INVALID_OPTION',
      'thresholds',
    );
    thrown(() => valueTiers([1], { method: 'abc' as 'top' }), 'INVALID_OPTION', 'method');
    expect(VALUE_TIERS_DEFAULTS).toEqual({
      method: 'pareto',
      share: 0.8,
      fractions: [0.2, 0.3, 0.5],
    });
    expect(Object.isFrozen(VALUE_TIERS_DEFAULTS)).toBe(true);
  });
});

describe('valueTiers: properties', () => {
  const amounts = fc.oneof(
    fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }),
    fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { maxLength: 60 }),
  );
  const shareArb = fc.double({ min: 0.01, max: 1, noNaN: true });

  it('partitions the customers, and the pareto VIP tier holds at least the share, minimally', () => {
    fc.assert(
      fc.property(amounts, shareArb, (values, share) => {
        const tiers = valueTiers(values, { share });
        expect(tiers.tiers[0]!.customers + tiers.tiers[1]!.customers).toBe(values.length);
        for (const t of tiers.tier) expect(t === 0 || t === 1).toBe(true);
        const vipValues = values.filter((_, i) => tiers.tier[i] === 0);
        expect(tiers.tiers[0]!.customers).toBe(vipValues.length);
        expect(close(tiers.tiers[0]!.value, total(vipValues))).toBe(true);
        expect(close(tiers.tiers[0]!.value + tiers.tiers[1]!.value, total(values))).toBe(true);
        if (tiers.total > 0) {
          expect(tiers.tiers[0]!.valueShare).toBeGreaterThanOrEqual(share);
          // Dropping the VIP tier's lowest tie group would fall short of the share.
          const vip = values.filter((_, i) => tiers.tier[i] === 0);
          const lowest = Math.min(...vip);
          const without = vip.filter((v) => v !== lowest);
          expect(total(without) / tiers.total).toBeLessThan(share * (1 + 1e-9));
          // Nobody outside the VIP tier has a VIP-level value.
          values.forEach((v, i) => {
            if (tiers.tier[i] === 1) expect(v).toBeLessThan(lowest);
          });
        } else {
          expect(tiers.tiers[0]!.customers).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives equal values one tier and ignores customer order, for every method', () => {
    fc.assert(
      fc.property(withPermutation(amounts), shareArb, ({ values, order }, share) => {
        for (const options of [
          { share },
          { method: 'top' as const },
          { method: 'top' as const, fractions: [share, 1 - share] },
          { method: 'thresholds' as const, thresholds: [1000, 10, 1] },
        ]) {
          const base = valueTiers(values, options);
          const shuffled = valueTiers(permute(values, order), options);
          expect(Array.from(shuffled.tier)).toEqual(permute(Array.from(base.tier), order));
          expect(shuffled.tiers.map((t) => t.customers)).toEqual(
            base.tiers.map((t) => t.customers),
          );
          for (let i = 0; i < values.length; i++) {
            for (let j = 0; j < values.length; j++) {
              if (values[i] === values[j]) expect(base.tier[i]).toBe(base.tier[j]);
              // Higher values are never in a lower tier.
              if (values[i]! > values[j]!) expect(base.tier[i]!).toBeLessThanOrEqual(base.tier[j]!);
            }
          }
          // The cuts found reproduce the tiers.
          const again = valueTiers(values, { method: 'thresholds', thresholds: base.cuts });
          expect(Array.from(again.tier)).toEqual(Array.from(base.tier));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('puts at least ⌈F·n⌉ customers in the top tiers of the top method, unless ties cap it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 60 }),
        (values) => {
          const distinct = [...new Set(values)];
          const tiers = valueTiers(distinct, { method: 'top', fractions: [0.25, 0.75] });
          expect(tiers.tiers[0]!.customers).toBe(Math.ceil(0.25 * distinct.length));
        },
      ),
      { numRuns: 200 },
    );
  });
});
