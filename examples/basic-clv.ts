/**
 * Basic and discounted CLV, CLV net of acquisition cost, CLV:CAC and payback: the "finance"
 * view of customer value, from three numbers measured on a transaction log (average order value,
 * orders per customer per year, year-on-year retention) plus a margin, a discount rate and an
 * acquisition cost. The log is simulated (seeded), so no data file is needed.
 *
 * Run: npx tsx examples/basic-clv.ts
 */
import {
  assessClvCac,
  averageOrderValueFromTransactions,
  basicClv,
  cacPaybackPeriods,
  clvToCacRatio,
  customerLifetimeFromTransactions,
  discountedClv,
  netClv,
  purchaseFrequencyFromTransactions,
  simulateTransactions,
} from '../src/index.js';

// Two years of purchases (rates per day) by 5,000 customers acquired during the first year.
const { transactions } = simulateTransactions({
  customers: 5000,
  start: new Date('2023-01-01T00:00:00Z'),
  horizon: 730,
  unit: 'day',
  bgNbd: { r: 0.9, alpha: 30, a: 0.8, b: 2.5 },
  gammaGamma: { p: 6, q: 4, v: 15 }, // mean order value about p·v/(q − 1) = €30
  acquisition: { window: 365 },
  seed: 42,
});

// --- 1. The three building blocks, measured on the last year of the log ----------------------
const lastYear = {
  observationStart: new Date('2024-01-01T00:00:00Z'),
  observationEnd: new Date('2024-12-31T00:00:00Z'),
};
const aov = averageOrderValueFromTransactions(transactions, lastYear);
const frequency = purchaseFrequencyFromTransactions(transactions, { ...lastYear, unit: 'year' });
// Retention: customers who bought in 2023 and bought again in 2024 (one yearly transition).
const lifetime = customerLifetimeFromTransactions(transactions, {
  unit: 'year',
  observationEnd: lastYear.observationEnd,
});

const eur = (x: number) => `€${x.toFixed(2)}`;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
console.log('Measured on the simulated log (2024):');
console.log(`  average order value   ${eur(aov.averageOrderValue)} (${aov.orders} orders)`);
console.log(
  `  purchase frequency    ${frequency.purchaseFrequency.toFixed(2)} orders per active customer per year`,
);
console.log(
  `  retention             ${pct(lifetime.retention)}: ${lifetime.retainedCustomers} of the ${lifetime.activeCustomers} buyers of the year before bought again`,
);
console.log(
  `  churn and lifetime    ${pct(lifetime.churnRate)} a year, so ${lifetime.lifetime.toFixed(2)} years on average`,
);

// --- 2. Basic CLV: AOV × frequency × lifetime × margin (no discounting) ----------------------
const margin = 0.3; // gross margin, a share of revenue
const basic = basicClv({
  averageOrderValue: aov.averageOrderValue,
  purchaseFrequency: frequency.purchaseFrequency,
  churnRate: lifetime.churnRate,
  margin,
});
console.log(`\nBasic CLV (30 % margin, undiscounted): ${eur(basic)}`);
// It counts the first year's margin in full and never discounts: compare it with the
// discounted CLV with 'start' timing below, not with the 'end' timing.

// --- 3. Discounted CLV: Σ m·r^t / (1 + d)^t --------------------------------------------------
const marginPerYear = aov.averageOrderValue * frequency.purchaseFrequency * margin;
const retention = lifetime.retention;
const discountRate = 0.1; // per year
const forever = discountedClv({
  margin: marginPerYear,
  retention,
  discountRate,
  periods: Infinity,
});
const fiveYears = discountedClv({ margin: marginPerYear, retention, discountRate, periods: 5 });
// 'start': the first year's margin comes at acquisition, undiscounted.
const startTiming = discountedClv({
  margin: marginPerYear,
  retention,
  discountRate,
  periods: Infinity,
  timing: 'start',
});
console.log(
  `Discounted CLV (margin ${eur(marginPerYear)} a year, retention ${pct(retention)}, 10 % a year):`,
);
const line = (label: string, value: number) => console.log(`  ${label.padEnd(54)}${eur(value)}`);
line('infinite horizon, margins at the end of each year', forever);
line('five years, margins at the end of each year', fiveYears);
line('infinite horizon, first margin at acquisition', startTiming);

// Retention usually rises with tenure: a per-year (conditional) retention curve over 5 years.
const curve = [0.55, 0.7, 0.78, 0.82, 0.85];
const withCurve = discountedClv({ margin: marginPerYear, retention: curve, discountRate });
line('five years, retention rising from 55 % to 85 %', withCurve);

// --- 4. Against the acquisition cost ---------------------------------------------------------
const cac = 25; // € spent to acquire one customer
const ratio = clvToCacRatio({ clv: forever, cac });
const assessment = assessClvCac(ratio);
const payback = cacPaybackPeriods({ margin: marginPerYear, retention, discountRate, cac });
console.log(`\nAcquisition cost ${eur(cac)} per customer:`);
console.log(`  CLV net of CAC   ${eur(netClv({ clv: forever, cac }))}`);
console.log(`  CLV:CAC          ${ratio.toFixed(2)} : 1 → ${assessment.band}`);
console.log(`                   ${assessment.reason}`);
console.log(
  `  payback          ${Number.isFinite(payback) ? `${payback} year(s) of discounted margin` : 'never'}`,
);
