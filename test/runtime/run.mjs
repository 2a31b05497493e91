// Runs the runtime smoke tests against the built package (run `npm run build` first, or
// `npm run smoke`): Node ESM, Node CommonJS, Deno and Bun. Fails if any fails.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const here = (file) => join('test', 'runtime', file);

const runs = [
  ['node (ESM)', process.execPath, [here('smoke.mjs')]],
  ['node (CommonJS)', process.execPath, [here('smoke.cjs')]],
  [
    'deno',
    bin('deno'),
    ['run', '--allow-read', '--allow-write', '--allow-env', '--no-lock', here('smoke-deno.mjs')],
  ],
  ['bun', bin('bun'), [here('smoke.mjs')]],
];

const failed = [];
for (const [name, command, args] of runs) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    failed.push(name);
    if (result.error) console.error(`${name}: ${result.error.message}`);
  }
}
if (failed.length > 0) {
  console.error(`smoke tests failed: ${failed.join(', ')}`);
  process.exit(1);
}
