// Runs the code cells of a Deno Jupyter notebook without Jupyter, so CI can check the examples
// notebook: the cells are joined into one module and run with the Deno in node_modules, with
// `Deno.jupyter.display` replaced by a shim that checks each display bundle and hands the
// Vega-Lite specs back to this script, which compiles every spec with vega-lite and renders it
// headless with vega (no browser), failing on any error (and, with --strict, on any warning).
//
// Run: node test/runtime/notebook.mjs [notebook.ipynb] [--src] [--strict]
//   default notebook: examples/charts-notebook.ipynb; it imports ../dist, so run
//   `npm run build` first. With --src the imports of ../dist/*.js are pointed at ../src/*.ts
//   instead (Deno's sloppy imports resolve the `.js` specifiers of the sources), to check the
//   notebook against the sources without a build.
// Exit code 0 when every cell ran and every chart rendered, 1 otherwise.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const fromSources = args.includes('--src');
const strict = args.includes('--strict');
const notebookPath = resolve(
  root,
  args.find((arg) => !arg.startsWith('--')) ?? 'examples/charts-notebook.ipynb',
);
const MARKER = '@@clvkit-notebook-display@@';
const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';

function fail(message) {
  console.error(`FAIL notebook ${notebookPath}: ${message}`);
  process.exit(1);
}

// --- 1. The notebook's code ------------------------------------------------------------------
let notebook;
try {
  notebook = JSON.parse(readFileSync(notebookPath, 'utf8'));
} catch (error) {
  fail(`cannot read it as JSON: ${error.message}`);
}
const kernel = notebook.metadata?.kernelspec?.name;
if (kernel !== 'deno') fail(`kernelspec.name is ${JSON.stringify(kernel)}, expected "deno"`);
const text = (source) => (Array.isArray(source) ? source.join('') : String(source ?? ''));
const codeCells = (notebook.cells ?? []).filter((cell) => cell.cell_type === 'code');
if (codeCells.length === 0) fail('it has no code cell');

// Relative specifiers resolve against the notebook's folder (the kernel's working directory);
// the module runs from a temporary folder, so they become absolute file URLs.
const notebookDir = dirname(notebookPath);
const rewrite = (specifier) => {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return specifier;
  let target = resolve(notebookDir, specifier);
  if (fromSources) {
    const dist = join(root, 'dist');
    if (target.startsWith(`${dist}/`)) {
      target = join(root, 'src', target.slice(dist.length + 1)).replace(/\.js$/, '.ts');
    }
  }
  return pathToFileURL(target).href;
};
const cellCode = codeCells.map((cell, i) => {
  const source = text(cell.source).replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\2/g,
    (_, head, quote, specifier) => `${head}${quote}${rewrite(specifier)}${quote}`,
  );
  return `// --- code cell ${i + 1}\n${source}\n`;
});

// The shim: checks the bundle in Deno (so the failing cell is the one reported) and prints it
// for the checks below. Kernel-only helpers the notebook does not use are left undefined.
const shim = `
// @ts-ignore: Deno.jupyter exists only under \`deno jupyter\`; its setter accepts a replacement.
Deno.jupyter = {
  display: async (bundle, options) => {
    if (options?.raw !== true) throw new Error('Deno.jupyter.display: expected { raw: true }');
    if (bundle === null || typeof bundle !== 'object' || Array.isArray(bundle)) {
      throw new Error('Deno.jupyter.display: the bundle must be an object of MIME type → data');
    }
    const spec = bundle[${JSON.stringify(VEGA_LITE_MIME)}];
    if (spec !== undefined) {
      if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
        throw new Error('Deno.jupyter.display: the Vega-Lite spec must be an object');
      }
      if (typeof spec.$schema !== 'string' || !spec.$schema.includes('vega-lite')) {
        throw new Error('Deno.jupyter.display: the spec has no Vega-Lite $schema');
      }
    }
    console.log(${JSON.stringify(MARKER)} + JSON.stringify(bundle));
  },
};
`;

