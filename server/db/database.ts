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
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
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
