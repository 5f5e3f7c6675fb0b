import type { Readable } from 'node:stream';
import { lonLatProblem, numberOrNull, parseDateTime } from './field-parsers.js';
import { ImportUsageError, type ImportFormat } from './import-format.js';
import { accepted, IMPORTED_PRIORITY, rejected, type ParsedRecord } from './import-row.js';
import { readAllText } from './input-stream.js';

export const POLICE_UK_SOURCE = 'police.uk';

interface StreetCrime {
  category?: unknown;
  id?: unknown;
  persistent_id?: unknown;
  month?: unknown;
  location?: { latitude?: unknown; longitude?: unknown; street?: { name?: unknown } } | null;
  outcome_status?: { category?: unknown } | null;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * Turns one `crimes-street` element into a row. The external id is the API's record id: the
 * persistent id (the CSVs' "Crime ID") is shared by distinct records of one crime (two
 * offences, two categories), and anti-social behaviour has none.
 */
export function streetCrimeRecord(crime: StreetCrime, position: number): ParsedRecord {
  const numericId = typeof crime.id === 'number' ? String(crime.id) : text(crime.id);
  if (numericId === '') return rejected(position, 'no id');
  const externalRef = `api:${numericId}`;
  const lon = numberOrNull(text(crime.location?.longitude));
  const lat = numberOrNull(text(crime.location?.latitude));
  const problem = lonLatProblem(lon, lat);
  if (problem !== null || lon === null || lat === null)
    return rejected(position, problem ?? 'no coordinates');
  const occurredAt = parseDateTime(text(crime.month), 'UTC');
  if (!occurredAt) return rejected(position, 'unreadable date', text(crime.month));
  const outcome = text(crime.outcome_status?.category);
  return accepted({
    position,
    externalRef,
    category: { code: text(crime.category) },
    x: lon,
    y: lat,
    srid: 4326,
    occurredAt,
    summary: [text(crime.location?.street?.name), outcome && `Outcome: ${outcome}`]
      .filter(Boolean)
      .join('. '),
    priority: IMPORTED_PRIORITY,
    block: text(crime.location?.street?.name),
  });
}

/**
 * The data.police.uk `crimes-street` API response. Parsed whole: the API answers at most
 * 10,000 crimes per call (a few MB), so a streaming JSON parser would buy nothing.
 */
export const policeUkJsonFormat: ImportFormat = {
  name: 'police-uk-json',
  positionLabel: 'element',
  source: () => POLICE_UK_SOURCE,
  checkOptions: () => undefined,
  async *records(input: Readable): AsyncIterable<ParsedRecord> {
    let data: unknown;
    try {
      data = JSON.parse(await readAllText(input));
    } catch (error) {
      throw new ImportUsageError(
        `not JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!Array.isArray(data)) throw new ImportUsageError('expected a JSON array of street crimes');
    let position = 0;
    for (const element of data as unknown[]) {
      position += 1;
      yield element !== null && typeof element === 'object'
        ? streetCrimeRecord(element, position)
        : rejected(position, 'not an object');
    }
  },
};
