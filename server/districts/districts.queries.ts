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
