import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALERTS_PER_ACCOUNT_MAX,
  type Alert,
  type PushKeySchema,
} from '../../shared/schemas/alert.js';
import type { ErrorBody } from '../../shared/schemas/common.js';
import type { Static } from 'typebox';
import { addSquareDistrict } from '../support/accountability-fixtures.js';
import { alertBody, newResident, postAlert, squareAround } from '../support/alerts-client.js';
import { incidentBody } from '../support/incident-factory.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await addSquareDistrict(t.db.pool, 'Loop', -87.64, 41.87, 0.02);
});

afterAll(async () => {
  await t.close();
});

describe('alerts: create, list, pause, delete', () => {
  it('keeps a polygon alert and a district alert, lists only one’s own, pauses and deletes', async () => {
    const me = await newResident(t.app, t.db.pool);
    const other = await newResident(t.app, t.db.pool);
    const polygon = await postAlert(t.app, me, alertBody({ categories: ['theft', 'robbery'] }));
    expect(polygon.statusCode).toBe(201);
    const created = polygon.json<Alert>();
    expect(created).toMatchObject({
      name: 'Around home',
      categories: ['theft', 'robbery'],
      triggers: ['created', 'status_changed'],
      quietHours: null,
      paused: false,
    });
    expect(created.area).toEqual(alertBody().area);

    const district = await postAlert(
      t.app,
      me,
      alertBody({
        name: 'The Loop',
        area: { kind: 'district', district: 'Loop' },
        quietHours: { start: '22:00', end: '07:00', timeZone: 'America/Chicago' },
      }),
    );
    expect(district.statusCode).toBe(201);
    expect(district.json<Alert>().area).toEqual({ kind: 'district', district: 'Loop' });

    const mine = await t.app.inject({ url: '/api/v1/alerts', headers: { cookie: me.cookie } });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['cache-control']).toBe('no-store');
    expect(mine.json<{ alerts: Alert[] }>().alerts.map((a) => a.name)).toEqual([
      'Around home',
      'The Loop',
    ]);
    const theirs = await t.app.inject({ url: '/api/v1/alerts', headers: { cookie: other.cookie } });
    expect(theirs.json<{ alerts: Alert[] }>().alerts).toEqual([]);

    const paused = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/alerts/${created.id}`,
      headers: me.headers,
      payload: { paused: true },
    });
    expect(paused.statusCode).toBe(200);
    expect(paused.json<Alert>()).toMatchObject({ paused: true, categories: ['theft', 'robbery'] });

    // Another person's alert is not found, for a change as for a deletion.
    for (const method of ['PATCH', 'DELETE'] as const) {
      const refused = await t.app.inject({
        method,
        url: `/api/v1/alerts/${created.id}`,
        headers: other.headers,
        ...(method === 'PATCH' ? { payload: { paused: false } } : {}),
      });
      expect(refused.statusCode, method).toBe(404);
    }

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/alerts/${created.id}`,
      headers: me.headers,
    });
    expect(deleted.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/v1/alerts', headers: { cookie: me.cookie } });
    expect(after.json<{ alerts: Alert[] }>().alerts.map((a) => a.name)).toEqual(['The Loop']);
  });

  it('needs a person: 401 anonymous and with an API key, 403 without the CSRF token', async () => {
    expect((await t.app.inject({ url: '/api/v1/alerts' })).statusCode).toBe(401);
    const keyed = await t.app.inject({ url: '/api/v1/alerts', headers: bearer(t.dispatcherKey) });
    expect(keyed.statusCode).toBe(401);
    const me = await newResident(t.app, t.db.pool);
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: { cookie: me.cookie },
      payload: alertBody(),
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json<ErrorBody>().error).toBe('csrf_failed');
    const none = await t.app.inject({ url: '/api/v1/alerts', headers: { cookie: me.cookie } });
    expect(none.json<{ alerts: Alert[] }>().alerts).toEqual([]);
  });
});

