export type {
  CrossCell,
  CrossSegmentation,
  CrossSegmentsOptions,
  SplitSegmentation,
  SplitSegmentOptions,
} from './cross.js';
export {
  CROSS_SEGMENTS_DEFAULTS,
  crossSegments,
  SPLIT_SEGMENT_DEFAULTS,
  splitSegment,
} from './cross.js';
export type { LabelNamesOptions, Segmentation } from './labels.js';
export { LABEL_NAMES_DEFAULTS, labelNames } from './labels.js';
export type { LifecycleStage, LifecycleStages, LifecycleStagesOptions } from './lifecycle.js';
export { LIFECYCLE_STAGES, lifecycleStages } from './lifecycle.js';
export type { LoyaltyTier, LoyaltyTiers, LoyaltyTiersOptions } from './loyalty-tiers.js';
export { LOYALTY_TIERS_DEFAULTS, loyaltyTiers } from './loyalty-tiers.js';
export type {
  OverlapConflict,
  OverlapMethod,
  OverlapResolution,
  ResolveSegmentOverlapOptions,
  SegmentMembership,
} from './overlap.js';
export {
  membershipsFromLabels,
  RESOLVE_SEGMENT_OVERLAP_DEFAULTS,
  resolveSegmentOverlap,
} from './overlap.js';
export type {
  SegmentReport,
  SegmentReportOptions,
  SegmentReportRow,
  SegmentUplift,
} from './report.js';
export { SEGMENT_REPORT_DEFAULTS, segmentReport } from './report.js';
export type {
  ValueTierMethod,
  ValueTierSummary,
  ValueTiers,
  ValueTiersOptions,
} from './value-tiers.js';
export { VALUE_TIERS_DEFAULTS, valueTiers } from './value-tiers.js';
