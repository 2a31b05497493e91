export { CHURN_DATASET_DEFAULTS, churnDataset } from './build.js';
export type { ChurnFeature } from './features.js';
export { CHURN_FEATURES, FEATURE_DESCRIPTIONS } from './features.js';
export type { ChurnDataset, ChurnDatasetOptions, UserColumn } from './types.js';
