import type pg from 'pg';
import { UUID_PATTERN } from '../../shared/schemas/common.js';
import type { PublicObservationFeature } from '../../shared/schemas/observation.js';
import {
  OPEN311_MAX_REQUESTS,
  OPEN311_MAX_SPAN_DAYS,
  type Open311Request,
  type Open311RequestsQuery,
  type Open311Token,
} from '../../shared/schemas/open311.js';
import { groupFeatures } from '../observations/observation-store.js';
import { badRequest, notFound } from './open311-errors.js';
import { isServiceCode } from './open311-services.js';
import type { Open311Text } from './open311-text.js';
import {
  SELECT_GROUP_OF_TOKEN,
  selectRequestGroups,
  type RequestFilter,
} from './open311.queries.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const UUID = new RegExp(UUID_PATTERN);
// The W3C profile of ISO 8601 the spec names, with its zone required.
const W3C_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function list(text: string | undefined): string[] | null {
  if (text === undefined || text.trim() === '') return null;
  return [...new Set(text.split(',').map((part) => part.trim()))];
}

function dateOf(name: string, text: string | undefined, problems: string[]): Date | null {
  if (text === undefined || text === '') return null;
  const date = new Date(text);
  if (!W3C_DATE_TIME.test(text) || Number.isNaN(date.getTime())) {
    problems.push(`${name} must be a W3C date-time with a zone, e.g. 2010-01-01T00:00:00Z`);
    return null;
  }
  return date;
}

/**
 * The spec's filters: service_request_id overrides the rest; otherwise service_code, status and
 * a window of at most 90 days (the most recent 90 days when no date is given, 90 days from the
 * one date given). Every problem is reported, each as its own error.
 */
export function requestFilter(query: Open311RequestsQuery, now = new Date()): RequestFilter {
  const problems: string[] = [];
  const ids = list(query.service_request_id);
  if (ids) {
    const bad = ids.filter((id) => !UUID.test(id));
    if (bad.length > 0) problems.push(`service_request_id ${bad.join(', ')} is not a request id`);
    if (ids.length > OPEN311_MAX_REQUESTS) {
      problems.push(`service_request_id names more than ${OPEN311_MAX_REQUESTS} requests`);
    }
    if (problems.length > 0) throw badRequest(...problems);
    return { ids, codes: null, start: null, end: null, statuses: null, limit: ids.length };
  }
  const codes = list(query.service_code);
  const unknown = codes?.filter((code) => !isServiceCode(code)) ?? [];
  if (unknown.length > 0) problems.push(`service_code ${unknown.join(', ')} is not a service`);
  const statuses = list(query.status);
  const badStatus = statuses?.filter((status) => status !== 'open' && status !== 'closed') ?? [];
  if (badStatus.length > 0)
    problems.push(`status must be open or closed, not ${badStatus.join(', ')}`);
  let start = dateOf('start_date', query.start_date, problems);
  let end = dateOf('end_date', query.end_date, problems);
  if (start && end && start > end) problems.push('start_date must not be after end_date');
  if (start && end && end.getTime() - start.getTime() > OPEN311_MAX_SPAN_DAYS * DAY_MS) {
    problems.push(`start_date and end_date may not span more than ${OPEN311_MAX_SPAN_DAYS} days`);
  }
  if (problems.length > 0) throw badRequest(...problems);
  if (!start && !end) end = now;
  if (!start && end) start = new Date(end.getTime() - OPEN311_MAX_SPAN_DAYS * DAY_MS);
  if (start && !end) end = new Date(start.getTime() + OPEN311_MAX_SPAN_DAYS * DAY_MS);
  return {
    ids: null,
    codes,
    start,
    end,
    statuses: statuses as RequestFilter['statuses'],
    limit: OPEN311_MAX_REQUESTS,
  };
}

interface GroupRow {
  group_id: string;
  requested_at: Date;
  updated_at: Date;
  closed: boolean;
}

/** A public item as a service request: its public point, moderated text and states only. */
function toRequest(
  feature: PublicObservationFeature,
  row: GroupRow,
  text: Open311Text,
): Open311Request {
  const { properties } = feature;
  const [long, lat] = feature.geometry.coordinates;
  const address = [properties.place, properties.district].filter(Boolean).join(', ');
  return {
    service_request_id: feature.id,
    status: row.closed ? 'closed' : 'open',
    status_notes: text.statusNotes[properties.verification],
    service_name: text.serviceName[properties.category],
    service_code: properties.category,
    description: properties.text,
    agency_responsible: text.agency,
    service_notice: null,
    requested_datetime: row.requested_at.toISOString(),
    updated_datetime: row.updated_at.toISOString(),
    expected_datetime: null,
    address: address === '' ? null : address,
    address_id: null,
    zipcode: null,
    lat,
    long,
    media_url: null,
  };
}

export async function listRequests(
  pool: pg.Pool,
  filter: RequestFilter,
  text: Open311Text,
): Promise<Open311Request[]> {
  const sql = selectRequestGroups(filter);
  const rows = (await pool.query<GroupRow>(sql.text, sql.values)).rows;
  const features = new Map(
    (
      await groupFeatures(
        pool,
        rows.map((row) => row.group_id),
      )
    ).map((feature) => [feature.id, feature]),
  );
  return rows.flatMap((row) => {
    const feature = features.get(row.group_id);
    return feature ? [toRequest(feature, row, text)] : [];
  });
}

/** One request by its id: 404 unless the public may see it (a pending one does not exist). */
export async function getRequest(
  pool: pg.Pool,
  id: string,
  text: Open311Text,
): Promise<Open311Request[]> {
  const missing = notFound(`service_request_id ${id} was not found`);
  if (!UUID.test(id)) throw missing;
  const found = await listRequests(
    pool,
    { ids: [id], codes: null, start: null, end: null, statuses: null, limit: 1 },
    text,
  );
  if (found.length === 0) throw missing;
  return found;
}

/** A token (from POST) to its service_request_id, once a moderator made the request public. */
export async function requestOfToken(pool: pg.Pool, token: string): Promise<Open311Token[]> {
  const missing = notFound(
    `token ${token} was not found, or its request is not public yet (it waits for a moderator)`,
  );
  if (!UUID.test(token)) throw missing;
  const row = (await pool.query<{ group_id: string }>(SELECT_GROUP_OF_TOKEN, [token])).rows[0];
  if (!row) throw missing;
  return [{ service_request_id: row.group_id, token }];
}
