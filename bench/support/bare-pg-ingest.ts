/**
 * The floor of the ingest path: incident rows and their chained events written through bare
 * `pg`, with hand-written SQL, in the batches Openbeat's group commit made. The rows and the
 * prepared events (hashed parts) are read back from what Openbeat wrote, so the floor does the
 * database's share of the same work and nothing else: no HTTP, no rules, no hashing.
 */
import type pg from 'pg';

interface IncidentValues {
  id: string;
  category: string;
  priority: number;
  status: string;
  summary: string;
  public_summary: string;
  occurred_at: string;
  reported_at: string;
  lon: number;
  lat: number;
  visibility: string;
  public_lon: number | null;
  public_lat: number | null;
  source: string;
  external_ref: string | null;
  created_at: string;
  updated_at: string;
}

/** One transaction of Openbeat's: its rows and their events, as append_events() takes them. */
export interface ReplayBatch {
  rows: IncidentValues[];
  events: Record<string, unknown>[];
}

interface WrittenRow extends IncidentValues {
  event_id: number;
  tx: string;
  type: string;
  entity_type: string;
  at: string;
  public: unknown;
  private: unknown;
  public_hash: string;
  private_hash: string;
  content_hash: string;
}

// Events of one transaction share its xmin: each batch of the group commit is one transaction.
const SELECT_WRITTEN = `
  SELECT e.id::float8 AS event_id, e.xmin::text AS tx, e.type, e.entity_type,
         to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
         e.public, e.private, e.public_hash, e.private_hash, e.content_hash,
         i.id, i.category, i.priority, i.status, i.summary, i.public_summary,
         i.occurred_at::text, i.reported_at::text, ST_X(i.location) AS lon, ST_Y(i.location) AS lat,
         i.visibility, ST_X(i.public_location) AS public_lon, ST_Y(i.public_location) AS public_lat,
         i.source, i.external_ref, i.created_at::text, i.updated_at::text
  FROM events AS e JOIN incidents AS i ON i.id = e.entity_id
  WHERE e.id > $1 AND e.entity_type = 'incident'
  ORDER BY e.id`;

/** Openbeat's batches after an event id, in commit order, and the last event id read. */
export async function readWrittenBatches(
  pool: pg.Pool,
  afterEventId: number,
): Promise<{ batches: ReplayBatch[]; lastEventId: number }> {
  const written = await pool.query<WrittenRow>(SELECT_WRITTEN, [afterEventId]);
  const batches: ReplayBatch[] = [];
  let current: { tx: string; batch: ReplayBatch } | undefined;
  let lastEventId = afterEventId;
  for (const row of written.rows) {
    const { event_id, tx, type, entity_type, at, public_hash, private_hash, content_hash } = row;
    if (current?.tx !== tx) {
      current = { tx, batch: { rows: [], events: [] } };
      batches.push(current.batch);
    }
    current.batch.rows.push({
      id: row.id,
      category: row.category,
      priority: row.priority,
      status: row.status,
      summary: row.summary,
      public_summary: row.public_summary,
      occurred_at: row.occurred_at,
      reported_at: row.reported_at,
      lon: row.lon,
      lat: row.lat,
      visibility: row.visibility,
      public_lon: row.public_lon,
      public_lat: row.public_lat,
      source: row.source,
      external_ref: row.external_ref,
      created_at: row.created_at,
      updated_at: row.updated_at,
    });
    current.batch.events.push({
      type,
      entity: entity_type,
      entityId: row.id,
      at,
      public: row.public,
      private: row.private,
      publicHash: public_hash,
      privateHash: private_hash,
      contentHash: content_hash,
    });
    lastEventId = Math.max(lastEventId, event_id);
  }
  return { batches, lastEventId };
}

// One statement per batch, as Openbeat's: the rows, then their events chained.
const INSERT_BATCH = `
  WITH inserted AS MATERIALIZED (
    INSERT INTO incidents (id, category, priority, status, summary, public_summary, occurred_at,
      reported_at, location, visibility, public_location, source, external_ref, created_at, updated_at)
    SELECT id, category, priority, status, summary, public_summary, occurred_at, reported_at,
      ST_SetSRID(ST_MakePoint(lon, lat), 4326), visibility,
      CASE WHEN public_lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(public_lon, public_lat), 4326) END,
      source, external_ref, created_at, updated_at
    FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::text[], $5::text[], $6::text[],
                $7::timestamptz[], $8::timestamptz[], $9::float8[], $10::float8[], $11::text[],
                $12::float8[], $13::float8[], $14::text[], $15::text[], $16::timestamptz[],
                $17::timestamptz[])
      AS r(id, category, priority, status, summary, public_summary, occurred_at, reported_at,
           lon, lat, visibility, public_lon, public_lat, source, external_ref, created_at, updated_at)
    RETURNING id
  )
  SELECT (SELECT count(*) FROM inserted) AS rows,
         (SELECT count(*) FROM append_events($18::jsonb)) AS events`;

function parameters(batch: ReplayBatch): unknown[] {
  const column = <K extends keyof IncidentValues>(key: K) => batch.rows.map((row) => row[key]);
  return [
    column('id'),
    column('category'),
    column('priority'),
    column('status'),
    column('summary'),
    column('public_summary'),
    column('occurred_at'),
    column('reported_at'),
    column('lon'),
    column('lat'),
    column('visibility'),
    column('public_lon'),
    column('public_lat'),
    column('source'),
    column('external_ref'),
    column('created_at'),
    column('updated_at'),
    JSON.stringify(batch.events),
  ];
}

/**
 * Writes the batches with `concurrency` of them in flight (as Openbeat's group commit keeps
 * two), each one statement in its own transaction. The parameters are built before the clock
 * starts. Returns the rows written and the seconds taken.
 */
export async function replayBatches(
  pool: pg.Pool,
  batches: readonly ReplayBatch[],
  concurrency: number,
): Promise<{ rows: number; seconds: number }> {
  const prepared = batches.map(parameters);
  let next = 0;
  let rows = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < prepared.length; i = next++) {
      const result = await pool.query<{ rows: string }>(INSERT_BATCH, prepared[i]);
      rows += Number(result.rows[0]?.rows ?? 0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { rows, seconds: (performance.now() - started) / 1000 };
}
