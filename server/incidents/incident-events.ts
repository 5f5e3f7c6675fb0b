import { INCIDENTS_LAYER } from '../../shared/layers/incidents.js';
import type { IncidentFeature } from '../../shared/schemas/incident.js';
import type { NewEvent, Retraction } from '../record/events.js';
import { toDispatcherFeature, toPublicFeature, type IncidentRow } from './incident-row.js';

/** The incident events its layer declares (shared/layers/incidents.ts). */
export type IncidentEventType = keyof typeof INCIDENTS_LAYER.events;

/** The public record's word for an incident kept out of public view, whatever its policy. */
const NOT_SHOWN = 'not_shown';

/**
 * What the public record says of an incident: the public Feature and what changed where its
 * policy shows it; otherwise only that an event about some incident not shown happened (and,
 * from the envelope, on which day). Not its category, nor whether it is only counted or
 * hidden: an incident taken off the map is `removed` for the maps that showed it, under this
 * event's id, so anything said here would be said of a place those maps saw.
 */
function publicPart(row: IncidentRow, feature: IncidentFeature | null, changes: readonly string[]) {
  if (feature) {
    return { visibility: row.visibility, feature, ...(changes.length > 0 ? { changes } : {}) };
  }
  return { visibility: NOT_SHOWN };
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

/** The incident as it was before this event, and the id of the last event about it. */
export interface Previous {
  row: IncidentRow;
  lastEventId: number;
}

/** The public feature the incident had before, which this event replaces or takes away. */
function retractionOf(previous: Previous | undefined): Retraction | undefined {
  const feature = previous && toPublicFeature(previous.row);
  if (!feature) return undefined;
  const [lon, lat] = feature.geometry.coordinates;
  return {
    id: feature.id,
    coordinates: [lon, lat],
    category: previous.row.category,
    publishedBy: previous.lastEventId,
  };
}

export function incidentEvent(
  type: IncidentEventType,
  row: IncidentRow,
  changes: readonly string[],
  previous?: Previous,
): NewEvent {
  const retracts = retractionOf(previous);
  const before = previous?.row;
  const feature = toPublicFeature(row);
  return {
    type,
    entity: INCIDENTS_LAYER.entity,
    entityId: row.id,
    identified: feature !== null,
    public: publicPart(row, feature, changes),
    private: { ...privatePart(row), ...(before ? { before: previousValues(before) } : {}) },
    ...(retracts ? { retracts } : {}),
  };
}
