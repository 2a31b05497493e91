import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLV_BY_GROUP_DEFAULTS, clvByGroup } from '../../src/economics/index.js';
import { toTransactionColumns } from '../../src/transactions/index.js';
import type { Transaction } from '../../src/transactions/types.js';
import { expectClose, expectClvError } from './helpers.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const tx = (
  customerId: string,
  iso: string,
  amount: number,
  extra: Partial<Transaction> = {},
): Transaction => ({ customerId, date: day(iso), amount, ...extra });

// A 2024 log over a stated 366-day window (2024-01-01 → 2025-01-01), per year.
const YEAR = 366 / 365.25;
const window = { observationStart: day('2024-01-01'), observationEnd: day('2025-01-01') };
const log = [
  tx('a', '2024-01-01', 40, { market: 'FR', channel: 'web' }),
  tx('a', '2024-07-01', 60, { market: 'FR', channel: 'shop' }),
  tx('b', '2024-03-01', 30, { market: 'DE', channel: 'web', orderId: 'o1' }),
  tx('b', '2024-03-01', 10, { market: 'DE', channel: 'web', orderId: 'o1' }),
  tx('c', '2024-05-01', 20, { market: 'FR', channel: 'web' }),
];

describe('clvByGroup: exact small cases', () => {
  it('per market: customers, orders, revenue, AOV, frequency per year, CLV', () => {
    const result = clvByGroup(log, { by: 'market', unit: 'year', churnRate: 0.5, ...window });
    expect([...result.groups.keys()]).toEqual(['DE', 'FR']);
    const fr = result.groups.get('FR')!;
    // FR: customers a, c; 3 orders; revenue 120; AOV 40; 1.5 orders per customer over 366 days.
    expect(fr).toMatchObject({
      group: 'FR',
      customers: 2,
      orders: 3,
      revenue: 120,
      averageOrderValue: 40,
    });
    expectClose(fr.purchaseFrequency, 1.5 / YEAR, 1e-15);
    expect(fr.lifetime).toBe(2);
    expect(fr.churnRate).toBe(0.5);
    expect(fr.retention).toBe(0.5);
    expectClose(fr.clv, 40 * (1.5 / YEAR) * 2, 1e-15);
    // DE: order o1 has two lines: one order of 40.
    const de = result.groups.get('DE')!;
    expect(de).toMatchObject({ customers: 1, orders: 1, revenue: 40, averageOrderValue: 40 });
    expectClose(result.windowLength, YEAR, 1e-15);
    expect(result.excluded).toEqual({ outsideWindow: 0, missingGroup: 0 });
    expect(result.unit).toBe('year');
    expect(result.period).toBe(1);
  });

  it('a customer counts in each group they bought in (channels)', () => {
    const result = clvByGroup(log, {
      by: 'channel',
      unit: 'year',
      lifetime: 3,
      margin: 0.5,
      ...window,
    });
    // web: a 40, b 30 + 10 (one order o1), c 20.
    expect(result.groups.get('web')).toMatchObject({ customers: 3, orders: 3, revenue: 100 });
    expect(result.groups.get('shop')).toMatchObject({ customers: 1, orders: 1, revenue: 60 });
    const web = result.groups.get('web')!;
    expect(web.churnRate).toBeUndefined();
    expectClose(web.clv, (100 / 3) * (1 / YEAR) * 3 * 0.5, 1e-15);
  });

  it('retention given as a number: churn = 1 − retention', () => {
    const result = clvByGroup(log, { by: 'market', unit: 'year', retention: 0.75, ...window });
    expect(result.groups.get('DE')).toMatchObject({
      retention: 0.75,
      churnRate: 0.25,
      lifetime: 4,
    });
  });

  it('group keys live in a Map: __proto__ and constructor are ordinary keys', () => {
    const rows = [
      tx('a', '2024-01-01', 10, { market: '__proto__' }),
      tx('b', '2024-02-01', 20, { market: 'constructor' }),
      tx('c', '2024-12-31', 30, { market: 'toString' }),
    ];
    const result = clvByGroup(rows, { by: 'market', unit: 'month', churnRate: 0.1 });
    expect(result.groups).toBeInstanceOf(Map);
    expect(result.groups.get('__proto__')?.revenue).toBe(10);
    expect(result.groups.get('constructor')?.revenue).toBe(20);
    expect(result.groups.size).toBe(3);
  });

  it('a key function groups any way; undefined keys are left out and counted', () => {
    const result = clvByGroup(log, {
      by: (t) => (t.amount >= 30 ? 'big' : undefined),
      unit: 'year',
      churnRate: 1,
      ...window,
    });
    expect([...result.groups.keys()]).toEqual(['big']);
    expect(result.groups.get('big')).toMatchObject({ orders: 3, revenue: 130 });
    expect(result.excluded.missingGroup).toBe(2);
  });

  it('missingGroup collects rows without a key', () => {
    const rows = [...log, tx('d', '2024-02-01', 5)];
    const result = clvByGroup(rows, {
      by: 'market',
      unit: 'year',
      churnRate: 1,
      missingGroup: '(none)',
      ...window,
    });
    expect(result.groups.get('(none)')).toMatchObject({ customers: 1, revenue: 5 });
    expect(result.excluded.missingGroup).toBe(0);
  });

  it('rows outside the window are left out and counted', () => {
    const result = clvByGroup(log, {
      by: 'market',
      unit: 'year',
      churnRate: 1,
      observationStart: day('2024-02-01'),
      observationEnd: day('2024-12-31'),
    });
    expect(result.excluded.outsideWindow).toBe(1);
    expect(result.groups.get('FR')).toMatchObject({ customers: 2, orders: 2, revenue: 80 });
  });

  it('does not depend on row order, and columns give the same result', () => {
    const options = { by: 'market', unit: 'year', churnRate: 0.5, ...window } as const;
    const expected = clvByGroup(log, options);
    fc.assert(
      fc.property(fc.shuffledSubarray(log, { minLength: log.length }), (shuffled) => {
        expect(clvByGroup(shuffled, options)).toEqual(expected);
      }),
    );
    expect(clvByGroup(toTransactionColumns(log), options)).toEqual(expected);
    expect(clvByGroup(toTransactionColumns(log), { ...options, by: (t) => t.market })).toEqual(
      expected,
    );
  });

  it("retention: 'estimate' measures each group's period-to-period retention", () => {
    // Months ending 2024-03-31: bucket 1 = (01-31, 03-01], bucket 0 = (03-01, 03-31] (one 30.44-day month).
    const rows = [
      tx('a', '2024-02-10', 10, { market: 'FR' }),
      tx('a', '2024-03-10', 10, { market: 'FR' }),
      tx('b', '2024-02-12', 10, { market: 'FR' }),
      tx('c', '2024-02-15', 10, { market: 'DE' }),
      tx('c', '2024-03-20', 10, { market: 'DE' }),
      tx('d', '2024-02-20', 10, { market: 'DE' }),
      tx('e', '2024-02-21', 10, { market: 'DE' }),
    ];
    const result = clvByGroup(rows, {
      by: 'market',
      unit: 'month',
      retention: 'estimate',
      observationStart: day('2024-02-01'),
      observationEnd: day('2024-03-31'),
    });
    expect(result.groups.get('FR')).toMatchObject({ retention: 0.5, lifetime: 2 });
    expectClose(result.groups.get('DE')!.retention!, 1 / 3, 1e-15);
    expectClose(result.groups.get('DE')!.lifetime, 1.5, 1e-15);
    expect(CLV_BY_GROUP_DEFAULTS).toEqual({ period: 1, margin: 1, transitions: 1 });
  });
});

