import type pg from 'pg';
import { tooManyRequests } from '../errors.js';
import type { RateLimit } from '../observations/observation-guards.js';
import { lockName } from '../observations/observation-store.js';
import type { Reporter } from '../observations/reporter-identity.js';
import { COUNT_TIPS_BY } from './tips.queries.js';

/**
 * A tipster's limits, as observations count theirs (server/observations/observation-guards.ts):
 * per account when signed in, else per device token and per address, counted from the tips
 * themselves under a lock per key, so every process agrees and two at once cannot slip through.
 */
export async function checkTipLimits(
  db: pg.PoolClient,
  tipster: Reporter,
  limit: RateLimit,
  now: Date,
): Promise<void> {
  const keys: [keyof typeof COUNT_TIPS_BY, string | null][] = tipster.userId
    ? [['user', tipster.userId]]
    : [
        ['device', tipster.device],
        ['address', tipster.address],
      ];
  for (const [kind, key] of keys) {
    if (key === null) continue;
    await lockName(db, `tip-rate:${kind}:${key}`);
    const since = new Date(now.getTime() - limit.windowMs);
    const row = (
      await db.query<{ count: number; oldest: Date | null }>(COUNT_TIPS_BY[kind], [key, since])
    ).rows[0];
    if (!row || row.count < limit.max) continue;
    const freeAt = (row.oldest?.getTime() ?? now.getTime()) + limit.windowMs;
    throw tooManyRequests(
      `Too many tips from this ${kind === 'user' ? 'account' : kind}: at most ${limit.max} per ${Math.round(limit.windowMs / 60_000)} minutes; try again later`,
      (freeAt - now.getTime()) / 1000,
    );
  }
}
