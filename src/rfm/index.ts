export type { SegmentRulesCheck, ShadowedRule } from './check-rules.js';
export { checkSegmentRules } from './check-rules.js';
export type { RfmSegmentPresets } from './presets.js';
export { rfmSegmentPresets } from './presets.js';
export type {
  RfmColumnsInput,
  RfmFrequencySource,
  RfmMethod,
  RfmMonetarySource,
  RfmScores,
  RfmScoresOptions,
  RfmThresholds,
  RfmValues,
  RfmWeights,
} from './scores.js';
export { RFM_SCORES_DEFAULTS, rfmScores } from './scores.js';
export type {
  RfmScoresInput,
  RfmSegmentation,
  RfmSegmentRule,
  RfmSegmentsOptions,
  ScoreRange,
} from './segments.js';
export { RFM_SEGMENTS_DEFAULTS, rfmSegments } from './segments.js';
