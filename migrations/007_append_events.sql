-- Appends a batch of events to the chain, in the order given, computing each chain hash here:
--   hash = sha256(prev_hash || content_hash), both as lower-case hex (shared/audit/chain.ts).
-- Doing it inside one statement means the head lock (held until COMMIT) spans no round trip
-- to the client for the lock and the insert; the client computes the content hashes first.
-- It then wakes the relays of every server process. The notification carries no payload: it
-- only says "read the events table" (DESIGN.md, "NOTIFY wakes, it does not carry"), and it is
-- delivered at COMMIT, so a woken relay sees the rows.
CREATE FUNCTION append_events(batch jsonb)
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
    INSERT INTO events (id, type, entity_type, entity_id, at, public, private,
                        private_hash, content_hash, prev_hash, hash)
    VALUES (head_id, item->>'type', item->>'entity', (item->>'entityId')::uuid,
            (item->>'at')::timestamptz, item->'public', item->'private',
            item->>'privateHash', item->>'contentHash', head_hash, event_hash);
    head_hash := event_hash;
    event_id := head_id;
    entity_id := (item->>'entityId')::uuid;
    RETURN NEXT;
  END LOOP;
  UPDATE event_chain_head SET last_id = head_id, last_hash = head_hash;
  PERFORM pg_notify('openbeat_events', '');
END;
$$;
