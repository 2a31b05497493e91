// The purchase-model benchmark (BG/NBD, MBG/NBD, Pareto/NBD): the CDNOW fit, the fit on the
// benchmark log in elapsed weeks (about one distinct row per customer: nothing collapses) and in
// calendar weeks (whole weeks, as lifetimes' freq='W': about 80,000 distinct rows), and scoring
// every customer (P(alive) + conditional expected purchases over 52 weeks).
import {
  conditionalExpectedPurchases,
  type PurchaseModelFit,
  probabilityAlive,
} from '../../src/models/purchase.js';
import type { CustomerSummary } from '../../src/summary/index.js';
import { summaryFromColumns } from '../../src/summary/index.js';
import {
  type BenchResult,
  cdnowSummary,
  result,
  settle,
  timeOnce,
  weeklySummaries,
} from './bench-utils.js';

/** What differs between the models' benchmarks. */
export interface PurchaseModelBench {
  /** Display name, e.g. 'BG/NBD'. */
  readonly title: string;
  readonly fit: (summary: CustomerSummary) => PurchaseModelFit;
  readonly targets: { readonly cdnow?: string; readonly elapsed?: string; readonly score?: string };
  /** Warm up on the first 20,000 customers only (a full warm-up fit would double a slow run). */
  readonly warmUpOnSlice?: boolean;
}

/** Runs one model's cases; smoke mode: 10,000 customers, no targets. */
export function benchPurchaseModel(model: PurchaseModelBench, smoke: boolean): BenchResult[] {
  const customers = smoke ? 10_000 : 1_000_000;
  const results: BenchResult[] = [];
  const { title, fit: fitModel, targets } = model;

  const cdnow = cdnowSummary();
  if (cdnow !== undefined) {
    fitModel(cdnow); // warm-up
    results.push(
      result(
        `${title} fit, CDNOW (2,357 customers, weeks)`,
        2357,
        timeOnce(() => fitModel(cdnow)),
        targets.cdnow,
      ),
    );
  }

  const { elapsed, calendar } = weeklySummaries(customers);
  settle();
  const n = elapsed.ids.length;
  fitModel(
    model.warmUpOnSlice
      ? summaryFromColumns({
          ids: elapsed.ids.slice(0, 20_000),
          frequency: elapsed.frequency.subarray(0, 20_000),
          recency: elapsed.recency.subarray(0, 20_000),
          T: elapsed.T.subarray(0, 20_000),
          unit: elapsed.unit,
        })
      : elapsed,
  );
  settle();
  let fit: PurchaseModelFit | undefined;
  const fitMs = timeOnce(() => {
    fit = fitModel(elapsed);
  });
  results.push(
    result(
      `${title} fit, elapsed weeks (${fit!.diagnostics.distinctRows.toLocaleString('en-US')} rows evaluated)`,
      n,
      fitMs,
      smoke ? undefined : targets.elapsed,
    ),
  );
  let calendarFit: PurchaseModelFit | undefined;
  const calendarMs = timeOnce(() => {
    calendarFit = fitModel(calendar);
  });
  results.push(
    result(
      `${title} fit, calendar weeks (${calendarFit!.diagnostics.distinctRows.toLocaleString('en-US')} distinct rows)`,
      calendar.ids.length,
      calendarMs,
    ),
  );

  probabilityAlive(fit!, elapsed); // warm-up
  conditionalExpectedPurchases(fit!, elapsed, 52);
  settle();
  const scoreMs = timeOnce(() => {
    probabilityAlive(fit!, elapsed);
    conditionalExpectedPurchases(fit!, elapsed, 52);
  });
  results.push(
    result(
      `${title} P(alive) + conditional expected purchases (52 weeks), all customers`,
      n,
      scoreMs,
      smoke ? undefined : targets.score,
    ),
  );
  return results;
}
