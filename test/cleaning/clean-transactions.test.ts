import { describe, expect, it } from 'vitest';
import { ClvError, cleanTransactions } from '../../src/index.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('cleanTransactions', () => {
  it('runs merge → deduplicate → convert → net refunds and reports each step', () => {
    const { transactions, reports, rejected } = cleanTransactions(
      [
        {
          customerId: 'web-1',
          date: day('2024-01-01'),
          amount: 100,
          orderId: 'o1',
          channel: 'web',
          currency: 'USD',
        },
        {
          customerId: 'card-9',
          date: day('2024-01-01'),
          amount: 100,
          orderId: 'o1',
          channel: 'store',
          currency: 'USD',
        },
        { customerId: 'card-9', date: day('2024-01-05'), amount: 40, currency: 'EUR' },
        {
          customerId: 'web-1',
          date: day('2024-01-06'),
          amount: -10,
          orderId: 'o1',
          currency: 'USD',
        },
      ],
      {
        links: [['web-1', 'card-9']],
        currency: { to: 'EUR', rates: [{ currency: 'USD', rate: 0.5 }] },
      },
    );
    expect(reports.map((r) => [r.step, r.rowsIn, r.rowsOut])).toEqual([
      ['mergeCustomerIds', 4, 4],
      ['deduplicate', 4, 3],
      ['convertCurrency', 3, 3],
      ['netRefunds', 3, 2],
    ]);
    expect(rejected).toEqual([]);
    // The surviving id has the earliest first transaction (tie → smallest id): 'card-9'.
    expect(transactions.map((t) => [t.customerId, t.amount, t.currency])).toEqual([
      ['card-9', 45, 'EUR'],
      ['card-9', 40, 'EUR'],
    ]);
  });

  it('skips the optional steps and refuses to net refunds across currencies', () => {
    const { reports } = cleanTransactions([
      { customerId: 'a', date: day('2024-01-01'), amount: 5 },
    ]);
    expect(reports.map((r) => r.step)).toEqual(['deduplicate', 'netRefunds']);
    expect(() =>
      cleanTransactions([
        { customerId: 'a', date: day('2024-01-01'), amount: 5, currency: 'USD' },
        { customerId: 'a', date: day('2024-01-02'), amount: -5, currency: 'EUR' },
      ]),
    ).toThrow(ClvError);
  });
});
