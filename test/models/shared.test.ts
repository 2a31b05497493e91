import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvError } from '../../src/errors/index.js';
import {
  checkFiniteParams,
  checkModelColumns,
  checkPenalty,
  checkWeights,
  collapseRows,
  durationInUnit,
  durationsInUnit,
  emitWarning,
  freezeFit,
  standardErrorsFromCovariance,
  warnIfNotConverged,
} from '../../src/models/shared.js';
import { type CustomerSummary, summaryFromColumns } from '../../src/summary/index.js';

function thrown(action: () => unknown): ClvError {
  try {
    action();
  } catch (error) {
    if (error instanceof ClvError) return error;
    throw error;
  }
  throw new Error('expected a ClvError');
}

describe('collapseRows', () => {
  it('merges identical (x, t_x, T) rows in order of first appearance', () => {
    const rows = collapseRows([0, 2, 0, 2, 2], [0, 5, 0, 5, 4], [10, 10, 10, 10, 10]);
    expect(Array.from(rows.x)).toEqual([0, 2, 2]);
    expect(Array.from(rows.tx)).toEqual([0, 5, 4]);
    expect(Array.from(rows.T)).toEqual([10, 10, 10]);
    expect(Array.from(rows.weight)).toEqual([2, 2, 1]);
    expect(Array.from(rows.rowIndex)).toEqual([0, 1, 0, 1, 2]);
  });

  it('sums weights, drops weight-0 rows, treats −0 as 0, keeps 0.1 + 0.2 apart from 0.3', () => {
    const rows = collapseRows(
      [1, 1, 1, 1],
      [-0, 0, 0.1 + 0.2, 0.3],
      [1, 1, 1, 1],
      [2.5, 0.5, 0, 1],
    );
    expect(Array.from(rows.weight)).toEqual([3, 1]);
    expect(Array.from(rows.tx)).toEqual([0, 0.3]);
    expect(Array.from(rows.rowIndex)).toEqual([0, 0, -1, 1]);
    expect(collapseRows([], [], []).x).toHaveLength(0);
  });

  it('property: weights are preserved and every row maps to an identical distinct row', () => {
    const row = fc.tuple(
      fc.integer({ min: 0, max: 3 }),
      fc.constantFrom(0, 0.5, 1, 1.5),
      fc.constantFrom(1.5, 2, 3),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 3000 }), (data) => {
        const x = data.map((d) => d[0]);
        const tx = data.map((d) => d[1]);
        const T = data.map((d) => d[2]);
        const rows = collapseRows(x, tx, T);
        let total = 0;
        for (const w of rows.weight) total += w;
        expect(total).toBe(data.length);
        const keys = new Set(data.map((d) => d.join('|')));
        expect(rows.x.length).toBe(keys.size);
        data.forEach((d, i) => {
          const k = rows.rowIndex[i]!;
          expect([rows.x[k], rows.tx[k], rows.T[k]]).toEqual(d);
        });
      }),
      { numRuns: 50 },
    );
  });
});

describe('checkModelColumns', () => {
  const ok = summaryFromColumns({
    ids: ['a', 'b'],
    frequency: [0, 3],
    recency: [0, 4],
    T: [5, 6],
    unit: 'week',
  });
  const broken = (column: 'frequency' | 'recency' | 'T', values: number[]) =>
    ({ ...ok, [column]: Float64Array.from(values) }) as CustomerSummary;

  it('accepts a valid summary', () => {
    expect(() => checkModelColumns(ok)).not.toThrow();
  });

  it.each([
    ['frequency', [0, -1], 2],
    ['frequency', [0, 1.5], 2],
    ['frequency', [Number.NaN, 1], 1],
    ['recency', [0, 7], 2],
    ['recency', [-1, 4], 1],
    ['T', [0, 6], 1],
    ['T', [5, Number.POSITIVE_INFINITY], 2],
  ] as const)('%s %j: INVALID_ARGUMENT at row %i', (field, values, row) => {
    const error = thrown(() => checkModelColumns(broken(field, [...values])));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.field).toBe(field);
    expect(error.row).toBe(row);
  });

  it('rejects non-summaries and columns of different lengths', () => {
    expect(thrown(() => checkModelColumns(null as never)).field).toBe('summary');
    expect(thrown(() => checkModelColumns({ ...ok, T: Float64Array.of(5) })).field).toBe('summary');
  });
});

