import type { Readable } from 'node:stream';
import { csvRecords } from './csv-records.js';
import { RowHashRefs } from './external-ref.js';
import { lonLatProblem, numberOrNull, parseDateTime } from './field-parsers.js';
import type { ImportFormat } from './import-format.js';
import { accepted, IMPORTED_PRIORITY, rejected, type ParsedRecord } from './import-row.js';
import { POLICE_UK_SOURCE } from './police-uk-json-format.js';

const COLUMNS = [
  'Crime ID',
  'Month',
  'Reported by',
  'Falls within',
  'Longitude',
  'Latitude',
  'Location',
  'LSOA code',
  'LSOA name',
  'Crime type',
  'Last outcome category',
  'Context',
] as const;

/**
 * The monthly street-level CSV of data.police.uk. Anti-social behaviour rows have no Crime ID;
 * they get a hash of the row (external-ref.ts). A Crime ID may appear on several rows (one crime,
 * several offences): the second gets `#2`, and so on, in file order.
 */
export const policeUkCsvFormat: ImportFormat = {
  name: 'police-uk-csv',
  positionLabel: 'line',
  source: () => POLICE_UK_SOURCE,
  checkOptions: () => undefined,
  async *records(input: Readable): AsyncIterable<ParsedRecord> {
    const refs = new RowHashRefs();
    const crimeIdsSeen = new Map<string, number>();
    for await (const record of csvRecords(input, { required: COLUMNS })) {
      if (!record.ok) {
        yield rejected(record.line, record.reason, record.detail);
        continue;
      }
      const f = record.fields;
      const line = record.line;
      const lon = numberOrNull(f.Longitude);
      const lat = numberOrNull(f.Latitude);
      const problem = lonLatProblem(lon, lat);
      if (problem !== null || lon === null || lat === null) {
        yield rejected(line, problem ?? 'no coordinates');
        continue;
      }
      const occurredAt = parseDateTime(f.Month ?? '', 'UTC');
      if (!occurredAt) {
        yield rejected(line, 'unreadable date', f.Month);
        continue;
      }
      const crimeId = f['Crime ID']?.trim() ?? '';
      const occurrence = crimeId === '' ? 0 : (crimeIdsSeen.get(crimeId) ?? 0) + 1;
      if (crimeId !== '') crimeIdsSeen.set(crimeId, occurrence);
      const outcome = f['Last outcome category'] ?? '';
      yield accepted({
        position: line,
        externalRef:
          crimeId === ''
            ? refs.next(COLUMNS.map((c) => f[c] ?? ''))
            : occurrence === 1
              ? crimeId
              : `${crimeId}#${occurrence}`,
        category: { code: f['Crime type'] ?? '' },
        x: lon,
        y: lat,
        srid: 4326,
        occurredAt,
        summary: [f.Location, outcome && `Outcome: ${outcome}`].filter(Boolean).join('. '),
        priority: IMPORTED_PRIORITY,
        block: f.Location ?? '',
      });
    }
  },
};
