import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';

/** A data record of a delimited file, by header name, with the line it ends on. */
export type CsvRecord =
  | { ok: true; line: number; fields: Record<string, string> }
  | { ok: false; line: number; reason: string; detail?: string };

export interface CsvOptions {
  delimiter?: string;
  /** Header names that must be present; a file without them is refused before any row. */
  required?: readonly string[];
  /** Refuse a header with any column besides the required ones (a file of a fixed layout). */
  onlyRequired?: boolean;
}

export class MissingColumnsError extends Error {}

/**
 * Streams the records of a CSV (or tab-separated) input, header on the first line. A record
 * with the wrong number of fields or broken quoting is yielded as a rejection with its line,
 * and parsing carries on with the next one.
 */
export async function* csvRecords(
  input: Readable,
  options: CsvOptions = {},
): AsyncGenerator<CsvRecord> {
  const broken: CsvRecord[] = [];
  const parser = parse({
    delimiter: options.delimiter ?? ',',
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      const lines: unknown = (error as { lines?: unknown } | undefined)?.lines;
      const line = typeof lines === 'number' ? lines : 0;
      broken.push({ ok: false, line, reason: 'malformed CSV', detail: error?.message });
      return undefined;
    },
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let header: string[] | undefined;
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (broken.length > 0) yield broken.shift() as CsvRecord;
    const { record, info } = item;
    if (!header) {
      header = record.map((name) => name.trim());
      const missing = (options.required ?? []).filter((name) => !header?.includes(name));
      if (missing.length > 0) {
        throw new MissingColumnsError(`the header lacks the column(s) ${missing.join(', ')}`);
      }
      if (options.onlyRequired) {
        const known = new Set(options.required);
        const unknown = header.filter((name, i) => !known.has(name) || header?.indexOf(name) !== i);
        if (unknown.length > 0) {
          throw new MissingColumnsError(
            `the header has unknown or repeated column(s) ${unknown.join(', ')}`,
          );
        }
      }
      continue;
    }
    if (record.length !== header.length) {
      yield {
        ok: false,
        line: info.lines,
        reason: 'wrong number of fields',
        detail: `expected ${header.length}, found ${record.length}`,
      };
      continue;
    }
    const fields: Record<string, string> = {};
    header.forEach((name, i) => {
      fields[name] = record[i] ?? '';
    });
    yield { ok: true, line: info.lines, fields };
  }
  while (broken.length > 0) yield broken.shift() as CsvRecord;
}
