// Node ESM (and Bun) smoke test of the built package, resolved by its own name.
import { ClvError, parseTransactions, summarizeTransactions } from 'clvkit';
import { loadChurnModel, predictChurn, trainChurnModel } from 'clvkit/churn';
import { readTransactionsCsv, summarizeTransactionsCsv } from 'clvkit/node';
import { checkChurn, checkCore, checkNode } from './check.mjs';

const runtime = typeof globalThis.Bun === 'undefined' ? 'node-esm' : 'bun';
try {
  const clvkit = { ClvError, parseTransactions, summarizeTransactions };
  const customers = checkCore(clvkit);
  await checkNode(clvkit, { readTransactionsCsv, summarizeTransactionsCsv });
  const rows = checkChurn({ trainChurnModel, predictChurn, loadChurnModel });
  console.log(`ok ${runtime} ${customers} customers, ${rows} churn predictions`);
} catch (error) {
  console.error(`FAIL ${runtime}:`, error);
  process.exit(1);
}
