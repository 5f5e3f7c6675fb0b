/**
 * The SQL of an incident tile. One statement yields the tile's rows (points and counted cells,
 * tile-rules.ts); the PostGIS encoder wraps it in ST_AsMVT, the Node encoder reads its rows.
 * Only `public_location` and public columns are read, of `point`/`coarse` incidents only.
 */
import {
  CELL_UNITS,
  CELLS_PER_SIDE,
  EXTENT,
  LAYER_NAME,
  MIN_CELL_COUNT,
  POINT_BUFFER,
  tilePlan,
} from './tile-rules.js';

export interface TileRequest {
  z: number;
  x: number;
  y: number;
  from?: string;
  to?: string;
  categories?: string[];
}

export type TileEncoding = 'postgis' | 'node';

export interface TileSql {
  text: string;
  values: unknown[];
}

// Spherical Web Mercator (EPSG:3857) by arithmetic: at a million rows, ST_Transform per row
// costs most of a low-zoom tile. ST_AsMVTGeom, for the few points of a high-zoom tile, still
// gets ST_Transform; the two agree to far below a tile unit.
const MERCATOR_X = `ST_X(i.public_location) * 20037508.342789244 / 180`;
const MERCATOR_Y = `ln(tan(radians(90 + ST_Y(i.public_location)) / 2)) * 6378137`;

/** The properties of a tile feature; a point has the first five, a cell the last two. */
export const FEATURE_PROPERTIES = [
  'id',
  'category',
  'status',
  'priority',
  'occurredAt',
  'count',
  'topCategory',
] as const;

function pointGeometry(encoding: TileEncoding): string {
  if (encoding === 'postgis') {
    return `ST_AsMVTGeom(ST_Transform(m.public_location, 3857), tile.envelope, ${EXTENT}, ${POINT_BUFFER}, true) AS geom`;
  }
  // ST_AsMVTGeom's transform, for a PostGIS built without protobuf (the embedded one).
  return `round((m.merc_x - tile.min_x) * ${EXTENT} / tile.size)::int AS x,
      round((tile.max_y - m.merc_y) * ${EXTENT} / tile.size)::int AS y`;
}

function cellGeometry(encoding: TileEncoding): string {
  const x = `(cell_x * ${CELL_UNITS} + ${CELL_UNITS / 2})`;
  const y = `(cell_y * ${CELL_UNITS} + ${CELL_UNITS / 2})`;
  return encoding === 'postgis'
    ? `ST_MakePoint(${x}, ${y}) AS geom`
    : `${x}::int AS x, ${y}::int AS y`;
}

/** The rows of one tile, ordered so that the same data always encodes to the same bytes. */
export function buildTileRowsQuery(request: TileRequest, encoding: TileEncoding): TileSql {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const address = `${param(request.z)}::int, ${param(request.x)}::int, ${param(request.y)}::int`;
  const margin = param(POINT_BUFFER / EXTENT);
  const filters: string[] = [];
  if (request.from) filters.push(`i.occurred_at >= ${param(request.from)}::timestamptz`);
  if (request.to) filters.push(`i.occurred_at < ${param(request.to)}::timestamptz`);
  if (request.categories?.length) {
    filters.push(`i.category = ANY(${param(request.categories)}::text[])`);
  }
  const plan = tilePlan(request.z);
  const parts: string[] = [];

  if (plan.points !== 'none') {
    const visibility = plan.points === 'all' ? `('point', 'coarse')` : `('point')`;
    const located =
      encoding === 'postgis'
        ? 'geom IS NOT NULL'
        : `x BETWEEN ${-POINT_BUFFER} AND ${EXTENT + POINT_BUFFER} AND y BETWEEN ${-POINT_BUFFER} AND ${EXTENT + POINT_BUFFER}`;
    parts.push(`
      SELECT * FROM (
        SELECT ${pointGeometry(encoding)}, m.id::text AS id, m.category, m.status,
          m.priority::int AS priority, m.occurred_ms AS "occurredAt",
          NULL::int AS count, NULL::text AS "topCategory",
          0 AS part, -m.occurred_ms AS sort_a, m.id::text AS sort_b
        FROM matching m, tile WHERE m.visibility IN ${visibility}
      ) points WHERE ${located}`);
  }
  if (plan.cells) {
    const visibility = plan.points === 'none' ? `('point', 'coarse')` : `('coarse')`;
    parts.push(`
      SELECT ${cellGeometry(encoding)}, NULL::text AS id, NULL::text AS category,
        NULL::text AS status, NULL::int AS priority, NULL::bigint AS "occurredAt",
        total::int AS count, category AS "topCategory",
        1 AS part, (cell_y * ${CELLS_PER_SIDE} + cell_x)::bigint AS sort_a, '' AS sort_b
      FROM (
        SELECT cell_x, cell_y, category, sum(n) OVER cell AS total,
          row_number() OVER (cell ORDER BY n DESC, category) AS rank
        FROM (
          SELECT floor((m.merc_x - tile.min_x) * ${CELLS_PER_SIDE} / tile.size)::int AS cell_x,
            floor((tile.max_y - m.merc_y) * ${CELLS_PER_SIDE} / tile.size)::int AS cell_y,
            m.category, count(*) AS n
          FROM matching m, tile WHERE m.visibility IN ${visibility}
          GROUP BY 1, 2, 3
        ) counted
        WHERE cell_x BETWEEN 0 AND ${CELLS_PER_SIDE - 1} AND cell_y BETWEEN 0 AND ${CELLS_PER_SIDE - 1}
        WINDOW cell AS (PARTITION BY cell_x, cell_y)
      ) ranked
      WHERE rank = 1 AND total >= ${MIN_CELL_COUNT}`);
  }

  const geometryColumns = encoding === 'postgis' ? 'geom' : 'x, y';
  const text = `
    WITH tile AS MATERIALIZED (
      SELECT envelope, ST_XMin(envelope) AS min_x, ST_YMax(envelope) AS max_y,
        ST_XMax(envelope) - ST_XMin(envelope) AS size,
        ST_Transform(ST_TileEnvelope(${address}, margin => ${margin}), 4326) AS area
      FROM (SELECT ST_TileEnvelope(${address}) AS envelope) e
    ),
    matching AS (
      SELECT i.id, i.category, i.status, i.priority, i.visibility, i.public_location,
        (extract(epoch FROM i.occurred_at) * 1000)::bigint AS occurred_ms,
        ${MERCATOR_X} AS merc_x, ${MERCATOR_Y} AS merc_y
      FROM incidents i
      WHERE i.public_location && (SELECT area FROM tile)
        AND i.visibility IN ('point', 'coarse')${filters.map((f) => `\n        AND ${f}`).join('')}
    )
    SELECT ${geometryColumns}, ${FEATURE_PROPERTIES.map((p) => `"${p}"`).join(', ')}
    FROM (${parts.join('\n      UNION ALL')}) features
    ORDER BY part, sort_a, sort_b`;
  return { text, values };
}

/** The whole tile from PostGIS: ST_AsMVT over the rows above (an empty tile is zero bytes). */
export function buildMvtQuery(request: TileRequest): TileSql {
  const rows = buildTileRowsQuery(request, 'postgis');
  return {
    text: `SELECT ST_AsMVT(t, '${LAYER_NAME}', ${EXTENT}, 'geom') AS tile FROM (${rows.text}) t`,
    values: rows.values,
  };
}

/** Names LIBPROTOBUF only where PostGIS was built with it (the embedded PGlite one is not). */
export const POSTGIS_BUILD = `SELECT postgis_full_version() AS build`;
