/**
 * SQL text for feedback on police responses. The author (`user_id`) is read only to find one's
 * own feedback; no public query selects it. A rating counts unless its feedback is hidden or
 * withdrawn (migrations/021_feedback.sql).
 */

const COUNTED = `f.moderation NOT IN ('hidden', 'withdrawn')`;

const RATED_RESPONSE = `
  SELECT r.id AS response_id, i.id AS incident_id, i.category, i.visibility,
    ST_X(i.public_location) AS public_lon, ST_Y(i.public_location) AS public_lat
  FROM responses AS r JOIN incidents AS i ON i.id = r.incident_id`;

/** The response of an incident, with what decides whether and where the public sees it. */
export const SELECT_RESPONSE_OF_INCIDENT = `${RATED_RESPONSE}
  WHERE r.id = $1 AND r.incident_id = $2`;

/**
 * The same for a write: the incident's row is held (FOR SHARE) until the feedback's event is
 * chained, so a recategorisation that coarsens the incident either waits for it (and withholds
 * its event with the incident's) or comes first (and the event is written as not shown).
 */
export const SELECT_RESPONSE_OF_INCIDENT_FOR_SHARE = `${SELECT_RESPONSE_OF_INCIDENT}
  FOR SHARE OF i`;

/** By the response alone (a moderator's decision knows only the feedback), for a write. */
export const SELECT_RESPONSE_FOR_SHARE = `${RATED_RESPONSE} WHERE r.id = $1 FOR SHARE OF i`;

/** Writers of one response's feedback take turns, so each event's aggregate is the latest. */
export const LOCK_RESPONSE_FEEDBACK = `SELECT pg_advisory_xact_lock(hashtextextended($1, 13))`;

const FEEDBACK_COLUMNS = `id, response_id, rating, comment, public_comment, moderation, held_for,
  revision, created_at, updated_at`;

/** One per person per response: a second one inserts nothing (and the caller answers 409). */
export const INSERT_FEEDBACK = `
  INSERT INTO feedback (id, response_id, user_id, rating, comment, moderation, held_for, revision,
    created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8)
  ON CONFLICT ON CONSTRAINT feedback_one_per_person_per_response DO NOTHING
  RETURNING ${FEEDBACK_COLUMNS}`;

export const INSERT_REVISION = `
  INSERT INTO feedback_revisions (feedback_id, revision, rating, comment, created_at)
  VALUES ($1, $2, $3, $4, $5)`;

export const SELECT_MINE_FOR_UPDATE = `
  SELECT ${FEEDBACK_COLUMNS} FROM feedback WHERE response_id = $1 AND user_id = $2 FOR UPDATE`;

export const SELECT_MINE = `
  SELECT ${FEEDBACK_COLUMNS} FROM feedback WHERE response_id = $1 AND user_id = $2`;

export const SELECT_FOR_UPDATE = `SELECT ${FEEDBACK_COLUMNS} FROM feedback WHERE id = $1 FOR UPDATE`;

export const SELECT_RESPONSE_ID_OF = `SELECT response_id FROM feedback WHERE id = $1`;

export const UPDATE_FEEDBACK = `
  UPDATE feedback SET rating = $2, comment = $3, public_comment = $4, moderation = $5,
    held_for = $6, decision_reason = $7, revision = $8, updated_at = $9
  WHERE id = $1
  RETURNING ${FEEDBACK_COLUMNS}`;

export const SELECT_HISTORY = `
  SELECT revision, rating, comment, created_at FROM feedback_revisions
  WHERE feedback_id = $1 ORDER BY revision`;

/** One response's counted ratings: how many gave each, and the latest change. */
export const SELECT_AGGREGATE = `
  SELECT coalesce(array_agg(f.rating) FILTER (WHERE ${COUNTED}), '{}') AS ratings,
    max(f.updated_at) AS updated_at
  FROM feedback AS f WHERE f.response_id = $1`;

/** Approved comments, redacted as a moderator let them through; never who wrote them. */
export const SELECT_PUBLIC_COMMENTS = `
  SELECT f.rating, f.public_comment, f.updated_at FROM feedback AS f
  WHERE f.response_id = $1 AND f.moderation = 'approved' AND f.public_comment IS NOT NULL
  ORDER BY f.updated_at DESC, f.id LIMIT 200`;

/**
 * The feedback layer's first load: per response of an incident on the public map (point or
 * coarse) with counted ratings, the aggregate at the incident's public point.
 */
export const SELECT_LAYER = `
  SELECT r.id AS response_id, i.id AS incident_id, i.category,
    ST_X(i.public_location) AS public_lon, ST_Y(i.public_location) AS public_lat,
    array_agg(f.rating) FILTER (WHERE ${COUNTED}) AS ratings, max(f.updated_at) AS updated_at
  FROM feedback AS f
  JOIN responses AS r ON r.id = f.response_id
  JOIN incidents AS i ON i.id = r.incident_id
  WHERE i.visibility IN ('point', 'coarse')
    AND ($1::float8 IS NULL OR i.public_location && ST_MakeEnvelope($1, $2, $3, $4, 4326))
  GROUP BY r.id, i.id
  HAVING count(*) FILTER (WHERE ${COUNTED}) > 0
  ORDER BY max(f.updated_at) DESC, r.id
  LIMIT $5`;

/** Comments waiting for a moderator, oldest first: the text as written, never the author. */
export const SELECT_FEEDBACK_QUEUE = `
  SELECT f.id, f.response_id, r.incident_id, f.rating, f.comment, f.public_comment, f.held_for,
    f.moderation, f.created_at
  FROM feedback AS f JOIN responses AS r ON r.id = f.response_id
  WHERE f.moderation IN ('pending', 'held') AND f.comment IS NOT NULL
  ORDER BY f.updated_at, f.id
  LIMIT $1`;

/** The responses of an incident (one, by the UNIQUE in migrations/020), for withholding. */
export const SELECT_RESPONSES_OF_INCIDENT = `SELECT id FROM responses WHERE incident_id = $1`;
