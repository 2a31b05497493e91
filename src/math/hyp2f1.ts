import { logGamma } from './gamma.js';

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments.
 *
 * Methods (DLMF chapter 15; no code taken from other libraries):
 * - the power series (DLMF 15.2.1), summed until the tail is provably below ε · |sum| (the ratio
 *   of consecutive terms is bounded once every Pochhammer factor is positive);
 * - for z < 0 the Pfaff transformations 2F1(a, b; c; z) = (1 − z)^−a 2F1(a, c − b; c; w) =
 *   (1 − z)^−b 2F1(c − a, b; c; w), w = z/(z − 1) ∈ (0, 1) (DLMF 15.8.1);
 * - on (0, 1) the Euler transformation 2F1(a, b; c; z) = (1 − z)^(c−a−b) 2F1(c − a, c − b; c; z)
 *   (DLMF 15.8.1) when its series is cheaper (e.g. BG/NBD's 2F1(r + x, b + x; a + b + x − 1; z),
 *   whose Euler form has x-independent upper parameters). Of two equivalent forms, one whose
 *   terms alternate in sign is avoided (it could cancel);
 * - when the series would need more than a few thousand terms (z near 1), analytic continuation
 *   from the largest z₀ where the series is fast, by Taylor steps of the hypergeometric equation
 *   z(1 − z)w″ + [c − (a + b + 1)z]w′ − ab w = 0 (DLMF 15.10.1). Steps are at most half the
 *   distance to the singular point z = 1 (about log₂(1/(1 − z)) of them) and are shortened when
 *   their Taylor terms fail to converge or cancel; they end on representable points with h taken
 *   as the exact difference. Unlike the z → 1 − z connection formula (DLMF 15.8.4) this needs no
 *   special treatment when c − a − b is (near) an integer, and the continued solution is the
 *   dominant one near z = 1 (c − a − b < 0: growing like (1 − z)^(c−a−b); c − a − b > 0: tending
 *   to Gauss's sum), so rounding errors do not grow.
 * Values are carried as mantissa · e^scale so that huge values (BG/NBD with x in the hundreds)
 * do not overflow before {@link logHyp2f1} takes the logarithm.
 */

const EPSILON = Number.EPSILON;
/** Rescale running sums beyond this magnitude (and fold the factor into the log scale). */
const RESCALE_THRESHOLD = 1e200;
const LOG_RESCALE = Math.log(RESCALE_THRESHOLD);
/** Series terms before switching to continuation (z > ½) or giving up (z ≤ ½). */
const SERIES_LIMIT_NEAR_ONE = 4000;
const SERIES_LIMIT = 200_000;
/** Largest accepted max|term| / |sum|: beyond it the result would lose more than ~8 digits. */
const MAX_CANCELLATION = 1e8;
/** Most Taylor terms in one continuation step before the step is shortened. */
const TAYLOR_TERMS_PER_STEP = 400;
/** Largest accepted Σ|terms| / |sum| in one continuation step. */
const MAX_STEP_CANCELLATION = 8;
/** Estimated series terms at the point where continuation starts. */
const CONTINUATION_START_TERMS = 1000;

/** A value as mantissa · e^logScale (mantissa carries the sign). */
interface Scaled {
  mantissa: number;
  logScale: number;
  /** d/dz of the series' value in the same scale (used to start a continuation). */
  derivative: number;
  /** Series terms or Taylor terms used (for tests and cost bookkeeping). */
  terms: number;
  /** max |term| / |sum| seen: the cancellation factor of the summation. */
  cancellation: number;
}

function isNonPositiveInteger(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}

/**
 * Sums the series of 2F1(a, b; c; z) (and of its derivative) into `out`, at most `limit` terms.
 * Returns false when the tail was not yet small enough.
 */
function sumSeries(
  a: number,
  b: number,
  c: number,
  z: number,
  limit: number,
  out: Scaled,
): boolean {
  let term = 1;
  let sum = 1;
  let derivativeSum = 0; // Σ k t_k, so that F′(z) = derivativeSum / z
  let logScale = 0;
  let maxTerm = 1;
  const positiveFrom = Math.max(-a, -b, -c, 0);
  const excess = a + b - c - 1;
  const ratioBelowZ = excess < 0 ? (a * b - c) / -excess : Number.POSITIVE_INFINITY;
  let converged = false;
  let k = 0;
  for (; k < limit; k++) {
    const factorA = (a + k) / (c + k);
    const factorB = (b + k) / (k + 1);
    term *= factorA * factorB * z;
    if (term === 0) {
      converged = true; // a terminating (polynomial) series, or underflow
      break;
    }
    sum += term;
    derivativeSum += (k + 1) * term;
    const size = Math.abs(term);
    if (size > maxTerm) maxTerm = size;
    if (Math.abs(sum) > RESCALE_THRESHOLD || size > RESCALE_THRESHOLD) {
      term /= RESCALE_THRESHOLD;
      sum /= RESCALE_THRESHOLD;
      derivativeSum /= RESCALE_THRESHOLD;
      maxTerm /= RESCALE_THRESHOLD;
      logScale += LOG_RESCALE;
    }
    if (k + 1 > positiveFrom) {
      // From here on (a + j)/(c + j) and (b + j)/(j + 1) move monotonically towards 1, so every
      // later ratio is at most |z| · max(factorA, 1) · max(factorB, 1); and at most |z| once
      // j (a + b − c − 1) ≤ c − ab, i.e. for j ≥ ratioBelowZ when a + b − c − 1 < 0.
      let bound = Math.abs(z) * Math.max(factorA, 1) * Math.max(factorB, 1);
      if (k + 1 >= ratioBelowZ) bound = Math.min(bound, Math.abs(z));
      if (bound < 1 && (size * bound) / (1 - bound) <= 0.25 * EPSILON * Math.abs(sum)) {
        converged = true;
        break;
      }
    }
  }
  out.mantissa = sum;
  out.logScale = logScale;
  out.derivative = z === 0 ? (a * b) / c : derivativeSum / z;
  out.terms = k + 1;
  out.cancellation = maxTerm / Math.abs(sum);
  return converged;
}

/**
 * A rough count of series terms needed for 2F1(a, b; c; z), 0 ≤ z < 1: up to the largest term
 * (where the term ratio falls below 1) plus the decay of k^(a+b−c−1) z^k to ε. Used only to
 * choose between equivalent forms.
 */
function estimateTerms(a: number, b: number, c: number, z: number): number {
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) {
    return Math.min(
      isNonPositiveInteger(a) ? -a : Infinity,
      isNonPositiveInteger(b) ? -b : Infinity,
    );
  }
  if (z === 0) return 0;
  // Ratio ≥ 1 ⇔ (1 − z)k² + (c + 1 − z(a + b))k + (c − z ab) ≤ 0 (for positive factors).
  const qa = 1 - z;
  const qb = c + 1 - z * (a + b);
  const qc = c - z * a * b;
  const discriminant = qb * qb - 4 * qa * qc;
  const peak = discriminant > 0 ? Math.max(0, (-qb + Math.sqrt(discriminant)) / (2 * qa)) : 0;
  const decay = -Math.log(z);
  const power = a + b - c - 1;
  // Past the peak the terms behave like k^power z^k: geometric decay, helped (power < 0) or
  // hindered (power > 0) by the power; with power ≪ 0 they are below ε within a factor
  // e^(37/|power|) of max(peak, |c|).
  const geometric =
    peak + (37 + Math.max(0, power) * Math.log(2 + peak + 37 / decay)) / decay + Math.max(0, -c);
  if (power >= -1) return geometric;
  return Math.min(geometric, Math.max(peak, Math.abs(c), 1) * Math.exp(37 / -power));
}

