import { ClvError, displayValue, invalidOption, issueOf } from '../errors/index.js';

/**
 * An objective for {@link minimize}: returns f(x) and writes ∇f(x) into `gradient` (same length
 * as `x`). It must not keep or modify `x`. A NaN or ±Infinity value (or gradient entry) marks a
 * point outside the usable region; the line search steps back from it.
 */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Options of {@link minimize}; defaults in {@link MINIMIZE_DEFAULTS}. */
export interface MinimizeOptions {
  /** Most BFGS iterations per start. Default 200. */
  readonly maxIterations?: number;
  /** Converged when max |∂f/∂xᵢ| (the inf-norm of the gradient) ≤ this. Default 1e-8. */
  readonly gradientTolerance?: number;
  /** Converged when |f_k − f_{k+1}| / max(1, |f_{k+1}|) ≤ this after a step. Default 1e-12. */
  readonly relativeTolerance?: number;
  /**
   * Further starting points (same length as `x0`). The minimiser runs from `x0` and then from
   * each of these, and keeps the run with the lowest finite value (the earliest on a tie).
   */
  readonly starts?: readonly ArrayLike<number>[];
}

/** The outcome of {@link minimize}. */
export interface MinimizeResult {
  /** The best point found. */
  readonly x: Float64Array;
  /** f at `x` (NaN when no start had a finite value). */
  readonly value: number;
  /** ∇f at `x`. */
  readonly gradient: Float64Array;
  /** True when the kept run met the gradient or relative-change tolerance. */
  readonly converged: boolean;
  /** BFGS iterations of the kept run. */
  readonly iterations: number;
  /** Objective evaluations over all runs (every start counts). */
  readonly evaluations: number;
  /** max |∂f/∂xᵢ| at `x`. */
  readonly gradientNorm: number;
  /** Why the kept run stopped, in words (and which start it was when there were several). */
  readonly message: string;
}

/** The defaults of {@link MinimizeOptions}. */
export const MINIMIZE_DEFAULTS = Object.freeze({
  maxIterations: 200,
  gradientTolerance: 1e-8,
  relativeTolerance: 1e-12,
});

/** Sufficient-decrease (Armijo) and curvature constants of the strong Wolfe conditions. */
const WOLFE_DECREASE = 1e-4;
const WOLFE_CURVATURE = 0.9;
/** Most objective evaluations in one line search (bracketing and zoom together). */
const LINE_SEARCH_MAX_EVALUATIONS = 40;

interface RunResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  converged: boolean;
  iterations: number;
  evaluations: number;
  message: string;
}

function infNorm(v: Float64Array): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (!(a <= max)) max = a; // NaN propagates
  }
  return max;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

/**
 * The minimiser of the cubic that matches φ and φ′ at a and b (Nocedal & Wright, Numerical
 * Optimization, 2nd ed., eq. 3.59), kept at least 10 % of the interval away from both ends;
 * bisection when the cubic has no real minimiser.
 */
function cubicStep(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const low = Math.min(a, b);
  const width = Math.abs(b - a);
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const radicand = d1 * d1 - da * db;
  let step = Number.NaN;
  if (radicand >= 0) {
    const d2 = Math.sign(b - a) * Math.sqrt(radicand);
    step = b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
  }
  if (!Number.isFinite(step)) return low + 0.5 * width;
  return Math.min(Math.max(step, low + 0.1 * width), low + 0.9 * width);
}

/** One trial point of a line search: α, φ(α), φ′(α), and the point and gradient. */
interface Trial {
  alpha: number;
  value: number;
  slope: number;
  x: Float64Array;
  gradient: Float64Array;
}

function makeTrial(n: number): Trial {
  return {
    alpha: 0,
    value: 0,
    slope: 0,
    x: new Float64Array(n),
    gradient: new Float64Array(n),
  };
}

function copyTrial(to: Trial, from: Trial): void {
  to.alpha = from.alpha;
  to.value = from.value;
  to.slope = from.slope;
  to.x.set(from.x);
  to.gradient.set(from.gradient);
}

/**
 * Line search for the strong Wolfe conditions: bracketing (Nocedal & Wright, Algorithm 3.5) then
 * zoom (Algorithm 3.6) with safeguarded cubic interpolation. A non-finite φ(α) or gradient counts
 * as "step too long" (φ(α) above the sufficient-decrease line). Returns the accepted trial, or
 * the best point with sufficient decrease if the Wolfe conditions were not met within the
 * evaluation budget, or undefined when no decrease was found.
 */
