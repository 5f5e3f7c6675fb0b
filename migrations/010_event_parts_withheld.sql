-- Chain version 2 (shared/audit/chain.ts): the chain links the hash of each event's public part,
-- not the part itself, so a public part can later be withheld (served as "withheld" with its
-- hash) while the chain still verifies. Rows written before this migration stay version 1.
ALTER TABLE events ADD COLUMN chain_version smallint NOT NULL DEFAULT 1
  CHECK (chain_version IN (1, 2));
ALTER TABLE events ADD COLUMN public_hash text CHECK (public_hash ~ '^[0-9a-f]{64}$');
ALTER TABLE events ADD CONSTRAINT events_v2_public_hash
  CHECK (chain_version = 1 OR public_hash IS NOT NULL);
-- NULL once withheld (the part is erased, its hash stays).
ALTER TABLE events ALTER COLUMN public DROP NOT NULL;
ALTER TABLE events ADD CONSTRAINT events_public_only_null_in_v2
  CHECK (public IS NOT NULL OR chain_version = 2);
-- For the relay only, never served: the public feature this event takes off the map
-- ({ id, coordinates, category }), so that `removed` reaches exactly the sockets that saw it.
ALTER TABLE events ADD COLUMN retracts jsonb;

-- Which public parts are withheld, by which event, and why. Append-only like the chain.
CREATE TABLE withheld_event_parts (
  event_id    bigint PRIMARY KEY REFERENCES events (id),
  withheld_by bigint NOT NULL REFERENCES events (id),
  reason      text NOT NULL CHECK (reason IN ('policy_coarsened', 'erasure', 'court_order')),
  CHECK (withheld_by > event_id)
);

CREATE TRIGGER withheld_event_parts_no_update_or_delete
  BEFORE UPDATE OR DELETE ON withheld_event_parts
  FOR EACH ROW EXECUTE FUNCTION events_are_append_only();

CREATE TRIGGER withheld_event_parts_no_truncate
  BEFORE TRUNCATE ON withheld_event_parts
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only();

-- The one change an event row allows: its version-2 public part becomes NULL once a withholding
-- of it is recorded. Every hash, and every other column, stays as it was.
CREATE FUNCTION events_erase_withheld_public_part() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD.chain_version = 2 AND OLD.public IS NOT NULL AND NEW.public IS NULL
     AND (NEW.id, NEW.type, NEW.entity_type, NEW.entity_id, NEW.at, NEW.private,
          NEW.private_hash, NEW.public_hash, NEW.content_hash, NEW.prev_hash, NEW.hash,
          NEW.chain_version, NEW.retracts)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.type, OLD.entity_type, OLD.entity_id, OLD.at, OLD.private,
          OLD.private_hash, OLD.public_hash, OLD.content_hash, OLD.prev_hash, OLD.hash,
          OLD.chain_version, OLD.retracts)
     AND EXISTS (SELECT 1 FROM withheld_event_parts AS w WHERE w.event_id = OLD.id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER events_no_update_or_delete ON events;
CREATE TRIGGER events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_erase_withheld_public_part();

-- Appends a batch of version-2 events, in the order given, computing each chain hash here:
--   hash = sha256(prev_hash || content_hash), both as lower-case hex.
-- An item with `withholds` (event ids) also records their withholding by this event and
-- erases their public parts, in the same statement, under the same head lock.
-- Then it wakes the relays of every server process (a payload-free NOTIFY, delivered at
-- COMMIT, so a woken relay sees the rows).
CREATE OR REPLACE FUNCTION append_events(batch jsonb)
RETURNS TABLE (event_id bigint, entity_id uuid, event_hash text)
LANGUAGE plpgsql AS $$
DECLARE
  head_id   bigint;
  head_hash text;
  item      jsonb;
BEGIN
  IF batch IS NULL OR jsonb_array_length(batch) = 0 THEN
    RETURN;
  END IF;
  SELECT h.last_id, h.last_hash INTO head_id, head_hash FROM event_chain_head AS h FOR UPDATE;
  FOR item IN SELECT e.value FROM jsonb_array_elements(batch) WITH ORDINALITY AS e(value, position)
              ORDER BY e.position LOOP
    head_id := head_id + 1;
    event_hash := encode(sha256(convert_to(head_hash || (item->>'contentHash'), 'UTF8')), 'hex');
    INSERT INTO events (id, type, entity_type, entity_id, at, public, private, chain_version,
                        public_hash, private_hash, content_hash, prev_hash, hash, retracts)
    VALUES (head_id, item->>'type', item->>'entity', (item->>'entityId')::uuid,
            (item->>'at')::timestamptz, item->'public', item->'private', 2,
            item->>'publicHash', item->>'privateHash', item->>'contentHash', head_hash,
            event_hash, item->'retracts');
    IF jsonb_typeof(item->'withholds') = 'array' THEN
      INSERT INTO withheld_event_parts (event_id, withheld_by, reason)
      SELECT (w.value)::bigint, head_id, item->>'withholdReason'
      FROM jsonb_array_elements_text(item->'withholds') AS w(value);
      UPDATE events SET public = NULL
      WHERE id IN (SELECT (w.value)::bigint FROM jsonb_array_elements_text(item->'withholds') AS w(value));
    END IF;
    head_hash := event_hash;
    event_id := head_id;
    entity_id := (item->>'entityId')::uuid;
    RETURN NEXT;
  END LOOP;
  UPDATE event_chain_head SET last_id = head_id, last_hash = head_hash;
  PERFORM pg_notify('openbeat_events', '');
END;
$$;
