import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONVERT_CURRENCY_DEFAULTS,
  type CurrencyRate,
  convertCurrency,
  type Transaction,
} from '../../src/index.js';
import { day, frozen, thrown } from './helpers.js';

const amounts = (rows: readonly Transaction[]) => rows.map((t) => t.amount);

const usdRates: CurrencyRate[] = [
  { currency: 'USD', date: '2024-02-01', rate: 0.8 },
  { currency: 'USD', date: new Date('2024-01-01T15:00:00Z'), rate: 0.9 }, // its UTC day counts
  { currency: 'USD', date: '2024-03-01', rate: 0.5 },
];
const usd = (date: Date, amount = 10): Transaction => ({
  customerId: 'c1',
  date,
  amount,
  currency: 'USD',
});

describe('convertCurrency: rate lookup', () => {
  it('gives the result stated in its TSDoc example', () => {
    const rates = [
      { currency: 'USD', date: '2024-01-01', rate: 0.9 },
      { currency: 'USD', date: '2024-02-01', rate: 0.8 },
      { currency: 'GBP', rate: 1.2 },
    ];
    const { transactions, report } = convertCurrency(
      [
        { customerId: 'c1', date: new Date('2024-01-20'), amount: 10, currency: 'USD' },
        { customerId: 'c1', date: new Date('2024-02-03'), amount: 10, currency: 'USD' },
        { customerId: 'c2', date: new Date('2024-02-03'), amount: 5, currency: 'GBP' },
        { customerId: 'c2', date: new Date('2024-02-04'), amount: 7 },
      ],
      rates,
      { to: 'EUR', defaultCurrency: 'EUR' },
    );
    expect(amounts(transactions)).toEqual([9, 8, 6, 7]);
    expect(report.convertedTotal).toBe(30);
    expect(transactions.every((t) => t.currency === 'EUR')).toBe(true);
  });

  it('uses the most recent rate on or before the UTC date of the transaction', () => {
    const rows = [
      usd(new Date('2024-01-01T00:00:00Z')), // the first rate's day
      usd(new Date('2024-01-31T23:59:59Z')),
      usd(new Date('2024-02-01T00:30:00+02:00')), // still 2024-01-31 in UTC
      usd(new Date('2024-02-01T00:00:00Z')),
      usd(new Date('2024-02-29T12:00:00Z')),
      usd(new Date('2030-01-01T00:00:00Z')), // after the last rate: the last rate
    ];
    const { transactions, report } = convertCurrency(rows, usdRates, { to: 'EUR' });
    expect(amounts(transactions)).toEqual([9, 9, 9, 8, 8, 5]);
    expect(report.currencies).toEqual([
      { currency: 'USD', rows: 6, amount: 60, convertedAmount: 48, missingRateRows: 0 },
    ]);
    expect(transactions[0]).toEqual({ ...rows[0], amount: 9, currency: 'EUR' });
  });

  it('falls back on the undated rate only where no dated rate applies', () => {
    const rates: CurrencyRate[] = [...usdRates, { currency: 'usd', rate: 2 }];
    const { transactions } = convertCurrency([usd(day(-30)), usd(new Date('2024-02-10'))], rates, {
      to: 'EUR',
    });
    expect(amounts(transactions)).toEqual([20, 8]);
  });

  it('converts the reporting currency at 1, case-insensitively, without a rate', () => {
    const rows: Transaction[] = [
      { customerId: 'c1', date: day(1), amount: 12.34, currency: 'EUR' },
      { customerId: 'c1', date: day(1), amount: 5, currency: 'eur' },
      { customerId: 'c1', date: day(1), amount: 6 },
    ];
    const { transactions, report } = convertCurrency(rows, [], {
      to: ' eur ',
      defaultCurrency: 'Eur',
    });
    expect(transactions[0]).toBe(rows[0]);
    expect(transactions.slice(1)).toEqual([
      { ...rows[1], currency: 'EUR' },
      { ...rows[2], currency: 'EUR' },
    ]);
    expect(report.to).toBe('EUR');
    expect(report.currencies).toEqual([
      { currency: 'EUR', rows: 3, amount: 23.34, convertedAmount: 23.34, missingRateRows: 0 },
    ]);
  });

  it('accepts a rate of exactly 1 for the reporting currency, and identical duplicates', () => {
    const rates: CurrencyRate[] = [
      { currency: 'EUR', rate: 1 },
      { currency: 'USD', date: '2024-01-01', rate: 0.9 },
      { currency: 'USD', date: '2024-01-01', rate: 0.9 },
    ];
    const { transactions } = convertCurrency([usd(day(3))], rates, { to: 'EUR' });
    expect(amounts(transactions)).toEqual([9]);
  });

  it('converts refunds too, and reports compensated totals per currency', () => {
    const rows: Transaction[] = [];
    for (let k = 0; k < 10; k++) rows.push({ ...usd(day(5), 0.1), currency: 'GBP' });
    rows.push(usd(day(5), -10));
    const { report } = convertCurrency(rows, [...usdRates, { currency: 'GBP', rate: 1 }], {
      to: 'EUR',
    });
    let naive = 0;
    for (let k = 0; k < 10; k++) naive += 0.1;
    expect(naive).not.toBe(1);
    expect(report.currencies).toEqual([
      { currency: 'GBP', rows: 10, amount: 1, convertedAmount: 1, missingRateRows: 0 },
      { currency: 'USD', rows: 1, amount: -10, convertedAmount: -9, missingRateRows: 0 },
    ]);
    expect(report.convertedTotal).toBe(-8);
  });
});

