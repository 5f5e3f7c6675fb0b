import type { NewEvent, Retraction } from '../audit/events.service.js';
import { toDispatcherFeature, toPublicFeature, type IncidentRow } from './incident-row.js';

export type IncidentEventType = 'incident.created' | 'incident.updated';

/**
 * What the public record says of an incident: the public Feature and what changed where its
 * policy shows it; for one only counted, its category (and, from the envelope, its day); for a
 * hidden one, nothing but that it exists and its day. Neither of the last two names the
 * incident, its place or its exact time.
 */
function publicPart(row: IncidentRow, changes: readonly string[]) {
  const feature = toPublicFeature(row);
  if (feature) {
    return { visibility: row.visibility, feature, ...(changes.length > 0 ? { changes } : {}) };
  }
  if (row.visibility === 'aggregate') return { visibility: row.visibility, category: row.category };
  return { visibility: row.visibility };
}

/** What only dispatchers and auditors see: the whole feature, with the exact place and text. */
function privatePart(row: IncidentRow) {
  return { feature: toDispatcherFeature(row) };
}

function previousValues(row: IncidentRow) {
  return {
    category: row.category,
    priority: row.priority,
    status: row.status,
    visibility: row.visibility,
    summary: row.summary,
  };
}

/** The public feature the incident had before, which this event replaces or takes away. */
function retractionOf(before: IncidentRow | undefined): Retraction | undefined {
  const feature = before && toPublicFeature(before);
  if (!feature) return undefined;
  const [lon = 0, lat = 0] = feature.geometry.coordinates;
  return { id: feature.id, coordinates: [lon, lat], category: before.category };
}

export function incidentEvent(
  type: IncidentEventType,
  row: IncidentRow,
  changes: readonly string[],
  before?: IncidentRow,
): NewEvent {
  const retracts = retractionOf(before);
  return {
    type,
    entity: 'incident',
    entityId: row.id,
    identified: toPublicFeature(row) !== null,
    public: publicPart(row, changes),
    private: { ...privatePart(row), ...(before ? { before: previousValues(before) } : {}) },
    ...(retracts ? { retracts } : {}),
  };
}
