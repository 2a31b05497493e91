import type { FitBase, ModelDiagnostics, WarningOptions } from '../shared.js';

/**
 * Parameters of the Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using
 * iso-value curves for customer base analysis", J. Marketing Research 42(4), §"Adding monetary
 * value"): a customer's transaction values are gamma(p, ν) with mean p/ν, and ν varies across
 * customers as gamma(q, v). `p` and `q` have no unit; `v` is in the currency of the summary.
 *
 * @example
 * ```ts
 * import type { GammaGammaParams } from 'clvkit';
 * const cdnow: GammaGammaParams = { p: 6.2488025, q: 3.7445885, v: 15.447748 };
 * ```
 */
export interface GammaGammaParams {
  /** Shape of the spend of one transaction, given the customer's ν. */
  readonly p: number;
  /** Shape of the gamma mixing distribution of ν across customers. */
  readonly q: number;
  /** Scale of the gamma mixing distribution of ν (currency units). */
  readonly v: number;
}

/**
 * Names of the Gamma-Gamma parameters, in the order of the paper.
 *
 * @example
 * ```ts
 * import { GAMMA_GAMMA_PARAMETERS } from 'clvkit';
 * GAMMA_GAMMA_PARAMETERS; // ['p', 'q', 'v']
 * ```
 */
export const GAMMA_GAMMA_PARAMETERS: readonly (keyof GammaGammaParams)[] = Object.freeze([
  'p',
  'q',
  'v',
]);

/**
 * What {@link fitGammaGamma} reports beyond the optimiser: who was used and the independence check.
 *
 * @example
 * ```ts
 * import type { GammaGammaDiagnostics } from 'clvkit';
 * const trustworthy = (d: GammaGammaDiagnostics) =>
 *   d.converged && Math.abs(d.frequencySpendCorrelation ?? 0) <= 0.3;
 * ```
 */
export interface GammaGammaDiagnostics extends ModelDiagnostics {
  /** Customers (sum of weights) without a repeat purchase (x = 0): not used by the model. */
  readonly customersWithoutRepeat: number;
  /** Customers (sum of weights) with x > 0 but a monetary value ≤ 0, dropped under `onNonPositive: 'exclude'`. */
  readonly excludedNonPositive: number;
  /**
   * Pearson correlation of frequency and monetary value over the customers used (weighted), or
   * `null` when it is undefined (fewer than two customers, or a constant column). The model
   * assumes spend independent of frequency; see `correlationThreshold`.
   */
  readonly frequencySpendCorrelation: number | null;
}

/**
 * A fitted Gamma-Gamma spend model: plain, frozen, JSON-serialisable data (load it back with
 * `loadModel`). `timeUnit` is the summary's unit, carried for uniformity with the purchase
 * models; spend itself has no time unit, and `v` and every predicted spend are in the currency
 * of the summary's monetary values.
 *
 * @example
 * ```ts
 * import { fitGammaGamma, loadModel, summaryFromColumns, type GammaGammaFit } from 'clvkit';
 * const summary = summaryFromColumns({
 *   ids: ['a', 'b', 'c'], frequency: [1, 2, 4], recency: [5, 20, 30], T: [40, 40, 40],
 *   monetaryValue: [20, 35, 28], unit: 'week',
 * });
 * const fit: GammaGammaFit = fitGammaGamma(summary, { penalty: 0.01 });
 * loadModel(JSON.parse(JSON.stringify(fit)), { kind: 'gamma-gamma' }).params.p === fit.params.p; // true
 * ```
 */
export interface GammaGammaFit extends FitBase<'gamma-gamma', GammaGammaParams> {
  readonly diagnostics: GammaGammaDiagnostics;
}

/**
 * What {@link fitGammaGamma} does with customers who made repeat purchases but whose monetary
 * value is zero or negative (the gamma density needs spend > 0):
 * - `'reject'` (default): throw a `ClvError` giving their count;
 * - `'exclude'`: leave them out of the fit and count them in `diagnostics.excludedNonPositive`.
 *
 * @example
 * ```ts
 * import type { NonPositiveSpendPolicy } from 'clvkit';
 * const policy: NonPositiveSpendPolicy = 'exclude';
 * ```
 */
export type NonPositiveSpendPolicy = 'reject' | 'exclude';

/**
 * Options of {@link fitGammaGamma}; defaults in {@link FIT_GAMMA_GAMMA_DEFAULTS}.
 *
 * @example
 * ```ts
 * import type { FitGammaGammaOptions } from 'clvkit';
 * const options: FitGammaGammaOptions = {
 *   onNonPositive: 'exclude',
 *   penalty: 0.001,
 *   onWarning: (message) => console.warn(message),
 * };
 * ```
 */
export interface FitGammaGammaOptions extends WarningOptions {
  /** Zero or negative monetary values among repeat customers: see {@link NonPositiveSpendPolicy}. */
  readonly onNonPositive?: NonPositiveSpendPolicy;
  /**
   * Warn when |Pearson correlation of frequency and monetary value| over the customers used
   * exceeds this (default 0.3; in [0, 1]). The model assumes the two independent.
   */
  readonly correlationThreshold?: number;
  /**
   * L2 penalty coefficient λ ≥ 0 (default 0), as Python lifetimes' `penalizer_coef`: the fit
   * minimises −ℓ(p, q, v) / Σw + λ (p² + q² + v²), the mean negative log-likelihood per customer
   * plus λ times the sum of the squared parameters. It pulls the parameters (v in particular,
   * which scales with the currency) toward 0; use small values (0.001–0.1).
   */
  readonly penalty?: number;
  /**
   * Non-negative weight per summary row (for example the number of customers a row stands for);
   * default 1 each. Rows of weight 0 are ignored.
   */
  readonly weights?: ArrayLike<number>;
  /**
   * Starting points (natural parameters, all > 0). The default is one start from the data: p = 1,
   * q = 2 and v the weighted mean monetary value (so the implied population mean spend p·v/(q − 1)
   * equals the observed one). When given, every start is tried and the best (lowest penalised
   * objective) converged optimum kept.
   */
  readonly starts?: readonly GammaGammaParams[];
  /** Maximum optimiser iterations per start (default 500). */
  readonly maxIterations?: number;
  /** Convergence tolerance on the gradient norm of the objective in log-parameters (default 1e-9). */
  readonly tolerance?: number;
  /** Compute standard errors from the analytic Hessian (default true; costs one pass over the rows). */
  readonly standardErrors?: boolean;
}
