/** SQL text for districts. Geometries arrive as GeoJSON text and are checked in PostGIS. */

/** The features of one import, checked: ST_MakeValid repairs what ST_IsValid rejects. */
export const CREATE_DISTRICT_INPUT = `
  CREATE TEMPORARY TABLE district_input ON COMMIT DROP AS
  SELECT position, name, geom, coalesce(ST_IsValid(geom), false) AS was_valid,
    CASE WHEN geom IS NULL THEN 'coordinates that PostGIS cannot read'
         WHEN NOT ST_IsValid(geom) THEN ST_IsValidReason(geom) END AS invalid_reason
  FROM (
    SELECT position, name, geometry_from_geojson_or_null(geojson) AS geom
    FROM unnest($1::int[], $2::text[], $3::text[]) AS f(position, name, geojson)
  ) AS parsed`;

// Repair may yield lines or points beside the polygons: only the polygonal part is a district.
export const REPAIR_DISTRICT_INPUT = `
  UPDATE district_input
  SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))
  WHERE NOT was_valid AND geom IS NOT NULL`;

export const SELECT_DISTRICT_INPUT_CHECKS = `
  SELECT position, name, was_valid, invalid_reason,
    geom IS NULL OR ST_IsEmpty(geom) OR NOT ST_IsValid(geom) AS unusable
  FROM district_input ORDER BY position`;

/**
 * Upserts by name; a district whose geometry is the same stays untouched. `inserted` tells a
 * new row (xmax = 0) from a replaced one.
 */
export const UPSERT_DISTRICTS = `
  INSERT INTO districts AS d (name, source, geometry)
  SELECT name, $1, ST_Multi(geom) FROM district_input
  WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom) AND ST_IsValid(geom)
  ORDER BY position
  ON CONFLICT (name) DO UPDATE
    SET geometry = EXCLUDED.geometry, source = EXCLUDED.source, updated_at = now()
    WHERE NOT ST_OrderingEquals(d.geometry, EXCLUDED.geometry) OR d.source <> EXCLUDED.source
  RETURNING d.name, (xmax = 0) AS inserted`;

/** One UPDATE of the incidents whose district changes with the new shapes. */
export const REASSIGN_INCIDENT_DISTRICTS = `
  UPDATE incidents AS i SET district_id = moved.district_id
  FROM (
    SELECT id, district_at(location) AS district_id, district_id AS old_district_id
    FROM incidents
  ) AS moved
  WHERE i.id = moved.id AND moved.district_id IS DISTINCT FROM moved.old_district_id`;

/**
 * Then the responses, which keep their incident's district for the statistics (a response
 * without an incident has none).
 */
export const REASSIGN_RESPONSE_DISTRICTS = `
  UPDATE responses AS r SET district_id = i.district_id
  FROM incidents AS i
  WHERE i.id = r.incident_id AND r.district_id IS DISTINCT FROM i.district_id`;

/** What the map's districts depend on: changes with every import that adds or reshapes one. */
export const SELECT_DISTRICTS_VERSION = `
  SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(max(updated_at)::text, '')
    AS version
  FROM districts`;

/**
 * The districts as the map draws them: shapes simplified to about 5 m and rounded to 1 m
 * (5 decimals), and the centre of the largest circle inside each, where its name reads best
 * (ST_PointOnSurface may put it on a thin arm). $1 is the tolerance in degrees.
 */
export const SELECT_DISTRICT_MAP = `
  SELECT id::text AS id, name,
    ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(geometry, $1)), 5) AS geometry,
    round(ST_X(label)::numeric, 5)::float8 AS label_lon,
    round(ST_Y(label)::numeric, 5)::float8 AS label_lat
  FROM districts, LATERAL (SELECT (ST_MaximumInscribedCircle(geometry)).center AS label) AS l
  ORDER BY name, id`;
