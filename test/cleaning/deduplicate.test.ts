import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEDUPLICATE_DEFAULTS, deduplicate, type Transaction } from '../../src/index.js';
import { day, frozen, thrown, transactionArb } from './helpers.js';

describe('deduplicate: exact duplicates', () => {
  it('gives the result stated in its TSDoc example', () => {
    const date = new Date('2024-03-01');
    const { transactions, report } = deduplicate([
      { customerId: 'c1', date, amount: 30, orderId: 'o1', channel: 'web' },
      { customerId: 'c1', date, amount: 30, orderId: 'o1', channel: 'web' },
      { customerId: 'c1', date, amount: 12, orderId: 'o1', channel: 'web' },
      { customerId: 'c1', date, amount: 42, orderId: 'o1', channel: 'crm' },
    ]);
    expect(transactions.map((t) => t.amount)).toEqual([30, 12]);
    expect(report.removed).toEqual([
      { index: 1, reason: 'exact-duplicate', keptIndex: 0 },
      { index: 3, reason: 'cross-channel-duplicate', keptIndex: 0 },
    ]);
  });

  it('removes rows equal in every field, dates compared by getTime, keeping the first', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date: new Date('2024-01-01T10:00:00Z'), amount: 10, quantity: 2 },
      { customerId: 'c1', date: new Date('2024-01-01T10:00:00Z'), amount: 10, quantity: 2 },
      { customerId: 'c1', date: new Date('2024-01-01T10:00:00Z'), amount: 10, quantity: 3 },
      { customerId: 'c1', date: new Date('2024-01-01T10:00:01Z'), amount: 10, quantity: 2 },
      { customerId: 'c1', date: new Date('2024-01-01T10:00:00Z'), amount: 10, quantity: 2 },
    ];
    const { transactions, report } = deduplicate(rows);
    expect(transactions).toEqual([rows[0], rows[2], rows[3]]);
    expect(transactions[0]).toBe(rows[0]);
    expect(report).toEqual({
      step: 'deduplicate',
      rowsIn: 5,
      rowsOut: 3,
      exactDuplicates: 2,
      crossChannelDuplicates: 0,
      removed: [
        { index: 1, reason: 'exact-duplicate', keptIndex: 0 },
        { index: 4, reason: 'exact-duplicate', keptIndex: 0 },
      ],
    });
  });

  it('tells an absent optional field from a present one, and one field from another', () => {
    const date = day(1);
    const rows: Transaction[] = [
      { customerId: 'c1', date, amount: 5 },
      { customerId: 'c1', date, amount: 5, currency: 'EUR' },
      { customerId: 'c1', date, amount: 5, market: 'EUR' },
      { customerId: 'c1', date, amount: 5, channel: 'EUR' },
      { customerId: 'c1', date, amount: 5, quantity: 1 },
      // Same characters split differently between id and order id.
      { customerId: 'ab', date, amount: 5, orderId: 'c' },
      { customerId: 'a', date, amount: 5, orderId: 'bc' },
    ];
    const { transactions, report } = deduplicate(rows);
    expect(transactions).toHaveLength(rows.length);
    expect(report.removed).toEqual([]);
  });

  it('applies only the exact rule to rows without orderId, whatever their channel', () => {
    const date = day(2);
    const rows: Transaction[] = [
      { customerId: 'c1', date, amount: 5, channel: 'web' },
      { customerId: 'c1', date, amount: 5, channel: 'app' },
      { customerId: 'c1', date, amount: 5, channel: 'web' },
    ];
    const { transactions, report } = deduplicate(rows);
    expect(transactions).toEqual([rows[0], rows[1]]);
    expect(report.exactDuplicates).toBe(1);
    expect(report.crossChannelDuplicates).toBe(0);
  });
});

