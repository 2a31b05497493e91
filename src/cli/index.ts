#!/usr/bin/env node
// The clvkit command line (placeholder until the CLI lands).
console.error('clvkit: the command line is not built yet');
process.exitCode = 1;
