import type pg from 'pg';
import { withholdableEvents, withholdingEvent } from '../audit/withholding.service.js';
import type { IncidentFollower } from '../incidents/incidents.service.js';
import { isCoarser } from '../incidents/visibility.js';
import { FEEDBACK_LAYER } from '../../shared/layers/feedback.js';
import { SELECT_RESPONSES_OF_INCIDENT } from './feedback.queries.js';

/**
 * The feedback events still public about an incident's response: they carry the incident's
 * public point, so when the incident coarsens they are withheld with its own events (the public
 * record, taken whole, must reveal no more than the coarsest cell it ever had). Call it holding
 * the incident's row lock: feedback writers hold it FOR SHARE until their event is chained.
 */
export async function feedbackEventsOfIncident(
  client: pg.PoolClient,
  incidentId: string,
): Promise<number[]> {
  const responses = await client.query<{ id: string }>(SELECT_RESPONSES_OF_INCIDENT, [incidentId]);
  const ids: number[] = [];
  for (const response of responses.rows) {
    ids.push(...(await withholdableEvents(client, FEEDBACK_LAYER.entity, response.id)));
  }
  return ids;
}

/** Withholds an incident's feedback events, in its transaction, when its policy coarsens. */
export const withholdFeedbackOfCoarsened: IncidentFollower = async (session, { before, after }) => {
  if (!isCoarser(after.visibility, before.visibility)) return [];
  const earlier = await feedbackEventsOfIncident(session.db, after.id);
  return earlier.length > 0
    ? [withholdingEvent(earlier, 'policy_coarsened', { incidentId: after.id })]
    : [];
};
