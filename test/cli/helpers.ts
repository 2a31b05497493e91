import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { simulateTransactions } from '../../src/index.js';
import { cdnowSampleRows, hasDataFile } from '../helpers/data.js';

/** A temporary folder removed after the file's tests. */
export function useTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `clvkit-cli-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with collected streams. */
export async function cli(
  argv: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: options.env ?? {},
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  return { code, stdout, stderr };
}

/**
 * A transaction CSV in `dir`: the CDNOW sample (2,357 customers, 1997-01-01 to 1998-06-30) when
 * the shared data has it, else a simulated log of 500 customers over the same dates.
 */
export function writeLog(dir: string): {
  path: string;
  observationEnd: string;
  calibrationEnd: string;
  customers: number;
} {
  const path = join(dir, 'log.csv');
  if (hasDataFile('CDNOW_sample.txt')) {
    const rows = cdnowSampleRows();
    writeFileSync(
      path,
      `customer_id,date,amount\n${rows.map((r) => `${r.customer_id},${r.date},${r.amount}`).join('\n')}\n`,
    );
    return {
      path,
      observationEnd: '1998-07-01',
      calibrationEnd: '1997-10-01',
      customers: new Set(rows.map((r) => r.customer_id)).size,
    };
  }
  const { transactions } = simulateTransactions({
    customers: 500,
    start: new Date('1997-01-01T00:00:00Z'),
    horizon: 78,
    unit: 'week',
    bgNbd: { r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 },
    gammaGamma: { p: 6, q: 4, v: 15 },
    acquisition: { window: 12 },
    seed: 7,
  });
  writeFileSync(
    path,
    `customer_id,date,amount\n${transactions.map((t) => `${t.customerId},${t.date.toISOString()},${t.amount.toFixed(2)}`).join('\n')}\n`,
  );
  return {
    path,
    observationEnd: '1998-07-01',
    calibrationEnd: '1997-10-01',
    customers: new Set(transactions.map((t) => t.customerId)).size,
  };
}
