import { ClvError, displayValue, issueOf } from '../../errors/index.js';
import type { CustomerSummary } from '../../summary/types.js';
import type { GammaGammaFit } from './types.js';

function invalid(field: string, value: unknown, reason: string): never {
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `conditionalExpectedSpend: ${field} = ${displayValue(value)} ${reason}`,
      undefined,
      field,
      value,
    ),
  );
}

/**
 * Checks that `fit` is a Gamma-Gamma fit whose population mean spend exists (q > 1) and returns
 * its parameters. O(1). @internal
 */
export function gammaGammaParamsOf(
  fit: unknown,
  field = 'fit',
): { readonly p: number; readonly q: number; readonly v: number } {
  const f = fit as Partial<GammaGammaFit> | null;
  if (f === null || typeof f !== 'object' || f.kind !== 'gamma-gamma' || !f.params)
    invalid(
      field,
      f?.kind ?? fit,
      "must be a Gamma-Gamma fit (kind 'gamma-gamma', from fitGammaGamma or loadModel)",
    );
  const { p, q, v } = f.params;
  for (const [name, value] of [
    ['p', p],
    ['q', q],
    ['v', v],
  ] as const) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0))
      invalid(`${field}.params.${name}`, value, 'must be a finite number > 0');
  }
  if (!(q > 1)) {
    invalid(
      `${field}.params.q`,
      q,
      'must exceed 1: with q ≤ 1 the mean spend p·v/(q − 1) of the population is infinite, so no expected spend exists',
    );
  }
  return { p, q, v };
}

/**
 * The expected mean spend per transaction of each customer given their repeat purchases, under
 * a fitted Gamma-Gamma model (Fader, Hardie & Lee 2005, "RFM and CLV"; Hardie's note on the
 * Gamma-Gamma model, §3):
 *
 *   E[Z | x, z̄] = p (v + x z̄) / (p x + q − 1)
 *              = (q − 1)/(px + q − 1) · p v/(q − 1) + px/(px + q − 1) · z̄,
 *
 * a weighted average of the population mean p·v/(q − 1) and the customer's own mean z̄ (the
 * summary's `monetaryValue`), shrinking toward the population the fewer purchases they made.
 * Customers with x = 0 get the population mean p·v/(q − 1) (their monetary value is ignored).
 * Values are in the currency of the summary the model was fitted on. O(n).
 *
 * @param fit - a Gamma-Gamma fit (from {@link fitGammaGamma} or `loadModel`).
 * @param summary - customers to score: `frequency` (x) and `monetaryValue` (z̄) are read.
 * @returns one expected spend per summary row, in row order.
 * @throws {ClvError} `INVALID_ARGUMENT` when `fit` is not a Gamma-Gamma fit or has q ≤ 1 (the
 *   mean spend is then infinite), or when `summary` lacks equal-length `frequency` and
 *   `monetaryValue` columns or holds a negative or non-integer frequency (row named).
 * @example
 * ```ts
 * import { conditionalExpectedSpend, summaryFromColumns, type GammaGammaFit } from 'clvkit';
 * const fit = { kind: 'gamma-gamma', params: { p: 6.25, q: 3.74, v: 15.44 }, timeUnit: 'week' } as GammaGammaFit;
 * const summary = summaryFromColumns({
 *   ids: ['a', 'b'], frequency: [0, 2], recency: [0, 30], T: [39, 39],
 *   monetaryValue: [0, 22.35], unit: 'week',
 * });
 * // a: the population mean 6.25 · 15.44 / 2.74; b: pulled from 22.35 toward it.
 * conditionalExpectedSpend(fit, summary); // Float64Array [35.2189…, 24.6637…]
 * ```
 */
export function conditionalExpectedSpend(
  fit: GammaGammaFit,
  summary: CustomerSummary,
): Float64Array {
  const { p, q, v } = gammaGammaParamsOf(fit);
  const x = summary?.frequency;
  const m = summary?.monetaryValue;
  if (!(x instanceof Float64Array) || !(m instanceof Float64Array) || x.length !== m.length)
    invalid(
      'summary',
      summary,
      'must be a CustomerSummary with frequency and monetaryValue columns',
    );
  const n = x.length;
  const out = new Float64Array(n);
  const populationMean = (p * v) / (q - 1);
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    if (xi === 0) {
      out[i] = populationMean;
      continue;
    }
    if (!(xi > 0 && Number.isInteger(xi))) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `conditionalExpectedSpend: row ${i + 1}: frequency ${displayValue(xi)} must be a whole number ≥ 0`,
          i + 1,
          'frequency',
          xi,
        ),
      );
    }
    out[i] = (p * (v + xi * m[i]!)) / (p * xi + q - 1);
  }
  return out;
}
