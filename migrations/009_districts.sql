-- Districts (police districts, neighbourhoods): named areas that incidents are counted by.
-- District names and shapes are public information.
CREATE TABLE districts (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text NOT NULL UNIQUE,
  source     text NOT NULL,
  geometry   geometry(MultiPolygon, 4326) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX districts_geometry_gist ON districts USING gist (geometry);

ALTER TABLE incidents ADD COLUMN district_id bigint REFERENCES districts (id) ON DELETE SET NULL;
CREATE INDEX incidents_district_id ON incidents (district_id);

-- The district a point lies in (on a shared border: the lowest id, so the answer is stable).
CREATE FUNCTION district_at(point geometry) RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT d.id FROM districts AS d WHERE ST_Covers(d.geometry, point) ORDER BY d.id LIMIT 1
$$;

-- Every writer (live API, importers, the demo, the simulator) gets its district from the exact
-- location without code of its own.
CREATE FUNCTION incidents_assign_district() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.district_id := district_at(NEW.location);
  RETURN NEW;
END;
$$;

CREATE TRIGGER incidents_assign_district
  BEFORE INSERT OR UPDATE OF location ON incidents
  FOR EACH ROW EXECUTE FUNCTION incidents_assign_district();

-- GeoJSON that PostGIS cannot read (e.g. a ring of two points) gives NULL, so one bad feature
-- of an import is reported rather than failing the whole file.
CREATE FUNCTION geometry_from_geojson_or_null(geojson text) RETURNS geometry
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4326);
EXCEPTION WHEN others THEN
  RETURN NULL;
END;
$$;
