import type { VegaLiteSpec } from '../charts/types.js';
import { ClvError, displayValue, invalidOption, issueOf } from '../errors/index.js';
import type { SegmentReport, SegmentReportRow } from '../segments/report.js';
import { isTimeUnit } from '../time/index.js';
import { escapeHtml, jsonForScript, scriptSource } from './escape.js';
import { createNumberFormatter, type NumberFormatter } from './format.js';
import { REPORT_CSS } from './style.js';
import type {
  RenderReportOptions,
  ReportAssets,
  ReportCell,
  ReportCleaning,
  ReportFigure,
  ReportInput,
  ReportModel,
  ReportNumberFormat,
  ReportRejected,
  ReportSegments,
  ReportTable,
} from './types.js';

/** Defaults of {@link RenderReportOptions}. */
export const RENDER_REPORT_DEFAULTS = Object.freeze({
  maxRejectedRows: 100,
  locale: 'en-US',
} as const);

const FN = 'renderReport';

function bad(field: string, value: unknown, reason: string): never {
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `${FN}: ${field} = ${displayValue(value)} ${reason}`,
      undefined,
      field,
      value,
    ),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function requireString(field: string, value: unknown, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && value.trim() === ''))
    bad(field, value, allowEmpty ? 'must be a string' : 'must be a non-empty string');
  return value;
}

function optionalString(field: string, value: unknown): string | undefined {
  return value === undefined ? undefined : requireString(field, value, true);
}

function optionalArray(field: string, value: unknown): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) bad(field, value, 'must be an array');
  return value;
}

/** Checks the parts renderReport relies on; the rest is read defensively. */
function checkInput(input: unknown): ReportInput {
  if (!isObject(input)) bad('input', input, 'must be a report input object');
  requireString('title', input.title);
  optionalString('subtitle', input.subtitle);
  optionalString('currency', input.currency);
  if (!(input.generatedAt instanceof Date) || Number.isNaN(input.generatedAt.getTime()))
    bad('generatedAt', input.generatedAt, 'must be a valid Date');
  if (!isTimeUnit(input.unit)) bad('unit', input.unit, 'must be a time unit');
  if (!isObject(input.headline)) bad('headline', input.headline, 'must be an object');
  if (typeof input.headline.customers !== 'number')
    bad('headline.customers', input.headline.customers, 'must be a number');
  if (!Array.isArray(input.charts)) bad('charts', input.charts, 'must be an array');
  const ids = new Set<string>();
  input.charts.forEach((chart: unknown, i) => {
    if (!isObject(chart)) bad(`charts[${i}]`, chart, 'must be an object');
    const id = requireString(`charts[${i}].id`, chart.id);
    if (ids.has(id)) bad(`charts[${i}].id`, id, 'is not unique');
    ids.add(id);
    requireString(`charts[${i}].title`, chart.title);
    optionalString(`charts[${i}].description`, chart.description);
    if (!isObject(chart.spec))
      bad(`charts[${i}].spec`, chart.spec, 'must be a Vega-Lite spec object');
  });
  optionalArray('segments', input.segments).forEach((s, i) => {
    if (!isObject(s) || !isObject(s.report) || s.report.kind !== 'segment-report')
      bad(`segments[${i}]`, s, 'must be { title, report } with a segment report');
    requireString(`segments[${i}].title`, s.title);
  });
  optionalArray('models', input.models).forEach((m, i) => {
    if (
      !isObject(m) ||
      !isObject(m.fit) ||
      typeof m.fit.kind !== 'string' ||
      !isObject(m.fit.params)
    )
      bad(`models[${i}]`, m, 'must be { title, fit } with a fitted model');
    requireString(`models[${i}].title`, m.title);
  });
  optionalArray('tables', input.tables).forEach((t, i) => {
    if (!isObject(t) || !Array.isArray(t.columns) || !Array.isArray(t.rows))
      bad(`tables[${i}]`, t, 'must be { title, columns, rows }');
    requireString(`tables[${i}].title`, t.title);
  });
  optionalArray('notes', input.notes).forEach((note, i) => {
    requireString(`notes[${i}]`, note, true);
  });
  if (input.rejected !== undefined) {
    const r = input.rejected;
    if (!isObject(r) || !Array.isArray(r.rows) || typeof r.total !== 'number')
      bad('rejected', r, 'must be { rows, total }');
  }
  if (input.cleaning !== undefined && !isObject(input.cleaning))
    bad('cleaning', input.cleaning, 'must be an object');
  return input as unknown as ReportInput;
}

