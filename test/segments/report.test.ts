import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LABEL_NAMES_DEFAULTS,
  labelNames,
  SEGMENT_REPORT_DEFAULTS,
  segmentReport,
} from '../../src/index.js';
import { close, thrown, total } from './helpers.js';

describe('segmentReport', () => {
  it('gives the result stated in its TSDoc example', () => {
    const report = segmentReport([0, 0, 1, 1], ['VIP', 'rest'], {
      revenue: [120, 80, 10, 30],
      control: [false, true, false, true],
    });
    expect(report.segments[0]).toEqual({
      name: 'VIP',
      customers: 2,
      share: 0.5,
      revenue: 200,
      revenueShare: 200 / 240,
      uplift: {
        treated: 1,
        control: 1,
        treatedMeanRevenue: 120,
        controlMeanRevenue: 80,
        revenueDifference: 40,
      },
    });
    expect(report.unassigned).toBeUndefined();
  });

  it('reports CLV, response, churn and uplift per segment, with unassigned customers apart', () => {
    const report = segmentReport(new Int16Array([0, 0, 0, 1, -1, 0]), ['A', 'B', 'C'], {
      revenue: [10, 20, 30, 40, 50, 60],
      clv: [100, 200, 300, 400, 500, 600],
      response: [1, 0, 1, 1, 0, 1],
      churned: [false, false, true, false, true, false],
      control: [0, 1, 0, 1, 0, 1],
    });
    const a = report.segments[0]!;
    expect(a).toMatchObject({
      name: 'A',
      customers: 4,
      share: 4 / 6,
      revenue: 120,
      meanClv: 300,
      responseRate: 0.75,
      churnRate: 0.25,
    });
    // Treated: customers 0 and 2 (revenue 10, 30; both responded); control: 1 and 5 (20, 60; one).
    expect(a.uplift).toEqual({
      treated: 2,
      control: 2,
      treatedMeanRevenue: 20,
      controlMeanRevenue: 40,
      revenueDifference: -20,
      treatedResponseRate: 1,
      controlResponseRate: 0.5,
      responseDifference: 0.5,
    });
    // B has only a control customer: the treated mean and the differences are undefined.
    expect(report.segments[1]!.uplift).toMatchObject({
      treated: 0,
      control: 1,
      controlMeanRevenue: 40,
    });
    expect(report.segments[1]!.uplift!.revenueDifference).toBeUndefined();
    // C is empty: means are undefined, never NaN.
    expect(report.segments[2]).toMatchObject({
      customers: 0,
      share: 0,
      revenue: 0,
      revenueShare: 0,
    });
    expect(report.segments[2]!.meanClv).toBeUndefined();
    expect(report.unassigned).toMatchObject({ name: 'Unassigned', customers: 1, revenue: 50 });
    expect(report.total).toMatchObject({
      name: 'Total',
      customers: 6,
      revenue: 210,
      revenueShare: 1,
    });
  });

  it('reports only customers and shares without outcome columns, and handles no customers', () => {
    const report = segmentReport([1, 1, 0], ['__proto__', 'constructor'], {
      unassignedName: 'none',
    });
    expect(report.segments).toEqual([
      { name: '__proto__', customers: 1, share: 1 / 3 },
      { name: 'constructor', customers: 2, share: 2 / 3 },
    ]);
    const empty = segmentReport([], ['A']);
    expect(empty.total).toEqual({ name: 'Total', customers: 0, share: 0 });
  });

  it('rejects labels and columns that do not fit', () => {
    thrown(() => segmentReport([0, 2], ['A', 'B']), 'INVALID_ARGUMENT', 'labels');
    thrown(
      () => segmentReport([0, 1], ['A', 'B'], { revenue: [1] }),
      'INVALID_ARGUMENT',
      'revenue',
    );
    thrown(
      () => segmentReport([0, 1], ['A', 'B'], { response: [1, 2] }),
      'INVALID_ARGUMENT',
      'response',
    );
    thrown(() => segmentReport([0], [''], {}), 'INVALID_OPTION', 'names[0]');
    expect(SEGMENT_REPORT_DEFAULTS).toEqual({ unassignedName: 'Unassigned' });
  });

  it('adds up: customers and revenue of the rows equal the totals', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            label: fc.integer({ min: -1, max: 3 }),
            revenue: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
          }),
          { maxLength: 60 },
        ),
        (rows) => {
          const report = segmentReport(
            rows.map((r) => r.label),
            ['a', 'b', 'c', 'd'],
            { revenue: rows.map((r) => r.revenue) },
          );
          const all = [...report.segments, ...(report.unassigned ? [report.unassigned] : [])];
          expect(all.reduce((s, r) => s + r.customers, 0)).toBe(rows.length);
          expect(report.total.customers).toBe(rows.length);
          expect(
            close(total(all.map((r) => r.revenue!)), total(rows.map((r) => r.revenue)), 1e-9),
          ).toBe(true);
          report.segments.forEach((row, g) => {
            const members = rows.filter((r) => r.label === g).map((r) => r.revenue);
            expect(row.customers).toBe(members.length);
            expect(close(row.revenue!, total(members), 1e-12)).toBe(true);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('labelNames', () => {
  it('gives the result stated in its TSDoc example and maps −1 as asked', () => {
    expect(labelNames(new Int16Array([1, -1, 0]), ['VIP', 'rest'])).toEqual([
      'rest',
      'Unassigned',
      'VIP',
    ]);
    expect(labelNames([-1], ['VIP'], { unassigned: '—' })).toEqual(['—']);
    expect(LABEL_NAMES_DEFAULTS).toEqual({ unassigned: 'Unassigned' });
    thrown(() => labelNames([0.5], ['VIP']), 'INVALID_ARGUMENT', 'labels');
    thrown(() => labelNames([0], 'VIP' as never), 'INVALID_OPTION', 'names');
  });
});
