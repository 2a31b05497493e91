import type { TimeUnit } from '../../time/index.js';
import type { FitBase, WarningOptions } from '../shared.js';

/**
 * Pareto/NBD parameters (Schmittlein, Morrison & Colombo 1987): while alive a customer buys at
 * rate λ ~ Gamma(shape `r`, rate `alpha`) per time unit and stays alive for an exponential
 * lifetime of rate μ ~ Gamma(shape `s`, rate `beta`).
 *
 * @example
 * ```ts
 * import type { ParetoNbdParams } from 'clvkit';
 * const cdnow: ParetoNbdParams = { r: 0.553276, alpha: 10.57761, s: 0.606214, beta: 11.66791 };
 * ```
 */
export interface ParetoNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly s: number;
  readonly beta: number;
}

/**
 * Names of the Pareto/NBD parameters, in the order of the paper.
 *
 * @example
 * ```ts
 * import { PARETO_NBD_PARAMETERS } from 'clvkit';
 * PARETO_NBD_PARAMETERS; // ['r', 'alpha', 's', 'beta']
 * ```
 */
export const PARETO_NBD_PARAMETERS: readonly (keyof ParetoNbdParams)[] = Object.freeze([
  'r',
  'alpha',
  's',
  'beta',
]);

/**
 * A fitted Pareto/NBD model: frozen plain data, serialisable with `JSON.stringify` and loaded
 * back by {@link loadModel}. Rates are per `timeUnit`.
 *
 * @example
 * ```ts
 * import { fitParetoNbd, summaryFromColumns, type ParetoNbdFit } from 'clvkit';
 * const fit: ParetoNbdFit = fitParetoNbd(
 *   summaryFromColumns({ ids: ['a', 'b', 'c'], frequency: [2, 0, 5], recency: [30, 0, 35], T: [38, 38, 38], unit: 'week' }),
 * );
 * fit.kind; // 'pareto-nbd'
 * ```
 */
export type ParetoNbdFit = FitBase<'pareto-nbd', ParetoNbdParams>;

/** Options of {@link fitParetoNbd}; defaults in {@link FIT_PARETO_NBD_DEFAULTS}. */
export interface FitParetoNbdOptions extends WarningOptions {
  /**
   * Weight of each summary row (e.g. the number of customers with that row), finite ≥ 0.
   * Without it every row weighs 1. Identical (x, t_x, T) rows are merged either way.
   */
  readonly weights?: ArrayLike<number>;
  /**
   * L2 penalty coefficient c ≥ 0 (default 0), as Python lifetimes' `penalizer_coef`: the
   * optimiser minimises −LL / W + c·(r² + α² + s² + β²), with W the total weight (number of
   * customers), on the natural parameters. The reported `logLikelihood` is unpenalised.
   */
  readonly penalty?: number;
  /**
   * Starting points (natural parameters, all positive). The default is one deterministic start
   * from the data (see {@link fitParetoNbd}); when given, every start is tried and the best
   * (lowest penalised objective) optimum kept.
   */
  readonly starts?: readonly ParetoNbdParams[];
  /** Maximum optimiser iterations per stage and start (default 500). */
  readonly maxIterations?: number;
  /**
   * Convergence tolerance (default 1e-9) on the largest gradient component of −LL / W (+ penalty)
   * in log-parameters whitened by its Hessian, i.e. roughly the distance to the optimum in units
   * of its curvature.
   */
  readonly tolerance?: number;
}

/** Options of {@link paretoNbdLogLikelihood}. */
export interface ParetoNbdLogLikelihoodOptions {
  /** Weight of each summary row (finite ≥ 0; default 1 each). */
  readonly weights?: ArrayLike<number>;
}

/** Options of {@link simulateParetoNbd}. */
export interface SimulateParetoNbdOptions {
  /** Number of customers (an integer from 1 to 10,000,000). */
  readonly customers: number;
  /**
   * Observation length of each customer after their first purchase, in `unit` (> 0): one number
   * for everybody, or one per customer.
   */
  readonly T: number | ArrayLike<number>;
  /** Time unit of `T` and of the parameters' rates. */
  readonly unit: TimeUnit;
  /** Seed of the generator: a safe integer or a string. Same seed and options, same output. */
  readonly seed: number | string;
  /** Prefix of the customer ids (default 'c'): ids are `${idPrefix}${index}`, zero-padded. */
  readonly idPrefix?: string;
}
