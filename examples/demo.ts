/**
 * clvkit demo: from a messy multi-channel, multi-currency transaction export to a clean
 * per-customer summary and a short customer-value report.
 *
 * Run: npm run demo   (or: npx tsx examples/demo.ts [--customers 2000] [--seed 7])
 *
 * 1. Simulate a seeded log (BG/NBD purchases, Gamma-Gamma spend) and make it messy the way real
 *    exports are: the same order seen by two channels, refunds, three currencies, store-card ids
 *    that belong to web customers, and a few broken rows.
 * 2. Parse the CSV, collecting the rejected rows with their reasons.
 * 3. Clean: merge linked ids, drop duplicates, convert to EUR, net refunds.
 * 4. Summarise per customer (weeks) and print the report.
 */
import {
  type CleaningReport,
  type CustomerSummary,
  cleanTransactions,
  createRandom,
  parseTransactions,
  type RejectedRow,
  simulateTransactions,
  summarizeTransactions,
  type Transaction,
} from '../src/index.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length - 1; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const customers = Number(args.get('customers') ?? 2000);
const seed = Number(args.get('seed') ?? 7);

const start = new Date('2024-01-01T00:00:00Z');
const observationEnd = new Date('2024-12-31T00:00:00Z');

// ---------------------------------------------------------------------------------------------
// 1. A seeded, messy export.
const simulated = simulateTransactions({
  customers,
  start,
  horizon: 365,
  unit: 'day',
  bgNbd: { r: 0.9, alpha: 30, a: 0.8, b: 2.5 },
  gammaGamma: { p: 6, q: 4, v: 15 },
  seed,
  orderIds: true,
  order: 'time',
});

const random = createRandom(`${seed}-mess`);
const channels = ['web', 'app', 'store'] as const;
const markets = [
  { market: 'DE', currency: 'EUR', perEur: 1 },
  { market: 'US', currency: 'USD', perEur: 1.08 },
  { market: 'GB', currency: 'GBP', perEur: 0.85 },
] as const;
const marketOf = new Map<string, (typeof markets)[number]>();
const cardOf = new Map<string, string>(); // web customer → their store loyalty card id
const links: [string, string][] = [];
for (const id of simulated.customers.ids) {
  marketOf.set(id, markets[Math.floor(random.next() * 3)]!);
  if (random.next() < 0.1) {
    const card = `card-${id.slice(1)}`;
    cardOf.set(id, card);
    links.push([id, card]);
  }
}

const csvField = (value: string) =>
  /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
const lines = ['customer_id,order_id,date,amount,channel,market,currency'];
const row = (t: Transaction, overrides: Partial<Record<string, string>> = {}) => {
  const m = marketOf.get(t.customerId)!;
  const fields = {
    customer_id: t.customerId,
    order_id: t.orderId ?? '',
    date: t.date.toISOString().slice(0, 19).replace('T', ' '),
    amount: (t.amount * m.perEur).toFixed(2),
    channel: t.channel ?? '',
    market: m.market,
    currency: m.currency,
    ...overrides,
  };
  lines.push(Object.values(fields).map(csvField).join(','));
};
for (const t of simulated.transactions) {
  const channel = channels[Math.floor(random.next() * 3)]!;
  const card = cardOf.get(t.customerId);
  // In-store purchases of linked customers are recorded under their loyalty card.
  const customerId = channel === 'store' && card !== undefined ? card : t.customerId;
  row({ ...t, channel }, { customer_id: customerId });
  const u = random.next();
  if (u < 0.03)
    row({ ...t, channel: 'crm' }, { customer_id: customerId }); // same order via the CRM feed
  else if (u < 0.05) {
    // A return two weeks later: part or all of the order.
    const share = random.next() < 0.5 ? 1 : 0.4;
    const refundDate = new Date(t.date.getTime() + 14 * 86_400_000);
    if (refundDate < observationEnd) {
      row(
        { ...t, date: refundDate, amount: -t.amount * share, channel },
        { customer_id: customerId },
      );
    }
  }
}
// A few broken rows, as real exports have.
lines.push('c000001,x-1,2024-02-30 10:00:00,19.90,web,DE,EUR'); // impossible date
lines.push(',x-2,2024-03-01 10:00:00,5.00,web,DE,EUR'); // no customer id
lines.push('c000002,x-3,2024-03-02 10:00:00,NaN,app,US,USD'); // amount not a number
lines.push('c000003,x-4,03/04/2024,12.00,store,GB,GBP'); // ambiguous date format
lines.push('c000004,x-5,2024-03-05 09:00:00,"1,299.00",web,US,USD'); // thousands separator
const csv = `${lines.join('\n')}\n`;

