import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { ClvError } from '../../src/index.js';

/** A temporary directory for this test file, removed after its tests. */
export function useTempDir(prefix: string): (name: string, content: string | Uint8Array) => string {
  const dir = mkdtempSync(join(tmpdir(), `clvkit-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  return (name, content) => {
    const path = join(dir, `${n++}-${name}`);
    writeFileSync(path, content);
    return path;
  };
}

/** The outcome of a call as plain data: the value, or the error's code, row, field and message. */
export async function outcome<T>(run: () => T | Promise<T>): Promise<
  | { ok: true; value: T }
  | {
      ok: false;
      error: { code: string; row?: number; field?: string; message: string; issues: unknown };
    }
> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (!(error instanceof ClvError)) throw error;
    return {
      ok: false,
      error: {
        code: error.code,
        row: error.row,
        field: error.field,
        message: error.message,
        issues: error.issues,
      },
    };
  }
}

/**
 * A log of `rows` rows with ISO date-times, a few hundred customers and amounts with cents,
 * from a fixed linear congruential sequence.
 */
export function syntheticLog(rows: number, seed = 1): string {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const lines = ['customer_id,date,amount'];
  const start = Date.UTC(2022, 0, 1);
  for (let i = 0; i < rows; i++) {
    const id = `c${Math.floor(next() * 300)}`;
    const date = new Date(start + Math.floor(next() * 700 * 86_400) * 1000).toISOString();
    lines.push(`${id},${date.slice(0, 19)}Z,${(next() * 200).toFixed(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Open file descriptors of this process on `path` (Linux /proc), or undefined elsewhere. */
export function descriptorsOn(path: string): number | undefined {
  if (!existsSync('/proc/self/fd')) return undefined;
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) count++;
    } catch {
      // closed meanwhile
    }
  }
  return count;
}
