import type { Readable } from 'node:stream';
import { csvRecords } from './csv-records.js';
import { lonLatProblem, numberOrNull, parseDateTime } from './field-parsers.js';
import type { ImportFormat } from './import-format.js';
import { accepted, IMPORTED_PRIORITY, rejected, type ParsedRecord } from './import-row.js';

const COLUMNS = [
  'ID',
  'Case Number',
  'Date',
  'Block',
  'IUCR',
  'Primary Type',
  'Description',
  'Location Description',
  'Arrest',
  'Domestic',
  'Beat',
  'District',
  'Ward',
  'Community Area',
  'FBI Code',
  'X Coordinate',
  'Y Coordinate',
  'Year',
  'Updated On',
  'Latitude',
  'Longitude',
  'Location',
] as const;

const CHICAGO_TIME_ZONE = 'America/Chicago';

/**
 * The Chicago Data Portal "Crimes - 2001 to present" CSV. A domestic incident is
 * domestic-abuse whatever its primary type: that category is hidden, and a battery at home
 * shown as a point would show where the victim lives.
 */
export const chicagoFormat: ImportFormat = {
  name: 'chicago',
  positionLabel: 'line',
  source: () => 'chicago',
  checkOptions: () => undefined,
  async *records(input: Readable): AsyncIterable<ParsedRecord> {
    for await (const record of csvRecords(input, { required: COLUMNS })) {
      if (!record.ok) {
        yield rejected(record.line, record.reason, record.detail);
        continue;
      }
      const f = record.fields;
      const line = record.line;
      const id = f.ID?.trim() ?? '';
      if (id === '') {
        yield rejected(line, 'no id');
        continue;
      }
      const lon = numberOrNull(f.Longitude);
      const lat = numberOrNull(f.Latitude);
      const problem = lonLatProblem(lon, lat);
      if (problem !== null || lon === null || lat === null) {
        yield rejected(line, problem ?? 'no coordinates', `ID ${id}`);
        continue;
      }
      const occurredAt = parseDateTime(f.Date ?? '', CHICAGO_TIME_ZONE);
      if (!occurredAt) {
        yield rejected(line, 'unreadable date', f.Date);
        continue;
      }
      const primaryType = f['Primary Type'] ?? '';
      const domestic = (f.Domestic ?? '').trim().toLowerCase() === 'true';
      yield accepted({
        position: line,
        externalRef: id,
        category: domestic ? { slug: 'domestic-abuse' } : { code: primaryType },
        x: lon,
        y: lat,
        srid: 4326,
        occurredAt,
        summary: [
          [primaryType, f.Description].filter(Boolean).join(': '),
          f['Location Description'],
          f.Block,
        ]
          .filter(Boolean)
          .join(', '),
        priority: IMPORTED_PRIORITY,
        block: f.Block ?? '',
      });
    }
  },
};
