import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClvError,
  type CustomerSummary,
  calendarPeriodIndex,
  createSummarizer,
  fromRows,
  mergeSummarizers,
  SUMMARY_COLUMNS,
  summarizeTransactions,
  summaryFromColumns,
  type Transaction,
  toRows,
} from '../../src/index.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const tx = (
  customerId: string,
  iso: string,
  amount: number,
  extra: Partial<Transaction> = {},
): Transaction => ({
  customerId,
  date: iso.length === 10 ? day(iso) : new Date(iso),
  amount,
  ...extra,
});

function plain(s: CustomerSummary) {
  return {
    ids: [...s.ids],
    columns: Object.fromEntries(
      SUMMARY_COLUMNS.map((k) => [k, s[k] ? Array.from(s[k]!) : undefined]),
    ),
    report: s.report,
  };
}

describe('summarizeTransactions: exact small cases', () => {
  const log = [
    tx('a', '2024-01-01', 10),
    tx('a', '2024-01-01T15:00:00Z', 5), // same day: merged into one purchase event
    tx('a', '2024-01-11', 30),
    tx('a', '2024-01-21', 50, { orderId: 'o1' }),
    tx('a', '2024-01-21', 20, { orderId: 'o1' }), // second line of order o1
    tx('b', '2024-01-16', 7),
    tx('c', '2024-02-10', 99), // after observation end: excluded and counted
  ];
  const observationEnd = day('2024-01-31');

  it('elapsed days: frequency, recency, T, monetary value, orders and spend', () => {
    const s = summarizeTransactions(log, { unit: 'day', observationEnd });
    expect(s.ids).toEqual(['a', 'b']);
    expect(Array.from(s.frequency)).toEqual([2, 0]);
    expect(Array.from(s.recency)).toEqual([20, 0]);
    expect(Array.from(s.T)).toEqual([30, 15]);
    expect(Array.from(s.monetaryValue)).toEqual([(30 + 70) / 2, 0]);
    expect(Array.from(s.orders!)).toEqual([4, 1]);
    expect(Array.from(s.totalSpend!)).toEqual([115, 7]);
    expect(s.firstPurchase![0]).toBe(day('2024-01-01').getTime());
    expect(s.lastPurchase![0]).toBe(day('2024-01-21').getTime());
    expect(s.report).toEqual({
      transactionsIn: 7,
      transactionsUsed: 6,
      excludedAfterObservationEnd: 1,
      excludedNewInHoldout: 0,
      customersNewInHoldout: 0,
      customers: 2,
    });
  });

  it('elapsed weeks are exact fractions of 7 days; months are 365.25/12 days', () => {
    const weeks = summarizeTransactions(log, { unit: 'week', observationEnd });
    expect(weeks.recency[0]).toBeCloseTo(20 / 7, 14);
    expect(weeks.T[0]).toBeCloseTo(30 / 7, 14);
    const months = summarizeTransactions(log, { unit: 'month', observationEnd });
    expect(months.T[0]).toBeCloseTo(30 / 30.4375, 14);
  });

  it('calendar weeks start on Monday', () => {
    // 2024-01-01 is a Monday, 2024-01-07 the Sunday of that week, 2024-01-08 the next Monday.
    const s = summarizeTransactions(
      [tx('a', '2024-01-01', 1), tx('a', '2024-01-07', 2), tx('a', '2024-01-08', 4)],
      {
        unit: 'week',
        mode: 'calendar',
        observationEnd: day('2024-01-21'),
      },
    );
    expect(s.frequency[0]).toBe(1);
    expect(s.recency[0]).toBe(1);
    expect(s.T[0]).toBe(2);
    expect(s.monetaryValue[0]).toBe(4);
  });

  it('calendar months and quarters count calendar periods', () => {
    const log2 = [tx('a', '2024-01-31', 1), tx('a', '2024-02-01', 1), tx('a', '2024-04-01', 1)];
    const m = summarizeTransactions(log2, {
      unit: 'month',
      mode: 'calendar',
      observationEnd: day('2024-06-15'),
    });
    expect([m.frequency[0], m.recency[0], m.T[0]]).toEqual([2, 3, 5]);
    const q = summarizeTransactions(log2, {
      unit: 'quarter',
      mode: 'calendar',
      observationEnd: day('2024-06-15'),
    });
    expect([q.frequency[0], q.recency[0], q.T[0]]).toEqual([1, 1, 1]);
  });

  it('calibration and holdout windows', () => {
    const s = summarizeTransactions(
      [
        tx('a', '2024-01-01', 10),
        tx('a', '2024-01-05', 20),
        tx('a', '2024-01-12', 30),
        tx('a', '2024-01-12', 10),
        tx('a', '2024-01-20', 60),
        tx('b', '2024-01-15', 5), // first purchase in the holdout: left out, counted
      ],
      { unit: 'day', observationEnd: day('2024-01-31'), calibrationEnd: day('2024-01-10') },
    );
    expect(s.ids).toEqual(['a']);
    expect(s.frequency[0]).toBe(1);
    expect(s.recency[0]).toBe(4);
    expect(s.T[0]).toBe(9);
    expect(s.monetaryValue[0]).toBe(20);
    expect(s.totalSpend![0]).toBe(30);
    expect(s.frequencyHoldout![0]).toBe(2);
    expect(s.monetaryHoldout![0]).toBe(100 / 3); // lifetimes: mean per holdout transaction
    expect(s.durationHoldout![0]).toBe(21);
    expect(s.report!.customersNewInHoldout).toBe(1);
    expect(s.report!.excludedNewInHoldout).toBe(1);
    const perPeriod = summarizeTransactions(
      [
        tx('a', '2024-01-01', 10),
        tx('a', '2024-01-12', 30),
        tx('a', '2024-01-12', 10),
        tx('a', '2024-01-20', 60),
      ],
      {
        unit: 'day',
        observationEnd: day('2024-01-31'),
        calibrationEnd: day('2024-01-10'),
        holdoutSpend: 'per-period',
      },
    );
    expect(perPeriod.monetaryHoldout![0]).toBe(50);
  });

  it('ids such as __proto__ and constructor are ordinary ids', () => {
    const s = summarizeTransactions(
      [
        tx('__proto__', '2024-01-01', 1),
        tx('constructor', '2024-01-02', 2),
        tx('__proto__', '2024-01-03', 3),
      ],
      {
        unit: 'day',
        observationEnd: day('2024-01-10'),
      },
    );
    expect(s.ids).toEqual(['__proto__', 'constructor']);
    expect(Array.from(s.frequency)).toEqual([1, 0]);
    expect(toRows(s)[0]!.customerId).toBe('__proto__');
  });

  it('an empty log gives an empty summary', () => {
    const s = summarizeTransactions([], { unit: 'day', observationEnd: day('2024-01-10') });
    expect(s.ids).toEqual([]);
    expect(s.frequency.length).toBe(0);
    expect(s.report!.customers).toBe(0);
  });

  it('rejects bad options and rows with a ClvError naming the field', () => {
    const expectCode = (fn: () => unknown, code: string, field?: string) => {
      try {
        fn();
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ClvError);
        expect((error as ClvError).code).toBe(code);
        if (field) expect((error as ClvError).field).toBe(field);
      }
    };
    expectCode(
      () =>
        summarizeTransactions([], {
          unit: 'fortnight' as 'day',
          observationEnd: day('2024-01-01'),
        }),
      'INVALID_OPTION',
      'unit',
    );
    expectCode(
      () => summarizeTransactions([], { unit: 'day' } as never),
      'INVALID_OPTION',
      'observationEnd',
    );
    expectCode(
      () =>
        summarizeTransactions([], {
          unit: 'day',
          observationEnd: day('2024-01-01'),
          calibrationEnd: day('2024-02-01'),
        }),
      'INVALID_OPTION',
      'calibrationEnd',
    );
    expectCode(
      () =>
        summarizeTransactions([tx('a', '2024-01-01', -5)], {
          unit: 'day',
          observationEnd: day('2024-01-02'),
        }),
      'NEGATIVE_AMOUNT',
      'amount',
    );
    expectCode(
      () =>
        summarizeTransactions([tx('a', '2024-01-01', Number.NaN)], {
          unit: 'day',
          observationEnd: day('2024-01-02'),
        }),
      'INVALID_AMOUNT',
    );
    expectCode(
      () =>
        summarizeTransactions([{ customerId: '', date: day('2024-01-01'), amount: 1 }], {
          unit: 'day',
          observationEnd: day('2024-01-02'),
        }),
      'INVALID_ID',
    );
    expectCode(
      () =>
        summarizeTransactions([{ customerId: 'a', date: new Date('x'), amount: 1 }], {
          unit: 'day',
          observationEnd: day('2024-01-02'),
        }),
      'INVALID_DATE',
    );
  });
});

