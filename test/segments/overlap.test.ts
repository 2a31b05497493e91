import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  membershipsFromLabels,
  RESOLVE_SEGMENT_OVERLAP_DEFAULTS,
  resolveSegmentOverlap,
  type SegmentMembership,
} from '../../src/index.js';
import { thrown } from './helpers.js';

describe('resolveSegmentOverlap', () => {
  it('gives the result stated in its TSDoc example', () => {
    const resolved = resolveSegmentOverlap([
      { name: 'win-back', members: [1, 1, 0, 0] },
      { name: 'upsell', members: [1, 0, 1, 0] },
    ]);
    expect(Array.from(resolved.primary)).toEqual([0, 0, 1, -1]);
    expect(resolved.conflicts.table).toEqual([
      { winner: 0, loser: 1, winnerName: 'win-back', loserName: 'upsell', customers: 1 },
    ]);
    expect(Array.from(resolved.conflicts.matrix)).toEqual([0, 1, 0, 0]);
    expect(resolved.members).toEqual([2, 2]);
    expect(resolved.assigned).toEqual([2, 1]);
    expect(resolved.unassigned).toBe(1);
    expect(resolved.overlapping).toBe(1);
    expect(resolved.labels).toBe(resolved.primary);
  });

  it('weighs scores, breaking exact ties in favour of the earlier segment', () => {
    const memberships: SegmentMembership[] = [
      { name: 'a', members: [true, true, true, false], score: [0.5, 0.2, 0.9, 1] },
      { name: 'b', members: [true, true, false, true], score: [0.25, 0.9, 0.1, 0] },
      { name: 'c', members: new Uint8Array([1, 1, 1, 0]) },
    ];
    const resolved = resolveSegmentOverlap(memberships, {
      method: 'weighted',
      weights: [2, 4, 0.5],
    });
    // Customer 0: a 1.0, b 1.0, c 0.5 → tie a/b, a wins. 1: a 0.4, b 3.6, c 0.5 → b.
    // 2: a 1.8, c 0.5 → a. 3: only b (value 0) → b.
    expect(Array.from(resolved.primary)).toEqual([0, 1, 0, 1]);
    expect(resolved.conflicts.table.map((c) => [c.winner, c.loser, c.customers])).toEqual([
      [0, 1, 1],
      [0, 2, 2],
      [1, 0, 1],
      [1, 2, 1],
    ]);
    // By priority the same memberships go to the first listed segment.
    expect(Array.from(resolveSegmentOverlap(memberships).primary)).toEqual([0, 0, 0, 1]);
  });

  it('handles no segments, no customers and `__proto__` names', () => {
    const none = resolveSegmentOverlap([]);
    expect(none.primary).toHaveLength(0);
    const empty = resolveSegmentOverlap([{ name: '__proto__', members: [] }]);
    expect(empty.members).toEqual([0]);
    const proto = resolveSegmentOverlap([
      { name: '__proto__', members: [0, 1] },
      { name: 'constructor', members: [1, 1] },
    ]);
    expect(Array.from(proto.primary)).toEqual([1, 0]);
    expect(proto.conflicts.table[0]!.winnerName).toBe('__proto__');
  });

  it('rejects malformed memberships and options', () => {
    thrown(
      () => resolveSegmentOverlap([{ name: 'a', members: [2] }]),
      'INVALID_ARGUMENT',
      'memberships[0].members',
    );
    thrown(
      () =>
        resolveSegmentOverlap([
          { name: 'a', members: [1] },
          { name: 'b', members: [1, 0] },
        ]),
      'INVALID_ARGUMENT',
      'memberships[1].members',
    );
    thrown(
      () =>
        resolveSegmentOverlap([{ name: 'a', members: [1], score: [Number.NaN] }], {
          method: 'weighted',
        }),
      'INVALID_ARGUMENT',
      'memberships[0].score',
    );
    thrown(
      () => resolveSegmentOverlap([{ name: 'a', members: [1] }], { weights: [1] }),
      'INVALID_OPTION',
      'weights',
    );
    thrown(
      () =>
        resolveSegmentOverlap([{ name: 'a', members: [1] }], {
          method: 'weighted',
          weights: [1, 2],
        }),
      'INVALID_OPTION',
      'weights',
    );
    thrown(
      () => resolveSegmentOverlap([{ name: '', members: [1] }]),
      'INVALID_OPTION',
      'memberships[0].name',
    );
    thrown(
      () => resolveSegmentOverlap([], { method: 'max' as 'priority' }),
      'INVALID_OPTION',
      'method',
    );
    expect(RESOLVE_SEGMENT_OVERLAP_DEFAULTS).toEqual({ method: 'priority' });
  });

  const input = fc.integer({ min: 0, max: 40 }).chain((n) =>
    fc.record({
      memberships: fc.array(
        fc.record({
          name: fc.constantFrom('a', 'b', 'c', '__proto__'),
          members: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
          score: fc.option(
            fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n }),
            {
              nil: undefined,
            },
          ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      weights: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), {
        minLength: 4,
        maxLength: 4,
      }),
      weighted: fc.boolean(),
    }),
  );

  it('assigns a segment the customer belongs to, is idempotent and accounts for every conflict', () => {
    fc.assert(
      fc.property(input, ({ memberships, weights, weighted }) => {
        // A membership without a score has no `score` key at all.
        const list: { name: string; members: boolean[]; score?: number[] }[] = memberships.map(
          (m) => (m.score === undefined ? { name: m.name, members: m.members } : m),
        );
        const options = weighted
          ? { method: 'weighted' as const, weights: weights.slice(0, list.length) }
          : undefined;
        const resolved = resolveSegmentOverlap(list, options);
        const n = list[0]!.members.length;
        for (let i = 0; i < n; i++) {
          const belongs = list.map((m) => m.members[i]);
          const p = resolved.primary[i]!;
          if (p === -1) expect(belongs.some(Boolean)).toBe(false);
          else {
            expect(belongs[p]).toBe(true);
            if (!weighted) expect(p).toBe(belongs.indexOf(true));
            else {
              const value = (j: number) => options!.weights[j]! * (list[j]!.score?.[i] ?? 1);
              belongs.forEach((member, j) => {
                if (!member) return;
                // No member segment beats the winner; an equal one must come later.
                expect(value(j) <= value(p)).toBe(true);
                if (value(j) === value(p)) expect(j >= p).toBe(true);
              });
            }
          }
        }
        // Resolving the resolved assignment again changes nothing.
        const again = resolveSegmentOverlap(
          membershipsFromLabels(resolved.primary, resolved.names).map((m, j) => ({
            ...m,
            score: list[j]!.score,
          })),
          options,
        );
        expect(Array.from(again.primary)).toEqual(Array.from(resolved.primary));
        expect(again.conflicts.table).toEqual([]);
        expect(again.overlapping).toBe(0);
        // Conflicts: each overlapping customer counted once per other segment it belonged to.
        const conflicts = resolved.conflicts.table.reduce((s, c) => s + c.customers, 0);
        let expected = 0;
        for (let i = 0; i < n; i++) {
          const count = list.filter((m) => m.members[i]).length;
          if (count > 1) expected += count - 1;
        }
        expect(conflicts).toBe(expected);
        expect(resolved.assigned.reduce((s, c) => s + c, 0) + resolved.unassigned).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});

describe('membershipsFromLabels', () => {
  it('gives the result stated in its TSDoc example', () => {
    const [vip, rest] = membershipsFromLabels([0, 1, -1], ['VIP', 'rest']);
    expect(Array.from(vip!.members)).toEqual([1, 0, 0]);
    expect(Array.from(rest!.members)).toEqual([0, 1, 0]);
    expect(vip!.name).toBe('VIP');
    thrown(() => membershipsFromLabels([2], ['VIP', 'rest']), 'INVALID_ARGUMENT', 'labels');
  });
});
