import { APPEAL_CHANGE } from '../../shared/layers/incidents.js';
import { incidentEvent } from '../incidents/incident-events.js';
import type { IncidentRow } from '../incidents/incident-row.js';
import { SELECT_LAST_EVENT_OF_INCIDENT } from '../incidents/incidents.queries.js';
import { NotFoundError } from '../errors.js';
import type { NewEvent } from '../record/events.js';
import type { RecordSession } from '../record/record-session.js';
import type pg from 'pg';
import { toIncidentAppeal, type AppealRow } from './appeal-row.js';
import { SELECT_INCIDENT_FOR_UPDATE, SET_INCIDENT_APPEAL } from './appeals.queries.js';

/**
 * Shows an appeal's current state on its incident: the incident's public feature carries it,
 * and the change is an `incident.updated` event with changes ['appeal'], so every map and
 * panel showing the incident gets it live, and the record keeps it. Call it in the
 * transaction that changed the appeal, and chain the event it returns.
 */
export async function publishAppeal(
  session: RecordSession<pg.PoolClient>,
  appeal: AppealRow,
): Promise<NewEvent> {
  const { db } = session;
  const current = (await db.query<IncidentRow>(SELECT_INCIDENT_FOR_UPDATE, [appeal.incident_id]))
    .rows[0];
  if (!current) throw new NotFoundError(`incident ${appeal.incident_id}`);
  const shown = JSON.stringify(toIncidentAppeal(appeal));
  const row = (await db.query<IncidentRow>(SET_INCIDENT_APPEAL, [current.id, shown])).rows[0];
  if (!row) throw new NotFoundError(`incident ${appeal.incident_id}`);
  const last = await db.query<{ id: number }>(SELECT_LAST_EVENT_OF_INCIDENT, [current.id]);
  const previous = { row: current, lastEventId: last.rows[0]?.id ?? 0 };
  return incidentEvent('incident.updated', row, [APPEAL_CHANGE], previous);
}