// --- 2. Run it with Deno ---------------------------------------------------------------------
// The module must sit inside the package (not under node_modules, where Deno strips no types):
// Deno finds package.json, and so node_modules, from the main module's folder upwards.
const dir = mkdtempSync(join(root, '.notebook-run-'));
const modulePath = join(dir, 'notebook.ts');
writeFileSync(modulePath, `${shim}\n${cellCode.join('\n')}`);
const deno = join(root, 'node_modules', '.bin', 'deno');
const denoArgs = ['run', '--no-lock', '--allow-read', '--allow-env'];
if (fromSources) denoArgs.push('--unstable-sloppy-imports');
denoArgs.push(modulePath);
const started = performance.now();
let run;
try {
  run = spawnSync(deno, denoArgs, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (run.error) fail(`cannot run ${deno}: ${run.error.message}`);
const lines = run.stdout.split('\n');
for (const line of lines) if (!line.startsWith(MARKER) && line !== '') console.log(line);
if (run.status !== 0) {
  process.stderr.write(run.stderr);
  fail(`deno exited with code ${run.status}`);
}
const bundles = lines
  .filter((line) => line.startsWith(MARKER))
  .map((line) => JSON.parse(line.slice(MARKER.length)));
const specs = bundles.map((bundle) => bundle[VEGA_LITE_MIME]).filter((spec) => spec !== undefined);
if (specs.length === 0) fail('no cell displayed a Vega-Lite chart');

// --- 3. Every spec compiles and renders ------------------------------------------------------
const vegaLite = await import('vega-lite');
const vega = await import('vega');

function hasInlineData(node) {
  if (Array.isArray(node)) return node.some(hasInlineData);
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node.data?.values) && node.data.values.length > 0) return true;
  if (node.datasets && Object.values(node.datasets).some((v) => Array.isArray(v) && v.length > 0))
    return true;
  return Object.values(node).some(hasInlineData);
}

function collectLogger(errors, warnings) {
  const push =
    (list) =>
    (...parts) => {
      list.push(parts.map(String).join(' '));
    };
  return {
    level: () => 0,
    error: push(errors),
    warn: push(warnings),
    info: () => {},
    debug: () => {},
  };
}

function countItems(scene) {
  if (scene === null || typeof scene !== 'object') return 0;
  let count = 0;
  for (const item of scene.items ?? []) {
    if (scene.marktype !== 'group') count++;
    count += countItems(item);
  }
  if (scene.root) count += countItems(scene.root);
  return count;
}

const problems = [];
for (const [k, spec] of specs.entries()) {
  const name = `chart ${k + 1} (${spec.title?.text ?? spec.title ?? 'untitled'})`;
  const errors = [];
  const warnings = [];
  try {
    if (!hasInlineData(spec)) throw new Error('has no inline data');
    // Headless there is no container: give container-sized charts a width.
    const sized = spec.width === 'container' ? { ...spec, width: 600 } : spec;
    const compiled = vegaLite.compile(sized, { logger: collectLogger(errors, warnings) });
    const view = new vega.View(vega.parse(compiled.spec), {
      renderer: 'none',
      logger: collectLogger(errors, warnings),
      logLevel: vega.Warn,
    });
    await view.runAsync();
    const svg = await view.toSVG();
    const items = countItems(view.scenegraph().root);
    view.finalize();
    if (items === 0) throw new Error('rendered nothing');
    if (!svg.startsWith('<svg')) throw new Error('did not render to SVG');
    if (errors.length > 0) throw new Error(errors.join('; '));
    if (strict && warnings.length > 0) throw new Error(`warning: ${warnings.join('; ')}`);
    for (const warning of warnings) console.log(`warning ${name}: ${warning}`);
    console.log(`ok ${name}: ${items} scene items`);
  } catch (error) {
    problems.push(`${name}: ${error.message}`);
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (problems.length > 0) fail(`\n  ${problems.join('\n  ')}`);
console.log(
  `ok notebook ${relative(root, notebookPath)}: ${codeCells.length} code cells, ${specs.length} charts rendered (${seconds} s${fromSources ? ', from src' : ''})`,
);
