export { FIT_SBG_DEFAULTS, fitSbg } from './fit.js';
export {
  SBG_VALUE_DEFAULTS,
  sbgClv,
  sbgDerl,
  sbgProjectSurvivors,
  sbgRetentionRates,
  sbgSurvival,
} from './predict.js';
export { simulateSbg } from './simulate.js';
export type {
  FitSbgOptions,
  SbgClvOptions,
  SbgDerlOptions,
  SbgDurationsInput,
  SbgFit,
  SbgInput,
  SbgParams,
  SbgSurvivorsInput,
  SimulatedSbgCohort,
  SimulateSbgOptions,
} from './types.js';
export { SBG_PARAMETERS } from './types.js';
