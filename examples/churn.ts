/**
 * Churn prediction, honestly evaluated: build a churn data set at a cutoff, train a random forest
 * and a logistic model on 70 % of the customers, and compare them on the other 30 % with the two
 * baselines every model must beat: the recency rule and 1 − P(alive) of a BG/NBD model fitted on
 * the calibration summary (the log up to the cutoff). Baseline scores are Platt-calibrated on the
 * training rows, so that Brier and log-loss compare like with like.
 *
 * Data: the CDNOW sample (2,357 customers, 1997-01 to 1998-06; cutoff 1997-09-30, horizon 39
 * weeks) from $CLVKIT_DATA or ../shared/data when present, and always a simulated log.
 *
 * Run: npx tsx examples/churn.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  aliveBaseline,
  type ChurnDataset,
  churnAlerts,
  churnDataset,
  evaluateClassifier,
  explainChurn,
  predictChurn,
  recencyBaseline,
  trainChurnModel,
} from '../src/churn/index.js';
import {
  createRandom,
  fitBgNbd,
  fitGammaGamma,
  predictClv,
  simulateTransactionColumns,
  summarizeTransactions,
  type Transaction,
  type TransactionColumns,
} from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.CLVKIT_DATA ?? join(root, '..', 'shared', 'data');

/** CDNOW_sample.txt (whitespace separated: id, customer id, YYYYMMDD, CDs, amount), if present. */
function cdnowLog(): Transaction[] | undefined {
  const file = join(dataDir, 'CDNOW_sample.txt');
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const f = line.trim().split(/\s+/);
      const d = f[2]!;
      return {
        customerId: f[1]!,
        date: new Date(Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8))),
        amount: Number(f[4]),
      };
    });
}

/** The rows of `data` listed in `rows`. */
function selectRows(data: ChurnDataset, rows: readonly number[]): ChurnDataset {
  const pick = (column: Float64Array) => Float64Array.from(rows, (r) => column[r]!);
  return {
    ...data,
    columns: data.columns.map(pick),
    ids: rows.map((r) => data.ids[r]!),
    cutoff: pick(data.cutoff),
    labels: Uint8Array.from(rows, (r) => data.labels![r]!),
    futureSpend: data.futureSpend && pick(data.futureSpend),
    futurePurchases: data.futurePurchases && pick(data.futurePurchases),
  };
}

/** A seeded 70/30 split of the rows, stratified by label. */
function split(data: ChurnDataset, seed: number): { train: ChurnDataset; test: ChurnDataset } {
  const random = createRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [0, 1]) {
    const rows = data.ids.map((_, i) => i).filter((i) => data.labels![i] === label);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const cut = Math.round(rows.length * 0.7);
    train.push(...rows.slice(0, cut));
    test.push(...rows.slice(cut));
  }
  const byIndex = (a: number, b: number) => a - b;
  return {
    train: selectRows(data, train.sort(byIndex)),
    test: selectRows(data, test.sort(byIndex)),
  };
}

/** exp(−E[repeat purchases in the horizon]) of each row (feature expectedPurchases). */
function expectedPurchasesScore(data: ChurnDataset): Float64Array {
  const expected = data.columns[data.featureNames.indexOf('expectedPurchases')]!;
  return expected.map((e) => Math.exp(-e));
}

