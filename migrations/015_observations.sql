-- Citizen observations (shared/observations/kinds.ts). Like incidents, two places per row:
-- `location` is exact and private (NULL once erased), `public_location` is snapped to the
-- kind's grid cell at write time and is the only one public paths read. The text as written is
-- private; `public_text` is what a moderator let through (NULL until then, or without text).
-- The reporter's identity (an account, or the HMAC of an anonymous device token) is never
-- public and never enters the record's events.
CREATE TABLE observations (
  id                uuid PRIMARY KEY,
  category          text NOT NULL,
  behaviours        text[] NOT NULL DEFAULT '{}',
  observed_at       timestamptz NOT NULL,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  location          geometry(Point, 4326),
  text              text,
  reporter_user_id  uuid REFERENCES users (id) ON DELETE SET NULL,
  reporter_device   text,
  public_location   geometry(Point, 4326) NOT NULL,
  public_cell       text NOT NULL,
  public_district   text,
  public_place      text,
  public_text       text,
  moderation        text NOT NULL CHECK (moderation IN
                    ('pending', 'held', 'approved', 'rejected', 'hidden', 'withdrawn', 'erased')),
  held_for          text[] NOT NULL DEFAULT '{}',
  decision_reason   text,
  verification      text NOT NULL DEFAULT 'unverified' CHECK (verification IN
                    ('unverified', 'corroborated', 'confirmed', 'disputed', 'retracted')),
  -- The item it is shown as: corroborating reports of one event share the first one's id.
  group_id          uuid NOT NULL,
  incident_id       uuid REFERENCES incidents (id),
  flags             integer NOT NULL DEFAULT 0,
  erased_at         timestamptz
);
CREATE INDEX observations_public_location_gist ON observations USING gist (public_location);
CREATE INDEX observations_cell_created ON observations (public_cell, created_at);
CREATE INDEX observations_reporter ON observations (reporter_user_id, created_at DESC);
CREATE INDEX observations_moderation_created ON observations (moderation, created_at);
CREATE INDEX observations_group ON observations (group_id);

-- One flag per signed-in resident per observation.
CREATE TABLE observation_flags (
  observation_id  uuid NOT NULL REFERENCES observations (id),
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (observation_id, user_id)
);

-- The anti-targeting rule's alerts: several reporters about one small cell within 24 h.
CREATE TABLE moderation_alerts (
  id          uuid PRIMARY KEY,
  public_cell text NOT NULL,
  raised_at   timestamptz NOT NULL DEFAULT now(),
  reporters   integer NOT NULL,
  resolved_at timestamptz
);
CREATE INDEX moderation_alerts_cell ON moderation_alerts (public_cell, raised_at);
