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

/**
 * The whole timelines written: each response's steps in order of recording, with their times
 * and whether the response is officer-initiated.
 */
async function timelines(t: TestApp) {
  const result = await t.db.pool.query<{
    officer_initiated: boolean;
    incident_officer_initiated: boolean;
    state: string;
    status: string;
    steps: string[];
    times: Date[];
    received_at: Date;
    reported_at: Date;
    events: number;
  }>(
    `SELECT r.officer_initiated, i.officer_initiated AS incident_officer_initiated, r.state,
       i.status, r.received_at, i.reported_at,
       (SELECT array_agg(s.step ORDER BY s.seq) FROM response_steps AS s WHERE s.response_id = r.id) AS steps,
       (SELECT array_agg(s.at ORDER BY s.seq) FROM response_steps AS s WHERE s.response_id = r.id) AS times,
       (SELECT count(*)::int FROM events AS e WHERE e.entity_type = 'response' AND e.entity_id = r.id) AS events
     FROM responses AS r JOIN incidents AS i ON i.id = r.incident_id`,
  );
  return result.rows;
}

const ALL_STEPS = ['received', 'dispatched', 'en_route', 'on_scene', 'cleared'];

/** Checks what a simulated timeline must be; returns whether it is complete. */
function checkTimeline(row: Awaited<ReturnType<typeof timelines>>[number]): boolean {
  expect(row.steps).toEqual(ALL_STEPS.slice(0, row.steps.length));
  expect(row.state).toBe(row.steps.at(-1));
  const ms = row.times.map((time) => time.getTime());
  expect(ms).toEqual([...ms].sort((a, b) => a - b));
  expect(ms.at(-1)).toBeLessThanOrEqual(Date.now());
  expect(row.received_at.getTime()).toBeGreaterThanOrEqual(row.reported_at.getTime());
  expect(row.incident_officer_initiated).toBe(row.officer_initiated);
  // An event per write: the response's creation and each later moment's steps.
  expect(row.events).toBeGreaterThanOrEqual(row.officer_initiated ? 1 : row.steps.length);
  if (row.officer_initiated) expect(new Set(ms.slice(0, 4)).size).toBe(1);
  expect(row.status).toBe(
    row.state === 'cleared' ? 'resolved' : row.state === 'received' ? 'open' : 'responding',
  );
  return row.state === 'cleared';
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
  it('writes whole response timelines through the service layer; the status follows', async () => {
    const t = await startTestApp();
    opened.push(t);
    const messages: string[] = [];
    // What startDemoSimulator builds, with time running 5,000 times faster.
    const simulator = new Simulator(serviceTarget(t.app.records), {
      ratePerMinute: 1200,
      speed: 5000,
      seeds: [{ lon: -123.1, lat: 49.26, category: 'theft' }],
      random: seededRandom(11),
      officerInitiatedShare: 0.3,
      log: (message) => messages.push(message),
    });
    opened.push({ close: () => simulator.stop() });
    simulator.start();
    await until(async () => {
      const rows = await timelines(t);
      const cleared = rows.filter((row) => row.state === 'cleared');
      return cleared.length >= 8 && cleared.some((row) => row.officer_initiated);
    }, 'eight timelines cleared in-process, one officer-initiated');
    await simulator.stop();
    // Every status change was written: none refused, each an event in order.
    expect(messages).toEqual([]);
    expect(simulator.stats.rejected).toBe(0);
    expect(simulator.stats.steps).toBeGreaterThanOrEqual(8 * 2);
    const rows = await timelines(t);
    expect(rows.filter(checkTimeline).length).toBeGreaterThanOrEqual(8);
    expect(
      await t.db.pool.query('SELECT 1 FROM responses WHERE incident_id IS NULL'),
    ).toMatchObject({
      rowCount: 0,
    });
    const orders = await statusOrders(t);
    const resolved = orders.filter((statuses) => statuses.includes('resolved'));
    expect(resolved.length).toBeGreaterThanOrEqual(5);
    for (const statuses of resolved) expect(statuses).toEqual(['open', 'responding', 'resolved']);
    const incidents = await t.db.pool.query<{ source: string; status: string }>(
      'SELECT source, status FROM incidents',
    );
    expect(new Set(incidents.rows.map((row) => row.source))).toEqual(new Set(['simulator']));
    expect(incidents.rows.filter((row) => row.status === 'resolved').length).toBe(resolved.length);
  }, 60_000);
});

describe('npm run simulate', () => {
  it('creates incidents from source simulator and writes their timelines over HTTP', async () => {
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
    expect((await timelines(t)).filter(checkTimeline).length).toBeGreaterThanOrEqual(5);
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
    // At 100 a second it would have sent ~150 more; Retry-After (the minute's rest) holds every
    // writer. Only requests already in flight when the first 429 came back can meet one too:
    // at most the one arrival and one step write per created incident (3).
    expect(limited).toBeLessThanOrEqual(4);
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
    stub.post('/api/v1/incidents/:id/responses', async (_request, reply) =>
      reply.code(201).send({}),
    );
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
