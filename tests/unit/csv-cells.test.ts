import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvNumber, csvRecord, csvText, neutraliseFormula } from '../../server/export/csv.js';

// What a spreadsheet takes for the start of a formula (OWASP "CSV Injection"), in the forms
// some locales accept, and what it passes over before one: every kind of space, line breaks,
// controls and zero-width characters. Listed by hand, apart from the code's character classes.
const TRIGGERS = [
  '=',
  '+',
  '-',
  '@',
  '|',
  '＝',
  '＋',
  '－',
  '＠',
  '｜',
  '﹦',
  '﹢',
  '﹣',
  '﹫',
  '−',
];
const IGNORED = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\0',
  '\u0085',
  '\u00A0',
  '\u1680',
  '\u2002',
  '\u2003',
  '\u2009',
  '\u200A',
  '\u200B',
  '\u200E',
  '\u2028',
  '\u2029',
  '\u202F',
  '\u205F',
  '\u2060',
  '\u3000',
  '\uFEFF',
];

/** What a spreadsheet would run as a formula, judged from the lists above. */
function runsAsFormula(cell: string): boolean {
  // A control character first (C0, DEL or C1): tab, CR and LF among them.
  const first = cell.codePointAt(0) ?? 0x20;
  if (first < 0x20 || (first >= 0x7f && first <= 0x9f)) return true;
  let rest = cell;
  while (IGNORED.some((ignored) => rest.startsWith(ignored))) rest = rest.slice(1);
  return TRIGGERS.some((trigger) => rest.startsWith(trigger));
}

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
    [' =1+1', `' =1+1`],
    ['   @SUM(A1)', `'   @SUM(A1)`],
    ['\u00A0=HYPERLINK("http://evil")', `'\u00A0=HYPERLINK("http://evil")`],
    ['\u3000＝1+1', `'\u3000＝1+1`],
    ['\uFEFF\u200B-1+1', `'\uFEFF\u200B-1+1`],
    ['\n=1+1', `'\n=1+1`],
    ['\r\n+1', `'\r\n+1`],
    ['\tplain after a tab', `'\tplain after a tab`],
    ['\nplain after a line feed', `'\nplain after a line feed`],
    ["|cmd '/C calc'!A0", `'|cmd '/C calc'!A0`],
    [" \t|cmd '/C calc'!A0", `' \t|cmd '/C calc'!A0`],
  ])('neutralises %j with a leading quote', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it.each([
    'Bicycle taken',
    '12 = 12',
    'a@b',
    "'already quoted",
    '',
    ' Bicycle taken',
    '\u00A0100 m north',
    'a | b',
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

  it('neutralises exactly what a spreadsheet would run, whatever comes before the trigger', () => {
    const risky = fc
      .tuple(
        fc.array(fc.constantFrom(...IGNORED), { maxLength: 4 }),
        fc.constantFrom(...TRIGGERS, 'a', '1', "'"),
        fc.string({ maxLength: 8 }),
      )
      .map(([ignored, start, rest]) => ignored.join('') + start + rest);
    fc.assert(
      fc.property(risky, (text) => {
        expect(neutraliseFormula(text)).toBe(runsAsFormula(text) ? `'${text}` : text);
      }),
      { numRuns: 2000 },
    );
    // Any text at all: what the lists call a formula is neutralised (the code's classes are wider).
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (text) => {
        if (runsAsFormula(text)) expect(neutraliseFormula(text)).toBe(`'${text}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips any text through csv-parse, and no parsed cell starts a formula', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }),
        (texts) => {
          const cells = parseOne(csvRecord(texts.map((text) => csvText(text))));
          expect(cells).toEqual(texts.map(neutraliseFormula));
          for (const cell of cells) expect(runsAsFormula(cell)).toBe(false);
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
