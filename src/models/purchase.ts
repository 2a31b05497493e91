/**
 * One set of scoring functions for every continuous-time purchase model (BG/NBD, Pareto/NBD,
 * MBG/NBD): each dispatches on the fit's `kind` to the model's own function, so code that scores
 * customers does not depend on which model was chosen (e.g. by `compareModels`).
 *
 * @module
 */
import { ClvError, displayValue, issueOf } from '../errors/index.js';
import type { CustomerSummary } from '../summary/types.js';
import {
  type BgNbdFit,
  conditionalExpectedPurchases as bgNbdConditionalExpectedPurchases,
  expectedPurchases as bgNbdExpectedPurchases,
  probabilityAlive as bgNbdProbabilityAlive,
  probabilityOfPurchases as bgNbdProbabilityOfPurchases,
  type HorizonOptions,
} from './bg-nbd/index.js';
import {
  type MbgNbdFit,
  mbgNbdConditionalExpectedPurchases,
  mbgNbdExpectedPurchases,
  mbgNbdProbabilityAlive,
  mbgNbdProbabilityOfPurchases,
} from './mbg-nbd/index.js';
import {
  type ParetoNbdFit,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdProbabilityAlive,
} from './pareto-nbd/index.js';

export {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdProbabilityAlive,
  bgNbdProbabilityOfPurchases,
};

/**
 * A fitted continuous-time purchase model: what {@link probabilityAlive},
 * {@link conditionalExpectedPurchases}, {@link expectedPurchases}, `predictClv`,
 * `evaluateHoldout` and `compareModels` accept.
 *
 * @example
 * ```ts
 * import type { PurchaseModelFit } from 'clvkit';
 * const rateUnit = (fit: PurchaseModelFit) => `${fit.kind}: rates per ${fit.timeUnit}`;
 * ```
 */
export type PurchaseModelFit = BgNbdFit | ParetoNbdFit | MbgNbdFit;

/** The `kind`s of {@link PurchaseModelFit}. */
export const PURCHASE_MODEL_KINDS: readonly PurchaseModelFit['kind'][] = Object.freeze([
  'bg-nbd',
  'pareto-nbd',
  'mbg-nbd',
]);

function unknownKind(fn: string, fit: unknown): never {
  const kind = (fit as { kind?: unknown } | null | undefined)?.kind;
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `${fn}: fit.kind = ${displayValue(kind)} must be one of ${PURCHASE_MODEL_KINDS.map((k) => `'${k}'`).join(', ')} (a purchase-model fit from fitBgNbd, fitParetoNbd, fitMbgNbd or loadModel)`,
      undefined,
      'fit.kind',
      kind,
    ),
  );
}

function kindOf(fit: unknown): unknown {
  return fit !== null && typeof fit === 'object' ? (fit as { kind?: unknown }).kind : undefined;
}

/**
 * P(alive at T | x, t_x, T) per customer under any purchase model (BG/NBD, Pareto/NBD,
 * MBG/NBD), dispatching on `fit.kind`. O(n).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a fit of another kind or a malformed summary.
 * @example
 * ```ts
 * import { probabilityAlive, summaryFromColumns, type ParetoNbdFit } from 'clvkit';
 * const fit = { kind: 'pareto-nbd', params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, timeUnit: 'week' } as ParetoNbdFit;
 * const summary = summaryFromColumns({ ids: ['a'], frequency: [26], recency: [30.86], T: [31], unit: 'week' });
 * probabilityAlive(fit, summary); // Float64Array [0.99791…]
 * ```
 */
export function probabilityAlive(fit: PurchaseModelFit, summary: CustomerSummary): Float64Array {
  switch (kindOf(fit)) {
    case 'bg-nbd':
      return bgNbdProbabilityAlive(fit as BgNbdFit, summary);
    case 'pareto-nbd':
      return paretoNbdProbabilityAlive(fit as ParetoNbdFit, summary);
    case 'mbg-nbd':
      return mbgNbdProbabilityAlive(fit as MbgNbdFit, summary);
    default:
      return unknownKind('probabilityAlive', fit);
  }
}

