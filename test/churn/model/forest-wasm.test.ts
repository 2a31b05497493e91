// The WebAssembly tree walk: the shipped bytes are the compiled text of scripts/forest-walk-wasm.ts
// (so nobody edits one without the other), and prediction falls back to the JavaScript walk, with
// the same numbers, where WebAssembly is missing, refused or out of memory. Bit-for-bit agreement
// of the two walks on many forests is checked in forest-speed.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileForestWalk } from '../../../scripts/forest-walk-wasm.js';
import type * as Forest from '../../../src/churn/model/forest.js';
import { FOREST_WALK_WASM } from '../../../src/churn/model/forest-walk-wasm.js';
import { simulateChurn } from './helpers.js';

/** The real WebAssembly API (the TypeScript settings hold no DOM types to name it). */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => object;
  readonly CompileError: new (message: string) => Error;
}
const realWebAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

function decode(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** A fresh copy of the forest module (its WebAssembly module is compiled once per copy). */
async function freshForest(): Promise<typeof Forest> {
  vi.resetModules();
  return import('../../../src/churn/model/forest.js');
}

/** Trains a small forest with `forest` and predicts 3,001 held-out rows with both engines. */
function predictions(forest: typeof Forest) {
  const train = simulateChurn(1500, 41);
  const trees = forest.trainForest({
    columns: train.columns,
    target: train.labels!,
    task: 'classification',
    settings: { trees: 8, maxDepth: 8, minLeafSize: 5, maxFeatures: 3, bins: 255, seed: 2 },
  });
  const packed = forest.packForest(trees, train.columns.length);
  const held = simulateChurn(3001, 42).columns;
  return {
    engine: forest.forestEngine(packed),
    auto: forest.predictForest(packed, held),
    javascript: forest.predictForest(packed, held, 'javascript'),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('the WebAssembly forest walk', () => {
  it('ships exactly the bytes its text compiles to', async () => {
    const compiled = await compileForestWalk();
    expect(compiled.length).toBeGreaterThan(100);
    // Stale bytes: run `npm run build:wasm` after editing scripts/forest-walk-wasm.ts.
    expect(Array.from(decode(FOREST_WALK_WASM))).toEqual(Array.from(compiled));
  });

  it('is used under Node and gives the JavaScript walk’s numbers', async () => {
    const { engine, auto, javascript } = predictions(await freshForest());
    expect(engine).toBe('webassembly');
    expect(Array.from(auto)).toEqual(Array.from(javascript));
  });

  it('falls back to JavaScript when WebAssembly is missing', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    const { engine, auto, javascript } = predictions(await freshForest());
    expect(engine).toBe('heap');
    expect(Array.from(auto)).toEqual(Array.from(javascript));
  });

  it('falls back to JavaScript when compiling from bytes is refused (as on some edge runtimes)', async () => {
    const real = realWebAssembly;
    vi.stubGlobal('WebAssembly', {
      Instance: real.Instance,
      Module: class {
        constructor() {
          throw new real.CompileError('Wasm code generation disallowed by embedder');
        }
      },
    });
    const { engine, auto, javascript } = predictions(await freshForest());
    expect(engine).toBe('heap');
    expect(Array.from(auto)).toEqual(Array.from(javascript));
  });

  it('falls back to JavaScript when the memory cannot grow', async () => {
    const real = realWebAssembly;
    vi.stubGlobal('WebAssembly', {
      Module: real.Module,
      Instance: class {
        readonly exports = {
          memory: {
            buffer: new ArrayBuffer(65_536),
            grow: () => {
              throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
            },
          },
          walk: () => {
            throw new Error('must not be called');
          },
        };
      },
    });
    const { engine, auto, javascript } = predictions(await freshForest());
    expect(engine).toBe('heap');
    expect(Array.from(auto)).toEqual(Array.from(javascript));
  });
});
