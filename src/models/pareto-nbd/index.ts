export {
  FIT_PARETO_NBD_DEFAULTS,
  fitParetoNbd,
  paretoNbdLogLikelihood,
} from './fit.js';
export {
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdProbabilityAlive,
} from './predict.js';
export { simulateParetoNbd } from './simulate.js';
export type {
  FitParetoNbdOptions,
  ParetoNbdFit,
  ParetoNbdLogLikelihoodOptions,
  ParetoNbdParams,
  SimulateParetoNbdOptions,
} from './types.js';
export { PARETO_NBD_PARAMETERS } from './types.js';
