import type { TimeUnit } from '../../time/index.js';
import type { FitBase, WarningOptions } from '../shared.js';

/**
 * BG/BB parameters (Fader, Hardie & Shang 2010): while alive, a customer transacts at each
 * discrete opportunity with probability p ~ Beta(`alpha`, `beta`); at the beginning of each
 * opportunity a living customer becomes inactive with probability θ ~ Beta(`gamma`, `delta`).
 *
 * @example
 * ```ts
 * import type { BgBbParams } from 'clvkit';
 * const donations: BgBbParams = { alpha: 1.2035224, beta: 0.7497164, gamma: 0.6567182, delta: 2.7834422 };
 * ```
 */
export interface BgBbParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly delta: number;
}

/**
 * Names of the BG/BB parameters, in the order of the paper.
 *
 * @example
 * ```ts
 * import { BG_BB_PARAMETERS } from 'clvkit';
 * BG_BB_PARAMETERS; // ['alpha', 'beta', 'gamma', 'delta']
 * ```
 */
export const BG_BB_PARAMETERS: readonly (keyof BgBbParams)[] = Object.freeze([
  'alpha',
  'beta',
  'gamma',
  'delta',
]);

/**
 * Per-customer (or per-pattern) summary of a discrete-time, noncontractual setting: columnar,
 * plain data. Row i: `frequency` x = repeat transactions in opportunities 1..n, `recency` t_x =
 * the opportunity (1..n) of the last of them (0 when x = 0), `periods` n = opportunities observed
 * after the joining one, `weights` = customers with that row (all 1 when `undefined`).
 * Build it with {@link opportunitySummaryFromColumns} or {@link summarizeOpportunities}.
 *
 * @example
 * ```ts
 * import { opportunitySummaryFromColumns, type OpportunitySummary } from 'clvkit';
 * const s: OpportunitySummary = opportunitySummaryFromColumns({ frequency: [0, 2], recency: [0, 4], periods: 6, unit: 'year' });
 * s.periods; // Float64Array [6, 6]
 * ```
 */
export interface OpportunitySummary {
  readonly kind: 'opportunity-summary';
  /** Length of one opportunity period (e.g. `'year'` for yearly donations). */
  readonly unit: TimeUnit;
  /** Customer (or pattern) ids, or `undefined` for anonymous rows such as published patterns. */
  readonly ids: readonly string[] | undefined;
  /** x: repeat transactions in opportunities 1..n (integers). */
  readonly frequency: Float64Array;
  /** t_x: opportunity of the last repeat transaction, 0 when x = 0 (integers, x ≤ t_x ≤ n). */
  readonly recency: Float64Array;
  /** n: opportunities observed after the joining one (integers ≥ 0). */
  readonly periods: Float64Array;
  /** Customers per row (finite ≥ 0), or `undefined` for one each. */
  readonly weights: Float64Array | undefined;
}

/**
 * A fitted BG/BB model: frozen plain data, serialisable with `JSON.stringify`. `timeUnit` is the
 * length of one opportunity period.
 *
 * @example
 * ```ts
 * import { fitBgBb, opportunitySummaryFromColumns, type BgBbFit } from 'clvkit';
 * const fit: BgBbFit = fitBgBb(
 *   opportunitySummaryFromColumns({ frequency: [0, 1, 3, 6], recency: [0, 2, 5, 6], periods: 6, weights: [40, 20, 15, 25], unit: 'year' }),
 * );
 * fit.kind; // 'bg-bb'
 * ```
 */
export type BgBbFit = FitBase<'bg-bb', BgBbParams>;

/** Options of {@link fitBgBb}; defaults in {@link FIT_BG_BB_DEFAULTS} (weights: the summary's). */
export interface FitBgBbOptions extends WarningOptions {
  /**
   * L2 penalty coefficient c ≥ 0 (default 0): the optimiser minimises −LL / W + c·(α² + β² + γ²
   * + δ²), W the number of customers. The reported `logLikelihood` is unpenalised.
   */
  readonly penalty?: number;
  /**
   * Starting points (natural parameters, all positive). Default: one start at α = β = γ = δ = 1
   * (uniform transaction and dropout probabilities); when given, every start is tried and the
   * lowest objective kept.
   */
  readonly starts?: readonly BgBbParams[];
  /** Maximum iterations per start (default 500): BFGS, then at most six Newton steps within it. */
  readonly maxIterations?: number;
  /**
   * Convergence tolerance (default 1e-9) on the largest component of the gradient of
   * −LL / W (+ penalty) with respect to the log-parameters.
   */
  readonly tolerance?: number;
}

/** Options of {@link bgBbProbabilityAlive}. */
export interface BgBbProbabilityAliveOptions {
  /**
   * Opportunities after the last observed one (n) at which to evaluate P(alive): 1 (default) is
   * the next opportunity n + 1, 0 the last observed one n. An integer ≥ 0.
   */
  readonly periodsAhead?: number;
}

/** Input of {@link opportunitySummaryFromColumns}. */
export interface OpportunitySummaryColumnsInput {
  /** x per row: repeat transactions in opportunities 1..n. */
  readonly frequency: ArrayLike<number>;
  /** t_x per row: opportunity of the last repeat transaction, 0 when x = 0. */
  readonly recency: ArrayLike<number>;
  /** n per row, or one n for every row. */
  readonly periods: ArrayLike<number> | number;
  /** Customers per row (finite ≥ 0). */
  readonly weights?: ArrayLike<number>;
  /** Row ids (non-empty, unique). */
  readonly ids?: readonly (string | number)[];
  /** Length of one opportunity period. Required. */
  readonly unit: TimeUnit;
}

/** A log of transactions at discrete opportunities, as columns ({@link summarizeOpportunities}). */
export interface OpportunityLog {
  /** Customer id of each record. */
  readonly customerId: ArrayLike<string>;
  /** Opportunity index of each record: 0 = the joining opportunity, 1..n the repeat ones. */
  readonly period: ArrayLike<number>;
}

/** Options of {@link summarizeOpportunities}. */
export interface SummarizeOpportunitiesOptions {
  /** n: the number of repeat opportunities observed (an integer ≥ 0). */
  readonly periods: number;
  /** Length of one opportunity period. */
  readonly unit: TimeUnit;
}

/** Options of {@link simulateBgBb}. */
export interface SimulateBgBbOptions {
  /** Number of customers (an integer ≥ 1). */
  readonly customers: number;
  /** n: repeat opportunities observed per customer (an integer ≥ 0). */
  readonly periods: number;
  /** Seed of {@link createRandom} (a safe integer or a string). */
  readonly seed: number | string;
  /** Length of one opportunity period (default `'year'`). */
  readonly unit?: TimeUnit;
}
