/**
 * A fast random forest (Breiman 2001, "Random Forests", Machine Learning 45:5–32) for binary
 * classification and regression, written for clvkit's churn and CLV models.
 *
 * Training: every feature is pre-binned once into at most 255 quantile bins (a `Uint8Array` per
 * column); each tree draws a bootstrap sample (kept as integer row weights), and each node builds a
 * histogram of (weight, weighted target sum) per bin for `maxFeatures` features drawn at random and
 * takes the best bin boundary — the histogram split search of LightGBM (Ke et al. 2017) and
 * scikit-learn's HistGradientBoosting, applied to bagged CART trees. The split criterion is the
 * weighted variance reduction, which for 0/1 labels equals the Gini decrease: for a node of weight
 * W with S positives, W·Gini = 2·S(W − S)/W, so the children's impurity is minimal when
 * S_L²/W_L + S_R²/W_R is maximal — the same score as the variance reduction.
 *
 * Trees are stored flat (feature, threshold, left, right, value per node) in plain number arrays:
 * the forest is JSON. Prediction compares raw feature values with the thresholds (a real value
 * between two bins), so binning is never needed at prediction time.
 *
 * @module
 * @internal
 */
import { createRandom, type RandomSource } from '../../random/index.js';
import { type ForestWalker, forestWalker } from './forest-wasm.js';

/** One tree as flat node arrays (index 0 is the root). */
export interface FlatTree {
  /** Feature index (into the model's feature list) split on, or −1 for a leaf. */
  readonly feature: readonly number[];
  /** Rows with `x[feature] <= threshold` go left; 0 for leaves. */
  readonly threshold: readonly number[];
  /** Index of the left child; 0 for leaves. Children always come after their parent. */
  readonly left: readonly number[];
  /** Index of the right child; 0 for leaves. */
  readonly right: readonly number[];
  /**
   * Mean of the target over the node's (bootstrap-weighted) training rows: the prediction at a
   * leaf; kept at inner nodes too for path-based contributions (Saabas).
   */
  readonly value: readonly number[];
}

/** Settings of a forest fit, as stored in the model. */
export interface ForestSettings {
  readonly trees: number;
  readonly maxDepth: number;
  readonly minLeafSize: number;
  readonly maxFeatures: number;
  readonly bins: number;
  readonly seed: number | string;
}

/** Input of {@link trainForest}: feature columns, target and settings. */
export interface ForestInput {
  /** Feature columns (column-major), all finite, one per feature. */
  readonly columns: readonly Float64Array[];
  /** Target: 0/1 labels for classification, real values for regression. */
  readonly target: ArrayLike<number>;
  /** `'classification'` checks that a node is pure (all 0 or all 1) before searching splits. */
  readonly task: 'classification' | 'regression';
  readonly settings: ForestSettings;
}

/** Feature columns binned into quantile bins; see {@link binColumn}. */
export interface BinnedColumn {
  /** Bin code of each row (0 … thresholds.length). */
  readonly codes: Uint8Array;
  /** thresholds[b] separates bin b (values ≤ it) from bin b + 1. Increasing. */
  readonly thresholds: Float64Array;
}

/**
 * Bins one column into at most `maxBins` quantile bins. Distinct values are kept apart when there
 * are at most `maxBins` of them; otherwise a boundary is placed after the distinct value where the
 * cumulative count first reaches each multiple of n / maxBins (so a heavy value is never split and
 * bins hold roughly equal counts). A threshold lies midway between the two distinct values it
 * separates. O(n log n).
 */
