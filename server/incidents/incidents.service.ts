import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { findCategory, type PublicPolicy } from '../../shared/categories.js';
import { seesExactLocations, type Role } from '../../shared/roles.js';
import type {
  IncidentCollection,
  IncidentCreate,
  IncidentFeature,
  IncidentListQuery,
  IncidentPatch,
} from '../../shared/schemas/incident.js';
import { parseBbox } from '../../shared/geo/bbox.js';
import { appendEvents } from '../audit/events.service.js';
import { ExternalRefConflictError, InvalidRequestError, NotFoundError } from '../errors.js';
import { writeOnce, type WriteResult } from '../idempotency/idempotency.service.js';
import { publicLocation } from '../privacy/geomask.js';
import { redactText } from '../privacy/redact-text.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { incidentEvent } from './incident-events.js';
import { toDispatcherFeature, toPublicFeature, type IncidentRow } from './incident-row.js';
import {
  INSERT_INCIDENT,
  SELECT_BY_SOURCE_REF,
  SELECT_FOR_UPDATE,
  SELECT_ONE_DISPATCHER,
  SELECT_ONE_PUBLIC,
  UPDATE_INCIDENT,
  buildListQuery,
} from './incidents.queries.js';

/** A client that may write: its id scopes idempotency keys, its name is the incident source. */
export interface Author {
  keyId: string;
  source: string;
}

export interface WriteOptions {
  idempotencyKey: string | undefined;
  request: unknown;
}

// Clocks of CAD systems drift; a report dated further ahead than this is a mistake.
const MAX_FUTURE_MS = 5 * 60 * 1000;

function policyOf(category: string): PublicPolicy {
  const found = findCategory(category);
  if (!found) throw new InvalidRequestError(`unknown category "${category}"`);
  return found.policy;
}

function normaliseTimes(input: IncidentCreate, now: Date) {
  const reportedAt = input.reportedAt ? new Date(input.reportedAt) : now;
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : reportedAt;
  if (reportedAt.getTime() > now.getTime() + MAX_FUTURE_MS) {
    throw new InvalidRequestError('reportedAt lies in the future');
  }
  if (occurredAt.getTime() > reportedAt.getTime() + MAX_FUTURE_MS) {
    throw new InvalidRequestError('occurredAt lies after reportedAt');
  }
  return { reportedAt: reportedAt.toISOString(), occurredAt: occurredAt.toISOString() };
}

function sameContent(row: IncidentRow, input: IncidentCreate): boolean {
  return (
    row.category === input.category &&
    row.priority === input.priority &&
    row.summary === input.summary &&
    row.exact_lon === input.location.lon &&
    row.exact_lat === input.location.lat &&
    (input.occurredAt === undefined ||
      row.occurred_at.getTime() === new Date(input.occurredAt).getTime())
  );
}

export function createIncident(
  pool: pg.Pool,
  author: Author,
  input: IncidentCreate,
  options: WriteOptions,
): Promise<WriteResult<IncidentFeature>> {
  const scope = { principal: author.keyId, key: options.idempotencyKey, request: options.request };
  return writeOnce(pool, scope, async (client) => {
    const now = new Date();
    const { reportedAt, occurredAt } = normaliseTimes(input, now);
    const visibility = policyOf(input.category);
    const masked = publicLocation(input.location, visibility);
    const inserted = await client.query<IncidentRow>(INSERT_INCIDENT, [
      uuidv7(),
      input.category,
      input.priority,
      input.summary,
      redactText(input.summary),
      occurredAt,
      reportedAt,
      input.location.lon,
      input.location.lat,
      visibility,
      masked?.lon ?? null,
      masked?.lat ?? null,
      author.source,
      input.externalRef ?? null,
      now.toISOString(),
    ]);
    const row = inserted.rows[0];
    if (!row) return existingByExternalRef(client, author, input);
    await appendEvents(client, [incidentEvent('incident.created', row, [])]);
    return { statusCode: 201, body: toDispatcherFeature(row) };
  });
}

async function existingByExternalRef(
  client: pg.PoolClient,
  author: Author,
  input: IncidentCreate,
): Promise<WriteResult<IncidentFeature>> {
  const externalRef = input.externalRef ?? '';
  const found = await client.query<IncidentRow>(SELECT_BY_SOURCE_REF, [author.source, externalRef]);
  const row = found.rows[0];
  if (!row) throw new Error('insert conflicted on externalRef but no incident has it');
  if (!sameContent(row, input)) throw new ExternalRefConflictError(externalRef);
  return { statusCode: 200, body: toDispatcherFeature(row) };
}

const PATCHABLE = ['category', 'priority', 'status', 'summary'] as const;

export function updateIncident(
  pool: pg.Pool,
  author: Author,
  id: string,
  patch: IncidentPatch,
  options: WriteOptions,
): Promise<WriteResult<IncidentFeature>> {
  const scope = { principal: author.keyId, key: options.idempotencyKey, request: options.request };
  return writeOnce(pool, scope, async (client) => {
    const current = (await client.query<IncidentRow>(SELECT_FOR_UPDATE, [id])).rows[0];
    if (!current) throw new NotFoundError(`incident ${id}`);
    const next = {
      category: patch.category ?? current.category,
      priority: patch.priority ?? current.priority,
      status: patch.status ?? current.status,
      summary: patch.summary ?? current.summary ?? '',
    };
    const changes = PATCHABLE.filter((field) => next[field] !== current[field]);
    if (changes.length === 0) return { statusCode: 200, body: toDispatcherFeature(current) };
    const visibility = policyOf(next.category);
    const masked = publicLocation(
      { lon: current.exact_lon ?? 0, lat: current.exact_lat ?? 0 },
      visibility,
    );
    const updated = await client.query<IncidentRow>(UPDATE_INCIDENT, [
      id,
      next.category,
      next.priority,
      next.status,
      next.summary,
      redactText(next.summary),
      visibility,
      masked?.lon ?? null,
      masked?.lat ?? null,
      new Date().toISOString(),
    ]);
    const row = updated.rows[0];
    if (!row) throw new NotFoundError(`incident ${id}`);
    await appendEvents(client, [incidentEvent('incident.updated', row, changes, current)]);
    return { statusCode: 200, body: toDispatcherFeature(row) };
  });
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
  let bbox: [number, number, number, number] | undefined;
  if (query.bbox !== undefined) {
    const parsed = parseBbox(query.bbox);
    if (!parsed.ok) throw new InvalidRequestError(parsed.message);
    bbox = parsed.bbox;
  }
  if (query.from && query.to && new Date(query.from) >= new Date(query.to)) {
    throw new InvalidRequestError('from must be earlier than to');
  }
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
