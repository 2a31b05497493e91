import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/cli/errors.js';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import { readModelBundle } from '../../src/cli/models.js';
import { ClvError, loadModel } from '../../src/index.js';
import { cli, useTempDir, writeLog } from './helpers.js';

const dir = useTempDir('run');
const log = writeLog(dir);
const window = ['--observation-end', log.observationEnd, '--unit', 'week'];

function parseCsv(text: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('clvkit report', () => {
  it('writes report.html, customers.csv (one row per customer, every score) and model.json', async () => {
    const out = join(dir, 'report');
    const run = await cli([
      'report',
      log.path,
      ...window,
      '--out',
      out,
      '--margin',
      '0.3',
      '--discount-rate',
      '0.1',
      '--cac',
      '20',
      '--quiet',
    ]);
    expect([EXIT_CODES.ok, EXIT_CODES.fitFailed]).toContain(run.code);
    if (run.code !== EXIT_CODES.ok) expect(run.stderr).toBe('');
    expect(run.stdout).toContain('customers, mean predicted CLV');
    for (const file of ['report.html', 'customers.csv', 'model.json'])
      expect(existsSync(join(out, file))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<html/i);

    const rows = parseCsv(readFileSync(join(out, 'customers.csv'), 'utf8'));
    expect(rows).toHaveLength(log.customers);
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(log.customers);
    for (const column of [
      'customer_id',
      'frequency',
      'recency',
      'T',
      'monetary_value',
      'total_spend',
      'r_score',
      'f_score',
      'm_score',
      'rfm_cell',
      'rfm_segment',
      'value_tier',
      'lifecycle_stage',
      'p_alive',
      'churn_risk',
      'expected_purchases',
      'expected_spend',
      'predicted_clv',
    ]) {
      expect(Object.keys(rows[0]!)).toContain(column);
    }
    for (const row of rows.slice(0, 200)) {
      const alive = Number(row.p_alive);
      expect(alive).toBeGreaterThanOrEqual(0);
      expect(alive).toBeLessThanOrEqual(1);
      expect(Number(row.churn_risk)).toBeCloseTo(1 - alive, 5);
      expect(Number(row.predicted_clv)).toBeGreaterThanOrEqual(0);
      expect(['VIP', 'rest']).toContain(row.value_tier);
      expect(['new', 'active', 'reactivated', 'dormant', 'lost']).toContain(row.lifecycle_stage);
    }

    const bundle = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(bundle.format).toBe('clvkit-models');
    expect(loadModel(bundle.purchase).kind).toBe('bg-nbd');
    expect(loadModel(bundle.spend).kind).toBe('gamma-gamma');
    expect(readModelBundle(bundle).purchase?.params).toEqual(bundle.purchase.params);
  });

  it('prints a JSON result with --json, and evaluates the holdout with --calibration-end', async () => {
    const out = join(dir, 'report-holdout');
    const run = await cli([
      'report',
      log.path,
      ...window,
      '--calibration-end',
      log.calibrationEnd,
      '--out',
      out,
      '--json',
    ]);
    const result = JSON.parse(run.stdout);
    expect(result.command).toBe('report');
    expect(result.exitCode).toBe(run.code);
    expect(result.customers).toBe(log.customers);
    expect(result.holdout.customers).toBeGreaterThan(0);
    expect(result.holdout.mae).toBeGreaterThanOrEqual(0);
    expect(result.files.customers).toBe(join(out, 'customers.csv'));
    expect(result.timings.map((t: { step: string }) => t.step)).toContain('holdout evaluation');
    expect(result.reportBytes).toBeLessThan(5 * 1024 * 1024);
  });

  it('--model auto compares the three purchase models and keeps the recommended one', async () => {
    const out = join(dir, 'report-auto');
    const run = await cli([
      'report',
      log.path,
      ...window,
      '--calibration-end',
      log.calibrationEnd,
      '--model',
      'auto',
      '--out',
      out,
      '--json',
    ]);
    const result = JSON.parse(run.stdout);
    const comparison = result.modelComparison;
    expect(comparison.criterion).toBe('holdout');
    expect(comparison.rows.map((row: { kind: string }) => row.kind)).toEqual([
      'bg-nbd',
      'pareto-nbd',
      'mbg-nbd',
    ]);
    expect(result.models.purchase.kind).toBe(comparison.best);
    const maes = comparison.rows
      .filter((row: { converged: boolean }) => row.converged)
      .map((row: { holdout: { mae: number } }) => row.holdout.mae);
    const best = comparison.rows.find((row: { kind: string }) => row.kind === comparison.best);
    expect(best.holdout.mae).toBe(Math.min(...maes));
    expect(run.stderr).toContain('--model auto:');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Model comparison (--model auto)');
    const bundle = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(readModelBundle(bundle).purchase?.kind).toBe(comparison.best);
  });

  it('fits MBG/NBD or Pareto/NBD on request', async () => {
    for (const model of ['mbg-nbd', 'pareto-nbd']) {
      const out = join(dir, `report-${model}`);
      const run = await cli([
        'report',
        log.path,
        ...window,
        '--model',
        model,
        '--out',
        out,
        '--json',
      ]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).models.purchase.kind).toBe(model);
    }
  });

  it('pseudonymises ids with the key from CLVKIT_PSEUDONYM_KEY, and refuses to run without it', async () => {
    const out = join(dir, 'report-private');
    const env = { CLVKIT_PSEUDONYM_KEY: 'a test key that is long enough' };
    const run = await cli(
      ['report', log.path, ...window, '--out', out, '--pseudonymize', '--quiet'],
      { env },
    );
    expect([EXIT_CODES.ok, EXIT_CODES.fitFailed]).toContain(run.code);
    const rows = parseCsv(readFileSync(join(out, 'customers.csv'), 'utf8'));
    expect(rows).toHaveLength(log.customers);
    for (const row of rows) expect(row.customer_id).toMatch(/^[0-9a-f]{64}$/);
    const missing = await cli(['report', log.path, ...window, '--out', out, '--pseudonymize']);
    expect(missing.code).toBe(EXIT_CODES.usage);
    expect(missing.stderr).toContain('CLVKIT_PSEUDONYM_KEY');
    const short = await cli(['report', log.path, ...window, '--out', out, '--pseudonymize'], {
      env: { CLVKIT_PSEUDONYM_KEY: 'short' },
    });
    expect(short.code).toBe(EXIT_CODES.usage);
    expect(short.stderr).not.toContain('"short"');
  });

  it('lists rejected rows with their reasons (rejected.csv) and fails on them only with --strict', async () => {
    const text = readFileSync(log.path, 'utf8').trimEnd();
    const path = join(dir, 'with-bad-rows.csv');
    writeFileSync(path, `${text}\nbad1,2023-02-30,5\nbad2,1997-05-01,abc\n`);
    const out = join(dir, 'report-rejected');
    const run = await cli(['report', path, ...window, '--out', out]);
    expect([EXIT_CODES.ok, EXIT_CODES.fitFailed]).toContain(run.code);
    expect(run.stderr).toContain('2 of');
    expect(run.stderr).toContain('INVALID_DATE');
    const rejected = parseCsv(readFileSync(join(out, 'rejected.csv'), 'utf8'));
    expect(rejected.map((r) => r.code)).toEqual(['INVALID_DATE', 'INVALID_AMOUNT']);
    expect(rejected[0]!.reason).toContain('2023-02-30');
    const strict = await cli(['report', path, ...window, '--out', out, '--strict']);
    expect(strict.code).toBe(EXIT_CODES.badInput);
  });
});

