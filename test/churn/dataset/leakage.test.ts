// The no-leakage guarantee of churnDataset: transactions dated after a cutoff never change a
// feature value, the rows or the feature names at that cutoff (only labels and the future columns
// may change). Checked with fast-check on random logs and random edits after the cutoff.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChurnDatasetOptions, churnDataset } from '../../../src/churn/dataset/index.js';
import type { BgNbdFit } from '../../../src/models/bg-nbd/types.js';
import type { Transaction } from '../../../src/transactions/types.js';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const CUTOFFS = [START + 40 * DAY, START + 55.5 * DAY];
const LAST_CUTOFF = CUTOFFS[1]!;

const fit = {
  kind: 'bg-nbd',
  params: { r: 0.3, alpha: 5, a: 0.7, b: 2.5 },
  timeUnit: 'week',
} as BgNbdFit;

const options: ChurnDatasetOptions = {
  cutoff: CUTOFFS.map((t) => new Date(t)),
  horizon: 3,
  unit: 'week',
  trendWindow: 2,
  // Fixed, so that edits after the cutoffs cannot move the end of the log.
  observationEnd: new Date(START + 200 * DAY),
  bgNbd: fit,
  userColumns: [{ name: 'idLength', value: (id, cutoff) => id.length + cutoff.getUTCDate() }],
};

const ids = ['a', 'b', 'c', '__proto__', 'constructor'];
const optionalText = (values: string[]) =>
  fc.option(fc.constantFrom(...values), { nil: undefined });

/** A transaction at day offset [from, to) (fractional days: any time of day). */
const transaction = (from: number, to: number) =>
  fc
    .record({
      customerId: fc.constantFrom(...ids),
      day: fc.double({ min: from, max: to, noNaN: true, maxExcluded: true }),
      amount: fc.oneof(
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.constantFrom(0, 10, -15, 10),
        fc.double({ min: -50, max: 0, noNaN: true }),
      ),
      orderId: optionalText(['o1', 'o2', 'o3']),
      channel: optionalText(['web', 'store']),
      market: optionalText(['FR', 'DE', 'US']),
    })
    .map(({ day, ...rest }): Transaction => {
      const tx: Record<string, unknown> = {
        ...rest,
        date: new Date(START + Math.round(day * DAY)),
      };
      for (const key of ['orderId', 'channel', 'market']) if (tx[key] === undefined) delete tx[key];
      return tx as unknown as Transaction;
    });

/** Rows at or before the first cutoff (one purchase guaranteed), rows between, rows after. */
const logArbitrary = fc.record({
  first: fc.record({ id: fc.constantFrom(...ids), day: fc.integer({ min: 0, max: 39 }) }),
  before: fc.array(transaction(0, 40), { maxLength: 25 }),
  between: fc.array(transaction(40.0001, 55.5), { maxLength: 10 }),
  after: fc.array(transaction(55.5001, 150), { maxLength: 25 }),
});

/** An edit of the rows after the last cutoff: removals, changes (kept after it), additions. */
const editArbitrary = fc.record({
  remove: fc.array(fc.nat(), { maxLength: 5 }),
  shift: fc.array(
    fc.record({
      index: fc.nat(),
      days: fc.double({ min: 0, max: 40, noNaN: true }),
      amount: fc.double({ min: -100, max: 1000, noNaN: true }),
    }),
    { maxLength: 5 },
  ),
  add: fc.array(transaction(55.5001, 150), { maxLength: 10 }),
  addExactlyAfter: fc.boolean(),
});

function features(data: ReturnType<typeof churnDataset>) {
  return {
    featureNames: data.featureNames,
    ids: data.ids,
    cutoff: Array.from(data.cutoff),
    columns: data.columns.map((c) => Array.from(c)),
  };
}

describe('churnDataset: no leakage', () => {
  it('adding, changing or removing transactions after the cutoff never changes a feature', () => {
    fc.assert(
      fc.property(logArbitrary, editArbitrary, ({ first, before, between, after }, edit) => {
        const anchor: Transaction = {
          customerId: first.id,
          date: new Date(START + first.day * DAY),
          amount: 1,
        };
        const log = [anchor, ...before, ...between, ...after];
        let edited = after.filter((_, i) => !edit.remove.includes(i));
        edited = edited.map((tx, i) => {
          const change = edit.shift.find((s) => s.index === i);
          if (change === undefined) return tx;
          return {
            ...tx,
            date: new Date(tx.date.getTime() + change.days * DAY),
            amount: change.amount,
          };
        });
        edited = [...edited, ...edit.add];
        if (edit.addExactlyAfter) {
          // One millisecond after the cutoff: the closest a transaction can be without counting.
          edited.push({
            customerId: 'newcomer',
            date: new Date(LAST_CUTOFF + 1),
            amount: 5,
            channel: 'phone',
          });
          edited.push({
            customerId: first.id,
            date: new Date(LAST_CUTOFF + 1),
            amount: -5,
            market: 'JP',
          });
        }
        const editedLog = [anchor, ...before, ...between, ...edited];
        // The rows between the cutoffs are after the first cutoff: shuffle them too.
        const reordered = [...editedLog].reverse();
        const a = churnDataset(log, options);
        const b = churnDataset(reordered, options);
        const firstBlock = (data: ReturnType<typeof churnDataset>) => {
          const rows = Array.from(data.cutoff).filter((t) => t === CUTOFFS[0]).length;
          const f = features(data);
          return {
            ...f,
            ids: f.ids.slice(0, rows),
            columns: f.columns.map((c) => c.slice(0, rows)),
          };
        };
        expect(features(b)).toEqual(features(a));
        // The first cutoff's block only sees rows up to the first cutoff: dropping everything
        // after it leaves that block's values unchanged. (Which of the columns channels and
        // markets exist depends on the rows up to the latest cutoff, so compare by name.)
        const early = churnDataset([anchor, ...before], {
          ...options,
          cutoff: new Date(CUTOFFS[0]!),
        });
        const block = firstBlock(a);
        expect(block.ids).toEqual(features(early).ids);
        early.featureNames.forEach((name, j) => {
          expect(block.columns[a.featureNames.indexOf(name)]).toEqual(
            Array.from(early.columns[j]!),
          );
        });
      }),
      { numRuns: 300 },
    );
  });

  it('every feature is finite, whatever the log', () => {
    fc.assert(
      fc.property(logArbitrary, ({ first, before, between, after }) => {
        const anchor: Transaction = {
          customerId: first.id,
          date: new Date(START + first.day * DAY),
          amount: 0,
        };
        const data = churnDataset([anchor, ...before, ...between, ...after], options);
        for (const column of data.columns)
          for (const v of column) expect(Number.isFinite(v)).toBe(true);
        const at = (name: string) => data.columns[data.featureNames.indexOf(name)]!;
        for (let i = 0; i < data.ids.length; i++) {
          expect(at('recency')[i]!).toBeLessThanOrEqual(at('tenure')[i]!);
          expect(Math.abs(at('spendTrend')[i]!)).toBeLessThanOrEqual(1);
          expect(at('refundShare')[i]!).toBeGreaterThanOrEqual(0);
          expect(at('refundShare')[i]!).toBeLessThanOrEqual(1);
          expect(at('pAlive')[i]!).toBeGreaterThan(0);
          expect(at('pAlive')[i]!).toBeLessThanOrEqual(1);
          expect(data.labels![i]).toBe(data.futurePurchases![i] === 0 ? 1 : 0);
        }
      }),
      { numRuns: 150 },
    );
  });
});
