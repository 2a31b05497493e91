import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvError } from '../../src/errors/index.js';
import {
  createRandom,
  type RandomSource,
  sampleBeta,
  sampleExponential,
  sampleGamma,
  sampleNormal,
} from '../../src/random/index.js';

const N = 200_000;

function sampleMany(count: number, draw: () => number): Float64Array {
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = draw();
  return values;
}

/** Mean and (population) variance by Welford's method. */
function moments(values: Float64Array): { mean: number; variance: number } {
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const delta = values[i]! - mean;
    mean += delta / (i + 1);
    m2 += delta * (values[i]! - mean);
  }
  return { mean, variance: m2 / values.length };
}

/** One-sample Kolmogorov–Smirnov statistic D against the continuous CDF `cdf`. */
function ksStatistic(values: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(values).sort();
  let d = 0;
  for (let i = 0; i < sorted.length; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, (i + 1) / sorted.length - f, f - i / sorted.length);
  }
  return d;
}
// KS tests of two distributions use 100k draws each.
const KS_N = 100_000;
/** KS critical value at significance 0.001 for large n (asymptotic: 1.949 / sqrt(n)). */
const ksCritical = (values: Float64Array) => 1.949 / Math.sqrt(values.length);

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / expected;

function thrown(action: () => unknown): ClvError {
  try {
    action();
  } catch (error) {
    if (error instanceof ClvError) return error;
    throw error;
  }
  throw new Error('expected a ClvError');
}

describe('samplers: golden draws', () => {
  // Bit-identical on Node 20.20 (V8 11.3), Bun 1.4.5 (JavaScriptCore) and Deno 2.9.6 (V8 15.0),
  // checked by running the same bundle on each: the samplers use portableLog / portableExp, not
  // Math.log / Math.exp / **, whose last bits differ between engines.
  it('draws these exact values for seed "golden"', () => {
    const random = createRandom('golden');
    expect([
      sampleGamma(random, 0.7, 2),
      sampleGamma(random, 6, 15),
      sampleBeta(random, 0.8, 2.5),
      sampleNormal(random),
      sampleExponential(random, 0.03),
    ]).toEqual([
      0.20955082304740136, 0.7668253733880988, 0.0027978812639005875, 0.5064029265087225,
      7.656938827270657,
    ]);
  });
});

describe('sampleGamma', () => {
  // Relative tolerances for 200k draws: mean se = sqrt(1/(k n)), variance se ≈ sqrt((2 + 6/k)/n);
  // each tolerance is ≥ 4 se (largest at k = 0.3: mean 0.41%, variance 1.05% se).
  it.each([
    [0.3, 2, 0.02, 0.06],
    [0.9, 30, 0.01, 0.04],
    [1, 1, 0.01, 0.03],
    [6, 15, 0.005, 0.02],
    [40, 0.5, 0.005, 0.02],
  ])(
    'shape %d, rate %d: mean k/θ and variance k/θ² (tolerances %d, %d)',
    (shape, rate, meanTol, varTol) => {
      const random = createRandom(`gamma-${shape}`);
      const { mean, variance } = moments(sampleMany(N, () => sampleGamma(random, shape, rate)));
      expect(relative(mean, shape / rate)).toBeLessThan(meanTol);
      expect(relative(variance, shape / rate ** 2)).toBeLessThan(varTol);
    },
  );

  it('matches the exact CDF of Gamma(1) and Gamma(2) (KS at 0.001)', () => {
    const random = createRandom('gamma-ks');
    const one = sampleMany(KS_N, () => sampleGamma(random, 1, 3));
    expect(ksStatistic(one, (x) => 1 - Math.exp(-3 * x))).toBeLessThan(ksCritical(one));
    const two = sampleMany(KS_N, () => sampleGamma(random, 2, 1));
    expect(ksStatistic(two, (x) => 1 - Math.exp(-x) * (1 + x))).toBeLessThan(ksCritical(two));
  });

  it('matches the exact CDF of Gamma(1/2) = χ²₁ / 2 through its square root (KS at 0.001)', () => {
    // If G ~ Gamma(1/2, 1) then sqrt(2G) is |N(0, 1)|, whose CDF is 2Φ(x) - 1 = erf(x / √2).
    const random = createRandom('gamma-half');
    const roots = sampleMany(KS_N, () => Math.sqrt(2 * sampleGamma(random, 0.5, 1)));
    const halfNormalCdf = (x: number) => 2 * standardNormalCdf(x) - 1;
    expect(ksStatistic(roots, halfNormalCdf)).toBeLessThan(ksCritical(roots));
  });

  it('draws positive finite numbers for any positive finite shape and rate', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (seed, shape, rate) => {
          const random = createRandom(seed);
          const xs = sampleMany(20, () => sampleGamma(random, shape, rate));
          return xs.every((x) => Number.isFinite(x) && x >= 0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is deterministic for a seed', () => {
    const a = createRandom(5);
    const b = createRandom(5);
    expect(sampleMany(100, () => sampleGamma(a, 0.7, 2))).toEqual(
      sampleMany(100, () => sampleGamma(b, 0.7, 2)),
    );
  });

  it.each([
    ['shape', 0, 1],
    ['shape', -1, 1],
    ['shape', Number.NaN, 1],
    ['shape', Number.POSITIVE_INFINITY, 1],
    ['rate', 1, 0],
    ['rate', 1, Number.NaN],
  ])('rejects %s in (%d, %d) with INVALID_ARGUMENT', (field, shape, rate) => {
    const error = thrown(() => sampleGamma(createRandom(1), shape, rate));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.field).toBe(field);
  });
});

