import { toPublicFeature, type IncidentRow } from '../incidents/incident-row.js';
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
  'district',
  'place',
  'summary',
  'source',
] as const;

export const INCIDENT_CSV_HEADER = csvRecord(INCIDENT_CSV_COLUMNS.map((name) => csvText(name)));

/**
 * One public incident as a CSV record: the public Feature the GeoJSON export and the API send,
 * flattened. Null when it must not appear publicly as a point (the query already leaves those
 * out; this keeps a wrong query from leaking one).
 */
export function incidentCsvRecord(row: IncidentRow): string | null {
  const feature = toPublicFeature(row);
  if (!feature) return null;
  const properties = feature.properties;
  const [lon, lat] = feature.geometry.coordinates;
  return csvRecord([
    csvText(feature.id),
    csvText(properties.category),
    csvText(properties.status),
    csvNumber(properties.priority),
    csvText(properties.occurredAt),
    csvText(properties.reportedAt),
    csvText(properties.updatedAt),
    csvNumber(lon),
    csvNumber(lat),
    csvNumber(properties.precisionMetres),
    csvText(properties.district),
    csvText(properties.place),
    csvText(properties.summary),
    csvText(properties.source),
  ]);
}
