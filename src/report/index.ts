/**
 * clvkit/report: a self-contained, offline HTML report built from clvkit's outputs.
 *
 * @packageDocumentation
 * @module clvkit/report
 */
export { RENDER_REPORT_DEFAULTS, renderReport } from './render.js';
export type {
  RenderReportOptions,
  ReportAssets,
  ReportCell,
  ReportChart,
  ReportCleaning,
  ReportFigure,
  ReportHeadline,
  ReportInput,
  ReportModel,
  ReportModelFit,
  ReportNumberFormat,
  ReportRejected,
  ReportRejectedRow,
  ReportSegments,
  ReportTable,
} from './types.js';