export function binColumn(values: Float64Array, maxBins: number): BinnedColumn {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const cuts: number[] = [];
  if (distinct <= maxBins) {
    for (let i = 1; i < n; i++) {
      if (sorted[i] !== sorted[i - 1]) cuts.push(between(sorted[i - 1]!, sorted[i]!));
    }
  } else {
    const perBin = n / maxBins;
    let target = 1;
    for (let i = 0; i < n - 1; i++) {
      // End of a run of equal values at i: cumulative count i + 1.
      if (sorted[i] === sorted[i + 1]) continue;
      const cumulative = i + 1;
      if (cumulative >= target * perBin) {
        cuts.push(between(sorted[i]!, sorted[i + 1]!));
        target = Math.floor(cumulative / perBin) + 1;
      }
    }
  }
  const thresholds = Float64Array.from(cuts);
  const codes = new Uint8Array(n);
  const m = thresholds.length;
  for (let i = 0; i < n; i++) {
    // Number of thresholds below the value: x ≤ thresholds[b] ⇔ code ≤ b.
    const x = values[i]!;
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x > thresholds[mid]!) lo = mid + 1;
      else hi = mid;
    }
    codes[i] = lo;
  }
  return { codes, thresholds };
}

/** A value t with a ≤ t < b for a < b (the midpoint unless it rounds onto b). */
function between(a: number, b: number): number {
  const mid = a / 2 + b / 2; // no overflow for huge magnitudes
  return mid >= a && mid < b ? mid : a;
}

/** Growable scratch reused across the trees of one forest. */
interface Scratch {
  readonly weight: Float64Array;
  readonly weightedTarget: Float64Array;
  readonly rows: Int32Array;
  readonly histogramWeight: Float64Array;
  readonly histogramSum: Float64Array;
  readonly order: Int32Array;
}

/**
 * Trains a forest: `settings.trees` trees, each on a bootstrap sample drawn from a stream seeded
 * by `settings.seed` (same seed, same forest, bit for bit). Returns the flat trees and the per-tree
 * depth. O(trees · n · maxFeatures · depth) plus O(p · n log n) for the binning.
 */
