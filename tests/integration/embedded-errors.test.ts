import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/database.js';
import { freshEmbeddedDataDir } from '../support/embedded-template.js';

/**
 * The embedded database closes a connection after any SQL error; the next request must not
 * pay for it (it once got "Connection terminated unexpectedly", a 503 for an innocent caller).
 */
let dataDir: string;
let db: Database;

beforeAll(async () => {
  dataDir = await freshEmbeddedDataDir('openbeat-embedded-errors-');
  db = await openDatabase({ databaseUrl: undefined, dataDir, dbPoolMax: 10 });
}, 120_000);

afterAll(async () => {
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the embedded database after an SQL error', () => {
  it('answers the very next query', async () => {
    expect(db.mode).toBe('embedded');
    for (let round = 0; round < 3; round++) {
      await expect(db.pool.query('SELECT 1/0')).rejects.toThrow(/division by zero/);
      const next = await db.pool.query<{ value: number }>('SELECT 2 AS value');
      expect(next.rows).toEqual([{ value: 2 }]);
    }
  });

  it('answers the next query after a failed transaction, with no transaction left open', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await expect(client.query("SELECT 'x'::int")).rejects.toThrow(/invalid input syntax/);
      await client.query('ROLLBACK');
    } finally {
      client.release(true);
    }
    const next = await db.pool.query<{ open: string | null }>(
      'SELECT txid_current_if_assigned()::text AS open',
    );
    expect(next.rows).toEqual([{ open: null }]);
  });
});
