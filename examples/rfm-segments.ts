/**
 * RFM scores, named RFM segments, value tiers, and one campaign per customer when segments
 * overlap (by priority, then by weighted expected value). The log is simulated (seeded), so no
 * data file is needed.
 *
 * Run: npx tsx examples/rfm-segments.ts
 */
import {
  checkSegmentRules,
  labelNames,
  type OverlapResolution,
  resolveSegmentOverlap,
  rfmScores,
  rfmSegmentPresets,
  rfmSegments,
  type SegmentMembership,
  segmentReport,
  simulateTransactions,
  summarizeTransactions,
  valueTiers,
} from '../src/index.js';

// A year and a half of purchases (rates per day) by 5,000 customers.
const { transactions } = simulateTransactions({
  customers: 5000,
  start: new Date('2024-01-01T00:00:00Z'),
  horizon: 548,
  unit: 'day',
  bgNbd: { r: 0.9, alpha: 30, a: 0.8, b: 2.5 },
  gammaGamma: { p: 6, q: 4, v: 15 },
  seed: 5,
});
const summary = summarizeTransactions(transactions, {
  unit: 'day',
  observationEnd: new Date('2025-07-01T00:00:00Z'),
});
const spend = summary.totalSpend!; // revenue per customer over the whole window
const n = summary.ids.length;
const pct = (x: number) => `${(100 * x).toFixed(1).padStart(5)} %`;

// --- 1. RFM scores 1..5 ----------------------------------------------------------------------
// Recency = days since the last purchase (T − recency), frequency = purchases, monetary = spend.
// Quantile bins; equal values always get equal scores. Weights give one ranking number.
const scores = rfmScores(summary, { k: 5, weights: { r: 2, f: 1, m: 1 } });
console.log(`RFM scores of ${n} customers (k = 5, quantile bins):`);
const days = scores.thresholds.recency.map((x) => x.toFixed(0));
console.log(`  recency cut points: ${days.join(', ')} days since the last purchase`);
const perScore = (column: Uint8Array) =>
  [1, 2, 3, 4, 5].map((k) => column.filter((x) => x === k).length).join(' / ');
console.log(`  customers per score 1..5:  R ${perScore(scores.r)}`);
console.log(`                             F ${perScore(scores.f)}`);
console.log(`                             M ${perScore(scores.m)}`);
console.log('  (F bins are uneven: customers with the same number of purchases share a score)');
const best = scores.weighted!.reduce((b, w, i) => (w > scores.weighted![b]! ? i : b), 0);
console.log(
  `  best weighted score: ${summary.ids[best]} (cell ${scores.cell[best]}, weighted ${scores.weighted![best]!.toFixed(2)})`,
);

// --- 2. Named segments -----------------------------------------------------------------------
// The common 10-segment table; first matching rule wins. Audit the rules before trusting names.
const rules = rfmSegmentPresets.standard;
const audit = checkSegmentRules(rules, 5);
const segments = rfmSegments(scores, rules);
console.log(
  `\nRFM segments (standard preset: ${audit.shadowed.length} shadowed rules, ${audit.uncovered.length} of ${audit.cells} cells fall to "Other"):`,
);
const report = segmentReport(segments.segment, segments.names, { revenue: spend });
for (const row of report.segments) {
  console.log(
    `  ${row.name.padEnd(19)} ${String(row.customers).padStart(5)} customers ${pct(row.share)}   revenue ${pct(row.revenueShare!)}`,
  );
}

// --- 3. Value tiers --------------------------------------------------------------------------
const pareto = valueTiers(spend, { method: 'pareto', share: 0.8 });
const vip = pareto.tiers[0]!;
console.log(
  `\nValue tiers: ${vip.customers} VIP customers (${pct(vip.customers / n).trim()}) bring ${pct(vip.valueShare).trim()} of revenue`,
);
const top = valueTiers(spend, { method: 'top', fractions: [0.2, 0.3, 0.5] });
for (const tier of top.tiers) {
  console.log(
    `  ${tier.name.padEnd(4)} ${String(tier.customers).padStart(5)} customers   revenue ${pct(tier.valueShare)}`,
  );
}

// --- 4. Overlapping campaign audiences → one campaign per customer ---------------------------
const segmentOf = labelNames(segments.segment, segments.names);
const flag = (test: (i: number) => boolean) => Uint8Array.from({ length: n }, (_, i) => +test(i));
const isVip = flag((i) => pareto.tier[i] === 0);
const isWinBack = flag((i) =>
  ['At Risk', "Can't Lose Them", 'About To Sleep'].includes(segmentOf[i]!),
);
const isUpsell = flag((i) =>
  ['Potential Loyalist', 'Promising', 'New Customers', 'Need Attention'].includes(segmentOf[i]!),
);

const show = (title: string, resolved: OverlapResolution) => {
  console.log(`  ${title}:`);
  resolved.names.forEach((name, j) => {
    console.log(
      `    ${name.padEnd(9)} ${String(resolved.members[j]).padStart(5)} eligible → ${String(resolved.assigned[j]).padStart(5)} assigned`,
    );
  });
  for (const c of resolved.conflicts.table) {
    console.log(
      `    ${c.winnerName} took ${c.customers} customers also eligible for ${c.loserName}`,
    );
  }
};

// (a) Priority: the first audience in the list wins.
const audiences: SegmentMembership[] = [
  { name: 'VIP care', members: isVip },
  { name: 'Win back', members: isWinBack },
  { name: 'Upsell', members: isUpsell },
];
const byPriority = resolveSegmentOverlap(audiences);
console.log(`\nCampaigns: ${byPriority.overlapping} customers qualify for more than one`);
show('by priority (VIP care, then Win back, then Upsell)', byPriority);

// (b) Weighted: the largest weight × score wins. Score = the base the campaign acts on
// (spend at stake, or a euro basket uplift rising with the recency score); weight = the expected
// response rate. On the same spend Win back (0.15) beats VIP care (0.05) for every VIP who is
// slipping away; between VIP care and Upsell it depends on the customer's spend and recency.
const upsellBase = Float64Array.from(scores.r, (r) => 4 * r);
const weighted = resolveSegmentOverlap(
  [
    { name: 'VIP care', members: isVip, score: spend },
    { name: 'Win back', members: isWinBack, score: spend },
    { name: 'Upsell', members: isUpsell, score: upsellBase },
  ],
  { method: 'weighted', weights: [0.05, 0.15, 1] },
);
show('by expected value (weights 0.05, 0.15, 1)', weighted);
