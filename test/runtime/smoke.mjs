// Node ESM (and Bun) smoke test of the built package, resolved by its own name.
import { ClvError, parseTransactions, summarizeTransactions } from 'clvkit';
import { readTransactionsCsv, summarizeTransactionsCsv } from 'clvkit/node';
import { checkCore, checkNode } from './check.mjs';

const runtime = typeof globalThis.Bun === 'undefined' ? 'node-esm' : 'bun';
try {
  const clvkit = { ClvError, parseTransactions, summarizeTransactions };
  const customers = checkCore(clvkit);
  await checkNode(clvkit, { readTransactionsCsv, summarizeTransactionsCsv });
  console.log(`ok ${runtime} ${customers} customers`);
} catch (error) {
  console.error(`FAIL ${runtime}:`, error);
  process.exit(1);
}
