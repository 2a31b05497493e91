import { ClvError, displayValue, invalidOption, issueOf } from '../errors/index.js';
import { MS_PER_DAY } from '../time/index.js';
import type { Transaction } from '../transactions/types.js';
import { createRowTable, probeOrder } from './hash.js';
import {
  addTo,
  type CleaningReport,
  checkOptionsObject,
  checkTransactions,
  createSums,
  sumOf,
} from './shared.js';

/** Options of {@link netRefunds}; defaults in {@link NET_REFUNDS_DEFAULTS}. */
export interface NetRefundsOptions {
  /**
   * Rows whose amount is 0 in the input and that no refund touched (free items, samples):
   * `'keep'` (default) or `'drop'`. Rows and orders brought to 0 by refunds are always dropped.
   */
  readonly zeroAmount?: 'keep' | 'drop';
  /**
   * Relative tolerance under which a refund and a purchase count as equal, so that float noise
   * (30.3 − 20.2 − 10.1 ≠ 0) neither leaves a purchase of 1e-15 nor an unmatched refund of
   * 1e-15. Default `1e-9`; must be in [0, 1).
   */
  readonly tolerance?: number;
}

/** Defaults of {@link NetRefundsOptions}. */
export const NET_REFUNDS_DEFAULTS = Object.freeze({
  zeroAmount: 'keep',
  tolerance: 1e-9,
} as const);

/** Refund amount that {@link netRefunds} could not net for one customer. */
export interface UnmatchedRefundOfCustomer {
  readonly customerId: string;
  /** Refund rows of the customer left with a remainder. */
  readonly count: number;
  /** Total remainder (positive), dropped from the output. */
  readonly unmatchedRefundAmount: number;
}

/** Refunds, or parts of refunds, that no purchase could absorb. */
export interface UnmatchedRefunds {
  /** Refund rows left with a remainder. */
  readonly count: number;
  /** Total remainder (positive, compensated sum). */
  readonly amount: number;
  /** Per customer, in order of the customer's first row in the input. */
  readonly byCustomer: UnmatchedRefundOfCustomer[];
}

/** Report of {@link netRefunds}. */
export interface NetRefundsReport extends CleaningReport {
  readonly step: 'netRefunds';
  /** Rows with a negative amount (all removed). */
  readonly refundRows: number;
  /** Total refunded, as a positive compensated sum. */
  readonly refundAmount: number;
  /** The part of `refundAmount` netted against purchases (`refundAmount − unmatchedRefunds.amount`). */
  readonly nettedAmount: number;
  /** Purchases (orders, or rows without `orderId`) brought to 0 by refunds and removed. */
  readonly fullyRefundedOrders: number;
  /** Purchases reduced by refunds that still have a positive total. */
  readonly partiallyRefundedOrders: number;
  /** Purchase rows removed because refunds brought them, or their whole order, to 0. */
  readonly refundedRowsRemoved: number;
  /** Zero-amount input rows removed by `zeroAmount: 'drop'`. */
  readonly zeroAmountRowsDropped: number;
  readonly unmatchedRefunds: UnmatchedRefunds;
}

/** Result of {@link netRefunds}. */
export interface NetRefundsResult {
  /** Purchases after netting, in input order; reduced rows are copies, the others the input objects. */
  readonly transactions: Transaction[];
  readonly report: NetRefundsReport;
}

/** Working state of the netting, in typed arrays indexed by row or order slot. */
interface Netting {
  /** What is left of each purchase row (0 for refund rows). */
  readonly remaining: Float64Array;
  /** Order slot of each purchase row, -1 without `orderId`. */
  readonly orderOf: Int32Array;
  /** Lines of each order that still have a positive amount. */
  readonly orderPositive: Int32Array;
  readonly orderTouched: Uint8Array;
  readonly orderFull: Uint8Array;
  /** Rows without `orderId` reduced by a refund. */
  readonly rowTouched: Uint8Array;
  readonly tolerance: number;
}

