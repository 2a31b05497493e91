import { ClvError, displayValue, invalidOption, issueOf } from '../errors/index.js';
import { groupRowsByRank } from '../internal/group-rows.js';
import { codeUnitOrder, StringIndex } from '../internal/string-index.js';
import {
  calendarPeriodIndex,
  calendarPeriodIndexer,
  isTimeUnit,
  millisecondsPerUnit,
  type TimeUnit,
} from '../time/index.js';
import { isTransactionColumns, transactionColumnsLength } from '../transactions/convert.js';
import type { Transaction, TransactionColumns } from '../transactions/types.js';
import type { CustomerSummary, SummaryMode, SummaryReport } from './types.js';

/** Options of {@link summarizeTransactions} and {@link createSummarizer}. */
export interface SummarizeOptions {
  /** Time unit of `recency`, `T` and durations. Required: there is no implicit unit. */
  readonly unit: TimeUnit;
  /** End of observation (an instant, UTC). Required: the clock is never read. Later transactions are excluded and counted. */
  readonly observationEnd: Date;
  /** End of the calibration window; when given, the holdout columns are filled from (calibrationEnd, observationEnd]. */
  readonly calibrationEnd?: Date;
  /** `'elapsed'` (default) or `'calendar'`, see {@link SummaryMode}. */
  readonly mode?: SummaryMode;
  /**
   * How `monetaryHoldout` averages holdout spend: `'per-transaction'` (default, the convention of
   * Python lifetimes' `calibration_and_holdout_data`) or `'per-period'` (spend per holdout purchase
   * period, the same definition as `monetaryValue`, so it compares directly with a Gamma-Gamma
   * prediction when several transactions share a period).
   */
  readonly holdoutSpend?: 'per-transaction' | 'per-period';
}

/** Defaults of {@link SummarizeOptions}. */
export const SUMMARIZE_DEFAULTS = Object.freeze({
  mode: 'elapsed',
  holdoutSpend: 'per-transaction',
} as const);

interface ResolvedSummarizeOptions {
  readonly unit: TimeUnit;
  readonly mode: SummaryMode;
  readonly observationEnd: number;
  readonly calibrationEnd: number | undefined;
  readonly holdoutSpend: 'per-transaction' | 'per-period';
}

function resolveOptions(options: SummarizeOptions | undefined): ResolvedSummarizeOptions {
  if (options === undefined || options === null || typeof options !== 'object') {
    invalidOption(
      'options',
      options,
      'is required: { unit, observationEnd } (the clock is never read)',
    );
  }
  if (!isTimeUnit(options.unit)) {
    invalidOption(
      'unit',
      options.unit,
      "must be one of 'hour', 'day', 'week', 'month', 'quarter', 'year'",
    );
  }
  const mode = options.mode ?? SUMMARIZE_DEFAULTS.mode;
  if (mode !== 'elapsed' && mode !== 'calendar')
    invalidOption('mode', mode, "must be 'elapsed' or 'calendar'");
  const end = options.observationEnd;
  if (!(end instanceof Date) || Number.isNaN(end.getTime())) {
    invalidOption(
      'observationEnd',
      end,
      'must be a valid Date (the end of observation is never taken from the clock)',
    );
  }
  let calibrationEnd: number | undefined;
  if (options.calibrationEnd !== undefined) {
    const cal = options.calibrationEnd;
    if (!(cal instanceof Date) || Number.isNaN(cal.getTime()))
      invalidOption('calibrationEnd', cal, 'must be a valid Date');
    if (cal.getTime() > end.getTime())
      invalidOption('calibrationEnd', cal, 'must not be after observationEnd');
    calibrationEnd = cal.getTime();
  }
  const holdoutSpend = options.holdoutSpend ?? SUMMARIZE_DEFAULTS.holdoutSpend;
  if (holdoutSpend !== 'per-transaction' && holdoutSpend !== 'per-period') {
    invalidOption('holdoutSpend', holdoutSpend, "must be 'per-transaction' or 'per-period'");
  }
  return { unit: options.unit, mode, observationEnd: end.getTime(), calibrationEnd, holdoutSpend };
}

function sameOptions(a: ResolvedSummarizeOptions, b: ResolvedSummarizeOptions): boolean {
  return (
    a.unit === b.unit &&
    a.mode === b.mode &&
    a.holdoutSpend === b.holdoutSpend &&
    a.observationEnd === b.observationEnd &&
    a.calibrationEnd === b.calibrationEnd
  );
}

