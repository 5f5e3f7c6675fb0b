import type { Transform } from 'node:stream';
import type pg from 'pg';
import { parseBbox } from '../../shared/geo/bbox.js';
import { InvalidRequestError } from '../errors.js';
import { incidentCsvStream } from './csv-stream.js';
import { buildExportQuery, type ExportFilters } from './export.queries.js';
import type { ExportFormat, ExportQuery } from './export.schemas.js';
import { incidentGeoJsonStream } from './geojson-stream.js';
import { streamQuery } from './query-stream.js';

/** The query's filters, checked as the incidents list checks them. */
export function exportFilters(query: ExportQuery): ExportFilters {
  const filters: ExportFilters = { from: query.from, to: query.to, categories: query.category };
  if (query.bbox !== undefined) {
    const parsed = parseBbox(query.bbox);
    if (!parsed.ok) throw new InvalidRequestError(parsed.message);
    filters.bbox = parsed.bbox;
  }
  if (query.from && query.to && new Date(query.from) >= new Date(query.to)) {
    throw new InvalidRequestError('from must be earlier than to');
  }
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
