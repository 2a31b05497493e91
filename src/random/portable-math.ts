/**
 * `log` and `exp` from IEEE-754 +, −, ×, ÷ alone, so that the samplers give bit-identical draws
 * on every JavaScript engine. ECMAScript leaves `Math.log`, `Math.exp` and `**` implementation-
 * approximated: V8, JavaScriptCore and different V8 releases disagree in the last bit for about
 * one draw in ten, which can flip a rejection test and shift the rest of a stream. `Math.sqrt`,
 * `Math.floor` and `Math.round` are exactly specified and used as they are.
 *
 * Accuracy: within a few ulp (relative error below 1e-15), checked against `Math` in the tests.
 */

const view = new DataView(new ArrayBuffer(8));
const TWO_POW_54 = 18_014_398_509_481_984;
// ln 2 split so that k · LN2_HI is exact for |k| < 2^11: LN2_HI has its low 11 bits zero.
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const INV_LN2 = Math.LOG2E;
const SQRT2 = Math.SQRT2;
// Coefficients 1/(2j + 1) of the artanh series and 1/j! of the exponential series.
const L3 = 1 / 3;
const L5 = 1 / 5;
const L7 = 1 / 7;
const L9 = 1 / 9;
const L11 = 1 / 11;
const L13 = 1 / 13;
const L15 = 1 / 15;
const L17 = 1 / 17;
const L19 = 1 / 19;
const L21 = 1 / 21;
const L23 = 1 / 23;
const E2 = 1 / 2;
const E3 = E2 / 3;
const E4 = E3 / 4;
const E5 = E4 / 5;
const E6 = E5 / 6;
const E7 = E6 / 7;
const E8 = E7 / 8;
const E9 = E8 / 9;
const E10 = E9 / 10;
const E11 = E10 / 11;
const E12 = E11 / 12;
const E13 = E12 / 13;
const E14 = E13 / 14;

/** The double 2^k for an integer k in [−1022, 1023], built from its bits. */
function powerOfTwo(k: number): number {
  view.setUint32(0, (k + 1023) << 20);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}

/**
 * Natural logarithm. x = m · 2^e with m in [√½, √2), then
 * log m = 2 artanh s = 2 (s + s³/3 + s⁵/5 + …) with s = (m − 1)/(m + 1), |s| < 0.172, summed to
 * s²³ (the next term is below 1e-18 relative). @internal
 */
export function portableLog(x: number): number {
  if (!(x > 0)) return x === 0 ? Number.NEGATIVE_INFINITY : Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  view.setFloat64(0, x);
  let high = view.getUint32(0);
  let exponent = (high >>> 20) - 1023;
  if (exponent === -1023) {
    // Subnormal: scale into the normal range first.
    view.setFloat64(0, x * TWO_POW_54);
    high = view.getUint32(0);
    exponent = (high >>> 20) - 1023 - 54;
  }
  view.setUint32(0, (high & 0x000fffff) | 0x3ff00000);
  let m = view.getFloat64(0); // in [1, 2)
  if (m > SQRT2) {
    m /= 2;
    exponent++;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  // Horner from the highest term: s²/3 + s⁴/5 + … + s²²/23.
  const tail =
    s2 *
    (L3 +
      s2 *
        (L5 +
          s2 *
            (L7 +
              s2 *
                (L9 +
                  s2 *
                    (L11 +
                      s2 *
                        (L13 + s2 * (L15 + s2 * (L17 + s2 * (L19 + s2 * (L21 + s2 * L23))))))))));
  const logM = 2 * s + 2 * s * tail;
  return exponent * LN2_HI + (exponent * LN2_LO + logM);
}

/**
 * Exponential. x = k ln 2 + r with |r| ≤ ln 2 / 2 (Cody–Waite reduction with a two-part ln 2),
 * exp r by its Taylor series to r¹⁴/14! (the next term is below 1e-18 relative), then scaled by
 * 2^k built from bits. @internal
 */
export function portableExp(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x > 709.782712893384) return Number.POSITIVE_INFINITY;
  if (x < -745.1332191019412) return 0;
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  // Taylor series, Horner from r¹⁴/14!.
  const expR =
    1 +
    r *
      (1 +
        r *
          (E2 +
            r *
              (E3 +
                r *
                  (E4 +
                    r *
                      (E5 +
                        r *
                          (E6 +
                            r *
                              (E7 +
                                r *
                                  (E8 +
                                    r *
                                      (E9 +
                                        r *
                                          (E10 +
                                            r * (E11 + r * (E12 + r * (E13 + r * E14)))))))))))));
  if (k > 1023) return expR * powerOfTwo(1023) * powerOfTwo(k - 1023);
  if (k < -1022) return expR * powerOfTwo(k + 600) * powerOfTwo(-600);
  return expR * powerOfTwo(k);
}

/** x^y for x > 0 as exp(y log x). @internal */
export function portablePow(x: number, y: number): number {
  return portableExp(y * portableLog(x));
}
