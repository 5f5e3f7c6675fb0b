import type pg from 'pg';
import { appendEvents } from '../audit/events.service.js';
import type { CategoryResolver } from './category-resolver.js';
import {
  copyIntoStaging,
  CREATE_STAGING,
  DROP_STAGING,
  insertIntoStaging,
  type StagingLoader,
} from './copy-loader.js';
import { lonLatProblem } from './field-parsers.js';
import { importBatchEvent } from './import-event.js';
import type { ImportRow, Rejection } from './import-row.js';
import { hasControlCharacters, stageRow, type StagedRow } from './staged-row.js';

export interface BatchOutcome {
  inserted: number;
  duplicates: number;
  rejections: Rejection[];
}

const INSERT_FROM_STAGING = `
  INSERT INTO incidents (id, category, priority, status, summary, public_summary, occurred_at,
    reported_at, location, visibility, public_location, source, external_ref, created_at, updated_at)
  SELECT id, category, priority, 'open', summary, public_summary, occurred_at, occurred_at,
    ST_SetSRID(ST_MakePoint(lon, lat), 4326), visibility,
    CASE WHEN public_lon IS NULL THEN NULL
         ELSE ST_SetSRID(ST_MakePoint(public_lon, public_lat), 4326) END,
    $1, external_ref, $2, $2
  FROM import_staging
  ON CONFLICT (source, external_ref) DO NOTHING
  RETURNING id`;

const TRANSFORM_TO_WGS84 = `
  SELECT ST_X(g) AS lon, ST_Y(g) AS lat FROM (
    SELECT ord, ST_Transform(ST_SetSRID(ST_MakePoint(x, y), $3::int), 4326) AS g
    FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(x, y, ord)) AS p
  ORDER BY ord`;

/**
 * Writes batches of rows on one client (the embedded database has a single connection):
 * projected coordinates are transformed in PostGIS first, then each row is masked and
 * redacted, COPYed into a temporary staging table, and moved into incidents together with
 * one summary event, in one transaction. A duplicate (source, external_ref) is counted, not
 * an error.
 */
export class BatchWriter {
  #batch = 0;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly resolver: CategoryResolver,
    private readonly meta: { importId: string; source: string; format: string },
    private readonly loader: StagingLoader = 'copy',
  ) {}

  async open(): Promise<void> {
    await this.client.query(CREATE_STAGING);
  }

  async close(): Promise<void> {
    await this.client.query(DROP_STAGING);
  }

  async write(rows: readonly ImportRow[]): Promise<BatchOutcome> {
    const rejections: Rejection[] = [];
    const lonLats = await this.#toLonLat(rows);
    const staged: StagedRow[] = [];
    rows.forEach((row, i) => {
      const lonLat = lonLats[i];
      const problem = lonLat ? lonLatProblem(lonLat.lon, lonLat.lat) : 'no coordinates';
      if (problem !== null || !lonLat) {
        rejections.push({ position: row.position, reason: problem ?? 'no coordinates' });
        return;
      }
      if (hasControlCharacters(row.externalRef)) {
        rejections.push({ position: row.position, reason: 'control characters in the id' });
        return;
      }
      const resolved = this.resolver.resolve(row.category);
      if (!resolved.ok) {
        rejections.push({
          position: row.position,
          reason: resolved.reason,
          detail: resolved.detail,
        });
        return;
      }
      staged.push(stageRow(row, lonLat, resolved.category, resolved.policy));
    });
    const inserted = await this.#insert(staged);
    return { inserted, duplicates: staged.length - inserted, rejections };
  }

  async #toLonLat(rows: readonly ImportRow[]): Promise<({ lon: number; lat: number } | null)[]> {
    const result: ({ lon: number; lat: number } | null)[] = rows.map((row) =>
      row.srid === 4326 ? { lon: row.x, lat: row.y } : null,
    );
    const bySrid = new Map<number, number[]>();
    rows.forEach((row, i) => {
      if (row.srid === 4326) return;
      const indexes = bySrid.get(row.srid);
      if (indexes) indexes.push(i);
      else bySrid.set(row.srid, [i]);
    });
    for (const [srid, indexes] of bySrid) {
      const transformed = await this.client.query<{ lon: number; lat: number }>(
        TRANSFORM_TO_WGS84,
        [indexes.map((i) => rows[i]?.x), indexes.map((i) => rows[i]?.y), srid],
      );
      transformed.rows.forEach((point, k) => {
        const index = indexes[k];
        if (index !== undefined) result[index] = point;
      });
    }
    return result;
  }

  async #insert(staged: readonly StagedRow[]): Promise<number> {
    if (staged.length === 0) return 0;
    this.#batch += 1;
    const client = this.client;
    await client.query('BEGIN');
    try {
      if (this.loader === 'copy') await copyIntoStaging(client, staged);
      else await insertIntoStaging(client, staged);
      const inserted = await client.query<{ id: string }>(INSERT_FROM_STAGING, [
        this.meta.source,
        new Date().toISOString(),
      ]);
      const ids = new Set(inserted.rows.map((row) => row.id));
      if (ids.size > 0) {
        // Last before COMMIT: it takes the chain lock (events.service.ts).
        await appendEvents(client, [
          importBatchEvent({
            ...this.meta,
            batch: this.#batch,
            rows: staged.filter((row) => ids.has(row.id)),
          }),
        ]);
      }
      await client.query('COMMIT');
      return ids.size;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}