describe('convertCurrency: missing rates', () => {
  it('throws MISSING_RATE naming the currency, the date and the row', () => {
    const rows = [usd(day(10)), usd(new Date('2023-12-31T23:00:00Z'))];
    const error = thrown(() => convertCurrency(rows, usdRates, { to: 'EUR' }));
    expect(error.code).toBe('MISSING_RATE');
    expect([error.row, error.field, error.value]).toEqual([2, 'currency', 'USD']);
    expect(error.message).toContain('USD');
    expect(error.message).toContain('2023-12-31');
    expect(error.message).toContain('transactions[1]');
    expect(error.message).toContain('2024-01-01'); // the earliest rate, as a hint
  });

  it('names a currency absent from the table', () => {
    const error = thrown(() =>
      convertCurrency([{ ...usd(day(3)), currency: 'JPY' }], usdRates, { to: 'EUR' }),
    );
    expect(error.code).toBe('MISSING_RATE');
    expect(error.message).toContain('JPY');
    expect(error.message).toContain('2024-01-03');
  });

  it("sets rows without a rate aside with onMissingRate: 'collect'", () => {
    const rows = [usd(day(-5)), usd(day(40)), { ...usd(day(40)), currency: 'CHF' }];
    const { transactions, rejected, report } = convertCurrency(rows, usdRates, {
      to: 'EUR',
      onMissingRate: 'collect',
    });
    expect(amounts(transactions)).toEqual([8]);
    expect(rejected.map((r) => [r.index, r.row, r.code, r.value])).toEqual([
      [0, 1, 'MISSING_RATE', 'USD'],
      [2, 3, 'MISSING_RATE', 'CHF'],
    ]);
    expect(rejected[0]!.transaction).toBe(rows[0]);
    expect(rejected[0]!.message).toContain('2023-12-26'); // day(-5): 2024-01-01 minus 6 days;
    expect(report).toMatchObject({ rowsIn: 3, rowsOut: 1, rejectedRows: 2 });
    expect(report.currencies).toEqual([
      { currency: 'CHF', rows: 0, amount: 0, convertedAmount: 0, missingRateRows: 1 },
      { currency: 'USD', rows: 1, amount: 10, convertedAmount: 8, missingRateRows: 1 },
    ]);
    expect(CONVERT_CURRENCY_DEFAULTS.onMissingRate).toBe('throw');
  });

  it('requires a currency or a defaultCurrency for every row, in both modes', () => {
    const rows: Transaction[] = [usd(day(3)), { customerId: 'c1', date: day(3), amount: 1 }];
    for (const onMissingRate of ['throw', 'collect'] as const) {
      const error = thrown(() => convertCurrency(rows, usdRates, { to: 'EUR', onMissingRate }));
      expect([error.code, error.row, error.field]).toEqual(['INVALID_FIELD', 2, 'currency']);
    }
    const withDefault = convertCurrency(rows, usdRates, { to: 'EUR', defaultCurrency: 'USD' });
    expect(amounts(withDefault.transactions)).toEqual([9, 0.9]);
  });
});

