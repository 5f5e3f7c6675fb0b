import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.js';
import { childEnv, startServer, type ServerProcess } from '../support/server-process.js';

import {
  createTestDatabase,
  withAdminClient,
  type TestDatabase,
} from '../support/test-database.js';
import { startWorkload, type WorkloadReport } from '../support/write-workload.js';
import { incidentBody } from '../support/incident-factory.js';

// The real server, as `npm start` runs it, with writers, PATCHes and exports in flight while the
// database drops every connection (pg_terminate_backend) and while PostgreSQL restarts. The
// process must stay up, answer 503 with Retry-After for what the database could not do, keep
// every acknowledged write exactly once and serve again by itself within seconds.

const TEST_TIMEOUT = 60_000;
const SERVES_AGAIN_WITHIN_MS = 5_000;

const servers = new Set<ServerProcess>();
const clusters = new Set<PrivatePostgres>();
const databases = new Set<TestDatabase>();

afterAll(async () => {
  for (const server of servers) server.kill();
  await Promise.all([...clusters].map((cluster) => cluster.destroy()));
  await Promise.all([...databases].map((database) => database.drop()));
});

function serverEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return childEnv({
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    DB_POOL_MAX: '6',
    WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
    REALTIME_POLL_MS: '200',
  });
}

async function start(databaseUrl: string): Promise<ServerProcess> {
  const server = await startServer(serverEnv(databaseUrl));
  servers.add(server);
  return server;
}

function isAlive(server: ServerProcess): boolean {
  try {
    process.kill(server.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds until /healthz answers 200; fails after `withinMs`. */
async function timeUntilHealthy(server: ServerProcess, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    const status = await fetch(`${server.url}/healthz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`/healthz did not answer 200 within ${withinMs} ms\n${server.output()}`);
}

async function createIncidents(url: string, key: string, count: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const response = await fetch(`${url}/api/v1/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(incidentBody()),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    }),
  );
}

/** Every 2xx POST is in the database exactly once, with its id; a 503 without key at most once. */
async function checkWritten(pool: pg.Pool, report: WorkloadReport): Promise<void> {
  const summaries = [...report.created.map((c) => c.summary), ...report.unsure];
  const rows = await pool.query<{ summary: string; ids: string[] }>(
    'SELECT summary, array_agg(id::text) AS ids FROM incidents WHERE summary = ANY($1) GROUP BY summary',
    [summaries],
  );
  const found = new Map(rows.rows.map((row) => [row.summary, row.ids]));
  for (const { summary, id } of report.created) expect(found.get(summary), summary).toEqual([id]);
  for (const summary of report.unsure) {
    expect(found.get(summary)?.length ?? 0, summary).toBeLessThanOrEqual(1);
  }
}

function summarise(name: string, report: WorkloadReport, extra: string): void {
  const keyed = report.created.filter((c) => c.keyed).length;
  console.info(
    `[${name}] ${report.created.length} POSTs acknowledged (${keyed} with a key), ` +
      `${report.unsure.length} unacknowledged; answers ${JSON.stringify(report.answers)}; ${extra}`,
  );
}

function expectNoCrash(server: ServerProcess): void {
  expect(isAlive(server), server.output()).toBe(true);
  expect(server.output()).not.toContain('shutting down after an error');
}

/**
 * Sends a POST whose Content-Length promises more than it sends, then drops the connection:
 * the server must not take the cut-off body for a database failure.
 */
async function abortUpload(url: string, key: string): Promise<void> {
  const { hostname, port } = new URL(url);
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(
        'POST /api/v1/incidents HTTP/1.1\r\n' +
          `Host: ${hostname}\r\n` +
          `Authorization: Bearer ${key}\r\n` +
          'Content-Type: application/json\r\n' +
          'Content-Length: 1000\r\n\r\n' +
          '{"category":',
      );
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 100);
    });
    socket.on('error', reject);
  });
}

/** The server's log lines at warn (40) or above, as JSON objects. */
function warnings(output: string): { level: number; msg?: string; err?: unknown }[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg?: string; err?: unknown })
    .filter((entry) => entry.level >= 40);
}

