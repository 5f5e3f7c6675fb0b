import fs from 'node:fs/promises';
import path from 'node:path';

export class DataDirInUseError extends Error {}

const LOCK_FILE = 'openbeat.pid';

/**
 * PGlite's files may be opened by one process only. A pid file in the data folder makes a second
 * process (another server, or a CLI command while the server runs) stop with a clear message
 * instead of corrupting the database. A pid file left by a crashed process is taken over.
 */
export async function acquireDataDirLock(dataDir: string): Promise<{ release(): Promise<void> }> {
  const lockFile = path.join(dataDir, LOCK_FILE);
  for (;;) {
    try {
      await fs.writeFile(lockFile, String(process.pid), { flag: 'wx' });
      return { release: () => fs.rm(lockFile, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await fs.readFile(lockFile, 'utf8').catch(() => ''));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new DataDirInUseError(
          `the embedded database in ${dataDir} is in use by process ${holder}; ` +
            'stop that process first, or set DATABASE_URL to use a PostgreSQL server',
        );
      }
      await fs.rm(lockFile, { force: true });
    }
  }
}

/** The live process (not this one) that holds the data folder's lock, or null. */
export async function readDataDirLockHolder(dataDir: string): Promise<number | null> {
  const holder = Number(await fs.readFile(path.join(dataDir, LOCK_FILE), 'utf8').catch(() => ''));
  const held = Number.isInteger(holder) && holder > 0 && holder !== process.pid;
  return held && isRunning(holder) ? holder : null;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
