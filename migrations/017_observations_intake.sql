-- What the observation intake (server/observations) keeps beside migrations/015's table.
--
-- target_cell: the 150 m `point` grid cell of the EXACT location. The anti-targeting rule counts
-- reporters per target cell; for kinds shown at 600 m it is finer than anything public, so it
-- is private like the exact point and never leaves the server (not in events, not in REST).
-- reporter_key: who counts as one independent reporter: the account, else the HMAC of the
-- device token, else the HMAC of the address. reporter_address: the HMAC of the address, for
-- the per-address rate limit. Both are keyed HMACs (server_secrets 'observation_reporters'),
-- never the address or token itself; erasure clears them with the exact location.
ALTER TABLE observations
  ADD COLUMN target_cell      text,
  ADD COLUMN reporter_key     text,
  ADD COLUMN reporter_address text;
CREATE INDEX observations_target_cell_created ON observations (target_cell, created_at)
  WHERE target_cell IS NOT NULL;
CREATE INDEX observations_reporter_device_created ON observations (reporter_device, created_at)
  WHERE reporter_device IS NOT NULL;
CREATE INDEX observations_reporter_address_created ON observations (reporter_address, created_at)
  WHERE reporter_address IS NOT NULL;
CREATE INDEX observations_group_cell ON observations (category, public_cell, observed_at);

-- The alert names the private target cell too (moderators see it, the public never does).
ALTER TABLE moderation_alerts ADD COLUMN target_cell text;
CREATE INDEX moderation_alerts_target_cell ON moderation_alerts (target_cell, raised_at);

-- Proof-of-work solutions already used: each is good once, across every process. Rows past
-- their expiry are useless (the challenge itself has expired) and are deleted on the way.
CREATE TABLE used_challenges (
  challenge_id text PRIMARY KEY CHECK (length(challenge_id) <= 200),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX used_challenges_expires ON used_challenges (expires_at);
