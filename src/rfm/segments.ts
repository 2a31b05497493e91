import { ClvError, invalidOption, issueOf } from '../errors/index.js';
import { badArgument, badEntry, checkLength, optionsObject } from '../segments/internal.js';
import type { RfmScores } from './scores.js';

/** An inclusive score range `[min, max]`. */
export type ScoreRange = readonly [min: number, max: number];

/**
 * One named segment of RFM score cells. Every range is inclusive; an omitted dimension matches
 * any score. `fm` constrains the mean (f + m) / 2, as the widely used segment tables do; it may be
 * combined with `f` and `m`. Several rules may share a name: they form one segment.
 */
export interface RfmSegmentRule {
  readonly name: string;
  readonly r?: ScoreRange;
  readonly f?: ScoreRange;
  readonly m?: ScoreRange;
  readonly fm?: ScoreRange;
}

/** The scores {@link rfmSegments} reads: the output of `rfmScores` or the same shape. */
export type RfmScoresInput = Pick<RfmScores, 'ids' | 'r' | 'f' | 'm' | 'k'>;

/** Options of {@link rfmSegments}; defaults in {@link RFM_SEGMENTS_DEFAULTS}. */
export interface RfmSegmentsOptions {
  /** Name of the segment of customers no rule matches. */
  readonly fallback?: string;
}

/** Defaults of {@link RfmSegmentsOptions}. */
export const RFM_SEGMENTS_DEFAULTS: Readonly<{ fallback: 'Other' }> = Object.freeze({
  fallback: 'Other',
});

/** Result of {@link rfmSegments}. */
export interface RfmSegmentation {
  readonly kind: 'rfm-segments';
  readonly ids: readonly string[];
  /** Per customer, the index of its segment in `names`. */
  readonly segment: Uint16Array;
  /** The same array as `segment`, so that the result can be passed on as a segmentation. */
  readonly labels: Uint16Array;
  /** Distinct rule names in rule order, then the fallback (unless a rule already bears its name). */
  readonly names: readonly string[];
  /** Customers per name. */
  readonly counts: readonly number[];
  /** Index of the fallback name in `names`. */
  readonly fallback: number;
}

const RULE_KEYS = new Set(['name', 'r', 'f', 'm', 'fm']);

/** Rules compiled for score level k: the first matching rule of every cell (−1: none). @internal */
export interface CompiledRules {
  readonly k: number;
  readonly rules: readonly RfmSegmentRule[];
  /** Per cell (r − 1)·k² + (f − 1)·k + (m − 1), the index of the first matching rule or −1. */
  readonly firstRule: Int16Array;
  /** Per cell (same index), the indices of every matching rule in rule order. */
  readonly matching: readonly number[][];
}

function checkRange(field: string, range: unknown): void {
  if (range === undefined) return;
  if (!Array.isArray(range) || range.length !== 2) {
    invalidOption(field, range, 'must be an inclusive range [min, max]');
  }
  const [min, max] = range as unknown[];
  if (
    typeof min !== 'number' ||
    typeof max !== 'number' ||
    Number.isNaN(min) ||
    Number.isNaN(max)
  ) {
    invalidOption(field, range, 'must hold two numbers');
  }
  if (min > max) invalidOption(field, range, 'must have min ≤ max');
}

/** Validates a rule list. @internal */
export function checkRules(rules: unknown, field = 'rules'): readonly RfmSegmentRule[] {
  if (!Array.isArray(rules)) invalidOption(field, rules, 'must be an array of segment rules');
  if (rules.length > 32767) invalidOption(field, rules.length, 'at most 32767 rules are supported');
  for (let i = 0; i < rules.length; i++) {
    const rule: unknown = rules[i];
    if (rule === null || typeof rule !== 'object') {
      invalidOption(`${field}[${i}]`, rule, 'must be an object { name, r?, f?, m?, fm? }');
    }
    for (const key of Object.keys(rule)) {
      if (!RULE_KEYS.has(key)) {
        invalidOption(`${field}[${i}].${key}`, key, 'is not a rule field (name, r, f, m, fm)');
      }
    }
    const { name, r, f, m, fm } = rule as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') {
      invalidOption(`${field}[${i}].name`, name, 'must be a non-empty string');
    }
    checkRange(`${field}[${i}].r`, r);
    checkRange(`${field}[${i}].f`, f);
    checkRange(`${field}[${i}].m`, m);
    checkRange(`${field}[${i}].fm`, fm);
  }
  return rules as readonly RfmSegmentRule[];
}

function within(range: ScoreRange | undefined, value: number): boolean {
  return range === undefined || (value >= range[0] && value <= range[1]);
}

/** True when `rule` matches the cell (r, f, m). @internal */
export function ruleMatches(rule: RfmSegmentRule, r: number, f: number, m: number): boolean {
  return (
    within(rule.r, r) && within(rule.f, f) && within(rule.m, m) && within(rule.fm, (f + m) / 2)
  );
}

