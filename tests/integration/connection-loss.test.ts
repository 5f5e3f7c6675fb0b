import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardAgainstLostConnections } from '../../server/db/database.js';
import { withTransaction } from '../../server/db/transaction.js';
import { isDatabaseUnavailable } from '../../server/db/unavailable.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// A connection the server terminates while a client is checked out of the pool reports the loss
// as an 'error' event on that client. pg-pool listens for it only while the client is idle in the
// pool; unheard, Node throws it and the process ends (vitest reports it as an unhandled error).

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
});

async function terminate(pid: number): Promise<void> {
  const killed = await db.pool.query('SELECT pg_terminate_backend($1) AS done', [pid]);
  expect(killed.rows[0]).toEqual({ done: true });
  // Let the FATAL message and the closed socket arrive while no statement is running.
  await sleep(200);
}

async function backendPid(client: pg.PoolClient): Promise<number> {
  return (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0;
}

describe('a connection lost while a client is checked out', () => {
  it('fails the transaction as "database unavailable", and the pool serves again', async () => {
    // A bare pool, as a test or a script would make one: withTransaction must guard itself.
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    pool.on('error', () => undefined);
    try {
      const failed = withTransaction(pool, async (client) => {
        await terminate(await backendPid(client));
        return client.query('SELECT 1');
      });
      await expect(failed).rejects.toSatisfy(isDatabaseUnavailable);
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      // The dead client went out of the pool instead of back into it.
      expect(pool.totalCount).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('does not end the process for any client of a guarded pool', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    guardAgainstLostConnections(pool);
    try {
      const client = await pool.connect();
      await terminate(await backendPid(client));
      await expect(client.query('SELECT 1')).rejects.toSatisfy(isDatabaseUnavailable);
      client.release();
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
