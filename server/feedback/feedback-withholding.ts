import type pg from 'pg';
import { withholdableEvents } from '../audit/withholding.service.js';
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
