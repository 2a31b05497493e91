export { bgBbLogLikelihood, FIT_BG_BB_DEFAULTS, fitBgBb } from './fit.js';
export {
  bgBbConditionalExpectedPurchases,
  bgBbExpectedPurchases,
  bgBbFrequencyDistribution,
  bgBbProbabilityAlive,
} from './predict.js';
export { simulateBgBb } from './simulate.js';
export { opportunitySummaryFromColumns, summarizeOpportunities } from './summary.js';
export type {
  BgBbFit,
  BgBbParams,
  BgBbProbabilityAliveOptions,
  FitBgBbOptions,
  OpportunityLog,
  OpportunitySummary,
  OpportunitySummaryColumnsInput,
  SimulateBgBbOptions,
  SummarizeOpportunitiesOptions,
} from './types.js';
export { BG_BB_PARAMETERS } from './types.js';
