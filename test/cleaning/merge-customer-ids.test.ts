import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MERGE_CUSTOMER_IDS_DEFAULTS,
  mergeCustomerIds,
  type Transaction,
} from '../../src/index.js';
import { day, frozen, thrown } from './helpers.js';

const ids = (rows: readonly Transaction[]) => rows.map((t) => t.customerId);

describe('mergeCustomerIds: groups and survivors', () => {
  it('gives the result stated in its TSDoc example', () => {
    const { transactions, report } = mergeCustomerIds(
      [
        { customerId: 'web-7', date: new Date('2024-02-01'), amount: 20 },
        { customerId: 'shop-3', date: new Date('2024-01-15'), amount: 35 },
        { customerId: 'app-9', date: new Date('2024-03-01'), amount: 10 },
      ],
      [
        ['web-7', 'shop-3'],
        ['shop-3', 'app-9'],
      ],
    );
    expect(ids(transactions)).toEqual(['shop-3', 'shop-3', 'shop-3']);
    expect([...report.mapping]).toEqual([
      ['app-9', 'shop-3'],
      ['web-7', 'shop-3'],
    ]);
    expect(report).toMatchObject({
      step: 'mergeCustomerIds',
      rowsIn: 3,
      rowsOut: 3,
      groups: 1,
      idsMerged: 2,
      rowsRewritten: 2,
    });
  });

  it('merges transitively through pairs and groups, keeping separate people apart', () => {
    const rows: Transaction[] = [
      { customerId: 'a', date: day(5), amount: 1 },
      { customerId: 'b', date: day(3), amount: 2 },
      { customerId: 'c', date: day(9), amount: 3 },
      { customerId: 'd', date: day(1), amount: 4 },
      { customerId: 'e', date: day(2), amount: 5 },
      { customerId: 'f', date: day(2), amount: 6 },
    ];
    const { transactions, report } = mergeCustomerIds(rows, [
      ['a', 'b'],
      ['c', 'x', 'a'], // a group of three; x has no transactions
      ['e', 'f'],
      ['d'], // a group of one: nothing to merge
    ]);
    // {a, b, c, x}: b bought first. {e, f}: same first day, so the smaller id e.
    expect(ids(transactions)).toEqual(['b', 'b', 'b', 'd', 'e', 'e']);
    expect(report.groups).toBe(2);
    expect([...report.mapping]).toEqual([
      ['a', 'b'],
      ['c', 'b'],
      ['f', 'e'],
      ['x', 'b'],
    ]);
    expect(report.rowsRewritten).toBe(3);
    expect(transactions[1]).toBe(rows[1]);
    expect(transactions[0]).toEqual({ ...rows[0], customerId: 'b' });
  });

  it("uses a customer's earliest transaction, not their first row", () => {
    const rows: Transaction[] = [
      { customerId: 'p', date: day(10), amount: 1 },
      { customerId: 'q', date: day(5), amount: 1 },
      { customerId: 'p', date: day(2), amount: 1 },
    ];
    expect(ids(mergeCustomerIds(rows, [['q', 'p']]).transactions)).toEqual(['p', 'p', 'p']);
  });

  it('picks the smallest id in code-unit order for ids without transactions', () => {
    const { report } = mergeCustomerIds(
      [],
      [
        ['b', 'B'],
        ['é', 'z'],
      ],
    );
    // 'B' (U+0042) < 'b' (U+0062); 'z' (U+007A) < 'é' (U+00E9).
    expect([...report.mapping]).toEqual([
      ['b', 'B'],
      ['é', 'z'],
    ]);
  });

  it("supports survivor: 'smallest' and a survivor function", () => {
    const rows: Transaction[] = [
      { customerId: 'm', date: day(1), amount: 1 },
      { customerId: 'k', date: day(2), amount: 1 },
      { customerId: 'z', date: day(3), amount: 1 },
    ];
    const links = [
      ['m', 'z'],
      ['z', 'k'],
    ];
    expect(ids(mergeCustomerIds(rows, links).transactions)).toEqual(['m', 'm', 'm']);
    expect(ids(mergeCustomerIds(rows, links, { survivor: 'smallest' }).transactions)).toEqual([
      'k',
      'k',
      'k',
    ]);
    const seen: string[][] = [];
    const last = mergeCustomerIds(rows, links, {
      survivor: (group) => {
        seen.push(group);
        return group[group.length - 1]!;
      },
    });
    expect(seen).toEqual([['k', 'm', 'z']]);
    expect(ids(last.transactions)).toEqual(['z', 'z', 'z']);
    expect(MERGE_CUSTOMER_IDS_DEFAULTS.survivor).toBe('earliest');
  });

  it('rejects a survivor function that returns an id outside the group', () => {
    const rows: Transaction[] = [
      { customerId: 'a', date: day(1), amount: 1 },
      { customerId: 'c', date: day(1), amount: 1 },
    ];
    const error = thrown(() => mergeCustomerIds(rows, [['a', 'b']], { survivor: () => 'c' }));
    expect([error.code, error.field]).toEqual(['INVALID_OPTION', 'survivor']);
    expect(thrown(() => mergeCustomerIds(rows, [], { survivor: 'first' as never })).code).toBe(
      'INVALID_OPTION',
    );
  });
});

