export { FIT_GAMMA_GAMMA_DEFAULTS, fitGammaGamma } from './fit.js';
export { gammaGammaDiagnosticsSchema } from './schema.js';
export { conditionalExpectedSpend } from './spend.js';
export type {
  FitGammaGammaOptions,
  GammaGammaDiagnostics,
  GammaGammaFit,
  GammaGammaParams,
  NonPositiveSpendPolicy,
} from './types.js';
export { GAMMA_GAMMA_PARAMETERS } from './types.js';
