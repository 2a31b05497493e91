export { expectClose, expectClvError } from '../helpers/assert.js';

import type { BgNbdFit } from '../../src/models/bg-nbd/index.js';
import type { GammaGammaFit } from '../../src/models/gamma-gamma/index.js';
import { summaryFromColumns } from '../../src/summary/index.js';
import type { CustomerSummary } from '../../src/summary/types.js';
import { hasDataFile, readDataFile } from '../helpers/data.js';

/** The reference BG/NBD MLE on CDNOW (REFERENCE.md), as a fit object in weeks. */
export const CDNOW_BG_NBD = Object.freeze({
  kind: 'bg-nbd',
  schemaVersion: 1,
  params: Object.freeze({ r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 }),
  timeUnit: 'week',
  logLikelihood: -9582.42556,
  standardErrors: undefined,
  diagnostics: Object.freeze({
    converged: true,
    iterations: 0,
    gradientNorm: 0,
    message: 'reference parameters (REFERENCE.md)',
    customers: 2357,
    distinctRows: 2357,
    warnings: Object.freeze([]) as readonly string[],
  }),
}) as BgNbdFit;

/** The reference Gamma-Gamma MLE on CDNOW (REFERENCE.md). */
export const CDNOW_GAMMA_GAMMA = Object.freeze({
  kind: 'gamma-gamma',
  schemaVersion: 1,
  params: Object.freeze({ p: 6.2488025, q: 3.7445885, v: 15.447748 }),
  timeUnit: 'week',
  logLikelihood: -4055.92324,
  standardErrors: undefined,
  diagnostics: Object.freeze({
    converged: true,
    iterations: 0,
    gradientNorm: 0,
    message: 'reference parameters (REFERENCE.md)',
    customers: 946,
    distinctRows: 946,
    warnings: Object.freeze([]) as readonly string[],
    customersWithoutRepeat: 1411,
    excludedNonPositive: 0,
    frequencySpendCorrelation: null,
  }),
}) as GammaGammaFit;

export const CDNOW_SPEND_FILE = 'cdnow_customers_summary_with_transactions.csv';

/** True when the CDNOW summary with spend is available (prints why not otherwise). */
export function hasCdnowSpend(): boolean {
  return hasDataFile(CDNOW_SPEND_FILE);
}

/**
 * cdnow_customers_summary_with_transactions.csv (ID,x,t_x,T,zbar) as a weekly summary; with
 * `repeatOnly`, only the 946 customers with x > 0.
 */
export function cdnowSpendSummary(repeatOnly = false): CustomerSummary {
  const rows = readDataFile(CDNOW_SPEND_FILE)
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number))
    .filter((row) => !repeatOnly || row[1]! > 0);
  return summaryFromColumns({
    ids: rows.map((row) => String(row[0])),
    frequency: rows.map((row) => row[1]!),
    recency: rows.map((row) => row[2]!),
    T: rows.map((row) => row[3]!),
    monetaryValue: rows.map((row) => row[4]!),
    unit: 'week',
  });
}
