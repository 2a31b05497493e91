import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClvError,
  fromTransactionColumns,
  parseTransactions,
  summarizeTransactions,
} from '../../src/index.js';

const utc = (iso: string) => new Date(iso).getTime();

function thrown(fn: () => unknown): ClvError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ClvError);
    return error as ClvError;
  }
  throw new Error('expected a ClvError');
}

describe('parseTransactions: dates', () => {
  const one = (date: unknown, options = {}) =>
    parseTransactions(
      [{ customer_id: 'a', date, amount: 1 }],
      options,
    ).transactions[0]!.date.getTime();

  it('reads ISO dates and date-times, UTC when no zone is given', () => {
    expect(one('2024-03-05')).toBe(utc('2024-03-05T00:00:00Z'));
    expect(one('2024-03-05T10:20')).toBe(utc('2024-03-05T10:20:00Z'));
    expect(one('2024-03-05 10:20:30')).toBe(utc('2024-03-05T10:20:30Z'));
    expect(one('2024-03-05T10:20:30.123Z')).toBe(utc('2024-03-05T10:20:30.123Z'));
    expect(one('2024-03-05T10:20:30+02:00')).toBe(utc('2024-03-05T08:20:30Z'));
    expect(one('2024-03-05T10:20:30-0530')).toBe(utc('2024-03-05T15:50:30Z'));
    expect(one('2014-01-01 00:00:00')).toBe(utc('2014-01-01T00:00:00Z'));
  });

  it('reads YYYYMMDD, epoch seconds and milliseconds and Date objects', () => {
    expect(one('19970101')).toBe(utc('1997-01-01T00:00:00Z'));
    expect(one(1_700_000_000)).toBe(1_700_000_000_000);
    expect(one('1700000000')).toBe(1_700_000_000_000);
    expect(one(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(one(new Date('2020-02-29T12:00:00Z'))).toBe(utc('2020-02-29T12:00:00Z'));
    expect(one(86_400, { dateFormat: 'epoch-milliseconds' })).toBe(86_400);
  });

  it('rejects impossible and unrecognised dates with the row, field, value and reason', () => {
    const error = thrown(() =>
      parseTransactions([
        { customer_id: 'a', date: '2023-02-28', amount: 1 },
        { customer_id: 'a', date: '2023-02-30', amount: 1 },
      ]),
    );
    expect(error.code).toBe('INVALID_DATE');
    expect(error.row).toBe(2);
    expect(error.field).toBe('date');
    expect(error.value).toBe('2023-02-30');
    expect(error.message).toMatch(/impossible/);
    for (const bad of [
      '2023-13-01',
      '2023-00-10',
      '2024-01-01T24:00',
      '03/04/2024',
      'yesterday',
      '',
      '2023-02-29',
      new Date('x'),
      null,
      {},
    ]) {
      expect(
        thrown(() => parseTransactions([{ customer_id: 'a', date: bad, amount: 1 }])).code,
      ).toBe('INVALID_DATE');
    }
    expect(one('2024-02-29')).toBe(utc('2024-02-29T00:00:00Z')); // leap day
  });
});

describe('parseTransactions: amounts, ids and fields', () => {
  it('reads numbers and decimal strings; rejects NaN, Infinity and thousands separators', () => {
    const { transactions } = parseTransactions([
      { customer_id: 'a', date: '2024-01-01', amount: '19.90' },
      { customer_id: 'a', date: '2024-01-01', amount: ' -5 ' },
      { customer_id: 'a', date: '2024-01-01', amount: 3 },
      { customer_id: 'a', date: '2024-01-01', amount: '.5' },
    ]);
    expect(transactions.map((t) => t.amount)).toEqual([19.9, -5, 3, 0.5]);
    for (const bad of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      'NaN',
      'Infinity',
      '1,234.50',
      '12abc',
      '',
      undefined,
      '1e999',
    ]) {
      const error = thrown(() =>
        parseTransactions([{ customer_id: 'a', date: '2024-01-01', amount: bad }]),
      );
      expect(error.code).toBe('INVALID_AMOUNT');
      expect(error.field).toBe('amount');
    }
    expect(
      parseTransactions([{ customer_id: 'a', date: '2024-01-01', amount: '12,50' }], {
        decimalSeparator: ',',
      }).transactions[0]!.amount,
    ).toBe(12.5);
  });

  it('rejects empty ids; keeps __proto__ and constructor as ordinary ids', () => {
    expect(
      thrown(() => parseTransactions([{ customer_id: '  ', date: '2024-01-01', amount: 1 }])).code,
    ).toBe('INVALID_ID');
    const { transactions } = parseTransactions(
      'customer_id,date,amount\n__proto__,2024-01-01,1\nconstructor,2024-01-02,2\n',
    );
    expect(transactions.map((t) => t.customerId)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(transactions[0])).toBe(Object.prototype);
  });

  it('maps optional fields: order id, channel, market, currency (upper-cased), quantity', () => {
    const { transactions } = parseTransactions(
      'Customer ID,Order Date,Revenue,order_id,channel,country,currency,qty\nc1,2024-01-01,10,o1,web,DE,eur,2\nc2,2024-01-02,5,,,,,\n',
    );
    expect(transactions[0]).toEqual({
      customerId: 'c1',
      date: new Date('2024-01-01T00:00:00Z'),
      amount: 10,
      orderId: 'o1',
      channel: 'web',
      market: 'DE',
      currency: 'EUR',
      quantity: 2,
    });
    expect(transactions[1]).toEqual({
      customerId: 'c2',
      date: new Date('2024-01-02T00:00:00Z'),
      amount: 5,
    });
  });

  it('uses an explicit column mapping and names missing columns', () => {
    const csv = 'who,when,paid\nx,2024-01-01,3\n';
    const { transactions } = parseTransactions(csv, {
      columns: { customerId: 'who', date: 'when', amount: 'paid' },
    });
    expect(transactions).toHaveLength(1);
    const missing = thrown(() => parseTransactions(csv));
    expect(missing.code).toBe('MISSING_COLUMN');
    expect(missing.issues.map((i) => i.field)).toEqual(['customerId', 'date', 'amount']);
    const wrong = thrown(() =>
      parseTransactions(csv, { columns: { customerId: 'who', date: 'when', amount: 'price' } }),
    );
    expect(wrong.code).toBe('MISSING_COLUMN');
    expect(wrong.message).toMatch(/"price"/);
    expect(thrown(() => parseTransactions(csv, { columns: { client: 'who' } as never })).code).toBe(
      'INVALID_OPTION',
    );
    expect(thrown(() => parseTransactions(csv, { onInvalid: 'ignore' as never })).code).toBe(
      'INVALID_OPTION',
    );
  });
});

describe('parseTransactions: CSV text', () => {
  it('handles BOM, CRLF, quoted delimiters, escaped quotes and embedded newlines', () => {
    const csv =
      '\uFEFFcustomer_id,date,amount\r\n"Doe, Jane",2024-01-01,"1.5"\r\n"say ""hi""",2024-01-02,2\r\n"multi\nline",2024-01-03,3\r\n';
    const { transactions, rowsRead } = parseTransactions(csv);
    expect(rowsRead).toBe(3);
    expect(transactions.map((t) => t.customerId)).toEqual(['Doe, Jane', 'say "hi"', 'multi\nline']);
  });

  it('detects semicolon delimiters and honours an explicit one', () => {
    expect(
      parseTransactions('customer_id;date;amount\na;2024-01-01;1\n').transactions,
    ).toHaveLength(1);
    expect(
      parseTransactions('customer_id|date|amount\na|2024-01-01|1\n', { delimiter: '|' })
        .transactions,
    ).toHaveLength(1);
  });

  it("collects rejected rows with onInvalid: 'collect'", () => {
    const csv =
      'customer_id,date,amount\na,2024-01-01,1\n,2024-01-02,2\nb,2023-02-30,NaN\nc,2024-01-04\nd,2024-01-05,5\n';
    const { transactions, rejected, rowsRead } = parseTransactions(csv, { onInvalid: 'collect' });
    expect(rowsRead).toBe(5);
    expect(transactions.map((t) => t.customerId)).toEqual(['a', 'd']);
    expect(rejected.map((r) => [r.row, r.code, r.field])).toEqual([
      [2, 'INVALID_ID', 'customerId'],
      [3, 'INVALID_DATE', 'date'],
      [4, 'CSV_PARSE', undefined],
    ]);
    expect(rejected[1]!.issues.map((i) => i.code)).toEqual(['INVALID_DATE', 'INVALID_AMOUNT']);
    expect(rejected[1]!.record).toEqual(['b', '2023-02-30', 'NaN']);
  });

  it('throws EMPTY_INPUT for empty text and returns nothing for a header alone', () => {
    expect(thrown(() => parseTransactions('')).code).toBe('EMPTY_INPUT');
    expect(parseTransactions('customer_id,date,amount\n').transactions).toEqual([]);
  });
});

describe('parseTransactions: no input crashes it with anything but a ClvError', () => {
  it('arbitrary CSV text', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            'a',
            '1',
            ',',
            '"',
            '\n',
            '\r',
            '-',
            ':',
            'T',
            ' ',
            '\uFEFF',
            '.',
            ';',
          ),
        }),
        (body) => {
          for (const text of [body, `customer_id,date,amount\n${body}`]) {
            try {
              const result = parseTransactions(text, { onInvalid: 'collect' });
              expect(result.transactions.length + result.rejected.length).toBe(result.rowsRead);
            } catch (error) {
              expect(error).toBeInstanceOf(ClvError);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('arbitrary row objects', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.dictionary(
            fc.constantFrom('customer_id', 'date', 'amount', '__proto__', 'constructor'),
            fc.anything(),
          ),
        ),
        (rows) => {
          try {
            const result = parseTransactions(rows, { onInvalid: 'collect' });
            for (const t of result.transactions) {
              expect(Number.isFinite(t.amount)).toBe(true);
              expect(Number.isNaN(t.date.getTime())).toBe(false);
              expect(t.customerId.length).toBeGreaterThan(0);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(ClvError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("parseTransactions: output 'columns'", () => {
  it('gives the same rows as objects, as columns with interned ids', () => {
    const csv =
      'customer_id,date,amount,order_id,quantity\nc1,2024-01-05T10:00:00.5Z,19.90,o1,2\nc2,2024-01-06,5,,\nc1,20240107,42,o3,\nc3,bad,1,,\n';
    const objects = parseTransactions(csv, { onInvalid: 'collect' });
    const columns = parseTransactions(csv, { onInvalid: 'collect', output: 'columns' });
    expect(columns.rowsRead).toBe(objects.rowsRead);
    expect(columns.rejected).toEqual(objects.rejected);
    expect(fromTransactionColumns(columns.columns)).toEqual(objects.transactions);
    expect(Array.from(columns.columns.date)).toEqual(
      objects.transactions.map((t) => t.date.getTime()),
    );
    expect(columns.columns.orderId).toEqual(['o1', undefined, 'o3']);
    expect(columns.columns.quantity).toEqual([2, undefined, undefined]);
    expect(columns.columns.channel).toBeUndefined();
    // Interned: both rows of c1 hold the same string.
    expect(columns.columns.customerId[0]).toBe(columns.columns.customerId[2]);
  });

  it('is accepted by summarizeTransactions and gives the same summary as objects', () => {
    const rows = [
      { customer_id: 'a', date: '2024-01-01', amount: 10 },
      { customer_id: 'b', date: '2024-01-03', amount: 4 },
      { customer_id: 'a', date: '2024-01-15', amount: 30 },
    ];
    const options = { unit: 'week', observationEnd: new Date('2024-02-01T00:00:00Z') } as const;
    const fromColumns = summarizeTransactions(
      parseTransactions(rows, { output: 'columns' }).columns,
      options,
    );
    const fromObjects = summarizeTransactions(parseTransactions(rows).transactions, options);
    expect(Array.from(fromColumns.recency)).toEqual(Array.from(fromObjects.recency));
    expect(fromColumns.ids).toEqual(fromObjects.ids);
  });

  it('reads fractions of seconds by truncation to milliseconds', () => {
    const ms = (date: string) =>
      parseTransactions([
        { customer_id: 'a', date, amount: 1 },
      ]).transactions[0]!.date.getUTCMilliseconds();
    expect(ms('2024-01-01T00:00:00.1Z')).toBe(100);
    expect(ms('2024-01-01T00:00:00.12Z')).toBe(120);
    expect(ms('2024-01-01T00:00:00.1239Z')).toBe(123);
    expect(ms('2024-01-01T00:00:00.999999999Z')).toBe(999);
    expect(ms('2024-01-01T00:00:00.123+01:00')).toBe(123);
    expect(() =>
      parseTransactions([{ customer_id: 'a', date: '2024-01-01T00:00:00.1234567891Z', amount: 1 }]),
    ).toThrow(ClvError);
  });
});

describe('parseTransactions: object rows with late optional fields', () => {
  it('reads an optional column that first appears after many rows', () => {
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 150; i++) rows.push({ customer_id: 'a', date: '2024-01-01', amount: 1 });
    rows.push({ customer_id: 'b', date: '2024-01-02', amount: 2, channel: 'web' });
    const { transactions } = parseTransactions(rows);
    expect(transactions.at(-1)!.channel).toBe('web');
  });
});
