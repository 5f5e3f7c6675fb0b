/**
 * SQL text for Open311 reads. They read approved reports only, and only their public columns
 * (public point, moderated text, states): never the exact point, the text as written or a
 * reporter column. Times are floored to the quarter hour, as the map shows them
 * (server/observations/observation-group.ts): filters compare those floored times, so that
 * a narrowing start_date cannot find a report's exact minute.
 */

const QUARTER_HOUR = (column: string) =>
  `to_timestamp(floor(extract(epoch FROM ${column}) / 900) * 900)`;

/**
 * Closed: the group's item is confirmed or disputed by the police, or retracted (every report
 * retracted and fewer than two reporters): the same precedence as the item's verification.
 */
const CLOSED = `(bool_or(verification IN ('confirmed', 'disputed'))
  OR (bool_and(verification = 'retracted')
      AND count(DISTINCT coalesce(reporter_key, id::text)) < 2))`;

export interface RequestFilter {
  ids: string[] | null;
  codes: string[] | null;
  start: Date | null;
  end: Date | null;
  statuses: ('open' | 'closed')[] | null;
  limit: number;
}

/** The public groups that match, newest first, with their public request and update times. */
export function selectRequestGroups(filter: RequestFilter): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = [`moderation = 'approved'`];
  const having: string[] = [];
  const requested = QUARTER_HOUR('min(created_at)');
  if (filter.ids) where.push(`group_id = ANY(${param(filter.ids)}::uuid[])`);
  if (filter.codes) where.push(`category = ANY(${param(filter.codes)}::text[])`);
  if (filter.start) having.push(`${requested} >= ${param(filter.start)}`);
  if (filter.end) having.push(`${requested} <= ${param(filter.end)}`);
  if (filter.statuses?.length === 1) {
    having.push(filter.statuses[0] === 'closed' ? CLOSED : `NOT ${CLOSED}`);
  }
  return {
    text: `
      SELECT group_id, ${requested} AS requested_at,
             ${QUARTER_HOUR('max(updated_at)')} AS updated_at, ${CLOSED} AS closed
      FROM observations WHERE ${where.join(' AND ')}
      GROUP BY group_id
      ${having.length > 0 ? `HAVING ${having.join(' AND ')}` : ''}
      ORDER BY min(created_at) DESC, group_id DESC
      LIMIT ${param(filter.limit)}`,
    values,
  };
}

/** A token (the id of one report) to its group, once that report is approved. */
export const SELECT_GROUP_OF_TOKEN = `
  SELECT group_id FROM observations WHERE id = $1 AND moderation = 'approved'`;
