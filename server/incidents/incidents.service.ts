import type pg from 'pg';
import { seesExactLocations, type Role } from '../../shared/roles.js';
import type {
  IncidentCollection,
  IncidentFeature,
  IncidentListQuery,
  IncidentPatch,
} from '../../shared/schemas/incident.js';
import { parsePlaceAndTime } from '../../shared/geo/place-and-time.js';
import { PLACE_CHANGES } from '../../shared/layers/incidents.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import { withholdableEvents, withholdingEvent } from '../audit/withholding.service.js';
import { keyedWrite, type WriteResult } from '../idempotency/idempotency.service.js';
import type { DispatcherIncidentFeature } from '../../shared/schemas/incident-feature.js';
import { publicLocation } from '../privacy/geomask.js';
import { blockShownUnder } from '../privacy/place-description.js';
import { redactText } from '../privacy/redact-text.js';
import type { NewEvent } from '../record/events.js';
import type { RecordSession } from '../record/record-session.js';
import type { AnsweredWrite, RecordWriter } from '../record/record-writer.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { incidentEvent } from './incident-events.js';
import { placeRecords } from './incident-places.js';
import { toDispatcherFeature, toPublicFeature, type IncidentRow } from './incident-row.js';
import { incidentsTable, recordOfRow, type IncidentRecord } from './incident-table.js';
import { policyOf, type Author } from './incident-rules.js';
import { isCoarser, nextVisibility } from './visibility.js';
import {
  SELECT_FOR_UPDATE,
  SELECT_LAST_EVENT_OF_INCIDENT,
  SELECT_ONE_DISPATCHER,
  SELECT_ONE_PUBLIC,
  buildListQuery,
} from './incidents.queries.js';

export interface WriteOptions {
  idempotencyKey: string | undefined;
  /** What the client asked (method, path, body): an Idempotency-Key is bound to it. */
  request: unknown;
}

/** One change of an incident: the row before and after, and the fields that changed. */
export interface IncidentChange {
  before: IncidentRow;
  after: IncidentRow;
  changes: readonly string[];
}

/**
 * What keeps itself in step with an incident (a response's copies of its category and
 * priority): called in the incident's transaction, its lock held, it returns its own events.
 * Given by the caller, so that this feature does not import those that follow it.
 */
export type IncidentFollower = (
  session: RecordSession<pg.PoolClient>,
  change: IncidentChange,
) => Promise<NewEvent[]>;

const PATCHABLE = ['category', 'priority', 'status', 'summary'] as const;

export function updateIncident(
  records: RecordWriter,
  author: Author,
  id: string,
  patch: IncidentPatch,
  options: WriteOptions & { followers?: readonly IncidentFollower[] },
): Promise<WriteResult<DispatcherIncidentFeature>> {
  const keyed = keyedWrite(author.keyId, options.idempotencyKey, options.request);
  return records.writeOne(keyed, (session) =>
    applyIncidentPatch(session, id, patch, options.followers ?? []),
  );
}

/**
 * Changes an incident inside the caller's transaction (the API's PATCH, or a response step that
 * moves its status): the row, its events, and those of its followers.
 */
export async function applyIncidentPatch(
  session: RecordSession<pg.PoolClient>,
  id: string,
  patch: IncidentPatch,
  followers: readonly IncidentFollower[],
): Promise<AnsweredWrite<DispatcherIncidentFeature>> {
  const current = (await session.db.query<IncidentRow>(SELECT_FOR_UPDATE, [id])).rows[0];
  if (!current) throw new NotFoundError(`incident ${id}`);
  const next = {
    category: patch.category ?? current.category,
    priority: patch.priority ?? current.priority,
    status: patch.status ?? current.status,
    summary: patch.summary ?? current.summary ?? '',
  };
  const changes = PATCHABLE.filter((field) => next[field] !== current[field]);
  if (changes.length === 0) {
    return { statusCode: 200, body: toDispatcherFeature(current), events: [] };
  }
  const record = recordOfRow(current);
  const visibility = nextVisibility(current.visibility, policyOf(next.category));
  const updated = {
    ...record,
    ...next,
    publicSummary: redactText(next.summary),
    visibility,
    publicLocation: publicLocation(record.location, visibility),
    updatedAt: new Date().toISOString(),
  };
  // A coarser policy moves the public point (so maybe its district) and may hide the block.
  const [placed] =
    visibility === current.visibility
      ? [updated]
      : await placeRecords(session.db, [
          { ...updated, publicBlock: blockShownUnder(visibility, record.publicBlock) },
        ]);
  if (!placed) throw new NotFoundError(`incident ${id}`);
  const [row] = await session.update<IncidentRow, IncidentRecord>(incidentsTable, [placed]);
  if (!row) throw new NotFoundError(`incident ${id}`);
  const last = await session.db.query<{ id: number }>(SELECT_LAST_EVENT_OF_INCIDENT, [id]);
  const previous = { row: current, lastEventId: last.rows[0]?.id ?? 0 };
  // A coarser policy recomputes every place field from the new public point: all are named,
  // because whether one of them differs would tell about the earlier, finer point that this
  // change withholds (the district of a 150 m cell near a border, say).
  const placeChanges = visibility === current.visibility ? [] : PLACE_CHANGES;
  const events = [incidentEvent('incident.updated', row, [...changes, ...placeChanges], previous)];
  if (isCoarser(visibility, current.visibility)) {
    const earlier = await withholdableEvents(session.db, 'incident', id);
    if (earlier.length > 0) {
      events.push(withholdingEvent(earlier, 'policy_coarsened', { incidentId: id }));
    }
  }
  for (const follow of followers) {
    events.push(...(await follow(session, { before: current, after: row, changes })));
  }
  return { statusCode: 200, body: toDispatcherFeature(row), events };
}

export async function getIncident(pool: pg.Pool, role: Role, id: string): Promise<IncidentFeature> {
  const exact = seesExactLocations(role);
  const result = await pool.query<IncidentRow>(exact ? SELECT_ONE_DISPATCHER : SELECT_ONE_PUBLIC, [
    id,
  ]);
  const row = result.rows[0];
  const feature = row && (exact ? toDispatcherFeature(row) : toPublicFeature(row));
  // Incidents kept out of public output answer 404, so that their existence does not leak.
  if (!feature) throw new NotFoundError(`incident ${id}`);
  return feature;
}

export async function listIncidents(
  pool: pg.Pool,
  role: Role,
  query: IncidentListQuery,
): Promise<IncidentCollection> {
  const exact = seesExactLocations(role);
  const checked = parsePlaceAndTime(query);
  if (!checked.ok) throw new InvalidRequestError(checked.message);
  const { bbox } = checked;
  const limit = query.limit ?? 100;
  const sql = buildListQuery({
    exact,
    bbox,
    from: query.from,
    to: query.to,
    categories: query.category,
    statuses: query.status,
    cursor: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    limit,
  });
  const rows = (await pool.query<IncidentRow>(sql.text, sql.values)).rows;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const features = page
    .map((row) => (exact ? toDispatcherFeature(row) : toPublicFeature(row)))
    .filter((feature): feature is IncidentFeature => feature !== null);
  return {
    type: 'FeatureCollection',
    features,
    nextCursor: rows.length > limit && last ? encodeCursor(last.occurred_at, last.id) : null,
  };
}