describe('deduplicate: one order seen through several channels', () => {
  const date = day(3);

  it('keeps the rows of the channel seen first, and every line of that channel', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date, amount: 30, orderId: 'o1', channel: 'crm' },
      { customerId: 'c1', date, amount: 25, orderId: 'o1', channel: 'web' },
      { customerId: 'c1', date, amount: 5, orderId: 'o1', channel: 'web' },
      { customerId: 'c1', date, amount: 10, orderId: 'o1', channel: 'crm' },
      { customerId: 'c2', date, amount: 30, orderId: 'o1', channel: 'web' }, // another customer
    ];
    const { transactions, report } = deduplicate(rows);
    expect(transactions).toEqual([rows[0], rows[3], rows[4]]);
    expect(report.crossChannelDuplicates).toBe(2);
    expect(report.removed).toEqual([
      { index: 1, reason: 'cross-channel-duplicate', keptIndex: 0 },
      { index: 2, reason: 'cross-channel-duplicate', keptIndex: 0 },
    ]);
  });

  it('follows channelPriority, with unlisted channels after listed ones', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date, amount: 30, orderId: 'o1', channel: 'crm' },
      { customerId: 'c1', date, amount: 30, orderId: 'o1', channel: 'pos' },
      { customerId: 'c1', date, amount: 28, orderId: 'o1', channel: 'web' },
      { customerId: 'c1', date, amount: 2, orderId: 'o1', channel: 'web' },
      { customerId: 'c1', date, amount: 9, orderId: 'o2', channel: 'crm' },
      { customerId: 'c1', date, amount: 9, orderId: 'o2', channel: 'pos' },
    ];
    const { transactions, report } = deduplicate(rows, { channelPriority: ['web', 'app'] });
    // o1: web is listed, so it wins although seen third; o2: neither listed, crm seen first.
    expect(transactions).toEqual([rows[2], rows[3], rows[4]]);
    expect(report.removed).toEqual([
      { index: 0, reason: 'cross-channel-duplicate', keptIndex: 2 },
      { index: 1, reason: 'cross-channel-duplicate', keptIndex: 2 },
      { index: 5, reason: 'cross-channel-duplicate', keptIndex: 4 },
    ]);
  });

  it('treats a missing channel as a channel of its own', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date, amount: 30, orderId: 'o1' },
      { customerId: 'c1', date, amount: 30, orderId: 'o1', channel: 'web' },
      { customerId: 'c1', date, amount: 3, orderId: 'o1' },
    ];
    const { transactions, report } = deduplicate(rows);
    expect(transactions).toEqual([rows[0], rows[2]]);
    expect(report.removed).toEqual([{ index: 1, reason: 'cross-channel-duplicate', keptIndex: 0 }]);
  });

  it('reports an exact copy of a dropped channel row as cross-channel, pointing at a kept row', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date, amount: 30, orderId: 'o1', channel: 'web' },
      { customerId: 'c1', date, amount: 30, orderId: 'o1', channel: 'crm' },
      { customerId: 'c1', date, amount: 30, orderId: 'o1', channel: 'crm' },
      { customerId: 'c1', date, amount: 30, orderId: 'o1', channel: 'web' },
    ];
    const { report } = deduplicate(rows);
    expect(report.removed).toEqual([
      { index: 1, reason: 'cross-channel-duplicate', keptIndex: 0 },
      { index: 2, reason: 'cross-channel-duplicate', keptIndex: 0 },
      { index: 3, reason: 'exact-duplicate', keptIndex: 0 },
    ]);
    expect(report.exactDuplicates).toBe(1);
    expect(report.crossChannelDuplicates).toBe(2);
  });
});