/**
 * Nets up to `left` against purchase row `row` and returns what is left of the refund; a row
 * brought to 0 is exhausted, and an order whose lines are all exhausted is fully refunded.
 */
function takeFromRow(state: Netting, row: number, left: number, refundSize: number): number {
  const value = state.remaining[row]!;
  const order = state.orderOf[row]!;
  if (order >= 0) state.orderTouched[order] = 1;
  else state.rowTouched[row] = 1;
  if (left < value && value - left > state.tolerance * value) {
    state.remaining[row] = value - left;
    return 0;
  }
  state.remaining[row] = 0;
  if (order >= 0) {
    const positive = state.orderPositive[order]! - 1;
    state.orderPositive[order] = positive;
    if (positive === 0) state.orderFull[order] = 1;
  }
  const rest = left - value;
  return rest > state.tolerance * refundSize ? rest : 0;
}

/** Largest position q ≤ p (and ≥ start) not yet skipped, compressing the skip chain. */
function findAlive(skip: Int32Array, p: number, start: number): number {
  let root = p;
  while (root >= start && skip[root] !== root) root = skip[root]!;
  while (p >= start && p !== root) {
    const next = skip[p]!;
    skip[p] = root;
    p = next;
  }
  return root;
}

function resolveNetRefundsOptions(options: NetRefundsOptions | undefined): {
  zeroAmount: 'keep' | 'drop';
  tolerance: number;
} {
  checkOptionsObject(options, 'netRefunds');
  const zeroAmount = options?.zeroAmount ?? NET_REFUNDS_DEFAULTS.zeroAmount;
  if (zeroAmount !== 'keep' && zeroAmount !== 'drop') {
    invalidOption('zeroAmount', zeroAmount, "must be 'keep' or 'drop'");
  }
  const tolerance = options?.tolerance ?? NET_REFUNDS_DEFAULTS.tolerance;
  if (typeof tolerance !== 'number' || !(tolerance >= 0 && tolerance < 1)) {
    invalidOption('tolerance', tolerance, 'must be a number in [0, 1)');
  }
  return { zeroAmount, tolerance };
}

/** Refunds are netted in one currency only: more than one currency must be converted first. */
function checkSingleCurrency(transactions: readonly Transaction[]): void {
  let currency: string | undefined;
  for (let i = 0; i < transactions.length; i++) {
    const c = transactions[i]!.currency;
    if (c === undefined || c === currency) continue;
    if (currency === undefined) {
      currency = c;
      continue;
    }
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `netRefunds: transactions[${i}] is in ${displayValue(c)} but earlier rows in ${displayValue(currency)}; run convertCurrency first so that refunds are netted in one currency`,
        i + 1,
        'currency',
        c,
      ),
    );
  }
}

