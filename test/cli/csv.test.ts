import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, csvInstant, csvNumber, csvText } from '../../src/cli/csv.js';
import { unescapeCell } from '../../src/cli/pipeline.js';
import { cli, useTempDir } from './helpers.js';

describe('csvCell: safe against spreadsheet formula injection', () => {
  it('prefixes text starting with = + - @ tab CR (and full-width forms) with a quote', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('＝1+1')).toBe("'＝1+1");
  });

  it('leaves plain numbers and ordinary text alone, and quotes per RFC 4180', () => {
    for (const plain of ['-12', '+3.5', '-0.25e-3', '42', 'Champions', 'a b', '__proto__']) {
      expect(csvCell(plain)).toBe(plain);
    }
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('round-trips through a CSV parser and unescapeCell for any text', () => {
    const escapedLooking = /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((text) => !escapedLooking.test(text)),
        (text) => {
          const line = csvText([{ header: 'id', cell: () => csvCell(text) }], 1);
          const cell = Papa.parse<string[]>(line, { newline: '\n' }).data[1]?.[0] ?? '';
          expect(unescapeCell(cell)).toBe(text);
          // The written cell never starts a formula unless it is a plain number.
          if (/^[=+\-@\t\r]/.test(cell))
            expect(cell).toMatch(/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/);
        },
      ),
    );
  });

  it('escapes hostile ids in the summary output', async () => {
    const dir = useTempDir('csv');
    const path = join(dir, 'hostile.csv');
    writeFileSync(
      path,
      'customer_id,date,amount\n"=cmd|\' /C calc\'!A0",2024-01-01,5\n+1,2024-01-02,6\n-12,2024-01-03,7\n@me,2024-01-04,8\n"a,b",2024-01-05,9\n',
    );
    const run = await cli(['summary', path, '--observation-end', '2024-02-01', '--unit', 'day']);
    expect(run.code).toBe(0);
    const ids = Papa.parse<Record<string, string>>(run.stdout, {
      header: true,
      skipEmptyLines: true,
    }).data.map((r) => r.customer_id);
    // '+1' and '-12' are plain numbers: data, not formulas, so they stay as they are.
    expect(ids.sort()).toEqual(['+1', "'=cmd|' /C calc'!A0", "'@me", '-12', 'a,b'].sort());
  });
});

describe('csvNumber and csvInstant', () => {
  it('round to the stated decimals without trailing zeros', () => {
    expect(csvNumber(12.285714285714286, 4)).toBe('12.2857');
    expect(csvNumber(0.5, 6)).toBe('0.5');
    expect(csvNumber(-1.23456, 2)).toBe('-1.23');
    expect(csvNumber(-0.00001, 4)).toBe('0');
    expect(csvNumber(0.000123, 4)).toBe('0.0001');
    expect(csvNumber(7, 4)).toBe('7');
    expect(csvNumber(1e300, 4)).toBe('1e+300');
    expect(csvNumber(Number.NaN, 4)).toBe('');
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.integer({ min: 0, max: 9 }),
        (x, d) => {
          expect(Math.abs(Number(csvNumber(x, d)) - x)).toBeLessThanOrEqual(
            0.5 * 10 ** -d * (1 + 1e-6) + Math.abs(x) * 1e-15,
          );
        },
      ),
    );
  });

  it('csvInstant equals Date#toISOString', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4102444800000 }), (ms) => {
        expect(csvInstant(ms)).toBe(new Date(ms).toISOString());
      }),
    );
  });
});
