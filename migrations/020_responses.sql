-- Police responses (issue 13): how dispatch handled a call, step by step. One response per
-- incident; its steps are events, never edits: a correction is a new step that supersedes an
-- earlier one, and both stay. The figures (time to dispatch, to scene, on scene) are derived
-- from the steps that stand, by server/responses, never typed in.

-- A call an officer started on their own (no call from the public: arrival logged at receipt).
-- Such responses are shown but kept out of response times.
ALTER TABLE incidents ADD COLUMN officer_initiated boolean NOT NULL DEFAULT false;

CREATE TABLE responses (
  id                uuid PRIMARY KEY,
  -- NULL for a call its source publishes without any place (San Francisco's `sensitive_call`
  -- rows): it counts in city-wide figures only, never on the map nor in a district.
  incident_id       uuid UNIQUE REFERENCES incidents (id),
  -- Copied from the incident at write time and kept in step with it (statistics read these
  -- columns alone, without a join): the district of the exact place, the category and the
  -- priority the response was measured against.
  district_id       bigint REFERENCES districts (id) ON DELETE SET NULL,
  category          text NOT NULL REFERENCES categories (slug),
  priority          smallint NOT NULL CHECK (priority BETWEEN 1 AND 5),
  officer_initiated boolean NOT NULL DEFAULT false,
  -- The latest step that stands, and the time of each step that stands (NULL: not reached).
  state             text NOT NULL
                    CHECK (state IN ('received', 'dispatched', 'en_route', 'on_scene', 'cleared')),
  received_at       timestamptz NOT NULL,
  dispatched_at     timestamptz,
  en_route_at       timestamptz,
  on_scene_at       timestamptz,
  cleared_at        timestamptz,
  disposition       text,
  source            text NOT NULL,
  external_ref      text,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  CONSTRAINT responses_source_external_ref UNIQUE (source, external_ref),
  CONSTRAINT responses_times_in_order CHECK (
    (dispatched_at IS NULL OR dispatched_at >= received_at)
    AND (en_route_at IS NULL OR en_route_at >= coalesce(dispatched_at, received_at))
    AND (on_scene_at IS NULL OR on_scene_at >= coalesce(en_route_at, dispatched_at, received_at))
    AND (cleared_at IS NULL OR cleared_at >= coalesce(on_scene_at, en_route_at, dispatched_at,
                                                       received_at)))
);

-- The accountability query: a window of received times, per district.
CREATE INDEX responses_received_at ON responses (received_at);
CREATE INDEX responses_district_received_at ON responses (district_id, received_at);

CREATE TABLE response_steps (
  id          uuid PRIMARY KEY,
  response_id uuid NOT NULL REFERENCES responses (id),
  -- Order of recording within the response (1, 2, …).
  seq         integer NOT NULL CHECK (seq >= 1),
  step        text NOT NULL
              CHECK (step IN ('received', 'dispatched', 'en_route', 'on_scene', 'cleared')),
  at          timestamptz NOT NULL,
  -- A unit's call sign: dispatch's own data, never taken from the public, never public.
  unit        text,
  disposition text,
  -- A correction names the step it replaces; the replaced step stays, marked superseded.
  supersedes  uuid REFERENCES response_steps (id),
  recorded_at timestamptz NOT NULL,
  -- Who recorded it: an API key's name, a person's account id, or an import.
  recorded_by text NOT NULL,
  UNIQUE (response_id, seq)
);
CREATE INDEX response_steps_response ON response_steps (response_id, seq);
-- A step is superseded at most once.
CREATE UNIQUE INDEX response_steps_supersedes ON response_steps (supersedes)
  WHERE supersedes IS NOT NULL;

CREATE TRIGGER response_steps_no_update_or_delete
  BEFORE UPDATE OR DELETE ON response_steps
  FOR EACH ROW EXECUTE FUNCTION events_are_append_only();

CREATE TRIGGER response_steps_no_truncate
  BEFORE TRUNCATE ON response_steps
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only();
