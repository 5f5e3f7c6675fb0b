import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../server/demo/load-demo.js';
import { slowestResponseMs } from '../../server/demo/response-plan.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The demo's past thefts carry the status their response would have reached by the time the
// demo is loaded, dated when it was reached, and the public record says the same.

const HOUR_MS = 3600_000;
// The slowest response the simulator's timelines give (priority 5).
const SLOWEST_RESPONSE_MS = slowestResponseMs(5);

let t: TestApp;
const now = new Date();

beforeAll(async () => {
  t = await startTestApp();
  const report = await loadDemo(t.app.records, now);
  expect(report.failed).toBe(0);
  expect(report.responses).toBe(report.incidents);
}, 120_000);

afterAll(async () => {
  await t.close();
});

interface StatusRow {
  status: string;
  occurred_at: Date;
  updated_at: Date;
  created_at: Date;
  events: number;
  event_status: string;
  event_updated_at: string;
  public_status: string | null;
}

async function demoIncidents(): Promise<StatusRow[]> {
  const result = await t.db.pool.query<StatusRow>(
    `SELECT i.status, i.occurred_at, i.updated_at, i.created_at,
       count(e.id)::int AS events,
       min(e.private->'feature'->'properties'->>'status') AS event_status,
       min(e.private->'feature'->'properties'->>'updatedAt') AS event_updated_at,
       min(e.public->'feature'->'properties'->>'status') AS public_status
     FROM incidents AS i
     LEFT JOIN events AS e ON e.entity_type = 'incident' AND e.entity_id = i.id
     WHERE i.source = 'demo'
     GROUP BY i.id`,
  );
  return result.rows;
}

describe('the demo load', () => {
  it('resolves the old thefts, dated after they occurred and never after now', async () => {
    const rows = await demoIncidents();
    expect(rows).toHaveLength(3000);
    const byStatus = new Map<string, number>();
    for (const row of rows) byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + 1);
    // Seven days of thefts, of which only the last hours' responses can still be under way.
    expect(byStatus.get('resolved') ?? 0).toBeGreaterThan(2900);
    for (const row of rows) {
      const what = `${row.status} theft of ${row.occurred_at.toISOString()}`;
      if (row.status === 'open') {
        // Nothing happened to it yet: its last change is its publication.
        expect(row.updated_at.getTime(), what).toBe(row.created_at.getTime());
      } else {
        expect(row.updated_at.getTime(), what).toBeLessThanOrEqual(now.getTime());
        // An officer on the spot responds the moment the theft is recorded.
        expect(row.updated_at.getTime(), what).toBeGreaterThanOrEqual(row.occurred_at.getTime());
        expect(row.updated_at.getTime() - row.occurred_at.getTime(), what).toBeLessThanOrEqual(
          SLOWEST_RESPONSE_MS,
        );
      }
      if (row.status !== 'resolved') {
        expect(now.getTime() - row.occurred_at.getTime(), what).toBeLessThan(SLOWEST_RESPONSE_MS);
      }
    }
    // Not all at once: resolutions spread over the week like the thefts.
    const resolvedTimes = rows.filter((r) => r.status === 'resolved').map((r) => +r.updated_at);
    expect(Math.max(...resolvedTimes) - Math.min(...resolvedTimes)).toBeGreaterThan(
      6 * 24 * HOUR_MS,
    );
  });

  it('gives every theft the response its status comes from, its steps in order and past', async () => {
    const result = await t.db.pool.query<{
      status: string;
      occurred_at: Date;
      updated_at: Date;
      incident_officer_initiated: boolean;
      officer_initiated: boolean;
      same_district: boolean;
      state: string;
      steps: string[];
      times: Date[];
    }>(
      `SELECT i.status, i.occurred_at, i.updated_at, i.officer_initiated AS incident_officer_initiated,
         r.officer_initiated, r.district_id IS NOT DISTINCT FROM i.district_id AS same_district,
         r.state, array_agg(s.step ORDER BY s.seq) AS steps, array_agg(s.at ORDER BY s.seq) AS times
       FROM incidents AS i JOIN responses AS r ON r.incident_id = i.id
       JOIN response_steps AS s ON s.response_id = r.id
       WHERE i.source = 'demo' GROUP BY i.id, r.id`,
    );
    expect(result.rows).toHaveLength(3000);
    const statusOf: Record<string, string> = {
      received: 'open',
      dispatched: 'responding',
      en_route: 'responding',
      on_scene: 'responding',
      cleared: 'resolved',
    };
    const order = ['received', 'dispatched', 'en_route', 'on_scene', 'cleared'];
    for (const row of result.rows) {
      expect(row.status).toBe(statusOf[row.state]);
      expect(row.steps).toEqual(order.slice(0, row.steps.length));
      expect(row.steps.at(-1)).toBe(row.state);
      expect(row.times[0]?.getTime()).toBe(row.occurred_at.getTime());
      const ms = row.times.map((time) => time.getTime());
      expect(ms).toEqual([...ms].sort((a, b) => a - b));
      expect(ms.at(-1)).toBeLessThanOrEqual(now.getTime());
      // The incident's last change is its response's: when it was dispatched, or cleared.
      if (row.status === 'resolved') expect(ms.at(-1)).toBe(row.updated_at.getTime());
      expect(row.incident_officer_initiated).toBe(row.officer_initiated);
      expect(row.same_district).toBe(true);
    }
    const officerInitiated = result.rows.filter((row) => row.officer_initiated).length;
    expect(officerInitiated).toBeGreaterThan(50);
    expect(officerInitiated).toBeLessThan(300);
  });

  it('has enough times to scene per neighbourhood and priority for the statistics (k = 5)', async () => {
    const cells = await t.db.pool.query<{ name: string; priority: number; n: number }>(
      `SELECT d.name, r.priority, count(*)::int AS n FROM responses AS r
       JOIN districts AS d ON d.id = r.district_id
       WHERE NOT r.officer_initiated AND r.on_scene_at IS NOT NULL
         AND r.received_at >= $1::timestamptz - interval '30 days'
       GROUP BY d.name, r.priority`,
      [now],
    );
    const full = cells.rows.filter((cell) => cell.n >= 5);
    // Musqueam and Stanley Park have a handful of thefts in the data: they stay suppressed.
    expect(new Set(full.map((cell) => cell.name)).size).toBeGreaterThanOrEqual(20);
  });

  it('writes each status with its incident: one event, which names the status and its time', async () => {
    for (const row of await demoIncidents()) {
      expect(row.events).toBe(1);
      expect(row.event_status).toBe(row.status);
      expect(row.public_status).toBe(row.status);
      expect(Date.parse(row.event_updated_at)).toBe(row.updated_at.getTime());
    }
  });

  it('shows the public a resolved theft with the time it was resolved', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/incidents?bbox=-123.3,49.1,-122.9,49.4&limit=50&status=resolved',
    });
    expect(response.statusCode).toBe(200);
    const { features } = response.json<{
      features: { properties: { status: string; occurredAt: string; updatedAt: string } }[];
    }>();
    expect(features.length).toBe(50);
    for (const { properties } of features) {
      expect(properties.status).toBe('resolved');
      expect(Date.parse(properties.updatedAt)).toBeGreaterThan(Date.parse(properties.occurredAt));
      expect(Date.parse(properties.updatedAt)).toBeLessThanOrEqual(now.getTime());
    }
  });
});
