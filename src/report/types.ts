import type { VegaLiteSpec } from '../charts/types.js';
import type { CleaningReport } from '../cleaning/shared.js';
import type { SegmentReport } from '../segments/report.js';
import type { SummaryReport } from '../summary/types.js';
import type { TimeUnit } from '../time/index.js';

/**
 * The Vega, Vega-Lite and vega-embed UMD bundles as JavaScript source text, inlined into the
 * report so that it renders offline. In Node, `loadReportAssets()` from `clvkit/node` reads them
 * from the installed packages (`vega/build/vega.min.js`, `vega-lite/build/vega-lite.min.js`,
 * `vega-embed/build/vega-embed.min.js`); in a browser, fetch the same files.
 *
 * @example
 * ```ts
 * import type { ReportAssets } from 'clvkit/report';
 * const assets: ReportAssets = { vega: '/* vega.min.js *\/', vegaLite: '…', vegaEmbed: '…' };
 * ```
 */
export interface ReportAssets {
  /** Source of `vega.min.js` (defines the global `vega`). */
  readonly vega: string;
  /** Source of `vega-lite.min.js` (defines `vegaLite`; needs `vega`). */
  readonly vegaLite: string;
  /** Source of `vega-embed.min.js` (defines `vegaEmbed`; needs both). */
  readonly vegaEmbed: string;
}

/**
 * Headline figures at the top of the report. Money is in {@link ReportInput.currency}; any figure
 * left undefined is not shown.
 *
 * @example
 * ```ts
 * import type { ReportHeadline } from 'clvkit/report';
 * const headline: ReportHeadline = { customers: 1200, transactions: 5400, revenue: 250_000, meanClv: 180, totalClv: 216_000, cac: 60, clvToCac: 3 };
 * ```
 */
export interface ReportHeadline {
  /** Customers in the summary. */
  readonly customers: number;
  /** Transactions used (after validation and cleaning). */
  readonly transactions?: number;
  /** Total revenue of those transactions. */
  readonly revenue?: number;
  /** Mean predicted CLV per customer. */
  readonly meanClv?: number;
  /** Total predicted CLV. */
  readonly totalClv?: number;
  /** The CLV horizon in words, e.g. `'1 year, 10 % discount'` (shown under the CLV figures). */
  readonly clvHorizon?: string;
  /** Customer acquisition cost, when given. */
  readonly cac?: number;
  /** Mean CLV over CAC, when a CAC is given. */
  readonly clvToCac?: number;
  /** Further figures, shown after the standard ones (value already formatted or a number). */
  readonly extra?: readonly ReportFigure[];
}

/**
 * One labelled figure: a number (formatted by the report) or a preformatted string.
 *
 * @example
 * ```ts
 * import type { ReportFigure } from 'clvkit/report';
 * const figure: ReportFigure = { label: 'Churn AUC', value: 0.81, format: 'decimal' };
 * ```
 */
export interface ReportFigure {
  readonly label: string;
  readonly value: number | string;
  /**
   * How a number is shown: `'integer'` (grouped, no decimals), `'decimal'` (up to 3 significant
   * significant digits, the default), `'money'` (in the report's currency; no cents from 1,000
   * up), `'percent'` (0.25 → 25 %), `'ratio'` (two decimals: 3.14).
   */
  readonly format?: ReportNumberFormat;
}

/** How the report formats a number; see {@link ReportFigure.format}. */
export type ReportNumberFormat = 'integer' | 'decimal' | 'money' | 'percent' | 'ratio';

/**
 * What reading, cleaning and summarising did to the log: rows in and out of every step.
 *
 * @example
 * ```ts
 * import type { ReportCleaning } from 'clvkit/report';
 * const cleaning: ReportCleaning = { rowsRead: 1000, rowsRejected: 3, steps: [{ step: 'deduplicate', rowsIn: 997, rowsOut: 990 }] };
 * ```
 */