/**
 * Continues 2F1(a, b; c; ·) from z₀ (value and derivative in `state`) to z, 0 < z₀ ≤ z < 1, by
 * Taylor steps of the hypergeometric equation (see the module comment). Returns false if a
 * step's Taylor series did not converge.
 */
function continueTo(
  a: number,
  b: number,
  c: number,
  z: number,
  start: number,
  state: Scaled,
): boolean {
  let position = start;
  // Start from a value of size 1 so the Taylor terms have the whole double range to grow into.
  const startSize = Math.abs(state.mantissa);
  if (!(startSize > 0 && Number.isFinite(startSize))) return false;
  let value = state.mantissa / startSize;
  let derivative = state.derivative / startSize;
  let logScale = state.logScale + Math.log(startSize);
  let terms = state.terms;
  const ab1 = a + b + 1;
  // Step length as a fraction of the distance to the nearest singular point (0 or 1): at most ½;
  // halved when a step fails its checks, which also lowers a ceiling that recovers slowly, so a
  // function that needs short steps (e.g. (1 − z)^−600) does not keep paying for failed ones.
  let fraction = 0.5;
  let ceiling = 0.5;
  while (position < z) {
    const distance = Math.min(position, 1 - position);
    // Step to a representable point and use the exact difference as h: a rounded position would
    // be an error of F′/F · ulp per step, large near z = 1.
    const proposed = fraction * distance;
    const next = proposed >= z - position ? z : position + proposed;
    const h = next - position;
    // z(1 − z) = p0 + p1 h − h², c − (a + b + 1) z = q0 − (a + b + 1) h around `position`.
    const p0 = position * (1 - position);
    const p1 = 1 - 2 * position;
    const q0 = c - ab1 * position;
    // u_n = f_n h^n, f the Taylor coefficients about `position`:
    // f_{n+2} = [(n + a)(n + b) f_n − (p1 n + q0)(n + 1) f_{n+1}] / (p0 (n + 1)(n + 2)).
    let previous = value; // u_0
    let current = derivative * h; // u_1
    let sum = previous + current;
    let absoluteSum = Math.abs(previous) + Math.abs(current);
    let derivativeSum = current; // Σ n u_n
    let converged = false;
    for (let n = 0; n < TAYLOR_TERMS_PER_STEP; n++) {
      const next =
        ((n + a) * (n + b) * h * h * previous - (p1 * n + q0) * (n + 1) * h * current) /
        (p0 * (n + 1) * (n + 2));
      sum += next;
      absoluteSum += Math.abs(next);
      derivativeSum += (n + 2) * next;
      previous = current;
      current = next;
      if (Math.abs(previous) + Math.abs(current) <= 0.25 * EPSILON * Math.abs(sum)) {
        // Terms beyond the ones summed: near n the ratio of consecutive terms tends to h/distance
        // ≤ ½, and both recurrence coefficients shrink, so two tiny terms end the series.
        const m = n + 1;
        const contracting =
          Math.abs(((m + a) * (m + b) * h * h) / (p0 * (m + 1) * (m + 2))) < 0.5 &&
          Math.abs(((p1 * m + q0) * h) / (p0 * (m + 2))) < 1;
        if (contracting) {
          converged = true;
          terms += n + 2;
          break;
        }
      }
    }
    // Accept the step only if its terms did not cancel (their absolute sum is within a small
    // factor of the sum): otherwise rounding errors of the large terms would swamp the value.
    if (!converged || !(absoluteSum <= MAX_STEP_CANCELLATION * Math.abs(sum))) {
      terms += TAYLOR_TERMS_PER_STEP;
      ceiling = 0.5 * fraction;
      fraction = ceiling;
      if (fraction < 1e-12) return false;
      continue;
    }
    value = sum;
    derivative = derivativeSum / h;
    position = next;
    ceiling = Math.min(0.5, 1.25 * ceiling);
    fraction = Math.min(ceiling, 2 * fraction);
    // Renormalise so that huge (or tiny) values neither overflow nor underflow.
    const size = Math.max(Math.abs(value), Math.abs(derivative) * (1 - position));
    if (size > 0 && Number.isFinite(size)) {
      value /= size;
      derivative /= size;
      logScale += Math.log(size);
    }
  }
  state.mantissa = value;
  state.derivative = derivative;
  state.logScale = logScale;
  state.terms = terms;
  return true;
}