// ---------------------------------------------------------------------------------------------
// 2–4. The three lines an analyst writes.
const parsed = parseTransactions(csv, { onInvalid: 'collect' });
const cleaned = cleanTransactions(parsed.transactions, {
  links,
  // The web account survives a merge (the default keeps the id with the earliest purchase).
  mergeCustomerIds: { survivor: (ids) => ids.find((id) => !id.startsWith('card-')) ?? ids[0]! },
  currency: {
    to: 'EUR',
    rates: [
      { currency: 'USD', rate: 1 / 1.08 },
      { currency: 'GBP', rate: 1 / 0.85 },
    ],
  },
});
const summary = summarizeTransactions(cleaned.transactions, { unit: 'week', observationEnd });

// ---------------------------------------------------------------------------------------------
// The report.
const eur = (x: number) =>
  `€${x.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const count = (x: number) => x.toLocaleString('en-GB');
const out: string[] = [];
out.push('clvkit demo: customer-value report', '='.repeat(36), '');
out.push(
  `Input: ${count(parsed.rowsRead)} CSV rows (${count(customers)} simulated customers, seed ${seed}), observation end ${observationEnd.toISOString().slice(0, 10)}`,
);
out.push('', `Rejected rows: ${parsed.rejected.length}`);
const describe = (r: RejectedRow) =>
  `  row ${String(r.row).padStart(6)}  ${r.code.padEnd(15)} ${r.message.replace(/^Row \d+: /, '')}`;
for (const r of parsed.rejected) out.push(describe(r));

out.push('', 'Cleaning:');
const detail = (r: CleaningReport & Record<string, unknown>): string => {
  switch (r.step) {
    case 'mergeCustomerIds':
      return `${r.groups} linked groups, ${r.idsMerged} ids merged into their web account`;
    case 'deduplicate':
      return `${r.crossChannelDuplicates} orders seen twice across channels, ${r.exactDuplicates} exact copies`;
    case 'convertCurrency':
      return `amounts converted to ${r.to}`;
    case 'netRefunds': {
      const u = r.unmatchedRefunds as { count: number; amount: number };
      return `${r.refundRows} refunds (${eur(r.refundAmount as number)}) netted: ${r.fullyRefundedOrders} orders fully refunded (no longer purchases), ${r.partiallyRefundedOrders} partly; ${u.count} unmatched (${eur(u.amount)})`;
    }
    default:
      return '';
  }
};
for (const r of cleaned.reports) {
  out.push(
    `  ${r.step.padEnd(17)} ${count(r.rowsIn).padStart(7)} → ${count(r.rowsOut).padStart(7)}  ${detail(r as never)}`,
  );
}
out.push(
  '  Refund rule: a refund nets against its order (last line first), else against the customer’s latest earlier purchases; an order netted to zero is not a purchase.',
);

const n = summary.ids.length;
const spend = summary.totalSpend!;
const totalSpend = spend.reduce((a, b) => a + b, 0);
const repeat = summary.frequency.filter((x) => x > 0).length;
const mean = (column: Float64Array) =>
  column.reduce((a, b) => a + b, 0) / Math.max(1, column.length);
out.push('', 'Customers:');
out.push(
  `  customers               ${count(n)} with at least one purchase left after cleaning (${count(summary.report!.excludedAfterObservationEnd)} transactions after the observation end excluded)`,
);
out.push(`  revenue                 ${eur(totalSpend)}`);
out.push(`  repeat customers        ${count(repeat)} (${((100 * repeat) / n).toFixed(1)} %)`);
out.push(`  mean spend per customer ${eur(totalSpend / n)}`);
out.push(
  `  mean frequency ${mean(summary.frequency).toFixed(2)} repeat purchases, recency ${mean(summary.recency).toFixed(1)} weeks, T ${mean(summary.T).toFixed(1)} weeks`,
);

const order = Array.from({ length: n }, (_, i) => i).sort(
  (a, b) => spend[b]! - spend[a]! || (summary.ids[a]! < summary.ids[b]! ? -1 : 1),
);
const topFifth = order.slice(0, Math.ceil(n / 5)).reduce((a, i) => a + spend[i]!, 0);
out.push(
  `  value concentration     the top 20 % of customers bring ${((100 * topFifth) / totalSpend).toFixed(1)} % of revenue`,
);

const top = (s: CustomerSummary, i: number) =>
  `  ${s.ids[i]!.padEnd(10)} ${eur(spend[i]!).padStart(11)} ${String(s.orders![i]).padStart(7)} ${String(s.frequency[i]).padStart(10)} ${(
    s.T[i]! - s.recency[i]!
  )
    .toFixed(1)
    .padStart(17)}`;
out.push(
  '',
  'Top 10 customers by spend:',
  '  customer         spend  orders  frequency  weeks since last',
);
for (const i of order.slice(0, 10)) out.push(top(summary, i));
console.log(out.join('\n'));