/**
 * Nets refunds (rows with a negative amount) against the purchases they refund, so that only
 * purchases remain. O(n log n) for n rows (sorting each customer's purchases by date; O(n) when
 * they are already in date order), O(n) memory.
 *
 * Run it before `summarizeTransactions`, which rejects negative amounts (`NEGATIVE_AMOUNT`), and
 * after {@link convertCurrency} when the log holds several currencies. The rules:
 * 1. Refunds are taken in date order (ties: input order). First, each refund with an `orderId`
 *    is netted against that customer's rows of the same `orderId`, whatever their dates: the
 *    order's **last line in input order is reduced first**, then the line before it, and so on.
 * 2. Then every refund amount still open — refunds without `orderId`, refunds whose order has no
 *    purchase, and what an order could not absorb — is netted against the same customer's
 *    **most recent purchase on or before the refund's UTC date**, latest first (ties: the later
 *    input row first), carrying the remainder to earlier purchases.
 * 3. A purchase row brought to 0 is removed; an order (rows sharing `customerId` and `orderId`)
 *    whose lines all reach 0 is fully refunded and all its rows are removed, zero-amount lines
 *    included. Other reduced rows are returned with the reduced amount (`quantity` unchanged).
 * 4. Refund rows are always removed. A remainder nothing can absorb (no purchase on or before
 *    the refund date) is dropped and reported in `unmatchedRefunds`, per customer: never silent.
 * 5. Zero-amount input rows that no refund touched stay (`zeroAmount: 'keep'`, default) or go
 *    (`'drop'`).
 *
 * Hence no customer's total ever increases, and when every refund is absorbed the sum of all
 * amounts is unchanged. Amounts within the relative `tolerance` count as equal. Totals in the
 * report are Neumaier-compensated sums.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when `transactions` is not an array of objects or holds
 *   more than one `currency`; `INVALID_ID`, `INVALID_DATE`, `INVALID_AMOUNT`, `INVALID_FIELD` or
 *   `INVALID_QUANTITY` for a malformed row (with its 1-based `row`); `INVALID_OPTION` for a bad
 *   `zeroAmount` or `tolerance`.
 * @example
 * ```ts
 * import { netRefunds } from 'clvkit';
 * const { transactions, report } = netRefunds([
 *   { customerId: 'c1', date: new Date('2024-01-10'), amount: 50, orderId: 'o1' },
 *   { customerId: 'c1', date: new Date('2024-01-10'), amount: 20, orderId: 'o1' },
 *   { customerId: 'c1', date: new Date('2024-01-20'), amount: 30, orderId: 'o2' },
 *   { customerId: 'c1', date: new Date('2024-01-25'), amount: -25, orderId: 'o1' }, // return
 *   { customerId: 'c1', date: new Date('2024-02-01'), amount: -40 }, // no order id
 * ]);
 * transactions.map((t) => [t.orderId, t.amount]); // [['o1', 35]]
 * report.fullyRefundedOrders; // 1 (o2: 30 of the 40 refunded)
 * report.partiallyRefundedOrders; // 1 (o1: 70 − 25 − 10 = 35; its last line removed)
 * ```
 */
