import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../server/db/migrate.js';
import { databaseUrl, withAdminClient } from './test-database.js';

/** Migrates one template database per run; each test file clones it (test-database.ts). */
export default async function setup(project: TestProject) {
  const runId = `openbeat_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const template = `${runId}_template`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${template}"`));
  const pool = new pg.Pool({ connectionString: databaseUrl(template), max: 1 });
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
  project.provide('testRunId', runId);
  project.provide('templateDatabase', template);

  return async () => {
    await withAdminClient(async (client) => {
      const leftovers = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE datname LIKE $1',
        [`${runId}%`],
      );
      for (const { datname } of leftovers.rows) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    });
  };
}
