export {
  FIT_MBG_NBD_DEFAULTS,
  fitMbgNbd,
  type MbgNbdLogLikelihoodOptions,
  mbgNbdLogLikelihood,
} from './fit.js';
export {
  mbgNbdConditionalExpectedPurchases,
  mbgNbdExpectedPurchases,
  mbgNbdProbabilityAlive,
  mbgNbdProbabilityOfPurchases,
} from './predict.js';
export { type SimulateMbgNbdOptions, simulateMbgNbd } from './simulate.js';
export type { FitMbgNbdOptions, MbgNbdFit, MbgNbdParams } from './types.js';
export { MBG_NBD_PARAMETERS } from './types.js';
