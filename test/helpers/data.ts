import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The shared data folder: $CLVKIT_DATA, else ../shared/data beside the project root. */
export const DATA_DIR = process.env.CLVKIT_DATA ?? resolve(here, '../../../shared/data');

/** True when `file` exists in the data folder; otherwise prints why the dependent tests are skipped. */
export function hasDataFile(file: string): boolean {
  const ok = existsSync(join(DATA_DIR, file));
  if (!ok) {
    console.warn(
      `[clvkit tests] ${file} not found in ${DATA_DIR} (set CLVKIT_DATA): skipping the tests that need it`,
    );
  }
  return ok;
}

/** Reads a file of the data folder as text. */
export function readDataFile(file: string): string {
  return readFileSync(join(DATA_DIR, file), 'utf8');
}

/** CDNOW_sample.txt as row objects (whitespace separated, no header). */
export function cdnowSampleRows(): {
  customer_id: string;
  date: string;
  cds: string;
  amount: string;
}[] {
  return readDataFile('CDNOW_sample.txt')
    .trim()
    .split('\n')
    .map((line) => {
      const f = line.trim().split(/\s+/);
      return { customer_id: f[1]!, date: f[2]!, cds: f[3]!, amount: f[4]! };
    });
}

/** Neumaier-compensated sum of a column. */
export function total(values: ArrayLike<number>): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}