describe('summaryFromColumns, toRows and fromRows', () => {
  it('validates columns and names the row', () => {
    expect(() =>
      summaryFromColumns({ ids: ['a'], frequency: [1], recency: [5], T: [4], unit: 'week' }),
    ).toThrow(/Row 1: recency 5 must not exceed T/);
    expect(() =>
      summaryFromColumns({ ids: ['a', 'b'], frequency: [1], recency: [0], T: [4], unit: 'week' }),
    ).toThrow(/frequency has 1 values but ids has 2/);
    expect(() =>
      summaryFromColumns({
        ids: ['a', 'a'],
        frequency: [0, 0],
        recency: [0, 0],
        T: [1, 1],
        unit: 'week',
      }),
    ).toThrow(/appears twice/);
    expect(() =>
      summaryFromColumns({ ids: ['a'], frequency: [1.5], recency: [0], T: [1], unit: 'week' }),
    ).toThrow(/whole number/);
    expect(() =>
      summaryFromColumns({
        ids: ['a'],
        frequency: [Number.NaN],
        recency: [0],
        T: [1],
        unit: 'week',
      }),
    ).toThrow(ClvError);
  });

  it('rejects negative spend or orders, fractional orders and recency without repeat purchases', () => {
    const base = { ids: ['a'], frequency: [1], recency: [1], T: [4], unit: 'week' } as const;
    expect(() => summaryFromColumns({ ...base, totalSpend: [-5] })).toThrow(
      /Row 1: totalSpend -5 must be ≥ 0/,
    );
    expect(() => summaryFromColumns({ ...base, orders: [1.5] })).toThrow(
      /orders 1.5 must be a whole number/,
    );
    expect(() => summaryFromColumns({ ...base, frequency: [0] })).toThrow(
      /must be 0 when frequency is 0/,
    );
    expect(summaryFromColumns({ ...base, orders: [2], totalSpend: [10] }).orders![0]).toBe(2);
  });

  it('fromRows takes a column from any row, and a row without it is an error', () => {
    const rows = [
      { customerId: 'a', frequency: 0, recency: 0, T: 3, monetaryValue: 0 },
      { customerId: 'b', frequency: 1, recency: 1, T: 3, monetaryValue: 5, totalSpend: 12 },
    ];
    expect(() => fromRows(rows, { unit: 'week' })).toThrow(
      /Row 1: totalSpend undefined is not a number/,
    );
  });

  it('toRows → fromRows is an exact round trip', () => {
    const s = summarizeTransactions(
      [tx('a', '2024-01-01', 10.1), tx('a', '2024-01-09', 3.3), tx('b', '2024-01-04', 1)],
      {
        unit: 'week',
        observationEnd: day('2024-02-01'),
        calibrationEnd: day('2024-01-20'),
      },
    );
    const back = fromRows(toRows(s), {
      unit: s.unit,
      mode: s.mode,
      observationEnd: s.observationEnd!,
      calibrationEnd: s.calibrationEnd!,
    });
    expect(plain(back).columns).toEqual(plain(s).columns);
    expect(back.ids).toEqual(s.ids);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
const start = Date.UTC(2023, 0, 1);
const observationEnd = new Date(Date.UTC(2024, 0, 1));
const arbTransaction = fc.record({
  customerId: fc.constantFrom('a', 'b', 'c', '__proto__', 'constructor', 'd e', 'ü'),
  // Whole-hour offsets over the year (and a few beyond the observation end).
  date: fc.integer({ min: 0, max: 24 * 380 }).map((h) => new Date(start + h * 3_600_000)),
  amount: fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
  orderId: fc.option(fc.constantFrom('o1', 'o2', 'o3'), { nil: undefined }),
});
const arbLog = fc
  .array(arbTransaction, { maxLength: 60 })
  .map((rows) =>
    rows.map((r) =>
      r.orderId === undefined ? { customerId: r.customerId, date: r.date, amount: r.amount } : r,
    ),
  );
const arbOptions = fc.record({
  unit: fc.constantFrom('hour', 'day', 'week', 'month', 'quarter', 'year' as const),
  mode: fc.constantFrom('elapsed', 'calendar' as const),
  calibration: fc.boolean(),
});
const optionsOf = (o: {
  unit: 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
  mode: 'elapsed' | 'calendar';
  calibration: boolean;
}) => ({
  unit: o.unit,
  mode: o.mode,
  observationEnd,
  ...(o.calibration ? { calibrationEnd: new Date(Date.UTC(2023, 8, 30)) } : {}),
});

describe('summarizeTransactions: properties', () => {
  it('row order does not change the summary', () => {
    fc.assert(
      fc.property(
        arbLog,
        arbOptions,
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (log, o, keys) => {
          const shuffled = log
            .map((t) => ({ t, k: keys.next().value as number }))
            .sort((x, y) => x.k - y.k)
            .map((x) => x.t);
          expect(plain(summarizeTransactions(shuffled, optionsOf(o)))).toEqual(
            plain(summarizeTransactions(log, optionsOf(o))),
          );
        },
      ),
    );
  });

  it('0 ≤ recency ≤ T, frequency ≤ distinct purchase periods − 1, monetary value ≥ 0', () => {
    fc.assert(
      fc.property(arbLog, arbOptions, (log, o) => {
        const s = summarizeTransactions(log, optionsOf(o));
        s.ids.forEach((id, i) => {
          expect(s.recency[i]).toBeGreaterThanOrEqual(0);
          expect(s.recency[i]).toBeLessThanOrEqual(s.T[i]!);
          expect(s.monetaryValue[i]).toBeGreaterThanOrEqual(0);
          const end = o.calibration ? Date.UTC(2023, 8, 30) : observationEnd.getTime();
          const periodOf = (ms: number) =>
            o.mode === 'calendar' ? calendarPeriodIndex(ms, o.unit) : Math.floor(ms / 86_400_000);
          const periods = new Set(
            log
              .filter((t) => t.customerId === id && t.date.getTime() <= end)
              .map((t) => periodOf(t.date.getTime())),
          );
          expect(s.frequency[i]).toBeLessThanOrEqual(periods.size - 1);
        });
      }),
    );
  });

  it('merging shards (any split) equals the one-shot summary exactly', () => {
    fc.assert(
      fc.property(
        arbLog,
        arbOptions,
        fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 60 }),
        (log, o, shardOf) => {
          const options = optionsOf(o);
          const shards = [
            createSummarizer(options),
            createSummarizer(options),
            createSummarizer(options),
          ];
          log.forEach((t, i) => {
            shards[shardOf[i] ?? 0]!.add([t]);
          });
          const merged = mergeSummarizers(shards).result();
          expect(plain(merged)).toEqual(plain(summarizeTransactions(log, options)));
        },
      ),
    );
  });

  it('batches of any size give the one-shot summary', () => {
    fc.assert(
      fc.property(arbLog, fc.integer({ min: 1, max: 10 }), (log, size) => {
        const options = { unit: 'week' as const, observationEnd };
        const summarizer = createSummarizer(options);
        for (let i = 0; i < log.length; i += size) summarizer.add(log.slice(i, i + size));
        expect(summarizer.count).toBe(log.length);
        expect(plain(summarizer.result())).toEqual(plain(summarizeTransactions(log, options)));
      }),
    );
  });

  it('rows ↔ columns round trip is exact', () => {
    fc.assert(
      fc.property(arbLog, arbOptions, (log, o) => {
        const s = summarizeTransactions(log, optionsOf(o));
        fc.pre(s.ids.length > 0); // rows of an empty summary cannot say which optional columns it had
        const back = fromRows(toRows(s), { unit: s.unit, mode: s.mode });
        expect(plain(back).columns).toEqual(plain(s).columns);
        expect(back.ids).toEqual(s.ids);
      }),
    );
  });

  it('mergeSummarizers refuses summarizers with different options', () => {
    const a = createSummarizer({ unit: 'day', observationEnd });
    const b = createSummarizer({ unit: 'week', observationEnd });
    expect(() => mergeSummarizers([a, b])).toThrow(/different options/);
    expect(() => mergeSummarizers([])).toThrow(ClvError);
  });
});

describe('calendarPeriodIndex', () => {
  it('matches Date arithmetic for months, quarters and years over 1600–2400, leap days included', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1600, 0, 1), max: Date.UTC(2400, 0, 1) }), (ms) => {
        const d = new Date(ms);
        const months = d.getUTCFullYear() * 12 + d.getUTCMonth();
        expect(calendarPeriodIndex(ms, 'month')).toBe(months);
        expect(calendarPeriodIndex(ms, 'quarter')).toBe(Math.floor(months / 3));
        expect(calendarPeriodIndex(ms, 'year')).toBe(d.getUTCFullYear());
      }),
      { numRuns: 2000 },
    );
    for (const iso of [
      '2000-02-29T23:59:59.999Z',
      '2000-03-01T00:00:00Z',
      '1900-02-28T12:00:00Z',
      '1969-12-31T23:59:59Z',
    ]) {
      const d = new Date(iso);
      expect(calendarPeriodIndex(d.getTime(), 'month')).toBe(
        d.getUTCFullYear() * 12 + d.getUTCMonth(),
      );
    }
  });

  it('starts weeks on Monday', () => {
    const monday = Date.UTC(2024, 0, 1);
    expect(calendarPeriodIndex(monday - 1, 'week')).toBe(calendarPeriodIndex(monday, 'week') - 1);
    expect(calendarPeriodIndex(monday + 7 * 86_400_000 - 1, 'week')).toBe(
      calendarPeriodIndex(monday, 'week'),
    );
  });
});

