// Checks shared by the runtime smoke tests (Node ESM and CJS, Deno, Bun). Each takes the clvkit
// functions as the smoke test imported them, so every runtime checks its own resolution of the
// package, and throws on the first mismatch.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const fixture = JSON.parse(readFileSync(new URL('./fixture.json', import.meta.url), 'utf8'));

function same(name, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${name}: expected ${e}, got ${a}`);
}

/**
 * Parses and summarises the fixture log; returns the number of customers.
 * @param {{ parseTransactions: Function, summarizeTransactions: Function, ClvError: Function }} clvkit
 */
export function checkCore({ parseTransactions, summarizeTransactions, ClvError }) {
  const { transactions, rejected, rowsRead } = parseTransactions(fixture.csv);
  same('rowsRead', rowsRead, fixture.expected.rowsRead);
  same('rejected', rejected, []);
  const summary = summarizeTransactions(transactions, {
    unit: 'week',
    observationEnd: new Date(fixture.observationEnd),
  });
  same('ids', [...summary.ids], fixture.expected.ids);
  for (const column of ['frequency', 'recency', 'T', 'monetaryValue', 'totalSpend']) {
    if (!(summary[column] instanceof Float64Array))
      throw new Error(`${column} is not a Float64Array`);
    same(column, [...summary[column]], fixture.expected[column]);
  }
  let thrown;
  try {
    parseTransactions('customer_id,date,amount\nx,2024-02-30,1\n');
  } catch (error) {
    thrown = error;
  }
  if (!(thrown instanceof ClvError) || thrown.code !== 'INVALID_DATE' || thrown.row !== 1) {
    throw new Error(`a bad date should throw ClvError INVALID_DATE at row 1, got ${thrown}`);
  }
  return summary.ids.length;
}

/**
 * Reads the fixture from a temporary file with `clvkit/node` and compares with the core.
 * @param {{ parseTransactions: Function, ClvError: Function }} clvkit
 * @param {{ readTransactionsCsv: Function, summarizeTransactionsCsv: Function }} clvkitNode
 */
export async function checkNode(clvkit, { readTransactionsCsv, summarizeTransactionsCsv }) {
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-smoke-'));
  try {
    const path = join(dir, 'log.csv');
    writeFileSync(path, fixture.csv);
    const read = await readTransactionsCsv(path);
    same('readTransactionsCsv', read, clvkit.parseTransactions(fixture.csv));
    const { summary } = await summarizeTransactionsCsv(path, {
      summary: { unit: 'week', observationEnd: new Date(fixture.observationEnd) },
    });
    same('summarizeTransactionsCsv ids', [...summary.ids], fixture.expected.ids);
    same('summarizeTransactionsCsv T', [...summary.T], fixture.expected.T);
    // Errors from clvkit/node are instances of the ClvError exported by clvkit.
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'customer_id,date,amount\nx,2024-01-01,1\ny,2024-02-30,1\n');
    const error = await readTransactionsCsv(bad).catch((e) => e);
    if (!(error instanceof clvkit.ClvError) || error.row !== 2) {
      throw new Error(`clvkit/node should reject with clvkit's ClvError at row 2, got ${error}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A seeded churn-like data set (a linear congruential generator, so every runtime draws the same
 * numbers): `n` rows × 6 features, label 1 mostly for long-idle customers.
 */
function churnData(n, seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const names = ['recency', 'frequency', 'tenure', 'spend', 'noise', 'channels'];
  const columns = names.map(() => new Float64Array(n));
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const recency = Math.floor(100 * next());
    columns[0][i] = recency;
    columns[1][i] = Math.floor(20 * next());
    columns[2][i] = recency + Math.floor(50 * next());
    columns[3][i] = Math.round(1000 * next()) / 10;
    columns[4][i] = next();
    columns[5][i] = 1 + Math.floor(3 * next());
    labels[i] = next() < (recency + 10 * (columns[5][i] === 1 ? 1 : 0)) / 110 ? 1 : 0;
  }
  return {
    kind: 'churn-dataset',
    featureNames: names,
    columns,
    ids: Array.from({ length: n }, (_, i) => `c${i}`),
    cutoff: new Float64Array(n),
    labels,
    futureSpend: undefined,
    futurePurchases: undefined,
    horizon: 12,
    unit: 'week',
  };
}

/**
 * Trains a small forest with `clvkit/churn` and checks that `predictChurn` (which walks the trees
 * in WebAssembly where the runtime allows it) equals, bit for bit, a plain walk of the model's
 * JSON trees: x ≤ threshold goes left, leaf values summed in tree order, divided by the count.
 * Returns the number of rows checked.
 * @param {{ trainChurnModel: Function, predictChurn: Function, loadChurnModel: Function }} churn
 */
export function checkChurn({ trainChurnModel, predictChurn, loadChurnModel }) {
  const model = trainChurnModel(churnData(1500, 7), { trees: 12, seed: 3 });
  const scoring = churnData(2051, 11); // a full block of 2,048 rows and 3 more
  const predicted = predictChurn(model, scoring);
  const reloaded = predictChurn(loadChurnModel(JSON.parse(JSON.stringify(model))), scoring);
  const { trees } = model;
  for (let i = 0; i < scoring.ids.length; i++) {
    let sum = 0;
    for (const tree of trees) {
      let node = 0;
      while (tree.feature[node] >= 0) {
        const x = scoring.columns[tree.feature[node]][i];
        node = x <= tree.threshold[node] ? tree.left[node] : tree.right[node];
      }
      sum += tree.value[node];
    }
    const expected = Math.min(1, Math.max(0, sum / trees.length));
    if (!Object.is(predicted[i], expected) || !Object.is(reloaded[i], expected)) {
      throw new Error(`predictChurn row ${i}: expected ${expected}, got ${predicted[i]}`);
    }
  }
  return scoring.ids.length;
}
