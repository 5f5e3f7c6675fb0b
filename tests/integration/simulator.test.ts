import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import { runSimulate } from '../../server/cli/simulate.js';
import { seededRandom } from '../../shared/random.js';
import { httpTarget, serviceTarget } from '../../server/demo/simulator-targets.js';
import { Simulator } from '../../server/demo/simulator.js';
import { waitFor } from '../support/stream-client.js';
import { listen, startTestApp, type TestApp } from '../support/test-app.js';

// The simulator as `npm run simulate` runs it, against a real server over HTTP.

const opened: { close(): Promise<unknown> }[] = [];
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
});

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function simulatorKey(t: TestApp): Promise<string> {
  // The key's name is the source of what it writes: "simulator" is how the map marks them.
  return (await createApiKey(t.db.pool, { name: 'simulator', role: 'dispatcher' })).key;
}

/** Each simulated incident's statuses, in the order of its events. */
async function statusOrders(t: TestApp): Promise<string[][]> {
  const orders = await t.db.pool.query<{ statuses: string[] }>(
    `SELECT array_agg(private->'feature'->'properties'->>'status' ORDER BY id) AS statuses
     FROM events WHERE entity_type = 'incident' GROUP BY entity_id`,
  );
  return orders.rows.map((row) => row.statuses);
}

describe('the in-process simulator of the demo', () => {
  it('moves its incidents to responding, then resolved, through the service layer', async () => {
    const t = await startTestApp();
    opened.push(t);
    const messages: string[] = [];
    // What startDemoSimulator builds, with time running 5,000 times faster.
    const simulator = new Simulator(serviceTarget(t.app.records), {
      ratePerMinute: 1200,
      speed: 5000,
      seeds: [{ lon: -123.1, lat: 49.26, category: 'theft' }],
      random: seededRandom(11),
      log: (message) => messages.push(message),
    });
    opened.push({ close: () => simulator.stop() });
    simulator.start();
    await until(
      async () => (await statusOrders(t)).filter((s) => s.includes('resolved')).length >= 5,
      'five incidents resolved in-process',
    );
    await simulator.stop();
    // Every status change was written: none refused, each an event in order.
    expect(messages).toEqual([]);
    expect(simulator.stats.rejected).toBe(0);
    expect(simulator.stats.patched).toBeGreaterThanOrEqual(10);
    const orders = await statusOrders(t);
    const resolved = orders.filter((statuses) => statuses.includes('resolved'));
    expect(resolved.length).toBeGreaterThanOrEqual(5);
    for (const statuses of resolved) expect(statuses).toEqual(['open', 'responding', 'resolved']);
    const rows = await t.db.pool.query<{ source: string; status: string }>(
      'SELECT source, status FROM incidents',
    );
    expect(new Set(rows.rows.map((row) => row.source))).toEqual(new Set(['simulator']));
    expect(rows.rows.filter((row) => row.status === 'resolved').length).toBe(resolved.length);
  }, 60_000);
});

describe('npm run simulate', () => {
  it('creates incidents from source simulator and moves them to responding, then resolved', async () => {
    const t = await startTestApp();
    opened.push(t);
    const url = await listen(t);
    const key = await simulatorKey(t);
    const simulator = await runSimulate([
      ...['--url', url, '--key', key, '--rate', '1200', '--speed', '5000', '--seed', '4'],
    ]);
    opened.push({ close: () => simulator.stop() });
    const statuses = async () =>
      (
        await t.db.pool.query<{ status: string; n: number }>(
          `SELECT status, count(*)::int AS n FROM incidents GROUP BY status`,
        )
      ).rows;
    await until(async () => {
      const byStatus = await statuses();
      return byStatus.some((s) => s.status === 'resolved' && s.n >= 5);
    }, 'five resolved incidents');
    await simulator.stop();

    const rows = await t.db.pool.query<{ source: string; external_ref: string; summary: string }>(
      'SELECT source, external_ref, summary FROM incidents',
    );
    expect(rows.rows.length).toBeGreaterThanOrEqual(5);
    for (const row of rows.rows) {
      expect(row.source).toBe('simulator');
      expect(row.external_ref).toMatch(/^sim-/);
      expect(row.summary).toMatch(/\(simulated\)$/);
    }
    // Every status change is an event: responding always comes before resolved.
    const orders = await t.db.pool.query<{ statuses: string[] }>(
      `SELECT array_agg(private->'feature'->'properties'->>'status' ORDER BY id) AS statuses
       FROM events WHERE entity_type = 'incident' GROUP BY entity_id`,
    );
    const resolved = orders.rows.filter((r) => r.statuses.includes('resolved'));
    expect(resolved.length).toBeGreaterThanOrEqual(5);
    for (const r of resolved) expect(r.statuses).toEqual(['open', 'responding', 'resolved']);
    expect(simulator.stats.rejected).toBe(0);
  }, 60_000);

  it('backs off on 429 from the rate limit instead of hammering or crashing', async () => {
    const t = await startTestApp({ writesPerMinute: 3 });
    opened.push(t);
    let limited = 0;
    t.app.addHook('onResponse', async (_request, reply) => {
      if (reply.statusCode === 429) limited += 1;
    });
    const url = await listen(t);
    const key = await simulatorKey(t);
    const simulator = await runSimulate(['--url', url, '--key', key, '--rate', '6000']);
    opened.push({ close: () => simulator.stop() });
    await waitFor(() => simulator.stats.backoffs >= 1, 'a 429');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await simulator.stop();
    // At 100 a second it would have sent ~150 more; Retry-After (the minute's rest) holds it.
    expect(limited).toBeLessThanOrEqual(2);
    expect(simulator.stats.created).toBeLessThanOrEqual(3);
    expect(simulator.stats.created).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('waits longer after each 5xx and resumes when the server recovers', async () => {
    const stub: FastifyInstance = Fastify();
    opened.push(stub);
    const posts: { at: number; status: number }[] = [];
    stub.post('/api/v1/incidents', async (_request, reply) => {
      const status = posts.length < 3 ? 503 : 201;
      posts.push({ at: Date.now(), status });
      return reply.code(status).send(status === 201 ? { id: `id-${posts.length}` } : {});
    });
    stub.patch('/api/v1/incidents/:id', async () => ({}));
    const url = await stub.listen({ port: 0, host: '127.0.0.1' });
    const simulator = new Simulator(httpTarget(url, 'ob_stub'), {
      ratePerMinute: 60_000,
      speed: 1,
      seeds: [{ lon: -123.1, lat: 49.25, category: 'theft' }],
      random: seededRandom(5),
      initialBackoffMs: 50,
    });
    opened.push({ close: () => simulator.stop() });
    simulator.start();
    await waitFor(() => simulator.stats.created >= 2, 'creates after the outage');
    await simulator.stop();
    const gaps = posts.slice(1, 4).map((p, i) => p.at - (posts[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThanOrEqual(95);
    expect(gaps[2]).toBeGreaterThanOrEqual(195);
    expect(simulator.stats.backoffs).toBe(3);
  }, 30_000);
});