describe('mergeCustomerIds: edge cases and errors', () => {
  it('returns an empty result for empty input and no links', () => {
    const { transactions, report } = mergeCustomerIds([], []);
    expect(transactions).toEqual([]);
    expect(report).toEqual({
      step: 'mergeCustomerIds',
      rowsIn: 0,
      rowsOut: 0,
      groups: 0,
      idsMerged: 0,
      rowsRewritten: 0,
      mapping: new Map(),
    });
  });

  it('leaves self-links and unlinked ids alone', () => {
    const rows: Transaction[] = [{ customerId: 'a', date: day(1), amount: 1 }];
    const { transactions, report } = mergeCustomerIds(rows, [['a', 'a']]);
    expect(transactions[0]).toBe(rows[0]);
    expect(report.groups).toBe(0);
    expect(report.mapping.size).toBe(0);
  });

  it('handles __proto__ and constructor as ordinary ids', () => {
    const rows: Transaction[] = [
      { customerId: 'constructor', date: day(4), amount: 1 },
      { customerId: '__proto__', date: day(2), amount: 1 },
      { customerId: 'toString', date: day(3), amount: 1 },
      { customerId: 'hasOwnProperty', date: day(1), amount: 1 },
    ];
    const { transactions, report } = mergeCustomerIds(rows, [['constructor', '__proto__']]);
    expect(ids(transactions)).toEqual(['__proto__', '__proto__', 'toString', 'hasOwnProperty']);
    expect(report.mapping.get('constructor')).toBe('__proto__');
    expect(report.mapping.has('__proto__')).toBe(false);
  });

  it('does not mutate its input', () => {
    const input = frozen([
      { customerId: 'a', date: day(2), amount: 1 },
      { customerId: 'b', date: day(1), amount: 1 },
    ]);
    const links = Object.freeze([Object.freeze(['a', 'b'])]);
    expect(ids(mergeCustomerIds(input, links).transactions)).toEqual(['b', 'b']);
    expect(input[0]!.customerId).toBe('a');
  });

  it('rejects invalid links, naming the link', () => {
    const rows: Transaction[] = [{ customerId: 'a', date: day(1), amount: 1 }];
    const empty = thrown(() =>
      mergeCustomerIds(rows, [
        ['a', 'b'],
        ['c', ''],
      ]),
    );
    expect([empty.code, empty.field]).toEqual(['INVALID_ID', 'links[1]']);
    expect(empty.message).toContain('links[1]');
    const nonString = thrown(() => mergeCustomerIds(rows, [['a', 7 as never]]));
    expect([nonString.code, nonString.field]).toEqual(['INVALID_ID', 'links[0]']);
    expect(thrown(() => mergeCustomerIds(rows, [[]])).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => mergeCustomerIds(rows, ['ab' as never])).field).toBe('links[0]');
    expect(thrown(() => mergeCustomerIds(rows, new Map() as never)).code).toBe('INVALID_ARGUMENT');
  });
});

