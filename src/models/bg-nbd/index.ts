export { FIT_BG_NBD_DEFAULTS, fitBgNbd } from './fit.js';
export {
  conditionalExpectedPurchases,
  expectedPurchases,
  probabilityAlive,
  probabilityOfPurchases,
} from './predict.js';
export type { BgNbdFit, BgNbdParams, FitBgNbdOptions, HorizonOptions } from './types.js';
export { BG_NBD_PARAMETERS } from './types.js';
