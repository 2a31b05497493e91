import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CROSS_SEGMENTS_DEFAULTS,
  crossSegments,
  labelNames,
  type Segmentation,
  splitSegment,
  valueTiers,
} from '../../src/index.js';
import { close, permute, thrown, total } from './helpers.js';

describe('crossSegments', () => {
  it('gives the result stated in its TSDoc example', () => {
    const cross = crossSegments(
      [
        { name: 'tier', labels: [0, 1, 1, 0], names: ['VIP', 'rest'] },
        { name: 'channel', labels: [1, 0, 0, 1], names: ['web', 'store'] },
      ],
      { values: [900, 20, 40, 700] },
    );
    expect(cross.names).toEqual(['VIP × store', 'rest × web']);
    expect(cross.cells[0]).toEqual({
      name: 'VIP × store',
      labels: [0, 1],
      customers: 2,
      value: 1600,
      valueShare: 1600 / 1660,
    });
    expect(Array.from(cross.cell)).toEqual([0, 1, 1, 0]);
    expect(cross.dimensions).toEqual(['tier', 'channel']);
    expect(cross.total).toBe(1660);
  });

  it('combines three segmentations, orders cells by labels, and composes with other results', () => {
    const tiers = valueTiers([50, 5, 5, 40, 1, 45], { method: 'top', fractions: [0.5, 0.5] });
    const cross = crossSegments(
      [
        { name: 'age', labels: new Uint8Array([1, 0, 1, 0, 1, 1]), names: ['young', 'old'] },
        { name: 'value', ...tiers },
        { name: 'channel', labels: [0, 0, 0, 0, 1, 0], names: ['web', 'store'] },
      ],
      { separator: '|' },
    );
    expect(cross.names).toEqual([
      'young|VIP|web',
      'young|rest|web',
      'old|VIP|web',
      'old|rest|web',
      'old|rest|store',
    ]);
    expect(cross.cells.map((c) => c.customers)).toEqual([1, 1, 2, 1, 1]);
    expect(cross.cells[0]!.value).toBeUndefined();
    expect(cross.total).toBeUndefined();
    expect(labelNames(cross.labels, cross.names)[0]).toBe('old|VIP|web');
    expect(crossSegments([{ name: 'x', labels: [], names: ['a'] }]).cells).toEqual([]);
  });

  it('finds the same cells through the hash-map path when there are too many combinations for a table', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `n${i}`);
    const cross = crossSegments([
      { name: 'a', labels: [2999, 0, 2999, 5], names },
      { name: 'b', labels: [1, 2, 1, 2999], names },
      { name: 'c', labels: [0, 0, 0, 7], names: names.slice(0, 8) },
    ]);
    expect(cross.names).toEqual(['n0 × n2 × n0', 'n5 × n2999 × n7', 'n2999 × n1 × n0']);
    expect(Array.from(cross.cell)).toEqual([2, 0, 2, 1]);
  });

  it('keeps `__proto__` an ordinary segment name', () => {
    const cross = crossSegments([
      { name: '__proto__', labels: [0, 1], names: ['__proto__', 'constructor'] },
    ]);
    expect(cross.names).toEqual(['__proto__', 'constructor']);
  });

  it('rejects labels out of range, unequal lengths and bad values', () => {
    const a: Segmentation = { name: 'a', labels: [0, 1], names: ['x', 'y'] };
    thrown(() => crossSegments([]), 'INVALID_ARGUMENT', 'segmentations');
    thrown(
      () => crossSegments([{ ...a, labels: [0, 2] }]),
      'INVALID_ARGUMENT',
      'segmentations[0].labels',
    );
    thrown(() => crossSegments([{ ...a, labels: [0, -1] }]), 'INVALID_ARGUMENT');
    thrown(
      () => crossSegments([a, { ...a, labels: [0] }]),
      'INVALID_ARGUMENT',
      'segmentations[1].labels',
    );
    thrown(() => crossSegments([a], { values: [1, Infinity] }), 'INVALID_ARGUMENT', 'values');
    thrown(() => crossSegments([{ ...a, names: [] }]), 'INVALID_OPTION', 'segmentations[0].names');
    expect(CROSS_SEGMENTS_DEFAULTS).toEqual({ separator: ' × ' });
  });

  it('counts every customer once, sums values per cell and ignores customer order', () => {
    const rows = fc.array(
      fc.record({
        a: fc.integer({ min: 0, max: 2 }),
        b: fc.integer({ min: 0, max: 3 }),
        value: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        key: fc.integer(),
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(rows, (list) => {
        const order = list
          .map((row, i) => ({ key: row.key, i }))
          .sort((x, y) => x.key - y.key || x.i - y.i)
          .map((e) => e.i);
        const build = (r: typeof list) =>
          crossSegments(
            [
              { name: 'a', labels: r.map((x) => x.a), names: ['a0', 'a1', 'a2'] },
              { name: 'b', labels: r.map((x) => x.b), names: ['b0', 'b1', 'b2', 'b3'] },
            ],
            { values: r.map((x) => x.value) },
          );
        const base = build(list);
        expect(base.cells.reduce((s, c) => s + c.customers, 0)).toBe(list.length);
        base.cells.forEach((cell, c) => {
          const members = list.filter(
            (row) => row.a === cell.labels[0] && row.b === cell.labels[1],
          );
          expect(cell.customers).toBe(members.length);
          expect(close(cell.value!, total(members.map((row) => row.value)), 1e-12)).toBe(true);
          list.forEach((row, i) => {
            if (row.a === cell.labels[0] && row.b === cell.labels[1]) expect(base.cell[i]).toBe(c);
          });
        });
        const shuffled = build(permute(list, order));
        expect(shuffled.names).toEqual(base.names);
        expect(Array.from(shuffled.cell)).toEqual(permute(Array.from(base.cell), order));
      }),
      { numRuns: 200 },
    );
  });
});

