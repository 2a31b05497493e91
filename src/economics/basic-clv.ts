import { checkObject, churnRateOf, invalidArgument, nonNegative, probability } from './shared.js';

/**
 * Input of {@link basicClv}: give exactly one of `lifetime` and `churnRate`. Frequency, lifetime
 * and churn rate must use the same period (e.g. all per year).
 */
export interface BasicClvInput {
  /** Average order value (≥ 0), money per order. */
  readonly averageOrderValue: number;
  /** Orders per customer per period (≥ 0). */
  readonly purchaseFrequency: number;
  /** Expected customer lifetime in periods (≥ 0). */
  readonly lifetime?: number;
  /** Share of customers lost per period, in (0, 1]: lifetime = 1 / churnRate. */
  readonly churnRate?: number;
  /** Gross margin as a fraction of revenue, in [0, 1]; default 1 (CLV as revenue). */
  readonly margin?: number;
}

/** Defaults of the optional fields of {@link BasicClvInput}. */
export const BASIC_CLV_DEFAULTS = Object.freeze({ margin: 1 } as const);

/**
 * The textbook undiscounted CLV: average order value × purchase frequency × lifetime (× margin).
 * No discounting and no retention curve: see {@link discountedClv} for those. O(1).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` naming the field: a negative or NaN value, a churn rate
 * outside (0, 1], a margin outside [0, 1], both or neither of `lifetime` and `churnRate`.
 * @example
 * ```ts
 * import { basicClv } from 'clvkit';
 * basicClv({ averageOrderValue: 50, purchaseFrequency: 4, lifetime: 3 }); // 600 (revenue)
 * basicClv({ averageOrderValue: 50, purchaseFrequency: 4, churnRate: 0.25, margin: 0.3 }); // 240
 * ```
 */
export function basicClv(input: BasicClvInput): number {
  const fn = 'basicClv';
  checkObject(fn, 'input', input, 'argument');
  const aov = nonNegative(fn, 'averageOrderValue', input.averageOrderValue);
  const frequency = nonNegative(fn, 'purchaseFrequency', input.purchaseFrequency);
  const hasLifetime = input.lifetime !== undefined;
  const hasChurn = input.churnRate !== undefined;
  if (hasLifetime === hasChurn) {
    invalidArgument(
      fn,
      'lifetime',
      input.lifetime,
      hasLifetime
        ? 'and churnRate are both given: give exactly one'
        : 'is missing: give lifetime (periods) or churnRate (per period)',
    );
  }
  const lifetime = hasLifetime
    ? nonNegative(fn, 'lifetime', input.lifetime)
    : 1 / churnRateOf(fn, 'churnRate', input.churnRate);
  const margin =
    input.margin === undefined
      ? BASIC_CLV_DEFAULTS.margin
      : probability(fn, 'margin', input.margin);
  return aov * frequency * lifetime * margin;
}
