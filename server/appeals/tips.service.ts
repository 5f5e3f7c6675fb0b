import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { checkReportText } from '../../shared/guardrails/check-text.js';
import type { Tip, TipCreate } from '../../shared/schemas/appeal.js';
import { withTransaction } from '../db/transaction.js';
import { NotFoundError } from '../errors.js';
import type { RateLimit } from '../observations/observation-guards.js';
import type { Reporter } from '../observations/reporter-identity.js';
import { AppealClosedError } from './appeal-errors.js';
import { checkTipLimits } from './tip-limits.js';
import {
  INSERT_TIP,
  SELECT_APPEAL_EXISTS,
  SELECT_APPEAL_TAKING_TIPS,
  SELECT_TIPS_OF_APPEAL,
} from './tips.queries.js';

interface TipRow {
  id: string;
  appeal_id: string;
  created_at: Date;
  text: string | null;
  contact: string | null;
  personal_data: string[];
  lon: number | null;
  lat: number | null;
}

/**
 * Stores a tip for dispatch. It writes no event (not even a private part: the record is
 * public-by-hash and kept forever, a tip is personal data with an end), and the public count
 * moves only with the windowed recount. What the guardrails find is kept as a warning for
 * dispatch: a tip may rightly name what a tipster saw.
 */
export async function createTip(
  pool: pg.Pool,
  appealId: string,
  input: Omit<TipCreate, 'altcha'>,
  tipster: Reporter,
  limit: RateLimit,
  now = new Date(),
): Promise<{ id: string }> {
  const found = checkReportText([input.text, input.contact ?? ''].join('\n')).rules;
  const id = randomUUID();
  await withTransaction(pool, async (client) => {
    const appeal = (
      await client.query<{ state: string; until: Date }>(SELECT_APPEAL_TAKING_TIPS, [appealId])
    ).rows[0];
    if (!appeal) throw new NotFoundError(`appeal ${appealId}`);
    if (appeal.state !== 'open' || appeal.until.getTime() <= now.getTime()) {
      throw new AppealClosedError();
    }
    await checkTipLimits(client, tipster, limit, now);
    await client.query(INSERT_TIP, [
      id,
      appealId,
      now.toISOString(),
      input.text,
      input.location?.lon ?? null,
      input.location?.lat ?? null,
      input.contact ?? null,
      found,
      tipster.userId,
      tipster.device,
      tipster.address,
    ]);
  });
  return { id };
}

export async function listTips(pool: pg.Pool, appealId: string, limit = 500): Promise<Tip[]> {
  const exists = await pool.query(SELECT_APPEAL_EXISTS, [appealId]);
  if (exists.rowCount === 0) throw new NotFoundError(`appeal ${appealId}`);
  const rows = (await pool.query<TipRow>(SELECT_TIPS_OF_APPEAL, [appealId, limit])).rows;
  return rows.map((row) => ({
    id: row.id,
    appealId: row.appeal_id,
    text: row.text,
    location: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat },
    contact: row.contact,
    createdAt: row.created_at.toISOString(),
    personalData: row.personal_data,
  }));
}
