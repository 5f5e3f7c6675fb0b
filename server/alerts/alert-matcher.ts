import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { AlertTrigger } from '../../shared/schemas/alert.js';
import { withTransaction } from '../db/transaction.js';
import type { NotifiedIncident } from './alert-notification.js';
import {
  ADVANCE_CURSOR,
  BATCH_END,
  INSERT_NOTIFICATIONS,
  LOCK_CURSOR,
  SELECT_MATCHES,
} from './matcher.queries.js';
import { dueAfterQuietHours } from './quiet-hours.js';

interface MatchRow {
  event_id: string;
  trigger: AlertTrigger;
  alert_id: string;
  user_id: string;
  quiet_start: string | null;
  quiet_end: string | null;
  quiet_time_zone: string | null;
  incident: NotifiedIncident;
}

function quietHoursOf(row: MatchRow) {
  return row.quiet_start !== null && row.quiet_end !== null && row.quiet_time_zone !== null
    ? { start: row.quiet_start, end: row.quiet_end, timeZone: row.quiet_time_zone }
    : null;
}

export type MatchOutcome = { kind: 'busy' } | { kind: 'done'; events: number; notified: number };

/**
 * One batch of the matcher: under the cursor's row lock (so one process at a time, and the
 * others skip rather than wait), the events after the cursor become notifications of the
 * alerts they match, due now or when the alert's quiet hours end; the cursor moves in the
 * same transaction, so a crash leaves both as they were.
 */
export async function matchBatch(pool: pg.Pool, now: Date, batchSize: number) {
  return withTransaction(pool, async (client): Promise<MatchOutcome> => {
    const cursor = await client.query<{ last_event_id: string }>(LOCK_CURSOR);
    const from = cursor.rows[0]?.last_event_id;
    if (from === undefined) return { kind: 'busy' };
    const end = await client.query<{ up_to: string | null }>(BATCH_END, [from, batchSize]);
    const upTo = end.rows[0]?.up_to ?? null;
    if (upTo === null) return { kind: 'done', events: 0, notified: 0 };
    const { rows } = await client.query<MatchRow>(SELECT_MATCHES, [from, upTo]);
    let notified = 0;
    if (rows.length > 0) {
      const inserted = await client.query(INSERT_NOTIFICATIONS, [
        rows.map(() => randomUUID()),
        rows.map((r) => r.alert_id),
        rows.map((r) => r.user_id),
        rows.map((r) => r.event_id),
        rows.map((r) => r.trigger),
        rows.map((r) => JSON.stringify(r.incident)),
        rows.map((r) => dueAfterQuietHours(now, quietHoursOf(r)).toISOString()),
      ]);
      notified = inserted.rowCount ?? 0;
    }
    await client.query(ADVANCE_CURSOR, [upTo]);
    return { kind: 'done', events: Number(upTo) - Number(from), notified };
  });
}