describe('mergeCustomerIds: properties', () => {
  const idArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', '__proto__', 'constructor');
  const rowsArb = fc.array(
    fc.record({ customerId: idArb, dayOfYear: fc.integer({ min: 1, max: 5 }) }).map(
      ({ customerId, dayOfYear }): Transaction => ({
        customerId,
        date: day(dayOfYear),
        amount: 1,
      }),
    ),
    { maxLength: 20 },
  );
  const linksArb = fc.array(fc.tuple(idArb, idArb), { maxLength: 8 });

  /** Connected components by a plain search, as the reference. */
  function components(rows: readonly Transaction[], links: readonly string[][]): string[][] {
    const neighbours = new Map<string, Set<string>>();
    const touch = (id: string) => {
      if (!neighbours.has(id)) neighbours.set(id, new Set());
      return neighbours.get(id)!;
    };
    for (const t of rows) touch(t.customerId);
    for (const [x, y] of links) {
      touch(x!).add(y!);
      touch(y!).add(x!);
    }
    const seen = new Set<string>();
    const result: string[][] = [];
    for (const start of neighbours.keys()) {
      if (seen.has(start)) continue;
      const group: string[] = [];
      const stack = [start];
      seen.add(start);
      while (stack.length > 0) {
        const id = stack.pop()!;
        group.push(id);
        for (const next of neighbours.get(id)!) {
          if (!seen.has(next)) {
            seen.add(next);
            stack.push(next);
          }
        }
      }
      result.push(group);
    }
    return result;
  }

  it('does not depend on the order of the links nor of the ids within a pair', () => {
    fc.assert(
      fc.property(
        rowsArb,
        linksArb
          .chain((links) =>
            fc.tuple(
              fc.constant(links),
              fc.shuffledSubarray(links, { minLength: links.length }),
              fc.array(fc.boolean(), { minLength: links.length, maxLength: links.length }),
            ),
          )
          .map(([links, shuffled, flips]) => ({
            links,
            reordered: shuffled.map(([x, y], k) => (flips[k] ? [y, x] : [x, y])),
          })),
        (rows, { links, reordered }) => {
          const a = mergeCustomerIds(rows, links);
          const b = mergeCustomerIds(rows, reordered);
          expect(ids(b.transactions)).toEqual(ids(a.transactions));
          expect([...b.report.mapping]).toEqual([...a.report.mapping]);
          expect(b.report.groups).toBe(a.report.groups);
        },
      ),
    );
  });

  it('maps every id of one linked group to the same survivor, a member of the group', () => {
    fc.assert(
      fc.property(
        rowsArb,
        linksArb,
        fc.constantFrom('earliest', 'smallest'),
        (rows, links, rule) => {
          const { transactions, report } = mergeCustomerIds(rows, links, {
            survivor: rule as 'earliest' | 'smallest',
          });
          const survivorOf = (id: string) => report.mapping.get(id) ?? id;
          let groups = 0;
          for (const group of components(rows, links)) {
            if (group.length > 1) groups++;
            const survivors = new Set(group.map(survivorOf));
            expect(survivors.size).toBe(1);
            const survivor = [...survivors][0]!;
            expect(group).toContain(survivor);
            if (rule === 'smallest') expect(survivor).toBe([...group].sort()[0]);
          }
          expect(report.groups).toBe(groups);
          transactions.forEach((t, i) => {
            expect(t.customerId).toBe(survivorOf(rows[i]!.customerId));
          });
        },
      ),
    );
  });
});
