import type pg from 'pg';
import { parsePlaceAndTime } from '../../shared/geo/place-and-time.js';
import { seesExactLocations, type Role } from '../../shared/roles.js';
import type {
  ObservationCollection,
  ObservationFeature,
  ObservationListQuery,
  OwnObservation,
  VerificationChange,
} from '../../shared/schemas/observation.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import type { RecordWriter } from '../record/record-writer.js';
import { toDispatcherFeature, toOwnObservation, type ObservationRow } from './observation-row.js';
import { changeObservation } from './observation-state.js';
import { groupFeatures } from './observation-store.js';
import {
  SELECT_ONE,
  SELECT_MINE_BY_DEVICE,
  SELECT_MINE_BY_USER,
  SELECT_OWNER,
  listGroupsQuery,
} from './observations.queries.js';

/** Public: the approved items (one per group); dispatch: every report, exact. */
export async function listObservations(
  pool: pg.Pool,
  role: Role,
  query: ObservationListQuery,
): Promise<ObservationCollection> {
  const checked = parsePlaceAndTime(query);
  if (!checked.ok) throw new InvalidRequestError(checked.message);
  const exact = seesExactLocations(role);
  const sql = listGroupsQuery({
    bbox: checked.bbox,
    from: query.from,
    to: query.to,
    categories: query.category,
    limit: query.limit ?? 200,
    exact,
  });
  if (exact) {
    const rows = (await pool.query<ObservationRow>(sql.text, sql.values)).rows;
    return { type: 'FeatureCollection', features: rows.map(toDispatcherFeature) };
  }
  const ids = (await pool.query<{ group_id: string }>(sql.text, sql.values)).rows;
  const features = await groupFeatures(
    pool,
    ids.map((row) => row.group_id),
  );
  return { type: 'FeatureCollection', features };
}

/**
 * One item: for the public, a group's item by its id (404 unless shown, so that a pending or
 * held report's existence does not leak); for dispatch, one report.
 */
export async function getObservation(
  pool: pg.Pool,
  role: Role,
  id: string,
): Promise<ObservationFeature> {
  if (seesExactLocations(role)) {
    const row = (await pool.query<ObservationRow>(SELECT_ONE, [id])).rows[0];
    if (!row) throw new NotFoundError(`observation ${id}`);
    return toDispatcherFeature(row);
  }
  const [feature] = await groupFeatures(pool, [id]);
  if (!feature) throw new NotFoundError(`observation ${id}`);
  return feature;
}

/** Whose reports: a signed-in account's, else an anonymous device's (by its token's HMAC). */
export interface Owner {
  userId: string | null;
  device: string | null;
}

export async function myObservations(pool: pg.Pool, owner: Owner): Promise<OwnObservation[]> {
  const [sql, key] = owner.userId
    ? [SELECT_MINE_BY_USER, owner.userId]
    : owner.device
      ? [SELECT_MINE_BY_DEVICE, owner.device]
      : [null, null];
  if (!sql) return [];
  return (await pool.query<ObservationRow>(sql, [key])).rows.map(toOwnObservation);
}

/** A dispatcher's verification: confirmed (linked to an incident), disputed or retracted. */
export async function verifyObservation(
  records: RecordWriter,
  id: string,
  change: VerificationChange,
): Promise<OwnObservation> {
  const { result } = await records.transact(async (session) => {
    if (change.state === 'confirmed') {
      const found = await session.db.query('SELECT 1 FROM incidents WHERE id = $1', [
        change.incidentId,
      ]);
      if (found.rowCount === 0) {
        throw new InvalidRequestError(`incidentId ${change.incidentId} names no incident`);
      }
    }
    const done = await changeObservation(
      session.db,
      id,
      () =>
        change.state === 'confirmed'
          ? { verification: 'confirmed', incidentId: change.incidentId }
          : { verification: change.state },
      change.state === 'confirmed' ? null : (change.reason ?? null),
    );
    return { result: toOwnObservation(done.row), events: done.events };
  });
  return result;
}

/**
 * The reporter takes their report back: withdrawn (off the public map, its group recomputed)
 * and retracted. Only the reporter may: by account, or by the device token it was sent with.
 */
export async function withdrawObservation(
  records: RecordWriter,
  id: string,
  owner: Owner,
): Promise<OwnObservation> {
  const { result } = await records.transact(async (session) => {
    const found = (
      await session.db.query<{ user_id: string | null; device: string | null }>(SELECT_OWNER, [id])
    ).rows[0];
    const mine =
      found !== undefined &&
      ((owner.userId !== null && found.user_id === owner.userId) ||
        (owner.device !== null && found.device === owner.device));
    // Someone else's report answers as one that does not exist: ids tell nothing.
    if (!mine) throw new NotFoundError(`observation ${id} among your reports`);
    const done = await changeObservation(session.db, id, (row) =>
      row.moderation === 'erased' ? {} : { moderation: 'withdrawn', verification: 'retracted' },
    );
    return { result: toOwnObservation(done.row), events: done.events };
  });
  return result;
}
