import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  childEnv,
  runKeyCommand,
  startServer,
  type CliResult,
  type ServerProcess,
} from '../support/server-process.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { freshEmbeddedDataDir } from '../support/embedded-template.js';
import { incidentBody } from '../support/incident-factory.js';

// The key commands against the embedded database while `npm start` holds it: they go through the
// running server (its admin channel), and a revocation closes the key's sockets at once. One
// server for every case, on a copy of a migrated data folder (embedded-template.ts).

const CITY: [number, number, number, number] = [-87.95, 41.64, -87.52, 42.03];
const TEST_TIMEOUT = 120_000;

let dataDir: string;
let env: NodeJS.ProcessEnv;
let server: ServerProcess | undefined;
let listener: Listener | undefined;

beforeAll(async () => {
  dataDir = await freshEmbeddedDataDir('openbeat-keys-');
  env = childEnv({ DATA_DIR: dataDir, DEMO: 'off', SIMULATOR: 'off' });
  server = await startServer(
    childEnv({ DATA_DIR: dataDir, DEMO: 'off', SIMULATOR: 'off', PORT: '0', LOG_LEVEL: 'warn' }),
    { timeoutMs: 150_000 },
  );
}, 180_000);

afterAll(async () => {
  listener?.close();
  await server?.stop().catch(() => undefined);
  await fs.rm(dataDir, { recursive: true, force: true });
}, 60_000);

function expectOk(result: CliResult): void {
  expect(result.code, result.stdout + result.stderr).toBe(0);
}

describe('API keys while the embedded server runs', () => {
  it(
    'creates, lists and revokes through the server; the key is refused at once and its socket closed',
    async () => {
      const running = server as ServerProcess;
      const channel = await fs.stat(path.join(dataDir, 'openbeat.admin.json'));
      expect(channel.mode & 0o777).toBe(0o600);

      const created = await runKeyCommand('key:create', env, [
        '--role',
        'dispatcher',
        '--name',
        'embedded-cad',
      ]);
      expectOk(created);
      expect(created.stdout).toContain(
        `in the embedded database (through the server running as process ${running.pid})`,
      );
      const key = created.lastLine;

      const list = await runKeyCommand('key:list', env, []);
      expectOk(list);
      expect(list.stdout).toMatch(/ embedded-cad +dispatcher .* active\n/);
      expect(list.stdout).not.toContain(key);

      listener = await connectListener(running.url, { token: key });
      const ack = await listener.subscribe({ bbox: CITY, layers: ['incidents'] });
      expect(ack.ok).toBe(true);
      const body = incidentBody();
      const posted = await fetch(`${running.url}/api/v1/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(posted.status).toBe(201);
      const open = listener;
      await waitFor(() => open.events.length === 1, 'the incident on the dispatcher socket');
      expect(open.events[0]?.feature.geometry?.coordinates).toEqual([
        body.location.lon,
        body.location.lat,
      ]);

      const revoked = await runKeyCommand('key:revoke', env, ['embedded-cad']);
      const revokedAt = Date.now();
      expectOk(revoked);
      expect(revoked.stdout).toContain('Revoked the dispatcher key "embedded-cad"');
      const next = await fetch(`${running.url}/api/v1/incidents?bbox=${CITY.join(',')}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(next.status).toBe(401);
      await waitFor(() => !open.socket.connected, 'the revoked key’s socket to close', 2_000);
      expect(Date.now() - revokedAt).toBeLessThan(2_000);
      expect(open.events).toHaveLength(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'opens the data folder itself once the server has stopped',
    async () => {
      await (server as ServerProcess).stop();
      server = undefined;
      await expect(fs.stat(path.join(dataDir, 'openbeat.admin.json'))).rejects.toThrow();
      const list = await runKeyCommand('key:list', env, []);
      expectOk(list);
      expect(list.stdout).toMatch(/ embedded-cad +dispatcher .* revoked \d{4}-/);
      expect(list.stdout).toContain('1 keys (0 active) in the embedded database.');
    },
    TEST_TIMEOUT,
  );
});