describe('convertCurrency: invalid rate tables and options', () => {
  const row = [usd(day(3))];

  it.each([
    ['a zero rate', { currency: 'USD', rate: 0 }, 'rates[0].rate'],
    ['a negative rate', { currency: 'USD', rate: -1 }, 'rates[0].rate'],
    ['a NaN rate', { currency: 'USD', rate: Number.NaN }, 'rates[0].rate'],
    ['an infinite rate', { currency: 'USD', rate: Number.POSITIVE_INFINITY }, 'rates[0].rate'],
    ['a rate given as text', { currency: 'USD', rate: '0.9' }, 'rates[0].rate'],
    ['an empty currency', { currency: ' ', rate: 1 }, 'rates[0].currency'],
    ['an impossible date', { currency: 'USD', rate: 1, date: '2024-02-30' }, 'rates[0].date'],
    ['a badly written date', { currency: 'USD', rate: 1, date: '2024/01/01' }, 'rates[0].date'],
    ['an invalid Date', { currency: 'USD', rate: 1, date: new Date('nope') }, 'rates[0].date'],
    ['a rate ≠ 1 for the reporting currency', { currency: 'eur', rate: 1.1 }, 'rates[0].rate'],
  ])('rejects %s with INVALID_ARGUMENT', (_, rate, field) => {
    const error = thrown(() => convertCurrency(row, [rate as CurrencyRate], { to: 'EUR' }));
    expect([error.code, error.field]).toEqual(['INVALID_ARGUMENT', field]);
  });

  it('rejects two different rates for one currency and day, and a non-array table', () => {
    const conflict = thrown(() =>
      convertCurrency(
        row,
        [
          { currency: 'USD', date: '2024-01-01', rate: 0.9 },
          { currency: 'usd', date: new Date('2024-01-01T18:00:00Z'), rate: 0.91 },
        ],
        { to: 'EUR' },
      ),
    );
    expect([conflict.code, conflict.field]).toEqual(['INVALID_ARGUMENT', 'rates[1].rate']);
    expect(conflict.message).toContain('2024-01-01');
    const undated = thrown(() =>
      convertCurrency(
        row,
        [
          { currency: 'USD', rate: 0.9 },
          { currency: 'USD', rate: 0.8 },
        ],
        { to: 'EUR' },
      ),
    );
    expect(undated.code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => convertCurrency(row, { USD: 0.9 } as never, { to: 'EUR' })).field).toBe(
      'rates',
    );
  });

  it('requires options.to and checks the other options', () => {
    expect(thrown(() => convertCurrency(row, usdRates, undefined as never)).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => convertCurrency(row, usdRates, { to: '' })).field).toBe('to');
    expect(
      thrown(() => convertCurrency(row, usdRates, { to: 'EUR', onMissingRate: 'skip' as never }))
        .field,
    ).toBe('onMissingRate');
    expect(
      thrown(() => convertCurrency(row, usdRates, { to: 'EUR', defaultCurrency: 5 as never }))
        .field,
    ).toBe('defaultCurrency');
  });
});

