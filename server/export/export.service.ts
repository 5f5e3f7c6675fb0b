import type { Transform } from 'node:stream';
import type pg from 'pg';
import { parsePlaceAndTime } from '../../shared/geo/place-and-time.js';
import { InvalidRequestError } from '../errors.js';
import { incidentCsvStream } from './csv-stream.js';
import { buildExportQuery, type ExportFilters } from './export.queries.js';
import type { ExportFormat, ExportQuery } from './export.schemas.js';
import { incidentGeoJsonStream } from './geojson-stream.js';
import { streamQuery } from './query-stream.js';

/** The query's filters, checked as the incidents list checks them. */
export function exportFilters(query: ExportQuery): ExportFilters {
  const checked = parsePlaceAndTime(query);
  if (!checked.ok) throw new InvalidRequestError(checked.message);
  const filters: ExportFilters = { from: query.from, to: query.to, categories: query.category };
  if (checked.bbox) filters.bbox = checked.bbox;
  return filters;
}

/** The public incidents matching the query, as a stream of the format's text. */
export function exportIncidents(
  pool: pg.Pool,
  query: ExportQuery,
  format: ExportFormat,
  exportedAt: Date,
): Promise<Transform> {
  const sql = buildExportQuery(exportFilters(query));
  const output = format === 'csv' ? incidentCsvStream() : incidentGeoJsonStream(exportedAt);
  return streamQuery(pool, sql, output);
}
