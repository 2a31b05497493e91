/**
 * clvkit: customer lifetime value and RFM modelling in TypeScript.
 *
 * The pipeline: raw rows → {@link parseTransactions} → cleaning ({@link deduplicate},
 * {@link netRefunds}, {@link mergeCustomerIds}, {@link convertCurrency}) →
 * {@link summarizeTransactions} (columnar per-customer summary) → models and scores.
 *
 * @packageDocumentation
 * @module clvkit
 */
export * from './cleaning/index.js';
export * from './clv/index.js';
export * from './economics/index.js';
export { ClvError, type ClvErrorCode, type ClvIssue } from './errors/index.js';
export * from './math/index.js';
export * from './models/index.js';
export * from './privacy/index.js';
export * from './random/index.js';
export * from './rfm/index.js';
export * from './segments/index.js';
export * from './simulate/index.js';
export * from './summary/index.js';
export * from './time/index.js';
export * from './transactions/index.js';
