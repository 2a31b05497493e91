import type { RfmSegmentRule, ScoreRange } from './segments.js';

function range(min: number, max: number): ScoreRange {
  return Object.freeze([min, max] as const);
}

function rule(
  name: string,
  r: ScoreRange | undefined,
  f: ScoreRange | undefined,
  m: ScoreRange | undefined,
  fm?: ScoreRange,
): RfmSegmentRule {
  const out: { -readonly [K in keyof RfmSegmentRule]: RfmSegmentRule[K] } = { name };
  if (r !== undefined) out.r = r;
  if (f !== undefined) out.f = f;
  if (m !== undefined) out.m = m;
  if (fm !== undefined) out.fm = fm;
  return Object.freeze(out);
}

/** The preset rule lists of {@link rfmSegmentPresets}. */
export interface RfmSegmentPresets {
  /** The common 10-segment table (scores 1..5), with its published ranges and order. */
  readonly standard: readonly RfmSegmentRule[];
  /** Five segments (scores 1..5) covering every cell, none shadowed. */
  readonly compact: readonly RfmSegmentRule[];
}

/**
 * Segment rule presets for {@link rfmSegments}, for scores 1..5 (`k = 5`). Frozen.
 *
 * **`standard`**: the widely used 10-segment table with the score ranges published by the R
 * package `rfm` (Aravind Hebbali; example of `rfm_segment()` and the "RFM analysis" vignette of
 * rfm 0.2.x), r, f, m ranges inclusive, ordered so that first-match-wins reaches every segment:
 *
 * | segment            | r   | f   | m   |
 * |--------------------|-----|-----|-----|
 * | Champions          | 4–5 | 4–5 | 4–5 |
 * | Loyal Customers    | 2–5 | 3–5 | 3–5 |
 * | New Customers      | 4–5 | 1   | 1   |
 * | Promising          | 3–4 | 1   | 1   |
 * | Potential Loyalist | 3–5 | 1–3 | 1–3 |
 * | Need Attention     | 2–3 | 2–3 | 2–3 |
 * | About To Sleep     | 2–3 | 1–2 | 1–2 |
 * | Can't Lose Them    | 1   | 4–5 | 4–5 |
 * | At Risk            | 1–2 | 2–5 | 2–5 |
 * | Lost               | 1–2 | 1–2 | 1–2 |
 *
 * The ranges are kept as published, gaps included; the order is not. In the published order
 * (Potential Loyalist before New Customers and Promising, At Risk before Can't Lose Them),
 * {@link checkSegmentRules} shows that first-match-wins (which rfm ≥ 0.2.2 also applies) never
 * assigns New Customers, Promising or Can't Lose Them; those three narrower rules therefore come
 * before the rules that contain them, so that every segment is reachable. 36 of the 125 cells
 * (for example 515: recent, one purchase, high spend) match no published range and fall to the
 * fallback segment (`'Other'`; rfm calls it "Others").
 *
 * **`compact`**: five segments on r and fm = (f + m) / 2, total and without shadowed rules:
 * Champions (r 4–5, fm 4–5), Loyal (r 3–5, fm 3–5), Promising (r 3–5, any fm), At Risk (r 1–2,
 * fm 3–5), Lost (r 1–2, any fm).
 *
 * @example
 * ```ts
 * import { checkSegmentRules, rfmSegmentPresets } from 'clvkit';
 * rfmSegmentPresets.standard.map((rule) => rule.name).length; // 10
 * checkSegmentRules(rfmSegmentPresets.compact, 5).uncovered; // []
 * ```
 */
export const rfmSegmentPresets: RfmSegmentPresets = Object.freeze({
  // Ranges from the R package rfm (rfm_segment() example and vignette, versions 0.2.x):
  // recency_lower <- c(4, 2, 3, 4, 3, 2, 2, 1, 1, 1); recency_upper <- c(5, 5, 5, 5, 4, 3, 3, 2, 1, 2)
  // frequency_lower <- c(4, 3, 1, 1, 1, 2, 1, 2, 4, 1); frequency_upper <- c(5, 5, 3, 1, 1, 3, 2, 5, 5, 2)
  // monetary_lower and monetary_upper equal to the frequency bounds.
  standard: Object.freeze([
    rule('Champions', range(4, 5), range(4, 5), range(4, 5)),
    rule('Loyal Customers', range(2, 5), range(3, 5), range(3, 5)),
    rule('New Customers', range(4, 5), range(1, 1), range(1, 1)),
    rule('Promising', range(3, 4), range(1, 1), range(1, 1)),
    rule('Potential Loyalist', range(3, 5), range(1, 3), range(1, 3)),
    rule('Need Attention', range(2, 3), range(2, 3), range(2, 3)),
    rule('About To Sleep', range(2, 3), range(1, 2), range(1, 2)),
    rule("Can't Lose Them", range(1, 1), range(4, 5), range(4, 5)),
    rule('At Risk', range(1, 2), range(2, 5), range(2, 5)),
    rule('Lost', range(1, 2), range(1, 2), range(1, 2)),
  ]),
  compact: Object.freeze([
    rule('Champions', range(4, 5), undefined, undefined, range(4, 5)),
    rule('Loyal', range(3, 5), undefined, undefined, range(3, 5)),
    rule('Promising', range(3, 5), undefined, undefined),
    rule('At Risk', range(1, 2), undefined, undefined, range(3, 5)),
    rule('Lost', range(1, 2), undefined, undefined),
  ]),
});
