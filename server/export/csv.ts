/**
 * CSV cells and rows (RFC 4180: CRLF line ends, fields with quotes doubled inside quotes),
 * safe to open in a spreadsheet.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that begins with
 * `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula, so such a text
 * cell gets a leading `'`, which spreadsheets read as "this is text". Full-width forms of the
 * four are treated the same, as some spreadsheet locales accept them as formula starts.
 *
 * Only text cells are neutralised, and every text cell is quoted. Numeric cells are written
 * unquoted from finite JavaScript numbers, so they can only look like `-87.63` or `1e-7`:
 * a spreadsheet reads those as numbers, never as formulas, and a `'` there would turn every
 * western longitude into text and break sums, sorting and GIS imports.
 */

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Prefixes `'` to text a spreadsheet would run as a formula; other text is unchanged. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A text cell: neutralised, then quoted with inner quotes doubled. */
export function csvText(text: string | null): string {
  if (text === null) return '';
  return `"${neutraliseFormula(text).replaceAll('"', '""')}"`;
}

/** A numeric cell, unquoted; empty for null. */
export function csvNumber(value: number | null): string {
  if (value === null) return '';
  if (!Number.isFinite(value)) throw new RangeError(`a CSV number must be finite, got ${value}`);
  return String(value);
}

/** One record with its CRLF line end, from cells already made by csvText or csvNumber. */
export function csvRecord(cells: readonly string[]): string {
  return `${cells.join(',')}\r\n`;
}
