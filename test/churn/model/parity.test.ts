// Parity with ml-random-forest 2.1 (dev dependency, used only here). Settings, same data:
// - 1,000 training rows × 8 features (simulateChurn, seeds 1–2), held-out 2,000 rows (seeds 101–102).
// - ml-random-forest: 20 trees, bootstrap rows, every feature in every tree (maxFeatures 1.0,
//   replacement false), ml-cart Gini trees of maxDepth 6 and minNumSamples 3; probability =
//   share of trees voting churn (predictProbability).
// - ours: 20 trees, maxDepth 6, minLeafSize 1, maxFeatures 8 (every feature at every split, as
//   ml-cart does), 255 bins; probability = mean leaf churn rate.
// ml-random-forest's probability is a vote share (20 trees: 21 levels, many ties), which ranks a
// little worse than mean leaf rates; so the like-for-like check scores our trees the same way
// (each tree votes churn when its leaf's churn rate > ½): those ROC AUCs must agree within 0.01,
// and our probabilities must rank at least as well (− 0.01). ml-random-forest takes ~5 s here.
import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import type { ChurnDataset } from '../../../src/churn/dataset/index.js';
import { rocAuc } from '../../../src/churn/evaluate/index.js';
import { predictChurn, trainChurnModel } from '../../../src/churn/model/index.js';
import { simulateChurn } from './helpers.js';

const rows = (d: ChurnDataset) =>
  Array.from({ length: d.ids.length }, (_, i) => d.columns.map((c) => c[i]!));

describe('parity with ml-random-forest', () => {
  it.each([1, 2])('held-out ROC AUC within 0.01 (data seed %i)', (seed) => {
    const train = simulateChurn(1000, seed);
    const test = simulateChurn(2000, seed + 100);
    const reference = new RandomForestClassifier({
      nEstimators: 20,
      maxFeatures: 1.0,
      replacement: false,
      seed: 3,
      useSampleBagging: true,
      noOOB: true,
      treeOptions: { maxDepth: 6, minNumSamples: 3, gainFunction: 'gini' },
    });
    reference.train(rows(train), Array.from(train.labels!));
    const theirs = rocAuc(test.labels!, reference.predictProbability(rows(test), 1));
    const model = trainChurnModel(train, {
      trees: 20,
      maxDepth: 6,
      minLeafSize: 1,
      maxFeatures: 8,
      seed: 3,
    });
    const ours = rocAuc(test.labels!, predictChurn(model, test));
    const votes = new Float64Array(test.ids.length);
    for (let i = 0; i < votes.length; i++) {
      for (const tree of model.model === 'random-forest' ? model.trees : []) {
        let node = 0;
        while (tree.feature[node]! >= 0) {
          const x = test.columns[tree.feature[node]!]![i]!;
          node = x <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
        }
        votes[i]! += tree.value[node]! > 0.5 ? 1 : 0;
      }
    }
    for (let i = 0; i < votes.length; i++) votes[i]! /= 20;
    const oursVotes = rocAuc(test.labels!, votes);
    console.log(
      `seed ${seed}: ROC AUC ml-random-forest ${theirs.toFixed(4)}, ours (votes) ${oursVotes.toFixed(4)}, ours (probabilities) ${ours.toFixed(4)}`,
    );
    expect(theirs).toBeGreaterThan(0.8); // both learn the signal
    expect(Math.abs(oursVotes - theirs)).toBeLessThanOrEqual(0.01);
    expect(ours).toBeGreaterThanOrEqual(theirs - 0.01);
  });
});
