import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, LOG_REDACT_PATHS } from '../../server/app.js';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import { bearer } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { incidentBody } from '../support/incident-factory.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { lines, logger: { level: 'debug', redact: LOG_REDACT_PATHS, stream } };
}

describe('operability', () => {
  it('logs each request with its id but never an API key or an exact location', async () => {
    const { lines, logger } = captureLogs();
    const app = await buildApp({ pool: db.pool, writesPerMinute: 1000 }, logger);
    const { key } = await createApiKey(db.pool, { name: 'log-test', role: 'dispatcher' });
    try {
      const body = incidentBody({ location: { lon: -87.612345, lat: 41.856789 } });
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers: { ...bearer(key), 'x-request-id': 'req-under-test' },
        payload: body,
      });
      expect(created.statusCode).toBe(201);
      expect(created.headers['x-request-id']).toBe('req-under-test');
      const id = created.json<{ id: string }>().id;
      await app.inject({ method: 'GET', url: `/api/v1/incidents/${id}`, headers: bearer(key) });
      await app.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers: bearer(`${key}x`),
        payload: body,
      });
      await app.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers: bearer(key),
        payload: { ...body, priority: 9 },
      });
    } finally {
      await app.close();
    }
    const all = lines.join('');
    expect(lines.length).toBeGreaterThan(4);
    expect(all).toContain('req-under-test');
    expect(all).not.toContain(key);
    expect(all).not.toContain(key.slice(3, 20));
    expect(all).not.toContain('41.856789');
    expect(all).not.toContain('87.612345');
  });

  it('rate-limits writes per key with 429 and Retry-After, writing nothing', async () => {
    const app = await buildApp({ pool: db.pool, writesPerMinute: 3 });
    const { key } = await createApiKey(db.pool, { name: 'rate-test', role: 'dispatcher' });
    const post = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers: bearer(key),
        payload: incidentBody(),
      });
    try {
      for (let i = 0; i < 3; i += 1) expect((await post()).statusCode).toBe(201);
      const countIncidents = async () =>
        (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')).rows[0]?.n;
      const before = await countIncidents();
      const limited = await post();
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      expect(limited.json()).toMatchObject({ error: 'rate_limited' });
      expect(await countIncidents()).toBe(before);
      const reads = await app.inject({ method: 'GET', url: '/api/v1/incidents' });
      expect(reads.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('answers 503 with the error shape when the database is unreachable', async () => {
    const unreachable = new pg.Pool({
      connectionString: 'postgres://postgres@127.0.0.1:9/none',
      connectionTimeoutMillis: 1000,
    });
    const app = await buildApp({ pool: unreachable, writesPerMinute: 10 });
    try {
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toEqual({ status: 'error', db: 'unavailable' });
      const list = await app.inject({ method: 'GET', url: '/api/v1/incidents' });
      expect(list.statusCode).toBe(503);
      expect(list.headers['retry-after']).toBe('5');
      expect(list.json()).toMatchObject({ error: 'database_unavailable' });
    } finally {
      await app.close();
      await unreachable.end();
    }
  });

  it('sends security headers and a rate-limited 404 in the error shape', async () => {
    const app = await buildApp({ pool: db.pool, writesPerMinute: 10 });
    try {
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.headers['content-security-policy']).toBeDefined();
      expect(health.headers['x-content-type-options']).toBe('nosniff');
      const missing = await app.inject({ method: 'GET', url: '/no/such/page' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ error: 'not_found' });
      expect(missing.headers['x-ratelimit-limit']).toBeDefined();
    } finally {
      await app.close();
    }
  });
});