describe('alerts: validation', () => {
  const bowtie = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ] as [number, number][],
    ],
  };
  const open = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [0, 0],
        [0.01, 0],
        [0.01, 0.01],
        [0, 0.011],
      ] as [number, number][],
    ],
  };
  const cases: [string, unknown, number, string][] = [
    ['an open ring', alertBody({ area: { kind: 'polygon', polygon: open } }), 422, 'invalid_area'],
    [
      'a self-intersecting ring',
      alertBody({ area: { kind: 'polygon', polygon: bowtie } }),
      422,
      'invalid_area',
    ],
    [
      'an area of a country',
      alertBody({ area: { kind: 'polygon', polygon: squareAround(10, 50, 2) } }),
      422,
      'area_too_large',
    ],
    [
      'a district that does not exist',
      alertBody({ area: { kind: 'district', district: 'Atlantis' } }),
      422,
      'unknown_district',
    ],
    [
      'a hidden category',
      alertBody({ categories: ['sexual-offences'] }),
      422,
      'category_not_alertable',
    ],
    [
      'a time zone Intl does not know',
      alertBody({ quietHours: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' } }),
      422,
      'invalid_time_zone',
    ],
    ['a category not in the list', { ...alertBody(), categories: ['ufo'] }, 400, 'invalid_request'],
    [
      'a longitude off the globe',
      alertBody({ area: { kind: 'polygon', polygon: squareAround(200, 0) } }),
      400,
      'invalid_request',
    ],
    ['no name', { ...alertBody(), name: '' }, 400, 'invalid_request'],
    ['an unknown field', { ...alertBody(), owner: 'someone' }, 400, 'invalid_request'],
    [
      'a quiet hour of 25:00',
      alertBody({ quietHours: { start: '25:00', end: '07:00', timeZone: 'UTC' } }),
      400,
      'invalid_request',
    ],
  ];

  it.each(cases)('refuses %s (%s %s) and writes nothing', async (_name, body, status, code) => {
    const me = await newResident(t.app, t.db.pool);
    const answer = await postAlert(t.app, me, body);
    expect(answer.statusCode).toBe(status);
    const error = answer.json<ErrorBody>();
    expect(error.error).toBe(code);
    expect(error.message.length).toBeGreaterThan(10);
    const count = await t.db.pool.query(
      'SELECT count(*)::int AS n FROM alerts WHERE user_id = $1',
      [me.id],
    );
    expect(count.rows[0]).toEqual({ n: 0 });
  });

  it('refuses a PATCH with a bad area or nothing in it, and a malformed id', async () => {
    const me = await newResident(t.app, t.db.pool);
    const { id } = (await postAlert(t.app, me, alertBody())).json<Alert>();
    const patch = (url: string, payload: object) =>
      t.app.inject({ method: 'PATCH', url, headers: me.headers, payload });
    const bad = await patch(`/api/v1/alerts/${id}`, { area: { kind: 'polygon', polygon: bowtie } });
    expect(bad.statusCode).toBe(422);
    expect((await patch(`/api/v1/alerts/${id}`, {})).statusCode).toBe(400);
    expect((await patch('/api/v1/alerts/not-a-uuid', { paused: true })).statusCode).toBe(400);
    const list = await t.app.inject({ url: '/api/v1/alerts', headers: { cookie: me.cookie } });
    expect(list.json<{ alerts: Alert[] }>().alerts[0]?.area).toEqual(alertBody().area);
  });

  it(`keeps at most ${ALERTS_PER_ACCOUNT_MAX} alerts per account, even when asked at once`, async () => {
    const me = await newResident(t.app, t.db.pool);
    const answers = await Promise.all(
      Array.from({ length: ALERTS_PER_ACCOUNT_MAX + 3 }, (_, i) =>
        postAlert(t.app, me, alertBody({ name: `Alert ${i}` })),
      ),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(ALERTS_PER_ACCOUNT_MAX);
    expect(codes.filter((c) => c === 409)).toHaveLength(3);
    const refused = answers.find((a) => a.statusCode === 409);
    expect(refused?.json<ErrorBody>().error).toBe('too_many_alerts');
  });
});

describe('push key and subscriptions', () => {
  const keys = {
    p256dh: 'B'.repeat(87),
    auth: 'A'.repeat(22),
  };

  it('serves one VAPID public key (a P-256 point), the same after a restart of the app', async () => {
    const first = await t.app.inject({ url: '/api/v1/alerts/push-key' });
    expect(first.statusCode).toBe(200);
    const { publicKey } = first.json<Static<typeof PushKeySchema>>();
    const point = Buffer.from(publicKey, 'base64url');
    expect(point).toHaveLength(65);
    expect(point[0]).toBe(4);
    const again = await t.app.inject({ url: '/api/v1/alerts/push-key' });
    expect(again.json<Static<typeof PushKeySchema>>().publicKey).toBe(publicKey);
    const kept = await t.db.pool.query(
      "SELECT octet_length(value) AS n FROM server_secrets WHERE name = 'vapid_p256_private_key'",
    );
    expect(kept.rows).toEqual([{ n: 32 }]);
  });

  it('registers an https endpoint, refuses http and internal ones, and deletes by endpoint', async () => {
    const me = await newResident(t.app, t.db.pool);
    const post = (endpoint: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/alerts/push-subscriptions',
        headers: me.headers,
        payload: { endpoint, expirationTime: null, keys },
      });
    const endpoint = 'https://push.example.org/send/abc';
    expect((await post(endpoint)).statusCode).toBe(204);
    expect((await post(endpoint)).statusCode).toBe(204);
    for (const refused of [
      'http://push.example.org/send/abc',
      'https://127.0.0.1/send',
      'https://10.1.2.3/send',
      'https://[::1]/send',
      'https://localhost/send',
      'https://metadata.internal/x',
      'https://user:pw@push.example.org/send',
    ]) {
      const answer = await post(refused);
      expect(answer.statusCode, refused).toBeGreaterThanOrEqual(400);
      expect(answer.statusCode, refused).toBeLessThan(500);
    }
    const rows = await t.db.pool.query(
      'SELECT endpoint FROM push_subscriptions WHERE user_id = $1',
      [me.id],
    );
    expect(rows.rows).toEqual([{ endpoint }]);

    const remove = (who: typeof me) =>
      t.app.inject({
        method: 'DELETE',
        url: '/api/v1/alerts/push-subscriptions',
        headers: who.headers,
        payload: { endpoint },
      });
    const other = await newResident(t.app, t.db.pool);
    expect((await remove(other)).statusCode).toBe(404);
    expect((await remove(me)).statusCode).toBe(204);
    expect((await remove(me)).statusCode).toBe(404);
  });
});

