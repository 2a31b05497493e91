/**
 * The steps the commands share: read a transaction log, clean it, summarise it, read and write
 * summaries, score customers.
 *
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import Papa from 'papaparse';
import type { CleanTransactionsOptions } from '../cleaning/clean-transactions.js';
import type { CurrencyRate } from '../cleaning/convert-currency.js';
import { predictClv } from '../clv/predict-clv.js';
import { conditionalPurchases, type PurchaseFit } from '../clv/purchase-model.js';
import { ClvError } from '../errors/index.js';
import type { GammaGammaFit } from '../models/gamma-gamma/types.js';
import { readTransactionsCsv } from '../node/read-transactions-csv.js';
import { summaryFromColumns } from '../summary/columns.js';
import { summarizeTransactions } from '../summary/summarize.js';
import type { CustomerSummary } from '../summary/types.js';
import { convertDuration, type TimeUnit } from '../time/index.js';
import type { ParseTransactionColumnsResult, RejectedRow } from '../transactions/parse.js';
import type { TransactionColumns } from '../transactions/types.js';
import { cleanTransactionColumns } from './clean-columns.js';
import { type CsvColumn, csvCell, instantColumn, numberColumn } from './csv.js';
import { CliInputError, usage } from './errors.js';
import type { CliIo, Reporter } from './io.js';
import { type ReadFlags, readOptionsOf, type Window } from './options.js';

/** A path resolved against the command's working folder. */
export function resolvePath(io: CliIo, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd ?? process.cwd(), path);
}

/** The transactions read from a CSV file. */
export interface LoadedLog {
  readonly columns: TransactionColumns;
  readonly rejected: readonly RejectedRow[];
  readonly rowsRead: number;
}

/** Rejected rows printed on stderr at most (all are in `rejected.csv` and the report). */
const REJECTED_SHOWN = 10;

/**
 * Reads and validates a transaction CSV (columnar, rejected rows collected), with a progress bar
 * of bytes on a terminal; lists the first rejected rows on stderr.
 *
 * @throws {ClvError} from the reader (unreadable file, missing column); {@link CliInputError}
 *   when no row is valid, or any is rejected under `--strict`.
 */
export async function loadTransactions(
  io: CliIo,
  reporter: Reporter,
  file: string,
  flags: ReadFlags,
): Promise<LoadedLog> {
  const path = resolvePath(io, file);
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // The reader reports the missing file with its own error.
  }
  const bar = reporter.progress('reading', size, file);
  let result: ParseTransactionColumnsResult;
  try {
    result = await reporter.stepAsync('read and validate', () =>
      readTransactionsCsv(path, {
        ...readOptionsOf(flags),
        onProgress: (bytes) => bar.update(bytes),
      }),
    );
  } finally {
    bar.stop();
  }
  const { columns, rejected, rowsRead } = result;
  if (rejected.length > 0) {
    reporter.note(
      `${rejected.length.toLocaleString('en-US')} of ${rowsRead.toLocaleString('en-US')} rows rejected${rejected.length > REJECTED_SHOWN ? ` (first ${REJECTED_SHOWN} shown)` : ''}:`,
    );
    for (const row of rejected.slice(0, REJECTED_SHOWN)) {
      reporter.note(`  row ${row.row}: ${row.code}: ${row.message}`);
    }
    if (flags.strict) {
      throw new CliInputError(
        `${rejected.length} rows rejected (--strict); first: row ${rejected[0]!.row}: ${rejected[0]!.message}`,
      );
    }
  }
  if (columns.customerId.length === 0) {
    throw new CliInputError(
      rowsRead === 0
        ? `${file} has no data rows`
        : `no valid row in ${file}: all ${rowsRead} rows were rejected (first: row ${rejected[0]?.row}: ${rejected[0]?.message})`,
    );
  }
  return { columns, rejected, rowsRead };
}

/** Cleaning flags of the `report` and `summary` commands. */
export interface CleaningFlags {
  readonly currency?: string;
  readonly rates?: string;
  readonly defaultCurrency?: string;
  readonly channelPriority?: string;
}

/**
 * Reads an exchange-rate table: a CSV with columns `currency`, `rate` (units of the reporting
 * currency per unit of `currency`) and optionally `date` (first day of validity, YYYY-MM-DD).
 *
 * @throws {CliInputError} for a missing column or a malformed rate (row named).
 */
export function readRates(io: CliIo, file: string): CurrencyRate[] {
  let text: string;
  try {
    text = readFileSync(resolvePath(io, file), 'utf8');
  } catch (error) {
    throw new CliInputError(`cannot read the rate table ${file}: ${(error as Error).message}`);
  }
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  for (const column of ['currency', 'rate']) {
    if (!fields.includes(column)) {
      throw new CliInputError(
        `the rate table ${file} has no '${column}' column (columns: ${fields.join(', ') || 'none'}); expected currency,rate[,date]`,
      );
    }
  }
  return parsed.data.map((row, i) => {
    const rate = Number(row.rate);
    if (!Number.isFinite(rate) || !(rate > 0)) {
      throw new CliInputError(
        `${file} row ${i + 1}: rate ${JSON.stringify(row.rate)} is not a positive number`,
      );
    }
    const date = row.date?.trim();
    return date
      ? { currency: row.currency ?? '', rate, date }
      : { currency: row.currency ?? '', rate };
  });
}

