import { GRID_METRES } from '../privacy/geomask.js';
import type { IncidentRow } from '../incidents/incident-row.js';
import { csvNumber, csvRecord, csvText } from './csv.js';

export const INCIDENT_CSV_COLUMNS = [
  'id',
  'category',
  'status',
  'priority',
  'occurred_at',
  'reported_at',
  'updated_at',
  'longitude',
  'latitude',
  'precision_m',
  'summary',
  'source',
] as const;

export const INCIDENT_CSV_HEADER = csvRecord(INCIDENT_CSV_COLUMNS.map((name) => csvText(name)));

/**
 * One public incident as a CSV record, or null when it must not appear publicly as a point
 * (the query already leaves those out; this keeps a wrong query from leaking one).
 */
export function incidentCsvRecord(row: IncidentRow): string | null {
  if (row.public_lon === null || row.public_lat === null) return null;
  if (row.visibility !== 'point' && row.visibility !== 'coarse') return null;
  return csvRecord([
    csvText(row.id),
    csvText(row.category),
    csvText(row.status),
    csvNumber(row.priority),
    csvText(row.occurred_at.toISOString()),
    csvText(row.reported_at.toISOString()),
    csvText(row.updated_at.toISOString()),
    csvNumber(row.public_lon),
    csvNumber(row.public_lat),
    csvNumber(GRID_METRES[row.visibility]),
    csvText(row.public_summary),
    csvText(row.source),
  ]);
}
