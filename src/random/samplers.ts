import { ClvError, displayValue, issueOf } from '../errors/index.js';
import { portableExp, portableLog, portablePow } from './portable-math.js';
import type { RandomSource } from './source.js';

function invalidParameter(name: string, value: unknown, reason: string): never {
  throw new ClvError(
    issueOf(
      'INVALID_ARGUMENT',
      `Invalid ${name} ${displayValue(value)}: ${reason}`,
      undefined,
      name,
      value,
    ),
  );
}

function checkPositive(name: string, value: number): void {
  if (typeof value !== 'number' || !(value > 0) || value === Number.POSITIVE_INFINITY) {
    invalidParameter(name, value, 'must be a positive finite number');
  }
}

function checkFinite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    invalidParameter(name, value, 'must be a finite number');
  }
}

/**
 * A standard normal draw by Marsaglia's polar method (one of the pair is discarded so that no
 * state hides outside the source). Unchecked. @internal
 */
export function standardNormal(random: RandomSource): number {
  let x: number;
  let s: number;
  do {
    x = 2 * random.next() - 1;
    const y = 2 * random.next() - 1;
    s = x * x + y * y;
  } while (s >= 1 || s === 0);
  return x * Math.sqrt((-2 * portableLog(s)) / s);
}

/** A Gamma(shape, 1) draw for shape ≥ 1 by Marsaglia & Tsang (2000): squeeze, then log test. */
function marsagliaTsang(random: RandomSource, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(random);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = random.next();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (portableLog(u) < 0.5 * x2 + d * (1 - v + portableLog(v))) return d * v;
  }
}

/**
 * A Gamma(shape, rate) draw by Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", ACM TOMS 26(3), with their boost Gamma(shape) = Gamma(shape + 1) · U^(1/shape) for
 * shape < 1. Unchecked. @internal
 */
export function gammaVariate(random: RandomSource, shape: number, rate: number): number {
  if (shape >= 1) return marsagliaTsang(random, shape) / rate;
  // 1 - next() lies in (0, 1], so the power is never 0 by a zero uniform.
  return (marsagliaTsang(random, shape + 1) * portablePow(1 - random.next(), 1 / shape)) / rate;
}

/** log of a Gamma(shape, 1) draw, exact in log space for small shapes. Unchecked. */
function logGammaVariate(random: RandomSource, shape: number): number {
  if (shape < 1) {
    // The shape < 1 boost in log space: U^(1/shape) underflows for tiny shapes, its log does not.
    return portableLog(marsagliaTsang(random, shape + 1)) + portableLog(1 - random.next()) / shape;
  }
  return portableLog(marsagliaTsang(random, shape));
}

/**
 * A Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), computed from the logs of X
 * and Y so that tiny shapes do not give 0 / 0. Unchecked. @internal
 */
export function betaVariate(random: RandomSource, a: number, b: number): number {
  const logX = logGammaVariate(random, a);
  const logY = logGammaVariate(random, b);
  return 1 / (1 + portableExp(logY - logX));
}

/** An Exponential(rate) draw by inversion. Unchecked. @internal */
export function exponentialVariate(random: RandomSource, rate: number): number {
  return -portableLog(1 - random.next()) / rate;
}

/**
 * Draws from the gamma distribution with `shape` k and `rate` θ (mean k/θ, variance k/θ²) by
 * Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS 26(3),
 * with their boost Gamma(k) = Gamma(k + 1) · U^(1/k) for k < 1. At most about 1.05 normal and
 * uniform pairs per draw for k ≥ 1; O(1) expected.
 * Logarithms and exponentials are clvkit's own (IEEE +, −, ×, ÷ only), so a seeded source gives
 * bit-identical draws on every JavaScript engine.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when `shape` or `rate` is not a positive finite number.
 * @example
 * ```ts
 * import { createRandom, sampleGamma } from 'clvkit';
 * const random = createRandom(1);
 * const lambda = sampleGamma(random, 0.9, 30); // a purchase rate per day, mean 0.9 / 30
 * ```
 */
export function sampleGamma(random: RandomSource, shape: number, rate: number): number {
  checkPositive('shape', shape);
  checkPositive('rate', rate);
  return gammaVariate(random, shape, rate);
}

/**
 * Draws from the beta distribution with shapes `a` and `b` (mean a/(a+b)) as X / (X + Y) with
 * X ~ Gamma(a, 1) and Y ~ Gamma(b, 1), the ratio taken in log space. Two gamma draws; O(1)
 * expected.
 * Logarithms and exponentials are clvkit's own (IEEE +, −, ×, ÷ only), so a seeded source gives
 * bit-identical draws on every JavaScript engine.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when `a` or `b` is not a positive finite number.
 * @example
 * ```ts
 * import { createRandom, sampleBeta } from 'clvkit';
 * const random = createRandom(1);
 * const dropout = sampleBeta(random, 0.8, 2.5); // in [0, 1], mean 0.8 / 3.3
 * ```
 */
export function sampleBeta(random: RandomSource, a: number, b: number): number {
  checkPositive('a', a);
  checkPositive('b', b);
  return betaVariate(random, a, b);
}

/**
 * Draws from the exponential distribution with `rate` θ (mean 1/θ) by inversion,
 * -log(1 - U) / θ. One uniform; O(1).
 * Logarithms and exponentials are clvkit's own (IEEE +, −, ×, ÷ only), so a seeded source gives
 * bit-identical draws on every JavaScript engine.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when `rate` is not a positive finite number.
 * @example
 * ```ts
 * import { createRandom, sampleExponential } from 'clvkit';
 * const random = createRandom(1);
 * const wait = sampleExponential(random, 0.03); // days to the next purchase, mean 33.3
 * ```
 */
export function sampleExponential(random: RandomSource, rate: number): number {
  checkPositive('rate', rate);
  return exponentialVariate(random, rate);
}

/**
 * Draws from the normal distribution with the given `mean` and `standardDeviation` by
 * Marsaglia's polar method (the second value of each pair is discarded, so no state is kept
 * outside the source). About 2.5 uniforms per draw; O(1) expected.
 * Logarithms and exponentials are clvkit's own (IEEE +, −, ×, ÷ only), so a seeded source gives
 * bit-identical draws on every JavaScript engine.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when `mean` is not finite or `standardDeviation` is
 * negative or not finite.
 * @example
 * ```ts
 * import { createRandom, sampleNormal } from 'clvkit';
 * const random = createRandom(1);
 * sampleNormal(random); // standard normal
 * sampleNormal(random, 100, 15);
 * ```
 */
export function sampleNormal(random: RandomSource, mean = 0, standardDeviation = 1): number {
  checkFinite('mean', mean);
  if (
    typeof standardDeviation !== 'number' ||
    !(standardDeviation >= 0) ||
    standardDeviation === Number.POSITIVE_INFINITY
  ) {
    invalidParameter('standardDeviation', standardDeviation, 'must be a finite number ≥ 0');
  }
  return mean + standardDeviation * standardNormal(random);
}
