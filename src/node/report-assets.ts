import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ClvError, issueOf } from '../errors/index.js';
import type { ReportAssets } from '../report/types.js';

/**
 * The UMD bundles, by package. The packages' export maps do not expose their `build/` folder,
 * so the bundle is found next to the package's resolved main entry (which lives in `build/`).
 */
const BUNDLES = [
  ['vega', 'vega', 'vega.min.js'],
  ['vegaLite', 'vega-lite', 'vega-lite.min.js'],
  ['vegaEmbed', 'vega-embed', 'vega-embed.min.js'],
] as const;

function resolver(): (id: string) => string {
  // CommonJS build: `require` is the module's own; ESM (and tsx): one made from this file's URL.
  if (typeof require === 'function' && typeof require.resolve === 'function')
    return require.resolve;
  return createRequire(import.meta.url).resolve;
}

/**
 * Reads the Vega, Vega-Lite and vega-embed UMD bundles (`build/*.min.js`, about 0.8 MB together)
 * from the installed packages, for `renderReport` from `clvkit/report`. Works from the built
 * package (ESM and CommonJS) and from the sources under tsx.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when a package or its bundle cannot be found.
 * @example
 * ```ts
 * import { loadReportAssets } from 'clvkit/node';
 * import { renderReport } from 'clvkit/report';
 * const assets = await loadReportAssets();
 * assets.vega.length > 100_000; // true
 * const html = renderReport({ title: 'CLV', generatedAt: new Date(), unit: 'week', headline: { customers: 0 }, charts: [] }, assets);
 * ```
 */
export async function loadReportAssets(): Promise<ReportAssets> {
  const resolve = resolver();
  const entries = await Promise.all(
    BUNDLES.map(async ([key, name, file]) => {
      let path: string;
      try {
        path = join(dirname(resolve(name)), file);
        return [key, await readFile(path, 'utf8')] as const;
      } catch (error) {
        throw new ClvError(
          issueOf(
            'INVALID_ARGUMENT',
            `loadReportAssets: cannot read ${name}/build/${file} (is ${name} installed?): ${
              (error as Error).message
            }`,
            undefined,
            name,
          ),
        );
      }
    }),
  );
  const assets = Object.fromEntries(entries) as Record<keyof ReportAssets, string>;
  return Object.freeze({
    vega: assets.vega,
    vegaLite: assets.vegaLite,
    vegaEmbed: assets.vegaEmbed,
  });
}