class LineSearch {
  readonly current: Trial;
  readonly low: Trial;
  readonly high: Trial;
  readonly previous: Trial;
  readonly best: Trial;
  evaluations = 0;

  constructor(
    private readonly objective: Objective,
    n: number,
  ) {
    this.current = makeTrial(n);
    this.low = makeTrial(n);
    this.high = makeTrial(n);
    this.previous = makeTrial(n);
    this.best = makeTrial(n);
  }

  private evaluate(
    x: Float64Array,
    direction: Float64Array,
    alpha: number,
    value0: number,
    slope0: number,
  ): Trial {
    const trial = this.current;
    trial.alpha = alpha;
    for (let i = 0; i < x.length; i++) trial.x[i] = x[i]! + alpha * direction[i]!;
    trial.gradient.fill(0);
    this.evaluations++;
    let value = this.objective(trial.x, trial.gradient);
    if (!Number.isFinite(value) || !allFinite(trial.gradient)) value = Number.NaN;
    trial.value = value;
    trial.slope = Number.isNaN(value) ? Number.NaN : dot(trial.gradient, direction);
    if (
      value <= value0 + WOLFE_DECREASE * alpha * slope0 &&
      (this.best.alpha === 0 || value < this.best.value)
    ) {
      copyTrial(this.best, trial);
    }
    return trial;
  }

  /** True when φ(α) fails sufficient decrease (or is not finite). */
  private tooLong(trial: Trial, value0: number, slope0: number): boolean {
    return (
      Number.isNaN(trial.value) || trial.value > value0 + WOLFE_DECREASE * trial.alpha * slope0
    );
  }

  search(
    x: Float64Array,
    value0: number,
    gradient0: Float64Array,
    direction: Float64Array,
    initialStep: number,
  ): Trial | undefined {
    const slope0 = dot(gradient0, direction);
    this.best.alpha = 0;
    const start = this.evaluations;
    const budgetLeft = () => this.evaluations - start < LINE_SEARCH_MAX_EVALUATIONS;
    // previous = α₀ = 0.
    this.previous.alpha = 0;
    this.previous.value = value0;
    this.previous.slope = slope0;
    this.previous.x.set(x);
    this.previous.gradient.set(gradient0);
    let alpha = initialStep;
    let first = true;
    while (budgetLeft()) {
      const trial = this.evaluate(x, direction, alpha, value0, slope0);
      if (this.tooLong(trial, value0, slope0) || (!first && trial.value >= this.previous.value)) {
        copyTrial(this.low, this.previous);
        copyTrial(this.high, trial);
        return this.zoom(x, direction, value0, slope0, budgetLeft);
      }
      if (Math.abs(trial.slope) <= -WOLFE_CURVATURE * slope0) return trial;
      if (trial.slope >= 0) {
        copyTrial(this.low, trial);
        copyTrial(this.high, this.previous);
        return this.zoom(x, direction, value0, slope0, budgetLeft);
      }
      copyTrial(this.previous, trial);
      first = false;
      alpha *= 2;
      if (!Number.isFinite(alpha)) break;
    }
    return this.best.alpha > 0 ? this.best : undefined;
  }

  private zoom(
    x: Float64Array,
    direction: Float64Array,
    value0: number,
    slope0: number,
    budgetLeft: () => boolean,
  ): Trial | undefined {
    const low = this.low;
    const high = this.high;
    while (budgetLeft()) {
      const width = Math.abs(high.alpha - low.alpha);
      if (width <= 1e-16 * Math.max(low.alpha, high.alpha)) break;
      const alpha = Number.isNaN(high.value)
        ? // Back out of a non-finite region quickly: a fifth of the way from the good end.
          low.alpha + 0.2 * (high.alpha - low.alpha)
        : cubicStep(low.alpha, low.value, low.slope, high.alpha, high.value, high.slope);
      const trial = this.evaluate(x, direction, alpha, value0, slope0);
      if (this.tooLong(trial, value0, slope0) || trial.value >= low.value) {
        copyTrial(high, trial);
        continue;
      }
      if (Math.abs(trial.slope) <= -WOLFE_CURVATURE * slope0) return trial;
      if (trial.slope * (high.alpha - low.alpha) >= 0) copyTrial(high, low);
      copyTrial(low, trial);
    }
    return this.best.alpha > 0 ? this.best : undefined;
  }
}