describe('the smaller verbs', () => {
  it('summary → fit → score and segments chain through files', async () => {
    const summaryPath = join(dir, 'summary.csv');
    const summary = await cli(['summary', log.path, ...window, '-o', summaryPath, '--json']);
    expect(summary.code).toBe(EXIT_CODES.ok);
    const summaryResult = JSON.parse(summary.stdout);
    expect(summaryResult.customers).toBe(log.customers);
    const summaryRows = parseCsv(readFileSync(summaryPath, 'utf8'));
    expect(summaryRows).toHaveLength(log.customers);
    expect(Object.keys(summaryRows[0]!)).toEqual(
      expect.arrayContaining(['customer_id', 'frequency', 'recency', 'T', 'monetary_value']),
    );

    const modelPath = join(dir, 'model.json');
    const fit = await cli(['fit', summaryPath, '--unit', 'week', '-o', modelPath, '--json']);
    expect([EXIT_CODES.ok, EXIT_CODES.fitFailed]).toContain(fit.code);
    const fitResult = JSON.parse(fit.stdout);
    expect(fitResult.purchase.kind).toBe('bg-nbd');
    expect(fitResult.purchase.params.r).toBeGreaterThan(0);
    const bundle = readModelBundle(JSON.parse(readFileSync(modelPath, 'utf8')));
    expect(bundle.purchase?.params).toEqual(fitResult.purchase.params);

    // The same fit from the transactions directly.
    const direct = await cli(['fit', log.path, ...window, '--quiet']);
    expect(JSON.parse(direct.stdout).purchase.params).toEqual(fitResult.purchase.params);

    const score = await cli(['score', modelPath, summaryPath, '--unit', 'week', '--quiet']);
    expect(score.code).toBe(EXIT_CODES.ok);
    const scores = parseCsv(score.stdout);
    expect(scores).toHaveLength(log.customers);
    expect(Object.keys(scores[0]!)).toEqual(
      expect.arrayContaining([
        'customer_id',
        'p_alive',
        'churn_risk',
        'expected_purchases',
        'predicted_clv',
      ]),
    );

    const segments = await cli(['segments', summaryPath, '--unit', 'week', '--quiet']);
    expect(segments.code).toBe(EXIT_CODES.ok);
    const segmentRows = parseCsv(segments.stdout);
    expect(segmentRows).toHaveLength(log.customers);
    expect(segmentRows.some((r) => r.rfm_segment === 'Champions')).toBe(true);
  });

  it('--json without --out for a table is a usage error; JSON errors are printed on stdout', async () => {
    const run = await cli(['segments', log.path, ...window, '--json']);
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, exitCode: EXIT_CODES.usage });
  });
});