function checkAssets(assets: unknown): ReportAssets {
  if (!isObject(assets))
    bad('assets', assets, 'must be { vega, vegaLite, vegaEmbed } script sources');
  for (const key of ['vega', 'vegaLite', 'vegaEmbed'] as const) {
    if (typeof assets[key] !== 'string' || assets[key] === '')
      bad(`assets.${key}`, assets[key], 'must be the JavaScript source of the bundle');
  }
  return assets as unknown as ReportAssets;
}

/** "exactDuplicates" → "exact duplicates". */
function words(camel: string): string {
  return camel.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Renders the report's parts with one formatter. */
class Writer {
  readonly parts: string[] = [];
  constructor(readonly numbers: NumberFormatter) {}

  push(html: string): void {
    this.parts.push(html);
  }

  num(value: number | null | undefined, kind?: ReportNumberFormat): string {
    return escapeHtml(this.numbers.format(value, kind));
  }

  figure(label: string, value: string, note?: string): void {
    this.push(
      `<div class="figure"><div class="label">${escapeHtml(label)}</div><div class="value">${value}</div>${
        note === undefined ? '' : `<div class="note">${escapeHtml(note)}</div>`
      }</div>`,
    );
  }

  figureOf(f: ReportFigure): void {
    const value =
      typeof f.value === 'number' ? this.num(f.value, f.format) : escapeHtml(String(f.value));
    this.figure(String(f.label), value);
  }

  /** A table inside a horizontally scrolling box. `cells` are HTML already. */
  table(
    head: readonly { text: string; num?: boolean }[],
    rows: readonly (readonly { html: string; num?: boolean; wrap?: boolean }[])[],
    options: { caption?: string; foot?: readonly { html: string; num?: boolean }[] } = {},
  ): void {
    const th = (c: { text: string; num?: boolean }) =>
      `<th scope="col"${c.num === true ? ' class="num"' : ''}>${escapeHtml(c.text)}</th>`;
    const td = (c: { html: string; num?: boolean; wrap?: boolean }) => {
      const cls = c.num === true ? ' class="num"' : c.wrap === true ? ' class="wrap"' : '';
      return `<td${cls}>${c.html}</td>`;
    };
    const caption =
      options.caption === undefined ? '' : `<caption>${escapeHtml(options.caption)}</caption>`;
    const foot =
      options.foot === undefined ? '' : `<tfoot><tr>${options.foot.map(td).join('')}</tr></tfoot>`;
    this.push(
      `<div class="table-wrap"><table>${caption}<thead><tr>${head.map(th).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${r.map(td).join('')}</tr>`)
        .join('')}</tbody>${foot}</table></div>`,
    );
  }
}

function headline(w: Writer, input: ReportInput): void {
  const h = input.headline;
  w.push('<section class="figures" aria-label="Headline figures">');
  w.figure('Customers', w.num(h.customers, 'integer'));
  if (h.transactions !== undefined) w.figure('Transactions', w.num(h.transactions, 'integer'));
  if (h.revenue !== undefined) w.figure('Revenue', w.num(h.revenue, 'money'));
  if (h.meanClv !== undefined)
    w.figure('Mean predicted CLV', w.num(h.meanClv, 'money'), h.clvHorizon);
  if (h.totalClv !== undefined)
    w.figure('Total predicted CLV', w.num(h.totalClv, 'money'), h.clvHorizon);
  if (h.cac !== undefined) w.figure('CAC', w.num(h.cac, 'money'));
  if (h.clvToCac !== undefined) w.figure('CLV : CAC', `${w.num(h.clvToCac, 'ratio')} : 1`);
  for (const f of h.extra ?? []) w.figureOf(f);
  w.push('</section>');
}

/** Text of a Vega-Lite title part: a string or lines of text. */
function titleText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(' ');
  return '';
}

/**
 * The spec without its title, and the title's text and subtitle. Vega cannot wrap a title, and
 * with `width: 'container'` a title wider than a phone squeezes the plot; as HTML it wraps.
 */
function splitTitle(spec: VegaLiteSpec): { spec: VegaLiteSpec; title: string; subtitle: string } {
  if (!('title' in spec)) return { spec, title: '', subtitle: '' };
  const { title, ...rest } = spec;
  if (isObject(title)) {
    return { spec: rest, title: titleText(title.text), subtitle: titleText(title.subtitle) };
  }
  return { spec: rest, title: titleText(title), subtitle: '' };
}

function charts(w: Writer, input: ReportInput): VegaLiteSpec[] {
  if (input.charts.length === 0) return [];
  const specs: VegaLiteSpec[] = [];
  w.push('<section id="charts"><h2>Charts</h2><div class="charts">');
  input.charts.forEach((chart, i) => {
    const split = splitTitle(chart.spec);
    specs.push(split.spec);
    const sameTitle = split.title.trim().toLowerCase() === chart.title.trim().toLowerCase();
    const sub = [sameTitle ? '' : split.title, split.subtitle].filter((t) => t !== '').join(' · ');
    w.push(
      `<figure class="chart${chart.wide === true ? ' wide' : ''}"><h3>${escapeHtml(chart.title)}</h3>${
        sub === '' ? '' : `<p class="sub">${escapeHtml(sub)}</p>`
      }${
        chart.description === undefined
          ? ''
          : `<p class="muted">${escapeHtml(chart.description)}</p>`
      }<div class="vis" id="chart-${i}" data-chart="${escapeHtml(chart.id)}" role="img" aria-label="${escapeHtml(
        chart.title,
      )}"></div></figure>`,
    );
  });
  w.push('</div></section>');
  return specs;
}

