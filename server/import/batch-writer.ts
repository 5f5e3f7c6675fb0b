import type pg from 'pg';
import { incidentsTable } from '../incidents/incident-table.js';
import type { BulkLoad, BulkLoader } from '../record/bulk-loader.js';
import type { RecordWriter } from '../record/record-writer.js';
import type { CategoryResolver } from './category-resolver.js';
import { lonLatProblem } from './field-parsers.js';
import { importBatchEvent } from './import-event.js';
import type { ImportRow, Rejection } from './import-row.js';
import { placeRecords } from '../incidents/incident-places.js';
import {
  hasControlCharacters,
  stageRow,
  type StagedRow,
  type UnplacedStagedRow,
} from './staged-row.js';

export interface BatchOutcome {
  inserted: number;
  duplicates: number;
  rejections: Rejection[];
}

const TRANSFORM_TO_WGS84 = `
  SELECT ST_X(g) AS lon, ST_Y(g) AS lat FROM (
    SELECT ord, ST_Transform(ST_SetSRID(ST_MakePoint(x, y), $3::int), 4326) AS g
    FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(x, y, ord)) AS p
  ORDER BY ord`;

/**
 * Writes batches of rows on one client (the embedded database has a single connection):
 * projected coordinates are transformed in PostGIS first, then each row is masked and
 * redacted, its public point's district looked up, and the record writer loads the batch (COPY, or INSERT where COPY cannot go) with
 * one summary event, in one transaction. A duplicate (source, external_ref) is counted, not
 * an error.
 */
export class BatchWriter {
  #batch = 0;
  readonly #loader: BulkLoader<StagedRow>;

  constructor(
    private readonly client: pg.PoolClient,
    records: RecordWriter,
    private readonly resolver: CategoryResolver,
    private readonly meta: { importId: string; source: string; format: string },
    load: BulkLoad = 'copy',
  ) {
    this.#loader = records.bulk(client, incidentsTable, load);
  }

  async open(): Promise<void> {
    await this.#loader.open();
  }

  async close(): Promise<void> {
    await this.#loader.close();
  }

  async write(rows: readonly ImportRow[]): Promise<BatchOutcome> {
    const rejections: Rejection[] = [];
    const lonLats = await this.#toLonLat(rows);
    const staged: UnplacedStagedRow[] = [];
    const batch = { source: this.meta.source, createdAt: new Date().toISOString() };
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
      staged.push(stageRow(row, lonLat, resolved, batch));
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

  async #insert(staged: readonly UnplacedStagedRow[]): Promise<number> {
    if (staged.length === 0) return 0;
    this.#batch += 1;
    const batch = this.#batch;
    const inserted = await this.#loader.writeCompleted(staged, placeRecords, (rows) => [
      importBatchEvent({ ...this.meta, batch, rows }),
    ]);
    return inserted.length;
  }
}