export function trainForest(input: ForestInput): FlatTree[] {
  const { columns, target, task, settings } = input;
  const n = target.length;
  const p = columns.length;
  const binned = columns.map((column) => binColumn(column, settings.bins));
  const codes = binned.map((b) => b.codes);
  const thresholds = binned.map((b) => b.thresholds);
  // Regression trees work on the centred target: the variance-reduction score S²/W then stays
  // small and free of cancellation for large spends.
  let offset = 0;
  if (task === 'regression') {
    for (let i = 0; i < n; i++) offset += target[i]!;
    offset /= n;
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = target[i]! - offset;
  const scratch: Scratch = {
    weight: new Float64Array(n),
    weightedTarget: new Float64Array(n),
    rows: new Int32Array(n),
    histogramWeight: new Float64Array(256),
    histogramSum: new Float64Array(256),
    order: new Int32Array(p),
  };
  const random = createRandom(settings.seed);
  const trees: FlatTree[] = [];
  for (let t = 0; t < settings.trees; t++) {
    // Each tree gets its own stream, seeded from the forest's: trees stay reproducible one by one.
    const treeRandom = createRandom(Math.floor(random.next() * 4_294_967_296));
    trees.push(
      buildTree(
        codes,
        thresholds,
        y,
        offset,
        task === 'classification',
        settings,
        treeRandom,
        scratch,
      ),
    );
  }
  return trees;
}

function buildTree(
  codes: readonly Uint8Array[],
  thresholds: readonly Float64Array[],
  y: Float64Array,
  offset: number,
  classification: boolean,
  settings: ForestSettings,
  random: RandomSource,
  scratch: Scratch,
): FlatTree {
  const n = y.length;
  const p = codes.length;
  const { weight, weightedTarget, rows, histogramWeight, histogramSum, order } = scratch;
  const { maxDepth, minLeafSize, maxFeatures } = settings;

  // Bootstrap: n draws with replacement, kept as integer weights on the distinct rows drawn.
  weight.fill(0);
  for (let k = 0; k < n; k++) weight[Math.floor(random.next() * n)]! += 1;
  let count = 0;
  let rootWeight = 0;
  let rootSum = 0;
  for (let i = 0; i < n; i++) {
    const w = weight[i]!;
    if (w === 0) continue;
    rows[count++] = i;
    const wy = w * y[i]!;
    weightedTarget[i] = wy;
    rootWeight += w;
    rootSum += wy;
  }
  for (let j = 0; j < p; j++) order[j] = j;

  const feature: number[] = [-1];
  const threshold: number[] = [0];
  const left: number[] = [0];
  const right: number[] = [0];
  const value: number[] = [rootSum / rootWeight + offset];
  // Stack of pending nodes: (node, start, end, depth, weight, sum).
  const stackNode: number[] = [0];
  const stackStart: number[] = [0];
  const stackEnd: number[] = [count];
  const stackDepth: number[] = [0];
  const stackWeight: number[] = [rootWeight];
  const stackSum: number[] = [rootSum];

  while (stackNode.length > 0) {
    const node = stackNode.pop()!;
    const start = stackStart.pop()!;
    const end = stackEnd.pop()!;
    const depth = stackDepth.pop()!;
    const W = stackWeight.pop()!;
    const S = stackSum.pop()!;
    if (depth >= maxDepth || W < 2 * minLeafSize) continue;
    if (classification && (S <= 0 || S >= W)) continue; // pure node

    const parentScore = (S * S) / W;
    let bestScore = parentScore + 1e-12 * Math.max(1, Math.abs(parentScore));
    let bestFeature = -1;
    let bestBin = -1;
    let bestLeftWeight = 0;
    let bestLeftSum = 0;
    // Partial Fisher–Yates over the feature order: the first maxFeatures draws are the candidates;
    // when none of them splits the node, the remaining features are tried in the same random
    // order (as scikit-learn does) so a node is not left unsplit while a split exists.
    for (let k = 0; k < p; k++) {
      if (k >= maxFeatures && bestFeature >= 0) break;
      const pick = k + Math.floor(random.next() * (p - k));
      const f = order[pick]!;
      order[pick] = order[k]!;
      order[k] = f;
      const column = codes[f]!;
      let low = 255;
      let high = 0;
      for (let i = start; i < end; i++) {
        const r = rows[i]!;
        const b = column[r]!;
        histogramWeight[b]! += weight[r]!;
        histogramSum[b]! += weightedTarget[r]!;
        if (b < low) low = b;
        if (b > high) high = b;
      }
      let leftWeight = 0;
      let leftSum = 0;
      for (let b = low; b < high; b++) {
        leftWeight += histogramWeight[b]!;
        leftSum += histogramSum[b]!;
        if (leftWeight < minLeafSize || histogramWeight[b] === 0) continue;
        const rightWeight = W - leftWeight;
        if (rightWeight < minLeafSize) break;
        const rightSum = S - leftSum;
        const score = (leftSum * leftSum) / leftWeight + (rightSum * rightSum) / rightWeight;
        if (score > bestScore) {
          bestScore = score;
          bestFeature = f;
          bestBin = b;
          bestLeftWeight = leftWeight;
          bestLeftSum = leftSum;
        }
      }
      histogramWeight.fill(0, low, high + 1);
      histogramSum.fill(0, low, high + 1);
    }
    if (bestFeature < 0) continue;

    // Partition rows[start, end) so rows going left (code ≤ bestBin) come first.
    const column = codes[bestFeature]!;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      const r = rows[i]!;
      if (column[r]! <= bestBin) i++;
      else {
        rows[i] = rows[j]!;
        rows[j] = r;
        j--;
      }
    }
    const leftNode = feature.length;
    const rightNode = leftNode + 1;
    feature[node] = bestFeature;
    threshold[node] = thresholds[bestFeature]![bestBin]!;
    left[node] = leftNode;
    right[node] = rightNode;
    const rightWeight = W - bestLeftWeight;
    const rightSum = S - bestLeftSum;
    feature.push(-1, -1);
    threshold.push(0, 0);
    left.push(0, 0);
    right.push(0, 0);
    value.push(bestLeftSum / bestLeftWeight + offset, rightSum / rightWeight + offset);
    // Right first so the left subtree is built first (depth-first, left to right).
    stackNode.push(rightNode, leftNode);
    stackStart.push(i, start);
    stackEnd.push(end, i);
    stackDepth.push(depth + 1, depth + 1);
    stackWeight.push(rightWeight, bestLeftWeight);
    stackSum.push(rightSum, bestLeftSum);
  }
  return { feature, threshold, left, right, value };
}

