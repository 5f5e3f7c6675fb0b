-- Incidents published by police dispatch or imported from open data.
-- Two locations per row: `location` is exact and private; `public_location` is generalised at
-- write time (server/privacy/geomask.ts) and is the only one public paths read.
CREATE TABLE incidents (
  id              uuid PRIMARY KEY,
  category        text NOT NULL REFERENCES categories (slug),
  priority        smallint NOT NULL CHECK (priority BETWEEN 1 AND 5),
  status          text NOT NULL CHECK (status IN ('open', 'responding', 'resolved', 'unfounded')),
  summary         text NOT NULL,
  public_summary  text NOT NULL,
  occurred_at     timestamptz NOT NULL,
  reported_at     timestamptz NOT NULL,
  location        geometry(Point, 4326) NOT NULL,
  visibility      text NOT NULL CHECK (visibility IN ('point', 'coarse', 'aggregate', 'hidden')),
  public_location geometry(Point, 4326),
  source          text NOT NULL,
  external_ref    text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CONSTRAINT incidents_public_location_by_visibility
    CHECK ((visibility = 'hidden') = (public_location IS NULL)),
  CONSTRAINT incidents_source_external_ref UNIQUE (source, external_ref)
);

CREATE INDEX incidents_location_gist ON incidents USING gist (location);
CREATE INDEX incidents_public_location_gist ON incidents USING gist (public_location);
-- Lists are paged newest first by (occurred_at, id).
CREATE INDEX incidents_occurred_at_id ON incidents (occurred_at DESC, id DESC);
