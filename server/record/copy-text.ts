import type { Field, FieldValue } from './table.js';

/** One value in COPY's text format: backslash escapes, \N for NULL. */
export function copyField(value: FieldValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** One row as a line of COPY text, its fields in the given order. */
export function copyLine<Row>(fields: readonly Field<Row>[], row: Row): string {
  return `${fields.map((field) => copyField(field.value(row))).join('\t')}\n`;
}

/** Rows [start, end) of values given column by column, as lines of COPY text. */
export function copyLines(
  columns: readonly (readonly FieldValue[])[],
  start: number,
  end: number,
): string {
  let text = '';
  for (let row = start; row < end; row += 1) {
    text += `${columns.map((column) => copyField(column[row] ?? null)).join('\t')}\n`;
  }
  return text;
}