/**
 * The forest packed for prediction: all trees in shared typed arrays, leaves turned into
 * self-loops (`child` of a leaf is itself) so that every walk takes exactly `depth[t]` steps
 * without a data-dependent exit test. Thresholds are replaced by their rank among the distinct
 * thresholds of their feature (`cuts`): a row's feature value is coded once as the number of cuts
 * below it, and x ≤ threshold ⇔ code ≤ rank, so the walk compares small integers and picks the
 * child by arithmetic ((rank − code) >>> 31) instead of a hard-to-predict branch.
 */
export interface PackedForest {
  readonly roots: Int32Array;
  readonly depth: Int32Array;
  readonly feature: Int32Array;
  /** Real threshold (+∞ at leaves), for the contribution walk. */
  readonly threshold: Float64Array;
  /** Rank of the threshold among `cuts[feature]`; 2³¹ − 1 at leaves (never go right). */
  readonly rank: Int32Array;
  /** child[2·node] = left, child[2·node + 1] = right (absolute node indices). */
  readonly child: Int32Array;
  readonly value: Float64Array;
  /** Increasing distinct thresholds of each feature. */
  readonly cuts: readonly Float64Array[];
}

const packedCache = new WeakMap<readonly FlatTree[], PackedForest>();

/** Packs `trees` over `p` features (memoised per trees array, which models freeze). O(nodes). */
export function packForest(trees: readonly FlatTree[], p: number): PackedForest {
  const cached = packedCache.get(trees);
  if (cached !== undefined) return cached;
  let total = 0;
  for (const tree of trees) total += tree.feature.length;
  const roots = new Int32Array(trees.length);
  const depth = new Int32Array(trees.length);
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const rank = new Int32Array(total);
  const child = new Int32Array(2 * total);
  const value = new Float64Array(total);
  const used: number[][] = Array.from({ length: p }, () => []);
  let base = 0;
  trees.forEach((tree, t) => {
    roots[t] = base;
    const m = tree.feature.length;
    const nodeDepth = new Int32Array(m);
    let maxDepth = 0;
    for (let k = 0; k < m; k++) {
      const node = base + k;
      const f = tree.feature[k]!;
      value[node] = tree.value[k]!;
      if (f < 0) {
        feature[node] = 0;
        threshold[node] = Number.POSITIVE_INFINITY; // x > +∞ is false: stay put
        rank[node] = 0x7fffffff;
        child[2 * node] = node;
        child[2 * node + 1] = node;
      } else {
        feature[node] = f;
        threshold[node] = tree.threshold[k]!;
        used[f]!.push(tree.threshold[k]!);
        child[2 * node] = base + tree.left[k]!;
        child[2 * node + 1] = base + tree.right[k]!;
        const d = nodeDepth[k]! + 1;
        nodeDepth[tree.left[k]!] = d;
        nodeDepth[tree.right[k]!] = d;
        if (d > maxDepth) maxDepth = d;
      }
    }
    depth[t] = maxDepth;
    base += m;
  });
  const cuts = used.map((list) => {
    const sorted = Float64Array.from(list).sort();
    let m = 0;
    for (let i = 0; i < sorted.length; i++)
      if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i]!;
    return sorted.slice(0, m);
  });
  for (let node = 0; node < total; node++) {
    if (rank[node] === 0x7fffffff) continue;
    rank[node] = countBelow(cuts[feature[node]!]!, threshold[node]!);
  }
  const packed = { roots, depth, feature, threshold, rank, child, value, cuts };
  packedCache.set(trees, packed);
  return packed;
}

/** Number of entries of the increasing array `cuts` that are < x (binary search). */
function countBelow(cuts: Float64Array, x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x > cuts[mid]!) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Rows per block in prediction: the block's codes (row-major Int32, 2048 · p values: 120 KB for
 * 15 features) stay in the L2 cache while every tree is walked over them.
 */