/**
 * (c − a − b) · factor with c − a − b evaluated exactly as a double-double (Knuth's two-sum), so
 * only the final products are rounded.
 */
function exactDifferenceTimes(c: number, a: number, b: number, factor: number): number {
  const first = c - a;
  const firstVirtual = first - c;
  const firstError = c - (first - firstVirtual) + (-a - firstVirtual);
  const second = first - b;
  const secondVirtual = second - first;
  const secondError = first - (second - secondVirtual) + (-b - secondVirtual);
  return second * factor + (firstError + secondError) * factor;
}

/**
 * How many times the sign of the series terms of 2F1(a, b; c; z), z > 0, changes (counted up to
 * 2): the term ratio (a + k)(b + k)/((c + k)(k + 1)) z is negative where an odd number of a + k,
 * b + k, c + k are negative.
 */
function signChanges(a: number, b: number, c: number): number {
  const last = Math.max(-a, -b, -c);
  let changes = 0;
  for (let k = 0; k < last && changes < 2; k++) {
    const negatives = (a + k < 0 ? 1 : 0) + (b + k < 0 ? 1 : 0) + (c + k < 0 ? 1 : 0);
    if (negatives % 2 === 1) changes++;
  }
  return changes;
}

/**
 * The estimated work of summing 2F1(a, b; c; z), with a heavy penalty when the terms change sign
 * more than once, since then the sum may be a small difference of large terms.
 */
