import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NET_REFUNDS_DEFAULTS, netRefunds, type Transaction } from '../../src/index.js';
import { close, day, frozen, thrown, total, totalsByCustomer } from './helpers.js';

const amounts = (rows: readonly Transaction[]) => rows.map((t) => t.amount);

describe('netRefunds: refunds with an order id', () => {
  it('gives the result stated in its TSDoc example', () => {
    const { transactions, report } = netRefunds([
      { customerId: 'c1', date: new Date('2024-01-10'), amount: 50, orderId: 'o1' },
      { customerId: 'c1', date: new Date('2024-01-10'), amount: 20, orderId: 'o1' },
      { customerId: 'c1', date: new Date('2024-01-20'), amount: 30, orderId: 'o2' },
      { customerId: 'c1', date: new Date('2024-01-25'), amount: -25, orderId: 'o1' },
      { customerId: 'c1', date: new Date('2024-02-01'), amount: -40 },
    ]);
    expect(transactions.map((t) => [t.orderId, t.amount])).toEqual([['o1', 35]]);
    expect(report).toEqual({
      step: 'netRefunds',
      rowsIn: 5,
      rowsOut: 1,
      refundRows: 2,
      refundAmount: 65,
      nettedAmount: 65,
      fullyRefundedOrders: 1,
      partiallyRefundedOrders: 1,
      refundedRowsRemoved: 2,
      zeroAmountRowsDropped: 0,
      unmatchedRefunds: { count: 0, amount: 0, byCustomer: [] },
    });
  });

  it("reduces the order's last line first, then the line before it", () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date: day(1), amount: 10, orderId: 'o1', quantity: 1 },
      { customerId: 'c1', date: day(1), amount: 20, orderId: 'o1', quantity: 2 },
      { customerId: 'c1', date: day(1), amount: 30, orderId: 'o1', quantity: 3 },
      { customerId: 'c1', date: day(2), amount: 7 }, // not part of the order
      { customerId: 'c1', date: day(3), amount: -35, orderId: 'o1' },
    ];
    const { transactions, report } = netRefunds(rows);
    expect(transactions).toEqual([rows[0], { ...rows[1], amount: 15 }, rows[3]]);
    expect(transactions[0]).toBe(rows[0]);
    expect(transactions[1]?.quantity).toBe(2);
    expect(report.partiallyRefundedOrders).toBe(1);
    expect(report.fullyRefundedOrders).toBe(0);
    expect(report.refundedRowsRemoved).toBe(1);
  });

  it('removes every row of an order refunded in full, zero-amount lines included', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date: day(1), amount: 40, orderId: 'o1' },
      { customerId: 'c1', date: day(1), amount: 0, orderId: 'o1' }, // free gift
      { customerId: 'c1', date: day(1), amount: 0, orderId: 'o2' }, // a free order, untouched
      { customerId: 'c1', date: day(5), amount: -15, orderId: 'o1' },
      { customerId: 'c1', date: day(6), amount: -25, orderId: 'o1' },
    ];
    const { transactions, report } = netRefunds(rows);
    expect(transactions).toEqual([rows[2]]);
    expect(report.fullyRefundedOrders).toBe(1);
    expect(report.refundedRowsRemoved).toBe(2);
    expect(report.unmatchedRefunds.count).toBe(0);
  });

  it('nets what the order cannot absorb against the latest earlier purchases', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date: day(1), amount: 100 },
      { customerId: 'c1', date: day(2), amount: 50, orderId: 'o1' },
      { customerId: 'c1', date: day(3), amount: -80, orderId: 'o1' },
    ];
    const { transactions, report } = netRefunds(rows);
    expect(transactions).toEqual([{ ...rows[0], amount: 70 }]);
    expect(report.fullyRefundedOrders).toBe(1);
    expect(report.partiallyRefundedOrders).toBe(1);
    expect(report.nettedAmount).toBe(80);
  });

  it('uses the order whatever its date, and treats an unknown order id like no order id', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date: day(1), amount: 60 },
      { customerId: 'c1', date: day(9), amount: 60, orderId: 'o1' }, // after the refund
      { customerId: 'c1', date: day(5), amount: -10, orderId: 'o1' },
      { customerId: 'c1', date: day(5), amount: -20, orderId: 'nope' },
      { customerId: 'c2', date: day(5), amount: -5, orderId: 'o1' }, // c2 has no order o1
    ];
    const { transactions, report } = netRefunds(rows);
    expect(amounts(transactions)).toEqual([40, 50]);
    expect(report.unmatchedRefunds).toEqual({
      count: 1,
      amount: 5,
      byCustomer: [{ customerId: 'c2', count: 1, unmatchedRefundAmount: 5 }],
    });
  });

  it('nets refunds naming an order before the others, even when they are later', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date: day(1), amount: 100, orderId: 'o1' },
      { customerId: 'c1', date: day(5), amount: -100 }, // only o1 precedes it
      { customerId: 'c1', date: day(7), amount: 100, orderId: 'o2' },
      { customerId: 'c1', date: day(10), amount: -100, orderId: 'o1' },
    ];
    const { transactions, report } = netRefunds(rows);
    expect(transactions).toEqual([rows[2]]);
    expect(report.unmatchedRefunds.amount).toBe(100);
    expect(report.unmatchedRefunds.byCustomer).toEqual([
      { customerId: 'c1', count: 1, unmatchedRefundAmount: 100 },
    ]);
  });
});