describe('sampleBeta', () => {
  // Beta(a, b): mean a/(a+b), variance ab/((a+b)²(a+b+1)). Each tolerance is ≥ 4.5 se for 200k
  // draws (relative se of the mean 0.05%–0.22%, of the variance 0.15%–0.33%).
  it.each([
    [0.8, 2.5, 0.01, 0.02],
    [1, 1, 0.006, 0.01],
    [5, 2, 0.003, 0.015],
    [0.2, 0.3, 0.01, 0.01],
  ])('Beta(%d, %d): mean and variance (tolerances %d, %d)', (a, b, meanTol, varTol) => {
    const random = createRandom(`beta-${a}-${b}`);
    const { mean, variance } = moments(sampleMany(N, () => sampleBeta(random, a, b)));
    expect(relative(mean, a / (a + b))).toBeLessThan(meanTol);
    expect(relative(variance, (a * b) / ((a + b) ** 2 * (a + b + 1)))).toBeLessThan(varTol);
  });

  it('matches the exact CDFs of Beta(1, 1) (uniform) and Beta(2, 1) (x²) (KS at 0.001)', () => {
    const random = createRandom('beta-ks');
    const uniform = sampleMany(KS_N, () => sampleBeta(random, 1, 1));
    expect(ksStatistic(uniform, (x) => x)).toBeLessThan(ksCritical(uniform));
    const square = sampleMany(KS_N, () => sampleBeta(random, 2, 1));
    expect(ksStatistic(square, (x) => x * x)).toBeLessThan(ksCritical(square));
  });

  it('stays in [0, 1] and never gives NaN, even for tiny shapes', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
        fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
        (seed, a, b) => {
          const random = createRandom(seed);
          const xs = sampleMany(20, () => sampleBeta(random, a, b));
          return xs.every((x) => x >= 0 && x <= 1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the mean a/(a+b) for tiny shapes, where plain gamma ratios give 0/0', () => {
    // Beta(0.01, 0.01) puts almost all mass near 0 and 1; the mean is still 1/2.
    const random = createRandom('tiny');
    const { mean } = moments(sampleMany(100_000, () => sampleBeta(random, 0.01, 0.01)));
    // Variance ≈ 0.245, se of the mean over 100k draws 0.0016; tolerance 5 se.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.008);
  });

  it('rejects non-positive shapes', () => {
    expect(thrown(() => sampleBeta(createRandom(1), 0, 1)).field).toBe('a');
    expect(thrown(() => sampleBeta(createRandom(1), 1, -2)).field).toBe('b');
  });
});

describe('sampleExponential', () => {
  it('matches the exact CDF 1 - exp(-θx) (KS at 0.001) with mean 1/θ', () => {
    const random = createRandom('exp');
    const values = sampleMany(N, () => sampleExponential(random, 0.03));
    expect(ksStatistic(values, (x) => 1 - Math.exp(-0.03 * x))).toBeLessThan(ksCritical(values));
    // se of the mean is (1/θ) / sqrt(n) = 0.22% relative.
    expect(relative(moments(values).mean, 1 / 0.03)).toBeLessThan(0.01);
  });

  it('rejects a non-positive rate', () => {
    expect(thrown(() => sampleExponential(createRandom(1), 0)).code).toBe('INVALID_ARGUMENT');
  });
});

describe('sampleNormal', () => {
  it('matches the standard normal CDF (KS at 0.001) with mean 0 and variance 1', () => {
    const random: RandomSource = createRandom('normal');
    const values = sampleMany(N, () => sampleNormal(random));
    expect(ksStatistic(values, standardNormalCdf)).toBeLessThan(ksCritical(values));
    const { mean, variance } = moments(values);
    // se: mean 0.0022, variance 0.0032.
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.015);
  });

  it('shifts and scales: mean 100, standard deviation 15', () => {
    const random = createRandom('normal-100');
    const { mean, variance } = moments(sampleMany(100_000, () => sampleNormal(random, 100, 15)));
    // se over 100k draws: mean 0.047, variance 0.45% relative; tolerances ≥ 5 se.
    expect(Math.abs(mean - 100)).toBeLessThan(0.25);
    expect(relative(variance, 225)).toBeLessThan(0.025);
  });

  it('returns the mean when the standard deviation is 0', () => {
    expect(sampleNormal(createRandom(1), 3, 0)).toBe(3);
  });

  it('rejects a non-finite mean and a negative standard deviation', () => {
    expect(thrown(() => sampleNormal(createRandom(1), Number.NaN)).field).toBe('mean');
    expect(thrown(() => sampleNormal(createRandom(1), 0, -1)).field).toBe('standardDeviation');
  });
});

describe('samplers with an injected source', () => {
  it('accept any object with next(), e.g. a replayed sequence', () => {
    const values = [0.5, 0.25];
    let i = 0;
    const replay: RandomSource = { next: () => values[i++ % values.length]! };
    // Inversion: -log(1 - 0.5) / 2.
    expect(sampleExponential(replay, 2)).toBeCloseTo(Math.log(2) / 2, 15);
  });
});

/**
 * Φ(x) from erf by Abramowitz & Stegun (1964), formula 7.1.26 (|error| < 1.5e-7), far below the
 * KS critical values (≥ 0.0044).
 */
function standardNormalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
