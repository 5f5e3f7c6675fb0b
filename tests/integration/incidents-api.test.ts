import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';
import { incidentBody } from '../support/incident-factory.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Feature {
  type: string;
  id: string;
  geometry: { type: string; coordinates: [number, number] };
  properties: Record<string, unknown>;
}

async function create(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: { ...bearer(t.dispatcherKey), ...headers },
    payload: body,
  });
}

describe('incidents API', () => {
  it('creates an incident and serves it publicly at its generalised location only', async () => {
    const body = incidentBody({
      location: { lon: -87.62981, lat: 41.87811 },
      summary: 'Phone snatched, call 07700 900123',
    });
    const created = await create(body);
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-type']).toContain('application/geo+json');
    const feature = created.json<Feature>();
    expect(feature.geometry.coordinates).toEqual([-87.62981, 41.87811]);
    expect(feature.properties.locationPrecision).toBe('exact');

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/incidents?bbox=-87.64,41.87,-87.62,41.89',
    });
    expect(list.statusCode).toBe(200);
    const collection = list.json<{ type: string; features: Feature[] }>();
    expect(collection.type).toBe('FeatureCollection');
    const mine = collection.features.find((f) => f.id === feature.id);
    expect(mine).toBeDefined();
    expect(mine?.geometry.type).toBe('Point');
    expect(mine?.geometry.coordinates).not.toEqual([-87.62981, 41.87811]);
    expect(mine?.properties.locationPrecision).toBe('approximate');
    expect(mine?.properties.summary).toBe('Phone snatched, call [phone]');
    expect(JSON.stringify(list.json())).not.toContain('41.87811');
    expect(mine?.properties).not.toHaveProperty('externalRef');

    const asDispatcher = await t.app.inject({
      method: 'GET',
      url: `/api/v1/incidents/${feature.id}`,
      headers: bearer(t.dispatcherKey),
    });
    expect(asDispatcher.json<Feature>().geometry.coordinates).toEqual([-87.62981, 41.87811]);

    const recorded = await t.db.pool.query<{ public: { feature: unknown } }>(
      "SELECT public FROM events WHERE entity_id = $1 AND type = 'incident.created'",
      [feature.id],
    );
    expect(recorded.rows[0]?.public.feature).toEqual(mine);
    const record = await t.app.inject({ method: 'GET', url: '/api/v1/audit/events?limit=1000' });
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain(feature.id);
    expect(record.body).not.toContain('41.87811');
    expect(record.body).not.toContain('07700 900123');

    const asModerator = await t.app.inject({
      method: 'GET',
      url: `/api/v1/incidents/${feature.id}`,
      headers: bearer(t.moderatorKey),
    });
    expect(asModerator.json<Feature>().geometry.coordinates).not.toEqual([-87.62981, 41.87811]);
  });

  it('keeps hidden and aggregate-only categories out of public output but shows them to dispatch', async () => {
    const hidden = (await create(incidentBody({ category: 'sexual-offences' }))).json<Feature>();
    const aggregate = (
      await create(incidentBody({ category: 'human-trafficking' }))
    ).json<Feature>();
    for (const id of [hidden.id, aggregate.id]) {
      const publicGet = await t.app.inject({ method: 'GET', url: `/api/v1/incidents/${id}` });
      expect(publicGet.statusCode).toBe(404);
      const dispatchGet = await t.app.inject({
        method: 'GET',
        url: `/api/v1/incidents/${id}`,
        headers: bearer(t.dispatcherKey),
      });
      expect(dispatchGet.statusCode).toBe(200);
    }
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/incidents?limit=1000' });
    const ids = list.json<{ features: Feature[] }>().features.map((f) => f.id);
    expect(ids).not.toContain(hidden.id);
    expect(ids).not.toContain(aggregate.id);
  });

  it('needs a dispatcher key to write', async () => {
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: incidentBody(),
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: 'unauthorized' });
    const moderator = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.moderatorKey),
      payload: incidentBody(),
    });
    expect(moderator.statusCode).toBe(403);
    const wrongKey = await t.app.inject({
      method: 'GET',
      url: '/api/v1/incidents',
      headers: bearer('ob_not-a-real-key'),
    });
    expect(wrongKey.statusCode).toBe(401);
  });

  it('pages through a filtered list with a cursor, newest first, without repeats', async () => {
    const base = Date.parse('2026-01-10T12:00:00Z');
    for (let i = 0; i < 7; i += 1) {
      const response = await create(
        incidentBody({
          category: 'drugs',
          occurredAt: new Date(base + i * 60_000).toISOString(),
          location: { lon: 2.35 + i * 0.001, lat: 48.85 },
        }),
      );
      expect(response.statusCode).toBe(201);
    }
    const seen: string[] = [];
    const times: string[] = [];
    let url =
      '/api/v1/incidents?bbox=2.3,48.8,2.4,48.9&category=drugs&limit=3&from=2026-01-10T00:00:00Z&to=2026-01-11T00:00:00Z';
    for (;;) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      const body = page.json<{ features: Feature[]; nextCursor: string | null }>();
      seen.push(...body.features.map((f) => f.id));
      times.push(...body.features.map((f) => String(f.properties.occurredAt)));
      if (!body.nextCursor) break;
      url = `/api/v1/incidents?bbox=2.3,48.8,2.4,48.9&category=drugs&limit=3&from=2026-01-10T00:00:00Z&to=2026-01-11T00:00:00Z&cursor=${body.nextCursor}`;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect([...times].sort().reverse()).toEqual(times);
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/v1/incidents?bbox=2.3,48.8,2.4,48.9&category=burglary',
    });
    expect(other.json<{ features: Feature[] }>().features).toHaveLength(0);
  });

  it('updates with PATCH, one event per change, and regeneralises when the category changes', async () => {
    const feature = (await create(incidentBody({ category: 'theft' }))).json<Feature>();
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${feature.id}`,
      headers: bearer(t.dispatcherKey),
      payload: { status: 'responding', category: 'burglary' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<Feature>().properties).toMatchObject({
      status: 'responding',
      category: 'burglary',
      visibility: 'coarse',
    });
    const publicView = await t.app.inject({
      method: 'GET',
      url: `/api/v1/incidents/${feature.id}`,
    });
    expect(publicView.json<Feature>().properties.precisionMetres).toBe(600);

    const unchanged = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${feature.id}`,
      headers: bearer(t.dispatcherKey),
      payload: { status: 'responding' },
    });
    expect(unchanged.statusCode).toBe(200);
    const events = await t.db.pool.query<{ type: string; public: { changes?: string[] } | null }>(
      'SELECT type, public FROM events WHERE entity_id = $1 ORDER BY id',
      [feature.id],
    );
    expect(events.rows.map((row) => row.type)).toEqual(['incident.created', 'incident.updated']);
    // A coarser policy names every place field, changed or not: whether one changed would tell
    // about the withheld 150 m point.
    expect(events.rows[1]?.public?.changes).toEqual(['category', 'status', 'district', 'place']);
    // The 150 m point of the theft is withdrawn from the record: only the 600 m cell remains.
    expect(events.rows[0]?.public).toBeNull();

    const missing = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/incidents/0192a4f0-0000-7000-8000-000000000000',
      headers: bearer(t.dispatcherKey),
      payload: { status: 'resolved' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('makes retries safe with Idempotency-Key and with externalRef', async () => {
    const count = async () =>
      (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')).rows[0]?.n;
    const body = incidentBody();
    const first = await create(body, { 'idempotency-key': 'retry-1' });
    const before = await count();
    const again = await create(body, { 'idempotency-key': 'retry-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json<Feature>().id).toBe(first.json<Feature>().id);
    expect(await count()).toBe(before);

    const withRef = incidentBody({ externalRef: 'CAD-2026-000123' });
    const one = await create(withRef);
    const two = await create(withRef);
    expect(one.statusCode).toBe(201);
    expect(two.statusCode).toBe(200);
    expect(two.json<Feature>().id).toBe(one.json<Feature>().id);
    const changed = await create({ ...withRef, priority: 1 });
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({ error: 'external_ref_conflict' });
  });

  it('answers /healthz and serves the OpenAPI document', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok', db: 'ok' });
    const docs = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(docs.statusCode).toBe(200);
    const spec = docs.json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/incidents', '/api/v1/incidents/{id}']),
    );
    const slashed = await t.app.inject({ method: 'GET', url: '/api/v1/incidents/?limit=1' });
    expect(slashed.statusCode).toBe(200);
    const ui = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
  });
});