describe('netRefunds: refunds without an order id', () => {
  it('reduces the most recent purchase on or before the refund date, carrying the rest back', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date: day(1), amount: 10 },
      { customerId: 'c1', date: day(2), amount: 20 },
      { customerId: 'c1', date: day(3), amount: 30 },
      { customerId: 'c1', date: day(4, 20), amount: 40 }, // same UTC day as the refund, later hour
      { customerId: 'c1', date: day(5), amount: 50 }, // after the refund: not used
      { customerId: 'c1', date: day(4, 8), amount: -85 },
    ];
    const { transactions, report } = netRefunds(rows);
    expect(transactions).toEqual([rows[0], { ...rows[1], amount: 5 }, rows[4]]);
    expect(report.fullyRefundedOrders).toBe(2);
    expect(report.partiallyRefundedOrders).toBe(1);
    expect(report.refundedRowsRemoved).toBe(2);
  });

  it('breaks date ties by taking the later input row first', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date: day(2), amount: 10 },
      { customerId: 'c1', date: day(2), amount: 10 },
      { customerId: 'c1', date: day(3), amount: -4 },
    ];
    expect(amounts(netRefunds(rows).transactions)).toEqual([10, 6]);
  });

  it('finds purchases in date order when the input is not sorted', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date: day(8), amount: -25 },
      { customerId: 'c1', date: day(6), amount: 20 },
      { customerId: 'c1', date: day(9), amount: 99 },
      { customerId: 'c1', date: day(2), amount: 20 },
      { customerId: 'c1', date: day(4), amount: 20 },
    ];
    const { transactions } = netRefunds(rows);
    expect(transactions).toEqual([rows[2], rows[3], { ...rows[4], amount: 15 }]);
  });

  it('reports a refund with nothing to absorb it, per customer, and drops it', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date: day(3), amount: -12.5 },
      { customerId: 'c2', date: day(1), amount: 10 },
      { customerId: 'c2', date: day(2), amount: -15 },
      { customerId: 'c1', date: day(4), amount: 30 },
      { customerId: 'c2', date: day(3), amount: -1 },
    ];
    const { transactions, report } = netRefunds(rows);
    expect(transactions).toEqual([rows[3]]);
    expect(report.refundAmount).toBe(28.5);
    expect(report.nettedAmount).toBe(10);
    expect(report.unmatchedRefunds).toEqual({
      count: 3,
      amount: 18.5,
      byCustomer: [
        { customerId: 'c1', count: 1, unmatchedRefundAmount: 12.5 },
        { customerId: 'c2', count: 2, unmatchedRefundAmount: 6 },
      ],
    });
  });

  it('never nets one customer against another', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date: day(1), amount: 10 },
      { customerId: 'c2', date: day(2), amount: -10 },
    ];
    const { transactions, report } = netRefunds(rows);
    expect(transactions).toEqual([rows[0]]);
    expect(report.unmatchedRefunds.amount).toBe(10);
  });
});

