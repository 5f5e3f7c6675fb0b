import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardAgainstLostConnections } from '../../server/db/database.js';
import { databaseEventLog } from '../../server/realtime/event-log.js';
import { Relay } from '../../server/realtime/relay.js';
import { CommitSignal } from '../../server/record/commit-signal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// The relay's LISTEN connection lives outside the pool: when the database drops it, the relay
// must connect again by itself, with one connection, however many times the loss is reported.

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  guardAgainstLostConnections(db.pool);
});

afterAll(async () => {
  await db.drop();
});

async function relayBackends(): Promise<number[]> {
  const rows = await db.pool.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'openbeat-relay'",
  );
  return rows.rows.map((row) => row.pid);
}

async function waitForBackends(count: number, withinMs: number): Promise<number[]> {
  const started = Date.now();
  for (;;) {
    const pids = await relayBackends();
    if (pids.length === count) return pids;
    if (Date.now() - started > withinMs) {
      throw new Error(`${pids.length} relay connections, not ${count}, after ${withinMs} ms`);
    }
    await sleep(50);
  }
}

describe('the relay under pg_terminate_backend', () => {
  it('listens again on exactly one connection after each loss', async () => {
    const errors: unknown[] = [];
    const relay = new Relay(databaseEventLog(db.pool), {
      listenUrl: db.url,
      commits: new CommitSignal(),
      pollMs: 60_000,
      batchSize: 100,
      demand: () => 'none',
      onRows: () => undefined,
      onError: (error) => errors.push(error),
    });
    await relay.start();
    try {
      for (let round = 0; round < 3; round += 1) {
        const [pid] = await waitForBackends(1, 5_000);
        await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
        await waitForBackends(0, 2_000);
      }
      await waitForBackends(1, 5_000);
      // No second connection shows up later, from a loss reported twice.
      await sleep(2_500);
      expect(await relayBackends()).toHaveLength(1);
      expect(errors.length).toBeGreaterThanOrEqual(3);
    } finally {
      await relay.stop();
    }
  });
});
