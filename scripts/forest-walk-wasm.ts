// The WebAssembly tree walk of clvkit's random forest: its WebAssembly text (generated here, so
// that the eight interleaved rows are written once) and its compilation with wabt, a development
// dependency. Run `npm run build:wasm` after changing this file: it rewrites
// src/churn/model/forest-walk-wasm.ts, the module's bytes in base64, which is what the library
// ships (no build step or wasm file at run time). test/churn/model/forest-wasm.test.ts compiles
// the text again and fails when the committed bytes are stale.
//
// What the walk computes is documented in src/churn/model/forest-wasm.ts; in short, for every
// tree t (in order) and every coded row i of the block:
//   h ← 0; repeat depth[t] times: a ← node[h]; h ← 2h + 1 + ((a >> 16) − code[i][(a & 0xffff) / 4] < 0)
//   sums[i] += leafValue[h]
// which is the JavaScript walk (walkHeap in forest.ts) with the node word laid out for constant
// shifts and masks (rank << 16 | 4 · feature: a fifth faster in WebAssembly than the JavaScript
// walk's layout, whose shift depends on the number of features): the same comparisons, and the leaf values added in the same order, so
// both give the same floating-point sums, bit for bit.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

/**
 * Rows walked together through a tree: their walks are independent, so the processor overlaps
 * one row's memory reads with the others'. Eight measured faster than four (the JavaScript walk
 * runs out of registers beyond four; compiled WebAssembly does not).
 */
export const INTERLEAVED_ROWS = 8;

const rows = (k: number) => Array.from({ length: k }, (_, r) => r);

/**
 * One level for row r, whose node word a_r was just read: right (2h + 2) when the row's code of
 * the node's feature exceeds the node's rank, else left (2h + 1).
 */
function step(r: number): string {
  return `(local.set $h${r}
                (i32.add
                  (i32.add (i32.shl (local.get $h${r}) (i32.const 1)) (i32.const 1))
                  (i32.shr_u
                    (i32.sub
                      (i32.shr_s (local.get $a${r}) (i32.const 16))
                      (i32.load (i32.add (local.get $o${r}) (i32.and (local.get $a${r}) (i32.const 0xffff)))))
                    (i32.const 31))))`;
}

/** Walks rows 0 … k − 1 (codes at $o0 …) through the current tree and adds their leaf values. */
function walkRows(k: number): string {
  const r = rows(k);
  return `(local.set $s (local.get $steps))
        (if (local.get $s)
          (then
            (loop $level
              ${r.map((j) => `(local.set $a${j} (i32.load (i32.add (local.get $nb) (i32.shl (local.get $h${j}) (i32.const 2)))))`).join('\n              ')}
              ${r.map(step).join('\n              ')}
              (br_if $level (local.tee $s (i32.sub (local.get $s) (i32.const 1)))))))
        (local.set $sp (i32.add (local.get $sums) (i32.shl (local.get $i) (i32.const 3))))
        ${r.map((j) => `(f64.store offset=${8 * j} (local.get $sp) (f64.add (f64.load offset=${8 * j} (local.get $sp)) (f64.load (i32.add (local.get $lb) (i32.shl (local.get $h${j}) (i32.const 3))))))`).join('\n        ')}`;
}

/**
 * The module's text. Exports `memory` (grown by the caller) and
 * `walk(trees, table, codes, p, size, sums)`, all byte addresses in that memory:
 * - `table`: per tree three i32: the address of its heap node 0, the address of its leaf 0 minus
 *   8 · (2^depth − 1) (so heap position h of a leaf is at lb + 8h; i32 arithmetic wraps), depth;
 * - node words (rank << 16) | (4 · feature), i32 (so rank ≤ 32767 and feature < 16384); leaf
 *   values f64;
 * - `codes`: `size` rows of `p` i32 codes (row-major); `sums`: `size` f64, added to.
 */
export function forestWalkWat(): string {
  const k = INTERLEAVED_ROWS;
  const r = rows(k);
  return `(module
  (memory (export "memory") 1)
  (func (export "walk")
    (param $trees i32) (param $table i32) (param $codes i32) (param $p i32)
    (param $size i32) (param $sums i32)
    (local $stride i32) (local $grouped i32) (local $t i32) (local $entry i32)
    (local $nb i32) (local $lb i32) (local $steps i32) (local $i i32) (local $s i32) (local $sp i32)
    ${r.map((j) => `(local $o${j} i32) (local $h${j} i32) (local $a${j} i32)`).join('\n    ')}
    (local.set $stride (i32.shl (local.get $p) (i32.const 2)))
    ;; rows before $grouped go ${k} at a time, the rest one at a time
    (local.set $grouped (i32.sub (local.get $size) (i32.rem_u (local.get $size) (i32.const ${k}))))
    (block $trees_done
      (loop $each_tree
        (br_if $trees_done (i32.ge_u (local.get $t) (local.get $trees)))
        (local.set $entry (i32.add (local.get $table) (i32.mul (local.get $t) (i32.const 12))))
        (local.set $nb (i32.load (local.get $entry)))
        (local.set $lb (i32.load offset=4 (local.get $entry)))
        (local.set $steps (i32.load offset=8 (local.get $entry)))
        (local.set $i (i32.const 0))
        (block $groups_done
          (loop $each_group
            (br_if $groups_done (i32.ge_u (local.get $i) (local.get $grouped)))
            (local.set $o0 (i32.add (local.get $codes) (i32.mul (local.get $i) (local.get $stride))))
            ${r
              .slice(1)
              .map((j) => `(local.set $o${j} (i32.add (local.get $o${j - 1}) (local.get $stride)))`)
              .join('\n            ')}
            ${r.map((j) => `(local.set $h${j} (i32.const 0))`).join(' ')}
        ${walkRows(k)}
            (local.set $i (i32.add (local.get $i) (i32.const ${k})))
            (br $each_group)))
        (block $rows_done
          (loop $each_row
            (br_if $rows_done (i32.ge_u (local.get $i) (local.get $size)))
            (local.set $o0 (i32.add (local.get $codes) (i32.mul (local.get $i) (local.get $stride))))
            (local.set $h0 (i32.const 0))
        ${walkRows(1)}
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $each_row)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $each_tree)))))
`;
}

/** Compiles {@link forestWalkWat} with wabt (validated) and returns the module's bytes. */
export async function compileForestWalk(): Promise<Uint8Array> {
  const tools = await wabt();
  const module = tools.parseWat('forest-walk.wat', forestWalkWat());
  try {
    module.validate();
    return Uint8Array.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/** Base64 of the bytes, as src/churn/model/forest-walk-wasm.ts holds them. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** The generated TypeScript module. */
export function generatedModule(base64: string): string {
  return `// Generated by \`npm run build:wasm\` from scripts/forest-walk-wasm.ts: do not edit.
// The WebAssembly tree walk of the random forest (see forest-wasm.ts), ${base64.length} characters
// of base64.

/** The forest-walk WebAssembly module, base64. @internal */
export const FOREST_WALK_WASM =
  '${base64}';
`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await compileForestWalk();
  const target = fileURLToPath(new URL('../src/churn/model/forest-walk-wasm.ts', import.meta.url));
  writeFileSync(target, generatedModule(toBase64(bytes)));
  console.log(`wrote ${target} (${bytes.length} bytes of WebAssembly)`);
}