const BLOCK = 2048;

/** Trees deeper than this are walked through child links instead of the implicit heap layout. */
const MAX_HEAP_DEPTH = 14;

/**
 * What prediction needs besides {@link PackedForest}: the cuts padded for a branch-free search
 * and, when every tree is at most {@link MAX_HEAP_DEPTH} deep and the ranks fit, the heap layout.
 */
interface PredictionLayout {
  /**
   * cuts[j] padded with +∞ to 2^levels[j] − 1 entries (levels[j] ≥ 8, so a feature with at most
   * 255 cuts takes the fixed eight-step search); the +∞ entries are never below a finite value.
   */
  readonly searchCuts: readonly Float64Array[];
  readonly levels: Int32Array;
  /** The largest number of cuts of a feature. */
  readonly maxCuts: number;
  readonly heap: HeapForest | undefined;
}

/**
 * The trees re-laid as complete binary trees of their depth D in heap order (children of position
 * h at 2h + 1 and 2h + 2; leaves at positions 2^D − 1 … 2^(D+1) − 2), a leaf above the bottom being
 * continued by pass-through nodes that always go left. The walk then needs no child links at all:
 * h ← 2h + 1 + (code > rank). Each inner node is ONE Int32, (rank << shift) | feature, so a step
 * makes two memory reads (the node, then the row's code of its feature) instead of three.
 *
 * Pass-through nodes cost little: on the benchmark forest (depth-10 trees) rows reach a leaf after
 * 9.85 levels on average, so skipping them would save under 2 % of the steps.
 */
export interface HeapForest {
  readonly nodeBase: Int32Array;
  readonly leafBase: Int32Array;
  readonly depth: Int32Array;
  /**
   * (rank << shift) | feature per heap position; pass-through nodes have rank 2^(31 − shift) − 1,
   * at least every code, so they always go left.
   */
  readonly node: Int32Array;
  /** Bits for the feature index: the smallest s with p ≤ 2^s. */
  readonly shift: number;
  readonly value: Float64Array;
}

const layoutCache = new WeakMap<PackedForest, PredictionLayout>();

function predictionLayout(packed: PackedForest): PredictionLayout {
  const cached = layoutCache.get(packed);
  if (cached !== undefined) return cached;
  const p = packed.cuts.length;
  const levels = new Int32Array(p);
  let maxCuts = 0;
  const searchCuts = packed.cuts.map((cuts, j) => {
    let L = 8;
    while (2 ** L - 1 < cuts.length) L++;
    levels[j] = L;
    if (cuts.length > maxCuts) maxCuts = cuts.length;
    const padded = new Float64Array(2 ** L - 1).fill(Number.POSITIVE_INFINITY);
    padded.set(cuts);
    return padded;
  });
  const layout = { searchCuts, levels, maxCuts, heap: heapForest(packed, maxCuts) };
  layoutCache.set(packed, layout);
  return layout;
}

/**
 * Builds the {@link HeapForest}, or undefined when a tree is deeper than {@link MAX_HEAP_DEPTH}
 * or (rank, feature) pairs do not fit one Int32: a pass-through rank must be ≥ every code, i.e.
 * ≥ the largest number of cuts of a feature, `maxCuts`, and fit in 31 − shift bits.
 */
