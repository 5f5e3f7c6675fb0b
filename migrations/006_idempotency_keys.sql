-- Remembers the answer to each write sent with an Idempotency-Key, per client, so a retry
-- gets the first answer and writes nothing new.
CREATE TABLE idempotency_keys (
  principal    text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  status_code  smallint,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
