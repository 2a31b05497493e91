import { ClvError, displayValue, invalidOption, issueOf } from '../../errors/index.js';
import { betaVariate, exponentialVariate, gammaVariate } from '../../random/samplers.js';
import { createRandom, isSeed } from '../../random/source.js';
import { customerIds } from '../../simulate/generate.js';
import { summaryFromColumns } from '../../summary/columns.js';
import type { CustomerSummary } from '../../summary/types.js';
import { isTimeUnit, type TimeUnit } from '../../time/index.js';
import { MBG_NBD_PARAMETERS, type MbgNbdParams } from './types.js';

/** Options of {@link simulateMbgNbd}. */
export interface SimulateMbgNbdOptions {
  /** Number of customers, an integer from 1 to 1e8. */
  readonly customers: number;
  /**
   * Observation length T of every customer (time from the first purchase to the end of the
   * observation), finite and > 0, in `unit`: one number for all, or one per customer.
   */
  readonly T: number | ArrayLike<number>;
  /** Time unit of T, of the rates and of the summary. */
  readonly unit: TimeUnit;
  /** Seed of the random stream (a safe integer or a string): same seed, same summary. */
  readonly seed: number | string;
  /** Prefix of the customer ids (default `'c'`): `${idPrefix}${index}`, index zero-padded. */
  readonly idPrefix?: string;
}

const OPTION_KEYS = new Set(['customers', 'T', 'unit', 'seed', 'idPrefix']);

function checkOptions(options: SimulateMbgNbdOptions): (i: number) => number {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalidOption('options', options, 'must be an object { customers, T, unit, seed }');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key))
      invalidOption(
        key,
        (options as unknown as Record<string, unknown>)[key],
        'is not a known option',
      );
  }
  const { customers, T, unit, seed, idPrefix } = options;
  if (!(Number.isInteger(customers) && customers >= 1 && customers <= 1e8))
    invalidOption('customers', customers, 'must be an integer from 1 to 1e8');
  if (!isTimeUnit(unit))
    invalidOption('unit', unit, "must be 'hour', 'day', 'week', 'month', 'quarter' or 'year'");
  if (!isSeed(seed)) invalidOption('seed', seed, 'must be a safe integer or a string');
  if (idPrefix !== undefined && typeof idPrefix !== 'string')
    invalidOption('idPrefix', idPrefix, 'must be a string');
  if (typeof T === 'number') {
    if (!(Number.isFinite(T) && T > 0)) invalidOption('T', T, 'must be finite and > 0');
    return () => T;
  }
  if (T === null || typeof T !== 'object' || typeof T.length !== 'number')
    invalidOption('T', T, 'must be a number or an array of numbers, one per customer');
  if (T.length !== customers)
    invalidOption('T', T.length, `must have one value per customer (${customers})`);
  for (let i = 0; i < customers; i++) {
    const value = T[i];
    if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0)) {
      throw new ClvError(
        issueOf(
          'INVALID_OPTION',
          `Row ${i + 1}: T ${displayValue(value)} must be finite and > 0`,
          i + 1,
          'T',
          value,
        ),
      );
    }
  }
  return (i) => T[i]!;
}

/**
 * Simulates a customer summary from the MBG/NBD process (Batislam, Denizel & Filiztekin 2007):
 * each customer draws λ ~ Gamma(r, α) and p ~ Beta(a, b); right after the first purchase
 * (time 0) they leave with probability p; while alive they buy at the times of a Poisson process
 * of rate λ, and after each repeat purchase they leave with probability p. Purchases in (0, T]
 * are counted: frequency x, recency t_x (time of the last, 0 without any), T. One seeded stream
 * (src/random's sfc32) is consumed in a fixed order (λ, p, the test at time 0, then per purchase a
 * waiting time and a dropout test), so the same seed gives the same summary on every runtime,
 * and the first k customers do not depend on the number of customers. O(total purchases).
 *
 * @param params - the MBG/NBD parameters, rates per `options.unit`.
 * @param options - see {@link SimulateMbgNbdOptions}.
 * @returns a {@link CustomerSummary} in `options.unit` (elapsed mode, no spend: `monetaryValue` 0).
 * @throws {ClvError} `INVALID_OPTION` for parameters that are not positive finite numbers
 *   (field `params.r`, …) or bad options (field named).
 * @example
 * ```ts
 * import { simulateMbgNbd } from 'clvkit';
 * const summary = simulateMbgNbd(
 *   { r: 0.524838, alpha: 6.182992, a: 0.891356, b: 1.613999 },
 *   { customers: 1000, T: 39, unit: 'week', seed: 'cdnow-like' },
 * );
 * summary.frequency.length; // 1000
 * ```
 */
export function simulateMbgNbd(
  params: MbgNbdParams,
  options: SimulateMbgNbdOptions,
): CustomerSummary {
  if (params === null || typeof params !== 'object')
    invalidOption('params', params, 'must be an object { r, alpha, a, b }');
  for (const name of MBG_NBD_PARAMETERS) {
    const value = params[name];
    if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0))
      invalidOption(`params.${name}`, value, 'must be a positive finite number');
  }
  const ageOf = checkOptions(options);
  const { r, alpha, a, b } = params;
  const n = options.customers;
  const random = createRandom(options.seed);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const age = ageOf(i);
    T[i] = age;
    const lambda = gammaVariate(random, r, alpha);
    const p = betaVariate(random, a, b);
    if (random.next() < p) continue; // gone right after the first purchase
    let t = 0;
    let x = 0;
    let last = 0;
    for (;;) {
      t += exponentialVariate(random, lambda);
      // Written negated so that NaN (λ = 0 from underflow) also ends the customer.
      if (!(t <= age)) break;
      x++;
      last = t;
      if (random.next() < p) break;
    }
    frequency[i] = x;
    recency[i] = last;
  }
  return summaryFromColumns({
    ids: customerIds(options.idPrefix ?? 'c', n),
    frequency,
    recency,
    T,
    unit: options.unit,
  });
}
