export type { BasicClvInput } from './basic-clv.js';
export { BASIC_CLV_DEFAULTS, basicClv } from './basic-clv.js';
export type {
  AverageOrderValueFromTransactionsOptions,
  AverageOrderValueInput,
  AverageOrderValueResult,
  CustomerLifetimeFromTransactionsOptions,
  CustomerLifetimeInput,
  CustomerLifetimeResult,
  PurchaseFrequencyFromSummaryOptions,
  PurchaseFrequencyFromTransactionsOptions,
  PurchaseFrequencyFromTransactionsResult,
  PurchaseFrequencyInput,
  PurchaseFrequencyResult,
} from './building-blocks.js';
export {
  averageOrderValue,
  averageOrderValueFromSummary,
  averageOrderValueFromTransactions,
  CUSTOMER_LIFETIME_DEFAULTS,
  customerLifetime,
  customerLifetimeFromTransactions,
  PURCHASE_FREQUENCY_DEFAULTS,
  purchaseFrequency,
  purchaseFrequencyFromSummary,
  purchaseFrequencyFromTransactions,
} from './building-blocks.js';
export type {
  ClvByGroupCurrencyOptions,
  ClvByGroupOptions,
  ClvByGroupResult,
  ClvGroupBy,
  ClvGroupMeasures,
} from './clv-by-group.js';
export { CLV_BY_GROUP_DEFAULTS, clvByGroup } from './clv-by-group.js';
export type {
  AssessClvCacOptions,
  CacPaybackInput,
  ClvCacAssessment,
  ClvCacBand,
  ClvCacInput,
  ClvCacThresholds,
} from './clv-cac.js';
export {
  ASSESS_CLV_CAC_DEFAULTS,
  assessClvCac,
  CAC_PAYBACK_DEFAULTS,
  cacPaybackPeriods,
  clvToCacRatio,
  netClv,
} from './clv-cac.js';
export type {
  BeforeAfterMeasures,
  BeforeAfterWindow,
  BootstrapInterval,
  CompareBeforeAfterOptions,
  CompareBeforeAfterResult,
  ComparedMeasure,
  MeasureComparison,
} from './compare-before-after.js';
export { COMPARE_BEFORE_AFTER_DEFAULTS, compareBeforeAfter } from './compare-before-after.js';
export type {
  CashFlowTiming,
  DiscountedClvColumnsInput,
  DiscountedClvInput,
  RetentionCurve,
} from './discounted-clv.js';
export { DISCOUNTED_CLV_DEFAULTS, discountedClv, discountedClvColumns } from './discounted-clv.js';
export type { ObservationWindowOptions, TransactionLog } from './log.js';
export type {
  RetentionSensitivityInput,
  RetentionSensitivityOptions,
  RetentionSensitivityRow,
} from './retention-sensitivity.js';
export {
  RETENTION_SENSITIVITY_DEFAULTS,
  retentionSensitivity,
} from './retention-sensitivity.js';
export type { NumberSeries } from './shared.js';
