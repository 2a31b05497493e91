// Deno smoke test of the built package, resolved by its own name through package.json's
// `exports` (Deno 2 reads package.json and node_modules, where papaparse is).
// Run: deno run --allow-read --allow-write --allow-env --no-lock test/runtime/smoke-deno.mjs
// (write and env: clvkit/node is checked on a file in the temporary directory).
import { ClvError, parseTransactions, summarizeTransactions } from 'clvkit';
import { loadChurnModel, predictChurn, trainChurnModel } from 'clvkit/churn';
import { readTransactionsCsv, summarizeTransactionsCsv } from 'clvkit/node';
import { checkChurn, checkCore, checkNode } from './check.mjs';

try {
  const clvkit = { ClvError, parseTransactions, summarizeTransactions };
  const customers = checkCore(clvkit);
  await checkNode(clvkit, { readTransactionsCsv, summarizeTransactionsCsv });
  const rows = checkChurn({ trainChurnModel, predictChurn, loadChurnModel });
  console.log(`ok deno ${customers} customers, ${rows} churn predictions`);
} catch (error) {
  console.error('FAIL deno:', error);
  Deno.exit(1);
}
