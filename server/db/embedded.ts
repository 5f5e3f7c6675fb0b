import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { acquireDataDirLock } from './data-dir-lock.js';

export interface EmbeddedDatabase {
  connectionString: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL + PostGIS inside this process (PGlite) and exposes it on a loopback port so
 * that the rest of the server speaks plain `pg`, exactly as against a real server.
 * PGlite is a single session: the socket server takes one connection, so the pool must too.
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  await fs.mkdir(dataDir, { recursive: true });
  const lock = await acquireDataDirLock(dataDir);
  try {
    const db = await PGlite.create(dataDir, { extensions: { postgis, pg_trgm } });
    // The pool holds one connection (PGlite is one session), but the socket server closes a
    // connection after any SQL error and counts it until its close is handled: a second slot
    // lets the pool's replacement in at once instead of being refused.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 });
    await server.start();
    return {
      connectionString: `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
      async stop() {
        await server.stop();
        await db.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