function heapForest(packed: PackedForest, maxCuts: number): HeapForest | undefined {
  const { roots, depth, feature, rank, child, value } = packed;
  const p = packed.cuts.length;
  const shift = p <= 1 ? 0 : 32 - Math.clz32(p - 1);
  const passRank = 2 ** (31 - shift) - 1;
  if (maxCuts > passRank) return undefined;
  const trees = roots.length;
  let inner = 0;
  let leaves = 0;
  for (let t = 0; t < trees; t++) {
    if (depth[t]! > MAX_HEAP_DEPTH) return undefined;
    inner += 2 ** depth[t]! - 1;
    leaves += 2 ** depth[t]!;
  }
  const nodeBase = new Int32Array(trees);
  const leafBase = new Int32Array(trees);
  // Unfilled positions are pass-through nodes: feature 0, a rank no code exceeds (always left).
  const heapNode = new Int32Array(inner).fill(passRank << shift);
  const heapValue = new Float64Array(leaves);
  let nodeOffset = 0;
  let leafOffset = 0;
  const stackNode: number[] = [];
  const stackPosition: number[] = [];
  for (let t = 0; t < trees; t++) {
    const D = depth[t]!;
    const firstLeaf = 2 ** D - 1;
    nodeBase[t] = nodeOffset;
    leafBase[t] = leafOffset;
    stackNode.push(roots[t]!);
    stackPosition.push(0);
    while (stackNode.length > 0) {
      const node = stackNode.pop()!;
      let h = stackPosition.pop()!;
      if (child[2 * node] === node) {
        // A leaf: follow the always-left pass-through chain down to the bottom level.
        while (h < firstLeaf) h = 2 * h + 1;
        heapValue[leafOffset + h - firstLeaf] = value[node]!;
        continue;
      }
      heapNode[nodeOffset + h] = (rank[node]! << shift) | feature[node]!;
      stackNode.push(child[2 * node]!, child[2 * node + 1]!);
      stackPosition.push(2 * h + 1, 2 * h + 2);
    }
    nodeOffset += firstLeaf;
    leafOffset += firstLeaf + 1;
  }
  return { nodeBase, leafBase, depth, node: heapNode, shift, value: heapValue };
}

/**
 * Mean over the trees of the leaf value each row reaches. `columns[j]` holds the model's feature
 * j. Rows go by blocks: the block's features are coded once (a branch-free binary search in the
 * cuts), then each tree is walked for every row of the block — in WebAssembly when it is
 * available (see forest-wasm.ts; `engine: 'javascript'` forces the JavaScript walk), else in
 * JavaScript. Sums run over the trees in order, so the result is the same, bit for bit, as
 * walking each tree on the raw values, whichever walk runs.
 * O(n · trees · depth + n · p · log cuts).
 */
export function predictForest(
  packed: PackedForest,
  columns: readonly Float64Array[],
  engine: 'auto' | 'javascript' = 'auto',
): Float64Array {
  const n = columns[0]?.length ?? 0;
  const p = columns.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const trees = packed.roots.length;
  const { searchCuts, levels, heap } = predictionLayout(packed);
  const walker = engine === 'auto' ? cachedWalker(packed) : undefined;
  const rowsPerBlock = Math.min(walker?.rows ?? blockRows(p), n);
  const block = walker?.codes ?? new Int32Array(rowsPerBlock * p);
  const sums = walker?.sums ?? new Float64Array(rowsPerBlock);
  for (let start = 0; start < n; start += rowsPerBlock) {
    const size = Math.min(rowsPerBlock, n - start);
    for (let j = 0; j < p; j++) {
      if (packed.cuts[j]!.length === 0) continue; // never split on: codes stay 0
      codeColumn(columns[j]!, start, size, searchCuts[j]!, levels[j]!, block, p, j);
    }
    sums.fill(0, 0, size);
    if (walker !== undefined) walker.walk(size);
    else if (heap !== undefined) walkHeap(heap, block, p, size, sums);
    else walkLinked(packed, block, p, size, sums);
    for (let i = 0; i < size; i++) out[start + i] = sums[i]! / trees;
  }
  return out;
}

/**
 * Which walk {@link predictForest} uses for `packed` by default: `'webassembly'`, or in
 * JavaScript `'heap'` (the heap layout) or `'linked'` (child links: a tree deeper than
 * {@link MAX_HEAP_DEPTH}, or ranks too wide for a node word).
 */
export function forestEngine(packed: PackedForest): 'webassembly' | 'heap' | 'linked' {
  if (predictionLayout(packed).heap === undefined) return 'linked';
  return cachedWalker(packed) === undefined ? 'heap' : 'webassembly';
}

