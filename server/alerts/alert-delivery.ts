import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import { toNotification, type NotificationRow } from './alert-notification.js';
import {
  CLAIM_DUE,
  CLAIM_PUSHES,
  DELETE_GONE_SUBSCRIPTION,
  MARK_DELIVERED,
  MARK_PUSH_RETRY,
  MARK_PUSH_SENT,
  QUEUE_PUSHES,
} from './delivery.queries.js';
import { sendPush, type PushOutcome, type PushSenderOptions } from './push-sender.js';
import type { VapidKeys } from './vapid-keys.js';

/**
 * Delivers the due notifications: marks them delivered (each process's in-app tail then tells
 * the open apps) and queues one push per subscription of their person, in one transaction.
 * Returns how many it delivered.
 */
export async function deliverDue(pool: pg.Pool, now: Date, batchSize: number): Promise<number> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(CLAIM_DUE, [now, batchSize]);
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    await client.query(MARK_DELIVERED, [ids]);
    await client.query(QUEUE_PUSHES, [ids, now]);
    return rows.length;
  });
}

interface PushRow extends NotificationRow {
  attempts: number;
  subscription_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushDeliveryOptions extends PushSenderOptions {
  batchSize: number;
  /** Attempts before a message is given up. */
  maxAttempts: number;
  /** The wait after the first failure, doubled after each further one (at most an hour). */
  retryBaseMs: number;
}

const RETRY_MAX_MS = 60 * 60_000;

function retryAt(now: Date, attempts: number, baseMs: number): Date {
  return new Date(now.getTime() + Math.min(RETRY_MAX_MS, baseMs * 2 ** attempts));
}

/**
 * Sends the queued pushes that are due. Each is locked while it is sent (FOR UPDATE … SKIP
 * LOCKED), so two processes never send one message; the outcome is recorded in the same
 * transaction. A 404 or 410 deletes the subscription; other failures are tried again later.
 */
export async function sendDuePushes(
  pool: pg.Pool,
  now: Date,
  keys: VapidKeys,
  options: PushDeliveryOptions,
): Promise<Record<PushOutcome, number>> {
  const counts: Record<PushOutcome, number> = { sent: 0, gone: 0, failed: 0, refused: 0 };
  await withTransaction(pool, async (client) => {
    const { rows } = await client.query<PushRow>(CLAIM_PUSHES, [now, options.batchSize]);
    const outcomes = await Promise.all(
      rows.map((row) =>
        sendPush(
          row,
          JSON.stringify(toNotification(row)),
          row.id.replaceAll('-', ''),
          keys,
          options,
        ),
      ),
    );
    for (const [index, row] of rows.entries()) {
      const outcome = outcomes[index] ?? 'failed';
      counts[outcome] += 1;
      const key = [row.id, row.subscription_id];
      if (outcome === 'sent') {
        await client.query(MARK_PUSH_SENT, [...key, now]);
      } else if (outcome === 'gone') {
        await client.query(DELETE_GONE_SUBSCRIPTION, [row.subscription_id]);
      } else {
        const attempts = row.attempts + 1;
        const givenUp = outcome === 'refused' || attempts >= options.maxAttempts;
        await client.query(MARK_PUSH_RETRY, [
          ...key,
          retryAt(now, row.attempts, options.retryBaseMs),
          givenUp ? now : null,
        ]);
      }
    }
  });
  return counts;
}