function segmentTable(w: Writer, section: ReportSegments): void {
  const report: SegmentReport = section.report;
  const all: SegmentReportRow[] = [...report.segments];
  if (report.unassigned !== undefined) all.push(report.unassigned);
  const has = (key: keyof SegmentReportRow) => key in report.total;
  const columns: { text: string; num?: boolean; cell: (r: SegmentReportRow) => string }[] = [
    { text: 'Segment', cell: (r) => escapeHtml(r.name) },
    { text: 'Customers', num: true, cell: (r) => w.num(r.customers, 'integer') },
    { text: 'Share', num: true, cell: (r) => w.num(r.share, 'percent') },
  ];
  if (has('revenue')) {
    columns.push(
      { text: 'Revenue', num: true, cell: (r) => w.num(r.revenue, 'money') },
      { text: 'Revenue share', num: true, cell: (r) => w.num(r.revenueShare, 'percent') },
    );
  }
  if (has('meanClv'))
    columns.push({ text: 'Mean CLV', num: true, cell: (r) => w.num(r.meanClv, 'money') });
  if (has('responseRate'))
    columns.push({
      text: 'Response rate',
      num: true,
      cell: (r) => w.num(r.responseRate, 'percent'),
    });
  if (has('churnRate'))
    columns.push({ text: 'Churn rate', num: true, cell: (r) => w.num(r.churnRate, 'percent') });
  if (has('uplift')) {
    columns.push(
      {
        text: 'Treated / control',
        num: true,
        cell: (r) =>
          `${w.num(r.uplift?.treated, 'integer')} / ${w.num(r.uplift?.control, 'integer')}`,
      },
      {
        text: 'Revenue uplift',
        num: true,
        cell: (r) => w.num(r.uplift?.revenueDifference, 'money'),
      },
      {
        text: 'Response uplift',
        num: true,
        cell: (r) => w.num(r.uplift?.responseDifference, 'percent'),
      },
    );
  }
  w.push(`<h3>${escapeHtml(section.title)}</h3>`);
  if (section.description !== undefined)
    w.push(`<p class="muted">${escapeHtml(section.description)}</p>`);
  w.table(
    columns,
    all.map((r) => columns.map((c) => ({ html: c.cell(r), num: c.num ?? false }))),
    { foot: columns.map((c) => ({ html: c.cell(report.total), num: c.num ?? false })) },
  );
}

function numberEntries(value: unknown): [string, number][] {
  if (!isObject(value)) return [];
  return Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number');
}