function runBfgs(
  objective: Objective,
  start: ArrayLike<number>,
  maxIterations: number,
  gradientTolerance: number,
  relativeTolerance: number,
): RunResult {
  const n = start.length;
  const x = Float64Array.from(start);
  const gradient = new Float64Array(n);
  let value = objective(x, gradient);
  let evaluations = 1;
  const done = (converged: boolean, iterations: number, message: string): RunResult => ({
    x,
    value,
    gradient,
    converged,
    iterations,
    evaluations,
    message,
  });
  if (!Number.isFinite(value) || !allFinite(gradient)) {
    return done(false, 0, `objective or gradient is not finite at the start (f = ${value})`);
  }
  if (infNorm(gradient) <= gradientTolerance) {
    return done(true, 0, 'gradient norm below tolerance at the start');
  }
  // Inverse Hessian approximation, dense row-major n × n (n is the number of model parameters).
  const inverse = new Float64Array(n * n);
  const resetInverse = () => {
    inverse.fill(0);
    for (let i = 0; i < n; i++) inverse[i * n + i] = 1;
  };
  resetInverse();
  let fresh = true;
  const direction = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const hy = new Float64Array(n);
  const lineSearch = new LineSearch(objective, n);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum -= inverse[i * n + j]! * gradient[j]!;
      direction[i] = sum;
    }
    if (!(dot(direction, gradient) < 0)) {
      // Not a descent direction (rounding in H): restart from steepest descent.
      resetInverse();
      fresh = true;
      for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
    }
    // First step of a fresh approximation: no coordinate moves more than 1 along −g; later the
    // BFGS step α = 1.
    const initialStep = fresh ? Math.min(1, 1 / infNorm(direction)) : 1;
    const before = lineSearch.evaluations;
    let trial = lineSearch.search(x, value, gradient, direction, initialStep);
    evaluations += lineSearch.evaluations - before;
    if (trial === undefined && !fresh) {
      // The quasi-Newton direction failed: retry once along steepest descent.
      resetInverse();
      fresh = true;
      for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
      const retryStart = lineSearch.evaluations;
      trial = lineSearch.search(x, value, gradient, direction, Math.min(1, 1 / infNorm(direction)));
      evaluations += lineSearch.evaluations - retryStart;
    }
    if (trial === undefined) {
      return done(
        false,
        iteration - 1,
        'line search found no decrease (the objective may be non-smooth, noisy or non-finite nearby)',
      );
    }
    for (let i = 0; i < n; i++) {
      s[i] = trial.x[i]! - x[i]!;
      y[i] = trial.gradient[i]! - gradient[i]!;
    }
    const previousValue = value;
    x.set(trial.x);
    gradient.set(trial.gradient);
    value = trial.value;
    const gradientNorm = infNorm(gradient);
    if (gradientNorm <= gradientTolerance) {
      return done(true, iteration, 'gradient norm below tolerance');
    }
    if (Math.abs(previousValue - value) / Math.max(1, Math.abs(value)) <= relativeTolerance) {
      // A stalled objective is a minimum only if the gradient is small too (relative to the
      // objective's scale); otherwise the run is drifting along a flat or diverging direction.
      const stalledAtMinimum =
        gradientNorm <= Math.sqrt(gradientTolerance) * Math.max(1, Math.abs(value));
      return stalledAtMinimum
        ? done(true, iteration, 'relative change in the objective below tolerance')
        : done(
            false,
            iteration,
            `the objective stopped changing but the gradient norm ${gradientNorm} is still large: not converged (flat or diverging direction)`,
          );
    }
    // BFGS update of the inverse Hessian (Nocedal & Wright eq. 6.17), skipped when the curvature
    // condition yᵀs > 0 fails numerically; the first update is preceded by the scaling
    // H₀ = (yᵀs / yᵀy) I (eq. 6.20).
    const ys = dot(y, s);
    const yy = dot(y, y);
    if (ys > 1e-12 * Math.sqrt(yy * dot(s, s))) {
      if (fresh) {
        inverse.fill(0);
        for (let i = 0; i < n; i++) inverse[i * n + i] = ys / yy;
        fresh = false;
      }
      const rho = 1 / ys;
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += inverse[i * n + j]! * y[j]!;
        hy[i] = sum;
      }
      const yhy = dot(y, hy);
      const factor = (1 + rho * yhy) * rho;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          inverse[i * n + j] =
            inverse[i * n + j]! - rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + factor * s[i]! * s[j]!;
        }
      }
    }
  }
  return done(
    false,
    maxIterations,
    `stopped after maxIterations = ${maxIterations} iterations (gradient norm ${infNorm(gradient)})`,
  );
}

function checkOption(name: string, value: number | undefined, integer: boolean): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !(value >= 0) || (integer && !Number.isInteger(value))) {
    invalidOption(name, value, integer ? 'must be a non-negative integer' : 'must be ≥ 0');
  }
}

