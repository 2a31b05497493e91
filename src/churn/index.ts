/**
 * clvkit/churn: churn prediction and machine-learned CLV — data sets built without leakage,
 * random forests and logistic regression, honest evaluation against baselines, alerts.
 *
 * @packageDocumentation
 * @module clvkit/churn
 */
export * from './alerts/index.js';
export * from './dataset/index.js';
export * from './evaluate/index.js';
export * from './model/index.js';
