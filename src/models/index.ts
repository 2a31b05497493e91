export * from './bg-bb/index.js';
export * from './bg-nbd/index.js';
export * from './gamma-gamma/index.js';
export type { LoadModelOptions, ModelFit, ModelKind, SafeLoadModelResult } from './load.js';
export { fitSchema, loadModel, safeLoadModel } from './load.js';
export * from './pareto-nbd/index.js';
export * from './sbg/index.js';
export type { CollapsedRows, FitBase, ModelDiagnostics, WarningOptions } from './shared.js';
export { collapseRows } from './shared.js';
