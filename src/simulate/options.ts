import { invalidOption } from '../errors/index.js';
import { isSeed } from '../random/source.js';
import { isTimeUnit, millisecondsPerUnit, type TimeUnit } from '../time/index.js';

/**
 * When customers make their first purchase (are acquired), in the simulation's `unit`:
 * - `'uniform'` (default): uniformly over the whole horizon, [start, start + horizon), as a
 *   steady inflow of new customers;
 * - `'all-at-start'`: every customer at `start` (one cohort, as in the BG/NBD papers);
 * - `{ window }`: uniformly over [start, start + window), 0 ≤ window ≤ horizon.
 *
 * With the benchmark parameters (730 days; r 0.9, alpha 30, a 0.8, b 2.5) a customer makes on
 * average 5.00 transactions with `'uniform'`, 6.33 with `{ window: 365 }`, 7.19 with
 * `'all-at-start'`.
 *
 * @example
 * ```ts
 * import type { SimulationAcquisition } from 'clvkit';
 * const firstYear: SimulationAcquisition = { window: 365 }; // with unit 'day'
 * ```
 */
export type SimulationAcquisition = 'uniform' | 'all-at-start' | { readonly window: number };

/** Options of {@link simulateTransactions}; defaults in {@link SIMULATE_TRANSACTIONS_DEFAULTS}. */
export interface SimulateTransactionsOptions {
  /** Number of customers, a positive integer (at most 2^31 − 1). */
  readonly customers: number;
  /** Start of the simulated period: the earliest possible purchase (UTC). */
  readonly start: Date;
  /** Length of the simulated period in `unit`; no purchase falls after start + horizon. */
  readonly horizon: number;
  /** Unit of `horizon`, of the acquisition window and of the rates in `bgNbd` and `gammaGamma`. */
  readonly unit: TimeUnit;
  /**
   * BG/NBD parameters (Fader, Hardie & Lee 2005): purchase rate λ ~ Gamma(shape `r`, rate
   * `alpha`) per `unit`; dropout probability p ~ Beta(`a`, `b`). All positive and finite.
   */
  readonly bgNbd: {
    readonly r: number;
    readonly alpha: number;
    readonly a: number;
    readonly b: number;
  };
  /**
   * Gamma-Gamma spend parameters (Fader, Hardie & Lee 2005, "RFM and CLV"): per customer
   * ν ~ Gamma(shape `q`, rate `v`), each amount z ~ Gamma(shape `p`, rate ν), so the mean amount
   * over customers is p·v / (q − 1). Positive and finite. Without it every amount is `amount`.
   */
  readonly gammaGamma?: {
    readonly p: number;
    readonly q: number;
    readonly v: number;
  };
  /** The fixed amount of every transaction when `gammaGamma` is absent (default 1). */
  readonly amount?: number;
  /** Seed of the generator: a safe integer or a string. Same seed and options, same output. */
  readonly seed: number | string;
  /** When first purchases happen; default `'uniform'` over the horizon. */
  readonly acquisition?: SimulationAcquisition;
  /** Prefix of customer ids (default `'c'`): ids are the prefix and the zero-padded index. */
  readonly idPrefix?: string;
  /** Give each transaction an `orderId` `${customerId}-${k}`, k = 0 for the first purchase (default false). */
  readonly orderIds?: boolean;
  /** `'day'`: truncate each date to a whole number of days after `start` (default: exact, to the millisecond). */
  readonly roundTo?: 'day';
  /** `'customer'` (default): grouped by customer, each in time order. `'time'`: by date, ties by customer. */
  readonly order?: 'customer' | 'time';
}

/** The options as used, defaults applied; passing them back reproduces the same output. */
export interface ResolvedSimulateTransactionsOptions {
  readonly customers: number;
  readonly start: Date;
  readonly horizon: number;
  readonly unit: TimeUnit;
  readonly bgNbd: SimulateTransactionsOptions['bgNbd'];
  readonly gammaGamma: SimulateTransactionsOptions['gammaGamma'];
  /** The fixed amount, or undefined when `gammaGamma` draws the amounts. */
  readonly amount: number | undefined;
  readonly seed: number | string;
  /** Always the explicit window (`'uniform'` is the horizon, `'all-at-start'` is 0). */
  readonly acquisition: { readonly window: number };
  readonly idPrefix: string;
  readonly orderIds: boolean;
  readonly roundTo: 'day' | undefined;
  readonly order: 'customer' | 'time';
}

/**
 * Defaults of {@link SimulateTransactionsOptions}: acquisition `'uniform'` over the horizon,
 * amount 1 (without `gammaGamma`), id prefix `'c'`, no order ids, grouped by customer; `roundTo`
 * unset (exact instants, to the millisecond).
 *
 * @example
 * ```ts
 * import { SIMULATE_TRANSACTIONS_DEFAULTS } from 'clvkit';
 * SIMULATE_TRANSACTIONS_DEFAULTS.acquisition; // 'uniform'
 * ```
 */
export const SIMULATE_TRANSACTIONS_DEFAULTS = Object.freeze({
  acquisition: 'uniform',
  amount: 1,
  idPrefix: 'c',
  orderIds: false,
  order: 'customer',
} as const);

