import type pg from 'pg';
import { checkTimeRange } from '../../shared/geo/time-range.js';
import type { ModerationLogEntry } from '../../shared/schemas/moderation.js';
import { InvalidRequestError } from '../errors.js';
import { SELECT_LOG } from './moderation.queries.js';

interface LogRow {
  id: number;
  at: Date;
  public: Omit<ModerationLogEntry, 'eventId' | 'at'>;
}

/**
 * The public moderation log: the public parts of the moderation events, and nothing else
 * (what was decided, why, by a moderator or by residents' flags), newest first.
 */
export async function readModerationLog(
  pool: pg.Pool,
  query: { from?: string | undefined; to?: string | undefined; limit?: number | undefined },
): Promise<ModerationLogEntry[]> {
  const range = checkTimeRange(query.from, query.to);
  if (!range.ok) throw new InvalidRequestError(range.message);
  const rows = await pool.query<LogRow>(SELECT_LOG, [
    query.from ?? null,
    query.to ?? null,
    query.limit ?? 100,
  ]);
  return rows.rows.map((row) => ({
    eventId: row.id,
    at: row.at.toISOString(),
    kind: row.public.kind,
    targetId: row.public.targetId,
    decision: row.public.decision,
    reason: row.public.reason,
    note: row.public.note,
    by: row.public.by,
  }));
}
