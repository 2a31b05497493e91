import { describe, expect, it } from 'vitest';
import {
  clvDistributionChart,
  heatmapChart,
  purchaseHeatmaps,
  segmentChart,
  valueConcentrationChart,
} from '../../src/charts/index.js';
import {
  type BgNbdFit,
  createRandom,
  sampleGamma,
  segmentReport,
  valueTiers,
} from '../../src/index.js';
import { loadReportAssets } from '../../src/node/report-assets.js';
import { type ReportAssets, type ReportInput, renderReport } from '../../src/report/index.js';
import { expectClvError } from '../helpers/assert.js';

const ASSETS: ReportAssets = {
  vega: 'window.vega = {};',
  vegaLite: 'window.vegaLite = {};',
  vegaEmbed: 'window.vegaEmbed = function () { return Promise.resolve(); };',
};

const BASE: ReportInput = {
  title: 'Report',
  generatedAt: new Date('2025-01-06T09:30:00Z'),
  currency: 'EUR',
  unit: 'week',
  headline: { customers: 1234, revenue: 158_743.11, meanClv: 4.891, cac: 20, clvToCac: 0.2447 },
  charts: [],
};

/** The JSON array of specs embedded in the page. */
function embeddedSpecs(html: string): unknown[] {
  const match = /<script type="application\/json" id="clvkit-specs">([\s\S]*?)<\/script>/.exec(
    html,
  );
  expect(match).not.toBeNull();
  return JSON.parse(match![1]!) as unknown[];
}

function scriptTags(html: string): number {
  return html.match(/<script/gi)?.length ?? 0;
}