/**
 * An incremental summariser: feed transactions in batches with `add`, read the summary with
 * `result()`. The summary is identical to {@link summarizeTransactions} on all the batches at
 * once, whatever the batch boundaries or row order.
 */
export interface Summarizer {
  /** The options this summariser was created with. */
  readonly options: Readonly<SummarizeOptions>;
  /** Adds a batch of transactions. Throws `NEGATIVE_AMOUNT` for refunds (run `netRefunds` first) and on invalid rows. */
  add(batch: readonly Transaction[] | TransactionColumns): void;
  /** Transactions added so far. */
  readonly count: number;
  /** Builds the summary of everything added so far (the summariser stays usable). */
  result(): CustomerSummary;
}

/** Internal compact store of one summariser's transactions. */
class TransactionStore {
  readonly options: ResolvedSummarizeOptions;
  readonly publicOptions: SummarizeOptions;
  idIndex = new StringIndex();
  orderIndex = new StringIndex();
  customer = new Int32Array(1024);
  time = new Float64Array(1024);
  amount = new Float64Array(1024);
  order = new Int32Array(1024);
  length = 0;
  transactionsIn = 0;
  excludedAfterEnd = 0;

  constructor(options: ResolvedSummarizeOptions, publicOptions: SummarizeOptions) {
    this.options = options;
    this.publicOptions = publicOptions;
  }

  private grow(min: number): void {
    if (min <= this.customer.length) return;
    // The first batch is allocated exactly (one-shot summaries); later growth doubles.
    const capacity = this.length === 0 ? min : Math.max(min, this.customer.length * 2);
    const customer = new Int32Array(capacity);
    customer.set(this.customer.subarray(0, this.length));
    const time = new Float64Array(capacity);
    time.set(this.time.subarray(0, this.length));
    const amount = new Float64Array(capacity);
    amount.set(this.amount.subarray(0, this.length));
    const order = new Int32Array(capacity);
    order.set(this.order.subarray(0, this.length));
    this.customer = customer;
    this.time = time;
    this.amount = amount;
    this.order = order;
  }

  /** Adds a batch; all or nothing: a bad row leaves the store as it was. */
  add(batch: readonly Transaction[] | TransactionColumns): void {
    const length = this.length;
    const excluded = this.excludedAfterEnd;
    const customers = this.idIndex.size;
    const orders = this.orderIndex.size;
    try {
      if (isTransactionColumns(batch)) this.addColumns(batch);
      else this.addObjects(batch);
    } catch (error) {
      this.length = length;
      this.excludedAfterEnd = excluded;
      this.idIndex.truncate(customers);
      this.orderIndex.truncate(orders);
      this.lastId = undefined;
      this.lastIndex = -1;
      throw error;
    }
  }

