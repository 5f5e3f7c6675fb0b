import type { NewEvent } from '../audit/events.service.js';
import { toDispatcherFeature, toPublicFeature, type IncidentRow } from './incident-row.js';

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

/** What only dispatchers and auditors see: the whole feature, with the exact place and text. */
function privatePart(row: IncidentRow) {
  return { feature: toDispatcherFeature(row) };
}

function previousValues(row: IncidentRow) {
  return {
    category: row.category,
    priority: row.priority,
    status: row.status,
    summary: row.summary,
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
    private: { ...privatePart(row), ...(before ? { before: previousValues(before) } : {}) },
  };
}