describe('renderReport', () => {
  it('writes a standalone document with the headline figures, formatted', () => {
    const html = renderReport(BASE, ASSETS);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('Content-Security-Policy');
    expect(html).toContain('1,234');
    expect(html).toContain('€158,743'); // no cents from 1,000 up
    expect(html).toContain('€4.89');
    expect(html).toContain('0.24 : 1');
    expect(html).toContain('2025-01-06 09:30:00 UTC');
    // The JSON block, three bundles and the drawing script; no external resource.
    expect(scriptTags(html)).toBe(5);
    expect(html).not.toMatch(/\ssrc=|\shref="(?!#)/);
    expect(html).not.toMatch(/https?:\/\/(?!vega\.github\.io\/schema)/);
  });

  it('escapes every user string, and no string can close a script element', () => {
    const hostile = '<script>alert(1)</script>';
    const closing = 'Big </script><script>alert(2)</script> spenders';
    const report = segmentReport([0, 1], [closing, hostile], { revenue: [10, 20] });
    const html = renderReport(
      {
        ...BASE,
        title: hostile,
        segments: [{ title: hostile, report }],
        rejected: { total: 1, rows: [{ row: 3, field: hostile, reason: closing }] },
        charts: [{ id: hostile, title: hostile, description: closing, spec: segmentChart(report) }],
        tables: [{ title: 'T', columns: [hostile], rows: [[hostile]] }],
        notes: [closing],
      },
      ASSETS,
    );
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Big &lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt; spenders');
    expect(html).toContain(`data-chart="&lt;script&gt;alert(1)&lt;/script&gt;"`);
    expect(scriptTags(html)).toBe(5);
    // The segment names reach the chart intact through the escaped JSON.
    const [spec] = embeddedSpecs(html) as { data: { values: { segment: string }[] } }[];
    expect(spec!.data.values[0]!.segment).toBe(closing);
    expect(html).toContain('\\u003c/script\\u003e');
  });

  it('neutralises closing tags inside the bundles', () => {
    const html = renderReport(BASE, { ...ASSETS, vega: 'var s = "</script><!-- <script>";' });
    expect(html).toContain('var s = "\\x3C/script>\\x3C!-- \\x3Cscript>";');
    expect(scriptTags(html)).toBe(5);
  });

  it('moves each spec title into the page and embeds the spec without it', () => {
    const spec = valueConcentrationChart([3, 1], { valueLabel: 'CLV' });
    const html = renderReport(
      { ...BASE, charts: [{ id: 'c', title: 'Value concentration', spec }] },
      ASSETS,
    );
    expect(html).toContain('<h3>Value concentration</h3>');
    expect(html).toContain('Concentration of CLV · Top 20 % of customers hold 30.0 % of CLV');
    const { title: _, ...untitled } = spec;
    expect(embeddedSpecs(html)).toEqual([untitled]);
    expect(html).toContain('id="chart-0"');
  });

  it('lists the cleaning steps, the first rejected rows, segments and models', () => {
    const tiers = valueTiers([500, 300, 100, 50, 50]);
    const fit = {
      kind: 'bg-nbd',
      schemaVersion: 1,
      params: { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 },
      standardErrors: { r: 0.0126, alpha: 0.3785, a: 0.2699, b: 1.0001 },
      timeUnit: 'week',
      logLikelihood: -9582.43,
      diagnostics: {
        converged: false,
        iterations: 200,
        gradientNorm: 1e-3,
        message: 'iteration limit',
        customers: 2357,
        distinctRows: 1000,
        warnings: ['did not converge <b>'],
      },
    } as unknown as BgNbdFit;
    const html = renderReport(
      {
        ...BASE,
        cleaning: {
          rowsRead: 100,
          rowsRejected: 3,
          steps: [
            {
              step: 'deduplicate',
              rowsIn: 97,
              rowsOut: 95,
              exactDuplicates: 2,
              crossChannelDuplicates: 0,
            } as never,
          ],
        },
        rejected: {
          total: 3,
          rows: [
            { row: 5, field: 'amount', reason: 'not a number' },
            { row: 9, reason: 'too few fields' },
            { row: 11, field: 'date', reason: 'not a date' },
          ],
        },
        segments: [{ title: 'Value tiers', report: segmentReport(tiers.labels, tiers.names) }],
        models: [{ title: 'Purchases: BG/NBD', fit }],
      },
      ASSETS,
      { maxRejectedRows: 2 },
    );
    expect(html).toContain('exact duplicates: 2');
    expect(html).not.toContain('cross channel duplicates');
    expect(html).toContain('The first 2 of 3.');
    expect(html).toContain('too few fields');
    expect(html).not.toContain('not a date');
    expect(html).toContain('<td>VIP</td>');
    expect(html).toContain('0.2426');
    expect(html).toContain('0.0126');
    expect(html).toContain('-9,582');
    expect(html).toContain('<strong>no</strong> (200 iterations)');
    expect(html).toContain('did not converge &lt;b&gt;');
  });

  it('checks its input, assets and options', () => {
    expectClvError(() => renderReport({ ...BASE, title: '' }, ASSETS), 'INVALID_ARGUMENT', 'title');
    expectClvError(
      () => renderReport({ ...BASE, generatedAt: new Date('x') }, ASSETS),
      'INVALID_ARGUMENT',
      'generatedAt',
    );
    const chart = { id: 'a', title: 'A', spec: {} };
    expectClvError(
      () => renderReport({ ...BASE, charts: [chart, chart] }, ASSETS),
      'INVALID_ARGUMENT',
      'charts[1].id',
    );
    expectClvError(
      () => renderReport(BASE, { ...ASSETS, vegaEmbed: '' }),
      'INVALID_ARGUMENT',
      'assets.vegaEmbed',
    );
    expectClvError(
      () => renderReport(BASE, ASSETS, { maxRejectedRows: -1 }),
      'INVALID_OPTION',
      'maxRejectedRows',
    );
    expectClvError(
      () => renderReport(BASE, ASSETS, { theme: 'dark' } as never),
      'INVALID_OPTION',
      'theme',
    );
  });

  it('stays far below 5 MB with the real bundles and the charts of 1,000,000 customers', async () => {
    const random = createRandom('report-size');
    const n = 1_000_000;
    const clv = new Float64Array(n);
    for (let i = 0; i < n; i++) clv[i] = sampleGamma(random, 0.5, 0.01) * sampleGamma(random, 4, 4);
    const tiers = valueTiers(clv, { method: 'top' });
    const report = segmentReport(tiers.labels, tiers.names, { revenue: clv, clv });
    const fit = {
      kind: 'bg-nbd',
      params: { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 },
      timeUnit: 'week',
    } as BgNbdFit;
    const grids = purchaseHeatmaps(fit, { T: 52, horizon: 52, maxFrequency: 30, cells: 30 });
    const html = renderReport(
      {
        ...BASE,
        headline: { customers: n },
        segments: [{ title: 'Tiers', report }],
        charts: [
          { id: 'concentration', title: 'Concentration', spec: valueConcentrationChart(clv) },
          { id: 'distribution', title: 'CLV', spec: clvDistributionChart(clv) },
          { id: 'tiers', title: 'Tiers', spec: segmentChart(report) },
          { id: 'expected', title: 'Expected', spec: heatmapChart(grids.expectedPurchases) },
          { id: 'alive', title: 'Alive', spec: heatmapChart(grids.probabilityAlive) },
        ],
      },
      await loadReportAssets(),
    );
    expect(html.length).toBeLessThan(1_500_000);
  });
});

describe('loadReportAssets', () => {
  it('reads the three bundles from the installed packages', async () => {
    const assets = await loadReportAssets();
    expect(assets.vega.length).toBeGreaterThan(100_000);
    expect(assets.vegaLite).toContain('vegaLite');
    expect(assets.vegaEmbed).toContain('vegaEmbed');
  });
});