describe('deduplicate: edge cases', () => {
  it('returns an empty result for an empty input', () => {
    expect(deduplicate([])).toEqual({
      transactions: [],
      report: {
        step: 'deduplicate',
        rowsIn: 0,
        rowsOut: 0,
        exactDuplicates: 0,
        crossChannelDuplicates: 0,
        removed: [],
      },
    });
  });

  it('handles __proto__ and constructor as customer ids, order ids and channels', () => {
    const date = day(4);
    const rows: Transaction[] = [
      { customerId: '__proto__', date, amount: 1, orderId: 'constructor', channel: '__proto__' },
      { customerId: '__proto__', date, amount: 1, orderId: 'constructor', channel: 'toString' },
      { customerId: 'constructor', date, amount: 1, orderId: '__proto__', channel: '__proto__' },
      { customerId: 'constructor', date, amount: 1, orderId: '__proto__', channel: '__proto__' },
    ];
    const { transactions, report } = deduplicate(rows, { channelPriority: ['toString'] });
    expect(transactions).toEqual([rows[1], rows[2]]);
    expect(report.removed).toEqual([
      { index: 0, reason: 'cross-channel-duplicate', keptIndex: 1 },
      { index: 3, reason: 'exact-duplicate', keptIndex: 2 },
    ]);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('does not mutate its input', () => {
    const date = day(5);
    const input = frozen([
      { customerId: 'c1', date, amount: 1, orderId: 'o1', channel: 'web' },
      { customerId: 'c1', date, amount: 1, orderId: 'o1', channel: 'app' },
    ]);
    const { transactions } = deduplicate(input);
    expect(transactions).toEqual([input[0]]);
    expect(input).toHaveLength(2);
  });

  it('rejects bad options and malformed rows with stable codes', () => {
    expect(DEDUPLICATE_DEFAULTS.channelPriority).toEqual([]);
    expect(Object.isFrozen(DEDUPLICATE_DEFAULTS)).toBe(true);
    const good: Transaction = { customerId: 'c1', date: day(1), amount: 1 };
    expect(thrown(() => deduplicate([good], { channelPriority: 'web' as never })).code).toBe(
      'INVALID_OPTION',
    );
    const badChannel = thrown(() => deduplicate([good], { channelPriority: ['web', 3 as never] }));
    expect(badChannel.field).toBe('channelPriority[1]');
    const badDate = thrown(() =>
      deduplicate([good, { customerId: 'c1', date: new Date('x'), amount: 1 }]),
    );
    expect([badDate.code, badDate.row, badDate.field]).toEqual(['INVALID_DATE', 2, 'date']);
    expect(thrown(() => deduplicate('rows' as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => deduplicate([{ ...good, customerId: '' }])).code).toBe('INVALID_ID');
    expect(thrown(() => deduplicate([{ ...good, amount: Number.NaN }])).code).toBe(
      'INVALID_AMOUNT',
    );
  });
});

describe('deduplicate: properties', () => {
  const logArb = fc.array(transactionArb, { maxLength: 40 });
  const priorityArb = fc.subarray(['web', 'app', 'shop', 'hasOwnProperty']);

  it('is idempotent', () => {
    fc.assert(
      fc.property(logArb, priorityArb, (rows, channelPriority) => {
        const once = deduplicate(rows, { channelPriority }).transactions;
        const twice = deduplicate(once, { channelPriority });
        expect(twice.transactions).toEqual(once);
        expect(twice.report.removed).toEqual([]);
      }),
    );
  });

  it('returns a subset of the input in input order, and every keptIndex is kept', () => {
    fc.assert(
      fc.property(logArb, priorityArb, (rows, channelPriority) => {
        const { transactions, report } = deduplicate(rows, { channelPriority });
        const removedIndices = new Set(report.removed.map((r) => r.index));
        const keptIndices = rows.map((_, i) => i).filter((i) => !removedIndices.has(i));
        expect(transactions).toHaveLength(keptIndices.length);
        keptIndices.forEach((index, k) => {
          expect(transactions[k]).toBe(rows[index]);
        });
        for (const r of report.removed) expect(removedIndices.has(r.keptIndex)).toBe(false);
        expect(report.rowsOut + report.removed.length).toBe(report.rowsIn);
        expect(report.exactDuplicates + report.crossChannelDuplicates).toBe(report.removed.length);
      }),
    );
  });

  it('leaves one channel per order and no two identical rows', () => {
    fc.assert(
      fc.property(logArb, (rows) => {
        const { transactions } = deduplicate(rows);
        const channels = new Map<string, Set<string | undefined>>();
        const seen = new Set<string>();
        for (const t of transactions) {
          const exact = JSON.stringify([
            t.customerId,
            t.date.getTime(),
            t.amount,
            t.orderId ?? null,
            t.channel ?? null,
            t.market ?? null,
            t.currency ?? null,
            t.quantity ?? null,
          ]);
          expect(seen.has(exact)).toBe(false);
          seen.add(exact);
          if (t.orderId === undefined) continue;
          // Purchases of one order form one group; refunds group by amount.
          const key = JSON.stringify([
            t.customerId,
            t.orderId,
            t.amount < 0 ? t.amount : 'purchase',
          ]);
          const set = channels.get(key) ?? new Set();
          set.add(t.channel);
          channels.set(key, set);
        }
        for (const set of channels.values()) expect(set.size).toBe(1);
      }),
    );
  });
});

describe('deduplicate: refunds of an order', () => {
  it('a refund row is not a cross-channel copy of its purchase; a refund seen twice counts once', () => {
    const day = new Date('2024-03-01T00:00:00Z');
    const { transactions, report } = deduplicate([
      { customerId: 'c1', date: day, amount: 50, orderId: 'o1', channel: 'web' },
      { customerId: 'c1', date: day, amount: -20, orderId: 'o1' },
      { customerId: 'c1', date: day, amount: -20, orderId: 'o1', channel: 'crm' },
    ]);
    expect(transactions.map((t) => t.amount)).toEqual([50, -20]);
    expect(report.crossChannelDuplicates).toBe(1);
  });

  it('two refunds of different amounts from two channels are two refunds', () => {
    const { transactions } = deduplicate([
      {
        customerId: 'c1',
        date: new Date('2024-01-01T00:00:00Z'),
        amount: 100,
        orderId: 'o1',
        channel: 'web',
      },
      {
        customerId: 'c1',
        date: new Date('2024-01-05T00:00:00Z'),
        amount: -30,
        orderId: 'o1',
        channel: 'store',
      },
      {
        customerId: 'c1',
        date: new Date('2024-01-09T00:00:00Z'),
        amount: -20,
        orderId: 'o1',
        channel: 'web',
      },
    ]);
    expect(transactions.map((t) => t.amount)).toEqual([100, -30, -20]);
  });
});
