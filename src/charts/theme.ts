/**
 * The colours every chart uses, so that "model" and "actual" look the same in every chart
 * (colour-blind-safe pairs from the Tableau 10 palette).
 *
 * @example
 * ```ts
 * import { CHART_COLORS } from 'clvkit/charts';
 * CHART_COLORS.model; // '#4c78a8'
 * ```
 */
export const CHART_COLORS = Object.freeze({
  /** Model predictions, the main series. */
  model: '#4c78a8',
  /** Observed data. */
  actual: '#f58518',
  /** Reference lines (diagonals, random targeting). */
  reference: '#9d9d9d',
  /** Highlights (VIP line, calibration end). */
  highlight: '#e45756',
  /** A second measure beside the main one (revenue share beside customer share). */
  secondary: '#54a24b',
  /** Sequential colour scheme of heat maps (a Vega scheme name). */
  scheme: 'blues',
} as const);