  private addObjects(batch: readonly Transaction[]): void {
    if (!Array.isArray(batch)) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          'Expected an array of transactions or transaction columns',
          undefined,
          'transactions',
        ),
      );
    }
    this.grow(this.length + batch.length);
    const base = this.transactionsIn;
    for (let i = 0; i < batch.length; i++) {
      const tx = batch[i]!;
      const date = tx?.date;
      const t = date instanceof Date ? date.getTime() : Number.NaN;
      if (Number.isNaN(t)) {
        throw new ClvError(
          issueOf(
            'INVALID_DATE',
            `Transaction ${base + i + 1}: date ${displayValue(date)} is not a valid Date`,
            base + i + 1,
            'date',
            date,
          ),
        );
      }
      this.accept(base + i + 1, tx.customerId, t, tx.amount, tx.orderId);
    }
    this.transactionsIn += batch.length;
  }

  private addColumns(columns: TransactionColumns): void {
    const n = transactionColumnsLength(columns);
    this.grow(this.length + n);
    const base = this.transactionsIn;
    const { customerId, date, amount, orderId } = columns;
    for (let i = 0; i < n; i++) {
      const t = date[i];
      if (typeof t !== 'number' || !Number.isFinite(t)) {
        throw new ClvError(
          issueOf(
            'INVALID_DATE',
            `Transaction ${base + i + 1}: date ${displayValue(t)} is not finite epoch milliseconds`,
            base + i + 1,
            'date',
            t,
          ),
        );
      }
      this.accept(base + i + 1, customerId[i], t, amount[i], orderId?.[i]);
    }
    this.transactionsIn += n;
  }

  // Logs often list a customer's transactions together: the last id's index is cached.
  private lastId: string | undefined;
  private lastIndex = -1;

  /** Validates and stores one transaction (t: epoch ms, already checked). */
  private accept(
    row: number,
    id: unknown,
    t: number,
    amount: unknown,
    orderId: string | undefined,
  ): void {
    if (typeof id !== 'string' || id === '') {
      throw new ClvError(
        issueOf(
          'INVALID_ID',
          `Transaction ${row}: customerId ${displayValue(id)} is not a non-empty string`,
          row,
          'customerId',
          id,
        ),
      );
    }
    if (typeof amount !== 'number' || !Number.isFinite(amount)) {
      throw new ClvError(
        issueOf(
          'INVALID_AMOUNT',
          `Transaction ${row}: amount ${displayValue(amount)} is not a finite number`,
          row,
          'amount',
          amount,
        ),
      );
    }
    if (amount < 0) {
      throw new ClvError(
        issueOf(
          'NEGATIVE_AMOUNT',
          `Transaction ${row}: amount ${amount} is negative; net refunds against purchases first (netRefunds)`,
          row,
          'amount',
          amount,
        ),
      );
    }
    if (orderId !== undefined && typeof orderId !== 'string') {
      throw new ClvError(
        issueOf(
          'INVALID_FIELD',
          `Transaction ${row}: orderId ${displayValue(orderId)} is not a string`,
          row,
          'orderId',
          orderId,
        ),
      );
    }
    if (t > this.options.observationEnd) {
      this.excludedAfterEnd++;
      return;
    }
    if (id !== this.lastId) {
      this.lastId = id;
      this.lastIndex = this.idIndex.add(id);
    }
    const k = this.length++;
    this.customer[k] = this.lastIndex;
    this.time[k] = t;
    this.amount[k] = amount;
    this.order[k] = orderId === undefined ? -1 : this.orderIndex.add(orderId);
  }

  /** Appends another store's transactions (same options). */
  absorb(other: TransactionStore): void {
    this.grow(this.length + other.length);
    const customerMap = new Int32Array(other.idIndex.size);
    other.idIndex.keys.forEach((id, c) => {
      customerMap[c] = this.idIndex.add(id);
    });
    const orderMap = new Int32Array(other.orderIndex.size);
    other.orderIndex.keys.forEach((orderId, o) => {
      orderMap[o] = this.orderIndex.add(orderId);
    });
    for (let i = 0; i < other.length; i++) {
      const k = this.length++;
      this.customer[k] = customerMap[other.customer[i]!]!;
      this.time[k] = other.time[i]!;
      this.amount[k] = other.amount[i]!;
      const o = other.order[i]!;
      this.order[k] = o === -1 ? -1 : orderMap[o]!;
    }
    this.transactionsIn += other.transactionsIn;
    this.excludedAfterEnd += other.excludedAfterEnd;
  }

  summarize(): CustomerSummary {
    return buildSummary(this);
  }
}

/** The store's transactions regrouped by customer in ascending id order. */
interface Groups {
  /** Customer ids in code-unit order. */
  readonly ids: string[];
  /** Rows of customer k (in `ids` order) are [start[k], start[k + 1]), sorted by (time, amount). */
  readonly start: Int32Array;
  readonly time: Float64Array;
  readonly amount: Float64Array;
  readonly order: Int32Array;
}

/**
 * Counting sort of the transactions by the rank of their customer's id, moving the columns
 * themselves, then each customer's rows by (time, amount). O(n + c) plus the id sort. The
 * summary loop then reads memory in sequence whatever the order of the log: in a date-ordered
 * log, following a permutation instead cost a cache miss per column read (several seconds at
 * 5 M rows). A log already grouped by id and sorted by (time, amount) is used as it is.
 */
function groupByCustomer(store: TransactionStore): Groups {
  const keys = store.idIndex.keys;
  const c = keys.length;
  const n = store.length;
  const { customer, time, amount, order } = store;
  const byId = codeUnitOrder(keys);
  const ids = new Array<string>(c);
  const rank = new Int32Array(c);
  for (let k = 0; k < c; k++) {
    const index = byId[k]!;
    ids[k] = keys[index]!;
    rank[index] = k;
  }
  // Each row's rank, looked up once (a random read per row).
  const rowRank = new Int32Array(n);
  for (let i = 0; i < n; i++) rowRank[i] = rank[customer[i]!]!;
  const grouped = groupRowsByRank(
    rowRank,
    c,
    time.subarray(0, n),
    amount.subarray(0, n),
    order.subarray(0, n),
  );
  return {
    ids,
    start: grouped.start,
    time: grouped.time,
    amount: grouped.amount,
    order: grouped.carried,
  };
}

