import { invalidOption } from '../errors/index.js';
import { checkRules, compileRules, type RfmSegmentRule } from './segments.js';

/** A rule that matches some cells, all of them taken by earlier rules. */
export interface ShadowedRule {
  /** Index of the rule in the list. */
  readonly index: number;
  readonly name: string;
  /** Cells the rule's ranges contain. */
  readonly cells: number;
  /** Indices of the earlier rules that take those cells, ascending. */
  readonly coveredBy: readonly number[];
}

/** Result of {@link checkSegmentRules}. */
export interface SegmentRulesCheck {
  readonly k: number;
  /** Number of score cells, k³. */
  readonly cells: number;
  /** Rules that never match because earlier rules cover all their cells. */
  readonly shadowed: readonly ShadowedRule[];
  /** Rules whose ranges contain no cell of 1..k at all (e.g. `r: [6, 9]` with k = 5). */
  readonly empty: readonly { readonly index: number; readonly name: string }[];
  /** Cell codes (`${r}${f}${m}`, ascending) that no rule matches: they get the fallback. */
  readonly uncovered: readonly string[];
  /** Per rule, the cells it wins under first-match-wins. */
  readonly cellsWon: readonly number[];
}

/**
 * Audits a rule list for {@link rfmSegments} by enumerating all k³ score cells: which rules are
 * shadowed (they match cells, but earlier rules take every one of them, so they never fire),
 * which match no cell at all, and which cells no rule covers (those customers get the fallback
 * segment). Use it to check custom rules or a preset before relying on its segment names.
 *
 * Cost: O(k³ · rules).
 *
 * @throws {ClvError} `INVALID_OPTION` for a malformed rule or a k outside 1..9.
 * @example
 * ```ts
 * import { checkSegmentRules, rfmSegmentPresets } from 'clvkit';
 * const check = checkSegmentRules(rfmSegmentPresets.standard, 5);
 * check.shadowed; // [] (in the table's published order, Potential Loyalist would shadow New Customers)
 * check.uncovered.length; // 36 cells fall to the fallback segment, e.g. '515'
 * ```
 */
export function checkSegmentRules(
  rules: readonly RfmSegmentRule[],
  k: number = 5,
): SegmentRulesCheck {
  checkRules(rules);
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > 9) {
    invalidOption('k', k, 'must be an integer from 1 to 9');
  }
  const { firstRule, matching } = compileRules(rules, k);
  const matched = new Float64Array(rules.length);
  const won = new Float64Array(rules.length);
  const coveredBy: Set<number>[] = rules.map(() => new Set<number>());
  const uncovered: string[] = [];
  let cell = 0;
  for (let r = 1; r <= k; r++) {
    for (let f = 1; f <= k; f++) {
      for (let m = 1; m <= k; m++, cell++) {
        const first = firstRule[cell]!;
        if (first === -1) {
          uncovered.push(`${r}${f}${m}`);
          continue;
        }
        won[first]!++;
        for (const rule of matching[cell]!) {
          matched[rule]!++;
          if (rule !== first) coveredBy[rule]!.add(first);
        }
      }
    }
  }
  const shadowed: ShadowedRule[] = [];
  const empty: { index: number; name: string }[] = [];
  for (let i = 0; i < rules.length; i++) {
    const name = rules[i]!.name;
    if (matched[i] === 0) empty.push(Object.freeze({ index: i, name }));
    else if (won[i] === 0) {
      shadowed.push(
        Object.freeze({
          index: i,
          name,
          cells: matched[i]!,
          coveredBy: Object.freeze([...coveredBy[i]!].sort((a, b) => a - b)),
        }),
      );
    }
  }
  return Object.freeze({
    k,
    cells: k * k * k,
    shadowed: Object.freeze(shadowed),
    empty: Object.freeze(empty),
    uncovered: Object.freeze(uncovered),
    cellsWon: Object.freeze(Array.from(won)),
  });
}
