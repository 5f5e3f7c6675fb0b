import pg from 'pg';
import type { Config } from '../config.js';
import { startEmbeddedDatabase } from './embedded.js';
import { migrate } from './migrate.js';
import { checkPostgisAvailable, postgisVersion } from './postgis.js';

export interface Database {
  pool: pg.Pool;
  mode: 'external' | 'embedded';
  postgisVersion: string;
  appliedMigrations: string[];
  close(): Promise<void>;
}

/**
 * A lost connection is reported as an 'error' event; an event nobody listens to is thrown and
 * ends the process. pg-pool listens only while a client is idle in the pool, not while it is
 * checked out (https://github.com/brianc/node-postgres/issues/1324), so each client gets a
 * listener of its own for its whole life. The query in flight fails with the same error and the
 * pool drops the client when it comes back, so nothing else needs to happen here.
 */
export function guardAgainstLostConnections(pool: pg.Pool): void {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
}

/**
 * Opens the one `pg` pool the server uses, on a real PostgreSQL when DATABASE_URL is set and on
 * the embedded one otherwise, then checks PostGIS and applies pending migrations.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolMax'>,
): Promise<Database> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.dataDir);
  const pool = new pg.Pool({
    connectionString: config.databaseUrl ?? embedded?.connectionString,
    max: embedded ? 1 : config.dbPoolMax,
    connectionTimeoutMillis: 10_000,
    application_name: 'openbeat',
  });
  guardAgainstLostConnections(pool);
  const close = async () => {
    await pool.end();
    await embedded?.stop();
  };
  try {
    await checkPostgisAvailable(pool);
    const appliedMigrations = await migrate(pool);
    return {
      pool,
      mode: embedded ? 'embedded' : 'external',
      postgisVersion: await postgisVersion(pool),
      appliedMigrations,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