/** `cleanTransactions` options from the flags. */
export function cleaningOptionsOf(io: CliIo, flags: CleaningFlags): CleanTransactionsOptions {
  const options: Record<string, unknown> = {};
  if ((flags.currency === undefined) !== (flags.rates === undefined)) {
    usage('--currency and --rates go together: the reporting currency and its rate table');
  }
  if (flags.currency !== undefined && flags.rates !== undefined) {
    const currency: Record<string, unknown> = {
      to: flags.currency,
      rates: readRates(io, flags.rates),
    };
    if (flags.defaultCurrency !== undefined) currency.defaultCurrency = flags.defaultCurrency;
    options.currency = currency;
  } else if (flags.defaultCurrency !== undefined) {
    usage('--default-currency needs --currency and --rates');
  }
  if (flags.channelPriority !== undefined) {
    options.deduplicate = {
      channelPriority: flags.channelPriority
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    };
  }
  return options as CleanTransactionsOptions;
}

/** Cleans the log (columnar fast path) and reports what each step did on stderr. */
export function cleanLog(
  reporter: Reporter,
  columns: TransactionColumns,
  options: CleanTransactionsOptions,
): ReturnType<typeof cleanTransactionColumns> {
  const cleaned = reporter.step('clean', () => cleanTransactionColumns(columns, options));
  for (const report of cleaned.reports) {
    if (report.rowsIn !== report.rowsOut) {
      reporter.note(
        `${report.step}: ${report.rowsIn.toLocaleString('en-US')} → ${report.rowsOut.toLocaleString('en-US')} rows`,
      );
    }
  }
  if (cleaned.rejected.length > 0) {
    reporter.warn(`${cleaned.rejected.length} rows without an exchange rate were set aside`);
  }
  return cleaned;
}