function buildSummary(store: TransactionStore): CustomerSummary {
  const { unit, mode, observationEnd, calibrationEnd } = store.options;
  const msPerUnit = millisecondsPerUnit(unit);
  const n = store.length;
  // Output order: ascending id (code units), so the summary never depends on row order.
  const { ids, start, time, amount, order } = groupByCustomer(store);
  const nCustomers = ids.length;

  const calEnd = calibrationEnd ?? observationEnd;
  const hasHoldout = calibrationEnd !== undefined;
  const holdoutPerPeriod = store.options.holdoutSpend === 'per-period';
  const period = mode === 'calendar' ? calendarPeriodIndexer(unit) : calendarPeriodIndexer('day');
  const endPeriod = mode === 'calendar' ? calendarPeriodIndex(calEnd, unit) : 0;
  const holdoutDuration = hasHoldout
    ? mode === 'calendar'
      ? calendarPeriodIndex(observationEnd, unit) - calendarPeriodIndex(calEnd, unit)
      : (observationEnd - calEnd) / msPerUnit
    : 0;

  const outIds: string[] = [];
  const frequency = new Float64Array(nCustomers);
  const recency = new Float64Array(nCustomers);
  const T = new Float64Array(nCustomers);
  const monetaryValue = new Float64Array(nCustomers);
  const firstPurchase = new Float64Array(nCustomers);
  const lastPurchase = new Float64Array(nCustomers);
  const orders = new Float64Array(nCustomers);
  const totalSpend = new Float64Array(nCustomers);
  const frequencyHoldout = hasHoldout ? new Float64Array(nCustomers) : undefined;
  const monetaryHoldout = hasHoldout ? new Float64Array(nCustomers) : undefined;
  const durationHoldout = hasHoldout ? new Float64Array(nCustomers) : undefined;
  let seenOrders = new Int32Array(0);
  if (store.orderIndex.size > 0) seenOrders = new Int32Array(store.orderIndex.size).fill(-1);

  let out = 0;
  let excludedNew = 0;
  let customersNew = 0;
  for (let c = 0; c < nCustomers; c++) {
    const from = start[c]!;
    const to = start[c + 1]!;
    const firstTime = time[from]!;
    if (firstTime > calEnd) {
      customersNew++;
      excludedNew += to - from;
      continue;
    }
    // Calibration window: transactions up to calEnd.
    let lastPeriod = period(firstTime);
    const firstPeriod = lastPeriod;
    let lastEventTime = firstTime;
    let periods = 1;
    // Spend totals are Neumaier-compensated sums (the *C variables hold the lost low-order parts),
    // written out in locals: math's addTo over a Float64Array made this loop ~20 % slower.
    let periodSpend = 0;
    let repeatSpend = 0;
    let repeatSpendC = 0;
    let spend = 0;
    let spendC = 0;
    let nOrders = 0;
    let lastTime = firstTime;
    let i = from;
    for (; i < to; i++) {
      const t = time[i]!;
      if (t > calEnd) break;
      const a = amount[i]!;
      const p = period(t);
      if (p !== lastPeriod) {
        if (periods > 1) {
          const sum = repeatSpend + periodSpend;
          repeatSpendC +=
            Math.abs(repeatSpend) >= Math.abs(periodSpend)
              ? repeatSpend - sum + periodSpend
              : periodSpend - sum + repeatSpend;
          repeatSpend = sum;
        }
        periods++;
        periodSpend = 0;
        lastPeriod = p;
        lastEventTime = t;
      }
      periodSpend += a;
      const sum = spend + a;
      spendC += Math.abs(spend) >= Math.abs(a) ? spend - sum + a : a - sum + spend;
      spend = sum;
      lastTime = t;
      const o = order[i]!;
      if (o === -1) nOrders++;
      else if (seenOrders[o] !== c) {
        seenOrders[o] = c;
        nOrders++;
      }
    }
    if (periods > 1) {
      const sum = repeatSpend + periodSpend;
      repeatSpendC +=
        Math.abs(repeatSpend) >= Math.abs(periodSpend)
          ? repeatSpend - sum + periodSpend
          : periodSpend - sum + repeatSpend;
      repeatSpend = sum;
    }
    repeatSpend += repeatSpendC;
    spend += spendC;
    if (!Number.isFinite(spend)) {
      throw new ClvError(
        issueOf(
          'INVALID_AMOUNT',
          `Customer ${displayValue(ids[c])}: total spend overflows (amounts too large to add up)`,
          undefined,
          'amount',
          spend,
        ),
      );
    }
    outIds.push(ids[c]!);
    frequency[out] = periods - 1;
    if (mode === 'calendar') {
      recency[out] = lastPeriod - firstPeriod;
      T[out] = endPeriod - firstPeriod;
    } else {
      recency[out] = (lastEventTime - firstTime) / msPerUnit;
      T[out] = (calEnd - firstTime) / msPerUnit;
    }
    monetaryValue[out] = periods > 1 ? repeatSpend / (periods - 1) : 0;
    firstPurchase[out] = firstTime;
    lastPurchase[out] = lastTime;
    orders[out] = nOrders;
    totalSpend[out] = spend;
    if (hasHoldout) {
      // Holdout window (calEnd, observationEnd]: purchase periods and mean spend per period.
      let hPeriods = 0;
      let hSpend = 0;
      let hLast = Number.NaN;
      const hFrom = i;
      for (; i < to; i++) {
        const p = period(time[i]!);
        if (p !== hLast) {
          hPeriods++;
          hLast = p;
        }
        hSpend += amount[i]!;
      }
      frequencyHoldout![out] = hPeriods;
      monetaryHoldout![out] =
        hPeriods === 0 ? 0 : hSpend / (holdoutPerPeriod ? hPeriods : i - hFrom);
      durationHoldout![out] = holdoutDuration;
    }
    out++;
  }
  const used = n - excludedNew;

  const trim = (column: Float64Array): Float64Array =>
    out === nCustomers ? column : column.slice(0, out);
  const report: SummaryReport = Object.freeze({
    transactionsIn: store.transactionsIn,
    transactionsUsed: used,
    excludedAfterObservationEnd: store.excludedAfterEnd,
    excludedNewInHoldout: excludedNew,
    customersNewInHoldout: customersNew,
    customers: out,
  });
  return Object.freeze({
    kind: 'customer-summary',
    unit,
    mode,
    observationEnd: new Date(observationEnd),
    calibrationEnd: calibrationEnd === undefined ? undefined : new Date(calibrationEnd),
    ids: Object.freeze(outIds),
    frequency: trim(frequency),
    recency: trim(recency),
    T: trim(T),
    monetaryValue: trim(monetaryValue),
    firstPurchase: trim(firstPurchase),
    lastPurchase: trim(lastPurchase),
    orders: trim(orders),
    totalSpend: trim(totalSpend),
    frequencyHoldout: frequencyHoldout && trim(frequencyHoldout),
    monetaryHoldout: monetaryHoldout && trim(monetaryHoldout),
    durationHoldout: durationHoldout && trim(durationHoldout),
    report,
  } satisfies CustomerSummary);
}