/**
 * Rows per block for p features: {@link BLOCK}, fewer when p is large, so that the block's codes
 * stay under 2^18 values (1 MB), but at least 8 (the WebAssembly walk's group of rows).
 */
function blockRows(p: number): number {
  return Math.max(8, Math.min(BLOCK, Math.floor(2 ** 18 / Math.max(1, p))));
}

/** One WebAssembly instance per forest, made on first use; null when WebAssembly failed. */
const walkerCache = new WeakMap<HeapForest, ForestWalker | null>();

/** The forest's WebAssembly walker, or undefined (no heap layout, or WebAssembly failed). */
function cachedWalker(packed: PackedForest): ForestWalker | undefined {
  const { heap, maxCuts } = predictionLayout(packed);
  if (heap === undefined) return undefined;
  let walker = walkerCache.get(heap);
  if (walker === undefined) {
    const p = packed.cuts.length;
    walker = forestWalker(heap, p, maxCuts, blockRows(p)) ?? null;
    walkerCache.set(heap, walker);
  }
  return walker ?? undefined;
}

/**
 * block[i · p + j] ← number of cuts below column[start + i], for the `size` rows of a block.
 * A branch-free binary search over the cuts padded to 2^levels − 1 (the power-of-two search
 * attributed to Shar in Knuth, TAOCP vol. 3, §6.2.1): each level adds 2^k when x lies above the
 * probe, so there is no data-dependent branch to mispredict (about half the probes of a normal
 * search are mispredicted on random values, which made coding a quarter of the prediction time).
 * At most 255 cuts: eight unrolled steps.
 */
function codeColumn(
  column: Float64Array,
  start: number,
  size: number,
  cuts: Float64Array,
  levels: number,
  block: Int32Array,
  p: number,
  j: number,
) {
  if (levels === 8) {
    for (let i = 0; i < size; i++) {
      const x = column[start + i]!;
      let c = +(x > cuts[127]!) << 7;
      c += +(x > cuts[c + 63]!) << 6;
      c += +(x > cuts[c + 31]!) << 5;
      c += +(x > cuts[c + 15]!) << 4;
      c += +(x > cuts[c + 7]!) << 3;
      c += +(x > cuts[c + 3]!) << 2;
      c += +(x > cuts[c + 1]!) << 1;
      block[i * p + j] = c + +(x > cuts[c]!);
    }
    return;
  }
  for (let i = 0; i < size; i++) {
    const x = column[start + i]!;
    let c = 0;
    for (let k = levels - 1; k >= 0; k--) c += +(x > cuts[c + (1 << k) - 1]!) << k;
    block[i * p + j] = c;
  }
}

/** Adds each tree's leaf value to sums[i] for the `size` coded rows of `block` (heap layout). */
function walkHeap(
  heap: HeapForest,
  block: Int32Array,
  p: number,
  size: number,
  sums: Float64Array,
) {
  const { nodeBase, leafBase, depth, node, shift, value } = heap;
  const mask = (1 << shift) - 1;
  for (let t = 0; t < nodeBase.length; t++) {
    const nb = nodeBase[t]!;
    const steps = depth[t]!;
    const lb = leafBase[t]! - (2 ** steps - 1);
    let i = 0;
    // Four rows at a time: their walks are independent, so the CPU overlaps the memory latency
    // of one row's step with the others' (eight rows measured no faster: registers run out).
    // `| 0` keeps the index arithmetic in int32 without overflow checks.
    for (; i + 3 < size; i += 4) {
      const o0 = i * p;
      const o1 = o0 + p;
      const o2 = o1 + p;
      const o3 = o2 + p;
      let h0 = 0;
      let h1 = 0;
      let h2 = 0;
      let h3 = 0;
      for (let s = 0; s < steps; s++) {
        const a0 = node[(nb + h0) | 0]!;
        const a1 = node[(nb + h1) | 0]!;
        const a2 = node[(nb + h2) | 0]!;
        const a3 = node[(nb + h3) | 0]!;
        // Right (2h + 2) exactly when code > rank, i.e. when rank − code is negative.
        h0 = ((h0 << 1) + 1 + (((a0 >> shift) - block[(o0 + (a0 & mask)) | 0]!) >>> 31)) | 0;
        h1 = ((h1 << 1) + 1 + (((a1 >> shift) - block[(o1 + (a1 & mask)) | 0]!) >>> 31)) | 0;
        h2 = ((h2 << 1) + 1 + (((a2 >> shift) - block[(o2 + (a2 & mask)) | 0]!) >>> 31)) | 0;
        h3 = ((h3 << 1) + 1 + (((a3 >> shift) - block[(o3 + (a3 & mask)) | 0]!) >>> 31)) | 0;
      }
      sums[i]! += value[lb + h0]!;
      sums[i + 1]! += value[lb + h1]!;
      sums[i + 2]! += value[lb + h2]!;
      sums[i + 3]! += value[lb + h3]!;
    }
    for (; i < size; i++) {
      const o = i * p;
      let h = 0;
      for (let s = 0; s < steps; s++) {
        const a = node[nb + h]!;
        h = (h << 1) + 1 + (((a >> shift) - block[o + (a & mask)]!) >>> 31);
      }
      sums[i]! += value[lb + h]!;
    }
  }
}

