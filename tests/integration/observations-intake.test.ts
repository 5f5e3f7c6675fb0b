import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type TestApp } from '../support/test-app.js';
import {
  deviceToken,
  report,
  reportBody,
  solvedProof,
  startObservationApp,
} from '../support/observation-client.js';

let t: TestApp;
beforeAll(async () => {
  t = await startObservationApp();
});
afterAll(async () => {
  await t.close();
});

async function count(sql = 'SELECT count(*)::int AS n FROM observations'): Promise<number> {
  return (await t.db.pool.query<{ n: number }>(sql)).rows[0]?.n ?? -1;
}

describe('reporting an observation', () => {
  it('takes an anonymous report with a solved proof of work, approved without free text', async () => {
    const device = deviceToken();
    const response = await report(t.app, reportBody(), { device });
    expect(response.statusCode).toBe(202);
    const accepted = response.json<{ id: string; moderation: string; heldFor: string[] }>();
    expect(accepted).toMatchObject({ moderation: 'approved', heldFor: [] });

    const item = await t.app.inject({ method: 'GET', url: `/api/v1/observations/${accepted.id}` });
    expect(item.statusCode).toBe(200);
    const feature = item.json<{
      geometry: { coordinates: number[] };
      properties: Record<string, unknown>;
    }>();
    expect(feature.geometry.coordinates).not.toEqual([-123.1207, 49.2827]);
    expect(feature.properties).toMatchObject({ category: 'graffiti', reports: 1, text: null });
    expect(String(feature.properties.observedAt)).toMatch(/:(00|15|30|45):00\.000Z$/);

    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/observations/mine',
      headers: { 'x-device-token': device },
    });
    expect(mine.json<{ id: string }[]>().map((own) => own.id)).toEqual([accepted.id]);
  });

  it('keeps a report with free text pending, and holds one the guardrails catch', async () => {
    const pending = await report(t.app, reportBody({ text: 'Fresh tags on the wall' }));
    expect(pending.json()).toMatchObject({ moderation: 'pending', heldFor: [] });
    const held = await report(
      t.app,
      reportBody({ category: 'noise', text: 'Write to him at joe@example.org' }),
    );
    expect(held.json()).toMatchObject({ moderation: 'held', heldFor: ['email_address'] });
    for (const { id } of [pending.json<{ id: string }>(), held.json<{ id: string }>()]) {
      const item = await t.app.inject({ method: 'GET', url: `/api/v1/observations/${id}` });
      expect(item.statusCode).toBe(404);
    }
  });

  it('refuses a report without proof of work, and a replayed one', async () => {
    const before = await count();
    const none = await report(t.app, reportBody(), { altcha: null });
    expect(none.statusCode).toBe(403);
    expect(none.json()).toMatchObject({ error: 'proof_of_work_invalid' });
    const proof = await solvedProof(t.app);
    expect((await report(t.app, reportBody(), { altcha: proof })).statusCode).toBe(202);
    const replay = await report(t.app, reportBody(), { altcha: proof });
    expect(replay.statusCode).toBe(403);
    expect(replay.json<{ message: string }>().message).toMatch(/used already/);
    expect(await count()).toBe(before + 1);
  });

  it('answers a retry with the same Idempotency-Key as the first time, writing once', async () => {
    const before = await count();
    const altcha = await solvedProof(t.app);
    const options = { altcha, device: deviceToken(), headers: { 'idempotency-key': 'retry-1' } };
    const first = await report(t.app, reportBody(), options);
    const retry = await report(t.app, reportBody(), options);
    expect(first.statusCode).toBe(202);
    expect(retry.statusCode).toBe(202);
    expect(retry.json()).toEqual(first.json());
    expect(await count()).toBe(before + 1);
  });

  it.each([
    ['a kind not on the list', { category: 'suspicious-person' }],
    ['a time in the future', { observedAt: new Date(Date.now() + 3_600_000).toISOString() }],
    ['a time 8 days back', { observedAt: new Date(Date.now() - 8 * 86_400_000).toISOString() }],
    ['text over 500 characters', { text: 'a'.repeat(501) }],
    ['a latitude off the earth', { location: { lon: 0, lat: 91 } }],
    ['an unknown field', { reporter: 'me' }],
    ['an unknown incident', { incidentId: '00000000-0000-4000-8000-000000000000' }],
  ])('answers 400 to %s, and writes nothing', async (_what, overrides) => {
    const before = await count();
    const response = await report(t.app, reportBody(overrides));
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: unknown; message: unknown }>();
    expect(typeof body.error).toBe('string');
    expect(typeof body.message).toBe('string');
    expect(await count()).toBe(before);
  });

  it('lets dispatch see each report exactly, and nobody else', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/observations?bbox=-123.2,49.2,-123.0,49.3',
      headers: bearer(t.dispatcherKey),
    });
    const features = list.json<{ features: { geometry: { coordinates: number[] } }[] }>().features;
    expect(features.some((f) => f.geometry.coordinates[0] === -123.1207)).toBe(true);
    const publicList = await t.app.inject({
      method: 'GET',
      url: '/api/v1/observations?bbox=-123.2,49.2,-123.0,49.3',
    });
    expect(publicList.body).not.toContain('-123.1207');
    expect(publicList.body).not.toContain('Fresh tags');
  });

  it('documents every observation route in the OpenAPI document', async () => {
    const docs = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(docs.statusCode).toBe(200);
    const paths = docs.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>().paths;
    for (const [path, method] of [
      ['/api/v1/observations', 'get'],
      ['/api/v1/observations', 'post'],
      ['/api/v1/observations/mine', 'get'],
      ['/api/v1/observations/{id}', 'get'],
      ['/api/v1/observations/{id}/verification', 'post'],
      ['/api/v1/observations/{id}/withdraw', 'post'],
      ['/api/v1/challenge', 'get'],
    ] as const) {
      expect(paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(['observations']);
    }
  });
});
