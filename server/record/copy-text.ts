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

/** One row as a line of COPY text, its fields in the table's field order. */
export function copyLine<Row>(fields: readonly Field<Row>[], row: Row): string {
  return `${fields.map((field) => copyField(field.value(row))).join('\t')}\n`;
}