describe('convertCurrency: edge cases', () => {
  it('returns an empty result for an empty input', () => {
    const { transactions, rejected, report } = convertCurrency([], usdRates, { to: 'EUR' });
    expect([transactions, rejected]).toEqual([[], []]);
    expect(report).toEqual({
      step: 'convertCurrency',
      rowsIn: 0,
      rowsOut: 0,
      to: 'EUR',
      rejectedRows: 0,
      convertedTotal: 0,
      currencies: [],
    });
  });

  it('handles __proto__ and constructor as customer ids and currency codes', () => {
    const rows: Transaction[] = [
      { customerId: '__proto__', date: day(2), amount: 10, currency: '__proto__' },
      { customerId: 'constructor', date: day(2), amount: 10, currency: 'constructor' },
    ];
    const { transactions } = convertCurrency(
      rows,
      [
        { currency: '__PROTO__', rate: 2 },
        { currency: 'CONSTRUCTOR', rate: 3 },
      ],
      { to: 'EUR' },
    );
    expect(transactions.map((t) => [t.customerId, t.amount])).toEqual([
      ['__proto__', 20],
      ['constructor', 30],
    ]);
  });

  it('does not mutate its input', () => {
    const input = frozen([usd(day(3)), usd(day(40))]);
    const rates = Object.freeze(usdRates.map((r) => Object.freeze({ ...r })));
    expect(amounts(convertCurrency(input, rates, { to: 'EUR' }).transactions)).toEqual([9, 8]);
    expect(input[0]).toEqual(usd(day(3)));
  });
});

describe('convertCurrency: properties', () => {
  const currencyArb = fc.constantFrom('USD', 'GBP', 'EUR', 'JPY');
  const rowsArb = fc.array(
    fc
      .record({
        cents: fc.integer({ min: -100_000, max: 100_000 }),
        dayOfYear: fc.integer({ min: -20, max: 400 }),
        currency: currencyArb,
      })
      .map(
        ({ cents, dayOfYear, currency }): Transaction => ({
          customerId: 'c',
          date: day(dayOfYear, 13),
          amount: cents / 100,
          currency,
        }),
      ),
    { maxLength: 40 },
  );

  it('is the identity on amounts when every rate is 1', () => {
    const ones: CurrencyRate[] = ['USD', 'GBP', 'JPY'].map((currency) => ({ currency, rate: 1 }));
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const { transactions } = convertCurrency(rows, ones, { to: 'EUR' });
        expect(amounts(transactions)).toEqual(amounts(rows));
        expect(transactions.every((t) => t.currency === 'EUR')).toBe(true);
      }),
    );
  });

  it('matches a linear-scan reference lookup, and rejects exactly the rows it has no rate for', () => {
    const ratesArb = fc.array(
      fc.record({
        currency: fc.constantFrom('USD', 'GBP', 'JPY'),
        dayOfYear: fc.integer({ min: -20, max: 400 }),
        rate: fc.integer({ min: 1, max: 500 }).map((k) => k / 100),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(rowsArb, ratesArb, (rows, entries) => {
        // Keep one rate per currency and day, so that the table is valid.
        const byKey = new Map<string, (typeof entries)[number]>();
        for (const e of entries) byKey.set(`${e.currency} ${e.dayOfYear}`, e);
        const rates: CurrencyRate[] = [...byKey.values()].map((e) => ({
          currency: e.currency,
          rate: e.rate,
          date: day(e.dayOfYear),
        }));
        const reference = (t: Transaction): number | undefined => {
          if (t.currency === 'EUR') return 1;
          let best: { dayOfYear: number; rate: number } | undefined;
          for (const e of byKey.values()) {
            if (e.currency !== t.currency || day(e.dayOfYear).getTime() > t.date.getTime())
              continue;
            if (best === undefined || e.dayOfYear > best.dayOfYear) best = e;
          }
          return best?.rate;
        };
        const { transactions, rejected } = convertCurrency(rows, rates, {
          to: 'EUR',
          onMissingRate: 'collect',
        });
        const expected = rows.flatMap((t) => {
          const rate = reference(t);
          return rate === undefined ? [] : [t.amount * rate];
        });
        expect(amounts(transactions)).toEqual(expected);
        expect(rejected.map((r) => r.index)).toEqual(
          rows.flatMap((t, i) => (reference(t) === undefined ? [i] : [])),
        );
      }),
    );
  });
});
