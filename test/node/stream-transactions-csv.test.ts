import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ClvError,
  createSummarizer,
  parseTransactions,
  summarizeTransactions,
  type Transaction,
} from '../../src/index.js';
import {
  readTransactionsCsv,
  streamTransactionsCsv,
  summarizeTransactionsCsv,
  type TransactionBatch,
} from '../../src/node/index.js';
import { streamTransactionsCsvWith } from '../../src/node/stream-transactions-csv.js';
import { descriptorsOn, outcome, syntheticLog, useTempDir } from './helpers.js';

const file = useTempDir('stream');
const HEADER = 'customer_id,date,amount';

async function collect(batches: AsyncIterable<TransactionBatch>): Promise<TransactionBatch[]> {
  const out: TransactionBatch[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

/** A log with a bad row every `every` rows (an impossible date), from syntheticLog. */
function logWithBadRows(rows: number, every: number): string {
  const lines = syntheticLog(rows).split('\n');
  for (let i = every; i < lines.length - 1; i += every) lines[i] = `bad${i},2023-02-29,1`;
  return lines.join('\n');
}

describe('streamTransactionsCsv', () => {
  it('batches of batchSize rows concatenate to the readTransactionsCsv result', async () => {
    const text = logWithBadRows(2_345, 97);
    const path = file('log.csv', text);
    const whole = parseTransactions(text, { onInvalid: 'collect' });
    expect(whole.rejected.length).toBe(24);
    const batches = await collect(
      streamTransactionsCsvWith(
        path,
        { batchSize: 500, onInvalid: 'collect' },
        { firstBytes: 4096, chunkBytes: 1000 },
      ),
    );
    expect(batches.map((b) => b.rowsRead)).toStrictEqual([500, 500, 500, 500, 345]);
    expect(batches.flatMap((b) => b.transactions)).toStrictEqual(whole.transactions);
    expect(batches.flatMap((b) => b.rejected)).toStrictEqual(whole.rejected);
    // Each batch holds exactly its rows: valid plus rejected.
    for (const b of batches) expect(b.transactions.length + b.rejected.length).toBe(b.rowsRead);
    expect(await readTransactionsCsv(path, { onInvalid: 'collect' })).toStrictEqual(whole);
  });

  it('default batch size and chunking: one batch for a small file, none for a header', async () => {
    const text = syntheticLog(1_000);
    const batches = await collect(streamTransactionsCsv(file('small.csv', text)));
    expect(batches).toHaveLength(1);
    expect(batches[0]).toStrictEqual({ ...parseTransactions(text), rowsRead: 1_000 });
    expect(await collect(streamTransactionsCsv(file('header.csv', `${HEADER}\n`)))).toStrictEqual(
      [],
    );
  });

  it('a file of whole batches has no empty last batch', async () => {
    const batches = await collect(
      streamTransactionsCsv(file('even.csv', syntheticLog(300)), { batchSize: 100 }),
    );
    expect(batches.map((b) => b.rowsRead)).toStrictEqual([100, 100, 100]);
  });

  it('feeds a summarizer to the same summary as summarizeTransactions', async () => {
    const text = syntheticLog(3_000, 7);
    const options = { unit: 'week', observationEnd: new Date('2024-01-01T00:00:00Z') } as const;
    const summarizer = createSummarizer(options);
    for await (const batch of streamTransactionsCsv(file('sum.csv', text), { batchSize: 256 })) {
      summarizer.add(batch.transactions);
    }
    const expected = summarizeTransactions(parseTransactions(text).transactions, options);
    expect(summarizer.result()).toStrictEqual(expected);
    expect(expected.ids.length).toBe(300);
  });

  it('throw mode: yields the batches before the bad row, then throws its ClvError', async () => {
    const lines = syntheticLog(1_000).split('\n');
    lines[750] = 'c1,2024-13-01,5'; // data row 750
    const path = file('throw.csv', lines.join('\n'));
    const seen: number[] = [];
    const error = await (async () => {
      for await (const batch of streamTransactionsCsv(path, { batchSize: 200 }))
        seen.push(batch.rowsRead);
    })().catch((e: unknown) => e);
    expect(seen).toStrictEqual([200, 200, 200]);
    expect(error).toBeInstanceOf(ClvError);
    expect(error).toMatchObject({ code: 'INVALID_DATE', row: 750 });
    expect(descriptorsOn(path) ?? 0).toBe(0);
  });

  it('pauses reading while the consumer waits: the file is not buffered', async () => {
    const text = syntheticLog(20_000);
    const path = file('big.csv', text);
    const size = statSync(path).size;
    const firstBatchBytes = text.split('\n').slice(0, 1_001).join('\n').length;
    let bytesRead = 0;
    const iterator = streamTransactionsCsvWith(
      path,
      { batchSize: 1_000, onProgress: (read) => (bytesRead = read) },
      { firstBytes: 16_384, chunkBytes: 16_384 },
    )[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    // Give a flowing reader every chance to run ahead.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(size).toBeGreaterThan(600_000);
    // The first batch, the rest of the chunk it ended in and at most two chunks read ahead.
    expect(bytesRead).toBeLessThanOrEqual(firstBatchBytes + 3 * 16_384);
    let rows = first.value?.rowsRead ?? 0;
    for (let r = await iterator.next(); !r.done; r = await iterator.next())
      rows += r.value.rowsRead;
    expect(rows).toBe(20_000);
    expect(bytesRead).toBe(size);
  });

  it('breaking out early stops reading and closes the file', async () => {
    const path = file('early.csv', syntheticLog(20_000));
    let calls = 0;
    let batches = 0;
    for await (const _ of streamTransactionsCsvWith(
      path,
      { batchSize: 100, onProgress: () => calls++ },
      { firstBytes: 4096, chunkBytes: 4096 },
    )) {
      batches++;
      expect(descriptorsOn(path) ?? 1).toBe(1);
      if (batches === 2) break;
    }
    expect(descriptorsOn(path) ?? 0).toBe(0);
    const callsAtBreak = calls;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(callsAtBreak);
    expect(calls).toBeLessThan(5);
  });

  it('checks options when called, the file when iterated', async () => {
    expect(() => streamTransactionsCsv('x.csv', { batchSize: 0 })).toThrow(ClvError);
    expect(() => streamTransactionsCsv('x.csv', { batchSize: 2.5 })).toThrow(/batchSize/);
    expect(() => streamTransactionsCsv('x.csv', { dateFormat: 'us' as 'iso' })).toThrow(
      /dateFormat/,
    );
    expect(() => streamTransactionsCsv(undefined as unknown as string)).toThrow(/file path/);
    const missing = streamTransactionsCsv('/nonexistent/clvkit/log.csv');
    await expect(collect(missing)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      cause: { code: 'ENOENT' },
    });
  });
});

describe('summarizeTransactionsCsv', () => {
  const options = { unit: 'day', observationEnd: new Date('2023-12-01T00:00:00Z') } as const;

  it('equals summarizeTransactions of readTransactionsCsv, across summary batches', async () => {
    const text = logWithBadRows(25_000, 1_000);
    const path = file('summary.csv', text);
    const read = await readTransactionsCsv(path, { onInvalid: 'collect' });
    const result = await summarizeTransactionsCsv(path, { onInvalid: 'collect', summary: options });
    expect(result.summary).toStrictEqual(summarizeTransactions(read.transactions, options));
    expect(result.rejected).toStrictEqual(read.rejected);
    expect(result.rowsRead).toBe(25_000);
    expect(result.summary.report?.excludedAfterObservationEnd).toBeGreaterThan(0);
  });

  it('a negative amount rejects with NEGATIVE_AMOUNT and its CSV row', async () => {
    const lines = logWithBadRows(25_000, 1_000).split('\n');
    lines[23_456] = 'c1,2023-01-01,-5'; // data row 23 456, after 23 rejected rows
    const error = await summarizeTransactionsCsv(file('refund.csv', lines.join('\n')), {
      onInvalid: 'collect',
      summary: options,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClvError);
    expect(error).toMatchObject({ code: 'NEGATIVE_AMOUNT', row: 23_456, value: -5 });
  });

  it('row errors and summary options are reported as by the core functions', async () => {
    const path = file('bad.csv', `${HEADER}\nc1,2024-01-05,1\nc2,yesterday,2\n`);
    expect(await outcome(() => summarizeTransactionsCsv(path, { summary: options }))).toStrictEqual(
      await outcome(() => parseTransactions(`${HEADER}\nc1,2024-01-05,1\nc2,yesterday,2\n`)),
    );
    await expect(
      summarizeTransactionsCsv(path, { summary: { unit: 'fortnight' } } as never),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'unit' });
    await expect(summarizeTransactionsCsv(path, undefined as never)).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
  });

  it('keeps __proto__ as an ordinary customer id', async () => {
    const text = `${HEADER}\n__proto__,2023-01-01,10\n__proto__,2023-01-08,20\nx,2023-01-02,5\n`;
    const { summary } = await summarizeTransactionsCsv(file('proto.csv', text), {
      summary: { unit: 'week', observationEnd: new Date('2023-01-15T00:00:00Z') },
    });
    expect(summary.ids).toStrictEqual(['__proto__', 'x']);
    expect([...summary.frequency]).toStrictEqual([1, 0]);
    expect([...summary.recency]).toStrictEqual([1, 0]);
    expect([...summary.monetaryValue]).toStrictEqual([20, 0]);
    const tx: Transaction[] = parseTransactions(text).transactions;
    expect(tx).toHaveLength(3);
  });
});
