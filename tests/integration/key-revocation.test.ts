import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import {
  childEnv,
  runKeyCommand,
  startServer,
  type CliResult,
  type ServerProcess,
} from '../support/server-process.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';

import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { incidentBody } from '../support/incident-factory.js';

// `npm run key:create`, `key:list` and `key:revoke` while two server processes run on one real
// PostgreSQL: a revoked key is refused by both on the very next request, and the sockets opened
// with it on both are closed. Both relays poll once a minute, so only the NOTIFY of the
// revocation can close the sockets in time.

const TEST_TIMEOUT = 120_000;
const CITY: [number, number, number, number] = [-87.95, 41.64, -87.52, 42.03];

let db: TestDatabase;
let cliEnv: NodeJS.ProcessEnv;
const servers: ServerProcess[] = [];
const listeners: Listener[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  cliEnv = childEnv({ DATABASE_URL: db.url });
  const serverEnv = childEnv({
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: 'warn',
    DB_POOL_MAX: '4',
    REALTIME_POLL_MS: '60000',
  });
  const started = await Promise.allSettled([startServer(serverEnv), startServer(serverEnv)]);
  for (const result of started) if (result.status === 'fulfilled') servers.push(result.value);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}, 180_000);

afterAll(async () => {
  for (const listener of listeners) listener.close();
  await Promise.allSettled(servers.map((server) => server.stop()));
  await db.drop();
}, 60_000);

function expectOk(result: CliResult): void {
  expect(result.code, result.stdout + result.stderr).toBe(0);
}

async function createKey(name: string, role = 'dispatcher'): Promise<string> {
  const result = await runKeyCommand('key:create', cliEnv, ['--role', role, '--name', name]);
  expectOk(result);
  return result.lastLine;
}

function get(server: ServerProcess, key: string): Promise<Response> {
  return fetch(`${server.url}/api/v1/incidents?bbox=${CITY.join(',')}`, {
    headers: { authorization: `Bearer ${key}` },
  });
}

