/**
 * Predictive CLV: BG/NBD + Gamma-Gamma on a calibration/holdout split of a simulated log.
 *
 * Run: npx tsx examples/predictive-clv.ts
 */
import {
  conditionalExpectedPurchases,
  evaluateHoldout,
  fitBgNbd,
  fitGammaGamma,
  loadModel,
  predictClv,
  probabilityAlive,
  simulateTransactions,
  summarizeTransactions,
} from '../src/index.js';

// Two years of purchases (rates per week), spend in euros.
const { transactions } = simulateTransactions({
  customers: 20_000,
  start: new Date('2023-01-02T00:00:00Z'),
  horizon: 104,
  unit: 'week',
  bgNbd: { r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 },
  gammaGamma: { p: 6, q: 4, v: 15 },
  acquisition: { window: 12 },
  seed: 3,
});

// Calibrate on the first 78 weeks, hold out the last 26.
const summary = summarizeTransactions(transactions, {
  unit: 'week',
  calibrationEnd: new Date('2024-07-01T00:00:00Z'),
  observationEnd: new Date('2024-12-30T00:00:00Z'),
});

const purchaseFit = fitBgNbd(summary);
const spendFit = fitGammaGamma(summary);
const { r, alpha, a, b } = purchaseFit.params;
console.log(
  `BG/NBD r ${r.toFixed(3)}, α ${alpha.toFixed(3)}, a ${a.toFixed(3)}, b ${b.toFixed(3)} (simulated with 0.25, 4.4, 0.8, 2.4); converged: ${purchaseFit.diagnostics.converged}`,
);
const { p, q, v } = spendFit.params;
console.log(
  `Gamma-Gamma p ${p.toFixed(2)}, q ${q.toFixed(2)}, v ${v.toFixed(2)} (simulated with 6, 4, 15)`,
);

// The fits are plain JSON data: store them, load them back (zod-checked).
const stored = JSON.stringify(purchaseFit);
const loaded = loadModel(JSON.parse(stored));
console.log(`model JSON: ${stored.length} bytes, reloaded kind '${loaded.kind}'`);

const alive = probabilityAlive(purchaseFit, summary);
const next26 = conditionalExpectedPurchases(purchaseFit, summary, 26);
const holdout = evaluateHoldout(purchaseFit, summary);
console.log(
  `holdout (26 weeks): predicted ${holdout.metrics.predictedTotal.toFixed(0)} repeat purchases, actual ${holdout.metrics.actualTotal}; MAE ${holdout.metrics.mae.toFixed(3)}, correlation ${holdout.metrics.correlation?.toFixed(3) ?? 'n/a'}`,
);

// 12-month CLV, 30 % margin, 10 % a year discount rate, monthly steps (months of 365.25/12 days).
const clv = predictClv({
  purchaseFit,
  spendFit,
  summary,
  horizon: 12,
  horizonUnit: 'month',
  discountRate: 0.1,
  discountUnit: 'year',
  margin: 0.3,
});
console.log(`12-month margin CLV of ${summary.ids.length} customers: €${clv.totalClv.toFixed(0)}`);
const top = Array.from(clv.clv.keys())
  .sort((i, j) => clv.clv[j]! - clv.clv[i]!)
  .slice(0, 5);
console.log('top customers:   id   P(alive)  E[purchases, 26 wk]  CLV');
for (const i of top) {
  console.log(
    `  ${summary.ids[i]!.padStart(16)}  ${alive[i]!.toFixed(3)}  ${next26[i]!.toFixed(2).padStart(19)}  €${clv.clv[i]!.toFixed(2)}`,
  );
}
