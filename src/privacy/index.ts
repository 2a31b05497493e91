/**
 * Privacy: keyed pseudonyms of customer ids (HMAC-SHA-256 via Web Crypto), so that reports and
 * exports can be shared without personal ids.
 *
 * @module
 */
export type { PseudonymEncoding, PseudonymizeOptions } from './pseudonymize.js';
export {
  MIN_PSEUDONYM_KEY_BYTES,
  PSEUDONYMIZE_DEFAULTS,
  pseudonymizeId,
  pseudonymizeIds,
} from './pseudonymize.js';
