import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { readMigrations } from '../../server/db/migrate.js';
import { serverSecret } from '../../server/secrets/server-secret.js';
import { freshEmbeddedDataDir } from '../support/embedded-template.js';

// The copies the embedded-database tests start from: migrated to the current files, empty, and
// each its own (a write to one is not seen in another).

describe('freshEmbeddedDataDir', () => {
  it('gives independent copies of a migrated, empty embedded database', async () => {
    const dirs = [
      await freshEmbeddedDataDir('openbeat-template-a-'),
      await freshEmbeddedDataDir('openbeat-template-b-'),
    ];
    try {
      const expected = (await readMigrations()).map((file) => file.version);
      for (const dataDir of dirs) {
        const db = await openDatabase({ databaseUrl: undefined, dataDir, dbPoolMax: 1 });
        try {
          expect(db.appliedMigrations).toEqual([]);
          const applied = await db.pool.query<{ version: number }>(
            'SELECT version FROM schema_migrations ORDER BY version',
          );
          expect(applied.rows.map((row) => row.version)).toEqual(expected);
          const secrets = await db.pool.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM server_secrets',
          );
          // No secret is shared through the template, nor a write to the copy opened before.
          expect(secrets.rows[0]?.n).toBe(0);
          await serverSecret(db.pool, 'template_test');
        } finally {
          await db.close();
        }
      }
    } finally {
      for (const dataDir of dirs) await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