/**
 * E[purchases in (T, T + horizon] | x, t_x, T] per customer under any purchase model,
 * dispatching on `fit.kind`. O(n) special-function evaluations.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a fit of another kind, a bad horizon or summary.
 * @example
 * ```ts
 * import { conditionalExpectedPurchases, summaryFromColumns, type BgNbdFit } from 'clvkit';
 * const fit = { kind: 'bg-nbd', params: { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 }, timeUnit: 'week' } as BgNbdFit;
 * const summary = summaryFromColumns({ ids: ['a'], frequency: [2], recency: [30.43], T: [38.86], unit: 'week' });
 * conditionalExpectedPurchases(fit, summary, 39); // Float64Array [1.22591…]
 * ```
 */
export function conditionalExpectedPurchases(
  fit: PurchaseModelFit,
  summary: CustomerSummary,
  horizon: number,
  options?: HorizonOptions,
): Float64Array {
  switch (kindOf(fit)) {
    case 'bg-nbd':
      return bgNbdConditionalExpectedPurchases(fit as BgNbdFit, summary, horizon, options);
    case 'pareto-nbd':
      return paretoNbdConditionalExpectedPurchases(fit as ParetoNbdFit, summary, horizon, options);
    case 'mbg-nbd':
      return mbgNbdConditionalExpectedPurchases(fit as MbgNbdFit, summary, horizon, options);
    default:
      return unknownKind('conditionalExpectedPurchases', fit);
  }
}

/**
 * E[X(t)]: expected repeat purchases of a new customer in a period of length t, under any
 * purchase model, dispatching on `fit.kind`. O(length of t).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a fit of another kind or a bad duration.
 * @example
 * ```ts
 * import { expectedPurchases, type BgNbdFit } from 'clvkit';
 * const fit = { kind: 'bg-nbd', params: { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 }, timeUnit: 'week' } as BgNbdFit;
 * expectedPurchases(fit, [1, 78]); // Float64Array [0.0531847…, 1.857972…]
 * ```
 */
export function expectedPurchases(
  fit: PurchaseModelFit,
  t: number | ArrayLike<number>,
  options?: HorizonOptions,
): Float64Array {
  switch (kindOf(fit)) {
    case 'bg-nbd':
      return bgNbdExpectedPurchases(fit as BgNbdFit, t, options);
    case 'pareto-nbd':
      return paretoNbdExpectedPurchases(fit as ParetoNbdFit, t, options);
    case 'mbg-nbd':
      return mbgNbdExpectedPurchases(fit as MbgNbdFit, t, options);
    default:
      return unknownKind('expectedPurchases', fit);
  }
}

/**
 * P(X(t) = n): probability that a new customer makes exactly n repeat purchases in a period of
 * length t, one value per (n, t) pair, for the models with a closed form (BG/NBD, MBG/NBD),
 * dispatching on `fit.kind`.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` for a Pareto/NBD or unknown fit; `INVALID_OPTION` for bad
 *   n or t.
 * @example
 * ```ts
 * import { probabilityOfPurchases, type BgNbdFit } from 'clvkit';
 * const fit = { kind: 'bg-nbd', params: { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 }, timeUnit: 'week' } as BgNbdFit;
 * probabilityOfPurchases(fit, [10, 0], [2, 39]); // Float64Array [1.076828e-7, 0.5743073]
 * ```
 */
export function probabilityOfPurchases(
  fit: BgNbdFit | MbgNbdFit,
  n: number | ArrayLike<number>,
  t: number | ArrayLike<number>,
  options?: HorizonOptions,
): Float64Array {
  switch (kindOf(fit)) {
    case 'bg-nbd':
      return bgNbdProbabilityOfPurchases(fit as BgNbdFit, n, t, options);
    case 'mbg-nbd':
      return mbgNbdProbabilityOfPurchases(fit as MbgNbdFit, n, t, options);
    default:
      return unknownKind('probabilityOfPurchases', fit);
  }
}
