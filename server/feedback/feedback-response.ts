import type { Role } from '../../shared/roles.js';
import { seesExactLocations } from '../../shared/roles.js';
import { NotFoundError } from '../errors.js';
import type { Queryable } from '../record/record-session.js';
import { isShown, type RatedResponse } from './feedback-row.js';
import {
  SELECT_RESPONSE_OF_INCIDENT,
  SELECT_RESPONSE_OF_INCIDENT_FOR_SHARE,
} from './feedback.queries.js';

/**
 * The response a feedback route names, or 404: when it is not that incident's, or the caller
 * may not see the incident (not a point on the public map, unless the caller is dispatch), so
 * that an incident kept out of public view is not revealed through its feedback.
 */
export async function visibleResponse(
  db: Queryable,
  role: Role,
  incidentId: string,
  responseId: string,
  options: { forWrite: boolean } = { forWrite: false },
): Promise<RatedResponse> {
  const sql = options.forWrite
    ? SELECT_RESPONSE_OF_INCIDENT_FOR_SHARE
    : SELECT_RESPONSE_OF_INCIDENT;
  const found = (await db.query<RatedResponse>(sql, [responseId, incidentId])).rows[0];
  if (!found || !(isShown(found) || seesExactLocations(role))) {
    throw new NotFoundError(`response ${responseId} of incident ${incidentId}`);
  }
  return found;
}
