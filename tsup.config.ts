import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'node/index': 'src/node/index.ts',
    'churn/index': 'src/churn/index.ts',
    'charts/index': 'src/charts/index.ts',
    'report/index': 'src/report/index.ts',
    'cli/index': 'src/cli/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  // Keep `node:` specifiers (Node >= 20) as they are: Deno and Bun resolve them too.
  removeNodeProtocol: false,
  external: [/^node:/],
  // Shared code (ClvError, the CSV validator) lives in one chunk that both entries import, so an
  // error thrown by `clvkit/node` is an instance of the ClvError exported by `clvkit`.
  splitting: true,
  treeshake: true,
});
