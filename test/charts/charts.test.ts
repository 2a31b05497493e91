import fc from 'fast-check';
import * as vl from 'vega-lite';
import { describe, expect, it } from 'vitest';
import {
  CHART_COLORS,
  churnCalibrationChart,
  clvDistributionChart,
  gainsChart,
  type HeatmapGrid,
  heatmapChart,
  predictedVsActualChart,
  purchaseHeatmaps,
  segmentChart,
  trackingChart,
  type VegaLiteSpec,
  valueConcentrationChart,
} from '../../src/charts/index.js';
import {
  type BgNbdFit,
  createRandom,
  evaluateHoldout,
  probabilityAlive,
  sampleGamma,
  segmentReport,
  summaryFromColumns,
} from '../../src/index.js';
import { expectClose, expectClvError } from '../helpers/assert.js';

// CDNOW BG/NBD estimates (Fader, Hardie & Lee 2005), weekly.
const FIT = {
  kind: 'bg-nbd',
  params: { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 },
  timeUnit: 'week',
} as BgNbdFit;

type Row = Record<string, unknown>;

/** The inline data rows of a spec (top level). */
function rows(spec: VegaLiteSpec): Row[] {
  return (spec.data as { values: Row[] }).values;
}

/** Compiles with Vega-Lite and returns the warnings it logged. */
function compileWarnings(spec: VegaLiteSpec): string[] {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    info: () => logger,
    debug: () => logger,
    warn: (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    error: (...args: unknown[]) => {
      throw new Error(args.map(String).join(' '));
    },
  };
  vl.compile(spec as never, { logger: logger as never });
  return warnings;
}

function expectWellFormed(spec: VegaLiteSpec): void {
  expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
  expect(spec.width).toBe('container');
  expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  expect(compileWarnings(spec)).toEqual([]);
}

/** A heavy-tailed sample (gamma-distributed means times gamma noise), seeded. */
function heavyTail(n: number, seed: string): Float64Array {
  const random = createRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sampleGamma(random, 0.5, 0.01) * sampleGamma(random, 4, 4);
  return out;
}

