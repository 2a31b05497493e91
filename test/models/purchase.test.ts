import { describe, expect, it } from 'vitest';
import {
  bgNbdProbabilityAlive,
  conditionalExpectedPurchases,
  expectedPurchases,
  mbgNbdConditionalExpectedPurchases,
  mbgNbdExpectedPurchases,
  mbgNbdProbabilityAlive,
  mbgNbdProbabilityOfPurchases,
  type PurchaseModelFit,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdProbabilityAlive,
  probabilityAlive,
  probabilityOfPurchases,
} from '../../src/models/index.js';
import { summaryFromColumns } from '../../src/summary/index.js';
import { expectClvError } from '../helpers/assert.js';

const bg = {
  kind: 'bg-nbd',
  params: { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 },
  timeUnit: 'week',
} as PurchaseModelFit;
const pareto = {
  kind: 'pareto-nbd',
  params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 },
  timeUnit: 'week',
} as PurchaseModelFit;
const mbg = {
  kind: 'mbg-nbd',
  params: { r: 0.524838, alpha: 6.182992, a: 0.891356, b: 1.613999 },
  timeUnit: 'week',
} as PurchaseModelFit;
const summary = summaryFromColumns({
  ids: ['a', 'b', 'c'],
  frequency: [0, 2, 26],
  recency: [0, 30.43, 30.86],
  T: [20, 38.86, 31],
  unit: 'week',
});

describe('purchase-model scoring dispatches on kind', () => {
  it('gives exactly each model’s own function', () => {
    expect(probabilityAlive(bg, summary)).toEqual(bgNbdProbabilityAlive(bg as never, summary));
    expect(probabilityAlive(pareto, summary)).toEqual(
      paretoNbdProbabilityAlive(pareto as never, summary),
    );
    expect(probabilityAlive(mbg, summary)).toEqual(mbgNbdProbabilityAlive(mbg as never, summary));
    expect(conditionalExpectedPurchases(pareto, summary, 52)).toEqual(
      paretoNbdConditionalExpectedPurchases(pareto as never, summary, 52),
    );
    expect(conditionalExpectedPurchases(mbg, summary, 1, { unit: 'year' })).toEqual(
      mbgNbdConditionalExpectedPurchases(mbg as never, summary, 1, { unit: 'year' }),
    );
    expect(expectedPurchases(pareto, [1, 10])).toEqual(
      paretoNbdExpectedPurchases(pareto as never, [1, 10]),
    );
    expect(expectedPurchases(mbg, 39)).toEqual(mbgNbdExpectedPurchases(mbg as never, 39));
    expect(probabilityOfPurchases(mbg as never, [0, 1], 39)).toEqual(
      mbgNbdProbabilityOfPurchases(mbg as never, [0, 1], 39),
    );
  });

  it('matches the published figures through the generic names', () => {
    expect(probabilityAlive(pareto, summary)[2]).toBeCloseTo(0.997918, 6);
    expect(conditionalExpectedPurchases(bg, summary, 39)[1]).toBeCloseTo(1.22591, 5);
    expect(probabilityOfPurchases(bg as never, 0, 39)[0]).toBeCloseTo(0.5743073, 7);
  });

  it('rejects other kinds with a ClvError naming fit.kind', () => {
    const gg = { kind: 'gamma-gamma', params: { p: 1, q: 2, v: 3 }, timeUnit: 'week' };
    expectClvError(() => probabilityAlive(gg as never, summary), 'INVALID_ARGUMENT', 'fit.kind');
    expectClvError(() => expectedPurchases(null as never, 1), 'INVALID_ARGUMENT', 'fit.kind');
    expectClvError(
      () => conditionalExpectedPurchases({} as never, summary, 1),
      'INVALID_ARGUMENT',
      'fit.kind',
    );
    expectClvError(
      () => probabilityOfPurchases(pareto as never, 0, 1),
      'INVALID_ARGUMENT',
      'fit.kind',
    );
  });
});