describe('an account’s end', () => {
  it('takes its alerts, push subscriptions and notifications with it', async () => {
    const me = await newResident(t.app, t.db.pool);
    const { id } = (await postAlert(t.app, me, alertBody())).json<Alert>();
    const subscribed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/alerts/push-subscriptions',
      headers: me.headers,
      payload: {
        endpoint: 'https://push.example.org/send/gone-with-the-account',
        keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) },
      },
    });
    expect(subscribed.statusCode).toBe(204);
    const published = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.dispatcherKey),
      payload: incidentBody(),
    });
    expect(published.statusCode).toBe(201);
    const event = await t.db.pool.query<{ id: string }>('SELECT max(id) AS id FROM events');
    await t.db.pool.query(
      `INSERT INTO alert_notifications (id, alert_id, user_id, event_id, trigger, incident, due_at)
       SELECT gen_random_uuid(), $1, $2, $3, 'created', '{}', now()`,
      [id, me.id, event.rows[0]?.id],
    );
    await t.db.pool.query('DELETE FROM users WHERE id = $1', [me.id]);
    const left = await t.db.pool.query(
      `SELECT (SELECT count(*) FROM alerts WHERE user_id = $1)::int AS alerts,
              (SELECT count(*) FROM push_subscriptions WHERE user_id = $1)::int AS subscriptions,
              (SELECT count(*) FROM alert_notifications WHERE user_id = $1)::int AS notifications`,
      [me.id],
    );
    expect(left.rows[0]).toEqual({ alerts: 0, subscriptions: 0, notifications: 0 });
  });
});