describe('clvByGroup: currencies', () => {
  const mixed = [
    tx('a', '2024-01-01', 100, { market: 'FR', currency: 'EUR' }),
    tx('b', '2024-06-01', 100, { market: 'US', currency: 'USD' }),
    tx('c', '2024-12-01', 50, { market: 'US', currency: 'usd' }),
  ];
  const rates = [{ currency: 'USD', rate: 0.5 }];

  it('several currencies without conversion: a ClvError pointing to convertCurrency', () => {
    const error = expectClvError(
      () => clvByGroup(mixed, { by: 'market', unit: 'year', churnRate: 0.5 }),
      'INVALID_ARGUMENT',
      'currency',
    );
    expect(error.message).toContain('convertCurrency');
    expect(error.message).toContain('EUR, USD');
  });

  it('options.currency converts first (rate 0.5 EUR per USD)', () => {
    const result = clvByGroup(mixed, {
      by: 'market',
      unit: 'year',
      churnRate: 0.5,
      currency: { to: 'EUR', rates },
    });
    expect(result.groups.get('US')).toMatchObject({ revenue: 75, currency: 'EUR' });
    expect(result.groups.get('FR')).toMatchObject({ revenue: 100, currency: 'EUR' });
  });

  it('converts only the rows it uses: a missing rate outside the window is no error', () => {
    const result = clvByGroup(
      [...mixed, tx('d', '2023-03-01', 10, { market: 'GB', currency: 'GBP' })],
      {
        by: 'market',
        unit: 'year',
        churnRate: 0.5,
        currency: { to: 'EUR', rates },
        observationStart: new Date('2024-01-01T00:00:00Z'),
      },
    );
    expect(result.groups.get('US')).toMatchObject({ revenue: 75, currency: 'EUR' });
    expect(result.groups.has('GB')).toBe(false);
  });

  it("by: 'currency' groups by the original (case-insensitive) currency", () => {
    const native = clvByGroup(mixed, { by: 'currency', unit: 'year', churnRate: 0.5 });
    expect([...native.groups.keys()]).toEqual(['EUR', 'USD']);
    expect(native.groups.get('USD')).toMatchObject({ revenue: 150, currency: 'USD' });
    const converted = clvByGroup(mixed, {
      by: 'currency',
      unit: 'year',
      churnRate: 0.5,
      currency: { to: 'EUR', rates },
    });
    expect(converted.groups.get('USD')).toMatchObject({ revenue: 75, currency: 'EUR' });
  });

  it('a single currency needs no conversion and is reported', () => {
    const result = clvByGroup(
      [
        tx('a', '2024-01-01', 1, { market: 'FR', currency: 'EUR' }),
        tx('b', '2024-02-01', 1, { market: 'FR' }),
      ],
      { by: 'market', unit: 'month', churnRate: 1 },
    );
    expect(result.groups.get('FR')?.currency).toBe('EUR');
  });
});