describe('netRefunds: zero amounts, tolerance and totals', () => {
  const rows: Transaction[] = [
    { customerId: 'c1', date: day(1), amount: 0 }, // free sample
    { customerId: 'c1', date: day(2), amount: 10 },
    { customerId: 'c1', date: day(3), amount: -10 },
    { customerId: 'c1', date: day(4), amount: 5 },
  ];

  it("keeps untouched zero-amount rows by default and drops them with zeroAmount: 'drop'", () => {
    const kept = netRefunds(rows);
    expect(kept.transactions).toEqual([rows[0], rows[3]]);
    expect(kept.report.zeroAmountRowsDropped).toBe(0);
    const dropped = netRefunds(rows, { zeroAmount: 'drop' });
    expect(dropped.transactions).toEqual([rows[3]]);
    expect(dropped.report.zeroAmountRowsDropped).toBe(1);
    expect(NET_REFUNDS_DEFAULTS).toEqual({ zeroAmount: 'keep', tolerance: 1e-9 });
    expect(Object.isFrozen(NET_REFUNDS_DEFAULTS)).toBe(true);
  });

  it('treats float noise as equality: 20.2 + 10.1 refunded by 30.3 is fully refunded', () => {
    expect(30.3 - 20.2 - 10.1).not.toBe(0); // the noise this guards against
    const noisy: Transaction[] = [
      { customerId: 'c1', date: day(1), amount: 10.1, orderId: 'o1' },
      { customerId: 'c1', date: day(1), amount: 20.2, orderId: 'o1' },
      { customerId: 'c1', date: day(2), amount: -30.3, orderId: 'o1' },
      { customerId: 'c2', date: day(1), amount: 10.1 },
      { customerId: 'c2', date: day(1), amount: 20.2 },
      { customerId: 'c2', date: day(2), amount: -30.3 },
    ];
    const { transactions, report } = netRefunds(noisy);
    expect(transactions).toEqual([]);
    expect(report.fullyRefundedOrders).toBe(3);
    expect(report.unmatchedRefunds.count).toBe(0);
    // With no tolerance the noise survives as a tiny remainder.
    const strict = netRefunds(noisy, { tolerance: 0 });
    expect(strict.transactions.length + strict.report.unmatchedRefunds.count).toBeGreaterThan(0);
  });

  it('sums the refunded amount with compensation', () => {
    const many: Transaction[] = [{ customerId: 'c1', date: day(1), amount: 5 }];
    for (let k = 0; k < 10; k++) many.push({ customerId: 'c1', date: day(2), amount: -0.1 });
    let naive = 0;
    for (let k = 0; k < 10; k++) naive += 0.1;
    expect(naive).not.toBe(1);
    const { transactions, report } = netRefunds(many);
    expect(report.refundAmount).toBe(1);
    expect(report.nettedAmount).toBe(1);
    expect(transactions[0]!.amount).toBeCloseTo(4, 12);
  });
});

describe('netRefunds: edge cases and errors', () => {
  it('returns an empty result for an empty input', () => {
    const { transactions, report } = netRefunds([]);
    expect(transactions).toEqual([]);
    expect(report).toMatchObject({
      rowsIn: 0,
      rowsOut: 0,
      refundRows: 0,
      refundAmount: 0,
      unmatchedRefunds: { count: 0, amount: 0, byCustomer: [] },
    });
  });

  it('handles __proto__ and constructor as customer and order ids', () => {
    const rows: Transaction[] = [
      { customerId: '__proto__', date: day(1), amount: 10, orderId: 'constructor' },
      { customerId: 'constructor', date: day(1), amount: 10, orderId: '__proto__' },
      { customerId: '__proto__', date: day(2), amount: -4, orderId: 'constructor' },
      { customerId: 'constructor', date: day(2), amount: -14, orderId: '__proto__' },
    ];
    const { transactions, report } = netRefunds(rows);
    expect(transactions).toEqual([{ ...rows[0], amount: 6 }]);
    expect(report.unmatchedRefunds.byCustomer).toEqual([
      { customerId: 'constructor', count: 1, unmatchedRefundAmount: 4 },
    ]);
  });

  it('does not mutate its input', () => {
    const input = frozen([
      { customerId: 'c1', date: day(1), amount: 10, orderId: 'o1' },
      { customerId: 'c1', date: day(2), amount: -3, orderId: 'o1' },
    ]);
    expect(netRefunds(input).transactions).toEqual([{ ...input[0], amount: 7 }]);
    expect(input[0]!.amount).toBe(10);
  });

  it('refuses a log in several currencies, and bad options', () => {
    const mixed = thrown(() =>
      netRefunds([
        { customerId: 'c1', date: day(1), amount: 10, currency: 'EUR' },
        { customerId: 'c1', date: day(1), amount: 10 },
        { customerId: 'c1', date: day(2), amount: -3, currency: 'USD' },
      ]),
    );
    expect([mixed.code, mixed.row, mixed.field]).toEqual(['INVALID_ARGUMENT', 3, 'currency']);
    expect(mixed.message).toContain('convertCurrency');
    expect(thrown(() => netRefunds([], { zeroAmount: 'maybe' as never })).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => netRefunds([], { tolerance: -1 })).field).toBe('tolerance');
    const badAmount = thrown(() =>
      netRefunds([{ customerId: 'c1', date: day(1), amount: Number.POSITIVE_INFINITY }]),
    );
    expect([badAmount.code, badAmount.row]).toEqual(['INVALID_AMOUNT', 1]);
  });
});

