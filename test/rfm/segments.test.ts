import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkSegmentRules,
  labelNames,
  RFM_SEGMENTS_DEFAULTS,
  type RfmSegmentRule,
  rfmScores,
  rfmSegmentPresets,
  rfmSegments,
} from '../../src/index.js';
import { permute, thrown, withPermutation } from '../segments/helpers.js';

/** Scores given directly (the shape rfmSegments reads). */
function scoresOf(cells: readonly string[], k = 5) {
  return {
    ids: cells.map((_, i) => `c${i}`),
    r: Uint8Array.from(cells, (c) => Number(c[0])),
    f: Uint8Array.from(cells, (c) => Number(c[1])),
    m: Uint8Array.from(cells, (c) => Number(c[2])),
    k,
  };
}

/** Every cell code of 1..k in ascending order. */
function allCells(k: number): string[] {
  const cells: string[] = [];
  for (let r = 1; r <= k; r++) {
    for (let f = 1; f <= k; f++) for (let m = 1; m <= k; m++) cells.push(`${r}${f}${m}`);
  }
  return cells;
}

/** First matching rule, computed naively (−1: none). */
function firstMatch(rules: readonly RfmSegmentRule[], cell: string): number {
  const [r, f, m] = [Number(cell[0]), Number(cell[1]), Number(cell[2])];
  const inside = (range: readonly [number, number] | undefined, v: number) =>
    range === undefined || (range[0] <= v && v <= range[1]);
  return rules.findIndex(
    (rule) =>
      inside(rule.r, r) && inside(rule.f, f) && inside(rule.m, m) && inside(rule.fm, (f + m) / 2),
  );
}

