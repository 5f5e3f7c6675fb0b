import type { NewEvent } from '../record/events.js';
import type { RecordWriter } from '../record/record-writer.js';
import { publishAppeal } from './appeal-publication.js';
import type { AppealRow } from './appeal-row.js';
import { SELECT_APPEAL_FOR_UPDATE } from './appeals.queries.js';
import { RECOUNT_APPEAL, SELECT_APPEALS_DUE } from './tip-counts.queries.js';

/**
 * The public tip count of an appeal moves in steps of a fixed window (10 minutes by default):
 * it is the number of tips received before the start of the current window, published by the
 * first recount after that start. So a count change tells the public only that some tips came
 * in some earlier window, never when one came to the minute (which, beside a tipster's own
 * knowledge or a street camera, could single them out). The same recount closes appeals past
 * their `until`.
 */
export function windowStart(now: Date, windowMs: number): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/** Recounts every appeal that is due, in one transaction; returns the events it chained. */
export async function recountTips(
  records: RecordWriter,
  windowMs: number,
  now = new Date(),
): Promise<number> {
  const start = windowStart(now, windowMs);
  const closedSince = new Date(start.getTime() - 2 * windowMs);
  const due = await records.pool.query<{ id: string }>(SELECT_APPEALS_DUE, [
    start.toISOString(),
    closedSince.toISOString(),
    now.toISOString(),
  ]);
  if (due.rows.length === 0) return 0;
  const { result } = await records.transact(async (session) => {
    const events: NewEvent[] = [];
    for (const { id } of due.rows) {
      const before = (await session.db.query<AppealRow>(SELECT_APPEAL_FOR_UPDATE, [id])).rows[0];
      const after = (
        await session.db.query<AppealRow>(RECOUNT_APPEAL, [
          start.toISOString(),
          id,
          now.toISOString(),
        ])
      ).rows[0];
      // Another process may have recounted it since: then nothing changed, and nothing is said.
      if (!before || !after) continue;
      if (before.tips_published === after.tips_published && before.state === after.state) continue;
      events.push(await publishAppeal(session, after));
    }
    return { result: events.length, events };
  });
  return result;
}
