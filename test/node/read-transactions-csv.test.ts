import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvError, type ParseTransactionsOptions, parseTransactions } from '../../src/index.js';
import { readTransactionsCsv } from '../../src/node/index.js';
import { readTransactionsCsvWith } from '../../src/node/read-transactions-csv.js';
import { outcome, syntheticLog, useTempDir } from './helpers.js';

const file = useTempDir('read');

interface Case {
  readonly name: string;
  readonly text: string;
  readonly options?: ParseTransactionsOptions;
}

const HEADER = 'customer_id,date,amount';

/** Files where reading in chunks could go wrong: each is compared with parseTransactions. */
const CASES: readonly Case[] = [
  {
    name: 'plain, trailing newline',
    text: `${HEADER}\nc1,2024-01-05,19.90\nc2,2024-01-07T10:00:00Z,42\n`,
  },
  { name: 'no trailing newline', text: `${HEADER}\nc1,2024-01-05,19.90\nc2,2024-01-07,42` },
  {
    name: 'byte order mark and CRLF',
    text: `\uFEFF${HEADER}\r\nc1,2024-01-05,19.90\r\nc2,2024-01-07,42\r\n`,
  },
  {
    name: 'quoted commas, quotes and newlines (LF and CRLF) inside quoted ids',
    text: `${HEADER},channel\n"Smith, J.",2024-01-05,"15",web\n"multi\nline id",2024-01-06,3,"a ""quoted"" channel"\n"crlf\r\nid",2024-01-07,4,x\n`,
  },
  {
    name: 'CRLF file with a quoted CRLF',
    text: `${HEADER}\r\n"a\r\nb",2024-01-05,1\r\nc,2024-01-06,2\r\n`,
  },
  { name: 'CR line endings', text: `${HEADER}\rc1,2024-01-05,1\rc2,2024-01-06,2\r` },
  { name: 'blank trailing lines', text: `${HEADER}\nc1,2024-01-05,1\n\n\n` },
  {
    name: 'blank lines inside',
    text: `${HEADER}\nc1,2024-01-05,1\n\nc2,2024-01-06,2\n\n\nc3,2024-01-07,3`,
  },
  {
    name: 'multi-byte UTF-8 ids split across reads',
    text: `${HEADER}\nélodie,2024-01-05,1\n日本語,2024-01-06,2\n🙂🙃,2024-01-07,3\n`,
  },
  {
    name: '__proto__ and constructor ids',
    text: `${HEADER}\n__proto__,2024-01-05,1\nconstructor,2024-01-06,2\n__proto__,2024-01-09,3\n`,
  },
  {
    name: 'bad rows: impossible date, missing field, bad amount, unterminated quote',
    text: `${HEADER}\nc1,2024-01-05,1\nc2,2024-02-30,2\nc3,2024-01-07\nc4,2024-01-08,abc\nc5,2024-01-09,5\n"c6,2024-01-10,6\n`,
  },
  {
    name: 'malformed quotes in the middle',
    text: `${HEADER}\n"c1"x,2024-01-05,1\nc2,2024-01-06,2\n`,
  },
  {
    name: 'malformed quotes after the first chunk',
    text: `${HEADER}\nc1,2024-01-05,1\nc2,2024-01-05,1\nc3,2024-01-05,1\n"c4"x,2024-01-05,1\nc5,2024-01-06,2\nc6,"2024-01-07"y,3\nc7,2024-01-08,4\n`,
  },
  { name: 'header only', text: `${HEADER}\n` },
  { name: 'header only, no newline', text: HEADER },
  { name: 'empty file', text: '' },
  { name: 'byte order mark only', text: '\uFEFF' },
  { name: 'missing column', text: 'customer_id,amount\nc1,3\n' },
  { name: 'quoted empty last record', text: `${HEADER}\nc1,2024-01-05,1\n""` },
  {
    name: 'one-column file with blank lines (blank data rows are rejected rows)',
    text: 'x\n5\n\n7\n\n',
    options: { columns: { customerId: 'x', date: 'x', amount: 'x' } },
  },
  {
    name: 'semicolons and decimal commas',
    text: 'customer_id;date;amount\nc1;2024-01-05;19,90\nc2;20240107;1e3\n',
    options: { decimalSeparator: ',', delimiter: ';' },
  },
  {
    name: 'optional columns, zones, epoch dates',
    text: 'order_id,customer_id,date,amount,currency,quantity\no1,c1,2024-01-05,1,eur,2\no2,c1,2024-01-05T12:00:00+02:00,1,,\n,c2,1704412800,3,usd,\n',
  },
];