describe('summarizer robustness', () => {
  const observationEnd = new Date('2024-02-01T00:00:00Z');
  const ok = { customerId: 'a', date: new Date('2024-01-01T00:00:00Z'), amount: 5 };

  it('a batch with a bad row is rejected whole: the summariser is left as it was', () => {
    const summarizer = createSummarizer({ unit: 'day', observationEnd });
    summarizer.add([ok]);
    expect(() =>
      summarizer.add([
        { customerId: 'b', date: new Date('2024-01-02T00:00:00Z'), amount: 3, orderId: 'o9' },
        { customerId: 'c', date: new Date('2024-01-03T00:00:00Z'), amount: -1 },
      ]),
    ).toThrow(ClvError);
    expect(summarizer.count).toBe(1);
    const s = summarizer.result();
    expect(s.ids).toEqual(['a']);
    expect(s.report!.transactionsUsed).toBe(1);
    summarizer.add([{ customerId: 'b', date: new Date('2024-01-05T00:00:00Z'), amount: 2 }]);
    expect(summarizer.result().ids).toEqual(['a', 'b']);
  });

  it('spend totals are compensated and overflow is an error, not Infinity', () => {
    const s = summarizeTransactions(
      [
        { customerId: 'a', date: new Date('2024-01-01T00:00:00Z'), amount: 1e16 },
        { customerId: 'a', date: new Date('2024-01-02T00:00:00Z'), amount: 1 },
        { customerId: 'a', date: new Date('2024-01-03T00:00:00Z'), amount: 1 },
      ],
      { unit: 'day', observationEnd },
    );
    expect(s.totalSpend![0]).toBe(1e16 + 2);
    expect(() =>
      summarizeTransactions(
        [
          { customerId: 'a', date: new Date('2024-01-01T00:00:00Z'), amount: 1e308 },
          { customerId: 'a', date: new Date('2024-01-02T00:00:00Z'), amount: 1e308 },
        ],
        { unit: 'day', observationEnd },
      ),
    ).toThrow(/overflows/);
  });

  it('error messages show NaN and Infinity as such', () => {
    expect(() =>
      summarizeTransactions([{ ...ok, amount: Number.NaN }], { unit: 'day', observationEnd }),
    ).toThrow(/amount NaN is not a finite number/);
    expect(() =>
      summarizeTransactions([{ ...ok, amount: Number.POSITIVE_INFINITY }], {
        unit: 'day',
        observationEnd,
      }),
    ).toThrow(/amount Infinity/);
  });
});
