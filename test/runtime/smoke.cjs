// Node CommonJS smoke test of the built package (dist/*.cjs), resolved by its own name.
const { ClvError, parseTransactions, summarizeTransactions } = require('clvkit');
const { readTransactionsCsv, summarizeTransactionsCsv } = require('clvkit/node');
const { loadChurnModel, predictChurn, trainChurnModel } = require('clvkit/churn');

async function main() {
  // The checks are shared with the ESM tests; the package under test was required above.
  const { checkChurn, checkCore, checkNode } = await import('./check.mjs');
  const clvkit = { ClvError, parseTransactions, summarizeTransactions };
  const customers = checkCore(clvkit);
  await checkNode(clvkit, { readTransactionsCsv, summarizeTransactionsCsv });
  const rows = checkChurn({ trainChurnModel, predictChurn, loadChurnModel });
  console.log(`ok node-cjs ${customers} customers, ${rows} churn predictions`);
}

main().catch((error) => {
  console.error('FAIL node-cjs:', error);
  process.exit(1);
});
