// The fast prediction paths of the random forest (coded rows; the WebAssembly walk, the
// JavaScript heap walk with packed nodes, the linked fallback) must give exactly — bit for bit —
// what a plain walk of the flat trees on the raw values gives: x ≤ threshold goes left, leaf
// values summed over the trees in order, then divided by the number of trees. Every check below
// runs both the default engine and the JavaScript one (`predict`). Timings live in
// bench/churn-model.bench.ts, not here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FlatTree,
  forestEngine,
  type PackedForest,
  packForest,
  predictForest,
  trainForest,
} from '../../../src/churn/model/forest.js';
import { createRandom, type RandomSource } from '../../../src/random/index.js';
import { simulateChurn } from './helpers.js';

/** The definition: walk every tree on the raw values, sum the leaves in tree order. */
function directWalk(trees: readonly FlatTree[], columns: readonly Float64Array[]): Float64Array {
  const n = columns[0]?.length ?? 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const tree of trees) {
      let node = 0;
      while (tree.feature[node]! >= 0) {
        const x = columns[tree.feature[node]!]![i]!;
        node = x <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
      }
      sum += tree.value[node]!;
    }
    out[i] = sum / trees.length;
  }
  return out;
}

/** Number of rows where the two arrays differ (Object.is: −0 and NaN count). */
function mismatches(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let bad = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) bad++;
  return bad;
}

/**
 * predictForest with its default engine (WebAssembly where the forest fits it), after checking
 * that the JavaScript engine gives the same numbers bit for bit.
 */
function predict(packed: PackedForest, columns: readonly Float64Array[]): Float64Array {
  const auto = predictForest(packed, columns);
  expect(mismatches(auto, predictForest(packed, columns, 'javascript'))).toBe(0);
  return auto;
}

/**
 * A random tree: each node below `maxDepth` splits with probability 1 − leafChance (the root
 * always, when maxDepth > 0) on a random feature at `thresholdOf(feature)`. Children come after
 * their parent, as trainForest stores them.
 */
function randomTree(
  random: RandomSource,
  p: number,
  maxDepth: number,
  leafChance: number,
  thresholdOf: (feature: number) => number,
): FlatTree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const grow = (depth: number): number => {
    const k = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(0);
    right.push(0);
    value.push(random.next());
    if (depth < maxDepth && (depth === 0 || random.next() >= leafChance)) {
      const f = Math.floor(random.next() * p);
      feature[k] = f;
      threshold[k] = thresholdOf(f);
      left[k] = grow(depth + 1);
      right[k] = grow(depth + 1);
    }
    return k;
  };
  grow(0);
  return { feature, threshold, left, right, value };
}

/**
 * n rows over p features drawn to hit the edges: exact thresholds of the trees (must go left),
 * values just above them, ordinary values, huge values and signed zeros.
 */
function edgeRows(
  random: RandomSource,
  trees: readonly FlatTree[],
  p: number,
  n: number,
): Float64Array[] {
  const perFeature: number[][] = Array.from({ length: p }, () => []);
  for (const tree of trees)
    tree.feature.forEach((f, k) => {
      if (f >= 0) perFeature[f]!.push(tree.threshold[k]!);
    });
  return Array.from({ length: p }, (_, j) => {
    const pool = perFeature[j]!;
    return Float64Array.from({ length: n }, () => {
      const u = random.next();
      const t = pool[Math.floor(random.next() * pool.length)] ?? 0;
      if (u < 0.3) return t;
      if (u < 0.4) return t + Math.abs(t) * Number.EPSILON + Number.MIN_VALUE;
      if (u < 0.45) return random.next() < 0.5 ? -1e300 : 1e300;
      if (u < 0.5) return random.next() < 0.5 ? -0 : 0;
      return 24 * random.next() - 12;
    });
  });
}

/** Thresholds on a grid of 0.01 in [−10, 10]: many repeats across nodes and trees. */
const gridThreshold = (random: RandomSource) => () => Math.round(2000 * random.next() - 1000) / 100;

