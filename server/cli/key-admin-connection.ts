import { findKeyAdminChannel, remoteKeyAdmin } from '../auth/key-admin-channel.js';
import { keyAdminOn, type KeyAdmin } from '../auth/key-admin.js';
import type { Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { DataDirInUseError } from '../db/data-dir-lock.js';

export interface KeyAdminConnection {
  admin: KeyAdmin;
  /** Where the keys are, for the command's messages. */
  where: string;
  close(): Promise<void>;
}

// The embedded server's first start (unpacking PostGIS) takes ~20 s; a command typed meanwhile waits.
const STARTING_SERVER_WAIT_MS = 120_000;
const RETRY_MS = 500;

/**
 * The keys of the configured database. With DATABASE_URL, that database, whether servers run or
 * not. Embedded: through the running server's admin channel when a server holds the data folder,
 * else the folder itself, opened here. A process that holds the folder without a channel (a
 * server still starting, an import) is waited for, saying so on stderr.
 */
export async function openKeyAdmin(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolMax'>,
): Promise<KeyAdminConnection> {
  const started = Date.now();
  let told = false;
  for (;;) {
    if (!config.databaseUrl) {
      const channel = await findKeyAdminChannel(config.dataDir);
      if (channel) {
        return {
          admin: remoteKeyAdmin(channel),
          where: `embedded database (through the server running as process ${channel.pid})`,
          close: async () => undefined,
        };
      }
    }
    try {
      const db = await openDatabase({ ...config, dbPoolMax: 1 });
      return { admin: keyAdminOn(db.pool), where: `${db.mode} database`, close: () => db.close() };
    } catch (error) {
      if (!(error instanceof DataDirInUseError) || Date.now() - started > STARTING_SERVER_WAIT_MS) {
        throw error;
      }
      if (!told) console.error(`${error.message}; waiting for it to finish starting…`);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}
