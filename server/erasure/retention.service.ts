import type pg from 'pg';
import type { RecordWriter } from '../record/record-writer.js';
import { eraseInSession } from './erasure.service.js';
import {
  ERASE_DUE_TIPS,
  SELECT_DUE_OBSERVATIONS,
  TRY_RETENTION_LOCK,
} from './retention.queries.js';

/**
 * Retention: exact places, texts as written and reporters' identities of observations, and
 * tips to appeals, are erased once older than the retention period (OBSERVATION_RETENTION_DAYS,
 * default 90; GDPR Art. 5(1)(e): kept no longer than needed). Public fields stay.
 */

/** Observations erased per transaction: the chain head lock is held for one batch at a time. */
const BATCH = 500;

export interface RetentionOptions {
  retentionDays: number;
  now?: Date;
  batchSize?: number;
}

export interface RetentionReport {
  /** False when another process was running retention at the same moment. */
  ran: boolean;
  observations: number;
  erasedEvents: number;
  tips: number;
}

export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
}

/** Erases tips past the cutoff (the `tips` table of the appeals, migration 018). */
export async function eraseDueTips(db: pg.PoolClient, cutoff: Date, now: Date): Promise<number> {
  const erased = await db.query(ERASE_DUE_TIPS, [cutoff, now]);
  return erased.rowCount ?? 0;
}

/**
 * One batch, in one transaction, under the retention lock: when another process holds it, this
 * one does nothing (it is doing the same work). Returns null then.
 */
async function eraseBatch(
  records: RecordWriter,
  cutoff: Date,
  now: Date,
  batchSize: number,
  withTips: boolean,
): Promise<{ observations: number; erasedEvents: number; tips: number } | null> {
  const { result } = await records.transact(async (session) => {
    const lock = await session.db.query<{ locked: boolean }>(TRY_RETENTION_LOCK);
    if (!lock.rows[0]?.locked) return { result: null, events: [] };
    const tips = withTips ? await eraseDueTips(session.db, cutoff, now) : 0;
    const due = await session.db.query<{ id: string }>(SELECT_DUE_OBSERVATIONS, [
      cutoff,
      batchSize,
    ]);
    if (due.rows.length === 0) {
      return { result: { observations: 0, erasedEvents: 0, tips }, events: [] };
    }
    // Retention never withholds nor unpublishes: the public item stays, generalised as it was.
    const erased = await eraseInSession(session, {
      ids: due.rows.map((row) => row.id),
      reason: 'retention',
      skipLocked: true,
      now,
    });
    return {
      result: {
        observations: erased.result.observations.length,
        erasedEvents: erased.result.erasedEvents,
        tips,
      },
      events: erased.events,
    };
  });
  return result;
}

/** Erases everything past the retention period, batch by batch; cheap when nothing is due. */
export async function runRetention(
  records: RecordWriter,
  options: RetentionOptions,
): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const cutoff = retentionCutoff(now, options.retentionDays);
  const batchSize = options.batchSize ?? BATCH;
  const report: RetentionReport = { ran: true, observations: 0, erasedEvents: 0, tips: 0 };
  for (let first = true; ; first = false) {
    const batch = await eraseBatch(records, cutoff, now, batchSize, first);
    if (!batch) return { ...report, ran: !first };
    report.observations += batch.observations;
    report.erasedEvents += batch.erasedEvents;
    report.tips += batch.tips;
    // A short batch is the last; a full one may have left rows locked elsewhere, skipped.
    if (batch.observations < batchSize) return report;
  }
}