/** Evaluates every rule on every one of the k³ cells. O(k³ · rules). @internal */
export function compileRules(rules: readonly RfmSegmentRule[], k: number): CompiledRules {
  const cells = k * k * k;
  const firstRule = new Int16Array(cells).fill(-1);
  const matching: number[][] = [];
  for (let r = 1; r <= k; r++) {
    for (let f = 1; f <= k; f++) {
      for (let m = 1; m <= k; m++) {
        const cell = (r - 1) * k * k + (f - 1) * k + (m - 1);
        const matched: number[] = [];
        for (let i = 0; i < rules.length; i++) {
          if (ruleMatches(rules[i]!, r, f, m)) matched.push(i);
        }
        if (matched.length > 0) firstRule[cell] = matched[0]!;
        matching.push(matched);
      }
    }
  }
  return { k, rules, firstRule, matching };
}

/**
 * Names RFM segments by score ranges: each customer gets the first rule (in list order) whose
 * ranges contain its (r, f, m) scores, or the fallback segment (default `'Other'`) when none does.
 * Assignment is total and deterministic. Use {@link checkSegmentRules} to see which rules are
 * shadowed by earlier ones and which cells fall through to the fallback; presets are in
 * {@link rfmSegmentPresets}.
 *
 * Cost: O(k³ · rules) to tabulate the rules once, then O(n) table look-ups.
 *
 * @throws {ClvError} `INVALID_OPTION` (a malformed rule or fallback), `INVALID_ARGUMENT` (score
 *   columns of unequal length or a score outside 1..k, row named).
 * @example
 * ```ts
 * import { labelNames, rfmScores, rfmSegmentPresets, rfmSegments } from 'clvkit';
 * const scores = rfmScores({ ids: ['a', 'b'], recency: [2, 300], frequency: [12, 1], monetary: [990, 20] });
 * const segments = rfmSegments(scores, rfmSegmentPresets.standard);
 * labelNames(segments.segment, segments.names); // ['Loyal Customers', 'Lost']
 * ```
 */
export function rfmSegments(
  scores: RfmScoresInput,
  rules: readonly RfmSegmentRule[],
  options?: RfmSegmentsOptions,
): RfmSegmentation {
  if (scores === null || typeof scores !== 'object') {
    badArgument('scores', scores, 'must be RFM scores { ids, r, f, m, k }');
  }
  const k = scores.k;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > 9) {
    badArgument('scores.k', k, 'must be an integer from 1 to 9');
  }
  checkRules(rules);
  const opts = optionsObject(options);
  const fallbackName = opts.fallback ?? RFM_SEGMENTS_DEFAULTS.fallback;
  if (typeof fallbackName !== 'string' || fallbackName === '') {
    invalidOption('fallback', fallbackName, 'must be a non-empty string');
  }
  if (!Array.isArray(scores.ids)) badArgument('scores.ids', scores.ids, 'must be an array of ids');
  const n = scores.ids.length;
  checkLength('scores.r', scores.r, n);
  checkLength('scores.f', scores.f, n);
  checkLength('scores.m', scores.m, n);

  // Names: distinct rule names in first-appearance order, then the fallback.
  const nameIndex = new Map<string, number>();
  const names: string[] = [];
  const nameOfRule = new Uint16Array(rules.length);
  for (let i = 0; i < rules.length; i++) {
    const name = rules[i]!.name;
    let index = nameIndex.get(name);
    if (index === undefined) {
      index = names.length;
      nameIndex.set(name, index);
      names.push(name);
    }
    nameOfRule[i] = index;
  }
  let fallback = nameIndex.get(fallbackName);
  if (fallback === undefined) {
    fallback = names.length;
    names.push(fallbackName);
  }
  if (names.length > 65535) {
    throw new ClvError(
      issueOf('INVALID_OPTION', 'At most 65535 segment names are supported', undefined, 'rules'),
    );
  }

  const { firstRule } = compileRules(rules, k);
  const table = new Uint16Array(firstRule.length);
  for (let c = 0; c < firstRule.length; c++) {
    const rule = firstRule[c]!;
    table[c] = rule === -1 ? fallback : nameOfRule[rule]!;
  }
  const { r, f, m } = scores;
  const segment = new Uint16Array(n);
  const counts = new Float64Array(names.length);
  const kk = k * k;
  for (let i = 0; i < n; i++) {
    const ri = r[i]!;
    const fi = f[i]!;
    const mi = m[i]!;
    // Scores outside 1..k and non-integers are rejected (the table index would be wrong).
    if (!(ri >= 1 && ri <= k && ri === (ri | 0)))
      badEntry('scores.r', i, ri, `is not a score in 1..${k}`);
    if (!(fi >= 1 && fi <= k && fi === (fi | 0)))
      badEntry('scores.f', i, fi, `is not a score in 1..${k}`);
    if (!(mi >= 1 && mi <= k && mi === (mi | 0)))
      badEntry('scores.m', i, mi, `is not a score in 1..${k}`);
    const s = table[(ri - 1) * kk + (fi - 1) * k + (mi - 1)]!;
    segment[i] = s;
    counts[s]!++;
  }
  return Object.freeze({
    kind: 'rfm-segments',
    ids: scores.ids,
    segment,
    labels: segment,
    names: Object.freeze(names),
    counts: Object.freeze(Array.from(counts)),
    fallback,
  } satisfies RfmSegmentation);
}