function model(w: Writer, m: ReportModel): void {
  const fit = m.fit;
  const d = fit.diagnostics;
  w.push(`<div class="model"><h3>${escapeHtml(m.title)}</h3>`);
  if (m.description !== undefined) w.push(`<p class="muted">${escapeHtml(m.description)}</p>`);
  const facts: [string, string][] = [['Model', escapeHtml(fit.kind)]];
  if (fit.timeUnit !== undefined) facts.push(['Time unit', escapeHtml(String(fit.timeUnit))]);
  if (fit.logLikelihood !== undefined) facts.push(['Log-likelihood', w.num(fit.logLikelihood)]);
  if (d?.customers !== undefined) facts.push(['Customers', w.num(d.customers, 'integer')]);
  if (d?.converged !== undefined)
    facts.push([
      'Converged',
      `${d.converged ? 'yes' : '<strong>no</strong>'}${
        d.iterations === undefined ? '' : ` (${w.num(d.iterations, 'integer')} iterations)`
      }`,
    ]);
  if (d?.gradientNorm !== undefined)
    facts.push(['Gradient norm', escapeHtml(d.gradientNorm.toExponential(2))]);
  if (d?.message !== undefined && d.message !== '')
    facts.push(['Optimiser', escapeHtml(d.message)]);
  if (fit.penalty !== undefined) facts.push(['L2 penalty', w.num(fit.penalty)]);
  for (const f of m.figures ?? [])
    facts.push([
      String(f.label),
      typeof f.value === 'number' ? w.num(f.value, f.format) : escapeHtml(String(f.value)),
    ]);
  w.push(
    `<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`,
  );
  const errors = isObject(fit.standardErrors) ? fit.standardErrors : {};
  const params = numberEntries(fit.params);
  w.table(
    [{ text: 'Parameter' }, { text: 'Estimate', num: true }, { text: 'Std. error', num: true }],
    params.map(([name, value]) => {
      const se = errors[name];
      return [
        { html: escapeHtml(name) },
        { html: w.num(value), num: true },
        { html: typeof se === 'number' ? w.num(se) : '—', num: true },
      ];
    }),
  );
  const warnings = Array.isArray(d?.warnings) ? d.warnings : [];
  if (warnings.length > 0)
    w.push(
      `<ul class="warnings">${warnings.map((x) => `<li>${escapeHtml(String(x))}</li>`).join('')}</ul>`,
    );
  w.push('</div>');
}

function cleaning(
  w: Writer,
  c: ReportCleaning | undefined,
  rejected: ReportRejected | undefined,
  max: number,
): void {
  if (c === undefined && rejected === undefined) return;
  w.push('<section id="data"><h2>Data quality</h2>');
  if (c !== undefined) {
    const facts: [string, string][] = [];
    if (c.rowsRead !== undefined) facts.push(['Rows read', w.num(c.rowsRead, 'integer')]);
    if (c.rowsRejected !== undefined)
      facts.push(['Rows rejected', w.num(c.rowsRejected, 'integer')]);
    const s = c.summary;
    if (s !== undefined) {
      facts.push([
        'Transactions summarised',
        `${w.num(s.transactionsUsed, 'integer')} of ${w.num(s.transactionsIn, 'integer')}`,
      ]);
      if (s.excludedAfterObservationEnd > 0)
        facts.push([
          'After the observation end (excluded)',
          w.num(s.excludedAfterObservationEnd, 'integer'),
        ]);
      if (s.excludedNewInHoldout > 0 || s.customersNewInHoldout > 0)
        facts.push([
          'New customers in the holdout (excluded)',
          `${w.num(s.customersNewInHoldout, 'integer')} customers, ${w.num(s.excludedNewInHoldout, 'integer')} transactions`,
        ]);
      facts.push(['Customers', w.num(s.customers, 'integer')]);
    }
    if (facts.length > 0)
      w.push(
        `<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`,
      );
    const steps = c.steps ?? [];
    if (steps.length > 0) {
      w.push('<h3>Cleaning steps</h3>');
      w.table(
        [
          { text: 'Step' },
          { text: 'Rows in', num: true },
          { text: 'Rows out', num: true },
          { text: 'Change', num: true },
          { text: 'Details' },
        ],
        steps.map((step) => {
          const details = numberEntries(step)
            .filter(([k, v]) => k !== 'rowsIn' && k !== 'rowsOut' && v !== 0)
            .map(([k, v]) => `${escapeHtml(words(k))}: ${w.num(v)}`)
            .join(' · ');
          const change = step.rowsOut - step.rowsIn;
          return [
            { html: escapeHtml(String(step.step)) },
            { html: w.num(step.rowsIn, 'integer'), num: true },
            { html: w.num(step.rowsOut, 'integer'), num: true },
            {
              html: change > 0 ? `+${w.num(change, 'integer')}` : w.num(change, 'integer'),
              num: true,
            },
            { html: details === '' ? '—' : details, wrap: true },
          ];
        }),
      );
    }
  }
  if (rejected !== undefined) {
    const shown = rejected.rows.slice(0, max);
    w.push(`<h3>Rejected rows (${w.num(rejected.total, 'integer')})</h3>`);
    if (rejected.total === 0) {
      w.push('<p class="muted">No row was rejected.</p>');
    } else {
      if (shown.length < rejected.total)
        w.push(
          `<p class="muted">The first ${w.num(shown.length, 'integer')} of ${w.num(rejected.total, 'integer')}.</p>`,
        );
      w.table(
        [{ text: 'Row', num: true }, { text: 'Field' }, { text: 'Reason' }],
        shown.map((r) => [
          { html: w.num(r.row, 'integer'), num: true },
          { html: r.field === undefined ? '—' : escapeHtml(String(r.field)) },
          { html: escapeHtml(String(r.reason)), wrap: true },
        ]),
      );
    }
  }
  w.push('</section>');
}