describe('valueConcentrationChart', () => {
  const values = [5, 50, 10, 30, 5];

  it('draws the Lorenz curve from (0, 0) to (1, 1) at every percent', () => {
    const spec = valueConcentrationChart(values);
    expectWellFormed(spec);
    const data = rows(spec);
    expect(data).toHaveLength(101);
    expect(data[0]).toEqual({ customers: 0, value: 0 });
    expect(data[100]).toEqual({ customers: 1, value: 1 });
    // Top 40 % = the two largest (50 + 30 of 100).
    expectClose(data[40]!.value as number, 0.8, 1e-12);
  });

  it('marks the VIP share with the value it holds, fractional customers included', () => {
    const spec = valueConcentrationChart(values, { vipShare: 0.2, valueLabel: 'CLV' });
    expect((spec.title as { subtitle: string }).subtitle).toBe(
      'Top 20 % of customers hold 50.0 % of CLV',
    );
    // 0.3 × 5 = 1.5 customers: 50 + half of 30.
    const at30 = valueConcentrationChart(values, { vipShare: 0.3 });
    const vip = (at30.layer as { data?: { values: Row[] } }[])[2]!.data!.values[0]!;
    expect(vip.customers).toBe(0.3);
    expectClose(vip.value as number, 0.65, 1e-12);
  });

  it('is the diagonal when every value is 0, and rejects negative or missing values', () => {
    const data = rows(valueConcentrationChart([0, 0, 0, 0], { points: 5 }));
    expect(data.map((d) => d.value)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expectClvError(() => valueConcentrationChart([1, -2]), 'INVALID_ARGUMENT', 'values[1]');
    expectClvError(() => valueConcentrationChart([1, Number.NaN]), 'INVALID_ARGUMENT', 'values[1]');
    expectClvError(() => valueConcentrationChart([]), 'INVALID_ARGUMENT', 'values');
    expectClvError(
      () => valueConcentrationChart([1], { vipShare: 1 }),
      'INVALID_OPTION',
      'vipShare',
    );
    expectClvError(
      () => valueConcentrationChart([1], { colour: 'red' } as never),
      'INVALID_OPTION',
      'colour',
    );
  });

  it('is non-decreasing, concave, above the diagonal and independent of order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (list) => {
          const curve = rows(valueConcentrationChart(list, { points: 21 })).map(
            (d) => d.value as number,
          );
          const reversed = rows(valueConcentrationChart([...list].reverse(), { points: 21 }));
          expect(reversed.map((d) => d.value)).toEqual(curve);
          expect(curve[20]).toBe(1);
          for (let k = 1; k < curve.length; k++) {
            expect(curve[k]!).toBeGreaterThanOrEqual(curve[k - 1]! - 1e-9);
            expect(curve[k]!).toBeGreaterThanOrEqual(k / 20 - 1e-9);
            if (k > 1) {
              expect(curve[k]! - curve[k - 1]!).toBeLessThanOrEqual(
                curve[k - 1]! - curve[k - 2]! + 1e-5,
              );
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('segmentChart', () => {
  const report = segmentReport([0, 0, 1, -1, 2], ['VIP', 'rest', 'empty'], {
    revenue: [100, 80, 20, 0, 0],
    clv: [50, 40, 5, 0, 0],
  });

  it('draws customer share beside revenue share per segment, unassigned last', () => {
    const spec = segmentChart(report);
    expectWellFormed(spec);
    const data = rows(spec);
    expect(data.map((d) => `${d.segment}:${d.measure}`)).toEqual([
      'VIP:Customers',
      'VIP:Revenue',
      'rest:Customers',
      'rest:Revenue',
      'empty:Customers',
      'empty:Revenue',
      'Unassigned:Customers',
      'Unassigned:Revenue',
    ]);
    expectClose(data[1]!.share as number, 0.9, 1e-12);
    expect(data[0]!.share).toBe(0.4);
  });

  it('draws one measure, and rejects a measure the report lacks', () => {
    const spec = segmentChart(report, { measure: 'meanClv', includeUnassigned: false });
    expectWellFormed(spec);
    expect(rows(spec).map((d) => d.meanClv)).toEqual([45, 5, 0]);
    const plain = segmentReport([0, 1], ['a', 'b']);
    expect(rows(segmentChart(plain)).map((d) => d.customers)).toEqual([1, 1]);
    expectClvError(() => segmentChart(plain, { measure: 'revenue' }), 'INVALID_OPTION', 'measure');
    expectClvError(() => segmentChart({} as never), 'INVALID_ARGUMENT', 'report');
  });
});

describe('purchaseHeatmaps and heatmapChart', () => {
  const grids = purchaseHeatmaps(FIT, { T: 39, horizon: 52, maxFrequency: 4, cells: 3 });

  it('evaluates the model at the centre of each recency interval', () => {
    const alive = grids.probabilityAlive;
    expect(alive.frequency).toEqual([0, 1, 2, 3, 4]);
    expect(alive.recency).toEqual([6.5, 19.5, 32.5]);
    const direct = probabilityAlive(
      FIT,
      summaryFromColumns({ ids: ['x'], frequency: [3], recency: [19.5], T: [39], unit: 'week' }),
    );
    expect(alive.values[3]![1]).toBe(direct[0]);
    // No repeat purchase: the model ignores recency.
    expect(alive.values[0]).toEqual([1, 1, 1]);
    const expected = grids.expectedPurchases.values;
    expect(new Set(expected[0]).size).toBe(1);
    // More recent activity, more expected purchases.
    expect(expected[4]![2]!).toBeGreaterThan(expected[4]![0]!);
  });

  it('draws one cell per value, null cells left out, spanning the recency axis', () => {
    const spec = heatmapChart(grids.expectedPurchases);
    expectWellFormed(spec);
    const data = rows(spec);
    expect(data).toHaveLength(15);
    expect(data[0]).toMatchObject({ frequency: 0, from: 0, to: 13 });
    expect(data[2]).toMatchObject({ from: 26, to: 39 });
    const grid: HeatmapGrid = {
      ...grids.probabilityAlive,
      values: [[1, null, 1], ...grids.probabilityAlive.values.slice(1)],
    };
    expect(rows(heatmapChart(grid))).toHaveLength(14);
    expectClvError(
      () => heatmapChart({ ...grid, values: [[1, 2]] }),
      'INVALID_ARGUMENT',
      'grid.values.length',
    );
  });

  it('checks its options', () => {
    expectClvError(() => purchaseHeatmaps(FIT, { T: 0, horizon: 1 }), 'INVALID_OPTION', 'T');
    expectClvError(() => purchaseHeatmaps(FIT, { T: 1, horizon: -1 }), 'INVALID_OPTION', 'horizon');
    expectClvError(
      () => purchaseHeatmaps(FIT, { T: 1, horizon: 1, maxFrequency: 1000 }),
      'INVALID_OPTION',
      'maxFrequency',
    );
    expectClvError(
      () => purchaseHeatmaps({ ...FIT, kind: 'pareto-nbd' } as never, { T: 1, horizon: 1 }),
      'INVALID_OPTION',
      'fit',
    );
  });
});

describe('trackingChart and predictedVsActualChart', () => {
  const summary = summaryFromColumns({
    ids: ['a', 'b', 'c', 'd'],
    frequency: [4, 0, 9, 1],
    recency: [30.43, 0, 35, 4],
    T: [38.86, 30, 38.86, 12],
    unit: 'week',
    frequencyHoldout: [1, 0, 5, 0],
    durationHoldout: [39, 39, 39, 39],
    calibrationEnd: new Date('2024-01-01T00:00:00Z'),
  });
  const evaluation = evaluateHoldout(FIT, summary, { frequencyCap: 3 });

  it('draws the model by period with the calibration end as a date', () => {
    const spec = trackingChart(evaluation);
    expectWellFormed(spec);
    const data = rows(spec);
    const periods = evaluation.tracking.periodEnd.length;
    expect(data).toHaveLength(periods);
    expect(data.every((d) => d.series === 'Model')).toBe(true);
    expectClose(
      data[periods - 1]!.purchases as number,
      evaluation.tracking.predictedCumulative[periods - 1]!,
      1e-5,
    );
    const rule = (spec.layer as { data: { values: Row[] } }[])[1]!.data.values[0]!;
    expect(rule.at).toBe(Date.parse('2024-01-01T00:00:00Z'));
  });

  it('thins long curves, keeping the last point, and sums increments over each run', () => {
    const thin = rows(trackingChart(evaluation, { maxPoints: 10 }));
    expect(thin.length).toBeLessThanOrEqual(11);
    const last = evaluation.tracking.predictedCumulative.length - 1;
    expectClose(
      thin[thin.length - 1]!.purchases as number,
      evaluation.tracking.predictedCumulative[last]!,
      1e-5,
    );
    const increments = rows(trackingChart(evaluation, { mode: 'incremental', maxPoints: 10 }));
    const total = increments.reduce((s, d) => s + (d.purchases as number), 0);
    expectClose(total, evaluation.tracking.predictedCumulative[last]!, 1e-4);
  });

  it('draws mean predicted and actual purchases by calibration frequency, empty groups left out', () => {
    const spec = predictedVsActualChart(evaluation);
    expectWellFormed(spec);
    const data = rows(spec);
    // Groups 0, 1, 2 (empty), 3+.
    expect(data.map((d) => `${d.frequency}:${d.series}`)).toEqual([
      '0:Model',
      '0:Actual',
      '1:Model',
      '1:Actual',
      '3+:Model',
      '3+:Actual',
    ]);
    expect(data[5]!.purchases).toBe(3);
    expectClvError(() => trackingChart({} as never), 'INVALID_ARGUMENT', 'evaluation');
  });
});

describe('clvDistributionChart', () => {
  it('bins positive values on a log scale and counts the others in the subtitle', () => {
    const spec = clvDistributionChart([0, -1, 1, 10, 100, 1000], { bins: 3, currency: 'EUR' });
    expectWellFormed(spec);
    const data = rows(spec);
    expect(data.map((d) => d.customers)).toEqual([1, 1, 2]);
    expect(data[0]!.from).toBe(1);
    expect(data[2]!.to).toBe(1000);
    expect((spec.title as { subtitle: string }).subtitle).toBe(
      '2 customers with CLV ≤ 0 not shown · mean 185, median 5.5 EUR · log scale',
    );
  });

  it('counts values below the floor in the first bin, and copes with equal or no positive values', () => {
    const data = rows(clvDistributionChart([1e-9, 1, 100], { bins: 2, floor: 0.01 }));
    expect(data[0]!.from).toBe(1);
    expect(data.map((d) => d.customers)).toEqual([2, 1]);
    const same = rows(clvDistributionChart([5, 5, 5], { bins: 4 }));
    expect(same.reduce((s, d) => s + (d.customers as number), 0)).toBe(3);
    expect(rows(clvDistributionChart([0, 0]))).toEqual([]);
    expectClvError(() => clvDistributionChart([1, Infinity]), 'INVALID_ARGUMENT', 'clv[1]');
    expectClvError(() => clvDistributionChart([1], { bins: 1 }), 'INVALID_OPTION', 'bins');
  });

  it('keeps every customer in some bin', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 2, max: 30 }),
        (list, bins) => {
          const data = rows(clvDistributionChart(list, { bins }));
          const positives = list.filter((v) => v > 0).length;
          expect(data.reduce((s, d) => s + (d.customers as number), 0)).toBe(positives);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('churn charts', () => {
  const calibration = [
    { bin: 0, count: 50, meanPredicted: 0.1, observedRate: 0.12, lower: 0.05, upper: 0.24 },
    { bin: 1, count: 0, meanPredicted: 0, observedRate: 0, lower: 0, upper: 0 },
    { bin: 2, count: 50, meanPredicted: 0.7, observedRate: 0.66, lower: 0.52, upper: 0.78 },
  ];
  const gains = [
    { decile: 2, customerShare: 1, positives: 2, cumulativeGain: 1, lift: 0.4, cumulativeLift: 1 },
    {
      decile: 1,
      customerShare: 0.5,
      positives: 8,
      cumulativeGain: 0.8,
      lift: 1.6,
      cumulativeLift: 1.6,
    },
  ];

  it('draws the calibration bins that have rows, with 95 % Wilson intervals of the rate', () => {
    const spec = churnCalibrationChart(calibration);
    expectWellFormed(spec);
    expect(rows(spec).map((d) => d.bin)).toEqual([0, 2]);
    expect(rows(spec)[1]).toMatchObject({ predicted: 0.7, observed: 0.66 });
    // Wilson (1927) for 33 of 50: centre 0.64858, half-width 0.12705 (by hand).
    expect(rows(spec)[1]!.lower as number).toBeCloseTo(0.52153, 3);
    expect(rows(spec)[1]!.upper as number).toBeCloseTo(0.77563, 3);
    expectClvError(
      () => churnCalibrationChart([{ ...calibration[0]!, observedRate: Number.NaN }]),
      'INVALID_ARGUMENT',
      'calibration[0].observedRate',
    );
  });

  it('draws the gains curve from the origin in order of customer share', () => {
    const spec = gainsChart(gains);
    expectWellFormed(spec);
    expect(rows(spec).map((d) => [d.share, d.gain])).toEqual([
      [0, 0],
      [0.5, 0.8],
      [1, 1],
    ]);
    expectClvError(() => gainsChart('x' as never), 'INVALID_ARGUMENT', 'gains');
  });
});

describe('chart size and looks', () => {
  it('keeps specs small for 1,000,000 customers', () => {
    const clv = heavyTail(1_000_000, 'charts');
    for (const spec of [valueConcentrationChart(clv), clvDistributionChart(clv)]) {
      expect(JSON.stringify(spec).length).toBeLessThan(20_000);
    }
  });

  it('uses the shared colours and takes titles, currency and height from options', () => {
    const spec = valueConcentrationChart([1, 2], {
      title: 'Who holds the value',
      height: 200,
      currency: 'EUR',
    });
    expect((spec.title as { text: string }).text).toBe('Who holds the value');
    expect(spec.height).toBe(200);
    expect(JSON.stringify(spec)).toContain('(EUR)');
    expect(JSON.stringify(spec)).toContain(CHART_COLORS.model);
    expectClvError(() => valueConcentrationChart([1], { height: 0 }), 'INVALID_OPTION', 'height');
  });
});