export interface ReportCleaning {
  /** Data rows read from the source (before validation). */
  readonly rowsRead?: number;
  /** Rows rejected by validation (listed in {@link ReportInput.rejected}). */
  readonly rowsRejected?: number;
  /**
   * One report per cleaning step (`cleanTransactions(...).reports`, or any object with `step`,
   * `rowsIn`, `rowsOut`); its other number fields are listed as details, arrays and maps are
   * left out.
   */
  readonly steps?: readonly CleaningReport[];
  /** The summary's report (`summary.report`): transactions used and excluded, customers. */
  readonly summary?: SummaryReport;
}

/**
 * One rejected input row and why.
 *
 * @example
 * ```ts
 * import type { ReportRejectedRow } from 'clvkit/report';
 * const row: ReportRejectedRow = { row: 17, field: 'amount', reason: "'abc' is not a number" };
 * ```
 */
export interface ReportRejectedRow {
  /** 1-based row number in the source (data rows, or file lines: say which in a note). */
  readonly row: number;
  /** The offending field, when known. */
  readonly field?: string | undefined;
  /** Why the row was rejected. */
  readonly reason: string;
}

/**
 * Rejected rows: the first few, and how many there were in all.
 *
 * @example
 * ```ts
 * import type { ReportRejected } from 'clvkit/report';
 * const rejected: ReportRejected = { total: 1, rows: [{ row: 17, field: 'date', reason: 'not a date' }] };
 * ```
 */
export interface ReportRejected {
  /** Rows to list (the report shows at most `maxRejectedRows` of them). */
  readonly rows: readonly ReportRejectedRow[];
  /** Rejected rows in all (≥ rows.length). */
  readonly total: number;
}

/**
 * One segmentation and its per-segment report.
 *
 * @example
 * ```ts
 * import { segmentReport } from 'clvkit';
 * import type { ReportSegments } from 'clvkit/report';
 * const section: ReportSegments = { title: 'Value tiers', report: segmentReport([0, 1], ['VIP', 'rest']) };
 * ```
 */
export interface ReportSegments {
  /** Section title, e.g. `'RFM segments'`, `'Value tiers'`, `'Lifecycle'`. */
  readonly title: string;
  /** One sentence on how the segments were formed. */
  readonly description?: string;
  readonly report: SegmentReport;
}

/**
 * A fitted model as plain data: any clvkit fit (`BgNbdFit`, `GammaGammaFit`, …) fits this shape.
 *
 * @example
 * ```ts
 * import type { ReportModelFit } from 'clvkit/report';
 * const fit: ReportModelFit = { kind: 'bg-nbd', params: { r: 0.24, alpha: 4.4 }, timeUnit: 'week', logLikelihood: -9582.4 };
 * ```
 */
export interface ReportModelFit {
  /** The model's kind tag, e.g. `'bg-nbd'`. */
  readonly kind: string;
  /** Parameter name → value (every finite number field is listed). */
  readonly params: object;
  /** Parameter name → standard error, when available. */
  readonly standardErrors?: object | undefined;
  readonly timeUnit?: TimeUnit;
  readonly logLikelihood?: number;
  /** The optimiser's diagnostics (`fit.diagnostics`). */
  readonly diagnostics?: {
    readonly converged?: boolean;
    readonly iterations?: number;
    readonly gradientNorm?: number;
    readonly message?: string;
    readonly customers?: number;
    readonly warnings?: readonly string[];
  };
  readonly penalty?: number;
}

/**
 * One model of the model section.
 *
 * @example
 * ```ts
 * import type { ReportModel } from 'clvkit/report';
 * const model: ReportModel = {
 *   title: 'Purchases: BG/NBD',
 *   fit: { kind: 'bg-nbd', params: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, timeUnit: 'week' },
 *   figures: [{ label: 'Holdout MAE', value: 0.61 }],
 * };
 * ```
 */
