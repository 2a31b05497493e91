import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClvError,
  MIN_PSEUDONYM_KEY_BYTES,
  pseudonymizeId,
  pseudonymizeIds,
  type Transaction,
  type TransactionColumns,
} from '../../src/index.js';
import { hmacSha256 } from '../../src/privacy/pseudonymize.js';

const KEY = 'test key: sixteen bytes or more, never in the data';

async function rejection(promise: Promise<unknown>): Promise<ClvError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ClvError);
    return error as ClvError;
  }
  throw new Error('expected a rejected promise');
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

describe('HMAC-SHA-256 (RFC 4231 test vectors)', () => {
  it('test case 1: key 0x0b × 20, "Hi There"', async () => {
    const key = new Uint8Array(20).fill(0x0b);
    const expected = 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7';
    expect(hex((await hmacSha256(key, ['Hi There']))[0]!)).toBe(expected);
    // The public function gives the same digest (20 bytes ≥ the 16-byte minimum).
    expect(await pseudonymizeId('Hi There', { key })).toBe(expected);
    expect(await pseudonymizeId('Hi There', { key, encoding: 'base64url' })).toBe(
      Buffer.from(expected, 'hex').toString('base64url'),
    );
  });

  it('test case 2: key "Jefe", "what do ya want for nothing?" (internal: the key is too short for ids)', async () => {
    const key = new TextEncoder().encode('Jefe');
    expect(hex((await hmacSha256(key, ['what do ya want for nothing?']))[0]!)).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('matches node:crypto for arbitrary ids, including non-ASCII ones (UTF-8)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, unit: 'grapheme' }), async (id) => {
        const expected = createHmac('sha256', KEY).update(id, 'utf8').digest('hex');
        expect(await pseudonymizeId(id, { key: KEY })).toBe(expected);
      }),
      { numRuns: 50 },
    );
  });
});

describe('pseudonymizeIds', () => {
  const log: Transaction[] = [
    { customerId: 'alice', date: new Date('2024-01-01'), amount: 10, orderId: 'o1' },
    { customerId: '__proto__', date: new Date('2024-01-02'), amount: 20 },
    { customerId: 'alice', date: new Date('2024-01-03'), amount: 30 },
    { customerId: 'constructor', date: new Date('2024-01-04'), amount: 40 },
    { customerId: '__proto__', date: new Date('2024-01-05'), amount: 50 },
  ];

  it('replaces ids in Transaction[]: equal ids → equal pseudonyms, other fields kept, input untouched', async () => {
    const out = await pseudonymizeIds(log, { key: KEY });
    expect(out).toHaveLength(5);
    expect(out[0]!.customerId).toBe(out[2]!.customerId);
    expect(out[1]!.customerId).toBe(out[4]!.customerId);
    expect(new Set(out.map((t) => t.customerId)).size).toBe(3);
    for (const t of out) expect(t.customerId).toMatch(/^[0-9a-f]{64}$/);
    expect(out[1]!.customerId).toBe(createHmac('sha256', KEY).update('__proto__').digest('hex'));
    expect(out[0]).toEqual({ ...log[0], customerId: out[0]!.customerId });
    expect(log[0]!.customerId).toBe('alice');
  });

  it('replaces ids in TransactionColumns and shares the other columns', async () => {
    const columns: TransactionColumns = {
      customerId: log.map((t) => t.customerId),
      date: Float64Array.from(log, (t) => t.date.getTime()),
      amount: Float64Array.from(log, (t) => t.amount),
    };
    const out = await pseudonymizeIds(columns, { key: KEY, encoding: 'base64url' });
    expect(out.date).toBe(columns.date);
    expect(out.customerId).toHaveLength(5);
    for (const id of out.customerId) expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const fromObjects = await pseudonymizeIds(log, { key: KEY, encoding: 'base64url' });
    expect(out.customerId).toEqual(fromObjects.map((t) => t.customerId));
    expect(columns.customerId[0]).toBe('alice');
  });

  it('different keys give unrelated pseudonyms', async () => {
    const a = await pseudonymizeId('alice', { key: KEY });
    const b = await pseudonymizeId('alice', { key: `${KEY}!` });
    expect(a).not.toBe(b);
  });

  it('handles an empty log and many distinct ids', async () => {
    expect(await pseudonymizeIds([], { key: KEY })).toEqual([]);
    const ids = Array.from({ length: 3000 }, (_, i) => `c${i % 1000}`);
    const out = await pseudonymizeIds(
      { customerId: ids, date: new Float64Array(3000), amount: new Float64Array(3000) },
      { key: KEY },
    );
    expect(new Set(out.customerId).size).toBe(1000);
    expect(out.customerId[1234]).toBe(out.customerId[234]);
  });

  it('rejects missing, short or malformed keys without echoing them', async () => {
    const short = 'x'.repeat(MIN_PSEUDONYM_KEY_BYTES - 1);
    for (const key of ['', short, new Uint8Array(8)]) {
      const error = await rejection(pseudonymizeIds(log, { key }));
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.field).toBe('key');
      if (typeof key === 'string' && key !== '') expect(error.message).not.toContain(short);
      expect(error.value).toBeUndefined();
    }
    const wrongType = await rejection(pseudonymizeId('a', { key: 42 as unknown as string }));
    expect(wrongType.field).toBe('key');
    const missing = await rejection(pseudonymizeId('a', undefined as never));
    expect(missing.code).toBe('INVALID_OPTION');
    const unknown = await rejection(pseudonymizeId('a', { key: KEY, salt: 1 } as never));
    expect(unknown.field).toBe('salt');
    const encoding = await rejection(pseudonymizeId('a', { key: KEY, encoding: 'b64' as never }));
    expect(encoding.field).toBe('encoding');
  });

  it('rejects empty ids, ids with lone surrogates and malformed input, naming the row', async () => {
    const empty = await rejection(
      pseudonymizeIds([{ customerId: '', date: new Date(0), amount: 1 }], { key: KEY }),
    );
    expect(empty.code).toBe('INVALID_ID');
    expect(empty.row).toBe(1);
    const surrogate = await rejection(
      pseudonymizeIds(
        { customerId: ['ok', 'bad\uD800'], date: [0, 0], amount: [1, 1] },
        { key: KEY },
      ),
    );
    expect(surrogate.code).toBe('INVALID_ID');
    expect(surrogate.row).toBe(2);
    expect((await rejection(pseudonymizeIds('nope' as never, { key: KEY }))).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect((await rejection(pseudonymizeIds([null] as never, { key: KEY }))).row).toBe(1);
    expect(
      (
        await rejection(
          pseudonymizeIds({ customerId: ['a'], date: [0, 1], amount: [1] }, { key: KEY }),
        )
      ).code,
    ).toBe('INVALID_ARGUMENT');
  });
});
