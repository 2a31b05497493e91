import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeUnitOrder, StringIndex } from '../../src/internal/string-index.js';

/** The order `Array.prototype.sort()` gives, as indices (ties in input order). */
function referenceOrder(keys: readonly string[]): number[] {
  return keys
    .map((key, i) => [key, i] as const)
    .sort(([a, i], [b, j]) => (a < b ? -1 : a > b ? 1 : i - j))
    .map(([, i]) => i);
}

describe('codeUnitOrder', () => {
  it('returns the identity for sorted keys and for 0 or 1 key', () => {
    expect(Array.from(codeUnitOrder([]))).toEqual([]);
    expect(Array.from(codeUnitOrder(['x']))).toEqual([0]);
    expect(Array.from(codeUnitOrder(['a', 'ab', 'b']))).toEqual([0, 1, 2]);
  });

  it('orders a small shuffled list like sort(), prefixes first', () => {
    const keys = ['b', 'ab', '', 'a', '__proto__', 'B', '\uffff', '\ud83d\ude00'];
    expect(Array.from(codeUnitOrder(keys))).toEqual(referenceOrder(keys));
  });

  it('orders 5,000 shuffled zero-padded ids (radix path) like sort()', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `c${String(i).padStart(6, '0')}`);
    // A fixed shuffle (multiplication by a unit modulo 5000).
    const shuffled = keys.map((_, i) => keys[(i * 2377) % 5000]!);
    const order = codeUnitOrder(shuffled);
    expect(Array.from(order, (i) => shuffled[i])).toEqual(keys);
  });

  it('breaks ties of long common digits by the full string (radix path)', () => {
    // 3,000 keys sharing a prefix and the same first 60 code units after it, differing at the end.
    const pad = 'x'.repeat(60);
    const keys = Array.from({ length: 3000 }, (_, i) => `id-${i % 7}${pad}${(i * 7919) % 3001}`);
    expect(Array.from(codeUnitOrder(keys))).toEqual(referenceOrder(keys));
  });

  it('matches sort() on arbitrary strings, small and large lists (property)', () => {
    const alphabet = fc.constantFrom(
      'a',
      'b',
      'z',
      '0',
      '9',
      '-',
      'é',
      '\u0000',
      '\ud83d',
      '\ude00',
    );
    const key = fc.array(alphabet, { maxLength: 12 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        fc.array(key, { maxLength: 40 }),
        fc.array(key, { minLength: 1100, maxLength: 1500 }),
        (small, large) => {
          expect(Array.from(codeUnitOrder(small))).toEqual(referenceOrder(small));
          expect(Array.from(codeUnitOrder(large))).toEqual(referenceOrder(large));
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('StringIndex', () => {
  it('numbers keys in insertion order, treats __proto__ as a key and survives rehashing', () => {
    const index = new StringIndex();
    expect(index.add('__proto__')).toBe(0);
    for (let i = 0; i < 10_000; i++) expect(index.add(`k${i}`)).toBe(i + 1);
    expect(index.add('__proto__')).toBe(0);
    expect(index.get('k9999')).toBe(10_000);
    expect(index.get('absent')).toBe(-1);
    expect(index.size).toBe(10_001);
  });

  it('truncate forgets later keys and reuses their ids', () => {
    const index = new StringIndex();
    for (const key of ['a', 'b', 'c']) index.add(key);
    index.truncate(1);
    expect(index.get('b')).toBe(-1);
    expect(index.add('c')).toBe(1);
    expect(index.keys).toEqual(['a', 'c']);
  });
});