describe('clvByGroup: errors name the option', () => {
  const base = { by: 'market', unit: 'year', churnRate: 0.5 } as const;

  it('lifetime source: none or several', () => {
    expectClvError(
      () => clvByGroup(log, { by: 'market', unit: 'year' }),
      'INVALID_OPTION',
      'churnRate',
    );
    expectClvError(
      () => clvByGroup(log, { ...base, lifetime: 3 }),
      'INVALID_OPTION',
      'churnRate, lifetime',
    );
    expectClvError(() => clvByGroup(log, { ...base, churnRate: 0 }), 'INVALID_OPTION', 'churnRate');
    expectClvError(
      () => clvByGroup(log, { by: 'market', unit: 'year', retention: 1 }),
      'INVALID_OPTION',
      'retention',
    );
    expectClvError(
      () => clvByGroup(log, { by: 'market', unit: 'year', retention: 1.2 }),
      'INVALID_OPTION',
      'retention',
    );
  });

  it('by, unit, margin, window, key function', () => {
    expectClvError(
      () => clvByGroup(log, { ...base, by: 'country' as 'market' }),
      'INVALID_OPTION',
      'by',
    );
    expectClvError(
      () => clvByGroup(log, { ...base, unit: undefined as never }),
      'INVALID_OPTION',
      'unit',
    );
    expectClvError(() => clvByGroup(log, { ...base, margin: -0.1 }), 'INVALID_OPTION', 'margin');
    expectClvError(() => clvByGroup(log, { ...base, period: -1 }), 'INVALID_OPTION', 'period');
    expectClvError(
      () => clvByGroup(log, { ...base, by: () => 42 as unknown as string }),
      'INVALID_OPTION',
      'by',
    );
    expectClvError(() => clvByGroup(log, undefined as never), 'INVALID_OPTION', 'options');
  });

  it('empty or instantaneous logs, refunds, and a group without churn', () => {
    expectClvError(() => clvByGroup([], base), 'EMPTY_INPUT', 'transactions');
    expectClvError(
      () => clvByGroup([tx('a', '2024-01-01', 5, { market: 'FR' })], base),
      'INVALID_ARGUMENT',
      'transactions',
    );
    expectClvError(
      () =>
        clvByGroup([tx('a', '2024-01-01', -5, { market: 'FR' }), tx('a', '2024-02-01', 5)], base),
      'NEGATIVE_AMOUNT',
      'amount',
    );
    expectClvError(
      () =>
        clvByGroup(
          [tx('a', '2024-01-05', 5, { market: 'FR' }), tx('a', '2024-02-10', 5, { market: 'FR' })],
          { by: 'market', unit: 'month', retention: 'estimate' },
        ),
      'INVALID_ARGUMENT',
      'retention',
    );
  });
});