/** As {@link walkHeap} through the child links (trees deeper than {@link MAX_HEAP_DEPTH}). */
function walkLinked(
  packed: PackedForest,
  block: Int32Array,
  p: number,
  size: number,
  sums: Float64Array,
) {
  const { roots, depth, feature, rank, child, value } = packed;
  for (let t = 0; t < roots.length; t++) {
    const root = roots[t]!;
    const steps = depth[t]!;
    for (let i = 0; i < size; i++) {
      const o = i * p;
      let a = root;
      for (let s = 0; s < steps; s++)
        a = child[(a << 1) + ((rank[a]! - block[o + feature[a]!]!) >>> 31)]!;
      sums[i]! += value[a]!;
    }
  }
}

/**
 * Path-based feature contributions (Saabas 2014, "Interpreting random forests"; see also Palczewska
 * et al. 2013): along each tree's path, the change in node value at a split is credited to the
 * split's feature; averaged over the trees, prediction = bias + Σ_j contribution_j exactly, with
 * bias the mean root value. Calls `emit(rowInBlock, contributions)` once per row of each block,
 * where contributions holds p values for that row. O(n · trees · depth + n · p).
 */
export function forestContributions(
  packed: PackedForest,
  columns: readonly Float64Array[],
  emit: (row: number, contributions: Float64Array, offset: number) => void,
): number {
  const n = columns[0]?.length ?? 0;
  const p = columns.length;
  const { roots, depth, feature, threshold, child, value } = packed;
  const trees = roots.length;
  let bias = 0;
  for (let t = 0; t < trees; t++) bias += value[roots[t]!]!;
  bias /= trees;
  const rowsPerBlock = Math.min(blockRows(p), Math.max(1, n));
  const block = new Float64Array(rowsPerBlock * p);
  const contributions = new Float64Array(rowsPerBlock * p);
  for (let start = 0; start < n; start += rowsPerBlock) {
    const size = Math.min(rowsPerBlock, n - start);
    for (let j = 0; j < p; j++) {
      const column = columns[j]!;
      for (let i = 0; i < size; i++) block[i * p + j] = column[start + i]!;
    }
    contributions.fill(0);
    for (let t = 0; t < trees; t++) {
      const root = roots[t]!;
      const steps = depth[t]!;
      for (let i = 0; i < size; i++) {
        const o = i * p;
        let node = root;
        for (let s = 0; s < steps; s++) {
          const f = feature[node]!;
          const next = child[2 * node + (block[o + f]! > threshold[node]! ? 1 : 0)]!;
          if (next === node) break; // a leaf
          contributions[o + f]! += value[next]! - value[node]!;
          node = next;
        }
      }
    }
    for (let k = 0; k < size * p; k++) contributions[k]! /= trees;
    for (let i = 0; i < size; i++) emit(start + i, contributions, i * p);
  }
  return bias;
}