function cellHtml(
  w: Writer,
  cell: ReportCell,
  format: ReportNumberFormat | undefined,
): { html: string; num: boolean } {
  if (typeof cell === 'number') return { html: w.num(cell, format), num: true };
  if (cell === null || cell === undefined) return { html: '—', num: false };
  return { html: escapeHtml(String(cell)), num: false };
}

function extraTable(w: Writer, t: ReportTable): void {
  w.push(`<h3>${escapeHtml(t.title)}</h3>`);
  if (t.description !== undefined) w.push(`<p class="muted">${escapeHtml(t.description)}</p>`);
  const numeric = t.columns.map((_, j) => t.rows.some((r) => typeof r[j] === 'number'));
  w.table(
    t.columns.map((c, j) => ({ text: String(c), num: numeric[j] ?? false })),
    t.rows.map((r) => t.columns.map((_, j) => cellHtml(w, r[j], t.formats?.[j]))),
  );
}

/** The client-side script: draws every chart from the embedded specs with vega-embed. */
const RENDER_SCRIPT = `(function () {
  var specs = JSON.parse(document.getElementById('clvkit-specs').textContent);
  specs.forEach(function (spec, i) {
    var el = document.getElementById('chart-' + i);
    vegaEmbed(el, spec, { actions: false, renderer: 'svg' }).catch(function (error) {
      el.className += ' failed';
      el.textContent = 'This chart could not be drawn: ' + error.message;
      console.error(error);
    });
  });
})();`;

/**
 * The page may load nothing: every script and style is inline, and Vega compiles its
 * expressions with `Function` ('unsafe-eval').
 */
const CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:";

/**
 * Renders one self-contained HTML document: inline CSS (responsive: a two-column chart grid on
 * wide screens, one column on phones; wide tables scroll sideways), the headline figures, the
 * charts, segment tables, the models with their diagnostics, the data quality section (cleaning
 * report and rejected rows), further tables and notes. Every chart is drawn client-side from its
 * Vega-Lite spec by vega-embed (SVG renderer, no action menu); the spec's title and subtitle are
 * shown as HTML above it, where they wrap on a phone, and the spec is drawn without them. The
 * Vega scripts are inlined from
 * `assets` and a Content-Security-Policy forbids any request: the page works offline and loads
 * nothing. Every string of `input` is HTML-escaped, and the embedded JSON cannot close its
 * script element.
 *
 * Cost: O(size of the specs and tables) plus the assets (about 0.8 MB).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a malformed input or missing assets (field named);
 *   `INVALID_OPTION` for a bad option.
 * @example
 * ```ts
 * import { renderReport } from 'clvkit/report';
 * import { loadReportAssets } from 'clvkit/node';
 * const html = renderReport(
 *   { title: 'Customer value', generatedAt: new Date(), unit: 'week', headline: { customers: 3 }, charts: [] },
 *   await loadReportAssets(),
 * );
 * ```
 */
