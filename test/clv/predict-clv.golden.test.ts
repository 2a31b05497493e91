import { describe, expect, it } from 'vitest';
import { predictClv } from '../../src/clv/index.js';
import { conditionalExpectedPurchases, fitBgNbd } from '../../src/models/bg-nbd/index.js';
import { conditionalExpectedSpend, fitGammaGamma } from '../../src/models/gamma-gamma/index.js';
import { summaryFromColumns } from '../../src/summary/index.js';
import { hasDataFile, readDataFile } from '../helpers/data.js';
import {
  CDNOW_BG_NBD,
  CDNOW_GAMMA_GAMMA,
  cdnowSpendSummary,
  expectClose,
  hasCdnowSpend,
} from './helpers.js';

// Golden values: ../shared/REFERENCE.md, "Gamma-Gamma spend — CDNOW": 12-month CLV of the 946
// repeat customers (weekly model; conditional expected purchases per month × Gamma-Gamma expected
// spend, 1 % a month discounted from the end of each month; margin 1) at the reference BG/NBD
// and Gamma-Gamma MLEs: 57985.97 with months of 365.25/12 days, 57952.41 with lifetimes' 4.345-
// week months (lifetimes 0.11.3). The issue asks for 0.1 %; the figures are given to the cent, so
// we hold them to 1e-7 relative (half a cent is 8.6e-8 of the total).

describe.skipIf(!hasCdnowSpend())('predictClv golden: CDNOW 12-month CLV', () => {
  const repeat = hasCdnowSpend() ? cdnowSpendSummary(true) : undefined;
  const input = {
    purchaseFit: CDNOW_BG_NBD,
    spendFit: CDNOW_GAMMA_GAMMA,
    horizon: 12,
    horizonUnit: 'month',
    discountRate: 0.01,
    discountUnit: 'month',
    margin: 1,
  } as const;

  it('57985.97 with calendar-neutral months (4.348214 weeks)', () => {
    const result = predictClv({ ...input, summary: repeat! });
    expect(result.clv.length).toBe(946);
    expectClose(result.totalClv, 57985.97, 1e-7);
  });

  it("57952.41 with lifetimes' months of 4.345 weeks (stepLength)", () => {
    const result = predictClv({ ...input, summary: repeat!, stepLength: 4.345 });
    expectClose(result.totalClv, 57952.41, 1e-7);
  });

  it('the 946 rows of the full summary give the same sum (x = 0 rows add their own value)', () => {
    const full = cdnowSpendSummary();
    const result = predictClv({ ...input, summary: full });
    let repeatTotal = 0;
    for (let i = 0; i < full.ids.length; i++)
      if (full.frequency[i]! > 0) repeatTotal += result.clv[i]!;
    expectClose(repeatTotal, 57985.97, 1e-7);
  });

  it('every customer agrees with the definition evaluated customer by customer (1e-12)', () => {
    const result = predictClv({ ...input, summary: repeat! });
    const spend = conditionalExpectedSpend(CDNOW_GAMMA_GAMMA, repeat!);
    const month = 365.25 / 12 / 7;
    const expected = new Float64Array(946);
    let previous: Float64Array = new Float64Array(946);
    for (let k = 1; k <= 12; k++) {
      const cumulative = conditionalExpectedPurchases(CDNOW_BG_NBD, repeat!, k * month);
      for (let i = 0; i < 946; i++)
        expected[i] = expected[i]! + (spend[i]! * (cumulative[i]! - previous[i]!)) / 1.01 ** k;
      previous = cumulative;
    }
    for (let i = 0; i < 946; i++) expectClose(result.clv[i]!, expected[i]!, 1e-12);
  });

  it.skipIf(!hasDataFile('cdnow_customers_summary.csv'))(
    'from our own BG/NBD and Gamma-Gamma fits: within 1e-4 of the reference sum',
    () => {
      const rows = readDataFile('cdnow_customers_summary.csv')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',').map(Number));
      const purchaseSummary = summaryFromColumns({
        ids: rows.map((r) => String(r[0])),
        frequency: rows.map((r) => r[1]!),
        recency: rows.map((r) => r[2]!),
        T: rows.map((r) => r[3]!),
        unit: 'week',
      });
      const purchaseFit = fitBgNbd(purchaseSummary);
      const spendFit = fitGammaGamma(cdnowSpendSummary());
      const result = predictClv({ ...input, purchaseFit, spendFit, summary: repeat! });
      expectClose(result.totalClv, 57985.97, 1e-4);
    },
  );
});
