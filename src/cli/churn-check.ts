/**
 * Checks a purchase model's churn risk against a holdout window: calibration bins (predicted
 * probability of no purchase vs the observed share) and a cumulative gains table, in the shapes
 * of the `clvkit/charts` churn charts.
 *
 * @module
 */
import type { ChartCalibrationBin, ChartGainsRow } from '../charts/types.js';

/** Wilson score interval at 95 % for `k` successes in `n` trials (Wilson 1927). */
function wilson(k: number, n: number): { lower: number; upper: number } {
  if (n === 0) return { lower: 0, upper: 1 };
  const z = 1.959963984540054;
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Cut points splitting `scores` into `groups` groups of nearly equal size (quantiles of a sorted
 * copy): group g holds scores in (cuts[g − 1], cuts[g]]. Ties stay together. O(n log n).
 */
function quantileCuts(scores: Float64Array, groups: number): Float64Array {
  const sorted = Float64Array.from(scores).sort();
  const cuts = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    cuts[g] =
      sorted[Math.min(sorted.length - 1, Math.ceil(((g + 1) * sorted.length) / groups) - 1)]!;
  }
  return cuts;
}

function groupOf(cuts: Float64Array, value: number): number {
  let lo = 0;
  let hi = cuts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= cuts[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Reliability bins of predicted churn probabilities against observed churn (1 = churned): equal
 * count bins by predicted probability, with the observed rate's Wilson interval. O(n log n).
 */
export function churnCalibrationBins(
  predicted: Float64Array,
  churned: Uint8Array,
  bins = 10,
): ChartCalibrationBin[] {
  const cuts = quantileCuts(predicted, bins);
  const count = new Float64Array(bins);
  const sumPredicted = new Float64Array(bins);
  const positives = new Float64Array(bins);
  for (let i = 0; i < predicted.length; i++) {
    const g = groupOf(cuts, predicted[i]!);
    count[g]!++;
    sumPredicted[g]! += predicted[i]!;
    positives[g]! += churned[i]!;
  }
  const out: ChartCalibrationBin[] = [];
  for (let g = 0; g < bins; g++) {
    const n = count[g]!;
    if (n === 0) continue;
    out.push({
      bin: g,
      count: n,
      meanPredicted: sumPredicted[g]! / n,
      observedRate: positives[g]! / n,
      ...wilson(positives[g]!, n),
    });
  }
  return out;
}

/**
 * Cumulative gains by decile of the churn score, highest scores first: the share of all churners
 * found in the top d tenths, and the lift over random targeting. O(n log n).
 */
export function churnGains(score: Float64Array, churned: Uint8Array, groups = 10): ChartGainsRow[] {
  const n = score.length;
  // Rank by descending score: group on the negated score, so group 0 holds the highest scores.
  const negated = new Float64Array(n);
  for (let i = 0; i < n; i++) negated[i] = -score[i]!;
  const cuts = quantileCuts(negated, groups);
  const size = new Float64Array(groups);
  const positives = new Float64Array(groups);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const g = groupOf(cuts, negated[i]!);
    size[g]!++;
    positives[g]! += churned[i]!;
    total += churned[i]!;
  }
  const out: ChartGainsRow[] = [];
  const baseRate = n === 0 ? 0 : total / n;
  let seen = 0;
  let found = 0;
  for (let g = 0; g < groups; g++) {
    if (size[g] === 0) continue;
    seen += size[g]!;
    found += positives[g]!;
    const customerShare = seen / n;
    const cumulativeGain = total === 0 ? 0 : found / total;
    out.push({
      decile: g + 1,
      customerShare,
      positives: positives[g]!,
      cumulativeGain,
      lift: baseRate === 0 ? 0 : positives[g]! / size[g]! / baseRate,
      cumulativeLift: customerShare === 0 ? 0 : cumulativeGain / customerShare,
    });
  }
  return out;
}
