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