function checkStart(name: string, start: ArrayLike<number>, n: number): void {
  if (start === null || typeof start !== 'object' || typeof start.length !== 'number') {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `minimize: ${name} must be an array of numbers, got ${displayValue(start)}`,
        undefined,
        name,
        start,
      ),
    );
  }
  if (start.length !== n || n === 0) {
    throw new ClvError(
      issueOf(
        'INVALID_ARGUMENT',
        `minimize: ${name} must have length ${n === 0 ? '≥ 1' : n}, got ${start.length}`,
        undefined,
        name,
      ),
    );
  }
}

/**
 * Minimises a smooth function of a few variables by BFGS with a strong-Wolfe line search
 * (Nocedal & Wright, Numerical Optimization, 2nd ed.: Algorithm 6.1 with the line search of
 * Algorithms 3.5 and 3.6, H₀ scaled by eq. 6.20). The objective returns f(x) and fills the
 * analytic gradient in place. Work per iteration: one line search (usually 1–3 evaluations) plus
 * O(n²) for the dense inverse-Hessian update; meant for model likelihoods with a handful of
 * parameters (work in log space for positive parameters).
 *
 * Never throws for a bad objective value: a NaN/Infinity f (or gradient) met during a line search
 * counts as a step too long and the search backs off; a non-finite start gives
 * `converged: false` with a message. Stops when the gradient inf-norm ≤ `gradientTolerance`, when
 * |Δf| / max(1, |f|) ≤ `relativeTolerance` (converged only if the gradient inf-norm is also
 * ≤ √gradientTolerance · max(1, |f|)), or after `maxIterations` (then `converged: false`).
 * With `starts`, runs from `x0` and from each start and keeps the lowest finite value.
 * Deterministic: the same inputs give the same result bit for bit.
 *
 * @throws {ClvError} `INVALID_ARGUMENT` when `x0` is empty or a start has a different length;
 *   `INVALID_OPTION` for a negative or non-integer `maxIterations` or a negative tolerance.
 * @example
 * ```ts
 * import { minimize } from 'clvkit';
 * // f(x, y) = (x − 1)² + 10 (y + 2)²
 * const result = minimize((p, g) => {
 *   g[0] = 2 * (p[0] - 1);
 *   g[1] = 20 * (p[1] + 2);
 *   return (p[0] - 1) ** 2 + 10 * (p[1] + 2) ** 2;
 * }, [0, 0]);
 * result.x; // Float64Array [1, -2] (to about 1e-8)
 * result.converged; // true
 * ```
 */
export function minimize(
  objective: Objective,
  x0: ArrayLike<number>,
  options: MinimizeOptions = {},
): MinimizeResult {
  checkOption('maxIterations', options.maxIterations, true);
  checkOption('gradientTolerance', options.gradientTolerance, false);
  checkOption('relativeTolerance', options.relativeTolerance, false);
  const maxIterations = options.maxIterations ?? MINIMIZE_DEFAULTS.maxIterations;
  const gradientTolerance = options.gradientTolerance ?? MINIMIZE_DEFAULTS.gradientTolerance;
  const relativeTolerance = options.relativeTolerance ?? MINIMIZE_DEFAULTS.relativeTolerance;
  checkStart('x0', x0, x0?.length ?? 0);
  const starts = [x0, ...(options.starts ?? [])];
  starts.forEach((start, i) => {
    if (i > 0) checkStart(`starts[${i - 1}]`, start, x0.length);
  });
  let best: RunResult | undefined;
  let bestIndex = 0;
  let evaluations = 0;
  starts.forEach((start, i) => {
    const run = runBfgs(objective, start, maxIterations, gradientTolerance, relativeTolerance);
    evaluations += run.evaluations;
    if (
      best === undefined ||
      (Number.isFinite(run.value) && !(run.value >= best.value)) ||
      (Number.isNaN(best.value) && Number.isFinite(run.value))
    ) {
      best = run;
      bestIndex = i;
    }
  });
  const kept = best!;
  const where =
    starts.length === 1
      ? ''
      : bestIndex === 0
        ? ` (best of ${starts.length} starts: x0)`
        : ` (best of ${starts.length} starts: starts[${bestIndex - 1}])`;
  return {
    x: kept.x,
    value: Number.isFinite(kept.value) ? kept.value : Number.NaN,
    gradient: kept.gradient,
    converged: kept.converged,
    iterations: kept.iterations,
    evaluations,
    gradientNorm: infNorm(kept.gradient),
    message: kept.message + where,
  };
}
