import type { IncidentFollower } from '../incidents/incidents.service.js';
import type { IncidentRow } from '../incidents/incident-row.js';
import { isCoarser } from '../incidents/visibility.js';
import { withholdableEvents, withholdingEvent } from '../audit/withholding.service.js';
import type { NewEvent } from '../record/events.js';
import { responseEvent } from './response-events.js';
import type { PlacedResponseRow, ResponseRow } from './response-row.js';
import {
  SELECT_LAST_EVENT_OF_RESPONSE,
  SELECT_RESPONSE_OF_INCIDENT_FOR_UPDATE,
  UPDATE_COPIES,
} from './responses.queries.js';

const COPIED = ['category', 'priority'];

function placedAt(response: ResponseRow, incident: IncidentRow): PlacedResponseRow {
  return {
    ...response,
    visibility: incident.visibility,
    public_lon: incident.public_lon,
    public_lat: incident.public_lat,
    exact_lon: incident.exact_lon ?? null,
    exact_lat: incident.exact_lat ?? null,
  };
}

/**
 * Keeps an incident's response in step with it: its copies of the category and priority (in
 * the incident's transaction), a `response.updated` at the incident's new public point (or
 * `not_shown`, taking the old one off the maps), and where the incident's policy coarsened,
 * the withholding of the response's earlier public parts, as the incident's own are withheld:
 * they showed the finer point.
 */
export const followIncident: IncidentFollower = async (session, { before, after, changes }) => {
  if (!changes.some((change) => COPIED.includes(change))) return [];
  const response = (
    await session.db.query<ResponseRow>(SELECT_RESPONSE_OF_INCIDENT_FOR_UPDATE, [after.id])
  ).rows[0];
  if (!response) return [];
  const updatedAt = after.updated_at;
  await session.db.query(UPDATE_COPIES, [
    response.id,
    after.category,
    after.priority,
    updatedAt.toISOString(),
  ]);
  const last = await session.db.query<{ id: number }>(SELECT_LAST_EVENT_OF_RESPONSE, [response.id]);
  const previous = { row: placedAt(response, before), lastEventId: last.rows[0]?.id ?? 0 };
  const current = placedAt(
    { ...response, category: after.category, priority: after.priority, updated_at: updatedAt },
    after,
  );
  const events: NewEvent[] = [];
  if (isCoarser(after.visibility, before.visibility)) {
    const earlier = await withholdableEvents(session.db, 'response', response.id);
    if (earlier.length > 0) {
      events.push(withholdingEvent(earlier, 'policy_coarsened', { incidentId: after.id }));
    }
  }
  events.push(responseEvent('response.updated', current, undefined, previous));
  return events;
};
