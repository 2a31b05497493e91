import { describe, expect, it } from 'vitest';
import { parseTransactions, summarizeTransactions, summaryFromColumns } from '../../src/index.js';
import { cdnowSampleRows, hasDataFile, readDataFile, total } from '../helpers/data.js';

// Figures from ../shared/REFERENCE.md ("Transaction log → per-customer summary — CDNOW_sample.txt"),
// computed there with Python lifetimes 0.11.3.
const observationEnd = new Date('1998-06-30T00:00:00Z');
const calibrationEnd = new Date('1997-09-30T00:00:00Z');

describe.skipIf(!hasDataFile('CDNOW_sample.txt'))(
  'CDNOW_sample.txt golden sums (REFERENCE.md)',
  () => {
    const load = () =>
      parseTransactions(cdnowSampleRows(), { columns: { customerId: 'customer_id' } }).transactions;

    it('reads all 6,919 transactions and $244,091.94', () => {
      const transactions = load();
      expect(transactions).toHaveLength(6919);
      expect(total(transactions.map((t) => t.amount))).toBeCloseTo(244091.94, 6);
    });

    it('calendar weeks: 2357 customers, Σfrequency 4004, Σrecency 43920, ΣT 169671, Σmonetary 42918.75', () => {
      const s = summarizeTransactions(load(), { unit: 'week', mode: 'calendar', observationEnd });
      expect(s.ids).toHaveLength(2357);
      expect(total(s.frequency)).toBe(4004);
      expect(total(s.recency)).toBe(43920);
      expect(total(s.T)).toBe(169671);
      expect(Math.round(total(s.monetaryValue) * 100) / 100).toBe(42918.75);
    });

    it('calendar weeks with calibration end 1997-09-30: the calibration/holdout sums', () => {
      const s = summarizeTransactions(load(), {
        unit: 'week',
        mode: 'calendar',
        observationEnd,
        calibrationEnd,
      });
      expect(s.ids).toHaveLength(2357);
      expect(total(s.frequency)).toBe(2216);
      expect(total(s.recency)).toBe(16128);
      expect(total(s.T)).toBe(77748);
      expect(total(s.frequencyHoldout!)).toBe(1788);
      expect(total(s.durationHoldout!)).toBe(91923);
    });

    it('elapsed days: Σfrequency 4339, Σrecency 307464, ΣT 1183240, Σmonetary 40758.4414', () => {
      const s = summarizeTransactions(load(), { unit: 'day', observationEnd });
      expect(s.ids).toHaveLength(2357);
      expect(total(s.frequency)).toBe(4339);
      expect(total(s.recency)).toBe(307464);
      expect(total(s.T)).toBe(1183240);
      expect(total(s.monetaryValue)).toBeCloseTo(40758.4414, 3);
    });

    it('elapsed days with calibration end: the calibration/holdout sums', () => {
      const s = summarizeTransactions(load(), { unit: 'day', observationEnd, calibrationEnd });
      expect(total(s.frequency)).toBe(2457);
      expect(total(s.recency)).toBe(112949);
      expect(total(s.T)).toBe(539779);
      expect(total(s.monetaryValue)).toBeCloseTo(33183.6438, 3);
      expect(total(s.frequencyHoldout!)).toBe(1882);
      expect(total(s.durationHoldout!)).toBe(643461);
      expect(total(s.monetaryHoldout!)).toBeCloseTo(24901.0802, 3);
    });

    it.skipIf(!hasDataFile('cdnow_customers_summary.csv'))(
      'elapsed weeks with calibration end reproduce cdnow_customers_summary.csv (x equal, t_x and T within 0.005 week)',
      () => {
        const s = summarizeTransactions(load(), { unit: 'week', observationEnd, calibrationEnd });
        const lines = readDataFile('cdnow_customers_summary.csv').trim().split('\n').slice(1);
        const byId = new Map(s.ids.map((id, i) => [id, i]));
        let maxDiff = 0;
        for (const line of lines) {
          const [id, x, tx, T] = line.split(',').map(Number) as [number, number, number, number];
          const i = byId.get(String(id).padStart(4, '0')) ?? byId.get(String(id));
          expect(i).toBeDefined();
          expect(s.frequency[i!]).toBe(x);
          maxDiff = Math.max(maxDiff, Math.abs(s.recency[i!]! - tx), Math.abs(s.T[i!]! - T));
        }
        expect(maxDiff).toBeLessThan(0.005);
      },
    );
  },
);

describe.skipIf(!hasDataFile('cdnow_customers_summary.csv'))(
  'cdnow_customers_summary.csv via summaryFromColumns',
  () => {
    it('loads 2357 customers with Σx = 2457', () => {
      const lines = readDataFile('cdnow_customers_summary.csv').trim().split('\n');
      expect(lines[0]).toBe('ID,frequency,recency,T');
      const rows = lines.slice(1).map((l) => l.split(','));
      const s = summaryFromColumns({
        ids: rows.map((r) => r[0]!),
        frequency: rows.map((r) => Number(r[1])),
        recency: rows.map((r) => Number(r[2])),
        T: rows.map((r) => Number(r[3])),
        unit: 'week',
      });
      expect(s.ids).toHaveLength(2357);
      expect(total(s.frequency)).toBe(2457);
    });
  },
);