describe('splitSegment', () => {
  it('gives the result stated in its TSDoc example', () => {
    const split = splitSegment(
      { name: 'rfm', labels: [0, 0, 1], names: ['Champions', 'Lost'] },
      { name: 'channel', labels: [0, 1, 1], names: ['web', 'store'] },
      { segments: ['Champions'] },
    );
    expect(split.names).toEqual(['Champions / web', 'Champions / store', 'Lost']);
    expect(Array.from(split.labels)).toEqual([0, 1, 2]);
    expect(Array.from(split.parent)).toEqual([0, 0, 1]);
    expect(split.counts).toEqual([1, 1, 1]);
    expect(split.name).toBe('rfm / channel');
  });

  it('splits hierarchically, keeping every customer under its base segment', () => {
    const base = { name: 'tier', labels: [0, 1, 1, 0, 1], names: ['VIP', 'rest'] };
    const channel = { name: 'channel', labels: [0, 0, 1, 1, 1], names: ['web', 'store'] };
    const age = { name: 'age', labels: [1, 1, 1, 0, 0], names: ['young', 'old'] };
    const once = splitSegment(base, channel);
    const twice = splitSegment(once, age, { segments: ['rest / store'], separator: ' > ' });
    expect(twice.names).toEqual([
      'VIP / web',
      'VIP / store',
      'rest / web',
      'rest / store > young',
      'rest / store > old',
    ]);
    expect(labelNames(twice.labels, twice.names)).toEqual([
      'VIP / web',
      'rest / web',
      'rest / store > old',
      'VIP / store',
      'rest / store > young',
    ]);
    // Every customer stays under its base segment.
    base.labels.forEach((b, i) => {
      expect(once.parent[twice.parent[twice.labels[i]!]!]).toBe(b);
    });
    thrown(() => splitSegment(base, channel, { segments: ['gold'] }), 'INVALID_OPTION', 'segments');
    thrown(() => splitSegment(base, { ...channel, labels: [0] }), 'INVALID_ARGUMENT', 'by.labels');
  });
});
