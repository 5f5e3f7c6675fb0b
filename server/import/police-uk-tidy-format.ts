import type { Readable } from 'node:stream';
import { csvRecords } from './csv-records.js';
import { RowHashRefs } from './external-ref.js';
import { lonLatProblem, numberOrNull, parseDateTime } from './field-parsers.js';
import { requireOption, type ImportFormat, type ImportOptions } from './import-format.js';
import { accepted, IMPORTED_PRIORITY, rejected, type ParsedRecord } from './import-row.js';
import { delimiterFlag, sniffDelimiter } from './input-stream.js';
import { POLICE_UK_SOURCE } from './police-uk-json-format.js';

const COLUMNS = ['month', 'longitude', 'latitude', 'location', 'lsoa_code'] as const;

/**
 * The tidied data.police.uk extracts (`month,longitude,latitude,location,lsoa_code`, comma or
 * tab separated, possibly gzipped), one crime type per file: `--category` names it, as a
 * police.uk category (API slug or CSV "Crime type"). They carry no ids: a hash of the row.
 */
export const policeUkTidyFormat: ImportFormat = {
  name: 'police-uk-tidy',
  positionLabel: 'line',
  source: () => POLICE_UK_SOURCE,
  checkOptions(options) {
    requireOption(options, 'category', 'police-uk-tidy');
  },
  async *records(input: Readable, options: ImportOptions): AsyncIterable<ParsedRecord> {
    const category = requireOption(options, 'category', 'police-uk-tidy');
    const sniffed = await sniffDelimiter(input);
    const delimiter = delimiterFlag(options.delimiter) ?? sniffed.delimiter;
    // The category is part of the hash: the same place and month in two files of different
    // crime types are two incidents.
    const refs = new RowHashRefs(`tidy:${category}:`);
    for await (const record of csvRecords(sniffed.stream, { delimiter, required: COLUMNS })) {
      if (!record.ok) {
        yield rejected(record.line, record.reason, record.detail);
        continue;
      }
      const f = record.fields;
      const line = record.line;
      const lon = numberOrNull(f.longitude);
      const lat = numberOrNull(f.latitude);
      const problem = lonLatProblem(lon, lat);
      if (problem !== null || lon === null || lat === null) {
        yield rejected(line, problem ?? 'no coordinates');
        continue;
      }
      const occurredAt = parseDateTime(f.month ?? '', 'UTC');
      if (!occurredAt) {
        yield rejected(line, 'unreadable date', f.month);
        continue;
      }
      yield accepted({
        position: line,
        externalRef: refs.next(COLUMNS.map((c) => f[c] ?? '')),
        category: { code: category },
        x: lon,
        y: lat,
        srid: 4326,
        occurredAt,
        summary: f.location ?? '',
        priority: IMPORTED_PRIORITY,
        // The tidied extracts dropped police.uk's "On or near" (its anonymised places).
        block: f.location ? `On or near ${f.location}` : '',
      });
    }
  },
};
