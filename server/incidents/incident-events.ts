import type { NewEvent } from '../audit/events.service.js';
import { toPublicFeature, type IncidentRow } from './incident-row.js';

export type IncidentEventType = 'incident.created' | 'incident.updated';

/**
 * What the public record says of an incident: the public Feature where its policy shows it,
 * the category alone where it is only counted, and nothing but its existence where it is hidden.
 */
function publicPart(row: IncidentRow) {
  const feature = toPublicFeature(row);
  if (feature) return { visibility: row.visibility, feature };
  if (row.visibility === 'aggregate') return { visibility: row.visibility, category: row.category };
  return { visibility: row.visibility };
}

function privatePart(row: IncidentRow) {
  return {
    location: [row.exact_lon, row.exact_lat],
    summary: row.summary,
    category: row.category,
    priority: row.priority,
    status: row.status,
    source: row.source,
    externalRef: row.external_ref ?? null,
  };
}

export function incidentEvent(
  type: IncidentEventType,
  row: IncidentRow,
  changes: readonly string[],
  before?: IncidentRow,
): NewEvent {
  return {
    type,
    entity: 'incident',
    entityId: row.id,
    public: { ...publicPart(row), ...(changes.length > 0 ? { changes } : {}) },
    private: { ...privatePart(row), ...(before ? { before: privatePart(before) } : {}) },
  };
}