const SMALL_CHUNKS = [1, 2, 3, 5, 8, 13];

describe('readTransactionsCsv equals parseTransactions on the same text', () => {
  for (const testCase of CASES) {
    for (const onInvalid of ['collect', 'throw'] as const) {
      it(`${testCase.name} (${onInvalid})`, async () => {
        const options = { ...testCase.options, onInvalid };
        const path = file('case.csv', testCase.text);
        const expected = await outcome(() => parseTransactions(testCase.text, options));
        expect(await outcome(() => readTransactionsCsv(path, options))).toStrictEqual(expected);
        // A 64-byte first chunk, then tiny chunks: boundaries inside fields, quotes, CRLFs and
        // multi-byte characters.
        for (const chunkBytes of SMALL_CHUNKS) {
          const sizes = { firstBytes: 64, chunkBytes };
          expect(
            await outcome(() => readTransactionsCsvWith(path, options, sizes)),
            `chunkBytes ${chunkBytes}`,
          ).toStrictEqual(expected);
        }
      });
    }
  }

  for (const testCase of CASES) {
    it(`${testCase.name} (output: 'columns')`, async () => {
      const options = {
        ...testCase.options,
        onInvalid: 'collect' as const,
        output: 'columns' as const,
      };
      const path = file('case.csv', testCase.text);
      const expected = await outcome(() => parseTransactions(testCase.text, options));
      expect(await outcome(() => readTransactionsCsv(path, options))).toStrictEqual(expected);
      expect(
        await outcome(() =>
          readTransactionsCsvWith(path, options, { firstBytes: 64, chunkBytes: 7 }),
        ),
      ).toStrictEqual(expected);
    });
  }

  it('the cases cover both outcomes: some succeed, some reject rows, some throw', () => {
    const results = CASES.map((c) => {
      try {
        return parseTransactions(c.text, { ...c.options, onInvalid: 'collect' }).rejected.length > 0
          ? 'rejects'
          : 'ok';
      } catch {
        return 'throws';
      }
    });
    expect(new Set(results)).toStrictEqual(new Set(['ok', 'rejects', 'throws']));
  });

  it('a 5 000-row log read in 4 KiB chunks', async () => {
    const text = syntheticLog(5_000);
    const path = file('synthetic.csv', text);
    const expected = parseTransactions(text);
    expect(expected.transactions).toHaveLength(5_000);
    const read = await readTransactionsCsvWith(path, undefined, {
      firstBytes: 4096,
      chunkBytes: 4096,
    });
    expect(read).toStrictEqual(expected);
    expect(await readTransactionsCsv(path)).toStrictEqual(expected);
  });

  it('other encodings: latin1, and UTF-16 with a byte order mark', async () => {
    const text = `${HEADER}\nRené,2024-01-05,1\nZoë,2024-01-06,2\n`;
    const latin1 = file('latin1.csv', Buffer.from(text, 'latin1'));
    const read = await readTransactionsCsv(latin1, { encoding: 'latin1' });
    expect(read.transactions.map((t) => t.customerId)).toStrictEqual(['René', 'Zoë']);
    const utf16 = file('utf16.csv', Buffer.from(`\uFEFF${text}`, 'utf16le'));
    const sizes = { firstBytes: 64, chunkBytes: 3 };
    expect(await readTransactionsCsvWith(utf16, { encoding: 'utf16le' }, sizes)).toStrictEqual(
      parseTransactions(text),
    );
  });
});