const stores = new WeakMap<Summarizer, TransactionStore>();

function wrap(store: TransactionStore): Summarizer {
  const summarizer: Summarizer = Object.freeze({
    options: store.publicOptions,
    add: (batch: readonly Transaction[] | TransactionColumns) => store.add(batch),
    get count() {
      return store.transactionsIn;
    },
    result: () => store.summarize(),
  });
  stores.set(summarizer, store);
  return summarizer;
}

function copyPublic(
  options: SummarizeOptions,
  resolved: ResolvedSummarizeOptions,
): SummarizeOptions {
  return Object.freeze({
    unit: resolved.unit,
    mode: resolved.mode,
    holdoutSpend: resolved.holdoutSpend,
    observationEnd: new Date(resolved.observationEnd),
    ...(options.calibrationEnd === undefined
      ? {}
      : { calibrationEnd: new Date(resolved.calibrationEnd!) }),
  });
}

/**
 * Creates an incremental {@link Summarizer} for logs that arrive in batches (a streamed file,
 * pages of an API). Memory: 24 bytes per transaction plus the id index. O(n) to add; `result()`
 * is O(n + c log c) for n transactions and c customers.
 *
 * @throws {ClvError} `INVALID_OPTION` for a missing unit or observation end.
 * @example
 * ```ts
 * import { createSummarizer } from 'clvkit';
 * const summarizer = createSummarizer({ unit: 'day', observationEnd: new Date('2024-03-01') });
 * summarizer.add([{ customerId: 'a', date: new Date('2024-01-01'), amount: 10 }]);
 * summarizer.add([{ customerId: 'a', date: new Date('2024-01-11'), amount: 30 }]);
 * const summary = summarizer.result();
 * summary.frequency[0]; // 1
 * summary.recency[0]; // 10
 * ```
 */
