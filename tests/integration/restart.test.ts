import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import {
  childEnv,
  runCreateKey,
  startServer,
  type ServerProcess,
} from '../support/server-process.js';
import { freshEmbeddedDataDir } from '../support/embedded-template.js';
import { connectListener, waitFor } from '../support/stream-client.js';

import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { incidentBody } from '../support/incident-factory.js';

// The real server, as `npm start` runs it, stopped with SIGTERM and started again on the same
// database: nothing written through the API may be lost, in either database mode.

const KEY_PATTERN = /^ob_[A-Za-z0-9_-]{43}$/;
const TEST_TIMEOUT = 120_000;
const STOP_WITHIN_MS = 5_000;

/** Servers still running when a test fails: killed in afterAll so that none outlives the run. */
const running = new Set<ServerProcess>();

async function start(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const server = await startServer(env);
  running.add(server);
  return server;
}

/** SIGTERM, then the exit code and how long the process took to exit. */
async function stop(server: ServerProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  const code = await server.stop('SIGTERM');
  running.delete(server);
  return { code, ms: Date.now() - started };
}

afterAll(() => {
  for (const server of running) server.kill();
});

function authorized(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

async function postIncident(url: string, key: string): Promise<Response> {
  return fetch(`${url}/api/v1/incidents`, {
    method: 'POST',
    headers: { ...authorized(key), 'content-type': 'application/json' },
    body: JSON.stringify(incidentBody()),
  });
}

/** Writes `count` incidents, `concurrency` at a time; every answer must be a 201. */
async function writeIncidents(
  server: ServerProcess,
  key: string,
  count: number,
  concurrency = 10,
): Promise<string[]> {
  const ids: string[] = [];
  for (let done = 0; done < count; done += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - done) }, async () => {
      const response = await postIncident(server.url, key);
      const text = await response.text();
      expect(response.status, `${text}\n${server.output()}`).toBe(201);
      return (JSON.parse(text) as { id: string }).id;
    });
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

async function listIds(url: string, key: string): Promise<string[]> {
  const response = await fetch(`${url}/api/v1/incidents?limit=1000`, { headers: authorized(key) });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { features: { id: string }[]; nextCursor: string | null };
  expect(body.nextCursor).toBeNull();
  return body.features.map((feature) => feature.id);
}

async function auditHead(url: string): Promise<{ id: number; hash: string }> {
  const response = await fetch(`${url}/api/v1/audit/head`);
  expect(response.status).toBe(200);
  return (await response.json()) as { id: number; hash: string };
}

async function health(url: string): Promise<unknown> {
  const response = await fetch(`${url}/healthz`);
  expect(response.status).toBe(200);
  return response.json();
}

/** What the client saw of one write sent while the server was told to stop. */
type Outcome =
  | { kind: 'answered'; status: number; id: string | undefined; afterSignal: boolean }
  | { kind: 'no-answer'; code: string };

/** The connection-level errors of a server that is closing: refused, or closed before an answer. */
const CLOSING_ERRORS = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'];

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? String(error);
}

/**
 * Fires `count` writes at once and sends SIGTERM as soon as the first answer arrives, so that the
 * rest are in flight when the server is told to stop; returns what every write got and the exit.
 */
async function writeWhileStopping(
  server: ServerProcess,
  key: string,
  count: number,
): Promise<{ outcomes: Outcome[]; exit: { code: number | null; ms: number } }> {
  let signalled = false;
  let stopping: Promise<{ code: number | null; ms: number }> | undefined;
  const signal = () => {
    if (stopping) return;
    signalled = true;
    stopping = stop(server);
  };
  const outcomes = await Promise.all(
    Array.from({ length: count }, async (): Promise<Outcome> => {
      try {
        const response = await postIncident(server.url, key);
        const afterSignal = signalled;
        signal();
        const text = await response.text();
        const id = response.status === 201 ? (JSON.parse(text) as { id: string }).id : undefined;
        return { kind: 'answered', status: response.status, id, afterSignal };
      } catch (error) {
        signal();
        return { kind: 'no-answer', code: errorCode(error) };
      }
    }),
  );
  signal();
  const exit = await (stopping ?? stop(server));
  return { outcomes, exit };
}

interface Mode {
  name: string;
  /** Makes the database (and the dispatcher key) that every start of the server will share. */
  prepare(): Promise<{ env: NodeJS.ProcessEnv; key: string }>;
  cleanUp(): Promise<void>;
  /** Checks made while the first server runs. */
  whileRunning?(server: ServerProcess): Promise<void>;
}

