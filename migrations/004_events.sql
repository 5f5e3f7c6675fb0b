-- The append-only, hash-chained record of every public change (shared/audit/chain.ts).
-- Ids come from event_chain_head, whose row lock serialises appends until commit: an id can
-- therefore never become visible after a larger one, so a tailer asking for "id > N" misses
-- nothing (a sequence would hand out ids that commit out of order).
CREATE TABLE events (
  id           bigint PRIMARY KEY,
  type         text NOT NULL,
  entity_type  text NOT NULL,
  entity_id    uuid NOT NULL,
  at           timestamptz NOT NULL,
  public       jsonb NOT NULL,
  private      jsonb NOT NULL,
  private_hash text NOT NULL CHECK (private_hash ~ '^[0-9a-f]{64}$'),
  content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  prev_hash    text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash         text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);

CREATE INDEX events_entity ON events (entity_type, entity_id, id);

CREATE TABLE event_chain_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id   bigint NOT NULL,
  last_hash text NOT NULL
);
INSERT INTO event_chain_head (last_id, last_hash) VALUES (0, repeat('0', 64));

-- History is corrected by new events, never rewritten. This holds for every role, the owner
-- included, because it is a trigger and not a grant.
CREATE FUNCTION events_are_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_are_append_only();

CREATE TRIGGER events_no_truncate
  BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only();

-- The head only moves forward, one append at a time.
CREATE FUNCTION event_chain_head_moves_forward() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR NEW.last_id <= OLD.last_id THEN
    RAISE EXCEPTION 'the event chain head only moves forward'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER event_chain_head_forward_only
  BEFORE UPDATE OR DELETE ON event_chain_head
  FOR EACH ROW EXECUTE FUNCTION event_chain_head_moves_forward();
