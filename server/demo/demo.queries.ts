/** SQL text for the demo and the in-process simulator. */

/** One query, so that an ordinary start pays a single round trip for the check. */
export const SELECT_IS_FRESH = `
  SELECT NOT EXISTS (SELECT 1 FROM incidents) AND NOT EXISTS (SELECT 1 FROM api_keys) AS fresh`;

export const SELECT_HAS_DEMO = `
  SELECT EXISTS (SELECT 1 FROM incidents WHERE source = 'demo') AS has_demo`;

/** UTM zone 10N metres (the Vancouver data) to longitude/latitude, in the input's order. */
export const TRANSFORM_UTM10N = `
  SELECT ST_X(p) AS lon, ST_Y(p) AS lat
  FROM (
    SELECT position, ST_Transform(ST_SetSRID(ST_MakePoint(x, y), 26910), 4326) AS p
    FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(x, y, position)
  ) AS transformed
  ORDER BY position`;

/** Hot spots for the simulator: exact places and categories of the demo incidents. */
export const SELECT_DEMO_SEEDS = `
  SELECT ST_X(location) AS lon, ST_Y(location) AS lat, category
  FROM incidents WHERE source = 'demo' AND visibility IN ('point', 'coarse')
  ORDER BY occurred_at DESC LIMIT 5000`;
