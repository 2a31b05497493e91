import type { TimeUnit } from '../../time/index.js';
import type { FitBase, WarningOptions } from '../shared.js';

/**
 * Shifted-beta-geometric parameters (Fader & Hardie 2007, "How to project customer retention"):
 * each customer renews at the end of every period with probability 1 − θ, the churn probability
 * θ ~ Beta(`alpha`, `beta`) across customers.
 *
 * @example
 * ```ts
 * import type { SbgParams } from 'clvkit';
 * const regular: SbgParams = { alpha: 0.7040773, beta: 1.182043 };
 * ```
 */
export interface SbgParams {
  readonly alpha: number;
  readonly beta: number;
}

/**
 * Names of the sBG parameters.
 *
 * @example
 * ```ts
 * import { SBG_PARAMETERS } from 'clvkit';
 * SBG_PARAMETERS; // ['alpha', 'beta']
 * ```
 */
export const SBG_PARAMETERS: readonly (keyof SbgParams)[] = Object.freeze(['alpha', 'beta']);

/**
 * A fitted shifted-beta-geometric model: frozen plain data, serialisable with `JSON.stringify`.
 * `timeUnit` is the length of one contract period; `diagnostics.customers` is the cohort size.
 *
 * @example
 * ```ts
 * import { fitSbg, type SbgFit } from 'clvkit';
 * const fit: SbgFit = fitSbg({ survivors: [1000, 631, 468, 382, 326, 289, 262, 241], unit: 'year' });
 * fit.kind; // 'sbg'
 * ```
 */
export type SbgFit = FitBase<'sbg', SbgParams>;

/**
 * A cohort given as survivor counts: `survivors[t]` customers still active t periods after
 * acquisition (t = 0 is the cohort size), non-increasing. `survivors[t − 1] − survivors[t]`
 * customers were lost in period t; the last count is right-censored (still active when
 * observation ended).
 */
export interface SbgSurvivorsInput {
  readonly survivors: ArrayLike<number>;
  /** Length of one contract period. */
  readonly unit: TimeUnit;
}

/**
 * A cohort given per customer: `durations[i]` is the number of periods customer i survived (the
 * renewals made), `churned[i]` whether they were then lost (in period durations[i] + 1) or are
 * still active (right-censored). Equivalent survivor counts: `survivors[t]` = customers with
 * duration ≥ t.
 */
export interface SbgDurationsInput {
  readonly durations: ArrayLike<number>;
  readonly churned: ArrayLike<boolean | number>;
  /** Length of one contract period. */
  readonly unit: TimeUnit;
}

/** Input of {@link fitSbg}: survivor counts or per-customer durations. */
export type SbgInput = SbgSurvivorsInput | SbgDurationsInput;

/** Options of {@link fitSbg}; defaults in {@link FIT_SBG_DEFAULTS}. */
export interface FitSbgOptions extends WarningOptions {
  /**
   * L2 penalty coefficient c ≥ 0 (default 0): the optimiser minimises −LL / W + c·(α² + β²), W
   * the cohort size. The reported `logLikelihood` is unpenalised.
   */
  readonly penalty?: number;
  /** Starting points (positive). Default: one start at α = β = 1 (uniform churn probability). */
  readonly starts?: readonly SbgParams[];
  /** Maximum iterations per start (default 500): BFGS, then at most six Newton steps within it. */
  readonly maxIterations?: number;
  /** Convergence tolerance (default 1e-9) on the gradient of −LL / W in ln α, ln β. */
  readonly tolerance?: number;
}

/** Options of {@link sbgDerl}; defaults in {@link SBG_VALUE_DEFAULTS}. */
export interface SbgDerlOptions {
  /** Discount rate d per period (finite, ≥ 0), e.g. 0.1 for 10% a year with yearly periods. */
  readonly discountRate: number;
  /**
   * Renewals the customer has made so far (an integer ≥ 0; default 0): the tenure in periods
   * beyond the first, the same count as a duration in {@link SbgDurationsInput}.
   */
  readonly renewals?: number;
}

/** Options of {@link sbgClv}: {@link SbgDerlOptions} plus the margin. */
export interface SbgClvOptions extends SbgDerlOptions {
  /** Net cash flow per period of a retained customer (finite), paid at each renewal. */
  readonly margin: number;
}

/** Options of {@link simulateSbg}. */
export interface SimulateSbgOptions {
  /** Cohort size (an integer ≥ 1). */
  readonly customers: number;
  /** Periods observed (an integer ≥ 0); customers still active after them are censored. */
  readonly periods: number;
  /** Seed of {@link createRandom} (a safe integer or a string). */
  readonly seed: number | string;
  /** Length of one contract period (default `'year'`). */
  readonly unit?: TimeUnit;
}

/** A simulated cohort, ready for {@link fitSbg}: durations, churn flags (1 = lost) and the unit. */
export interface SimulatedSbgCohort {
  readonly durations: Float64Array;
  readonly churned: Uint8Array;
  readonly unit: TimeUnit;
}
