import { randomUUID } from 'node:crypto';
import { tooManyRequests } from '../errors.js';
import type { Queryable } from '../record/record-session.js';
import { lockName } from './observation-store.js';
import type { Reporter } from './reporter-identity.js';
import {
  COUNT_BY_ADDRESS,
  COUNT_BY_DEVICE,
  COUNT_BY_USER,
  COUNT_TARGET_REPORTERS,
  INSERT_ALERT,
  SELECT_RECENT_ALERT,
} from './observations.queries.js';

export interface RateLimit {
  /** Reports per window per account, device token and address. */
  max: number;
  windowMs: number;
}

/** Three or more reporters about one small cell within a day raise an alert and are held. */
export const TARGETING_REPORTERS = 3;
const TARGETING_WINDOW_MS = 24 * 60 * 60 * 1000;

async function checkOne(
  db: Queryable,
  sql: string,
  key: string,
  limit: RateLimit,
  now: Date,
  what: string,
) {
  await lockName(db, `observation-rate:${sql === COUNT_BY_USER ? 'u' : 'k'}:${key}`);
  const since = new Date(now.getTime() - limit.windowMs);
  const row = (await db.query<{ count: number; oldest: Date | null }>(sql, [key, since])).rows[0];
  if (!row || row.count < limit.max) return;
  const freeAt = (row.oldest?.getTime() ?? now.getTime()) + limit.windowMs;
  throw tooManyRequests(
    `Too many reports ${what}: at most ${limit.max} per ${Math.round(limit.windowMs / 60_000)} minutes; try again later`,
    (freeAt - now.getTime()) / 1000,
  );
}

/**
 * The reporter's limits, counted from the reports themselves (so every process agrees): per
 * account when signed in, else per device token AND per address. Under a lock per key, so
 * concurrent reports of one reporter cannot both slip under the limit.
 */
export async function checkRateLimits(
  db: Queryable,
  reporter: Reporter,
  limit: RateLimit,
  now: Date,
): Promise<void> {
  if (reporter.userId) {
    await checkOne(db, COUNT_BY_USER, reporter.userId, limit, now, 'from this account');
    return;
  }
  if (reporter.device) {
    await checkOne(db, COUNT_BY_DEVICE, reporter.device, limit, now, 'from this device');
  }
  if (reporter.address) {
    await checkOne(db, COUNT_BY_ADDRESS, reporter.address, limit, now, 'from this address');
  }
}

/**
 * The anti-targeting rule (issue 12, part 3): when this report makes three or more different
 * reporters about the same small cell within 24 h, it is held, and moderators get one alert per
 * cell per 24 h. Returns whether to hold it. Call before inserting the report.
 */
export async function checkTargeting(
  db: Queryable,
  targetCell: string,
  publicCell: string,
  reporterKey: string,
  now: Date,
): Promise<boolean> {
  await lockName(db, `observation-target:${targetCell}`);
  const since = new Date(now.getTime() - TARGETING_WINDOW_MS);
  const others = (
    await db.query<{ reporters: number }>(
      `${COUNT_TARGET_REPORTERS} AND coalesce(reporter_key, id::text) <> $3`,
      [targetCell, since, reporterKey],
    )
  ).rows[0];
  const reporters = (others?.reporters ?? 0) + 1;
  if (reporters < TARGETING_REPORTERS) return false;
  const alerted = await db.query(SELECT_RECENT_ALERT, [targetCell, since]);
  if (alerted.rowCount === 0) {
    await db.query(INSERT_ALERT, [randomUUID(), publicCell, targetCell, now, reporters]);
  }
  return true;
}
