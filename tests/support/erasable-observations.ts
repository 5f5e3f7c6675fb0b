import { randomUUID } from 'node:crypto';
import { observationEvent } from '../../server/observations/observation-events.js';
import type { ObservationRow } from '../../server/observations/observation-row.js';
import { applyModeration } from '../../server/observations/observation-state.js';
import { INSERT_OBSERVATION } from '../../server/observations/observations.queries.js';
import { cellOf, publicLocation } from '../../server/privacy/geomask.js';
import type { RecordWriter } from '../../server/record/record-writer.js';

/**
 * Observations as the intake stores them, then approved by a moderator with a redacted public
 * text, each change chained as the observations layer writes it: the text as written and the
 * exact place are then in the row and in the events' private parts only. Written below the
 * intake's rules (no proof of work, no rate limits), for the erasure tests.
 */
export interface StoredObservation {
  id: string;
  groupId: string;
  exact: { lon: number; lat: number };
  text: string;
  publicText: string;
}

export async function storeObservation(
  records: RecordWriter,
  options: {
    exact: { lon: number; lat: number };
    text: string;
    createdAt: Date;
    device?: string | null;
    userId?: string | null;
    /** Join this group (a corroborating report) instead of starting one. */
    groupId?: string;
  },
): Promise<StoredObservation> {
  const id = randomUUID();
  const groupId = options.groupId ?? id;
  const { exact, text, createdAt } = options;
  const shown = publicLocation(exact, 'point');
  if (!shown) throw new Error('no public location');
  const cell = cellOf(exact, 'point');
  const reporterKey = options.userId ? `u:${options.userId}` : `d:${options.device ?? id}`;
  await records.transact(async (session) => {
    const inserted = await session.db.query<ObservationRow>(INSERT_OBSERVATION, [
      id,
      'graffiti',
      [],
      createdAt,
      createdAt,
      exact.lon,
      exact.lat,
      text,
      options.userId ?? null,
      options.device ?? null,
      null,
      reporterKey,
      shown.lon,
      shown.lat,
      JSON.stringify(cell),
      null,
      null,
      null,
      'pending',
      [],
      groupId,
      null,
      JSON.stringify(cell),
    ]);
    const row = inserted.rows[0];
    if (!row) throw new Error('the observation was not stored');
    const change = { before: null, after: null, lastEventId: 0 };
    return { result: row, events: [observationEvent('observation.created', row, change)] };
  });
  const publicText = `A tag was sprayed on a wall (${id.slice(0, 8)})`;
  await records.transact(async (session) => {
    const { events } = await applyModeration(session.db, id, { state: 'approved', publicText });
    return { result: undefined, events };
  });
  return { id, groupId, exact, text, publicText };
}
