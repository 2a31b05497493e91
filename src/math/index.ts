/**
 * Numerics for clvkit's models: special functions (log-gamma, log-beta, digamma, trigamma, the
 * Gauss hypergeometric 2F1), log-space sums, compensated sums, a BFGS minimiser with a strong-Wolfe
 * line search, and Hessian / covariance helpers.
 *
 * @packageDocumentation
 */
export { type CompensatedSum, compensatedSum, createCompensatedSum } from './compensated-sum.js';
export { digamma, logBeta, logGamma, trigamma } from './gamma.js';
export {
  invertSymmetric,
  NUMERICAL_HESSIAN_DEFAULTS,
  type NumericalHessianOptions,
  numericalHessian,
} from './hessian.js';
export { hyp2f1, logHyp2f1 } from './hyp2f1.js';
export { log1pExp, logAddExp, logDiffExp, logSumExp } from './log-sum-exp.js';
export {
  MINIMIZE_DEFAULTS,
  type MinimizeOptions,
  type MinimizeResult,
  minimize,
  type Objective,
} from './minimize.js';