export interface ReportModel {
  /** Heading, e.g. `'Purchases: BG/NBD'`. */
  readonly title: string;
  readonly fit: ReportModelFit;
  /** One sentence on the model or why it was chosen. */
  readonly description?: string;
  /** Further figures (holdout metrics, AIC, …). */
  readonly figures?: readonly ReportFigure[];
}

/**
 * One chart: a Vega-Lite spec from `clvkit/charts`, rendered client-side.
 *
 * @example
 * ```ts
 * import { valueConcentrationChart } from 'clvkit/charts';
 * import type { ReportChart } from 'clvkit/report';
 * const chart: ReportChart = { id: 'concentration', title: 'Value concentration', spec: valueConcentrationChart([5, 3, 2]) };
 * ```
 */
export interface ReportChart {
  /** Identifier (unique within the report; shown as a `data-chart` attribute, escaped). */
  readonly id: string;
  /** Heading above the chart. */
  readonly title: string;
  /** One or two sentences on how to read it. */
  readonly description?: string;
  readonly spec: VegaLiteSpec;
  /** Take the whole row of the grid instead of one column (default false). */
  readonly wide?: boolean;
}

/** A table cell: text, a number (formatted per column), or nothing. */
export type ReportCell = string | number | null | undefined;

/**
 * A further table (top customers, model comparison, …).
 *
 * @example
 * ```ts
 * import type { ReportTable } from 'clvkit/report';
 * const table: ReportTable = { title: 'Top customers', columns: ['Customer', 'CLV'], formats: [undefined, 'money'], rows: [['c1', 812.5]] };
 * ```
 */
export interface ReportTable {
  readonly title: string;
  readonly description?: string;
  readonly columns: readonly string[];
  /** Number format per column (default `'decimal'` for numbers). */
  readonly formats?: readonly (ReportNumberFormat | undefined)[];
  /** Rows of cells, one per column. */
  readonly rows: readonly (readonly ReportCell[])[];
}

/**
 * Everything {@link renderReport} shows. Strings are text, never HTML: all are escaped.
 *
 * @example
 * ```ts
 * import type { ReportInput } from 'clvkit/report';
 * const input: ReportInput = {
 *   title: 'Customer value', generatedAt: new Date('2025-01-01T00:00:00Z'), currency: 'EUR', unit: 'week',
 *   headline: { customers: 3, revenue: 120 }, charts: [],
 * };
 * ```
 */
export interface ReportInput {
  /** Document title and top heading. */
  readonly title: string;
  /** One line under the title, e.g. the source file and observation window. */
  readonly subtitle?: string;
  /** When the report was made (shown in UTC). */
  readonly generatedAt: Date;
  /** ISO 4217 code (`'EUR'`) or a symbol for money figures; none: plain numbers. */
  readonly currency?: string;
  /** Time unit of the analysis (recency, T, model rates). */
  readonly unit: TimeUnit;
  readonly headline: ReportHeadline;
  readonly cleaning?: ReportCleaning;
  readonly rejected?: ReportRejected;
  /** Segmentations (RFM segments, value tiers, lifecycle stages…), one table each. */
  readonly segments?: readonly ReportSegments[];
  /** Fitted models with their diagnostics. */
  readonly models?: readonly ReportModel[];
  /** Charts, in order (a responsive grid: two columns on wide screens, one on phones). */
  readonly charts: readonly ReportChart[];
  readonly tables?: readonly ReportTable[];
  /** Paragraphs at the end (assumptions, caveats). */
  readonly notes?: readonly string[];
}

/**
 * Options of {@link renderReport}; defaults in `RENDER_REPORT_DEFAULTS`.
 *
 * @example
 * ```ts
 * import type { RenderReportOptions } from 'clvkit/report';
 * const options: RenderReportOptions = { maxRejectedRows: 20, locale: 'de-DE' };
 * ```
 */
export interface RenderReportOptions {
  /** Rejected rows listed at most (default 100). */
  readonly maxRejectedRows?: number;
  /** Locale of number formatting (default `'en-US'`). */
  readonly locale?: string;
}
