import type pg from 'pg';
import { encodeTileRows, type TileRow } from './node-tile-encoder.js';
import {
  buildMvtQuery,
  buildTileRowsQuery,
  POSTGIS_BUILD,
  type TileEncoding,
  type TileRequest,
} from './tiles.queries.js';

const encodingByPool = new WeakMap<pg.Pool, Promise<TileEncoding>>();

/**
 * Whether this database can encode tiles itself: PostGIS without protobuf (the embedded PGlite
 * one) has no ST_AsMVT, and tiles are then encoded in Node from the same rows. Read from the
 * build description rather than by trying ST_AsMVT, because a failed statement drops the
 * embedded database's one connection. Asked once per pool; a failed query is asked again.
 */
export function detectTileEncoding(pool: pg.Pool): Promise<TileEncoding> {
  let known = encodingByPool.get(pool);
  if (!known) {
    known = pool.query<{ build: string }>(POSTGIS_BUILD).then(
      (result): TileEncoding =>
        /LIBPROTOBUF=/.test(result.rows[0]?.build ?? '') ? 'postgis' : 'node',
      (error: unknown) => {
        encodingByPool.delete(pool);
        throw error;
      },
    );
    encodingByPool.set(pool, known);
  }
  return known;
}

/** The tile's bytes (a Mapbox Vector Tile; zero bytes when nothing is in it). */
export async function renderTile(
  pool: pg.Pool,
  request: TileRequest,
  encoding: TileEncoding,
): Promise<Buffer> {
  if (encoding === 'postgis') {
    const { text, values } = buildMvtQuery(request);
    const result = await pool.query<{ tile: Buffer | null }>(text, values);
    return result.rows[0]?.tile ?? Buffer.alloc(0);
  }
  const { text, values } = buildTileRowsQuery(request, 'node');
  const result = await pool.query<TileRow>(text, values);
  return encodeTileRows(result.rows);
}