describe('predictForest equals a direct walk of the trees, bit for bit', () => {
  it('on a trained forest, over several blocks, with rows exactly at the thresholds', () => {
    const train = simulateChurn(3000, 21);
    const trees = trainForest({
      columns: train.columns,
      target: train.labels!,
      task: 'classification',
      settings: { trees: 30, maxDepth: 10, minLeafSize: 5, maxFeatures: 3, bins: 255, seed: 4 },
    });
    const p = train.columns.length;
    const packed = packForest(trees, p);
    expect(Math.max(...packed.cuts.map((c) => c.length))).toBeLessThanOrEqual(255);
    expect(forestEngine(packed)).toBe('webassembly');
    // 5,003 held-out rows: two full blocks of 2,048 and a remainder that is not a multiple of 4.
    const held = simulateChurn(5003, 22).columns;
    expect(mismatches(predict(packed, held), directWalk(trees, held))).toBe(0);
    const edges = edgeRows(createRandom(23), trees, p, 3001);
    expect(mismatches(predict(packed, edges), directWalk(trees, edges))).toBe(0);
  });

  it('on random forests: 1–20 features, depth 0–14, shared and distinct thresholds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 14 }),
        fc.boolean(),
        (seed, p, treeCount, maxDepth, grid) => {
          const random = createRandom(seed);
          const thresholdOf = grid ? gridThreshold(random) : () => 20 * random.next() - 10;
          const trees = Array.from({ length: treeCount }, (_, t) =>
            // The first tree is complete to maxDepth; the others stop at random.
            randomTree(random, p, maxDepth, t === 0 ? 0 : 0.25, thresholdOf),
          );
          const columns = edgeRows(random, trees, p, 37);
          return (
            mismatches(predict(packForest(trees, p), columns), directWalk(trees, columns)) === 0
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('with more than 255 distinct thresholds in a feature (the long search)', () => {
    const random = createRandom(31);
    const trees = Array.from({ length: 4 }, () =>
      randomTree(random, 3, 9, 0, () => 20 * random.next() - 10),
    );
    const packed = packForest(trees, 3);
    expect(packed.cuts[0]!.length).toBeGreaterThan(255);
    expect(forestEngine(packed)).toBe('webassembly');
    const columns = edgeRows(random, trees, 3, 2500);
    expect(mismatches(predict(packed, columns), directWalk(trees, columns))).toBe(0);
  });

  it('with 300 features (feature indices wider than a byte)', () => {
    const random = createRandom(32);
    const trees = Array.from({ length: 5 }, () =>
      randomTree(random, 300, 8, 0.2, gridThreshold(random)),
    );
    const columns = edgeRows(random, trees, 300, 101);
    const packed = packForest(trees, 300);
    expect(forestEngine(packed)).toBe('webassembly');
    expect(mismatches(predict(packed, columns), directWalk(trees, columns))).toBe(0);
  });

  it('with a tree deeper than the heap layout allows (linked walk)', () => {
    const random = createRandom(33);
    const trees = [
      randomTree(random, 4, 20, 0.45, gridThreshold(random)),
      randomTree(random, 4, 6, 0, gridThreshold(random)),
    ];
    const packed = packForest(trees, 4);
    expect(Math.max(...packed.depth)).toBeGreaterThan(14);
    expect(forestEngine(packed)).toBe('linked');
    const columns = edgeRows(random, trees, 4, 555);
    expect(mismatches(predict(packed, columns), directWalk(trees, columns))).toBe(0);
  });

  it('when ranks do not fit beside 16-bit feature indices (linked walk)', () => {
    // 65,536 features leave 15 bits for a rank; five complete depth-13 trees split feature 0 at
    // 40,955 distinct thresholds, more than 2^15 − 1. Every column is the same array.
    const random = createRandom(34);
    const trees = Array.from({ length: 5 }, () =>
      randomTree(random, 1, 13, 0, () => 20 * random.next() - 10),
    );
    const p = 65_536;
    const packed = packForest(trees, p);
    expect(packed.cuts[0]!.length).toBeGreaterThan(2 ** 15 - 1);
    expect(forestEngine(packed)).toBe('linked');
    const column = edgeRows(random, trees, 1, 9)[0]!;
    const columns = Array.from({ length: p }, () => column);
    expect(mismatches(predict(packed, columns), directWalk(trees, columns))).toBe(0);
  });

  it('with more cuts than the WebAssembly node word holds (JavaScript heap walk)', () => {
    // One feature split at 40,955 distinct thresholds: the heap layout fits (a rank may use 31
    // bits), the WebAssembly word's 15-bit rank does not.
    const random = createRandom(35);
    const trees = Array.from({ length: 5 }, () =>
      randomTree(random, 1, 13, 0, () => 20 * random.next() - 10),
    );
    const packed = packForest(trees, 1);
    expect(packed.cuts[0]!.length).toBeGreaterThan(32_767);
    expect(forestEngine(packed)).toBe('heap');
    const columns = edgeRows(random, trees, 1, 2100);
    expect(mismatches(predict(packed, columns), directWalk(trees, columns))).toBe(0);
  });

  it('with more features than the WebAssembly node word holds (JavaScript heap walk)', () => {
    const random = createRandom(36);
    const p = 20_000;
    const trees = Array.from({ length: 3 }, () =>
      randomTree(random, p, 6, 0.2, gridThreshold(random)),
    );
    const packed = packForest(trees, p);
    expect(forestEngine(packed)).toBe('heap');
    const columns = edgeRows(random, trees, p, 13);
    expect(mismatches(predict(packed, columns), directWalk(trees, columns))).toBe(0);
  });

  it('no rows give an empty result; single-leaf trees give their value', () => {
    const leaf: FlatTree = { feature: [-1], threshold: [0], left: [0], right: [0], value: [0.25] };
    const split: FlatTree = {
      feature: [1, -1, -1],
      threshold: [0.5, 0, 0],
      left: [1, 0, 0],
      right: [2, 0, 0],
      value: [0.5, 0.125, 1],
    };
    const trees = [leaf, split];
    const packed = packForest(trees, 2);
    expect(predict(packed, [new Float64Array(0), new Float64Array(0)])).toEqual(
      new Float64Array(0),
    );
    const columns = [new Float64Array([9, 9, 9, 9, 9]), new Float64Array([0.5, 0.6, -1, 2, 0.5])];
    expect(Array.from(predict(packed, columns))).toEqual([
      (0.25 + 0.125) / 2,
      (0.25 + 1) / 2,
      (0.25 + 0.125) / 2,
      (0.25 + 1) / 2,
      (0.25 + 0.125) / 2,
    ]);
  });
});
