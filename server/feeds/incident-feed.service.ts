import type pg from 'pg';
import { CATEGORY_SLUGS } from '../../shared/categories.js';
import { parseBbox } from '../../shared/geo/bbox.js';
import { INCIDENT_FEED_ENTRIES, type IncidentFeedQuery } from '../../shared/schemas/feed.js';
import type { PublicIncidentFeature } from '../../shared/schemas/incident-feature.js';
import { InvalidRequestError } from '../errors.js';
import {
  SELECT_DISTRICT,
  SELECT_HEAD_ID,
  selectFeedEvents,
  type FeedFilter,
} from './incident-feed.queries.js';

/** Event ids read per window, and how far back a feed without an area looks at most. */
const WINDOW_IDS = 5_000;
const MAX_WINDOWS = 20;

/** One public change of an incident, as its event's public part says it. */
export interface FeedChange {
  eventId: number;
  kind: 'created' | 'status';
  /** The event's time where its public part gives it, else the feature's last update. */
  at: string;
  feature: PublicIncidentFeature;
}

interface FeedRow {
  id: number;
  type: string;
  public: { at?: string; feature: PublicIncidentFeature };
}

/** The area and categories of the query; 400 for a bad bbox, both areas, a wrong category. */
export async function feedFilter(pool: pg.Pool, query: IncidentFeedQuery): Promise<FeedFilter> {
  if (query.bbox !== undefined && query.district !== undefined) {
    throw new InvalidRequestError('Give bbox or district, not both');
  }
  let bbox: FeedFilter['bbox'] = null;
  if (query.bbox !== undefined) {
    const parsed = parseBbox(query.bbox);
    if (!parsed.ok) throw new InvalidRequestError(parsed.message);
    bbox = parsed.bbox;
  }
  if (query.district !== undefined) {
    const found = await pool.query(SELECT_DISTRICT, [query.district]);
    if (found.rowCount === 0)
      throw new InvalidRequestError(`district ${query.district} is not a district`);
  }
  const categories =
    query.categories === undefined || query.categories.trim() === ''
      ? null
      : [...new Set(query.categories.split(',').map((slug) => slug.trim()))];
  const unknown = categories?.filter(
    (slug) => !(CATEGORY_SLUGS as readonly string[]).includes(slug),
  );
  if (unknown && unknown.length > 0) {
    throw new InvalidRequestError(`categories: ${unknown.join(', ')} is not a category`);
  }
  return { bbox, district: query.district ?? null, categories, limit: INCIDENT_FEED_ENTRIES };
}

/**
 * The newest public changes (new incidents, status changes) that match, newest first. Without
 * an area, the record is read back from its head a window at a time, at most the newest
 * 100,000 events: a rare category's older changes are left out rather than scanned for.
 */
export async function readFeedChanges(pool: pg.Pool, filter: FeedFilter): Promise<FeedChange[]> {
  const rows: FeedRow[] = [];
  if (filter.bbox || filter.district) {
    const sql = selectFeedEvents(filter, { above: 0, upTo: Number.MAX_SAFE_INTEGER });
    rows.push(...(await pool.query<FeedRow>(sql.text, sql.values)).rows);
  } else {
    let upTo = (await pool.query<{ id: number }>(SELECT_HEAD_ID)).rows[0]?.id ?? 0;
    for (
      let window = 0;
      window < MAX_WINDOWS && upTo > 0 && rows.length < filter.limit;
      window += 1
    ) {
      const above = Math.max(0, upTo - WINDOW_IDS);
      const sql = selectFeedEvents(
        { ...filter, limit: filter.limit - rows.length },
        { above, upTo },
      );
      rows.push(...(await pool.query<FeedRow>(sql.text, sql.values)).rows);
      upTo = above;
    }
  }
  return rows.map((row) => ({
    eventId: row.id,
    kind: row.type === 'incident.created' ? 'created' : 'status',
    at: row.public.at ?? row.public.feature.properties.updatedAt,
    feature: row.public.feature,
  }));
}
