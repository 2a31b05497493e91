// Opens a generated report in headless Chromium (Debian's package, driven by playwright-core)
// with every network request blocked, checks that every chart rendered as SVG with marks, that
// nothing was logged as an error or requested from the network, that a phone-sized viewport does
// not scroll sideways, and saves screenshots for the README under docs/.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReportAssets } from '../../src/node/report-assets.js';
import { renderReport } from '../../src/report/index.js';
import { buildReportInput, HOSTILE } from './fixture.js';

// The callbacks given to page.evaluate run in the page: the few DOM types they use (the project
// compiles without the DOM library).
interface PageElement {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  getBoundingClientRect(): { width: number };
  getAttribute(name: string): string | null;
  readonly classList: { contains(name: string): boolean };
}
declare const document: {
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  readonly documentElement: { readonly scrollWidth: number };
  readonly body: { readonly scrollWidth: number };
};
declare const window: { readonly innerWidth: number; readonly __xss?: unknown };

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs');

if (!HAS_CHROMIUM) {
  console.warn(
    `report browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`,
  );
}

/** Per chart container: whether it has an SVG, its mark count and its width. */
interface ChartState {
  id: string;
  svg: boolean;
  marks: number;
  width: number;
  containerWidth: number;
  failed: boolean;
}

async function chartStates(page: Page): Promise<ChartState[]> {
  return page.$$eval('.vis', (elements: PageElement[]) =>
    elements.map((el) => {
      const svg = el.querySelector('svg');
      return {
        id: el.getAttribute('data-chart') ?? '',
        svg: svg !== null,
        // Vega's SVG renderer draws each mark as a group of class role-mark holding its items.
        marks: svg === null ? 0 : svg.querySelectorAll('g.role-mark > *').length,
        width: svg === null ? 0 : svg.getBoundingClientRect().width,
        containerWidth: el.getBoundingClientRect().width,
        failed: el.classList.contains('failed'),
      };
    }),
  );
}

async function waitForCharts(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      Array.from(document.querySelectorAll('.vis')).every(
        (el) => el.querySelector('svg g.role-mark') !== null || el.classList.contains('failed'),
      ),
    undefined,
    { timeout: 30_000 },
  );
}

describe.skipIf(!HAS_CHROMIUM)('HTML report in headless Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let chartCount: number;
  const consoleErrors: string[] = [];
  const blocked: string[] = [];
  const failed: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clvkit-report-'));
    const input = buildReportInput();
    chartCount = input.charts.length;
    const html = renderReport(input, await loadReportAssets());
    writeFileSync(join(dir, 'report.html'), html);
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 1,
      offline: true,
    });
    await context.route('**', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
    await waitForCharts(page);
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('draws every chart as a non-empty SVG with marks', async () => {
    const states = await chartStates(page);
    expect(states).toHaveLength(chartCount);
    for (const state of states) {
      expect(state.failed, state.id).toBe(false);
      expect(state.svg, state.id).toBe(true);
      expect(state.marks, state.id).toBeGreaterThan(0);
      expect(state.width, state.id).toBeGreaterThan(200);
      expect(state.width, state.id).toBeLessThanOrEqual(state.containerWidth + 1);
    }
  });

  it('logs no error, requests nothing from the network and runs no injected script', async () => {
    expect(consoleErrors).toEqual([]);
    expect(blocked).toEqual([]);
    expect(failed).toEqual([]);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    // The hostile strings are shown as text.
    expect(await page.textContent('#tables')).toContain(HOSTILE);
    expect(await page.textContent('#notes')).toContain(HOSTILE);
    expect(await page.$$eval('img', (images: PageElement[]) => images.length)).toBe(0);
  });

  it('saves a desktop screenshot', async () => {
    mkdirSync(DOCS, { recursive: true });
    const file = join(DOCS, 'report-desktop.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });

  it('fits a phone screen without sideways scrolling and redraws the charts to fit', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    // vega-embed redraws `width: 'container'` charts on resize: wait until each fits again.
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('.vis')).every((el) => {
          const svg = el.querySelector('svg');
          return (
            svg !== null &&
            svg.getBoundingClientRect().width <= el.getBoundingClientRect().width + 1
          );
        }),
      undefined,
      { timeout: 10_000 },
    );
    const overflow = await page.evaluate(() => ({
      viewport: window.innerWidth,
      document: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
    }));
    expect(overflow.document).toBeLessThanOrEqual(overflow.viewport);
    expect(overflow.body).toBeLessThanOrEqual(overflow.viewport);
    for (const state of await chartStates(page)) {
      expect(state.marks, state.id).toBeGreaterThan(0);
      expect(state.width, state.id).toBeLessThanOrEqual(390);
    }
    const file = join(DOCS, 'report-phone.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(consoleErrors).toEqual([]);
  });
});