describe('netRefunds: properties', () => {
  const rowArb = fc
    .record({
      customerId: fc.constantFrom('a', 'b', '__proto__'),
      dayOfYear: fc.integer({ min: 1, max: 8 }),
      cents: fc.integer({ min: -3000, max: 5000 }),
      orderId: fc.option(fc.constantFrom('o1', 'o2', 'constructor'), { nil: undefined }),
    })
    .map(({ customerId, dayOfYear, cents, orderId }) => {
      const t: Transaction = { customerId, date: day(dayOfYear), amount: cents / 100 };
      return orderId === undefined ? t : { ...t, orderId };
    });

  it('never increases a customer total, leaves no refund, and Σout = Σin + unmatched', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), fc.boolean(), (rows, drop) => {
        const { transactions, report } = netRefunds(rows, {
          zeroAmount: drop ? 'drop' : 'keep',
        });
        const purchasesIn = totalsByCustomer(rows.filter((t) => t.amount >= 0));
        for (const [id, out] of totalsByCustomer(transactions)) {
          expect(out).toBeLessThanOrEqual((purchasesIn.get(id) ?? 0) + 1e-9);
        }
        for (const t of transactions) expect(t.amount).toBeGreaterThanOrEqual(0);
        const sumIn = total(amounts(rows));
        const sumOut = total(amounts(transactions));
        expect(close(sumOut, sumIn + report.unmatchedRefunds.amount, 1e-9)).toBe(true);
        expect(
          close(report.refundAmount, report.nettedAmount + report.unmatchedRefunds.amount),
        ).toBe(true);
        expect(report.rowsOut).toBe(transactions.length);
      }),
    );
  });

  it('preserves the sum of amounts when every refund is absorbed', () => {
    // Each customer's refunds come after all of its purchases and total less than them.
    const customerArb = fc
      .record({
        purchases: fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 6 }),
        shares: fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 4 }),
        withOrder: fc.boolean(),
      })
      .map(({ purchases, shares, withOrder }) => {
        const purchaseCents = purchases.reduce((a, b) => a + b, 0);
        const shareTotal = shares.reduce((a, b) => a + b, 0);
        const refunds = shares.map((s) =>
          Math.floor((s / Math.max(shareTotal, 100)) * purchaseCents),
        );
        return { purchases, refunds, withOrder };
      });
    fc.assert(
      fc.property(fc.array(customerArb, { minLength: 1, maxLength: 5 }), (customers) => {
        const rows: Transaction[] = [];
        customers.forEach(({ purchases, refunds, withOrder }, c) => {
          const customerId = c === 0 ? '__proto__' : `c${c}`;
          purchases.forEach((cents, k) => {
            const t: Transaction = { customerId, date: day(1 + k), amount: cents / 100 };
            rows.push(withOrder && k === 0 ? { ...t, orderId: 'o1' } : t);
          });
          refunds.forEach((cents, k) => {
            if (cents === 0) return;
            const t: Transaction = { customerId, date: day(20 + k), amount: -cents / 100 };
            rows.push(withOrder && k === 0 ? { ...t, orderId: 'o1' } : t);
          });
        });
        const { transactions, report } = netRefunds(rows);
        expect(report.unmatchedRefunds.count).toBe(0);
        expect(close(total(amounts(transactions)), total(amounts(rows)), 1e-9)).toBe(true);
      }),
    );
  });

  it('without order ids, gives each customer the same total whatever the row order', () => {
    // With order ids, which line is "last" follows the input order, so only rows without them.
    const plainRowArb = rowArb.map(({ orderId: _, ...t }) => t);
    fc.assert(
      fc.property(
        fc
          .array(plainRowArb, { maxLength: 30 })
          .chain((rows) =>
            fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })),
          ),
        ([rows, shuffled]) => {
          // Which of two same-day purchases is reduced follows the input order; totals do not.
          const a = totalsByCustomer(netRefunds(rows).transactions);
          const b = totalsByCustomer(netRefunds(shuffled).transactions);
          for (const id of new Set([...a.keys(), ...b.keys()])) {
            expect(close(a.get(id) ?? 0, b.get(id) ?? 0, 1e-9)).toBe(true);
          }
        },
      ),
    );
  });
});
