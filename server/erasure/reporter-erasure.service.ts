import type pg from 'pg';
import { NotFoundError, UnauthorizedError } from '../errors.js';
import type { RecordWriter } from '../record/record-writer.js';
import { eraseObservations } from './erasure.service.js';
import { SELECT_ALL_OWN_OBSERVATIONS, SELECT_OWN_OBSERVATION } from './erasure.queries.js';
import type { Reporter } from './reporter-identity.js';

/**
 * A reporter's erasure (GDPR Art. 17): of one of their observations, or of all of a signed-in
 * reporter's. Someone else's observation is "not found", so that asking reveals nothing. Once
 * erased (by request or by retention) an observation no longer knows its reporter, so it can
 * no longer be asked for: it is 404 then, too.
 */
export async function eraseOwnObservation(
  db: pg.Pool,
  records: RecordWriter,
  request: { id: string; reporter: Reporter },
): Promise<{ id: string; erasedAt: string }> {
  const { userId, device } = request.reporter;
  const own =
    userId === null && device === null
      ? []
      : (await db.query<{ id: string }>(SELECT_OWN_OBSERVATION, [request.id, userId, device])).rows;
  if (own.length === 0) throw new NotFoundError(`Observation ${request.id}`);
  const now = new Date();
  const erased = await eraseObservations(records, {
    ids: [request.id],
    reason: 'reporter_request',
    now,
  });
  // Erased meanwhile by another request or by retention: it is gone either way.
  if (erased.observations.length === 0) throw new NotFoundError(`Observation ${request.id}`);
  return { id: request.id, erasedAt: now.toISOString() };
}

export async function eraseAllOwnObservations(
  db: pg.Pool,
  records: RecordWriter,
  reporter: Reporter,
): Promise<{ erased: number }> {
  if (reporter.userId === null) {
    throw new UnauthorizedError('Sign in to erase all of your observations');
  }
  const own = await db.query<{ id: string }>(SELECT_ALL_OWN_OBSERVATIONS, [reporter.userId]);
  if (own.rows.length === 0) return { erased: 0 };
  const erased = await eraseObservations(records, {
    ids: own.rows.map((row) => row.id),
    reason: 'reporter_request',
  });
  return { erased: erased.observations.length };
}
