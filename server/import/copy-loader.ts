import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { StagedRow } from './staged-row.js';

/** Created once per import session; emptied by every COMMIT. Temporary, so never WAL-logged. */
export const CREATE_STAGING = `
  CREATE TEMPORARY TABLE IF NOT EXISTS import_staging (
    id uuid, position integer, category text, priority smallint, summary text,
    public_summary text, occurred_at timestamptz, lon float8, lat float8, visibility text,
    public_lon float8, public_lat float8, external_ref text
  ) ON COMMIT DELETE ROWS`;

export const DROP_STAGING = 'DROP TABLE IF EXISTS pg_temp.import_staging';

const COPY_STAGING = `COPY import_staging (id, position, category, priority, summary,
  public_summary, occurred_at, lon, lat, visibility, public_lon, public_lat, external_ref)
  FROM STDIN`;

// COPY's text format: backslash escapes, \N for NULL.
function field(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

function copyLine(row: StagedRow): string {
  return `${[
    row.id,
    row.position,
    row.category,
    row.priority,
    row.summary,
    row.publicSummary,
    row.occurredAt,
    row.lon,
    row.lat,
    row.visibility,
    row.publicLon,
    row.publicLat,
    row.externalRef,
  ]
    .map(field)
    .join('\t')}\n`;
}

const CHUNK_ROWS = 500;

/** Loads rows into the staging table with COPY FROM STDIN, on the caller's client. */
export async function copyIntoStaging(
  client: pg.PoolClient,
  rows: readonly StagedRow[],
): Promise<void> {
  const stream = client.query(copyFrom(COPY_STAGING));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const chunk = rows
      .slice(start, start + CHUNK_ROWS)
      .map(copyLine)
      .join('');
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
  await finished;
}

const INSERT_STAGING = `
  INSERT INTO import_staging (id, position, category, priority, summary, public_summary,
    occurred_at, lon, lat, visibility, public_lon, public_lat, external_ref)
  SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::smallint[], $5::text[], $6::text[],
    $7::timestamptz[], $8::float8[], $9::float8[], $10::text[], $11::float8[], $12::float8[],
    $13::text[])`;

const INSERT_CHUNK_ROWS = 1000;

/**
 * The same load without COPY, for the embedded database: its socket server does not speak the
 * COPY FROM STDIN sub-protocol (the connection loses protocol synchronisation).
 */
export async function insertIntoStaging(
  client: pg.PoolClient,
  rows: readonly StagedRow[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
    const chunk = rows.slice(start, start + INSERT_CHUNK_ROWS);
    const column = <T>(pick: (row: StagedRow) => T) => chunk.map(pick);
    await client.query(INSERT_STAGING, [
      column((r) => r.id),
      column((r) => r.position),
      column((r) => r.category),
      column((r) => r.priority),
      column((r) => r.summary),
      column((r) => r.publicSummary),
      column((r) => r.occurredAt),
      column((r) => r.lon),
      column((r) => r.lat),
      column((r) => r.visibility),
      column((r) => r.publicLon),
      column((r) => r.publicLat),
      column((r) => r.externalRef),
    ]);
  }
}

export type StagingLoader = 'copy' | 'insert';
