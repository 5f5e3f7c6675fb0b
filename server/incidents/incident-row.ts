import { GRID_METRES } from '../privacy/geomask.js';
import type { CategorySlug, PublicPolicy } from '../../shared/categories.js';
import type { IncidentAppeal } from '../../shared/schemas/appeal.js';
import type { IncidentStatus } from '../../shared/schemas/incident-constants.js';
import type {
  DispatcherIncidentFeature,
  PublicIncidentFeature,
} from '../../shared/schemas/incident-feature.js';

/** A row as the queries return it; exact_* and external_ref only in dispatcher selects. */
export interface IncidentRow {
  id: string;
  category: CategorySlug;
  priority: number;
  status: IncidentStatus;
  visibility: PublicPolicy;
  source: string;
  public_summary: string;
  occurred_at: Date;
  reported_at: Date;
  created_at: Date;
  updated_at: Date;
  public_lon: number | null;
  public_lat: number | null;
  public_district: string | null;
  public_block: string | null;
  public_place: string | null;
  /** Its appeal for information as the public sees it (server/appeals); null: none. */
  public_appeal?: IncidentAppeal | null;
  exact_lon?: number;
  exact_lat?: number;
  summary?: string;
  external_ref?: string | null;
}

function commonProperties(row: IncidentRow) {
  return {
    category: row.category,
    priority: row.priority,
    status: row.status,
    occurredAt: row.occurred_at.toISOString(),
    reportedAt: row.reported_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    source: row.source,
    district: row.public_district,
    place: row.public_place,
    ...(row.public_appeal ? { appeal: row.public_appeal } : {}),
  };
}

/**
 * The Feature everyone without the dispatcher role sees, or null when the incident's policy
 * keeps it out of public lists.
 */
export function toPublicFeature(row: IncidentRow): PublicIncidentFeature | null {
  if (row.public_lon === null || row.public_lat === null) return null;
  if (row.visibility !== 'point' && row.visibility !== 'coarse') return null;
  return {
    type: 'Feature',
    id: row.id,
    geometry: { type: 'Point', coordinates: [row.public_lon, row.public_lat] },
    properties: {
      ...commonProperties(row),
      summary: row.public_summary,
      locationPrecision: 'approximate',
      precisionMetres: GRID_METRES[row.visibility],
    },
  };
}

/** The Feature a dispatcher sees: the exact place and text, and what the public sees of it. */
export function toDispatcherFeature(row: IncidentRow): DispatcherIncidentFeature {
  if (row.exact_lon === undefined || row.exact_lat === undefined || row.summary === undefined) {
    throw new Error('a dispatcher feature needs a row selected with the exact location');
  }
  return {
    type: 'Feature',
    id: row.id,
    geometry: { type: 'Point', coordinates: [row.exact_lon, row.exact_lat] },
    properties: {
      ...commonProperties(row),
      summary: row.summary,
      locationPrecision: 'exact',
      precisionMetres: 0,
      externalRef: row.external_ref ?? null,
      visibility: row.visibility,
      publicLocation:
        row.public_lon === null || row.public_lat === null
          ? null
          : { lon: row.public_lon, lat: row.public_lat },
    },
  };
}
