/**
 * The random forest's tree walk in WebAssembly: the same walk as `walkHeap` in forest.ts (heap
 * layout, one Int32 word per node, rows coded as the number of cuts below their value; the word
 * laid out as (rank << 16) | (4 · feature) so that the module shifts and masks by constants), compiled
 * from scripts/forest-walk-wasm.ts into a module of under 1 KB shipped as base64. On the
 * benchmark forest (100 trees of depth 10, 15 features) it predicts about 1.7 times as many rows
 * per second as the JavaScript walk: compiled WebAssembly reads memory without bounds checks and
 * keeps eight rows' walks in registers at once.
 *
 * WebAssembly is standard in Node, Deno, Bun and browsers, and needs no Node built-in. Where it is
 * missing or refused (some edge runtimes forbid compiling modules from bytes), or its memory
 * cannot grow to hold the forest, {@link forestWalker} returns undefined and the caller walks in
 * JavaScript: the results are the same, bit for bit, either way (the same integer steps, and the
 * leaf values added to each row's sum in tree order).
 *
 * @module
 * @internal
 */
import type { HeapForest } from './forest.js';
import { FOREST_WALK_WASM } from './forest-walk-wasm.js';

/** A forest loaded into a WebAssembly instance, with its block buffers. */
export interface ForestWalker {
  /** Codes of a block: row i's code of feature j at [i · p + j]; room for `rows` rows. */
  readonly codes: Int32Array;
  /** Per-row sums of leaf values for the block: `walk` adds to them. */
  readonly sums: Float64Array;
  /** Rows the buffers hold. */
  readonly rows: number;
  /** Adds every tree's leaf value to sums[i] for the first `size` rows of `codes`. */
  walk(size: number): void;
}

type WalkExport = (
  trees: number,
  table: number,
  codes: number,
  p: number,
  size: number,
  sums: number,
) => void;

/** The module's node word is (rank << 16) | (4 · feature): ranks ≤ 32767, features < 16384. */
const MAX_RANK = 32_767;
const MAX_FEATURES = 16_384;

/**
 * The part of the WebAssembly JavaScript API used here, declared locally: the core's TypeScript
 * settings include no DOM types, and `globalThis.WebAssembly` may be missing.
 */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (
    module: object,
    imports: object,
  ) => { readonly exports: Record<string, unknown> };
}

interface WebAssemblyMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The compiled module; null once compiling failed (then never retried). */
let compiled: object | null | undefined;

function walkModule(): object | undefined {
  if (compiled === undefined) {
    try {
      const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
      if (api === undefined) throw new Error('no WebAssembly');
      const text = atob(FOREST_WALK_WASM);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      compiled = new api.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  return compiled ?? undefined;
}

const PAGE = 65_536;

/** Rounds a byte offset up to a multiple of 8. */
const align8 = (bytes: number) => Math.ceil(bytes / 8) * 8;

/**
 * The forest `heap` (over `p` features, at most `maxCuts` distinct thresholds per feature) in a
 * new WebAssembly instance, with buffers for blocks of `rows` rows; undefined when WebAssembly is
 * unavailable, the node words do not fit the module's layout (more than 16,384 features or 32,767
 * cuts) or the memory cannot hold the forest: the caller then walks in JavaScript. Memory: 4
 * bytes per heap node, 8 per leaf, 12 per tree, (4p + 8) per block row.
 */
export function forestWalker(
  heap: HeapForest,
  p: number,
  maxCuts: number,
  rows: number,
): ForestWalker | undefined {
  if (p > MAX_FEATURES || maxCuts > MAX_RANK) return undefined;
  const module = walkModule();
  if (module === undefined) return undefined;
  const trees = heap.nodeBase.length;
  const nodesAt = 0;
  const valuesAt = align8(nodesAt + 4 * heap.node.length);
  const tableAt = valuesAt + 8 * heap.value.length;
  const codesAt = align8(tableAt + 12 * trees);
  const sumsAt = align8(codesAt + 4 * rows * p);
  const bytes = sumsAt + 8 * rows;
  // Addresses are i32: stay well inside 2 GiB.
  if (bytes > 2 ** 31 - PAGE) return undefined;
  let memory: WebAssemblyMemory;
  let walk: WalkExport;
  try {
    const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly!;
    const instance = new api.Instance(module, {});
    memory = instance.exports.memory as WebAssemblyMemory;
    const pages = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
    if (pages > 0) memory.grow(pages);
    walk = instance.exports.walk as WalkExport;
  } catch {
    return undefined;
  }
  const buffer = memory.buffer;
  // Heap words (rank << shift) | feature become (rank << 16) | (4 · feature). A pass-through
  // node's rank (≥ 2^15 − 1) becomes 32767, still ≥ every code (codes ≤ maxCuts ≤ 32767).
  const node = new Int32Array(buffer, nodesAt, heap.node.length);
  const mask = (1 << heap.shift) - 1;
  for (let k = 0; k < node.length; k++) {
    const word = heap.node[k]!;
    node[k] = (Math.min(word >> heap.shift, MAX_RANK) << 16) | ((word & mask) << 2);
  }
  new Float64Array(buffer, valuesAt, heap.value.length).set(heap.value);
  const table = new Int32Array(buffer, tableAt, 3 * trees);
  for (let t = 0; t < trees; t++) {
    const firstLeaf = 2 ** heap.depth[t]! - 1;
    table[3 * t] = nodesAt + 4 * heap.nodeBase[t]!;
    // Leaf heap position h (firstLeaf … 2·firstLeaf) lies at this + 8h; `| 0` wraps like i32.
    table[3 * t + 1] = (valuesAt + 8 * (heap.leafBase[t]! - firstLeaf)) | 0;
    table[3 * t + 2] = heap.depth[t]!;
  }
  return {
    codes: new Int32Array(buffer, codesAt, rows * p),
    sums: new Float64Array(buffer, sumsAt, rows),
    rows,
    walk: (size: number) => walk(trees, tableAt, codesAt, p, size, sumsAt),
  };
}
