import type {
  DispatcherResponseFeature,
  PublicResponseFeature,
  ResponseFeatureProperties,
} from '../../shared/schemas/response.js';
import type { PlacedResponseRow } from './response-row.js';
import { timesOfRow } from './response-row.js';
import { figuresOf } from './timeline-rules.js';

/**
 * The incident's public point where it is a point on the public map (the `point` and `coarse`
 * policies, as incidents), else null: an aggregate or hidden incident, or no incident at all.
 */
export function publicPointOf(row: PlacedResponseRow): [number, number] | null {
  if (!row.incident_id || (row.visibility !== 'point' && row.visibility !== 'coarse')) return null;
  if (row.public_lon === null || row.public_lat === null) return null;
  return [row.public_lon, row.public_lat];
}

function properties(row: PlacedResponseRow, incidentId: string) {
  return {
    incidentId,
    category: row.category,
    priority: row.priority,
    state: row.state,
    officerInitiated: row.officer_initiated,
    figures: figuresOf(timesOfRow(row), row.officer_initiated),
    updatedAt: row.updated_at.toISOString(),
  } satisfies Omit<ResponseFeatureProperties, 'locationPrecision'>;
}

/**
 * The feature everyone but dispatch sees: at the incident's public point, or null where the
 * incident is not a point on the public map (or the call has no incident).
 */
export function toPublicResponseFeature(row: PlacedResponseRow): PublicResponseFeature | null {
  const point = publicPointOf(row);
  if (!row.incident_id || !point) return null;
  return {
    type: 'Feature',
    id: row.id,
    geometry: { type: 'Point', coordinates: point },
    properties: { ...properties(row, row.incident_id), locationPrecision: 'approximate' },
  };
}

/** Dispatch's feature: at the incident's exact point; null for a call without a place. */
export function toDispatcherResponseFeature(
  row: PlacedResponseRow,
): DispatcherResponseFeature | null {
  if (!row.incident_id) return null;
  if (row.exact_lon === undefined || row.exact_lat === undefined) {
    throw new Error('a dispatcher feature needs a row selected with the exact location');
  }
  if (row.exact_lon === null || row.exact_lat === null) return null;
  return {
    type: 'Feature',
    id: row.id,
    geometry: { type: 'Point', coordinates: [row.exact_lon, row.exact_lat] },
    properties: { ...properties(row, row.incident_id), locationPrecision: 'exact' },
  };
}
