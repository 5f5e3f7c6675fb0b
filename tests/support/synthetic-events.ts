import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { contentHash, partHash } from '../../shared/audit/chain.js';

/**
 * Events for the record alone, made fast: prepared as the record writer prepares them (salted
 * public part, nonce'd private part, their hashes) and chained by append_events() in batches,
 * without the rows they would describe. For the verifier's tests and benchmark.
 */
function syntheticEvent(n: number, at: string) {
  const entityId = randomUUID();
  const publicPart = {
    type: 'incident.created',
    entity: 'incident',
    entityId,
    at,
    category: 'theft',
    n,
    salt: randomUUID(),
  };
  const privatePart = { nonce: randomUUID() };
  const hashes = { publicHash: partHash(publicPart), privateHash: partHash(privatePart) };
  return {
    type: 'incident.created',
    entity: 'incident',
    entityId,
    at,
    public: publicPart,
    private: privatePart,
    ...hashes,
    contentHash: contentHash(hashes),
  };
}

/** Appends `count` synthetic events, `batch` per append_events() call; returns the head id. */
export async function appendSyntheticEvents(
  db: pg.Pool,
  count: number,
  batch = 5_000,
): Promise<number> {
  const at = new Date().toISOString();
  let last = 0;
  for (let done = 0; done < count; done += batch) {
    const events = Array.from({ length: Math.min(batch, count - done) }, (_, i) =>
      syntheticEvent(done + i, at),
    );
    const { rows } = await db.query<{ last: number }>(
      'SELECT max(event_id)::float8 AS last FROM append_events($1::jsonb)',
      [JSON.stringify(events)],
    );
    last = rows[0]?.last ?? last;
  }
  return last;
}
