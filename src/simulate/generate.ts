import { invalidOption } from '../errors/index.js';
import { betaVariate, exponentialVariate, gammaVariate } from '../random/samplers.js';
import { createRandom } from '../random/source.js';
import { MS_PER_DAY, millisecondsPerUnit } from '../time/index.js';
import type { ResolvedSimulateTransactionsOptions } from './options.js';

/** The simulated customers: ids and their latent BG/NBD and Gamma-Gamma draws, one entry each. */
export interface SimulatedCustomers {
  /** Customer ids, `${idPrefix}${index}` with the index zero-padded to a common width. */
  readonly ids: string[];
  /** Date of the first purchase (acquisition), epoch milliseconds, as it appears in the log. */
  readonly firstPurchase: Float64Array;
  /** Purchase rate λ per `unit` while alive. */
  readonly lambda: Float64Array;
  /** Dropout probability p after each repeat purchase. */
  readonly dropout: Float64Array;
  /**
   * Date (epoch ms) of the repeat purchase after which the customer dropped out, which is their
   * last transaction; `Infinity` when still alive at start + horizon.
   */
  readonly dropoutTime: Float64Array;
  /** The customer's expected amount per transaction p / ν; `NaN` without `gammaGamma`. */
  readonly meanSpend: Float64Array;
}

/**
 * Receives one customer's transactions: `count` dates (epoch ms, increasing) and amounts in the
 * first `count` slots of the scratch arrays, which are reused for the next customer. @internal
 */
export type CustomerSink = (
  customerIndex: number,
  count: number,
  times: Float64Array,
  amounts: Float64Array,
) => void;

/** Customer ids `${prefix}${index}`, the index zero-padded so that ids sort like indices. @internal */
export function customerIds(prefix: string, count: number): string[] {
  const width = String(count - 1).length;
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i++) ids[i] = prefix + String(i).padStart(width, '0');
  return ids;
}

/**
 * Runs the BG/NBD purchase process with Gamma-Gamma spend for every customer, in index order,
 * handing each customer's transactions to `sink`; `ids` (from {@link customerIds}) is passed
 * through. One random stream is consumed in a fixed order (acquisition, λ, p, ν, then per
 * purchase: amount, dropout test, waiting time), so the first k customers of a run are the same
 * whatever the number of customers. O(total transactions).
 * @internal
 */
export function generateCustomers(
  options: ResolvedSimulateTransactionsOptions,
  ids: string[],
  sink: CustomerSink,
): SimulatedCustomers {
  const { customers: count, horizon, bgNbd, gammaGamma } = options;
  const window = options.acquisition.window;
  const random = createRandom(options.seed);
  const msPerUnit = millisecondsPerUnit(options.unit);
  const startMs = options.start.getTime();
  const roundToDay = options.roundTo === 'day';
  const fixedAmount = options.amount ?? 1;

  const firstPurchase = new Float64Array(count);
  const lambdas = new Float64Array(count);
  const dropouts = new Float64Array(count);
  const dropoutTimes = new Float64Array(count);
  const meanSpends = new Float64Array(count);
  let times = new Float64Array(64);
  let amounts = new Float64Array(64);

  for (let i = 0; i < count; i++) {
    const acquired = window * random.next();
    const lambda = gammaVariate(random, bgNbd.r, bgNbd.alpha);
    const p = betaVariate(random, bgNbd.a, bgNbd.b);
    const nu =
      gammaGamma === undefined ? Number.NaN : gammaVariate(random, gammaGamma.q, gammaGamma.v);
    lambdas[i] = lambda;
    dropouts[i] = p;
    meanSpends[i] = gammaGamma === undefined ? Number.NaN : gammaGamma.p / nu;

    // BG/NBD (Fader, Hardie & Lee 2005, assumptions i-iv): the customer is alive at the first
    // purchase; after each *repeat* purchase they drop out with probability p, which gives the
    // paper's likelihood (1-p)^x λ^x e^(-λT) + δ(x>0) p (1-p)^(x-1) λ^x e^(-λ t_x).
    let t = acquired;
    let n = 0;
    let dropoutTime = Number.POSITIVE_INFINITY;
    for (;;) {
      if (n === times.length) {
        const grownTimes = new Float64Array(2 * n);
        grownTimes.set(times);
        times = grownTimes;
        const grownAmounts = new Float64Array(2 * n);
        grownAmounts.set(amounts);
        amounts = grownAmounts;
      }
      const offset = t * msPerUnit;
      times[n] =
        startMs + (roundToDay ? Math.floor(offset / MS_PER_DAY) * MS_PER_DAY : Math.floor(offset));
      if (gammaGamma === undefined) amounts[n] = fixedAmount;
      else {
        // Gamma-Gamma spend, rounded to cents but never to 0.
        const z = gammaVariate(random, gammaGamma.p, nu);
        const amount = Math.max(0.01, Math.round(z * 100) / 100);
        if (!Number.isFinite(amount)) {
          // Extreme parameters (ν underflowing to 0, say) must not leak NaN or Infinity amounts.
          invalidOption(
            'gammaGamma',
            gammaGamma,
            `gives a non-finite amount (spend rate ν = ${nu} for customer ${i}); the parameters are too extreme to simulate`,
          );
        }
        amounts[n] = amount;
      }
      n++;
      if (n > 1 && random.next() < p) {
        dropoutTime = times[n - 1]!;
        break;
      }
      t += exponentialVariate(random, lambda);
      // Written negated so that NaN (λ = 0 from underflow) also ends the customer.
      if (!(t <= horizon)) break;
    }
    firstPurchase[i] = times[0]!;
    dropoutTimes[i] = dropoutTime;
    sink(i, n, times, amounts);
  }

  return Object.freeze({
    ids,
    firstPurchase,
    lambda: lambdas,
    dropout: dropouts,
    dropoutTime: dropoutTimes,
    meanSpend: meanSpends,
  });
}

/** Growable transaction columns (capacity grows by half when full). @internal */
export interface ColumnBuffer {
  customerIndex: Int32Array;
  time: Float64Array;
  amount: Float64Array;
  length: number;
}

/** An empty {@link ColumnBuffer} with room for `capacity` transactions. @internal */
export function createColumnBuffer(capacity: number): ColumnBuffer {
  return {
    customerIndex: new Int32Array(capacity),
    time: new Float64Array(capacity),
    amount: new Float64Array(capacity),
    length: 0,
  };
}

/** Appends one customer's transactions to `buffer`. @internal */
export function appendCustomer(
  buffer: ColumnBuffer,
  customerIndex: number,
  count: number,
  times: Float64Array,
  amounts: Float64Array,
): void {
  const end = buffer.length + count;
  if (end > buffer.time.length) {
    const capacity = Math.max(end, Math.ceil(buffer.time.length * 1.5));
    const grownIndex = new Int32Array(capacity);
    grownIndex.set(buffer.customerIndex.subarray(0, buffer.length));
    buffer.customerIndex = grownIndex;
    const grownTime = new Float64Array(capacity);
    grownTime.set(buffer.time.subarray(0, buffer.length));
    buffer.time = grownTime;
    const grownAmount = new Float64Array(capacity);
    grownAmount.set(buffer.amount.subarray(0, buffer.length));
    buffer.amount = grownAmount;
  }
  // Plain loops: most customers have a handful of transactions, too few to pay for subarray views.
  const { customerIndex: indexColumn, time, amount } = buffer;
  for (let k = 0, j = buffer.length; k < count; k++, j++) {
    indexColumn[j] = customerIndex;
    time[j] = times[k]!;
    amount[j] = amounts[k]!;
  }
  buffer.length = end;
}
