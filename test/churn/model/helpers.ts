import type { ChurnDataset } from '../../../src/churn/dataset/index.js';
import { createRandom } from '../../../src/random/index.js';

/** A ChurnDataset of the contract's shape from plain columns (no log needed). */
export function makeDataset(
  featureNames: readonly string[],
  columns: readonly ArrayLike<number>[],
  labels?: ArrayLike<number>,
  extra: {
    futureSpend?: ArrayLike<number>;
    futurePurchases?: ArrayLike<number>;
    cutoff?: number;
  } = {},
): ChurnDataset {
  const n = columns[0]?.length ?? 0;
  return {
    kind: 'churn-dataset',
    featureNames,
    columns: columns.map((c) => Float64Array.from(c)),
    ids: Array.from({ length: n }, (_, i) => `c${i}`),
    cutoff: new Float64Array(n).fill(extra.cutoff ?? Date.UTC(2024, 0, 1)),
    labels: labels === undefined ? undefined : Uint8Array.from(labels),
    futureSpend: extra.futureSpend === undefined ? undefined : Float64Array.from(extra.futureSpend),
    futurePurchases:
      extra.futurePurchases === undefined ? undefined : Float64Array.from(extra.futurePurchases),
    horizon: 26,
    unit: 'week',
  };
}

/**
 * Simulated churn-like data: recency, frequency, monetary, tenure, pAlive and three noise columns.
 * Churn probability rises with recency relative to the purchase rate, falls with frequency, with
 * an interaction; labels are Bernoulli draws. Seeded.
 */
export function simulateChurn(
  n: number,
  seed: number,
  cutoff = Date.UTC(2024, 0, 1),
): ChurnDataset {
  const random = createRandom(seed);
  const names = [
    'recency',
    'frequency',
    'monetary',
    'tenure',
    'pAlive',
    'noise1',
    'noise2',
    'noise3',
  ];
  const cols = names.map(() => new Float64Array(n));
  const labels = new Uint8Array(n);
  const spend = new Float64Array(n);
  const purchases = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const tenure = 5 + random.next() * 95;
    const rate = -Math.log(1 - random.next()) * 0.3; // purchases per week
    const frequency = Math.floor(rate * tenure * random.next() * 2);
    const recency =
      frequency === 0 ? tenure : Math.min(tenure, -Math.log(1 - random.next()) / (rate + 1e-3));
    const monetary = 10 + 90 * random.next();
    const pAlive = Math.exp(-recency * rate * 0.5);
    const logit = 0.08 * recency - 0.25 * frequency + (monetary > 70 && recency > 20 ? 1 : 0) - 0.5;
    const churn = random.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    cols[0]![i] = recency;
    cols[1]![i] = frequency;
    cols[2]![i] = monetary;
    cols[3]![i] = tenure;
    cols[4]![i] = pAlive;
    for (let j = 5; j < 8; j++) cols[j]![i] = random.next();
    labels[i] = churn;
    purchases[i] = churn ? 0 : 1 + Math.floor(rate * 26 * random.next() * 2);
    spend[i] = purchases[i]! * monetary * (0.8 + 0.4 * random.next());
  }
  return {
    ...makeDataset(names, cols, labels, { futureSpend: spend, futurePurchases: purchases, cutoff }),
  };
}

/** Exact ROC AUC by pairs (tests only). */
export function pairAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      sum += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return sum / pairs;
}
