import type { Readable } from 'node:stream';
import { csvRecords } from './csv-records.js';
import type { ImportFormat, ImportOptions } from './import-format.js';
import { rejected, type ParsedRecord } from './import-row.js';
import { delimiterFlag, sniffDelimiter } from './input-stream.js';
import { checkMapping, RecordMapper } from './mapped-record.js';

function mappedColumns(options: ImportOptions): string[] {
  return [
    options.lon,
    options.lat,
    options.time,
    ...(options.timeParts ?? []),
    options.category,
    options.id,
    ...(options.summary ?? []),
    options.block,
  ].filter((name): name is string => name !== undefined && name !== '');
}

/** Any CSV, through a column mapping (flags or `--mapping map.json`). */
export const genericCsvFormat: ImportFormat = {
  name: 'csv',
  positionLabel: 'line',
  source: (options) => options.source ?? '',
  checkOptions: (options) => {
    checkMapping(options, 'csv', true);
  },
  async *records(input: Readable, options: ImportOptions): AsyncIterable<ParsedRecord> {
    const sniffed = await sniffDelimiter(input);
    const delimiter = delimiterFlag(options.delimiter) ?? sniffed.delimiter;
    const mapper = new RecordMapper(options);
    const required = mappedColumns(options);
    for await (const record of csvRecords(sniffed.stream, { delimiter, required })) {
      yield record.ok
        ? mapper.map(record.fields, record.line)
        : rejected(record.line, record.reason, record.detail);
    }
  },
};