const OPTION_KEYS = new Set([
  'customers',
  'start',
  'horizon',
  'unit',
  'bgNbd',
  'gammaGamma',
  'amount',
  'seed',
  'acquisition',
  'idPrefix',
  'orderIds',
  'roundTo',
  'order',
]);
const MAX_CUSTOMERS = 2 ** 31 - 1;
// ECMAScript's Date range: ±8.64e15 ms around the epoch.
const MAX_TIME = 8.64e15;

function isPositiveFinite(value: unknown): value is number {
  return typeof value === 'number' && value > 0 && value < Number.POSITIVE_INFINITY;
}

function checkObject(field: string, value: unknown): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalidOption(field, value, 'must be an object');
}

/** Rejects keys outside `allowed`: a misspelt option would otherwise change the output silently. */
function checkKeys(prefix: string, value: object, allowed: ReadonlySet<string>): void {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) {
      const field = prefix === '' ? key : `${prefix}.${key}`;
      invalidOption(field, (value as Record<string, unknown>)[key], 'is not a known option');
    }
  }
}

function readParameters<K extends string>(
  field: string,
  value: unknown,
  names: readonly K[],
): Readonly<Record<K, number>> {
  checkObject(field, value);
  checkKeys(field, value, new Set(names));
  const params = {} as Record<K, number>;
  for (const name of names) {
    const param = value[name];
    if (!isPositiveFinite(param))
      invalidOption(`${field}.${name}`, param, 'must be a positive finite number');
    params[name] = param;
  }
  return Object.freeze(params);
}

/** Validates the options once at the boundary and applies the defaults. @internal */
export function resolveSimulateOptions(options: unknown): ResolvedSimulateTransactionsOptions {
  checkObject('options', options);
  checkKeys('', options, OPTION_KEYS);
  const o = options as Partial<SimulateTransactionsOptions>;

  const customers = o.customers;
  if (
    typeof customers !== 'number' ||
    !Number.isInteger(customers) ||
    customers < 1 ||
    customers > MAX_CUSTOMERS
  ) {
    invalidOption('customers', customers, `must be an integer from 1 to ${MAX_CUSTOMERS}`);
  }
  if (!(o.start instanceof Date) || Number.isNaN(o.start.getTime()))
    invalidOption('start', o.start, 'must be a valid Date');
  const startMs = o.start.getTime();
  if (!isTimeUnit(o.unit))
    invalidOption('unit', o.unit, "must be 'hour', 'day', 'week', 'month', 'quarter' or 'year'");
  const unit = o.unit;
  const horizon = o.horizon;
  if (!isPositiveFinite(horizon))
    invalidOption('horizon', horizon, 'must be a positive finite number');
  if (startMs + horizon * millisecondsPerUnit(unit) > MAX_TIME)
    invalidOption('horizon', horizon, 'takes start + horizon beyond the range of Date');

  const bgNbd = readParameters('bgNbd', o.bgNbd, ['r', 'alpha', 'a', 'b']);
  const gammaGamma =
    o.gammaGamma === undefined
      ? undefined
      : readParameters('gammaGamma', o.gammaGamma, ['p', 'q', 'v']);
  let amount: number | undefined;
  if (gammaGamma === undefined) {
    amount = o.amount ?? SIMULATE_TRANSACTIONS_DEFAULTS.amount;
    if (!isPositiveFinite(amount))
      invalidOption('amount', amount, 'must be a positive finite number');
  } else if (o.amount !== undefined) {
    invalidOption(
      'amount',
      o.amount,
      'cannot be combined with gammaGamma, which draws the amounts',
    );
  }

  if (!isSeed(o.seed)) invalidOption('seed', o.seed, 'must be a safe integer or a string');

  const acquisition = o.acquisition ?? SIMULATE_TRANSACTIONS_DEFAULTS.acquisition;
  let window: number;
  if (acquisition === 'uniform') window = horizon;
  else if (acquisition === 'all-at-start') window = 0;
  else {
    if (typeof acquisition !== 'object' || acquisition === null || Array.isArray(acquisition)) {
      invalidOption(
        'acquisition',
        acquisition,
        "must be 'uniform', 'all-at-start' or { window: number }",
      );
    }
    checkKeys('acquisition', acquisition, new Set(['window']));
    window = acquisition.window;
    if (typeof window !== 'number' || !(window >= 0 && window <= horizon))
      invalidOption(
        'acquisition.window',
        window,
        `must be a number from 0 to horizon (${horizon})`,
      );
  }

  const idPrefix = o.idPrefix ?? SIMULATE_TRANSACTIONS_DEFAULTS.idPrefix;
  if (typeof idPrefix !== 'string') invalidOption('idPrefix', idPrefix, 'must be a string');
  const orderIds = o.orderIds ?? SIMULATE_TRANSACTIONS_DEFAULTS.orderIds;
  if (typeof orderIds !== 'boolean') invalidOption('orderIds', orderIds, 'must be a boolean');
  if (o.roundTo !== undefined && o.roundTo !== 'day')
    invalidOption('roundTo', o.roundTo, "must be 'day' or undefined");
  const order = o.order ?? SIMULATE_TRANSACTIONS_DEFAULTS.order;
  if (order !== 'customer' && order !== 'time')
    invalidOption('order', order, "must be 'customer' or 'time'");

  return Object.freeze({
    customers,
    start: new Date(startMs),
    horizon,
    unit,
    bgNbd,
    gammaGamma,
    amount,
    seed: o.seed,
    acquisition: Object.freeze({ window }),
    idPrefix,
    orderIds,
    roundTo: o.roundTo,
    order,
  });
}
