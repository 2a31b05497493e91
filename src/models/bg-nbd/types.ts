import type { TimeUnit } from '../../time/index.js';
import type { FitBase, WarningOptions } from '../shared.js';

/**
 * BG/NBD parameters (Fader, Hardie & Lee 2005): while alive a customer buys at rate
 * λ ~ Gamma(shape `r`, rate `alpha`) per time unit; after each purchase they drop out with
 * probability p ~ Beta(`a`, `b`).
 *
 * @example
 * ```ts
 * import type { BgNbdParams } from 'clvkit';
 * const cdnow: BgNbdParams = { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 };
 * ```
 */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/**
 * Names of the BG/NBD parameters, in the order of the paper.
 *
 * @example
 * ```ts
 * import { BG_NBD_PARAMETERS } from 'clvkit';
 * BG_NBD_PARAMETERS; // ['r', 'alpha', 'a', 'b']
 * ```
 */
export const BG_NBD_PARAMETERS: readonly (keyof BgNbdParams)[] = Object.freeze([
  'r',
  'alpha',
  'a',
  'b',
]);

/**
 * A fitted BG/NBD model: frozen plain data, serialisable with `JSON.stringify` and loaded back by
 * {@link loadModel}. Rates are per `timeUnit`.
 *
 * @example
 * ```ts
 * import { fitBgNbd, summaryFromColumns, type BgNbdFit } from 'clvkit';
 * const fit: BgNbdFit = fitBgNbd(
 *   summaryFromColumns({ ids: ['a', 'b', 'c'], frequency: [2, 0, 5], recency: [30, 0, 35], T: [38, 38, 38], unit: 'week' }),
 * );
 * fit.kind; // 'bg-nbd'
 * JSON.stringify(fit); // plain data; three customers barely identify the model: see fit.diagnostics.warnings
 * ```
 */
export type BgNbdFit = FitBase<'bg-nbd', BgNbdParams>;

/** Options of {@link fitBgNbd}; defaults in {@link FIT_BG_NBD_DEFAULTS}. */
export interface FitBgNbdOptions extends WarningOptions {
  /**
   * Weight of each summary row (e.g. the number of customers with that row), finite ≥ 0.
   * Without it every row weighs 1. Identical (x, t_x, T) rows are merged either way.
   */
  readonly weights?: ArrayLike<number>;
  /**
   * L2 penalty coefficient c ≥ 0 (default 0), as Python lifetimes' `penalizer_coef`: the
   * optimiser minimises −LL / W + c·(r² + α² + a² + b²), with W the total weight (number of
   * customers), on the natural parameters. The reported `logLikelihood` is unpenalised.
   */
  readonly penalty?: number;
  /**
   * Starting points (natural parameters, all positive). The default is one deterministic start
   * from the data (see {@link fitBgNbd}); when given, every start is tried and the best
   * (lowest penalised objective) converged optimum kept.
   */
  readonly starts?: readonly BgNbdParams[];
  /** Maximum optimiser iterations per start (default 500). */
  readonly maxIterations?: number;
  /**
   * Convergence tolerance (default 1e-9) on the largest gradient component of −LL / W (+ penalty)
   * in log-parameters whitened by its Hessian, i.e. roughly the distance to the optimum in units
   * of its curvature.
   */
  readonly tolerance?: number;
}

/** Options of the scoring functions that take a horizon. */
export interface HorizonOptions {
  /** Unit the horizon is given in (default: the fit's `timeUnit`); converted with {@link convertDuration}. */
  readonly unit?: TimeUnit;
}
