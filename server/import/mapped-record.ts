import { RowHashRefs } from './external-ref.js';
import { dateFromParts, lonLatProblem, numberOrNull, parseDateTime } from './field-parsers.js';
import { ImportUsageError, requireOption, type ImportOptions } from './import-format.js';
import { accepted, IMPORTED_PRIORITY, rejected, type ParsedRecord } from './import-row.js';

const WGS84 = 4326;

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Checks the flags a column mapping needs; shared by the `csv` and `geojson` formats. */
export function checkMapping(options: ImportOptions, format: string, needsLonLat: boolean): void {
  requireOption(options, 'source', format);
  if (needsLonLat) {
    requireOption(options, 'lon', format);
    requireOption(options, 'lat', format);
  }
  if (!options.time && !options.timeParts?.length) {
    throw new ImportUsageError(`format ${format} needs --time or --time-parts`);
  }
  if (options.time && options.timeParts?.length) {
    throw new ImportUsageError('give --time or --time-parts, not both');
  }
  if (!options.category === !options.categoryCode) {
    throw new ImportUsageError(`format ${format} needs either --category or --category-code`);
  }
  if (options.timeParts && options.timeParts.length < 3) {
    throw new ImportUsageError('--time-parts needs at least year, month and day columns');
  }
}

/**
 * Maps one record (CSV fields or GeoJSON properties) onto a row, by the names the options
 * give. `point` is the GeoJSON geometry's position, used instead of lon/lat columns.
 */
export class RecordMapper {
  readonly #refs = new RowHashRefs();
  readonly #srid: number;
  readonly #timeZone: string;

  constructor(private readonly options: ImportOptions) {
    this.#srid = options.srid ?? WGS84;
    this.#timeZone = options.timezone ?? 'UTC';
  }

  map(fields: Record<string, unknown>, position: number, point?: readonly number[]): ParsedRecord {
    const { options } = this;
    const field = (name: string) => asText(fields[name]).trim();
    const x = point ? (point[0] ?? null) : numberOrNull(field(options.lon ?? ''));
    const y = point ? (point[1] ?? null) : numberOrNull(field(options.lat ?? ''));
    if (this.#srid === WGS84) {
      const problem = lonLatProblem(x, y);
      if (problem !== null) return rejected(position, problem);
    } else if (x === null || y === null || (x === 0 && y === 0)) {
      // Projected coordinates are range-checked once transformed (batch-writer.ts).
      return rejected(position, 'no coordinates');
    }
    const occurredAt = options.timeParts?.length
      ? dateFromParts(options.timeParts.map(field), this.#timeZone)
      : parseDateTime(field(options.time ?? ''), this.#timeZone);
    if (!occurredAt) {
      const shown = options.timeParts?.length
        ? options.timeParts.map(field).join(',')
        : field(options.time ?? '');
      return rejected(position, 'unreadable date', shown);
    }
    const code = options.categoryCode ?? field(options.category ?? '');
    if (code === '') return rejected(position, 'no category');
    const ownId = options.id ? field(options.id) : '';
    if (options.id && ownId === '') return rejected(position, 'no id');
    const block = options.block ? field(options.block) : '';
    const summaryColumns = options.summary ?? [];
    const summary =
      summaryColumns.length > 0 ? summaryColumns.map(field).filter(Boolean).join(', ') : code;
    return accepted({
      position,
      externalRef:
        ownId !== ''
          ? ownId
          : this.#refs.next(
              Object.keys(fields)
                .sort()
                .map((k) => `${k}=${asText(fields[k])}`),
            ),
      category: { code },
      x: x ?? 0,
      y: y ?? 0,
      srid: this.#srid,
      occurredAt,
      summary,
      priority: IMPORTED_PRIORITY,
      ...(block === '' ? {} : { block }),
    });
  }
}
