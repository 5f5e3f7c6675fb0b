import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate } from '../../server/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openbeat-migrations-'));
  await fs.cp(MIGRATIONS_DIR, dir, { recursive: true });
});
afterAll(async () => {
  await db.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('the migration runner', () => {
  it('applies every file once, in order, and records each with its checksum', async () => {
    const files = (await fs.readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
    expect(await migrate(db.pool, dir)).toEqual(files);
    expect(await migrate(db.pool, dir)).toEqual([]);
    const recorded = await db.pool.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM schema_migrations ORDER BY version',
    );
    expect(recorded.rows.map((row) => row.name)).toEqual(files);
    expect(recorded.rows.every((row) => /^[0-9a-f]{64}$/.test(row.checksum))).toBe(true);
  });

  it('stops with a clear message when an applied migration file has changed', async () => {
    const file = path.join(dir, '003_incidents.sql');
    await fs.appendFile(file, '\n-- an edit after the fact\n');
    await expect(migrate(db.pool, dir)).rejects.toThrow(
      /migration 003_incidents\.sql was changed after it was applied.*put the change in a new migration/,
    );
  });

  it('applies a new file, and rolls a failing one back whole', async () => {
    await fs.writeFile(
      path.join(dir, '003_incidents.sql'),
      await fs.readFile(path.join(MIGRATIONS_DIR, '003_incidents.sql')),
    );
    await fs.writeFile(
      path.join(dir, '900_broken.sql'),
      'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n',
    );
    await expect(migrate(db.pool, dir)).rejects.toThrow(/migration 900_broken\.sql failed/);
    const table = await db.pool.query<{ found: string | null }>(
      "SELECT to_regclass('half_done') AS found",
    );
    expect(table.rows[0]?.found).toBeNull();
    await fs.rm(path.join(dir, '900_broken.sql'));
  });

  it('refuses a database migrated by a newer version', async () => {
    await db.pool.query(
      "INSERT INTO schema_migrations (version, name, checksum) VALUES (999, '999_future.sql', repeat('a', 64))",
    );
    await expect(migrate(db.pool, dir)).rejects.toThrow(
      /999_future\.sql, which this code does not have/,
    );
  });
});
