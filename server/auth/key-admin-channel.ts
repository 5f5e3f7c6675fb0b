import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import Fastify from 'fastify';
import { KEY_ROLES, type KeyRole } from '../../shared/roles.js';
import { readDataDirLockHolder } from '../db/data-dir-lock.js';
import { KEY_NAME_PATTERN, type KeyAdmin } from './key-admin.js';

/**
 * How the key commands reach an embedded database that a running server holds open.
 *
 * PGlite's files take one process, so a CLI cannot open ./data while the server runs. Connecting
 * through the server's PGlite socket server is not safe: PGlite is one session, and the socket
 * server queues each protocol message on its own, keeping only explicit transactions together.
 * A message that arrives in several TCP chunks (a large Bind) lets another connection's Parse in
 * between the server's Parse and Bind, and the server's query runs the other statement: measured
 * with pglite-socket 0.2.11, 1 wrong result in 60 queries with a 2 MB parameter beside a second
 * connection. So the running server opens this channel instead: three commands over HTTP on the
 * loopback interface, authorised by a random token, run by the server on its own pool. Where to
 * find it is written next to the lock, readable by the data folder's owner only, the same person
 * who could open the database files.
 */
const CHANNEL_FILE = 'openbeat.admin.json';

export interface KeyAdminChannelAddress {
  pid: number;
  url: string;
  token: string;
}

export interface KeyAdminChannel {
  close(): Promise<void>;
}

function isBearer(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startKeyAdminChannel(
  dataDir: string,
  admin: KeyAdmin,
): Promise<KeyAdminChannel> {
  const token = randomBytes(32).toString('base64url');
  const app = Fastify({ logger: false, bodyLimit: 4096 });
  app.addHook('onRequest', async (request, reply) => {
    if (!isBearer(request.headers.authorization, token)) {
      await reply
        .code(401)
        .send({ error: 'unauthorized', message: 'The admin token is not valid' });
    }
  });
  app.get('/keys', () => admin.list());
  app.post<{ Body: { name: string; role: KeyRole } }>(
    '/keys',
    {
      schema: {
        body: {
          type: 'object',
          required: ['name', 'role'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', pattern: KEY_NAME_PATTERN },
            role: { type: 'string', enum: [...KEY_ROLES] },
          },
        },
      },
    },
    (request) => admin.create(request.body),
  );
  app.post<{ Body: { reference: string } }>(
    '/keys/revoke',
    {
      schema: {
        body: {
          type: 'object',
          required: ['reference'],
          additionalProperties: false,
          properties: { reference: { type: 'string', minLength: 1, maxLength: 200 } },
        },
      },
    },
    (request) => admin.revoke(request.body.reference),
  );
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const file = path.join(dataDir, CHANNEL_FILE);
  const address: KeyAdminChannelAddress = { pid: process.pid, url, token };
  try {
    // Written whole under another name, then renamed: a reader never sees half a file.
    const partial = `${file}.${process.pid}.tmp`;
    await fs.writeFile(partial, JSON.stringify(address), { mode: 0o600 });
    await fs.rename(partial, file);
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    async close() {
      await fs.rm(file, { force: true });
      await app.close();
    },
  };
}

/**
 * The channel of the server that holds the data folder's lock now, or null when no live process
 * holds it or the holder has not opened a channel (yet): a file left by a crashed server is
 * ignored, since its pid no longer holds the lock.
 */
export async function findKeyAdminChannel(dataDir: string): Promise<KeyAdminChannelAddress | null> {
  const holder = await readDataDirLockHolder(dataDir);
  if (holder === null) return null;
  const text = await fs.readFile(path.join(dataDir, CHANNEL_FILE), 'utf8').catch(() => null);
  if (text === null) return null;
  const address = JSON.parse(text) as KeyAdminChannelAddress;
  return address.pid === holder ? address : null;
}

/** The key commands, run by the server behind `address`. */
export function remoteKeyAdmin(address: KeyAdminChannelAddress): KeyAdmin {
  const call = async <T>(method: 'GET' | 'POST', route: string, body?: object): Promise<T> => {
    const response = await fetch(new URL(route, address.url), {
      method,
      headers: {
        authorization: `Bearer ${address.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(
        `the running server (process ${address.pid}) answered ${response.status}: ${text}`,
      );
    }
    return JSON.parse(text) as T;
  };
  return {
    create: (input) => call('POST', '/keys', input),
    list: () => call('GET', '/keys'),
    revoke: (reference) => call('POST', '/keys/revoke', { reference }),
  };
}
