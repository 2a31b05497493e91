import { invalidOption } from '../../errors/index.js';
import { betaVariate } from '../../random/samplers.js';
import { createRandom } from '../../random/source.js';
import { checkSimulationOptions } from '../bg-bb/simulate.js';
import type { SbgParams, SimulatedSbgCohort, SimulateSbgOptions } from './types.js';

const OPTION_KEYS = new Set(['customers', 'periods', 'seed', 'unit']);

/**
 * Simulates a cohort under the shifted-beta-geometric model: per customer θ ~ Beta(α, β), then
 * at the end of each period 1..`periods` the customer churns with probability θ (Fader & Hardie
 * 2007). Customers still active after the last period are right-censored. Seeded
 * ({@link createRandom}): the same seed gives the same cohort on every engine.
 * O(customers · periods) at worst.
 *
 * @returns `{ durations, churned, unit }`: periods survived and the churn flag (1 = lost in
 *   period durations + 1, 0 = still active after `periods`), ready for {@link fitSbg}.
 * @throws {ClvError} `INVALID_OPTION` for parameters that are not positive finite numbers or bad
 *   options (see {@link SimulateSbgOptions}).
 * @example
 * ```ts
 * import { fitSbg, simulateSbg } from 'clvkit';
 * const cohort = simulateSbg({ alpha: 0.7, beta: 1.2 }, { customers: 5000, periods: 8, seed: 1 });
 * fitSbg(cohort).params; // close to { alpha: 0.7, beta: 1.2 }
 * ```
 */
export function simulateSbg(params: SbgParams, options: SimulateSbgOptions): SimulatedSbgCohort {
  if (params === null || typeof params !== 'object')
    invalidOption('params', params, 'must be an object { alpha, beta }');
  for (const name of ['alpha', 'beta'] as const) {
    const value = params[name];
    if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0))
      invalidOption(`params.${name}`, value, 'must be a positive finite number');
  }
  checkSimulationOptions(options, OPTION_KEYS);
  const { customers, periods, seed } = options;
  const random = createRandom(seed);
  const durations = new Float64Array(customers);
  const churned = new Uint8Array(customers);
  for (let c = 0; c < customers; c++) {
    const theta = betaVariate(random, params.alpha, params.beta);
    let d = 0;
    while (d < periods && !(random.next() < theta)) d++;
    durations[c] = d;
    churned[c] = d < periods ? 1 : 0;
  }
  return { durations, churned, unit: options.unit ?? 'year' };
}
