import type { FitBase, WarningOptions } from '../shared.js';

/**
 * MBG/NBD parameters (Batislam, Denizel & Filiztekin 2007): while alive a customer buys at rate
 * λ ~ Gamma(shape `r`, rate `alpha`) per time unit; right after the first purchase (time 0) and
 * after each repeat purchase they drop out with probability p ~ Beta(`a`, `b`).
 *
 * @example
 * ```ts
 * import type { MbgNbdParams } from 'clvkit';
 * const cdnow: MbgNbdParams = { r: 0.524838, alpha: 6.182992, a: 0.891356, b: 1.613999 };
 * ```
 */
export interface MbgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/**
 * Names of the MBG/NBD parameters, in the order of the paper.
 *
 * @example
 * ```ts
 * import { MBG_NBD_PARAMETERS } from 'clvkit';
 * MBG_NBD_PARAMETERS; // ['r', 'alpha', 'a', 'b']
 * ```
 */
export const MBG_NBD_PARAMETERS: readonly (keyof MbgNbdParams)[] = Object.freeze([
  'r',
  'alpha',
  'a',
  'b',
]);

/**
 * A fitted MBG/NBD model: frozen plain data, serialisable with `JSON.stringify` and loaded back
 * by {@link loadModel}. Rates are per `timeUnit`.
 *
 * @example
 * ```ts
 * import { fitMbgNbd, summaryFromColumns, type MbgNbdFit } from 'clvkit';
 * const fit: MbgNbdFit = fitMbgNbd(
 *   summaryFromColumns({ ids: ['a', 'b', 'c'], frequency: [2, 0, 5], recency: [30, 0, 35], T: [38, 38, 38], unit: 'week' }),
 * );
 * fit.kind; // 'mbg-nbd'
 * JSON.stringify(fit); // plain data; three customers barely identify the model: see fit.diagnostics.warnings
 * ```
 */
export type MbgNbdFit = FitBase<'mbg-nbd', MbgNbdParams>;

/** Options of {@link fitMbgNbd}; defaults in {@link FIT_MBG_NBD_DEFAULTS}. Same as the BG/NBD's. */
export interface FitMbgNbdOptions extends WarningOptions {
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
   * from the data (see {@link fitMbgNbd}); when given, every start is tried and the best
   * (lowest penalised objective) converged optimum kept.
   */
  readonly starts?: readonly MbgNbdParams[];
  /** Maximum optimiser iterations per start (default 500). */
  readonly maxIterations?: number;
  /**
   * Convergence tolerance (default 1e-9) on the largest gradient component of −LL / W (+ penalty)
   * in log-parameters whitened by its Hessian, i.e. roughly the distance to the optimum in units
   * of its curvature.
   */
  readonly tolerance?: number;
}
