import { describe, expect, it } from 'vitest';
import { ClvError } from '../../src/errors/index.js';
import { type BgNbdFit, fitBgNbd } from '../../src/models/bg-nbd/index.js';
import { loadModel, safeLoadModel } from '../../src/models/load.js';
import { summaryFromColumns } from '../../src/summary/index.js';

const summary = summaryFromColumns({
  ids: ['a', 'b', 'c', 'd', 'e', 'f'],
  frequency: [2, 1, 0, 7, 0, 3],
  recency: [30.43, 1.71, 0, 29.43, 0, 12],
  T: [38.86, 38.86, 38.86, 38.86, 30, 31],
  unit: 'week',
});

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value));

function thrown(action: () => unknown): ClvError {
  try {
    action();
  } catch (error) {
    if (error instanceof ClvError) return error;
    throw error;
  }
  throw new Error('expected a ClvError');
}

describe('loadModel', () => {
  const fit = fitBgNbd(summary, { penalty: 0.01 });

  it('round-trips a fit exactly and returns it frozen', () => {
    const loaded = loadModel(roundTrip(fit));
    expect(loaded).toStrictEqual(fit);
    expect(Object.isFrozen(loaded)).toBe(true);
    expect(Object.isFrozen(loaded.diagnostics.warnings)).toBe(true);
    expect(loadModel(roundTrip(loaded))).toStrictEqual(fit);
  });

  it('absent standard errors stay undefined (JSON drops them; null is read as absent)', () => {
    const { standardErrors: _, ...rest } = fit;
    const without = { ...rest, standardErrors: undefined } as BgNbdFit;
    expect(JSON.stringify(without)).not.toContain('standardErrors');
    expect(loadModel(roundTrip(without))).toStrictEqual(without);
    expect(loadModel({ ...roundTrip(fit), standardErrors: null }).standardErrors).toBeUndefined();
  });

  it('narrows by kind when asked, and rejects another kind', () => {
    expect(loadModel(roundTrip(fit), { kind: 'bg-nbd' }).params.r).toBe(fit.params.r);
    const error = thrown(() => loadModel(roundTrip(fit), { kind: 'gamma-gamma' }));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.field).toBe('kind');
  });

  it.each([
    ['unknown kind', { kind: 'pareto' }, 'kind'],
    ['schema version', { schemaVersion: 2 }, 'schemaVersion'],
    ['negative parameter', { params: { r: -1, alpha: 1, a: 1, b: 1 } }, 'params.r'],
    ['missing parameter', { params: { r: 1, alpha: 1, a: 1 } }, 'params.b'],
    ['extra parameter', { params: { r: 1, alpha: 1, a: 1, b: 1, s: 1 } }, 'params'],
    ['time unit', { timeUnit: 'fortnight' }, 'timeUnit'],
    ['log-likelihood as text', { logLikelihood: '-1' }, 'logLikelihood'],
    ['NaN log-likelihood', { logLikelihood: Number.NaN }, 'logLikelihood'],
    [
      'infinite standard error',
      { standardErrors: { r: Infinity, alpha: 1, a: 1, b: 1 } },
      'standardErrors.r',
    ],
    ['unknown top-level key', { extra: 1 }, ''],
  ])('rejects a %s with INVALID_MODEL naming %j', (_, change, field) => {
    const result = safeLoadModel({ ...roundTrip(fit), ...change });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error).toBeInstanceOf(ClvError);
    expect(result.error.code).toBe('INVALID_MODEL');
    const fields = result.error.issues.map((issue) => issue.field ?? '');
    expect(fields).toContain(field);
  });

  it('reports every issue, with the offending value', () => {
    const result = safeLoadModel({ ...roundTrip(fit), timeUnit: 'x', schemaVersion: 3 });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues.length).toBeGreaterThanOrEqual(2);
    const unit = result.error.issues.find((issue) => issue.field === 'timeUnit');
    expect(unit?.value).toBe('x');
  });

  it('rejects non-objects', () => {
    for (const value of [null, 1, 'bg-nbd', [], undefined]) {
      expect(thrown(() => loadModel(value)).code).toBe('INVALID_MODEL');
    }
  });

  it('safeLoadModel returns the frozen fit on success', () => {
    const result = safeLoadModel(roundTrip(fit));
    expect(result.success).toBe(true);
    if (result.success) expect(result.data).toStrictEqual(fit);
  });
});
