import pg from 'pg';
import { chainHash, contentHash, partHash } from '../../shared/audit/chain.js';

/**
 * What an insider with the database's superuser could do to the record: each change runs with
 * the triggers that keep events append-only switched off for its own transaction
 * (session_replication_role = replica), in the test's own database.
 */
export async function asSuperuser(url: string, work: (client: pg.Client) => Promise<void>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await work(client);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** Changes one public part in place, its hashes left as they were. */
export function editEvent(url: string, id: number) {
  return asSuperuser(url, async (client) => {
    await client.query(
      `UPDATE events SET public = jsonb_set(public, '{category}', '"vandalism"') WHERE id = $1`,
      [id],
    );
  });
}

export function deleteEvent(url: string, id: number) {
  return asSuperuser(url, async (client) => {
    await client.query('DELETE FROM events WHERE id = $1', [id]);
  });
}

/** Swaps the ids of two events. */
export function swapEvents(url: string, a: number, b: number) {
  return asSuperuser(url, async (client) => {
    await client.query('UPDATE events SET id = -id WHERE id = $1', [a]);
    await client.query('UPDATE events SET id = $1 WHERE id = $2', [a, b]);
    await client.query('UPDATE events SET id = $1 WHERE id = $2', [b, -a]);
  });
}

/**
 * Rewrites one event's public part and everything after it as a careful insider would: every
 * hash recomputed, so the chain verifies again, and the chain head moved to match.
 */
export function rewriteHistoryFrom(url: string, id: number) {
  return asSuperuser(url, async (client) => {
    const { rows } = await client.query<{
      id: string;
      public: Record<string, unknown>;
      private_hash: string;
      public_hash: string;
      prev_hash: string;
    }>(
      'SELECT id, public, public_hash, private_hash, prev_hash FROM events WHERE id >= $1 ORDER BY id',
      [id],
    );
    let prev = rows[0]?.prev_hash ?? '';
    for (const row of rows) {
      const isTarget = Number(row.id) === id;
      const publicPart = isTarget ? { ...row.public, category: 'vandalism' } : row.public;
      const publicHash = isTarget ? partHash(publicPart) : row.public_hash;
      const content = contentHash({ publicHash, privateHash: row.private_hash });
      const hash = chainHash(prev, content);
      await client.query(
        `UPDATE events SET public = $2, public_hash = $3, content_hash = $4, prev_hash = $5, hash = $6
         WHERE id = $1`,
        [row.id, publicPart, publicHash, content, prev, hash],
      );
      prev = hash;
    }
    await client.query('UPDATE event_chain_head SET last_hash = $1', [prev]);
  });
}
