/** One built-in feature of a churn data set: its name, unit and definition. */
export interface ChurnFeature {
  /** Column name in {@link ChurnDataset.featureNames}. */
  readonly name: string;
  /** `'unit'` = the data set's time unit; otherwise a plain description of the scale. */
  readonly unit: string;
  /** Definition, in terms of the transactions at or before the cutoff only. */
  readonly description: string;
  /** When the column is present: always, with channel/market fields, or with a BG/NBD fit. */
  readonly presence: 'always' | 'channel' | 'market' | 'bg-nbd';
}

/**
 * The built-in features of {@link churnDataset}, in column order, each with its unit and
 * definition. Every feature is computed from transactions dated at or before the cutoff only.
 *
 * Terms: a *purchase* is a transaction with amount ≥ 0, a *refund* one with amount < 0; a
 * *purchase day* is a UTC day with at least one purchase (same-day purchases merge, as in
 * `summarizeTransactions`' elapsed mode) and its instant is that day's first purchase. `W` is the
 * trend window (option `trendWindow`, default the horizon). Durations are in the data set's unit.
 *
 * @example
 * ```ts
 * import { CHURN_FEATURES } from 'clvkit/churn';
 * CHURN_FEATURES.map((f) => f.name).slice(0, 3); // ['recency', 'frequency', 'orders']
 * ```
 */
export const CHURN_FEATURES: readonly ChurnFeature[] = Object.freeze(
  [
    {
      name: 'recency',
      unit: 'unit',
      description: 'Time from the last purchase to the cutoff.',
      presence: 'always',
    },
    {
      name: 'frequency',
      unit: 'count',
      description: 'Repeat purchases: purchase days − 1 (same-day purchases merge).',
      presence: 'always',
    },
    {
      name: 'orders',
      unit: 'count',
      description:
        'Purchase orders: distinct order ids among purchases, a purchase without an order id counting as one.',
      presence: 'always',
    },
    {
      name: 'monetary',
      unit: 'currency',
      description: 'Mean spend per order: sum of purchase amounts / orders (refunds not deducted).',
      presence: 'always',
    },
    {
      name: 'totalSpend',
      unit: 'currency',
      description: 'Net spend: sum of all amounts, refunds deducted (may be negative).',
      presence: 'always',
    },
    {
      name: 'tenure',
      unit: 'unit',
      description: 'Time from the first purchase to the cutoff (the T of BG/NBD).',
      presence: 'always',
    },
    {
      name: 'interPurchaseMean',
      unit: 'unit',
      description:
        'Mean gap between consecutive purchase days; with no repeat purchase, the tenure (the open gap so far, a lower bound of the first gap).',
      presence: 'always',
    },
    {
      name: 'interPurchaseStd',
      unit: 'unit',
      description:
        'Population standard deviation of the gaps between consecutive purchase days; 0 with fewer than two gaps.',
      presence: 'always',
    },
    {
      name: 'interPurchaseCv',
      unit: 'ratio',
      description: 'interPurchaseStd / interPurchaseMean; 0 when the mean is 0.',
      presence: 'always',
    },
    {
      name: 'lastGapRatio',
      unit: 'ratio',
      description:
        'recency / interPurchaseMean: how many typical gaps the current silence lasts; 0 when the mean is 0 (a first purchase at the cutoff).',
      presence: 'always',
    },
    {
      name: 'spendTrend',
      unit: 'in [−1, 1]',
      description:
        '(s₁ − s₀) / (s₁ + s₀), s₁ = purchase spend in (cutoff − W, cutoff], s₀ = purchase spend in (cutoff − 2W, cutoff − W]; 0 when both are 0. A customer new within W gets 1.',
      presence: 'always',
    },
    {
      name: 'frequencyTrend',
      unit: 'in [−1, 1]',
      description:
        '(n₁ − n₀) / (n₁ + n₀) for the purchase days in the same two windows as spendTrend; 0 when both are 0.',
      presence: 'always',
    },
    {
      name: 'refundShare',
      unit: 'in [0, 1]',
      description:
        'Refunded amount / purchased amount, capped at 1 (1 when refunds exceed purchases or there are refunds but no purchase spend); 0 without refunds.',
      presence: 'always',
    },
    {
      name: 'channels',
      unit: 'count',
      description:
        'Distinct `channel` values among the transactions (refunds included). Present when a transaction at or before the latest cutoff has a channel.',
      presence: 'channel',
    },
    {
      name: 'markets',
      unit: 'count',
      description:
        'Distinct `market` values among the transactions (refunds included). Present when a transaction at or before the latest cutoff has a market.',
      presence: 'market',
    },
    {
      name: 'pAlive',
      unit: 'probability',
      description:
        "BG/NBD P(alive) at the cutoff (option bgNbd), from the customer's summary at the cutoff (repeat purchase days, first to last purchase day, first purchase to cutoff) in the fit's unit.",
      presence: 'bg-nbd',
    },
    {
      name: 'expectedPurchases',
      unit: 'count',
      description:
        'BG/NBD conditional expected repeat purchases in (cutoff, cutoff + horizon] (option bgNbd).',
      presence: 'bg-nbd',
    },
  ].map((feature) => Object.freeze(feature as ChurnFeature)),
);

/**
 * The definition of each built-in feature by name (a null-prototype record built from
 * {@link CHURN_FEATURES}), for reports and explanations.
 *
 * @example
 * ```ts
 * import { FEATURE_DESCRIPTIONS } from 'clvkit/churn';
 * FEATURE_DESCRIPTIONS.recency; // 'Time from the last purchase to the cutoff.'
 * ```
 */
export const FEATURE_DESCRIPTIONS: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(
    Object.create(null) as Record<string, string>,
    Object.fromEntries(CHURN_FEATURES.map((f) => [f.name, f.description])),
  ),
);

/** Names of the built-in features (user columns may not reuse them). @internal */
export const BUILT_IN_FEATURE_NAMES: ReadonlySet<string> = new Set(
  CHURN_FEATURES.map((f) => f.name),
);