describe('a database that drops or refuses connections', () => {
  it(
    'survives every backend being terminated under writes, PATCHes and exports',
    async () => {
      const database = await createTestDatabase();
      databases.add(database);
      const { key } = await createApiKey(database.pool, { name: 'outage-cad', role: 'dispatcher' });
      const server = await start(database.url);
      const patchIds = await createIncidents(server.url, key, 6);

      // A client that gives up halfway through its upload is no database failure.
      const warnedBefore = warnings(server.output()).length;
      await abortUpload(server.url, key);
      await sleep(500);
      expect(warnings(server.output()).slice(warnedBefore), server.output()).toEqual([]);

      const terminate = () =>
        withAdminClient(async (admin) => {
          const killed = await admin.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
            [database.name],
          );
          return killed.rowCount ?? 0;
        });

      const workload = startWorkload({ url: server.url, key, patchIds });
      let terminated = 0;
      for (let round = 0; round < 6; round += 1) {
        await sleep(600);
        terminated += await terminate();
      }
      const lastTerminate = Date.now();
      const healthyAfter = await timeUntilHealthy(server, SERVES_AGAIN_WITHIN_MS);
      await sleep(1000);
      const report = await workload.stop();
      summarise(
        'terminate',
        report,
        `${terminated} backends terminated in 6 rounds; healthy ${healthyAfter} ms after the last (${Date.now() - lastTerminate} ms ago)`,
      );

      expectNoCrash(server);
      expect(report.violations, server.output()).toEqual([]);
      expect(terminated).toBeGreaterThan(6);
      expect(report.created.length).toBeGreaterThan(0);
      await checkWritten(database.pool, report);

      // The relay's LISTEN connection comes back by itself.
      const relayBack = Date.now();
      for (;;) {
        const listening = await database.pool.query(
          "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'openbeat-relay'",
        );
        if (listening.rowCount === 1) break;
        expect(Date.now() - relayBack, 'the relay reconnects').toBeLessThan(5_000);
        await sleep(100);
      }

      // A database that refuses connections (SQLSTATE 55000) is a 503 with Retry-After too.
      await withAdminClient((admin) =>
        admin.query(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS false`),
      );
      try {
        await terminate();
        for (const init of [
          { method: 'GET' },
          {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify(incidentBody()),
          },
        ]) {
          const refused = await fetch(`${server.url}/api/v1/incidents`, init);
          expect(refused.status, await refused.text()).toBe(503);
          expect(refused.headers.get('retry-after')).toBeTruthy();
        }
        const health = await fetch(`${server.url}/healthz`);
        expect(health.status).toBe(503);
        expect(health.headers.get('retry-after')).toBeTruthy();
      } finally {
        await withAdminClient((admin) =>
          admin.query(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`),
        );
      }
      await timeUntilHealthy(server, SERVES_AGAIN_WITHIN_MS);
      expectNoCrash(server);
      expect(await server.stop('SIGTERM')).toBe(0);
      servers.delete(server);
    },
    TEST_TIMEOUT,
  );

  it(
    'survives PostgreSQL restarting under writes, answering 503 with Retry-After meanwhile',
    async () => {
      const cluster = await startPrivatePostgres();
      clusters.add(cluster);
      const server = await start(cluster.url());
      const pool = new pg.Pool({ connectionString: cluster.url(), max: 2 });
      pool.on('error', () => undefined);
      try {
        const { key } = await createApiKey(pool, { name: 'restart-cad', role: 'dispatcher' });
        const patchIds = await createIncidents(server.url, key, 6);

        const workload = startWorkload({ url: server.url, key, patchIds });
        await sleep(1000);
        await cluster.stop('fast');
        // Writes keep arriving while the database is down.
        await sleep(1500);
        await cluster.start();
        const restarted = Date.now();
        const healthyAfter = await timeUntilHealthy(server, SERVES_AGAIN_WITHIN_MS);
        await sleep(1000);
        // And once more without warning: a crash, with recovery at start.
        await cluster.stop('immediate');
        await sleep(1000);
        await cluster.start();
        const healthyAfterCrash = await timeUntilHealthy(server, SERVES_AGAIN_WITHIN_MS);
        await sleep(1000);
        const report = await workload.stop();
        summarise(
          'restart',
          report,
          `healthy ${healthyAfter} ms after a fast restart (${Date.now() - restarted} ms ago), ` +
            `${healthyAfterCrash} ms after a crash`,
        );

        expectNoCrash(server);
        expect(report.violations, server.output()).toEqual([]);
        const during = Object.entries(report.answers).filter(([answer]) => answer.endsWith(' 503'));
        expect(during.length, 'writes during the outage answered 503').toBeGreaterThan(0);
        expect(report.created.length).toBeGreaterThan(0);
        await checkWritten(pool, report);
        expect(await server.stop('SIGTERM')).toBe(0);
        servers.delete(server);
      } finally {
        await pool.end();
      }
    },
    TEST_TIMEOUT,
  );
});
