import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The PostgreSQL 15 binaries of the Debian packages (PostGIS is packaged for this version). */
const PG_BIN = process.env.PRIVATE_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** PostgreSQL refuses to run as root, and the tests do. */
const OS_USER = 'postgres';

/**
 * A PostgreSQL cluster of one test's own, on a free port, which the test may stop, kill and
 * start again: the machine's shared server must never be restarted, other tests run on it.
 */
export interface PrivatePostgres {
  port: number;
  /** A trust-authenticated URL for the superuser `postgres`, on 127.0.0.1. */
  url(database?: string): string;
  /** `pg_ctl stop`: fast rolls back sessions and exits; immediate is a crash (recovery at start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster if it runs and deletes its folder; never throws. */
  destroy(): Promise<void>;
}

async function asPostgres(command: string, args: string[]): Promise<string> {
  const { stdout } = await run('runuser', ['-u', OS_USER, '--', command, ...args], {
    timeout: 60_000,
  });
  return stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function osUserIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([
    run('id', ['-u', OS_USER]).then(({ stdout }) => Number(stdout.trim())),
    run('id', ['-g', OS_USER]).then(({ stdout }) => Number(stdout.trim())),
  ]);
  return { uid, gid };
}

/** initdb into a new temporary folder and start it, tuned for tests (no fsync). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'openbeat-pg-'));
  const { uid, gid } = await osUserIds();
  await fs.chown(root, uid, gid);
  const data = path.join(root, 'data');
  const log = path.join(root, 'postgres.log');
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${root}`,
    '-c listen_addresses=127.0.0.1',
    // Safe against a crash of PostgreSQL (the OS keeps what was written), not of the machine;
    // synchronous_commit stays on, or an immediate stop would lose acknowledged commits.
    '-c fsync=off',
    '-c full_page_writes=off',
  ].join(' ');
  let running = false;
  const pgCtl = (args: string[]) => asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', data, ...args]);

  const cluster: PrivatePostgres = {
    port,
    url(database = 'postgres') {
      return `postgres://postgres@127.0.0.1:${port}/${database}`;
    },
    async start() {
      await pgCtl(['-o', options, '-l', log, '-w', '-t', '30', 'start']);
      running = true;
    },
    async stop(mode = 'fast') {
      running = false;
      await pgCtl(['-m', mode, '-w', '-t', '30', 'stop']);
    },
    async destroy() {
      if (running) await cluster.stop('immediate').catch(() => undefined);
      // Whatever pg_ctl could not stop still holds the folder: kill it by its pid file.
      const pid = await fs
        .readFile(path.join(data, 'postmaster.pid'), 'utf8')
        .then((text) => Number(text.split('\n')[0]))
        .catch(() => NaN);
      if (Number.isInteger(pid) && pid > 0) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await fs.rm(root, { recursive: true, force: true }).catch(() => undefined);
    },
  };

  try {
    await asPostgres(path.join(PG_BIN, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    await cluster.start();
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  return cluster;
}
