-- Personal data has an end (issue 12, part 6): the private part of an event about a citizen's
-- observation (the exact place, the text as written) can be erased, after the retention period
-- or at the reporter's request. The chain links each part's hash, not the part
-- (shared/audit/chain.ts), so an erased part leaves `private_hash` behind and the chain still
-- verifies. Every erasure is itself an event (`record.erased`), naming the events and the
-- reason, never what they said.
--
-- Which private parts may go: those of observations only. An incident's private part is the
-- police's record of what was reported and where; it is kept (a court order would need its own
-- migration and rule). Tips to appeals never enter the events at all (their table is erased in
-- place), so they need nothing here.
ALTER TABLE events ALTER COLUMN private DROP NOT NULL;

-- Which private parts are erased, by which event, and why. Append-only like the chain.
CREATE TABLE erased_event_parts (
  event_id  bigint PRIMARY KEY REFERENCES events (id),
  erased_by bigint NOT NULL REFERENCES events (id),
  reason    text NOT NULL CHECK (reason IN ('retention', 'reporter_request')),
  CHECK (erased_by > event_id)
);

CREATE TRIGGER erased_event_parts_no_update_or_delete
  BEFORE UPDATE OR DELETE ON erased_event_parts
  FOR EACH ROW EXECUTE FUNCTION events_are_append_only();

CREATE TRIGGER erased_event_parts_no_truncate
  BEFORE TRUNCATE ON erased_event_parts
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only();

-- An erasure names an event of an erasable entity, and is recorded by a `record.erased` event:
-- a row cannot claim an erasure that the public record does not show.
CREATE FUNCTION erased_event_parts_are_recorded() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM events AS e
             WHERE e.id = NEW.event_id AND e.entity_type = 'observation')
     AND EXISTS (SELECT 1 FROM events AS e
                 WHERE e.id = NEW.erased_by AND e.entity_type = 'record'
                   AND e.type = 'record.erased') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'event % has no erasable private part, or % is not a record.erased event',
    NEW.event_id, NEW.erased_by
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER erased_event_parts_recorded
  BEFORE INSERT ON erased_event_parts
  FOR EACH ROW EXECUTE FUNCTION erased_event_parts_are_recorded();

-- The two changes an event row allows, each of one part and each only once recorded:
-- - its version-2 public part becomes NULL once a withholding of it is recorded (010);
-- - the private part of an observation's event becomes NULL once its erasure is recorded.
-- Every hash, and every other column, stays as it was.
CREATE FUNCTION events_erase_recorded_parts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (NEW.id, NEW.type, NEW.entity_type, NEW.entity_id, NEW.at,
          NEW.private_hash, NEW.public_hash, NEW.content_hash, NEW.prev_hash, NEW.hash,
          NEW.chain_version, NEW.retracts)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.type, OLD.entity_type, OLD.entity_id, OLD.at,
          OLD.private_hash, OLD.public_hash, OLD.content_hash, OLD.prev_hash, OLD.hash,
          OLD.chain_version, OLD.retracts) THEN
    IF OLD.chain_version = 2 AND OLD.public IS NOT NULL AND NEW.public IS NULL
       AND NEW.private IS NOT DISTINCT FROM OLD.private
       AND EXISTS (SELECT 1 FROM withheld_event_parts AS w WHERE w.event_id = OLD.id) THEN
      RETURN NEW;
    END IF;
    IF OLD.entity_type = 'observation' AND OLD.private IS NOT NULL AND NEW.private IS NULL
       AND NEW.public IS NOT DISTINCT FROM OLD.public
       AND EXISTS (SELECT 1 FROM erased_event_parts AS r WHERE r.event_id = OLD.id) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER events_no_update_or_delete ON events;
CREATE TRIGGER events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_erase_recorded_parts();

-- Appends a batch of version-2 events, in the order given, computing each chain hash here:
--   hash = sha256(prev_hash || content_hash), both as lower-case hex.
-- An item with `withholds` (event ids) also records their withholding by this event and
-- erases their public parts; one with `erases` records the erasure of their private parts and
-- erases those; both in the same statement, under the same head lock.
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
    IF jsonb_typeof(item->'erases') = 'array' THEN
      INSERT INTO erased_event_parts (event_id, erased_by, reason)
      SELECT (r.value)::bigint, head_id, item->>'eraseReason'
      FROM jsonb_array_elements_text(item->'erases') AS r(value);
      UPDATE events SET private = NULL
      WHERE id IN (SELECT (r.value)::bigint FROM jsonb_array_elements_text(item->'erases') AS r(value));
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

-- The retention job's question, "which observations are due", answered from an index that
-- holds only those not yet erased.
CREATE INDEX observations_retention_due ON observations (created_at) WHERE erased_at IS NULL;

-- The events whose private part carries an observation's feature, found by that feature's id
-- (server/erasure/erasure.queries.ts): an event about a group of reports may carry a member's.
CREATE INDEX events_observation_private_feature ON events ((private->'feature'->>'id'))
  WHERE entity_type = 'observation';
