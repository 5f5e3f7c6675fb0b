import { PUBLICLY_LISTED } from '../incidents/incidents.queries.js';

/**
 * SQL text for the place search. $1 is the query, $2 the query escaped for LIKE, $3 the limit.
 * A name matches when pg_trgm finds the query in a stretch of its words (`<%`, word
 * similarity: "homr" finds "5XX Homer St"), or a district's name is similar as a whole (`%`), or
 * the name contains the query (short queries have too few trigrams to be similar to anything);
 * a name that starts with the query ranks higher.
 * Blocks come from the public points only (`public_location`, never `location`): their centre
 * and extent are those of the points the public map already shows.
 */
const score = (column: string) => `
  greatest(similarity(${column}, $1), word_similarity($1, ${column}))
    + CASE WHEN ${column} ILIKE $2 || '%' ESCAPE '\\' THEN 0.5 ELSE 0 END`;

const matches = (column: string) => `
  (${column} % $1 OR $1 <% ${column} OR ${column} ILIKE '%' || $2 || '%' ESCAPE '\\')`;

/**
 * The incidents whose block matches, one index scan per operator: ORed in one WHERE, they make
 * the planner read the whole table and compute word similarity for every row. Whole-name
 * similarity is left out for blocks: "5XX Homer St" is 40% similar to any "5XX … St".
 */
const MATCHING_INCIDENT_IDS = `
  SELECT id FROM incidents WHERE $1 <% public_block
  UNION ALL
  SELECT id FROM incidents WHERE public_block ILIKE '%' || $2 || '%' ESCAPE '\\'`;

/**
 * Shorter text is found in most blocks ("e") and no trigram index narrows it down: it finds
 * districts only, a table of dozens of rows.
 */
export const MIN_BLOCK_QUERY_LENGTH = 3;

export const SELECT_MATCHING_PLACES = `
  WITH found AS (
    SELECT 'district' AS kind, d.name, NULL::text AS district,
      ST_PointOnSurface(d.geometry) AS centre, d.geometry::box2d AS extent,
      ${score('d.name')} AS score, 0::bigint AS incidents
    FROM districts AS d
    WHERE ${matches('d.name')}
    UNION ALL
    SELECT 'block', i.public_block, i.public_district,
      ST_Centroid(ST_Collect(i.public_location)), ST_Extent(i.public_location),
      ${score('i.public_block')}, count(*)
    FROM incidents AS i
    WHERE char_length($1) >= ${MIN_BLOCK_QUERY_LENGTH} AND i.id IN (${MATCHING_INCIDENT_IDS})
      AND ${PUBLICLY_LISTED} AND i.public_location IS NOT NULL AND i.public_block IS NOT NULL
    GROUP BY i.public_block, i.public_district
  )
  SELECT kind, name, district, ST_X(centre) AS lon, ST_Y(centre) AS lat,
    ST_XMin(extent) AS min_lon, ST_YMin(extent) AS min_lat,
    ST_XMax(extent) AS max_lon, ST_YMax(extent) AS max_lat
  FROM found
  ORDER BY score DESC, incidents DESC, name, district
  LIMIT $3`;

/** LIKE's own characters, taken literally (with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
