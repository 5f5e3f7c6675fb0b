/**
 * CSV cells and rows (RFC 4180: CRLF line ends, fields with quotes doubled inside quotes),
 * safe to open in a spreadsheet.
 *
 * Formula injection (OWASP "CSV Injection"; ASVS V1.2.10): a spreadsheet runs a cell as a
 * formula when it begins with `=`, `+`, `-` or `@`, and `|` starts a DDE call. It skips what
 * comes before them that it takes for nothing: spaces of every kind (no-break, em, ideographic),
 * tabs, line breaks, zero-width and other format characters, so ` =1` and `\u00A0=1` are
 * formulas too; full-width and small forms of the triggers count as well in some locales. Such
 * a text cell, and any cell that begins with a control character (tab, CR, LF, NUL), gets a
 * leading `'`, which spreadsheets read as "this is text".
 * https://owasp.org/www-community/attacks/CSV_Injection
 *
 * Only text cells are neutralised, and every text cell is quoted. Numeric cells are written
 * unquoted from finite JavaScript numbers, so they can only look like `-87.63` or `1e-7`:
 * a spreadsheet reads those as numbers, never as formulas, and a `'` there would turn every
 * western longitude into text and break sums, sorting and GIS imports.
 */

/**
 * Any run of spaces, controls and format characters (\p{White_Space}, \p{Cc}, \p{Cf}), then a
 * trigger: `= + - @ |`, their full-width and small forms, or the minus sign; or a control first.
 */
const FORMULA_START =
  /^(?:[\p{White_Space}\p{Cc}\p{Cf}]*[=+\-@|\uFF1D\uFF0B\uFF0D\uFF20\uFF5C\uFE62\uFE63\uFE66\uFE6B\u2212]|\p{Cc})/u;

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
