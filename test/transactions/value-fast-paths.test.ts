// The fast paths of the CSV hot path (ISO dates and plain decimals, src/transactions/values.ts)
// against the general path. A leading space defeats every fast path (the general path trims it),
// so `read(' ' + text)` is the reference for `read(text)`. These tests sit with the file reader
// whose speed needs the fast paths.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmountValue, parseDateValue } from '../../src/transactions/values.js';

const OPTIONS = [
  { dateFormat: 'auto', decimalSeparator: '.' },
  { dateFormat: 'iso', decimalSeparator: '.' },
  { dateFormat: 'yyyymmdd', decimalSeparator: ',' },
] as const;

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const digits = (min: number, max: number) =>
  fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

/** Strings near the ISO forms: valid and impossible dates, odd separators, zones, fractions. */
const isoLike = fc
  .tuple(
    fc.oneof(digits(4, 4), pick(['0000', '1900', '2000', '2024', '2100', '9999', '20x4'])),
    pick(['-', '/', '']),
    fc.oneof(digits(1, 2), pick(['00', '01', '02', '12', '13'])),
    pick(['-']),
    fc.oneof(digits(1, 2), pick(['00', '28', '29', '30', '31', '32'])),
    fc.option(
      fc.tuple(
        pick(['T', ' ', 't', '']),
        digits(1, 2),
        pick([':', '']),
        digits(1, 2),
        fc.option(fc.tuple(pick([':', '']), digits(0, 2)), { nil: undefined }),
        fc.option(fc.tuple(pick(['.', ',', ':']), digits(0, 11)), { nil: undefined }),
      ),
      { nil: undefined },
    ),
    pick(['', 'Z', 'z', ' Z', '+02:00', '-0530', '+24', 'ZZ', ' ', '\t']),
  )
  .map(([y, s1, m, s2, d, time, zone]) => {
    const timePart =
      time === undefined
        ? ''
        : `${time[0]}${time[1]}${time[2]}${time[3]}${time[4] ? time[4].join('') : ''}${time[5] ? time[5].join('') : ''}`;
    return `${y}${s1}${m}${s2}${d}${timePart}${zone}`;
  });

const decimalLike = fc
  .tuple(
    pick(['', '-', '+']),
    digits(0, 18),
    pick(['', '.', ',', '..']),
    digits(0, 18),
    pick(['', 'e3', 'E-2', ' ', 'x']),
  )
  .map((parts) => parts.join(''));

function outcomeOf(result: { ok: boolean; value?: unknown }) {
  return result.ok ? { ok: true, value: result.value } : { ok: false };
}

describe('fast paths read exactly what the general path reads', () => {
  it('ISO dates: same epoch milliseconds, same validity', () => {
    fc.assert(
      fc.property(isoLike, pick(OPTIONS), (text, options) => {
        const fast = parseDateValue(text, 1, options);
        const general = parseDateValue(` ${text}`, 1, options);
        expect(outcomeOf(fast)).toStrictEqual(outcomeOf(general));
      }),
      { numRuns: 20_000 },
    );
  });

  it('ISO dates: every day of leap and common years, with times and fractions', () => {
    for (const year of [
      0, 1, 4, 99, 100, 400, 1600, 1900, 1969, 1970, 2000, 2024, 2100, 2400, 9999,
    ]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) {
          const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          for (const text of [
            date,
            `${date}T23:59:59.999Z`,
            `${date} 00:00`,
            `${date}T12:30:15,5`,
          ]) {
            const fast = parseDateValue(text, 1, OPTIONS[0]);
            expect(outcomeOf(fast), text).toStrictEqual(
              outcomeOf(parseDateValue(` ${text}`, 1, OPTIONS[0])),
            );
          }
        }
      }
    }
    // Spot checks against Date.parse (ISO date-times with Z are UTC there too).
    expect(parseDateValue('2024-02-29T23:59:59.999Z', 1, OPTIONS[0])).toStrictEqual({
      ok: true,
      value: Date.parse('2024-02-29T23:59:59.999Z'),
    });
    expect(parseDateValue('0000-03-01', 1, OPTIONS[0])).toStrictEqual({
      ok: true,
      value: Date.parse('0000-03-01T00:00:00Z'),
    });
    expect(parseDateValue('2023-02-29', 1, OPTIONS[0]).ok).toBe(false);
  });

  it('ISO date-times of any year 0000-9999', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 0, max: 9999 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 31 }),
          hour: fc.integer({ min: 0, max: 23 }),
          minute: fc.integer({ min: 0, max: 59 }),
          second: fc.integer({ min: 0, max: 59 }),
          fraction: digits(1, 9),
        }),
        ({ year, month, day, hour, minute, second, fraction }) => {
          const text = `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}.${fraction}Z`;
          const fast = parseDateValue(text, 1, OPTIONS[0]);
          expect(outcomeOf(fast)).toStrictEqual(
            outcomeOf(parseDateValue(` ${text}`, 1, OPTIONS[0])),
          );
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('plain decimals: same number as Number(text), same validity', () => {
    fc.assert(
      fc.property(decimalLike, pick(OPTIONS), (text, options) => {
        const fast = parseAmountValue(text, 1, options);
        const general = parseAmountValue(` ${text}`, 1, options);
        expect(outcomeOf(fast)).toStrictEqual(outcomeOf(general));
      }),
      { numRuns: 20_000 },
    );
    for (const text of [
      '0.1',
      '0.3',
      '19.90',
      '.5',
      '5.',
      '123456789012345',
      '0.000000000000001',
    ]) {
      expect(parseAmountValue(text, 1, OPTIONS[0])).toStrictEqual({
        ok: true,
        value: Number(text),
      });
    }
  });
});