export function netRefunds(
  transactions: readonly Transaction[],
  options?: NetRefundsOptions,
): NetRefundsResult {
  checkTransactions(transactions, 'netRefunds');
  const { zeroAmount, tolerance } = resolveNetRefundsOptions(options);
  checkSingleCurrency(transactions);
  const n = transactions.length;

  // Pass 1: customers, orders (purchase rows only) and refunds.
  const times = new Float64Array(n);
  const remaining = new Float64Array(n);
  const customerOf = new Int32Array(n);
  const customerSlots = new Map<string, number>();
  const customerIds: string[] = [];
  const purchasesOfCustomer: number[] = [];
  const orderTable = createRowTable(n);
  const orderOf = new Int32Array(n).fill(-1);
  const linesOfOrder: number[] = [];
  const positiveLinesOfOrder: number[] = [];
  const refunds: number[] = [];
  let purchaseCount = 0;
  for (let i = 0; i < n; i++) {
    const t = transactions[i]!;
    times[i] = t.date.getTime();
    let customer = customerSlots.get(t.customerId);
    if (customer === undefined) {
      customer = customerIds.length;
      customerSlots.set(t.customerId, customer);
      customerIds.push(t.customerId);
      purchasesOfCustomer.push(0);
    }
    customerOf[i] = customer;
    if (t.amount < 0) {
      refunds.push(i);
      continue;
    }
    remaining[i] = t.amount;
    if (t.amount > 0) {
      purchasesOfCustomer[customer]!++;
      purchaseCount++;
    }
    if (t.orderId === undefined) continue;
    const place = probeOrder(orderTable, transactions, customerOf, i);
    let order: number;
    if (orderTable.rows[place] === 0) {
      order = linesOfOrder.length;
      orderTable.rows[place] = i + 1;
      orderTable.slots[place] = order;
      linesOfOrder.push(0);
      positiveLinesOfOrder.push(0);
    } else {
      order = orderTable.slots[place]!;
    }
    orderOf[i] = order;
    linesOfOrder[order]!++;
    if (t.amount > 0) positiveLinesOfOrder[order]!++;
  }
  const orderCount = linesOfOrder.length;
  const customerCount = customerIds.length;

  // Lines of each order in input order (counting sort by order slot).
  const orderStart = new Int32Array(orderCount + 1);
  for (let o = 0; o < orderCount; o++) orderStart[o + 1] = orderStart[o]! + linesOfOrder[o]!;
  const orderLines = new Int32Array(orderStart[orderCount]!);
  const orderFill = orderStart.slice(0, orderCount);
  for (let i = 0; i < n; i++) {
    const o = orderOf[i]!;
    if (o < 0) continue;
    orderLines[orderFill[o]!] = i;
    orderFill[o] = orderFill[o]! + 1;
  }
  // Each order's next line to reduce: its last line, moving back as lines are exhausted.
  const orderCursor = new Int32Array(orderCount);
  for (let o = 0; o < orderCount; o++) orderCursor[o] = orderStart[o + 1]! - 1;

  // Purchases (amount > 0) of each customer sorted by (time, input index).
  const customerStart = new Int32Array(customerCount + 1);
  for (let c = 0; c < customerCount; c++) {
    customerStart[c + 1] = customerStart[c]! + purchasesOfCustomer[c]!;
  }
  const sortedPurchases = new Int32Array(purchaseCount);
  const customerFill = customerStart.slice(0, customerCount);
  for (let i = 0; i < n; i++) {
    if (!(transactions[i]!.amount > 0)) continue;
    const c = customerOf[i]!;
    sortedPurchases[customerFill[c]!] = i;
    customerFill[c] = customerFill[c]! + 1;
  }
  const byTimeThenIndex = (a: number, b: number): number => times[a]! - times[b]! || a - b;
  for (let c = 0; c < customerCount; c++) {
    const from = customerStart[c]!;
    const to = customerStart[c + 1]!;
    for (let p = from + 1; p < to; p++) {
      if (times[sortedPurchases[p - 1]!]! > times[sortedPurchases[p]!]!) {
        sortedPurchases.subarray(from, to).sort(byTimeThenIndex);
        break;
      }
    }
  }
  const skip = new Int32Array(purchaseCount);
  for (let p = 0; p < purchaseCount; p++) skip[p] = p;

  const state: Netting = {
    remaining,
    orderOf,
    orderPositive: Int32Array.from(positiveLinesOfOrder),
    orderTouched: new Uint8Array(orderCount),
    orderFull: new Uint8Array(orderCount),
    rowTouched: new Uint8Array(n),
    tolerance,
  };

  refunds.sort(byTimeThenIndex);
  const refundLeft = new Float64Array(refunds.length);
  const totals = createSums(2); // slot 0: refunded, slot 1: netted

  // Rule 1: refunds naming an order, against that order's lines, last line first.
  for (let r = 0; r < refunds.length; r++) {
    const i = refunds[r]!;
    const t = transactions[i]!;
    const size = -t.amount;
    addTo(totals, 0, size);
    let left = size;
    const place =
      t.orderId === undefined ? -1 : probeOrder(orderTable, transactions, customerOf, i);
    if (place >= 0 && orderTable.rows[place] !== 0) {
      const order = orderTable.slots[place]!;
      const first = orderStart[order]!;
      let pos = orderCursor[order]!;
      while (left > 0 && pos >= first) {
        const line = orderLines[pos]!;
        if (remaining[line]! > 0) left = takeFromRow(state, line, left, size);
        if (remaining[line]! <= 0) pos--;
      }
      orderCursor[order] = pos;
    }
    refundLeft[r] = left;
  }

  // Rule 2: what is still open, against the latest purchases on or before the refund's UTC date.
  for (let r = 0; r < refunds.length; r++) {
    let left = refundLeft[r]!;
    if (left === 0) continue;
    const i = refunds[r]!;
    const size = -transactions[i]!.amount;
    const c = customerOf[i]!;
    const from = customerStart[c]!;
    const dayEnd = (Math.floor(times[i]! / MS_PER_DAY) + 1) * MS_PER_DAY;
    let lo = from;
    let hi = customerStart[c + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[sortedPurchases[mid]!]! < dayEnd) lo = mid + 1;
      else hi = mid;
    }
    let p = findAlive(skip, lo - 1, from);
    while (left > 0 && p >= from) {
      const row = sortedPurchases[p]!;
      if (remaining[row]! > 0) left = takeFromRow(state, row, left, size);
      if (remaining[row]! <= 0) {
        skip[p] = p - 1;
        p = findAlive(skip, p - 1, from);
      }
    }
    refundLeft[r] = left;
  }

  // Rule 4: unmatched remainders, per customer.
  const unmatchedSums = createSums(customerCount + 1); // last slot: all customers
  const unmatchedCount = new Int32Array(customerCount);
  let unmatchedRows = 0;
  for (let r = 0; r < refunds.length; r++) {
    const i = refunds[r]!;
    const left = refundLeft[r]!;
    addTo(totals, 1, -transactions[i]!.amount - left);
    if (left === 0) continue;
    const c = customerOf[i]!;
    unmatchedRows++;
    unmatchedCount[c] = unmatchedCount[c]! + 1;
    addTo(unmatchedSums, c, left);
    addTo(unmatchedSums, customerCount, left);
  }
  const byCustomer: UnmatchedRefundOfCustomer[] = [];
  for (let c = 0; c < customerCount; c++) {
    if (unmatchedCount[c] === 0) continue;
    byCustomer.push({
      customerId: customerIds[c]!,
      count: unmatchedCount[c]!,
      unmatchedRefundAmount: sumOf(unmatchedSums, c),
    });
  }

  // Rules 3 and 5: the surviving purchases, in input order.
  const output: Transaction[] = [];
  let refundedRowsRemoved = 0;
  let zeroAmountRowsDropped = 0;
  let fullyRefundedOrders = 0;
  let partiallyRefundedOrders = 0;
  for (let o = 0; o < orderCount; o++) {
    if (state.orderFull[o] === 1) fullyRefundedOrders++;
    else if (state.orderTouched[o] === 1) partiallyRefundedOrders++;
  }
  for (let i = 0; i < n; i++) {
    const t = transactions[i]!;
    if (t.amount < 0) continue;
    const order = orderOf[i]!;
    if (order >= 0 && state.orderFull[order] === 1) {
      refundedRowsRemoved++;
      continue;
    }
    if (order < 0 && state.rowTouched[i] === 1) {
      if (remaining[i] === 0) fullyRefundedOrders++;
      else partiallyRefundedOrders++;
    }
    const value = remaining[i]!;
    if (value === 0) {
      if (t.amount !== 0) {
        refundedRowsRemoved++;
        continue;
      }
      if (zeroAmount === 'drop') {
        zeroAmountRowsDropped++;
        continue;
      }
    }
    output.push(value === t.amount ? t : { ...t, amount: value });
  }

  return {
    transactions: output,
    report: {
      step: 'netRefunds',
      rowsIn: n,
      rowsOut: output.length,
      refundRows: refunds.length,
      refundAmount: sumOf(totals, 0),
      nettedAmount: sumOf(totals, 1),
      fullyRefundedOrders,
      partiallyRefundedOrders,
      refundedRowsRemoved,
      zeroAmountRowsDropped,
      unmatchedRefunds: {
        count: unmatchedRows,
        amount: sumOf(unmatchedSums, customerCount),
        byCustomer,
      },
    },
  };
}
