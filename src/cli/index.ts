#!/usr/bin/env node
// The clvkit command line: wires the process to runCli (see ./main.ts), nothing else.
import { runCli } from './main.js';

// `clvkit summary log.csv | head`: a closed pipe ends the output, not in an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // runCli never rejects; this is a last resort.
    process.stderr.write(`clvkit: internal error: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