async function post(server: ServerProcess, key: string): Promise<{ id: string; exact: number[] }> {
  const body = incidentBody();
  const response = await fetch(`${server.url}/api/v1/incidents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  return { id, exact: [body.location.lon, body.location.lat] };
}

async function dispatcherSocket(server: ServerProcess, key: string): Promise<Listener> {
  const listener = await connectListener(server.url, { token: key });
  listeners.push(listener);
  const ack = await listener.subscribe({ bbox: CITY, layers: ['incidents'] });
  expect(ack.ok).toBe(true);
  return listener;
}

describe('API keys while the servers run (DATABASE_URL)', () => {
  it('--help prints the usage and exits 0 for each command', async () => {
    const commands = ['key:create', 'key:list', 'key:revoke'] as const;
    const results = await Promise.all(
      commands.map((command) => runKeyCommand(command, cliEnv, ['--help'])),
    );
    for (const [i, result] of results.entries()) {
      expectOk(result);
      expect(result.stdout).toContain(`usage: npm run ${commands[i] ?? ''}`);
    }
  });

  it(
    'lists the keys with their state, never the key or its hash',
    async () => {
      const key = await createKey('list-me', 'moderator');
      expect((await get(servers[0] as ServerProcess, key)).status).toBe(200);
      const result = await runKeyCommand('key:list', cliEnv, []);
      expectOk(result);
      const row = await db.pool.query<{ id: string; key_hash: string }>(
        "SELECT id, key_hash FROM api_keys WHERE name = 'list-me'",
      );
      const line = result.stdout.split('\n').find((text) => text.includes('list-me')) ?? '';
      expect(line).toContain(row.rows[0]?.id);
      expect(line).toContain('moderator');
      expect(line).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d +\d{4}-\d\d-\d\d \d\d:\d\d +active$/);
      expect(result.stdout).not.toContain(key);
      expect(result.stdout).not.toContain(key.slice('ob_'.length));
      expect(result.stdout).not.toContain(row.rows[0]?.key_hash);
    },
    TEST_TIMEOUT,
  );

  it(
    'a revoked key is refused at once by every process and its sockets are closed',
    async () => {
      const [a, b] = servers as [ServerProcess, ServerProcess];
      const key = await createKey('cad-to-revoke');
      const otherKey = (await createApiKey(db.pool, { name: 'cad-other', role: 'dispatcher' })).key;
      const [onA, onB, otherOnB] = await Promise.all([
        dispatcherSocket(a, key),
        dispatcherSocket(b, key),
        dispatcherSocket(b, otherKey),
      ]);
      const before = await post(a, key);
      await waitFor(
        () => [onA, onB, otherOnB].every((listener) => listener.events.length === 1),
        'the first incident on every socket',
      );
      // Exact locations, as a dispatcher's socket gets them.
      expect(onB.events[0]?.feature.geometry?.coordinates).toEqual(before.exact);

      const revoke = await runKeyCommand('key:revoke', cliEnv, ['cad-to-revoke']);
      const revokedAt = Date.now();
      expectOk(revoke);
      expect(revoke.stdout).toContain('Revoked the dispatcher key "cad-to-revoke"');

      // The very next request, on either process, without waiting.
      const [onAnswerA, onAnswerB] = await Promise.all([get(a, key), get(b, key)]);
      expect(onAnswerA.status).toBe(401);
      expect(onAnswerB.status).toBe(401);
      expect(await onAnswerB.json()).toMatchObject({ error: 'unauthorized' });

      await waitFor(
        () => !onA.socket.connected && !onB.socket.connected,
        'the sockets of the revoked key to close',
        2_000,
      );
      expect(Date.now() - revokedAt).toBeLessThan(2_000);
      expect(otherOnB.socket.connected).toBe(true);

      // Nothing more reaches them; the other key's socket still gets exact locations.
      const after = await post(b, otherKey);
      await waitFor(() => otherOnB.events.length === 2, 'the second incident on the other socket');
      expect(otherOnB.events[1]?.feature.geometry?.coordinates).toEqual(after.exact);
      expect(onA.events).toHaveLength(1);
      expect(onB.events).toHaveLength(1);

      // And the key opens no new socket.
      await expect(connectListener(b.url, { token: key })).rejects.toThrow('unauthorized');
      expect((await get(b, otherKey)).status).toBe(200);
    },
    TEST_TIMEOUT,
  );

  it(
    'says when a key is already revoked, refuses an ambiguous name and an unknown one',
    async () => {
      const unknown = await runKeyCommand('key:revoke', cliEnv, ['twice']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('No API key has the name or id "twice"');

      const [first, second] = await Promise.all([
        createApiKey(db.pool, { name: 'twice', role: 'dispatcher' }),
        createApiKey(db.pool, { name: 'twice', role: 'moderator' }),
      ]);
      const ambiguous = await runKeyCommand('key:revoke', cliEnv, ['twice']);
      expect(ambiguous.code).toBe(1);
      expect(ambiguous.stderr).toContain('"twice" names 2 keys in use; revoke one by its id');
      const keys = [first, second];
      for (const { id } of keys) expect(ambiguous.stderr).toContain(id);
      const active = await db.pool.query(
        "SELECT 1 FROM api_keys WHERE name = 'twice' AND revoked_at IS NULL",
      );
      expect(active.rowCount).toBe(2);

      const byId = await runKeyCommand('key:revoke', cliEnv, [first.id]);
      expectOk(byId);
      expect(byId.stdout).toContain(`(id ${first.id})`);
      const again = await runKeyCommand('key:revoke', cliEnv, [first.id]);
      expectOk(again);
      expect(again.stdout).toContain('was already revoked');

      // The name now names the one key still in use under it.
      const byName = await runKeyCommand('key:revoke', cliEnv, ['twice']);
      expectOk(byName);
      expect(byName.stdout).toContain(`(id ${second.id})`);
      const list = await runKeyCommand('key:list', cliEnv, []);
      for (const { id } of keys) {
        expect(list.stdout.split('\n').find((line) => line.includes(id))).toMatch(/revoked/);
      }
    },
    TEST_TIMEOUT,
  );
});