export function createSummarizer(options: SummarizeOptions): Summarizer {
  const resolved = resolveOptions(options);
  return wrap(new TransactionStore(resolved, copyPublic(options, resolved)));
}

/**
 * Merges summarisers (for example, one per shard of a log split by customer) into a new one
 * holding all their transactions; the inputs are left unchanged. The merged result equals the
 * one-shot summary of all the transactions exactly, however they were split. O(n).
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when the summarisers' options differ or one was not
 *   made by {@link createSummarizer}.
 * @example
 * ```ts
 * import { createSummarizer, mergeSummarizers } from 'clvkit';
 * const options = { unit: 'week', observationEnd: new Date('2024-03-01') } as const;
 * const shardA = createSummarizer(options);
 * const shardB = createSummarizer(options);
 * shardA.add([{ customerId: 'a', date: new Date('2024-01-01'), amount: 10 }]);
 * shardB.add([{ customerId: 'b', date: new Date('2024-02-01'), amount: 20 }]);
 * mergeSummarizers([shardA, shardB]).result().ids; // ['a', 'b']
 * ```
 */
export function mergeSummarizers(summarizers: readonly Summarizer[]): Summarizer {
  if (!Array.isArray(summarizers) || summarizers.length === 0) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        'mergeSummarizers needs at least one summarizer',
        undefined,
        'summarizers',
      ),
    );
  }
  const inner = summarizers.map((s, i) => {
    const store = stores.get(s);
    if (store === undefined) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `summarizers[${i}] was not created by createSummarizer`,
          undefined,
          `summarizers[${i}]`,
        ),
      );
    }
    return store;
  });
  const first = inner[0]!;
  inner.forEach((store, i) => {
    if (!sameOptions(store.options, first.options)) {
      throw new ClvError(
        issueOf(
          'INVALID_ARGUMENT',
          `summarizers[${i}] has different options (unit, mode, observationEnd, calibrationEnd) from summarizers[0]`,
          undefined,
          `summarizers[${i}]`,
        ),
      );
    }
  });
  const merged = new TransactionStore(first.options, first.publicOptions);
  for (const store of inner) merged.absorb(store);
  return wrap(merged);
}

/**
 * Summarises a transaction log per customer: `frequency`, `recency`, `T`, `monetaryValue`,
 * `firstPurchase`, `lastPurchase`, `orders`, `totalSpend`, and with `calibrationEnd` the holdout
 * columns. O(n + c log c) for n transactions and c customers.
 *
 * Conventions: transactions after `observationEnd` are excluded (counted in `report`). In
 * `'elapsed'` mode (default) purchases on the same UTC day are one purchase event and durations
 * are exact fractional units; in `'calendar'` mode purchases in the same calendar period (weeks
 * start Monday) are one event and durations are whole periods, as in Python lifetimes. A month
 * is 365.25 / 12 days. With `calibrationEnd`, the main columns describe the calibration window
 * (up to and including `calibrationEnd`), customers whose first purchase is later are left out
 * (counted), and the holdout columns describe (calibrationEnd, observationEnd]. Customers are
 * sorted by id (code-unit order), so the result does not depend on row order.
 *
 * @throws {ClvError} `INVALID_OPTION` (unit, observationEnd, ...), `NEGATIVE_AMOUNT` (run
 *   `netRefunds` first), `INVALID_ID`/`INVALID_DATE`/`INVALID_AMOUNT` for malformed transactions.
 * @example
 * ```ts
 * import { summarizeTransactions } from 'clvkit';
 * const log = [
 *   { customerId: 'a', date: new Date('2024-01-01'), amount: 10 },
 *   { customerId: 'a', date: new Date('2024-01-15'), amount: 30 },
 *   { customerId: 'b', date: new Date('2024-01-20'), amount: 5 },
 * ];
 * const summary = summarizeTransactions(log, { unit: 'week', observationEnd: new Date('2024-01-29') });
 * summary.ids; // ['a', 'b']
 * summary.frequency; // Float64Array [1, 0]
 * summary.recency[0]; // 2 (weeks)
 * summary.T[0]; // 4
 * summary.monetaryValue[0]; // 30
 * ```
 */
export function summarizeTransactions(
  transactions: readonly Transaction[] | TransactionColumns,
  options: SummarizeOptions,
): CustomerSummary {
  const summarizer = createSummarizer(options);
  summarizer.add(transactions);
  return summarizer.result();
}
