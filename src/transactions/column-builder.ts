import { StringIndex } from '../internal/string-index.js';
import type { RowValues } from './parse.js';
import type { TransactionColumns } from './types.js';

type TextField = 'orderId' | 'channel' | 'market' | 'currency';
const TEXT_FIELDS: readonly TextField[] = ['orderId', 'channel', 'market', 'currency'];

/**
 * Accumulates transactions into {@link TransactionColumns}: dates as epoch milliseconds in a
 * growable `Float64Array`, customer ids interned (one string per customer, so millions of rows
 * share a few hundred thousand strings), optional columns created on first use. @internal
 */
export class TransactionColumnBuilder {
  private readonly ids = new StringIndex();
  private customerId: string[] = [];
  private date = new Float64Array(1024);
  private amount = new Float64Array(1024);
  private text: Partial<Record<TextField, (string | undefined)[]>> = {};
  private quantity: (number | undefined)[] | undefined;
  length = 0;
  private lastId: string | undefined;
  private lastInterned = '';

  /** Appends one row's values. */
  add(values: RowValues): void {
    const { customerId, time, amount } = values;
    const k = this.length++;
    if (k === this.date.length) {
      const date = new Float64Array(k * 2);
      date.set(this.date);
      this.date = date;
      const amounts = new Float64Array(k * 2);
      amounts.set(this.amount);
      this.amount = amounts;
    }
    // Logs often list a customer's rows together: reuse the last interned id without hashing.
    if (customerId !== this.lastId) {
      this.lastId = customerId;
      this.lastInterned = this.ids.keys[this.ids.add(customerId)]!;
    }
    this.customerId.push(this.lastInterned);
    this.date[k] = time;
    this.amount[k] = amount;
    if (values.orderId !== undefined) this.addText('orderId', values.orderId, k);
    if (values.channel !== undefined) this.addText('channel', values.channel, k);
    if (values.market !== undefined) this.addText('market', values.market, k);
    if (values.currency !== undefined) this.addText('currency', values.currency, k);
    if (values.quantity !== undefined) {
      this.quantity ??= [];
      while (this.quantity.length < k) this.quantity.push(undefined);
      this.quantity.push(values.quantity);
    }
  }

  private addText(field: TextField, value: string, k: number): void {
    let column = this.text[field];
    if (column === undefined) {
      column = [];
      this.text[field] = column;
    }
    while (column.length < k) column.push(undefined);
    column.push(value);
  }

  /** The columns so far (exact length); the builder is reset. */
  build(): TransactionColumns {
    const n = this.length;
    const out: { -readonly [K in keyof TransactionColumns]: TransactionColumns[K] } = {
      customerId: this.customerId,
      date: this.date.slice(0, n),
      amount: this.amount.slice(0, n),
    };
    for (const field of TEXT_FIELDS) {
      const column = this.text[field];
      if (column === undefined) continue;
      while (column.length < n) column.push(undefined);
      out[field] = column;
    }
    if (this.quantity !== undefined) {
      while (this.quantity.length < n) this.quantity.push(undefined);
      out.quantity = this.quantity;
    }
    this.customerId = [];
    this.date = new Float64Array(1024);
    this.amount = new Float64Array(1024);
    this.text = {};
    this.quantity = undefined;
    this.length = 0;
    return out;
  }
}
