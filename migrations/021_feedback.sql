-- Public feedback on a police response (issue 13): a rating (1-5) and an optional comment by a
-- signed-in resident, one per person per response, editable, with its history kept. The comment
-- goes through the same guardrails and moderation as an observation's text: `comment` as
-- written is private; `public_comment` is what a moderator let through (NULL until then).
-- Feedback is about the response, never about a named officer.
CREATE TABLE feedback (
  id              uuid PRIMARY KEY,
  response_id     uuid NOT NULL REFERENCES responses (id),
  user_id         uuid NOT NULL REFERENCES users (id),
  rating          smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment         text,
  public_comment  text,
  -- The comment's moderation: 'none' when there is no comment. The rating counts in the
  -- statistics unless the whole feedback is hidden or withdrawn.
  moderation      text NOT NULL CHECK (moderation IN
                  ('none', 'pending', 'held', 'approved', 'rejected', 'hidden', 'withdrawn')),
  held_for        text[] NOT NULL DEFAULT '{}',
  decision_reason text,
  -- Revision number, 1 for the first version; each edit adds a row to feedback_revisions.
  revision        integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CONSTRAINT feedback_one_per_person_per_response UNIQUE (response_id, user_id)
);
CREATE INDEX feedback_response ON feedback (response_id);
CREATE INDEX feedback_created_at ON feedback (created_at);
CREATE INDEX feedback_moderation_created ON feedback (moderation, created_at);

-- Every version of every feedback, the first one included. Append-only.
CREATE TABLE feedback_revisions (
  feedback_id uuid NOT NULL REFERENCES feedback (id),
  revision    integer NOT NULL CHECK (revision >= 1),
  rating      smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment     text,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (feedback_id, revision)
);

CREATE TRIGGER feedback_revisions_no_update_or_delete
  BEFORE UPDATE OR DELETE ON feedback_revisions
  FOR EACH ROW EXECUTE FUNCTION events_are_append_only();
