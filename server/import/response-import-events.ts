import type { IncidentRecord } from '../incidents/incident-table.js';
import type { NewEvent } from '../record/events.js';
import { responseEvent } from '../responses/response-events.js';
import type { PlacedResponseRow } from '../responses/response-row.js';
import type { ResponseRecord } from './response-tables.js';

const dateOrNull = (iso: string | null) => (iso === null ? null : new Date(iso));

/** A response written whole, as the responses' event builder reads it with its incident. */
function placedRow(response: ResponseRecord, incident: IncidentRecord | null): PlacedResponseRow {
  return {
    id: response.id,
    incident_id: response.incidentId,
    // Set in SQL from the incident; no event carries it.
    district_id: null,
    category: response.category,
    priority: response.priority,
    officer_initiated: response.officerInitiated,
    state: response.state,
    received_at: new Date(response.receivedAt),
    dispatched_at: dateOrNull(response.dispatchedAt),
    en_route_at: dateOrNull(response.enRouteAt),
    on_scene_at: dateOrNull(response.onSceneAt),
    cleared_at: dateOrNull(response.clearedAt),
    disposition: response.disposition,
    source: response.source,
    external_ref: response.externalRef,
    created_at: new Date(response.createdAt),
    updated_at: new Date(response.updatedAt),
    visibility: incident?.visibility ?? null,
    public_lon: incident?.publicLocation?.lon ?? null,
    public_lat: incident?.publicLocation?.lat ?? null,
    exact_lon: incident?.location.lon ?? null,
    exact_lat: incident?.location.lat ?? null,
  };
}

/**
 * The `response.created` event of a response whose timeline is written whole (an import, the
 * demo's past), built as the API builds it (server/responses/response-events.ts): at its
 * incident's public point where the public map shows that incident, otherwise `not_shown` (a
 * counted or hidden category, or a call without any place), which names neither the response
 * nor the time (the envelope gives the day).
 */
export function importedResponseEvent(
  response: ResponseRecord,
  incident: IncidentRecord | null,
): NewEvent {
  return responseEvent('response.created', placedRow(response, incident));
}
