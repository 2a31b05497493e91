/**
 * CLV economics and RFM segmentation on a simulated log.
 *
 * Run: npx tsx examples/scoring.ts
 */
import {
  assessClvCac,
  basicClv,
  cacPaybackPeriods,
  checkSegmentRules,
  clvToCacRatio,
  discountedClv,
  labelNames,
  lifecycleStages,
  resolveSegmentOverlap,
  retentionSensitivity,
  rfmScores,
  rfmSegmentPresets,
  rfmSegments,
  segmentReport,
  simulateTransactions,
  summarizeTransactions,
  valueTiers,
} from '../src/index.js';

// --- The classic economics -------------------------------------------------------------------
const basic = basicClv({
  averageOrderValue: 60,
  purchaseFrequency: 4,
  churnRate: 0.25,
  margin: 0.3,
});
console.log(`basic CLV: 60 € × 4 orders/year × 1/0.25 years × 30 % margin = ${basic.toFixed(2)} €`);

const margin = 72; // € margin per customer-year
const discounted = discountedClv({ margin, retention: 0.75, discountRate: 0.1, periods: Infinity });
console.log(
  `discounted CLV (retention 75 %, 10 %/year, infinite horizon): ${discounted.toFixed(2)} €`,
);
const ratio = clvToCacRatio({ clv: discounted, cac: 60 });
const assessment = assessClvCac(ratio);
console.log(`CLV:CAC ${ratio.toFixed(2)} → ${assessment.band}: ${assessment.reason}`);
console.log(
  `CAC payback: ${cacPaybackPeriods({ margin, retention: 0.75, discountRate: 0.1, cac: 60 })} year(s)`,
);
console.log('retention sensitivity (the "5 points of retention" question):');
for (const row of retentionSensitivity(
  { margin, retention: 0.75, discountRate: 0.1, periods: Infinity },
  { deltas: [-0.05, 0, 0.05] },
)) {
  const change = row.changePercent ?? 0; // undefined only when the base CLV is 0
  console.log(
    `  retention ${(row.retention * 100).toFixed(0)} %: CLV ${row.clv.toFixed(2)} € (${change >= 0 ? '+' : ''}${change.toFixed(1)} %)`,
  );
}

// --- RFM, tiers and lifecycle on a per-customer summary ---------------------------------------
const { transactions } = simulateTransactions({
  customers: 5000,
  start: new Date('2024-01-01T00:00:00Z'),
  horizon: 365,
  unit: 'day',
  bgNbd: { r: 0.9, alpha: 30, a: 0.8, b: 2.5 },
  gammaGamma: { p: 6, q: 4, v: 15 },
  seed: 11,
});
const observationEnd = new Date('2025-01-01T00:00:00Z');
const summary = summarizeTransactions(transactions, { unit: 'day', observationEnd });

const scores = rfmScores(summary, { k: 5 });
const segments = rfmSegments(scores, rfmSegmentPresets.standard);
const check = checkSegmentRules(rfmSegmentPresets.standard, 5);
console.log(
  `\nRFM: ${summary.ids.length} customers; standard preset: ${check.shadowed.length} shadowed rules, ${check.uncovered.length} of 125 cells fall to "Other"`,
);
const report = segmentReport(segments.segment, segments.names, { revenue: summary.totalSpend! });
for (const row of report.segments) {
  console.log(
    `  ${row.name.padEnd(20)} ${String(row.customers).padStart(5)} customers  ${(row.share * 100).toFixed(1).padStart(5)} %  revenue share ${(row.revenueShare! * 100).toFixed(1).padStart(5)} %`,
  );
}

const tiers = valueTiers(summary.totalSpend!, { method: 'pareto', share: 0.8 });
for (const tier of tiers.tiers) {
  console.log(
    `value tier ${tier.name}: ${tier.customers} customers hold ${(tier.valueShare * 100).toFixed(1)} % of revenue`,
  );
}

const stages = lifecycleStages(summary, {
  unit: 'day',
  newWithin: 30,
  activeWithin: 60,
  dormantWithin: 180,
  observationEnd,
});
console.log(
  `lifecycle: ${stages.names.map((name, i) => `${name} ${stages.counts[i]}`).join(', ')}`,
);

// A customer who is both a VIP and "At Risk" gets one primary segment, by priority.
const vip = Uint8Array.from(tiers.tier, (t) => (t === 0 ? 1 : 0));
const atRisk = Uint8Array.from(labelNames(segments.segment, segments.names), (name) =>
  name === 'At Risk' ? 1 : 0,
);
const resolved = resolveSegmentOverlap(
  [
    { name: 'VIP at risk: call them', members: Uint8Array.from(vip, (v, i) => v & atRisk[i]!) },
    { name: 'VIP', members: vip },
    { name: 'At Risk', members: atRisk },
  ],
  { method: 'priority' },
);
console.log(
  `overlap: ${resolved.overlapping} customers in several segments; primary: ${resolved.names
    .map((name, i) => `${name} ${resolved.primary.filter((p) => p === i).length}`)
    .join(', ')}`,
);