function restartTests(mode: Mode) {
  describe(`restart with ${mode.name}`, () => {
    let env: NodeJS.ProcessEnv;
    let key: string;
    let created: string[] = [];

    beforeAll(async () => {
      ({ env, key } = await mode.prepare());
    }, TEST_TIMEOUT);

    afterAll(async () => {
      for (const server of running) server.kill();
      running.clear();
      await mode.cleanUp();
    }, TEST_TIMEOUT);

    it(
      'keeps 100 incidents written over HTTP across a SIGTERM and a new start',
      async () => {
        const first = await start(env);
        expect(await health(first.url)).toEqual({ status: 'ok', db: 'ok' });
        await mode.whileRunning?.(first);

        // The live stream works in this mode too: a map watching the world sees every write.
        const watcher = await connectListener(first.url);
        expect(
          await watcher.subscribe({ bbox: [-180, -90, 180, 90], layers: ['incidents'] }),
        ).toMatchObject({ ok: true });
        created = await writeIncidents(first, key, 100, 10);
        expect(new Set(created).size).toBe(100);
        await waitFor(() => watcher.events.length >= 100, 'the live events');
        expect(watcher.events.map((event) => event.feature.id).sort()).toEqual([...created].sort());
        watcher.close();

        const firstExit = await stop(first);
        expect(firstExit.code, first.output()).toBe(0);
        expect(firstExit.ms).toBeLessThan(STOP_WITHIN_MS);
        console.info(`[${mode.name}] stopped in ${firstExit.ms} ms after 100 writes`);

        const second = await start(env);
        expect(await health(second.url)).toEqual({ status: 'ok', db: 'ok' });
        const listed = await listIds(second.url, key);
        expect(listed).toHaveLength(100);
        expect([...listed].sort()).toEqual([...created].sort());
        expect((await auditHead(second.url)).id).toBe(100);

        const secondExit = await stop(second);
        expect(secondExit.code, second.output()).toBe(0);
        expect(secondExit.ms).toBeLessThan(STOP_WITHIN_MS);
      },
      TEST_TIMEOUT,
    );

    it(
      'drains writes in flight on SIGTERM: every 201 survives the restart, none is a 500',
      async () => {
        expect(created).toHaveLength(100);
        const server = await start(env);
        const { outcomes, exit } = await writeWhileStopping(server, key, 20);
        const answered = outcomes.filter((o) => o.kind === 'answered');
        const unanswered = outcomes.filter((o) => o.kind === 'no-answer');
        const accepted = answered.flatMap((o) => (o.status === 201 && o.id ? [o.id] : []));
        console.info(
          `[${mode.name}] during SIGTERM: ${accepted.length} × 201 ` +
            `(${answered.filter((o) => o.status === 201 && o.afterSignal).length} answered after the signal), ` +
            `other answers [${answered
              .filter((o) => o.status !== 201)
              .map((o) => o.status)
              .join(', ')}], ` +
            `${unanswered.length} without answer [${unanswered.map((o) => o.code).join(', ')}]; ` +
            `exited ${String(exit.code)} in ${exit.ms} ms`,
        );
        expect(exit.code, server.output()).toBe(0);
        expect(exit.ms).toBeLessThan(STOP_WITHIN_MS);
        for (const outcome of answered) expect([201, 503]).toContain(outcome.status);
        for (const outcome of unanswered) expect(CLOSING_ERRORS).toContain(outcome.code);
        // Writes answered only after the signal are the ones the drain let finish.
        expect(answered.some((o) => o.status === 201 && o.afterSignal)).toBe(true);

        const again = await start(env);
        const listed = await listIds(again.url, key);
        const listedSet = new Set(listed);
        for (const id of [...created, ...accepted]) expect(listedSet.has(id), id).toBe(true);
        // A write without an answer may or may not have been stored; nothing else may appear.
        expect(listed.length).toBeGreaterThanOrEqual(100 + accepted.length);
        expect(listed.length).toBeLessThanOrEqual(100 + accepted.length + unanswered.length);
        expect((await auditHead(again.url)).id).toBe(listed.length);

        const lastExit = await stop(again);
        expect(lastExit.code, again.output()).toBe(0);
      },
      TEST_TIMEOUT,
    );
  });
}

let database: TestDatabase | undefined;
restartTests({
  name: 'a real PostgreSQL',
  async prepare() {
    database = await createTestDatabase();
    const { key } = await createApiKey(database.pool, { name: 'restart-cad', role: 'dispatcher' });
    return { env: childEnv({ PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: database.url }), key };
  },
  async cleanUp() {
    await database?.drop();
  },
});

let dataDir: string | undefined;
restartTests({
  name: 'the embedded database',
  async prepare() {
    dataDir = await freshEmbeddedDataDir('openbeat-restart-');
    const env = childEnv({
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      DATABASE_URL: undefined,
    });
    // The CLI is the only way to make a key for the embedded database: it runs before the server.
    const started = Date.now();
    const created = await runCreateKey(env, ['--role', 'dispatcher', '--name', 'restart-cad']);
    console.info(`[embedded] key:create on a migrated data folder took ${Date.now() - started} ms`);
    expect(created.code, created.stdout + created.stderr).toBe(0);
    expect(created.lastLine).toMatch(KEY_PATTERN);
    expect(created.stdout).toContain('in the embedded database');
    return { env, key: created.lastLine };
  },
  async whileRunning(server) {
    if (!dataDir) throw new Error('no data folder');
    const second = await runCreateKey(childEnv({ DATA_DIR: dataDir }), [
      '--role',
      'dispatcher',
      '--name',
      'while-running',
    ]);
    // A key can be made while the server runs: through the server, which keeps its folder.
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.lastLine).toMatch(KEY_PATTERN);
    expect(second.stdout).toMatch(/through the server running as process \d+/);
    // The CLI must not have taken the folder away from the running server.
    expect(await health(server.url)).toEqual({ status: 'ok', db: 'ok' });
  },
  async cleanUp() {
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  },
});
