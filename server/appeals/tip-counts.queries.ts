/** SQL text for the windowed tip counts and the closing of appeals past their `until`. */

const TIPS_BEFORE = `(SELECT count(*)::int FROM tips AS t WHERE t.appeal_id = a.id AND t.created_at < $1)`;

/**
 * Appeals whose public count is behind the tips received before the window start ($1), or that
 * are open past their `until` ($3). Closed ones are looked at for two windows after closing
 * ($2), the time their last tips take to be counted.
 */
export const SELECT_APPEALS_DUE = `
  SELECT a.id FROM appeals AS a
  WHERE (a.state = 'open' OR a.closed_at >= $2)
    AND (a.tips_published <> ${TIPS_BEFORE} OR (a.state = 'open' AND a.until <= $3))
  ORDER BY a.id`;

/**
 * Counts an appeal ($2, locked by the caller) up to the window start ($1), and closes it at
 * $3 when open past its `until`.
 */
export const RECOUNT_APPEAL = `
  UPDATE appeals AS a SET
    tips_published = ${TIPS_BEFORE},
    tips_counted_to = $1,
    state = CASE WHEN a.state = 'open' AND a.until <= $3 THEN 'closed' ELSE a.state END,
    closed_at = CASE WHEN a.state = 'open' AND a.until <= $3 THEN $3 ELSE a.closed_at END
  WHERE a.id = $2
  RETURNING a.id, a.incident_id, a.text, a.until, a.state, a.tips_published, a.thanks`;
