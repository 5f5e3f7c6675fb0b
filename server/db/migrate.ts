import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export class MigrationError extends Error {}

interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_NAME = /^(\d{3,})_[a-z0-9_]+\.sql$/;
// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_KEY = 7_246_311;

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await fs.readdir(dir)).filter((name) => FILE_NAME.test(name)).sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const sql = await fs.readFile(path.join(dir, name), 'utf8');
    const version = Number(FILE_NAME.exec(name)?.[1]);
    if (files.some((file) => file.version === version)) {
      throw new MigrationError(`two migrations have the number ${version}: rename one of them`);
    }
    files.push({ version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return files;
}

/**
 * Applies the numbered SQL files in order, each in its own transaction, and records each with
 * its checksum. An applied file that has changed since stops the start: migrations are forward
 * only, so a change belongs in a new file.
 */
export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = await readMigrations(dir);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = await client.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    checkAppliedMatchFiles(applied.rows, files);
    const done = new Set(applied.rows.map((row) => row.version));
    const newlyApplied: string[] = [];
    for (const file of files.filter((candidate) => !done.has(candidate.version))) {
      await applyOne(client, file);
      newlyApplied.push(file.name);
    }
    return newlyApplied;
  } finally {
    await client
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    client.release();
  }
}

function checkAppliedMatchFiles(
  applied: readonly { version: number; name: string; checksum: string }[],
  files: readonly MigrationFile[],
) {
  for (const row of applied) {
    const file = files.find((candidate) => candidate.version === row.version);
    if (!file) {
      throw new MigrationError(
        `the database has migration ${row.name}, which this code does not have: ` +
          'it was migrated by a newer version of Openbeat',
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${file.name} was changed after it was applied ` +
          `(applied checksum ${row.checksum.slice(0, 12)}…, file now ${file.checksum.slice(0, 12)}…): ` +
          'restore the file and put the change in a new migration',
      );
    }
  }
}

async function applyOne(client: pg.PoolClient, file: MigrationFile) {
  try {
    await client.query('BEGIN');
    await client.query(file.sql);
    await client.query(
      'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
      [file.version, file.name, file.checksum],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationError(`migration ${file.name} failed: ${(error as Error).message}`);
  }
}