describe('exit codes', () => {
  it('2 for usage errors', async () => {
    expect((await cli(['report', log.path, '--unit', 'week'])).code).toBe(EXIT_CODES.usage); // no --observation-end
    expect(
      (await cli(['report', log.path, '--observation-end', '2024-02-30', '--unit', 'week'])).code,
    ).toBe(EXIT_CODES.usage);
    expect((await cli(['report', log.path, ...window, '--margin', 'lots'])).code).toBe(
      EXIT_CODES.usage,
    );
    expect((await cli(['report', log.path, ...window, '--no-such-flag'])).code).toBe(
      EXIT_CODES.usage,
    );
    expect(
      (await cli(['report', log.path, '--observation-end', '1998-07-01', '--unit', 'fortnight']))
        .code,
    ).toBe(EXIT_CODES.usage);
    expect((await cli(['frobnicate'])).code).toBe(EXIT_CODES.usage);
    expect((await cli([])).code).toBe(EXIT_CODES.usage);
    const run = await cli(['summary', log.path, ...window, '--calibration-end', '1999-01-01']);
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(run.stderr).toContain('--calibration-end');
  });

  it('3 for bad input data', async () => {
    const missing = await cli(['summary', join(dir, 'nope.csv'), ...window]);
    expect(missing.code).toBe(EXIT_CODES.badInput);
    expect(missing.stderr).toContain('nope.csv');
    const noColumn = join(dir, 'no-amount.csv');
    writeFileSync(noColumn, 'customer_id,date\na,2024-01-01\n');
    const column = await cli(['summary', noColumn, ...window]);
    expect(column.code).toBe(EXIT_CODES.badInput);
    expect(column.stderr).toContain('MISSING_COLUMN');
    const allBad = join(dir, 'all-bad.csv');
    writeFileSync(allBad, 'customer_id,date,amount\na,2024-13-01,1\nb,xx,2\n');
    expect((await cli(['summary', allBad, ...window])).code).toBe(EXIT_CODES.badInput);
    const badModel = join(dir, 'bad-model.json');
    writeFileSync(badModel, '{"kind":"bg-nbd"}');
    expect((await cli(['score', badModel, log.path, ...window])).code).toBe(EXIT_CODES.badInput);
  });

  it('4 when a model cannot be fitted', async () => {
    // Every customer bought once: BG/NBD has nothing to learn dropout from.
    const once = join(dir, 'one-purchase-each.csv');
    writeFileSync(
      once,
      `customer_id,date,amount\n${Array.from({ length: 50 }, (_, i) => `c${i},1997-0${1 + (i % 9)}-1${i % 10},${10 + i}`).join('\n')}\n`,
    );
    const fit = await cli(['fit', once, ...window, '--json', '-o', join(dir, 'm.json')]);
    expect(fit.code).toBe(EXIT_CODES.fitFailed);
    expect(JSON.parse(fit.stdout).exitCode).toBe(EXIT_CODES.fitFailed);
    const report = await cli(['report', once, ...window, '--out', join(dir, 'r4')]);
    expect(report.code).toBe(EXIT_CODES.fitFailed);
  });

  it('1 for a bug, with a short stack hint; ClvError codes map to input or fit failures', () => {
    const bug = classifyError(new TypeError('x is undefined'));
    expect(bug.code).toBe(EXIT_CODES.bug);
    expect(bug.message).toContain('x is undefined');
    expect(bug.message).toContain('at ');
    expect(classifyError(new ClvError({ code: 'FIT_FAILED', message: 'no' })).code).toBe(
      EXIT_CODES.fitFailed,
    );
    expect(classifyError(new ClvError({ code: 'INVALID_DATE', message: 'no' })).code).toBe(
      EXIT_CODES.badInput,
    );
  });
});

describe('--help', () => {
  it('documents every command with examples and the exit codes', async () => {
    const root = await cli(['--help']);
    expect(root.code).toBe(EXIT_CODES.ok);
    expect(root.stdout).toContain('Exit codes:');
    for (const command of ['report', 'summary', 'fit', 'score', 'segments']) {
      expect(root.stdout).toContain(command);
      const help = await cli([command, '--help']);
      expect(help.code).toBe(EXIT_CODES.ok);
      expect(help.stdout).toContain(`Usage: clvkit ${command}`);
      expect(help.stdout).toContain('Examples:');
      expect(help.stdout).toContain('Exit codes:');
      expect(help.stdout).toContain('--json');
    }
    expect((await cli(['report', '--help'])).stdout).toContain('--customer-column');
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('runs end to end as a process (npx tsx src/cli/index.ts --help)', () => {
    const result = spawnSync('npx', ['tsx', 'src/cli/index.ts', '--help'], {
      cwd: join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: clvkit');
    expect(result.stdout).toContain('Exit codes:');
  }, 60_000);
});
