import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { parseBbox } from '../../shared/geo/bbox.js';
import type { AppealCreate, AppealListQuery, PublicAppeal } from '../../shared/schemas/appeal.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import { toPublicFeature, type IncidentRow } from '../incidents/incident-row.js';
import type { Principal } from '../plugins/auth.js';
import type { RecordWriter } from '../record/record-writer.js';
import { AppealClosedError, AppealOpenError, IncidentNotPublicError } from './appeal-errors.js';
import { publishAppeal } from './appeal-publication.js';
import { toPublicAppeal, type AppealRow } from './appeal-row.js';
import {
  CLOSE_APPEAL,
  INSERT_APPEAL,
  SELECT_APPEAL_FOR_UPDATE,
  SELECT_INCIDENT_FOR_UPDATE,
  SELECT_PUBLIC_APPEAL,
  buildPublicAppealList,
} from './appeals.queries.js';
import { assertNoPersonalData } from '../privacy/public-line.js';

// An appeal runs for at most a year; past `until` it closes by itself (tip-counts.service.ts).
const MAX_DURATION_MS = 366 * 24 * 3600 * 1000;

/** Who opened an appeal, kept privately: an API key or a signed-in dispatcher. */
function openerOf(principal: Principal): string {
  if (principal.userId) return `user:${principal.userId}`;
  if (principal.keyId) return `key:${principal.keyId}`;
  throw new Error('an appeal reached the service without a dispatcher');
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === '23505';
}

export async function createAppeal(
  records: RecordWriter,
  principal: Principal,
  incidentId: string,
  input: AppealCreate,
  now = new Date(),
): Promise<PublicAppeal> {
  const until = new Date(input.until);
  if (until.getTime() <= now.getTime()) throw new InvalidRequestError('until lies in the past');
  if (until.getTime() > now.getTime() + MAX_DURATION_MS) {
    throw new InvalidRequestError('until lies more than a year ahead');
  }
  assertNoPersonalData(input.text);
  const { result } = await records.transact(async (session) => {
    const incident = (await session.db.query<IncidentRow>(SELECT_INCIDENT_FOR_UPDATE, [incidentId]))
      .rows[0];
    if (!incident) throw new NotFoundError(`incident ${incidentId}`);
    // The public sees appeals on the map beside their incident: one it cannot see has no place.
    if (!toPublicFeature(incident)) throw new IncidentNotPublicError();
    let row: AppealRow | undefined;
    try {
      row = (
        await session.db.query<AppealRow>(INSERT_APPEAL, [
          randomUUID(),
          incidentId,
          input.text,
          until.toISOString(),
          openerOf(principal),
          now.toISOString(),
        ])
      ).rows[0];
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppealOpenError();
      throw error;
    }
    if (!row) throw new Error('the appeal was not inserted');
    return { result: toPublicAppeal(row), events: [await publishAppeal(session, row)] };
  });
  return result;
}

export async function closeAppeal(
  records: RecordWriter,
  id: string,
  thanks: string | undefined,
  now = new Date(),
): Promise<PublicAppeal> {
  if (thanks !== undefined) assertNoPersonalData(thanks);
  const { result } = await records.transact(async (session) => {
    const current = (await session.db.query<AppealRow>(SELECT_APPEAL_FOR_UPDATE, [id])).rows[0];
    if (!current) throw new NotFoundError(`appeal ${id}`);
    if (current.state === 'closed') throw new AppealClosedError();
    const row = (
      await session.db.query<AppealRow>(CLOSE_APPEAL, [id, thanks ?? null, now.toISOString()])
    ).rows[0];
    if (!row) throw new NotFoundError(`appeal ${id}`);
    return { result: toPublicAppeal(row), events: [await publishAppeal(session, row)] };
  });
  return result;
}

export async function getPublicAppeal(pool: pg.Pool, id: string): Promise<PublicAppeal> {
  const row = (await pool.query<AppealRow>(SELECT_PUBLIC_APPEAL, [id])).rows[0];
  // An appeal on an incident the public cannot see answers 404, like the incident itself.
  if (!row) throw new NotFoundError(`appeal ${id}`);
  return toPublicAppeal(row);
}

export async function listPublicAppeals(
  pool: pg.Pool,
  query: AppealListQuery,
): Promise<PublicAppeal[]> {
  let bbox: [number, number, number, number] | undefined;
  if (query.bbox !== undefined) {
    const parsed = parseBbox(query.bbox);
    if (!parsed.ok) throw new InvalidRequestError(parsed.message);
    bbox = parsed.bbox;
  }
  const sql = buildPublicAppealList({ bbox, state: query.state, limit: query.limit ?? 100 });
  return (await pool.query<AppealRow>(sql.text, sql.values)).rows.map(toPublicAppeal);
}
