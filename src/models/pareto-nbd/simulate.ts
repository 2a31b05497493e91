import { invalidOption } from '../../errors/index.js';
import { exponentialVariate, gammaVariate } from '../../random/samplers.js';
import { createRandom, isSeed } from '../../random/source.js';
import { summaryFromColumns } from '../../summary/columns.js';
import type { CustomerSummary } from '../../summary/types.js';
import { isTimeUnit } from '../../time/index.js';
import type { ParetoNbdParams, SimulateParetoNbdOptions } from './types.js';
import { PARETO_NBD_PARAMETERS } from './types.js';

const OPTION_KEYS = new Set(['customers', 'T', 'unit', 'seed', 'idPrefix']);
const MAX_CUSTOMERS = 10_000_000;

function checkSimulateOptions(params: ParetoNbdParams, options: SimulateParetoNbdOptions): void {
  if (params === null || typeof params !== 'object')
    invalidOption('params', params, 'must be an object { r, alpha, s, beta }');
  for (const name of PARETO_NBD_PARAMETERS) {
    const value = params[name];
    if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0))
      invalidOption(`params.${name}`, value, 'must be a positive finite number');
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalidOption('options', options, 'must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key))
      invalidOption(
        key,
        (options as unknown as Record<string, unknown>)[key],
        'is not a known option',
      );
  }
  const { customers, T, unit, seed, idPrefix } = options;
  if (!(Number.isInteger(customers) && customers >= 1 && customers <= MAX_CUSTOMERS))
    invalidOption('customers', customers, `must be an integer from 1 to ${MAX_CUSTOMERS}`);
  if (typeof T === 'number') {
    if (!(Number.isFinite(T) && T > 0)) invalidOption('T', T, 'must be a positive finite number');
  } else {
    if (T === null || typeof T !== 'object' || typeof T.length !== 'number')
      invalidOption('T', T, 'must be a number or an array of numbers');
    if (T.length !== customers)
      invalidOption('T', T.length, `must have one value per customer (${customers})`);
    for (let i = 0; i < T.length; i++) {
      const value = T[i];
      if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0))
        invalidOption(`T[${i}]`, value, 'must be a positive finite number');
    }
  }
  if (!isTimeUnit(unit))
    invalidOption('unit', unit, "must be 'hour', 'day', 'week', 'month', 'quarter' or 'year'");
  if (!isSeed(seed)) invalidOption('seed', seed, 'must be a safe integer or a string');
  if (idPrefix !== undefined && typeof idPrefix !== 'string')
    invalidOption('idPrefix', idPrefix, 'must be a string');
}

/**
 * Simulates customers from the Pareto/NBD process (Schmittlein, Morrison & Colombo 1987) and
 * returns their summary: each customer draws a purchase rate λ ~ Gamma(r, α) and a dropout rate
 * μ ~ Gamma(s, β) (shape, rate), an exponential lifetime ω ~ Exp(μ) from the first purchase at
 * time 0, and buys again at the events of a Poisson process of rate λ while alive; frequency x is
 * the number of those repeat purchases in (0, T], recency t_x the time of the last one (0 when
 * x = 0), T the observation length. Seeded ({@link createRandom}): the same seed and options give
 * the same summary on every runtime. O(customers + purchases): purchases are drawn one
 * exponential gap at a time.
 *
 * @param params - r, α, s, β (rates per `options.unit`), positive and finite.
 * @param options - customers, T (one length for all, or one per customer), unit, seed, idPrefix.
 * @returns a {@link CustomerSummary} in `options.unit` with ids `${idPrefix}${index}`.
 * @throws {ClvError} `INVALID_OPTION` for a bad parameter or option (named).
 * @example
 * ```ts
 * import { simulateParetoNbd } from 'clvkit';
 * const summary = simulateParetoNbd(
 *   { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 },
 *   { customers: 1000, T: 39, unit: 'week', seed: 7 },
 * );
 * summary.frequency.length; // 1000
 * ```
 */
export function simulateParetoNbd(
  params: ParetoNbdParams,
  options: SimulateParetoNbdOptions,
): CustomerSummary {
  checkSimulateOptions(params, options);
  const { r, alpha, s, beta } = params;
  const { customers, unit } = options;
  const random = createRandom(options.seed);
  const prefix = options.idPrefix ?? 'c';
  const width = String(customers - 1).length;
  const ids: string[] = new Array(customers);
  const frequency = new Float64Array(customers);
  const recency = new Float64Array(customers);
  const ages = new Float64Array(customers);
  const T = options.T;
  for (let i = 0; i < customers; i++) {
    const age = typeof T === 'number' ? T : T[i]!;
    const lambda = gammaVariate(random, r, alpha);
    const mu = gammaVariate(random, s, beta);
    const alive = Math.min(exponentialVariate(random, mu), age);
    let x = 0;
    let last = 0;
    if (lambda > 0) {
      for (let t = exponentialVariate(random, lambda); t <= alive; ) {
        x++;
        last = t;
        t += exponentialVariate(random, lambda);
      }
    }
    ids[i] = prefix + String(i).padStart(width, '0');
    frequency[i] = x;
    recency[i] = last;
    ages[i] = age;
  }
  return summaryFromColumns({ ids, frequency, recency, T: ages, unit });
}