describe('option guards', () => {
  it('checkWeights', () => {
    expect(checkWeights(undefined, 3)).toBeUndefined();
    expect(Array.from(checkWeights([1, 0, 2], 3)!)).toEqual([1, 0, 2]);
    expect(thrown(() => checkWeights([1], 2)).field).toBe('weights');
    expect(thrown(() => checkWeights([1, -1], 2)).row).toBe(2);
    expect(thrown(() => checkWeights([0, 0], 2)).code).toBe('INVALID_OPTION');
    expect(thrown(() => checkWeights('11' as never, 2)).field).toBe('weights');
  });

  it('checkPenalty', () => {
    expect(checkPenalty(undefined)).toBe(0);
    expect(checkPenalty(0.5)).toBe(0.5);
    expect(thrown(() => checkPenalty(-0.1)).field).toBe('penalty');
    expect(thrown(() => checkPenalty('1')).field).toBe('penalty');
  });

  it('durationInUnit / durationsInUnit convert with the calendar-neutral table', () => {
    expect(durationInUnit(2, 'horizon', 'week')).toBe(2);
    expect(durationInUnit(14, 'horizon', 'week', 'day')).toBe(2);
    expect(durationInUnit(1, 'horizon', 'week', 'year')).toBeCloseTo(365.25 / 7, 12);
    expect(thrown(() => durationInUnit(-1, 'horizon', 'week')).field).toBe('horizon');
    expect(thrown(() => durationInUnit(1, 'horizon', 'week', 'fortnight' as never)).field).toBe(
      'unit',
    );
    const s = summaryFromColumns({
      ids: ['a'],
      frequency: [1],
      recency: [7],
      T: [14],
      unit: 'day',
    });
    expect(durationsInUnit(s, 'day').T).toBe(s.T);
    expect(Array.from(durationsInUnit(s, 'week').T)).toEqual([2]);
    expect(Array.from(durationsInUnit(s, 'week').recency)).toEqual([1]);
  });
});

describe('warnings, freezing, standard errors', () => {
  it('emitWarning collects and forwards; warnIfNotConverged only when not converged', () => {
    const warnings: string[] = [];
    const seen: string[] = [];
    emitWarning(warnings, 'one', { onWarning: (m) => seen.push(m) });
    emitWarning(warnings, 'two');
    expect(warnings).toEqual(['one', 'two']);
    expect(seen).toEqual(['one']);
    const report = { converged: true, iterations: 3, gradientNorm: 1e-12, message: 'ok' };
    expect(warnIfNotConverged('m', report, warnings)).toBe(false);
    expect(
      warnIfNotConverged('m', { ...report, converged: false, message: 'max iterations' }, warnings),
    ).toBe(true);
    expect(warnings[2]).toBe(
      'm fit did not converge after 3 iterations (gradient norm 1.00e-12): max iterations',
    );
  });

  it('freezeFit freezes deeply', () => {
    const fit = freezeFit({ a: { b: [1, { c: 2 }] } });
    expect(Object.isFrozen(fit.a.b[1])).toBe(true);
  });

  it('checkFiniteParams throws FIT_FAILED on NaN, Infinity, 0', () => {
    expect(() => checkFiniteParams('m', { r: 1 })).not.toThrow();
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 0]) {
      const error = thrown(() => checkFiniteParams('m', { r: 1, s: value }));
      expect(error.code).toBe('FIT_FAILED');
      expect(error.field).toBe('s');
    }
  });

  it('standardErrorsFromCovariance: square roots of the diagonal, or undefined', () => {
    expect(standardErrorsFromCovariance(Float64Array.of(4, 1, 1, 9), ['p', 'q'])).toEqual({
      p: 2,
      q: 3,
    });
    expect(standardErrorsFromCovariance(undefined, ['p'])).toBeUndefined();
    expect(standardErrorsFromCovariance(Float64Array.of(-1), ['p'])).toBeUndefined();
    expect(standardErrorsFromCovariance(Float64Array.of(Number.NaN), ['p'])).toBeUndefined();
  });
});
