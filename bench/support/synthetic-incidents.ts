/**
 * Many synthetic incidents in one INSERT … SELECT FROM generate_series, for measurements and
 * tests at scale: every NOT NULL column filled, spread normally around a few cities over the
 * year before `until` in time order (as a live system writes them), categories (and their public policy) drawn from the categories table.
 * The public point is a plain 0.0015° rounding: test data, not the product's geomask.
 */
import type pg from 'pg';

export interface City {
  name: string;
  lon: number;
  lat: number;
}

/** Where the rows fall: a city gets rows in proportion to its place in this list's weights. */
export const CITIES: readonly City[] = [
  { name: 'Chicago', lon: -87.68, lat: 41.84 },
  { name: 'London', lon: -0.12, lat: 51.5 },
  { name: 'Vancouver', lon: -123.1, lat: 49.25 },
  { name: 'Berlin', lon: 13.4, lat: 52.52 },
  { name: 'Seattle', lon: -122.33, lat: 47.61 },
];

/** About the standard deviation of a city's spread in degrees (sum of three uniforms). */
const SPREAD_DEGREES = 0.12;

const INSERT_SYNTHETIC = `
  WITH policy AS MATERIALIZED (
    SELECT array_agg(slug ORDER BY slug) AS slugs, array_agg(public_policy ORDER BY slug) AS policies,
           count(*)::int AS n
    FROM categories
  ),
  city AS MATERIALIZED (
    SELECT array_agg(lon ORDER BY ord) AS lons, array_agg(lat ORDER BY ord) AS lats,
           count(*)::int AS n
    FROM unnest($4::float8[], $5::float8[]) WITH ORDINALITY AS c(lon, lat, ord)
  ),
  drawn AS (
    SELECT g,
      1 + (g % city.n) AS c,
      1 + floor(random() * policy.n)::int AS k,
      -- Time grows with g, as rows arrive in a live system: the heap is in time order.
      $3::timestamptz - interval '365 days' * (1 - g::float8 / $6) - random() * interval '1 hour' AS at,
      (random() + random() + random() - 1.5) * ${SPREAD_DEGREES * 2} AS dx,
      (random() + random() + random() - 1.5) * ${SPREAD_DEGREES * 2} AS dy
    FROM generate_series($1::int, $2::int) AS g, policy, city
  ),
  placed AS (
    SELECT d.g, d.at, policy.slugs[d.k] AS category, policy.policies[d.k] AS visibility,
      city.lons[d.c] + d.dx / cos(radians(city.lats[d.c])) AS lon, city.lats[d.c] + d.dy AS lat
    FROM drawn d, policy, city
  )
  INSERT INTO incidents (id, category, priority, status, summary, public_summary, occurred_at,
    reported_at, location, visibility, public_location, source, external_ref, created_at, updated_at)
  SELECT gen_random_uuid(), category, 1 + g % 5,
    (ARRAY['open', 'responding', 'resolved', 'unfounded'])[1 + g % 4],
    'Synthetic incident ' || g, 'Synthetic incident ' || g, at, at + interval '4 minutes',
    ST_SetSRID(ST_MakePoint(lon, lat), 4326), visibility,
    CASE WHEN visibility = 'hidden' THEN NULL
         ELSE ST_SetSRID(ST_MakePoint(round(lon / 0.0015) * 0.0015, round(lat / 0.0015) * 0.0015), 4326) END,
    'synthetic', NULL, at + interval '5 minutes', at + interval '5 minutes'
  FROM placed`;

/**
 * Inserts `count` rows split over the pool's connections (one statement each, in parallel),
 * rebuilds the secondary indexes and ANALYZEs the table. Returns how long the load took, in ms.
 */
export async function loadSyntheticIncidents(
  pool: pg.Pool,
  options: { count: number; until: Date; parallel?: number },
): Promise<number> {
  const parallel = Math.max(1, options.parallel ?? 2);
  const started = performance.now();
  // Building an index once over all rows is far faster than a million GiST insertions; the
  // definitions are read back from the catalogue, so the indexes are exactly the migrations'.
  const secondary = await pool.query<{ name: string; definition: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = 'incidents'::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)`,
  );
  for (const { name } of secondary.rows) await pool.query(`DROP INDEX "${name}"`);
  const per = Math.ceil(options.count / parallel);
  await Promise.all(
    Array.from({ length: parallel }, (_, i) => {
      const first = i * per + 1;
      const last = Math.min(options.count, (i + 1) * per);
      if (first > last) return Promise.resolve();
      return pool.query(INSERT_SYNTHETIC, [
        first,
        last,
        options.until.toISOString(),
        CITIES.map((c) => c.lon),
        CITIES.map((c) => c.lat),
        options.count,
      ]);
    }),
  );
  await Promise.all(secondary.rows.map(({ definition }) => pool.query(definition)));
  const ms = performance.now() - started;
  await pool.query('ANALYZE incidents');
  return ms;
}

/** A viewport of about 10 × 7 km around a city's centre: a map of a district. */
export function cityViewport(city: City): [number, number, number, number] {
  const halfLat = 0.03;
  const halfLon = 0.06;
  return [city.lon - halfLon, city.lat - halfLat, city.lon + halfLon, city.lat + halfLat];
}