function formCost(a: number, b: number, c: number, z: number): number {
  const cost = estimateTerms(a, b, c, z); // the degree, for a polynomial
  // One sign change (e.g. a − 1 with 0 < a < 1 in BG/NBD's Euler form) cannot cancel much;
  // alternating terms can.
  return signChanges(a, b, c) > 1 ? cost + 1e12 : cost;
}

/**
 * 2F1(a, b; c; z) for 0 < z < 1 into `out`, given `oneMinusZ` = 1 − z computed without rounding
 * loss by the caller (it differs from 1 − z after a Pfaff transformation). Picks the direct or the
 * Euler form by {@link formCost}; sums its series, or continues it along the equation from a
 * point where the series is fast. Returns false when neither converged.
 */
function onUnitInterval(
  a: number,
  b: number,
  c: number,
  z: number,
  oneMinusZ: number,
  allowEuler: boolean,
  out: Scaled,
): boolean {
  const ea = c - a;
  const eb = c - b;
  const useEuler = allowEuler && formCost(ea, eb, c, z) < formCost(a, b, c, z);
  const pa = useEuler ? ea : a;
  const pb = useEuler ? eb : b;
  let ok = false;
  if (z <= 0.5 || estimateTerms(pa, pb, c, z) <= SERIES_LIMIT_NEAR_ONE) {
    ok = sumSeries(pa, pb, c, z, z <= 0.5 ? SERIES_LIMIT : SERIES_LIMIT_NEAR_ONE, out);
  }
  if (!ok && z > 0.5) {
    // Continue along the equation from the largest point where the series is fast (bisection on
    // the cost estimate, which grows with z).
    let low = 0;
    let high = z;
    for (let i = 0; i < 30; i++) {
      const middle = 0.5 * (low + high);
      if (estimateTerms(pa, pb, c, middle) <= CONTINUATION_START_TERMS) low = middle;
      else high = middle;
    }
    const start = Math.max(low, 1 / 64);
    ok = sumSeries(pa, pb, c, start, SERIES_LIMIT, out) && continueTo(pa, pb, c, z, start, out);
  }
  // Euler (DLMF 15.8.1): 2F1(a, b; c; z) = (1 − z)^(c−a−b) 2F1(c − a, c − b; c; z).
  // The exponent c − a − b is formed without rounding (two-sum), since it multiplies a log that
  // may be large and the parameters may be large while the exponent is small.
  if (useEuler) out.logScale += exactDifferenceTimes(c, a, b, Math.log(oneMinusZ));
  return ok;
}

/**
 * The polynomial 2F1(−m, b; c; z), m a non-negative integer, for any real z. For z > ½ it is
 * re-expanded about z = 1, 2F1(−m, b; c; z) = (c − b)_m / (c)_m · 2F1(−m, b; b − c − m + 1; 1 − z)
 * (DLMF 15.8.7), which avoids the cancellation of the power form near z = 1.
 */
function polynomial(m: number, b: number, c: number, z: number, out: Scaled): void {
  const shifted = b - c - m + 1;
  if (z > 0.5 && !(isNonPositiveInteger(shifted) && -shifted < m)) {
    sumSeries(-m, b, shifted, 1 - z, m + 2, out);
    let ratio = 1;
    for (let k = 0; k < m; k++) ratio *= (c - b + k) / (c + k);
    out.mantissa *= ratio;
    return;
  }
  sumSeries(-m, b, c, z, m + 2, out);
}

