import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvNumber, csvRecord, csvText, neutraliseFormula } from '../../server/export/csv.js';

// What a spreadsheet takes for the start of a formula (OWASP "CSV Injection").
const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];

function parseOne(line: string): string[] {
  const rows = parse(line, { relax_column_count: false });
  expect(rows).toHaveLength(1);
  return rows[0] ?? [];
}

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `'=HYPERLINK("http://evil")`],
    ['@SUM(1)', `'@SUM(1)`],
    ['+1+1', `'+1+1`],
    ["-2+3+cmd|' /C calc'!A0", `'-2+3+cmd|' /C calc'!A0`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['\uFF1D1+1', `'\uFF1D1+1`],
  ])('neutralises %j with a leading quote', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it.each([
    'Bicycle taken',
    '12 = 12',
    'a@b',
    "'already quoted",
    '',
    ' =1',
    '2026-11-24T18:00:00.000Z',
  ])('leaves %j as it is', (input) => {
    expect(neutraliseFormula(input)).toBe(input);
  });

  it('quotes text cells by RFC 4180, doubling inner quotes', () => {
    expect(csvText('plain')).toBe('"plain"');
    expect(csvText('say "hi", then\r\nleave')).toBe('"say ""hi"", then\r\nleave"');
    expect(csvText('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvText(null)).toBe('');
  });

  it('keeps numbers numeric and unquoted, negative ones too', () => {
    expect(csvNumber(-87.6298)).toBe('-87.6298');
    expect(csvNumber(41.8781)).toBe('41.8781');
    expect(csvNumber(150)).toBe('150');
    expect(csvNumber(null)).toBe('');
    expect(() => csvNumber(Number.NaN)).toThrow(RangeError);
    expect(() => csvNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('ends each record with CRLF', () => {
    expect(csvRecord([csvText('a'), csvNumber(-1.5), csvText('')])).toBe('"a",-1.5,""\r\n');
  });

  it('round-trips any text through csv-parse, and no parsed cell starts a formula', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }),
        (texts) => {
          const cells = parseOne(csvRecord(texts.map((text) => csvText(text))));
          expect(cells).toEqual(texts.map(neutraliseFormula));
          for (const cell of cells) {
            expect(FORMULA_STARTS.some((start) => cell.startsWith(start))).toBe(false);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('writes finite numbers that csv-parse reads back as the same numbers', () => {
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), (value) => {
        const [cell] = parseOne(csvRecord([csvNumber(value)]));
        expect(Number(cell)).toBe(value === 0 ? 0 : value);
        expect(cell?.startsWith("'")).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
