-- Area alerts (issue 14, part 7): a signed-in person's area (a drawn polygon or a district),
-- categories, triggers and quiet hours; the notifications the matcher makes of the public
-- record's incident events, and their delivery (the open app, and Web Push to the person's
-- browsers). Everything here belongs to an account: deleting the account deletes it all.
CREATE TABLE alerts (
  id               uuid PRIMARY KEY,
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  -- Exactly one of the two: the drawn polygon, or the district (its boundary as it is now).
  area             geometry(Polygon, 4326),
  district_id      bigint REFERENCES districts (id) ON DELETE CASCADE,
  categories       text[] NOT NULL DEFAULT '{}',
  triggers         text[] NOT NULL DEFAULT '{created,status_changed}'
                   CHECK (cardinality(triggers) >= 1
                          AND triggers <@ ARRAY['created', 'status_changed']::text[]),
  quiet_start      time,
  quiet_end        time,
  quiet_time_zone  text,
  paused           boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((area IS NULL) <> (district_id IS NULL)),
  CHECK (area IS NULL OR ST_IsValid(area)),
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL)
         AND (quiet_start IS NULL) = (quiet_time_zone IS NULL))
);
CREATE INDEX alerts_user ON alerts (user_id, created_at);
CREATE INDEX alerts_area ON alerts USING gist (area) WHERE area IS NOT NULL;
CREATE INDEX alerts_district ON alerts (district_id) WHERE district_id IS NOT NULL;

-- A browser's push subscription (RFC 8030 endpoint, RFC 8291 keys). One endpoint is one
-- browser profile: registered again by another account, it moves to that account.
CREATE TABLE push_subscriptions (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  endpoint    text NOT NULL CHECK (length(endpoint) <= 2048),
  p256dh      text NOT NULL,
  auth        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT push_subscriptions_endpoint_unique UNIQUE (endpoint)
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);

-- One notification per alert per event (the matcher inserts ON CONFLICT DO NOTHING, so a
-- second run or a second process makes none). `incident` is the public part only: category,
-- status, the public point, the occurred time as the public record has it. `due_at` is later
-- than `created_at` when quiet hours held it; `delivered_at` is set once it went to the app
-- and its push deliveries were queued.
CREATE TABLE alert_notifications (
  id            uuid PRIMARY KEY,
  alert_id      uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  event_id      bigint NOT NULL REFERENCES events (id),
  trigger       text NOT NULL CHECK (trigger IN ('created', 'status_changed')),
  incident      jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  due_at        timestamptz NOT NULL,
  delivered_at  timestamptz,
  CONSTRAINT alert_notifications_once UNIQUE (alert_id, event_id)
);
CREATE INDEX alert_notifications_due ON alert_notifications (due_at) WHERE delivered_at IS NULL;
CREATE INDEX alert_notifications_user ON alert_notifications (user_id, due_at DESC);

-- One Web Push message per notification per subscription: sent once (the row is locked while
-- it is sent), retried with backoff on failures other than 404/410 (which delete the
-- subscription, and with it its rows), given up after a few attempts.
CREATE TABLE alert_push_deliveries (
  notification_id  uuid NOT NULL REFERENCES alert_notifications (id) ON DELETE CASCADE,
  subscription_id  uuid NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  sent_at          timestamptz,
  failed_at        timestamptz,
  PRIMARY KEY (notification_id, subscription_id)
);
CREATE INDEX alert_push_deliveries_pending ON alert_push_deliveries (next_attempt_at)
  WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX alert_push_deliveries_subscription ON alert_push_deliveries (subscription_id);

-- How far the matcher has read the events (ids commit in order under the chain lock). One
-- row; a matcher holds it FOR UPDATE while it matches, so several processes never both match
-- one event. It starts at the head: history before the alerts existed notifies no one.
CREATE TABLE alert_matcher_cursor (
  singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_event_id  bigint NOT NULL
);
INSERT INTO alert_matcher_cursor (last_event_id)
SELECT COALESCE((SELECT last_id FROM event_chain_head), 0);