export function renderReport(
  input: ReportInput,
  assets: ReportAssets,
  options?: RenderReportOptions,
): string {
  if (options !== undefined && !isObject(options))
    invalidOption('options', options, 'must be an object');
  const opts: RenderReportOptions = options ?? {};
  for (const key of Object.keys(opts)) {
    if (key !== 'maxRejectedRows' && key !== 'locale')
      invalidOption(key, (opts as Record<string, unknown>)[key], 'is not a known option');
  }
  const max: number = opts.maxRejectedRows ?? RENDER_REPORT_DEFAULTS.maxRejectedRows;
  if (!(Number.isInteger(max) && max >= 0))
    invalidOption('maxRejectedRows', max, 'must be a whole number ≥ 0');
  const locale: string = opts.locale ?? RENDER_REPORT_DEFAULTS.locale;
  if (typeof locale !== 'string') invalidOption('locale', locale, 'must be a locale string');
  let numbers: NumberFormatter;
  try {
    numbers = createNumberFormatter(locale, input?.currency);
  } catch {
    invalidOption('locale', locale, 'must be a valid BCP 47 locale');
  }
  const checked = checkInput(input);
  const scripts = checkAssets(assets);

  const w = new Writer(numbers);
  const segments = checked.segments ?? [];
  const models = checked.models ?? [];
  const tables = checked.tables ?? [];
  const notes = checked.notes ?? [];
  const hasData = checked.cleaning !== undefined || checked.rejected !== undefined;
  const nav: [string, string][] = [];
  if (checked.charts.length > 0) nav.push(['charts', 'Charts']);
  if (segments.length > 0) nav.push(['segments', 'Segments']);
  if (models.length > 0) nav.push(['models', 'Models']);
  if (hasData) nav.push(['data', 'Data quality']);
  if (tables.length > 0) nav.push(['tables', 'Tables']);
  if (notes.length > 0) nav.push(['notes', 'Notes']);

  const generated = checked.generatedAt
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  w.push('<header>');
  w.push(`<h1>${escapeHtml(checked.title)}</h1>`);
  if (checked.subtitle !== undefined) w.push(`<p>${escapeHtml(checked.subtitle)}</p>`);
  w.push(
    `<p class="muted">Generated ${escapeHtml(generated)} · time unit: ${escapeHtml(checked.unit)}${
      checked.currency === undefined ? '' : ` · currency: ${escapeHtml(checked.currency)}`
    }</p>`,
  );
  if (nav.length > 0)
    w.push(
      `<nav aria-label="Sections">${nav.map(([id, text]) => `<a href="#${id}">${text}</a>`).join('')}</nav>`,
    );
  w.push('</header><main>');
  headline(w, checked);
  const specs = charts(w, checked);
  if (segments.length > 0) {
    w.push('<section id="segments"><h2>Segments</h2>');
    for (const s of segments) segmentTable(w, s);
    w.push('</section>');
  }
  if (models.length > 0) {
    w.push('<section id="models"><h2>Models</h2>');
    for (const m of models) model(w, m);
    w.push('</section>');
  }
  cleaning(w, checked.cleaning, checked.rejected, max);
  if (tables.length > 0) {
    w.push('<section id="tables"><h2>Tables</h2>');
    for (const t of tables) extraTable(w, t);
    w.push('</section>');
  }
  if (notes.length > 0) {
    w.push('<section id="notes"><h2>Notes</h2>');
    for (const note of notes) w.push(`<p>${escapeHtml(note)}</p>`);
    w.push('</section>');
  }
  w.push(
    '</main><footer>Made with clvkit. This file is self-contained: it works offline.</footer>',
  );

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="generator" content="clvkit">',
    `<title>${escapeHtml(checked.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    w.parts.join('\n'),
    `<script type="application/json" id="clvkit-specs">${jsonForScript(specs)}</script>`,
    `<script>${scriptSource(scripts.vega)}</script>`,
    `<script>${scriptSource(scripts.vegaLite)}</script>`,
    `<script>${scriptSource(scripts.vegaEmbed)}</script>`,
    `<script>${RENDER_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
