// `clvkit report` end to end on the benchmark log (1,000,000 customers, 5.3 M transactions;
// 10,000 customers in smoke mode): the CSV is written once, then the CLI runs in a child process
// (node --import tsx src/cli/index.ts report …), timed from spawn to exit, with its peak RSS from
// /usr/bin/time -v when present, else from the process's own resource usage.
// Called by the bench runner: benchCliReport(smoke).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One measured run. */
export interface CliReportBenchResult {
  readonly name: string;
  readonly rows: number;
  readonly customers: number;
  readonly ms: number;
  readonly rowsPerSecond: number;
  readonly peakRssMb?: number;
  /** CPU time of the child (user + system, all threads), from /usr/bin/time. */
  readonly cpuMs?: number;
  readonly note?: string;
  readonly target?: string;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes (or reuses) the benchmark CSV of `customers` customers; returns its path and row count. */
function benchmarkCsv(customers: number, dir: string): { path: string; rows: number } {
  const shared = join(root, '.bench-tmp', `log-${customers}.csv`);
  const path = existsSync(shared) ? shared : join(dir, `log-${customers}.csv`);
  if (!existsSync(path)) {
    const written = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'bench', 'cases', 'write-csv.ts'), String(customers), path],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (written.status !== 0)
      throw new Error(`writing the benchmark CSV failed:\n${written.stderr}`);
  }
  const lines = spawnSync('wc', ['-l', path], { encoding: 'utf8' });
  const rows = Number(lines.stdout.trim().split(/\s+/)[0]) - 1;
  return { path, rows };
}

interface ReportRun {
  readonly ms: number;
  readonly peakRssMb: number | undefined;
  readonly cpuMs: number | undefined;
  readonly result: {
    readonly exitCode: number;
    readonly customers: number;
    readonly reportBytes: number;
    readonly timings: readonly { step: string; ms: number; cpuMs?: number }[];
    readonly problems: readonly string[];
  };
}

/** Runs `clvkit report` in a child process and measures it. */
function runReport(csv: string, out: string): ReportRun {
  const args = [
    '--import',
    'tsx',
    join(root, 'src', 'cli', 'index.ts'),
    'report',
    csv,
    '--observation-end',
    '2025-01-01',
    '--unit',
    'week',
    '--margin',
    '0.3',
    '--discount-rate',
    '0.1',
    '--cac',
    '50',
    '--out',
    out,
    '--json',
    '--quiet',
  ];
  const timed = existsSync('/usr/bin/time');
  const start = performance.now();
  const child = timed
    ? spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      })
    : spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - start;
  if (child.status !== 0 && child.status !== 4) {
    throw new Error(`clvkit report exited with ${child.status}:\n${child.stderr}\n${child.stdout}`);
  }
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr ?? '');
  const user = /User time \(seconds\): ([\d.]+)/.exec(child.stderr ?? '');
  const system = /System time \(seconds\): ([\d.]+)/.exec(child.stderr ?? '');
  return {
    ms,
    peakRssMb: rss === null ? undefined : Number(rss[1]) / 1024,
    cpuMs:
      user === null || system === null
        ? undefined
        : Math.round((Number(user[1]) + Number(system[1])) * 1000),
    result: JSON.parse(child.stdout),
  };
}

/**
 * `clvkit report` end to end, once (the machine is shared; a single run is noisy). Targets from
 * issue 8: ≤ 15 s and ≤ 2 GB at 1,000,000 customers, report.html ≤ 5 MB.
 */
export async function benchCliReport(smoke: boolean): Promise<CliReportBenchResult[]> {
  const customers = smoke ? 10_000 : 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-bench-cli-'));
  try {
    const { path, rows } = benchmarkCsv(customers, dir);
    const out = join(dir, 'report');
    mkdirSync(out, { recursive: true });
    const run = runReport(path, out);
    // Wall and CPU seconds per step: on a shared machine the CPU time is the steadier figure.
    const steps = run.result.timings
      .filter((t) => t.step !== 'total')
      .map(
        (t) =>
          `${t.step} ${(t.ms / 1000).toFixed(2)} s${t.cpuMs === undefined ? '' : ` (cpu ${(t.cpuMs / 1000).toFixed(2)})`}`,
      )
      .join(', ');
    const inside = run.result.timings.find((t) => t.step === 'total')?.ms;
    const htmlMb = statSync(join(out, 'report.html')).size / 2 ** 20;
    const csvMb = statSync(join(out, 'customers.csv')).size / 2 ** 20;
    const name = `clvkit report end to end (${(statSync(path).size / 2 ** 20).toFixed(0)} MB CSV; report.html ${htmlMb.toFixed(2)} MB, customers.csv ${csvMb.toFixed(0)} MB)`;
    const result: CliReportBenchResult = {
      name,
      rows,
      customers: run.result.customers,
      ms: Math.round(run.ms),
      rowsPerSecond: Math.round((rows / run.ms) * 1000),
      ...(run.peakRssMb === undefined ? {} : { peakRssMb: Math.round(run.peakRssMb) }),
      ...(run.cpuMs === undefined ? {} : { cpuMs: run.cpuMs }),
      note: `exit ${run.result.exitCode}; ${inside === undefined ? '' : `pipeline ${(inside / 1000).toFixed(2)} s after start-up; `}steps: ${steps}${run.result.problems.length > 0 ? `; ${run.result.problems.join('; ')}` : ''}`,
      ...(smoke ? {} : { target: '≤ 15 s, ≤ 2 GB, report.html ≤ 5 MB' }),
    };
    return [result];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