/** 2F1(a, b; c; z) as mantissa · e^logScale; NaN mantissa where undefined or not computed. */
function hyp2f1Scaled(a: number, b: number, c: number, z: number, out: Scaled): void {
  out.logScale = 0;
  out.derivative = Number.NaN;
  out.terms = 0;
  out.cancellation = 1;
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(c) || Number.isNaN(z)) {
    out.mantissa = Number.NaN;
    return;
  }
  if (z === 0 || a === 0 || b === 0) {
    out.mantissa = 1;
    return;
  }
  if (a > b) {
    // 2F1 is symmetric in a and b; one order makes the result bit-for-bit symmetric too.
    const larger = a;
    a = b;
    b = larger;
  }
  // A non-positive integer a or b makes the series a polynomial; take the one of lower degree.
  let degree = Number.POSITIVE_INFINITY;
  let other = 0;
  if (isNonPositiveInteger(a)) {
    degree = -a;
    other = b;
  }
  if (isNonPositiveInteger(b) && -b < degree) {
    degree = -b;
    other = a;
  }
  if (isNonPositiveInteger(c) && !(degree < -c + 1)) {
    out.mantissa = Number.NaN; // a pole of the series coefficients
    return;
  }
  if (degree < Number.POSITIVE_INFINITY && Number.isFinite(z)) {
    // On (0, 1) the Euler form may be a polynomial of lower degree (c − a or c − b a
    // non-positive integer), e.g. 2F1(−4, 2.5; 1.5; z) = (1 − z)³ (1 − 11z/3).
    const eulerDegree = Math.min(
      isNonPositiveInteger(c - a) ? a - c : Number.POSITIVE_INFINITY,
      isNonPositiveInteger(c - b) ? b - c : Number.POSITIVE_INFINITY,
    );
    if (z > 0 && z < 1 && eulerDegree < degree) {
      onUnitInterval(a, b, c, z, 1 - z, true, out);
      return;
    }
    polynomial(degree, other, c, z, out);
    // A polynomial is returned as evaluated (its rounding error is absolute, not relative).
    out.cancellation = 1;
    return;
  }
  if (z === 1) {
    gaussSum(a, b, c, out);
    return;
  }
  if (z > 1 || !Number.isFinite(z)) {
    out.mantissa = Number.NaN; // off the real-valued principal branch
    return;
  }
  if (z < 0) {
    // Pfaff (DLMF 15.8.1): (1 − z)^−a 2F1(a, c − b; c; w) = (1 − z)^−b 2F1(c − a, b; c; w) with
    // w = z/(z − 1) ∈ (0, 1). The two forms are each other's Euler transforms, so choose here
    // and forbid Euler below: the prefactor then has the input's exponent −a or −b, unrounded.
    const w = -z / (1 - z);
    const useB = formCost(c - a, b, c, w) < formCost(a, c - b, c, w);
    const ok = useB
      ? onUnitInterval(c - a, b, c, w, 1 / (1 - z), false, out)
      : onUnitInterval(a, c - b, c, w, 1 / (1 - z), false, out);
    out.logScale += -(useB ? b : a) * Math.log1p(-z);
    if (!ok) out.mantissa = Number.NaN;
    return;
  }
  if (!onUnitInterval(a, b, c, z, 1 - z, true, out)) out.mantissa = Number.NaN;
}

/**
 * hyp2f1Scaled, then NaN when the value came out as a small difference of much larger terms
 * (estimated relative error above about 2e-8): for real arguments this happens only with
 * alternating series, i.e. z < 0 with c below both a and b, or negative parameters.
 */
function hyp2f1Checked(a: number, b: number, c: number, z: number, out: Scaled): void {
  hyp2f1Scaled(a, b, c, z, out);
  if (!(out.cancellation <= MAX_CANCELLATION)) out.mantissa = Number.NaN;
}

/** ln|Γ(x)| and the sign of Γ(x) for real x not a non-positive integer (reflection, DLMF 5.5.3). */
function logAbsGamma(x: number): { log: number; sign: number } {
  if (x > 0) return { log: logGamma(x), sign: 1 };
  // Γ(x) = π / (sin(πx) Γ(1 − x)); reduce x mod 2 before the sine.
  const reduced = x - 2 * Math.round(x / 2);
  const sine = Math.sin(Math.PI * reduced);
  return { log: Math.log(Math.PI / Math.abs(sine)) - logGamma(1 - x), sign: Math.sign(sine) };
}

/** Gauss's sum 2F1(a, b; c; 1) = Γ(c)Γ(c − a − b) / (Γ(c − a)Γ(c − b)) (DLMF 15.4.20). */
function gaussSum(a: number, b: number, c: number, out: Scaled): void {
  const s = c - a - b;
  if (!(s > 0)) {
    out.mantissa = Number.POSITIVE_INFINITY; // diverges at z = 1 (DLMF 15.4.21–23)
    return;
  }
  if (isNonPositiveInteger(c - a) || isNonPositiveInteger(c - b)) {
    out.mantissa = 0;
    return;
  }
  const gc = logAbsGamma(c);
  const gs = logAbsGamma(s);
  const gca = logAbsGamma(c - a);
  const gcb = logAbsGamma(c - b);
  out.mantissa = gc.sign * gs.sign * gca.sign * gcb.sign;
  out.logScale = gc.log + gs.log - gca.log - gcb.log;
}

