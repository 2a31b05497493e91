// Helpers shared by the chart builders: validation, the common spec frame, rounding. @internal
import { ClvError, displayValue, invalidOption, issueOf } from '../errors/index.js';
import { CHART_COLORS } from './theme.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/** The Vega-Lite version every spec declares. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Default plot height in pixels. */
export const DEFAULT_HEIGHT = 300;

/** Fonts installed on every system: the report loads none. */
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export function badArgument(fn: string, field: string, value: unknown, reason: string): never {
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `${fn}: ${field} = ${displayValue(value)} ${reason}`,
      undefined,
      field,
      value,
    ),
  );
}

/** The options object with only the allowed keys (unknown keys are an error). */
export function checkOptions<T extends object>(
  options: T | undefined,
  allowed: readonly string[],
): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalidOption('options', options, 'must be an object');
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key))
      invalidOption(key, (options as Record<string, unknown>)[key], 'is not a known option');
  }
  return options;
}

/** Keys every chart accepts. */
export const CHART_OPTION_KEYS = ['title', 'currency', 'height'] as const;

export function checkString(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') invalidOption(field, value, 'must be a string');
  return value;
}

export function checkIntegerOption(
  field: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    invalidOption(field, value, `must be a whole number between ${min} and ${max}`);
  return value;
}

/** Common options, checked: title (or the default), currency suffix and height. */
export function commonOptions(
  options: ChartOptions,
  defaultTitle: string,
): { title: string; currency: string | undefined; height: number } {
  const title = checkString('title', options.title) ?? defaultTitle;
  const currency = checkString('currency', options.currency);
  const height = checkIntegerOption('height', options.height, DEFAULT_HEIGHT, 50, 2000);
  return { title, currency: currency === '' ? undefined : currency, height };
}

/** "CLV (EUR)" with a currency, "CLV" without. */
export function withCurrency(label: string, currency: string | undefined): string {
  return currency === undefined ? label : `${label} (${currency})`;
}

/**
 * A number rounded to 6 significant digits: far below what a chart can show, and it keeps
 * specs small ("0.123457" instead of "0.12345678901234566").
 */
export function rounded(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(6));
}

/** A finite-number column copied into a Float64Array (index of a bad entry named). */
export function numberColumn(
  fn: string,
  field: string,
  values: unknown,
  options: { min?: number; allowEmpty?: boolean } = {},
): Float64Array {
  if (
    values === null ||
    typeof values !== 'object' ||
    typeof (values as ArrayLike<number>).length !== 'number'
  )
    badArgument(fn, field, values, 'must be an array or typed array of numbers');
  const column = values as ArrayLike<unknown>;
  const n = column.length;
  if (n === 0 && options.allowEmpty !== true) badArgument(fn, field, values, 'must not be empty');
  const out = new Float64Array(n);
  const min = options.min;
  for (let i = 0; i < n; i++) {
    const v = column[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      badArgument(fn, `${field}[${i}]`, v, 'must be a finite number');
    if (min !== undefined && v < min) badArgument(fn, `${field}[${i}]`, v, `must be ≥ ${min}`);
    out[i] = v;
  }
  return out;
}

/**
 * The frame every spec shares: schema, title (with an optional subtitle), container width,
 * height, autosize and the look (fonts, axes, legends at the bottom so that phones keep the
 * plot's width).
 */
export function frame(title: string, subtitle: string | undefined, height: number): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: subtitle === undefined ? { text: title } : { text: title, subtitle },
    width: 'container',
    height,
    config: {
      font: FONT,
      view: { stroke: null },
      title: { anchor: 'start', fontSize: 14, subtitleColor: '#555', subtitleFontSize: 12 },
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#eee' },
      legend: { orient: 'bottom', labelFontSize: 11, titleFontSize: 11 },
      range: {
        category: [
          CHART_COLORS.model,
          CHART_COLORS.actual,
          CHART_COLORS.secondary,
          CHART_COLORS.highlight,
          CHART_COLORS.reference,
        ],
      },
    },
  };
}

/** A percentage for subtitles: 0.6321 → "63.2 %". */
export function percentText(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