describe('readTransactionsCsv errors', () => {
  it('a bad row rejects with the ClvError parseTransactions throws, same row', async () => {
    const text = `${HEADER}\nc1,2024-01-05,1\nc2,2024-01-06,2\nc3,2023-02-29,3\nc4,2024-01-08,4\n`;
    const path = file('bad.csv', text);
    const error = await readTransactionsCsv(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClvError);
    expect(error).toMatchObject({
      code: 'INVALID_DATE',
      row: 3,
      field: 'date',
      value: '2023-02-29',
    });
    expect(() => parseTransactions(text)).toThrow((error as ClvError).message);
  });

  it('collect mode returns the bad row with its row number', async () => {
    const text = `${HEADER}\nc1,2024-01-05,1\n\nc2,2024-01-06,-\nc3,2024-01-07,3\n`;
    const { transactions, rejected, rowsRead } = await readTransactionsCsv(file('c.csv', text), {
      onInvalid: 'collect',
    });
    expect(transactions.map((t) => t.customerId)).toStrictEqual(['c1', 'c3']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      code: 'INVALID_AMOUNT',
      row: 2,
      record: ['c2', '2024-01-06', '-'],
    });
    expect(rowsRead).toBe(3);
  });

  it('a missing file rejects with INVALID_ARGUMENT naming the path, the system error as cause', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clvkit-missing-'));
    const path = join(dir, 'nope.csv');
    try {
      const error = await readTransactionsCsv(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClvError);
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'path', value: path });
      expect((error as Error).message).toContain(path);
      expect((error as Error).cause).toMatchObject({ code: 'ENOENT' });
      // A directory is not a CSV file either.
      await expect(readTransactionsCsv(dir)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad arguments and options reject with INVALID_ARGUMENT / INVALID_OPTION', async () => {
    const path = file('ok.csv', `${HEADER}\nc1,2024-01-05,1\n`);
    await expect(readTransactionsCsv('')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(readTransactionsCsv(42 as unknown as string)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(readTransactionsCsv(path, { encoding: 'hex' as 'utf8' })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      field: 'encoding',
    });
    await expect(
      readTransactionsCsv(path, { onProgress: 3 as unknown as () => void }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'onProgress' });
    await expect(readTransactionsCsv(path, { onInvalid: 'skip' as 'throw' })).rejects.toMatchObject(
      { code: 'INVALID_OPTION', field: 'onInvalid' },
    );
  });

  it('an error thrown by onProgress rejects the read unchanged', async () => {
    const path = file('progress-error.csv', syntheticLog(100));
    const boom = new Error('stop');
    await expect(
      readTransactionsCsv(path, {
        onProgress: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
  });
});

describe('readTransactionsCsv progress', () => {
  it('reports increasing bytes read, ending at the file size', async () => {
    const path = file('progress.csv', syntheticLog(3_000));
    const size = statSync(path).size;
    const calls: [number, number][] = [];
    const sizes = { firstBytes: 8192, chunkBytes: 8192 };
    await readTransactionsCsvWith(
      path,
      { onProgress: (read, total) => calls.push([read, total]) },
      sizes,
    );
    expect(calls.length).toBeGreaterThanOrEqual(Math.floor(size / 8192));
    expect(calls.every(([, total]) => total === size)).toBe(true);
    for (let i = 1; i < calls.length; i++)
      expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
    expect(calls.at(-1)).toStrictEqual([size, size]);
  });
});

describe('readTransactionsCsv: the quote-free fast path equals the CSV parser', () => {
  const field = fc.oneof(
    fc.constantFrom(
      'a',
      'b',
      '__proto__',
      '',
      ' x ',
      '2024-01-05',
      '20240105',
      '2024-02-30',
      '12.5',
      '-3',
      'NaN',
    ),
    fc.string({ unit: fc.constantFrom('a', '1', '-', ':', ' ', '\r', ';', '.'), maxLength: 6 }),
  );
  const line = fc.array(field, { minLength: 1, maxLength: 4 }).map((fields) => fields.join(','));
  const body = fc.tuple(
    fc.array(line, { maxLength: 12 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
    fc.boolean(),
  );

  it('gives what parseTransactions gives, for any chunk size (random quote-free and quoted texts)', async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.integer({ min: 1, max: 40 }),
        async ([lines, eol, trailing, quote], chunkBytes) => {
          const rows =
            quote && lines.length > 0 ? [...lines.slice(0, -1), `"q,${lines.at(-1)}",x,1`] : lines;
          const text = `customer_id,date,amount${eol}${rows.join(eol)}${trailing ? eol : ''}`;
          const path = file('prop.csv', text);
          for (const output of ['objects', 'columns'] as const) {
            const options = { onInvalid: 'collect' as const, output };
            const expected = await outcome(() => parseTransactions(text, options));
            const sizes = { firstBytes: Math.max(8, chunkBytes), chunkBytes };
            expect(
              await outcome(() => readTransactionsCsvWith(path, options, sizes)),
            ).toStrictEqual(expected);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
