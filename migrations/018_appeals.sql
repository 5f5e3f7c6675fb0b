-- Moderation and appeals (issue 12, parts 4 and 7).
-- Appeals for information (issue 12, part 7): the sanctioned path for the urge to investigate.
-- A dispatcher asks the public something about an incident; residents answer with tips that
-- only dispatch reads. The public sees the appeal's text, until when, whether it is open, and
-- how many tips arrived (counted in windows, server/appeals/tip-counts.service.ts).
CREATE TABLE appeals (
  id               uuid PRIMARY KEY,
  incident_id      uuid NOT NULL REFERENCES incidents (id),
  text             text NOT NULL,
  until            timestamptz NOT NULL,
  state            text NOT NULL CHECK (state IN ('open', 'closed')),
  thanks           text,
  -- The tip count the public was last told, and up to when tips were counted for it.
  tips_published   integer NOT NULL DEFAULT 0,
  tips_counted_to  timestamptz,
  -- Who opened it: 'key:<id>' or 'user:<id>'. Private, like every author of the record.
  opened_by        text NOT NULL,
  created_at       timestamptz NOT NULL,
  closed_at        timestamptz
);
-- One open appeal per incident.
CREATE UNIQUE INDEX appeals_one_open ON appeals (incident_id) WHERE state = 'open';
CREATE INDEX appeals_open_until ON appeals (until) WHERE state = 'open';

-- Tips: for dispatch alone. Never in an event (not even a private part), never on a public
-- path. Personal data with the same retention as observations: the erasure job nulls text,
-- location and contact and sets erased_at; created_at stays so counts stay true.
CREATE TABLE tips (
  id               uuid PRIMARY KEY,
  appeal_id        uuid NOT NULL REFERENCES appeals (id),
  created_at       timestamptz NOT NULL,
  text             text,
  location         geometry(Point, 4326),
  contact          text,
  -- The guardrail rules (shared/guardrails) that matched the text: a warning for dispatch.
  personal_data    text[] NOT NULL DEFAULT '{}',
  -- Who sent it, as observations keep reporters (keyed HMACs, server/observations/reporter-
  -- identity.ts): for the rate limits and for erasure on request; never shown to anyone.
  tipster_user_id  uuid REFERENCES users (id) ON DELETE SET NULL,
  tipster_device   text,
  tipster_address  text,
  erased_at        timestamptz
);
CREATE INDEX tips_appeal_created ON tips (appeal_id, created_at);
CREATE INDEX tips_created_unerased ON tips (created_at) WHERE erased_at IS NULL;
CREATE INDEX tips_user_created ON tips (tipster_user_id, created_at)
  WHERE tipster_user_id IS NOT NULL;
CREATE INDEX tips_device_created ON tips (tipster_device, created_at)
  WHERE tipster_device IS NOT NULL;
CREATE INDEX tips_address_created ON tips (tipster_address, created_at)
  WHERE tipster_address IS NOT NULL;

-- The appeal as the incident's public feature shows it ({ id, text, until, state, tips,
-- thanks }), kept beside the incident so every read and event of the incident carries it.
ALTER TABLE incidents ADD COLUMN public_appeal jsonb;

-- Moderation (server/moderation): a flag may say why, for moderators only; the public log reads
-- the moderation events by time.
ALTER TABLE observation_flags ADD COLUMN reason text;
CREATE INDEX events_moderation_log ON events (id) WHERE entity_type = 'moderation';
