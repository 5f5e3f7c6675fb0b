-- The Merkle tree over the event chain, in the manner of Certificate Transparency (RFC 9162,
-- section 2.1; shared/audit/merkle.ts): leaf i is event i+1, its input the 32 bytes of that
-- event's chain hash (hex-decoded), leaf hash = SHA-256(0x00 ‖ hash), node hash =
-- SHA-256(0x01 ‖ left ‖ right).
--
-- Kept here are the roots of the complete subtrees only: the node at (level, position) covers
-- leaves [position·2^level, (position+1)·2^level). Those never change once their last leaf is
-- appended, and any subtree the RFC's MTH, PATH or PROOF asks for, for any tree size past or
-- present, is a composition of O(log n) of them: proofs and signed heads of earlier sizes are
-- answered from a few index lookups.
CREATE TABLE merkle_nodes (
  level    smallint NOT NULL CHECK (level BETWEEN 0 AND 62),
  position bigint   NOT NULL CHECK (position >= 0),
  hash     bytea    NOT NULL CHECK (octet_length(hash) = 32),
  PRIMARY KEY (level, position)
);

CREATE TRIGGER merkle_nodes_no_update_or_delete
  BEFORE UPDATE OR DELETE ON merkle_nodes
  FOR EACH ROW EXECUTE FUNCTION events_are_append_only();

CREATE TRIGGER merkle_nodes_no_truncate
  BEFORE TRUNCATE ON merkle_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only();

-- Each appended event adds its leaf and every complete subtree it closes (on average one more),
-- in the transaction that appends it: the tree can never lag behind the chain. Appends are
-- serialised by the chain head lock and ids have no gap, so the left sibling is always there;
-- were it not, the append fails rather than leaving a hole in the tree.
CREATE FUNCTION merkle_nodes_follow_events() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  node_level    smallint := 0;
  node_position bigint := NEW.id - 1;
  node_hash     bytea := sha256('\x00'::bytea || decode(NEW.hash, 'hex'));
  left_hash     bytea;
BEGIN
  INSERT INTO merkle_nodes (level, position, hash) VALUES (0, node_position, node_hash);
  WHILE node_position % 2 = 1 LOOP
    SELECT m.hash INTO left_hash FROM merkle_nodes AS m
    WHERE m.level = node_level AND m.position = node_position - 1;
    IF left_hash IS NULL THEN
      RAISE EXCEPTION 'the Merkle tree has no node (%, %) left of event %',
        node_level, node_position - 1, NEW.id;
    END IF;
    node_hash := sha256('\x01'::bytea || left_hash || node_hash);
    node_position := node_position / 2;
    node_level := node_level + 1;
    INSERT INTO merkle_nodes (level, position, hash) VALUES (node_level, node_position, node_hash);
  END LOOP;
  RETURN NULL;
END;
$$;

CREATE TRIGGER events_merkle_nodes
  AFTER INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION merkle_nodes_follow_events();

-- The events written before this migration, level by level.
INSERT INTO merkle_nodes (level, position, hash)
SELECT 0, e.id - 1, sha256('\x00'::bytea || decode(e.hash, 'hex')) FROM events AS e;

DO $$
DECLARE
  below smallint := 0;
  added bigint;
BEGIN
  LOOP
    INSERT INTO merkle_nodes (level, position, hash)
    SELECT below + 1, l.position / 2, sha256('\x01'::bytea || l.hash || r.hash)
    FROM merkle_nodes AS l
    JOIN merkle_nodes AS r ON r.level = l.level AND r.position = l.position + 1
    WHERE l.level = below AND l.position % 2 = 0;
    GET DIAGNOSTICS added = ROW_COUNT;
    EXIT WHEN added = 0;
    below := below + 1;
  END LOOP;
END;
$$;