describe('rfmSegments', () => {
  it('gives the result stated in its TSDoc example', () => {
    const scores = rfmScores({
      ids: ['a', 'b'],
      recency: [2, 300],
      frequency: [12, 1],
      monetary: [990, 20],
    });
    const segments = rfmSegments(scores, rfmSegmentPresets.standard);
    expect(labelNames(segments.segment, segments.names)).toEqual(['Loyal Customers', 'Lost']);
  });

  it('takes the first matching rule, merges rules of one name and falls back otherwise', () => {
    const rules: RfmSegmentRule[] = [
      { name: 'best', r: [5, 5], fm: [4.5, 5] },
      { name: 'recent', r: [4, 5] },
      { name: 'best', f: [5, 5], m: [5, 5] },
    ];
    const result = rfmSegments(scoresOf(['555', '545', '544', '455', '155', '311']), rules);
    expect(result.names).toEqual(['best', 'recent', 'Other']);
    expect(Array.from(result.segment)).toEqual([0, 0, 1, 1, 0, 2]);
    expect(result.labels).toBe(result.segment);
    expect(result.counts).toEqual([3, 2, 1]);
    expect(result.fallback).toBe(2);
    const renamed = rfmSegments(scoresOf(['311', '555']), rules, { fallback: 'recent' });
    expect(renamed.names).toEqual(['best', 'recent']);
    expect(Array.from(renamed.segment)).toEqual([1, 0]);
    expect(rfmSegments(scoresOf([]), rules).counts).toEqual([0, 0, 0]);
  });

  it('assigns every standard-preset cell to its first matching rule, "Other" for the gaps', () => {
    const cells = allCells(5);
    const result = rfmSegments(scoresOf(cells), rfmSegmentPresets.standard);
    const names = labelNames(result.segment, result.names);
    expect(names[cells.indexOf('555')]).toBe('Champions');
    expect(names[cells.indexOf('155')]).toBe("Can't Lose Them");
    expect(names[cells.indexOf('255')]).toBe('Loyal Customers');
    expect(names[cells.indexOf('125')]).toBe('At Risk');
    expect(names[cells.indexOf('511')]).toBe('New Customers');
    expect(names[cells.indexOf('311')]).toBe('Promising');
    expect(names[cells.indexOf('512')]).toBe('Potential Loyalist');
    expect(names[cells.indexOf('111')]).toBe('Lost');
    expect(names[cells.indexOf('515')]).toBe('Other');
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(125);
    expect(result.counts[result.names.indexOf('New Customers')]).toBe(2);
    expect(result.counts[result.fallback]).toBe(36);
  });

  it('keeps `__proto__` an ordinary id and segment name', () => {
    const result = rfmSegments(
      {
        ids: ['__proto__'],
        r: new Uint8Array([3]),
        f: new Uint8Array([3]),
        m: new Uint8Array([3]),
        k: 5,
      },
      [{ name: '__proto__', r: [1, 5] }],
    );
    expect(result.ids).toEqual(['__proto__']);
    expect(result.names).toEqual(['__proto__', 'Other']);
    expect(labelNames(result.segment, result.names)).toEqual(['__proto__']);
  });

  it('rejects malformed rules and scores outside 1..k', () => {
    const scores = scoresOf(['111']);
    thrown(() => rfmSegments(scores, [{ name: '' }]), 'INVALID_OPTION', 'rules[0].name');
    thrown(() => rfmSegments(scores, [{ name: 'a', r: [4, 2] }]), 'INVALID_OPTION', 'rules[0].r');
    thrown(
      () => rfmSegments(scores, [{ name: 'a', R: [1, 2] } as unknown as RfmSegmentRule]),
      'INVALID_OPTION',
      'rules[0].R',
    );
    thrown(() => rfmSegments(scores, [], { fallback: '' }), 'INVALID_OPTION', 'fallback');
    thrown(() => rfmSegments(scoresOf(['161']), []), 'INVALID_ARGUMENT', 'scores.f');
    thrown(() => rfmSegments(scoresOf(['101']), []), 'INVALID_ARGUMENT', 'scores.f');
    thrown(
      () => rfmSegments({ ...scores, m: new Uint8Array(2) }, []),
      'INVALID_ARGUMENT',
      'scores.m',
    );
    expect(RFM_SEGMENTS_DEFAULTS).toEqual({ fallback: 'Other' });
    expect(Object.isFrozen(RFM_SEGMENTS_DEFAULTS)).toBe(true);
  });

  const cellArb = fc
    .tuple(
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 5 }),
    )
    .map(([r, f, m]) => `${r}${f}${m}`);
  const rangeArb = fc
    .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }))
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);
  const ruleArb: fc.Arbitrary<RfmSegmentRule> = fc.record(
    {
      name: fc.constantFrom('A', 'B', 'C', '__proto__'),
      r: rangeArb,
      f: rangeArb,
      m: rangeArb,
      fm: rangeArb,
    },
    { requiredKeys: ['name'] },
  );

  it('is total and deterministic: every customer gets the first matching rule or the fallback, in any order', () => {
    fc.assert(
      fc.property(
        withPermutation(fc.array(cellArb, { maxLength: 40 })),
        fc.array(ruleArb, { maxLength: 6 }),
        ({ values: cells, order }, rules) => {
          const result = rfmSegments(scoresOf(cells), rules);
          expect(result.counts.reduce((a, b) => a + b, 0)).toBe(cells.length);
          const names = labelNames(result.segment, result.names);
          cells.forEach((cell, i) => {
            const rule = firstMatch(rules, cell);
            expect(names[i]).toBe(rule === -1 ? 'Other' : rules[rule]!.name);
          });
          const shuffled = rfmSegments(scoresOf(permute(cells, order)), rules);
          expect(Array.from(shuffled.segment)).toEqual(permute(Array.from(result.segment), order));
          expect(shuffled.names).toEqual(result.names);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('rfmSegmentPresets', () => {
  it('holds the published 10-segment ranges, narrow rules first, frozen', () => {
    const standard = rfmSegmentPresets.standard;
    // The rfm package's table in its published order, with its recency/frequency lower and upper
    // bounds (monetary = frequency).
    const published = [
      ['Champions', 4, 5, 4, 5],
      ['Loyal Customers', 2, 5, 3, 5],
      ['Potential Loyalist', 3, 5, 1, 3],
      ['New Customers', 4, 5, 1, 1],
      ['Promising', 3, 4, 1, 1],
      ['Need Attention', 2, 3, 2, 3],
      ['About To Sleep', 2, 3, 1, 2],
      ['At Risk', 1, 2, 2, 5],
      ["Can't Lose Them", 1, 1, 4, 5],
      ['Lost', 1, 2, 1, 2],
    ] as const;
    for (const [name, rLow, rHigh, fLow, fHigh] of published) {
      const rule = standard.find((r) => r.name === name)!;
      expect([rule.r, rule.f, rule.m]).toEqual([
        [rLow, rHigh],
        [fLow, fHigh],
        [fLow, fHigh],
      ]);
    }
    expect(standard.map((rule) => rule.name)).toEqual([
      'Champions',
      'Loyal Customers',
      'New Customers',
      'Promising',
      'Potential Loyalist',
      'Need Attention',
      'About To Sleep',
      "Can't Lose Them",
      'At Risk',
      'Lost',
    ]);
    expect(standard.map((rule) => rule.m)).toEqual(standard.map((rule) => rule.f));
    expect(Object.isFrozen(rfmSegmentPresets)).toBe(true);
    expect(Object.isFrozen(standard)).toBe(true);
    expect(Object.isFrozen(standard[0])).toBe(true);
    expect(Object.isFrozen(standard[0]!.r)).toBe(true);
    expect(rfmSegmentPresets.compact.map((rule) => rule.name)).toEqual([
      'Champions',
      'Loyal',
      'Promising',
      'At Risk',
      'Lost',
    ]);
  });
});

describe('checkSegmentRules', () => {
  it('finds no shadowed rule in the standard preset, and its 36 uncovered cells', () => {
    const check = checkSegmentRules(rfmSegmentPresets.standard, 5);
    expect(check.cells).toBe(125);
    expect(check.shadowed).toEqual([]);
    expect(check.empty).toEqual([]);
    expect(check.uncovered).toEqual(
      (
        '113 114 115 131 141 151 213 214 215 231 241 251 314 315 324 325 341 342 351 352 ' +
        '414 415 424 425 441 442 451 452 514 515 524 525 541 542 551 552'
      ).split(' '),
    );
    expect(check.cellsWon).toEqual([8, 28, 2, 1, 21, 3, 3, 4, 16, 3]);
    expect(check.cellsWon.reduce((a, b) => a + b, 0) + check.uncovered.length).toBe(125);
  });

  it('finds the rules that the published order of the standard table shadows', () => {
    const byName = (name: string) => rfmSegmentPresets.standard.find((rule) => rule.name === name)!;
    const publishedOrder = [
      'Champions',
      'Loyal Customers',
      'Potential Loyalist',
      'New Customers',
      'Promising',
      'Need Attention',
      'About To Sleep',
      'At Risk',
      "Can't Lose Them",
      'Lost',
    ].map(byName);
    const check = checkSegmentRules(publishedOrder, 5);
    expect(check.shadowed).toEqual([
      { index: 3, name: 'New Customers', cells: 2, coveredBy: [2] },
      { index: 4, name: 'Promising', cells: 2, coveredBy: [2] },
      { index: 8, name: "Can't Lose Them", cells: 4, coveredBy: [7] },
    ]);
    expect(check.cellsWon).toEqual([8, 28, 24, 0, 0, 3, 3, 20, 0, 3]);
    expect(check.uncovered.length).toBe(36);
  });

  it('finds the compact preset total and free of shadowed rules', () => {
    const check = checkSegmentRules(rfmSegmentPresets.compact, 5);
    expect(check.shadowed).toEqual([]);
    expect(check.empty).toEqual([]);
    expect(check.uncovered).toEqual([]);
    expect(check.cellsWon).toEqual([12, 33, 30, 30, 20]);
  });

  it('tells rules matching no cell from shadowed ones, for any k', () => {
    const check = checkSegmentRules(
      [
        { name: 'all', r: [1, 2] },
        { name: 'never', r: [6, 9] },
        { name: 'hidden', r: [2, 2], f: [1, 1] },
      ],
      2,
    );
    expect(check.cells).toBe(8);
    expect(check.empty).toEqual([{ index: 1, name: 'never' }]);
    expect(check.shadowed).toEqual([{ index: 2, name: 'hidden', cells: 2, coveredBy: [0] }]);
    expect(check.uncovered).toEqual([]);
    expect(checkSegmentRules([], 2).uncovered).toEqual(allCells(2));
    thrown(() => checkSegmentRules([], 0), 'INVALID_OPTION', 'k');
    thrown(() => checkSegmentRules([{ name: 'x', fm: [3, Number.NaN] }]), 'INVALID_OPTION');
  });

  it('agrees with rfmSegments on every cell', () => {
    for (const rules of [rfmSegmentPresets.standard, rfmSegmentPresets.compact]) {
      const check = checkSegmentRules(rules, 5);
      const result = rfmSegments(scoresOf(allCells(5)), rules);
      expect(result.counts[result.fallback]).toBe(check.uncovered.length);
    }
  });
});