function report(
  title: string,
  log: readonly Transaction[] | TransactionColumns,
  cutoff: Date,
  horizon: number,
  observationEnd?: Date,
): void {
  const started = performance.now();
  // BG/NBD on the calibration summary only: the log up to the cutoff.
  const summary = summarizeTransactions(log, { unit: 'week', observationEnd: cutoff });
  const fit = fitBgNbd(summary);
  const data = churnDataset(log, {
    cutoff,
    horizon,
    unit: 'week',
    bgNbd: fit,
    labels: 'required',
    ...(observationEnd === undefined ? {} : { observationEnd }),
  });
  const { train, test } = split(data, 7);
  const churnRate = test.labels!.reduce((s, y) => s + y, 0) / test.ids.length;
  console.log(`\n## ${title}`);
  console.log(
    `cutoff ${cutoff.toISOString().slice(0, 10)}, horizon ${horizon} weeks: ${data.ids.length} customers, ${data.featureNames.length} features; train ${train.ids.length}, test ${test.ids.length} (churn rate ${(100 * churnRate).toFixed(1)} %)`,
  );
  const forest = trainChurnModel(train, { model: 'random-forest', seed: 1 });
  const logistic = trainChurnModel(train, { model: 'logistic', seed: 1 });
  const scores: [string, Float64Array][] = [
    ['random forest (100 trees)', predictChurn(forest, test)],
    ['logistic (L2)', predictChurn(logistic, test)],
    ['baseline: recency', recencyBaseline(test, { calibration: train })],
    ['baseline: 1 − P(alive)', aliveBaseline(test, { calibration: train })],
    // References, not calibrated (ranking only): raw 1 − P(alive), which is 0 for every customer
    // without a repeat purchase (BG/NBD lets customers drop out only after a purchase), and the
    // BG/NBD chance of no purchase if purchases were Poisson with the model's expectation.
    ['reference: 1 − P(alive), raw', aliveBaseline(test)],
    ['reference: exp(−E[purchases]), BG/NBD', expectedPurchasesScore(test)],
  ];
  console.log('| scores | ROC AUC | PR AUC | Brier | log-loss | lift, top decile |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const auc: number[] = [];
  for (const [name, s] of scores) {
    const e = evaluateClassifier(test.labels!, s);
    auc.push(e.rocAuc);
    console.log(
      `| ${name} | ${e.rocAuc.toFixed(3)} | ${e.prAuc.toFixed(3)} | ${e.brier.toFixed(4)} | ${e.logLoss.toFixed(4)} | ${e.gains[0]!.lift.toFixed(2)} |`,
    );
  }
  const bestBaseline = Math.max(auc[2]!, auc[3]!);
  for (const [k, name] of ['random forest', 'logistic model'].entries()) {
    const margin = auc[k]! - bestBaseline;
    console.log(
      margin > 0
        ? `${name}: beats the better baseline's ROC AUC by ${margin.toFixed(3)}`
        : `${name}: does NOT beat the better baseline (ROC AUC ${(-margin).toFixed(3)} behind)`,
    );
  }
  // Alerts: churn probability × 12-month predicted CLV (BG/NBD + Gamma-Gamma at the cutoff,
  // 1 % a month), with the reasons that raise each customer's risk.
  const clv = predictClv({
    purchaseFit: fit,
    spendFit: fitGammaGamma(summary),
    summary,
    horizon: 12,
    horizonUnit: 'month',
    discountRate: 0.01,
    discountUnit: 'month',
    margin: 1,
  });
  const clvById = new Map(summary.ids.map((id, i) => [id, clv.clv[i]!]));
  const { alerts, flagged, flaggedValueAtRisk } = churnAlerts(
    {
      ...explainChurn(forest, test, { top: 3, direction: 'increase' }),
      value: test.ids.map((id) => clvById.get(id) ?? 0),
    },
    { minProbability: 0.5, limit: 5 },
  );
  console.log(
    `alerts (random forest, P(churn) ≥ 0.5): ${flagged} test customers, ${flaggedValueAtRisk.toFixed(0)} of predicted CLV at risk; top 5:`,
  );
  for (const a of alerts)
    console.log(
      `  ${a.rank}. ${a.id}: P(churn) ${a.churnProbability.toFixed(2)} × CLV ${a.value.toFixed(2)} = ${a.valueAtRisk.toFixed(2)} at risk; ${a.reasonText}`,
    );
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

const cdnow = cdnowLog();
if (cdnow === undefined) {
  console.log(`CDNOW_sample.txt not found in ${dataDir} (set CLVKIT_DATA): CDNOW skipped`);
} else {
  report('CDNOW sample', cdnow, new Date('1997-09-30T00:00:00Z'), 39);
}

// A simulated log: BG/NBD purchases (rates per week) and Gamma-Gamma spend, two years.
const simulated = simulateTransactionColumns({
  customers: 20_000,
  start: new Date('2023-01-02T00:00:00Z'),
  horizon: 104,
  unit: 'week',
  bgNbd: { r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 },
  gammaGamma: { p: 6, q: 4, v: 15 },
  acquisition: { window: 26 },
  seed: 3,
});
const ids = simulated.customers.ids;
report(
  'Simulated log (20,000 customers, BG/NBD r .25, α 4.4, a .8, b 2.4 per week)',
  {
    customerId: Array.from(simulated.customerIndex, (k) => ids[k]!),
    date: simulated.time,
    amount: simulated.amount,
  },
  new Date('2024-04-01T00:00:00Z'),
  39,
  // The simulation runs to 2024-12-30 (104 weeks), a little after its last purchase.
  new Date('2024-12-30T00:00:00Z'),
);