const scratch: Scaled = { mantissa: 0, logScale: 0, derivative: 0, terms: 0, cancellation: 1 };

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) = Σ (a)_k (b)_k / ((c)_k k!) z^k for real
 * a, b, c and real z ≤ 1 (DLMF 15.2.1 and its analytic continuation to z < −1).
 *
 * Method: the series where it converges fast; Pfaff's transformation for z < 0; Euler's
 * transformation when its series is cheaper; for z near 1, Taylor continuation along the
 * hypergeometric differential equation (see the module comment; DLMF 15.8.1, 15.10.1), which
 * needs no special case when c − a − b is (near) an integer. Cost on this machine: about 1 µs
 * for BG/NBD's conditional 2F1 (any x), 3–25 µs near z = 0.999–0.9999 with parameters up to
 * 1000, up to about 1 ms when |c − a − b| is in the hundreds and z is near 1.
 *
 * Accuracy against mpmath (table in `test/math/golden.json`: the BG/NBD and Pareto/NBD forms with
 * x up to 1000, parameters 0.01..1000, z from −1e6 to 0.9999, c − a − b at and near integers):
 * relative error ≤ 1.4e-13, i.e. within about 2e-13 + 4e-16 · |ln F|.
 * Where the result would be the small difference of much larger terms (only for alternating
 * series: z < 0 with c below both a and b, or negative parameters) the estimated error is
 * checked and NaN is returned beyond about 1e-8 relative, rather than a wrong number.
 * Special values: 1 for z = 0 or a = 0 or b = 0; polynomials (a or b a non-positive integer) for
 * every real z, evaluated as written (absolute rounding error); Gauss's sum at z = 1 when
 * c − a − b > 0 (DLMF 15.4.20), Infinity when c − a − b ≤ 0; NaN for z > 1 (complex there) and
 * z = −Infinity, for c a non-positive integer (a pole) unless the series terminates first, and
 * for NaN arguments. Overflows to ±Infinity like exp; use {@link logHyp2f1} for large values.
 *
 * @example
 * ```ts
 * import { hyp2f1 } from 'clvkit';
 * hyp2f1(1, 1, 2, 0.5); // −ln(1 − 0.5)/0.5 = 1.3862943611198906
 * hyp2f1(0.5, 2, 2, -3); // (1 + 3)^−0.5 = 0.5
 * // BG/NBD: 2F1(r + x, b + x; a + b + x − 1; t/(α + T + t))
 * hyp2f1(0.243 + 3, 2.426 + 3, 0.793 + 2.426 + 3 - 1, 39 / (4.414 + 38.86 + 39));
 * ```
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  hyp2f1Checked(a, b, c, z, scratch);
  return scratch.logScale === 0 ? scratch.mantissa : scratch.mantissa * Math.exp(scratch.logScale);
}

/**
 * ln 2F1(a, b; c; z): the logarithm of {@link hyp2f1}, computed without forming the value, so it
 * stays finite where the value overflows (BG/NBD's 2F1(r + x, b + x; a + b + x − 1; z) with x in
 * the thousands and z near 1, Pareto/NBD's 2F1(r + s + x, s + 1; r + s + x + 1; z) with z ≪ 0).
 * Same method and cost. Accuracy: absolute error of the log ≤ about 2e-13 + 4e-16 · |ln F|
 * against mpmath over the same table.
 *
 * Returns NaN where 2F1 is negative or undefined (see {@link hyp2f1}), −Infinity where it is 0,
 * Infinity where it diverges.
 *
 * @example
 * ```ts
 * import { logHyp2f1 } from 'clvkit';
 * logHyp2f1(500, 500, 999.5, 0.9); // 418.90110030939474 (the value is 8.4e181)
 * logHyp2f1(5000.243, 5002.426, 5002.219, 0.999); // finite; hyp2f1 gives Infinity
 * logHyp2f1(2, 1, 1, 0.5); // ln((1 − 0.5)^−2) = ln 4
 * ```
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  hyp2f1Checked(a, b, c, z, scratch);
  const m = scratch.mantissa;
  if (Number.isNaN(m) || m < 0) return Number.NaN;
  if (m === 0) return Number.NEGATIVE_INFINITY;
  if (m === Number.POSITIVE_INFINITY) return m;
  return scratch.logScale + Math.log(m);
}