/** Summarises a clean log over the window. */
export function summarise(
  reporter: Reporter,
  columns: TransactionColumns,
  window: Window,
  calibrationEnd: Date | undefined,
): CustomerSummary {
  const summary = reporter.step(
    calibrationEnd === undefined ? 'summarise' : 'summarise (calibration)',
    () =>
      summarizeTransactions(columns, {
        unit: window.unit,
        observationEnd: window.observationEnd,
        mode: window.mode,
        ...(calibrationEnd === undefined ? {} : { calibrationEnd }),
      }),
  );
  if (summary.ids.length === 0) {
    throw new CliInputError(
      `no customer has a purchase up to ${(calibrationEnd ?? window.observationEnd).toISOString()}: check --observation-end${calibrationEnd === undefined ? '' : ' and --calibration-end'}`,
    );
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------
// Summary CSV (the `summary` command's output, read back by `fit`, `score` and `segments`).

const SUMMARY_CSV: readonly [
  header: string,
  column: keyof CustomerSummary,
  kind: 'number' | 'date',
][] = [
  ['frequency', 'frequency', 'number'],
  ['recency', 'recency', 'number'],
  ['T', 'T', 'number'],
  ['monetary_value', 'monetaryValue', 'number'],
  ['orders', 'orders', 'number'],
  ['total_spend', 'totalSpend', 'number'],
  ['first_purchase', 'firstPurchase', 'date'],
  ['last_purchase', 'lastPurchase', 'date'],
  ['frequency_holdout', 'frequencyHoldout', 'number'],
  ['monetary_holdout', 'monetaryHoldout', 'number'],
  ['duration_holdout', 'durationHoldout', 'number'],
];

/** The columns of a summary CSV (every column the summary has; numbers in full precision). */
export function summaryCsvColumns(summary: CustomerSummary): CsvColumn[] {
  const columns: CsvColumn[] = [{ header: 'customer_id', cell: (i) => csvCell(summary.ids[i]!) }];
  for (const [header, name, kind] of SUMMARY_CSV) {
    const values = summary[name] as Float64Array | undefined;
    if (values === undefined) continue;
    columns.push(
      kind === 'date' ? instantColumn(header, values) : { header, cell: (i) => String(values[i]!) },
    );
  }
  return columns;
}

const FORMULA_ESCAPED = /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Undoes the formula escaping of {@link csvCell} on an id read back from a clvkit CSV. */
export function unescapeCell(value: string): string {
  return FORMULA_ESCAPED.test(value) ? value.slice(1) : value;
}

/** True when a CSV header looks like a per-customer summary (frequency, recency, T). */
export function isSummaryHeader(fields: readonly string[]): boolean {
  const names = new Set(fields.map((f) => f.trim()));
  return names.has('frequency') && names.has('recency') && (names.has('T') || names.has('t'));
}

/** The header row of a CSV file (to tell a summary from a transaction log). */
export function csvHeader(io: CliIo, file: string): string[] {
  let text: string;
  try {
    const fd = readFileSync(resolvePath(io, file));
    text = fd
      .subarray(0, 64 * 1024)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } catch (error) {
    throw new CliInputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const firstLine = Papa.parse<string[]>(text, { preview: 1 });
  return (firstLine.data[0] ?? []).map((f) => f.trim());
}

/**
 * Reads a summary CSV (as written by `clvkit summary`, or any CSV with customer_id, frequency,
 * recency, T and optionally monetary_value, …) into a validated summary.
 *
 * @throws {CliInputError} for a missing column or a non-numeric cell; {@link ClvError} from
 *   `summaryFromColumns` for invalid values.
 */
export function readSummaryCsv(io: CliIo, file: string, unit: TimeUnit): CustomerSummary {
  const text = readFileSync(resolvePath(io, file), 'utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => (h.trim() === 't' ? 'T' : h.trim()),
  });
  const fields = parsed.meta.fields ?? [];
  const idColumn = ['customer_id', 'customerId', 'id'].find((f) => fields.includes(f));
  if (idColumn === undefined) {
    throw new CliInputError(`${file}: no customer_id column (columns: ${fields.join(', ')})`);
  }
  const rows = parsed.data;
  const ids = rows.map((row) => unescapeCell(row[idColumn] ?? ''));
  const input: Record<string, unknown> = { ids, unit };
  for (const [header, name, kind] of SUMMARY_CSV) {
    if (!fields.includes(header)) continue;
    const values = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const cell = rows[i]![header] ?? '';
      const v = kind === 'date' ? Date.parse(cell) : cell.trim() === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(v)) {
        throw new CliInputError(
          `${file} row ${i + 1}: ${header} ${JSON.stringify(cell)} is not a ${kind}`,
        );
      }
      values[i] = v;
    }
    input[name] = values;
  }
  try {
    return summaryFromColumns(input as unknown as Parameters<typeof summaryFromColumns>[0]);
  } catch (error) {
    if (error instanceof ClvError)
      throw new CliInputError(`${file}: ${error.message}`, { cause: error });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Scores

/** CLV terms from the flags. */
export interface ClvTerms {
  readonly horizon: number;
  readonly horizonUnit: TimeUnit;
  readonly discountRate: number;
  readonly margin: number;
}

/** Every per-customer score of the models. */
export interface CustomerScores {
  readonly probabilityAlive: Float64Array;
  readonly churnRisk: Float64Array;
  readonly expectedPurchases: Float64Array;
  readonly expectedSpend: Float64Array | undefined;
  readonly clv: Float64Array | undefined;
  readonly totalClv: number | undefined;
}

/** P(alive), churn risk (1 − P(alive)), expected purchases over the horizon and predicted CLV. */
export function scoreCustomers(
  reporter: Reporter,
  purchaseFit: PurchaseFit,
  spendFit: GammaGammaFit | undefined,
  summary: CustomerSummary,
  terms: ClvTerms,
  probabilityAlive: (fit: PurchaseFit, summary: CustomerSummary) => Float64Array,
): CustomerScores {
  const alive = reporter.step('P(alive)', () => probabilityAlive(purchaseFit, summary));
  const churnRisk = new Float64Array(alive.length);
  for (let i = 0; i < alive.length; i++) churnRisk[i] = 1 - alive[i]!;
  if (spendFit === undefined) {
    const horizon = convertDuration(terms.horizon, terms.horizonUnit, purchaseFit.timeUnit);
    const expectedPurchases = reporter.step('expected purchases', () =>
      conditionalPurchases(purchaseFit, summary, horizon),
    );
    return {
      probabilityAlive: alive,
      churnRisk,
      expectedPurchases,
      expectedSpend: undefined,
      clv: undefined,
      totalClv: undefined,
    };
  }
  const result = reporter.step('predicted CLV', () =>
    predictClv({
      purchaseFit,
      spendFit,
      summary,
      horizon: terms.horizon,
      horizonUnit: terms.horizonUnit,
      discountRate: terms.discountRate,
      discountUnit: 'year',
      margin: terms.margin,
    }),
  );
  return {
    probabilityAlive: alive,
    churnRisk,
    expectedPurchases: result.expectedPurchases,
    expectedSpend: result.expectedSpend,
    clv: result.clv,
    totalClv: result.totalClv,
  };
}

/** The score columns of a customers/scores CSV. */
export function scoreCsvColumns(scores: CustomerScores): CsvColumn[] {
  const columns: CsvColumn[] = [
    numberColumn('p_alive', scores.probabilityAlive, 6),
    numberColumn('churn_risk', scores.churnRisk, 6),
    numberColumn('expected_purchases', scores.expectedPurchases, 4),
  ];
  if (scores.expectedSpend !== undefined) {
    columns.push(numberColumn('expected_spend', scores.expectedSpend, 4));
  }
  if (scores.clv !== undefined) columns.push(numberColumn('predicted_clv', scores.clv, 4));
  return columns;
}
