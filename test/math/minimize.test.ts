import { describe, expect, it } from 'vitest';
import { ClvError } from '../../src/errors/index.js';
import { MINIMIZE_DEFAULTS, minimize, type Objective } from '../../src/math/index.js';

/** Rosenbrock's banana, minimum 0 at (1, 1). */
const rosenbrock: Objective = (p, g) => {
  const x = p[0]!;
  const y = p[1]!;
  g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
  g[1] = 200 * (y - x * x);
  return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
};

/** ½ (x − m)ᵀ A (x − m) + 3 with A = [[4, 1, 0], [1, 3, 0.5], [0, 0.5, 2]], m = (1, −2, 0.5). */
const quadratic: Objective = (p, g) => {
  const a = [
    [4, 1, 0],
    [1, 3, 0.5],
    [0, 0.5, 2],
  ];
  const m = [1, -2, 0.5];
  const d = [p[0]! - m[0]!, p[1]! - m[1]!, p[2]! - m[2]!];
  let value = 3;
  for (let i = 0; i < 3; i++) {
    let row = 0;
    for (let j = 0; j < 3; j++) row += a[i]![j]! * d[j]!;
    g[i] = row;
    value += 0.5 * d[i]! * row;
  }
  return value;
};

describe('minimize (BFGS, strong-Wolfe line search)', () => {
  it('defaults are the documented ones', () => {
    expect(MINIMIZE_DEFAULTS).toEqual({
      maxIterations: 200,
      gradientTolerance: 1e-8,
      relativeTolerance: 1e-12,
    });
    expect(Object.isFrozen(MINIMIZE_DEFAULTS)).toBe(true);
  });

  it('Rosenbrock from (−1.2, 1) converges to (1, 1)', () => {
    const result = minimize(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 7);
    expect(result.x[1]).toBeCloseTo(1, 7);
    expect(result.value).toBeLessThan(1e-14);
    expect(result.iterations).toBeGreaterThan(10);
    expect(result.iterations).toBeLessThan(100);
    expect(result.evaluations).toBeGreaterThanOrEqual(result.iterations + 1);
    expect(result.gradientNorm).toBe(Math.max(...Array.from(result.gradient, Math.abs)));
    expect(result.message).toMatch(/tolerance/);
  });

  it('a quadratic with known minimum (1, −2, 0.5), value 3, to 1e-9', () => {
    const result = minimize(quadratic, [10, 10, -10], { relativeTolerance: 0 });
    expect(result.converged).toBe(true);
    expect(result.message).toBe('gradient norm below tolerance');
    expect(result.gradientNorm).toBeLessThanOrEqual(1e-8);
    expect(result.x[0]).toBeCloseTo(1, 9);
    expect(result.x[1]).toBeCloseTo(-2, 9);
    expect(result.x[2]).toBeCloseTo(0.5, 9);
    expect(result.value).toBeCloseTo(3, 12);
    // BFGS with exact-enough line searches ends a 3-d quadratic in a handful of iterations.
    expect(result.iterations).toBeLessThanOrEqual(12);
  });

  it('backtracks out of a non-finite region: f = x − ln x is NaN for x ≤ 0', () => {
    // Far from 1 the function is nearly linear, so from 50 the line search's expanding
    // steps and the first quasi-Newton step overshoot past 0 into the NaN region.
    const evaluatedAt: number[] = [];
    const barrier: Objective = (p, g) => {
      const x = p[0]!;
      evaluatedAt.push(x);
      g[0] = 1 - 1 / x;
      return x > 0 ? x - Math.log(x) : Number.NaN;
    };
    const result = minimize(barrier, [50], { maxIterations: 100 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 7);
    expect(result.value).toBeCloseTo(1, 14);
    expect(evaluatedAt.some((x) => x <= 0)).toBe(true); // it did meet the NaN region
  });

  it('backtracks when the objective returns +Infinity and when the gradient is NaN', () => {
    const wall: Objective = (p, g) => {
      const x = p[0]!;
      g[0] = x > 3 ? Number.NaN : 2 * (x - 2.5);
      return x > 3.2 ? Number.POSITIVE_INFINITY : (x - 2.5) ** 2;
    };
    const result = minimize(wall, [-100]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(2.5, 8);
  });

  it('maxIterations: 2 stops early with converged false and a message', () => {
    const result = minimize(rosenbrock, [-1.2, 1], { maxIterations: 2 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(2);
    expect(result.message).toMatch(/maxIterations = 2/);
    expect(Number.isFinite(result.value)).toBe(true);
  });

  it('a non-finite start returns converged false with a message (does not throw)', () => {
    const result = minimize(() => Number.NaN, [1, 2]);
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(0);
    expect(result.evaluations).toBe(1);
    expect(result.value).toBeNaN();
    expect(result.message).toMatch(/not finite at the start/);
  });

  it('multiple starts keep the best: a double well with minima −1 (f = 0) and 2 (f = −1)', () => {
    const wells: Objective = (p, g) => {
      const x = p[0]!;
      // f = (x² − 1)² + 0.3 x: minima near −1.04 (lower) and +0.96 (higher).
      g[0] = 4 * x * (x * x - 1) + 0.3;
      return (x * x - 1) ** 2 + 0.3 * x;
    };
    const fromRight = minimize(wells, [2]);
    expect(fromRight.x[0]).toBeGreaterThan(0);
    const best = minimize(wells, [2], { starts: [[1.5], [-2], [0.5]] });
    expect(best.x[0]).toBeLessThan(0);
    expect(best.value).toBeLessThan(fromRight.value);
    expect(best.message).toMatch(/best of 4 starts: starts\[1\]/);
    expect(best.evaluations).toBeGreaterThan(fromRight.evaluations);
  });

  it('multiple starts skip a start where the objective is not finite', () => {
    const logBarrier: Objective = (p, g) => {
      const x = p[0]!;
      g[0] = 2 * (x - 3) - 1 / x;
      return x > 0 ? (x - 3) ** 2 - Math.log(x) : Number.NaN;
    };
    const result = minimize(logBarrier, [-5], { starts: [[1]] });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo((3 + Math.sqrt(11)) / 2, 8);
    expect(result.message).toMatch(/starts\[0\]/);
  });

  it('is deterministic and does not modify x0', () => {
    const x0 = Float64Array.of(-1.2, 1);
    const first = minimize(rosenbrock, x0);
    const second = minimize(rosenbrock, x0);
    expect(Array.from(x0)).toEqual([-1.2, 1]);
    expect(Array.from(first.x)).toEqual(Array.from(second.x));
    expect(first.evaluations).toBe(second.evaluations);
  });

  it('the relative-change test can end a run before the gradient test', () => {
    const result = minimize(quadratic, [10, 10, 10], {
      gradientTolerance: 1e-30,
      relativeTolerance: 0.5,
    });
    expect(result.message).toMatch(/objective/);
    expect(result.gradientNorm).toBeGreaterThan(1e-30);
    // Converged only if the gradient is small relative to the objective's scale.
    expect(result.converged).toBe(
      result.gradientNorm <= 1e-15 * Math.max(1, Math.abs(result.value)),
    );
  });

  it('a start already at the minimum converges in 0 iterations', () => {
    const result = minimize(quadratic, [1, -2, 0.5]);
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(0);
    expect(result.value).toBe(3);
  });

  it('rejects an empty x0, a start of the wrong length and invalid options with ClvError', () => {
    expect(() => minimize(quadratic, [])).toThrow(ClvError);
    expect(() => minimize(quadratic, [1, 2, 3], { starts: [[1, 2]] })).toThrow(/starts\[0\]/);
    expect(() => minimize(quadratic, [1, 2, 3], { maxIterations: -1 })).toThrow(ClvError);
    expect(() => minimize(quadratic, [1, 2, 3], { maxIterations: 1.5 })).toThrow(/maxIterations/);
    expect(() => minimize(quadratic, [1, 2, 3], { gradientTolerance: Number.NaN })).toThrow(
      /gradientTolerance/,
    );
  });
});
