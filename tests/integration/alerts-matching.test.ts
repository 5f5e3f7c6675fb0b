import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertNotification } from '../../shared/schemas/alert.js';
import type { IncidentFeature } from '../../shared/schemas/incident.js';
import { matchBatch } from '../../server/alerts/alert-matcher.js';
import {
  alertBody,
  alertsSettled,
  newResident,
  notificationsOfAlert,
  postAlert,
  squareAround,
} from '../support/alerts-client.js';
import type { SignedIn } from '../support/accounts.js';
import { connectListener, waitFor } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

// 10:00 in Chicago (CDT, UTC-5): outside any quiet hours of these tests but the last ones.
let clock = new Date('2026-07-01T15:00:00Z');
let t: TestApp;
let url: string;

beforeAll(async () => {
  t = await startTestApp({ alerts: { now: () => clock, pollMs: 100 } });
  url = await listen(t);
});

afterAll(async () => {
  await t.close();
});

/** Places far apart, one per test, so one test's alerts never see another's incidents. */
let placeIndex = 0;
function nextPlace() {
  placeIndex += 1;
  return { lon: -87.9 + placeIndex * 0.1, lat: 41.8 };
}

async function publish(place: { lon: number; lat: number }, category = 'theft') {
  const answer = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: { category, priority: 3, summary: 'Bike taken at 12 Main St', location: place },
  });
  expect(answer.statusCode).toBe(201);
  return answer.json<IncidentFeature>();
}

async function watch(who: SignedIn, place: { lon: number; lat: number }, extra = {}) {
  const answer = await postAlert(
    t.app,
    who,
    alertBody({ area: { kind: 'polygon', polygon: squareAround(place.lon, place.lat) }, ...extra }),
  );
  expect(answer.statusCode).toBe(201);
  return answer.json<Alert>();
}

async function recent(who: SignedIn): Promise<AlertNotification[]> {
  const answer = await t.app.inject({
    url: '/api/v1/alerts/notifications?limit=10',
    headers: { cookie: who.cookie },
  });
  expect(answer.statusCode).toBe(200);
  return answer.json<{ notifications: AlertNotification[] }>().notifications;
}

describe('matching', () => {
  it('notifies each matching alert once, in the app of its person only, with public data', async () => {
    const place = nextPlace();
    const ann = await newResident(t.app, t.db.pool);
    const bob = await newResident(t.app, t.db.pool);
    const carol = await newResident(t.app, t.db.pool);
    const annsAlert = await watch(ann, place);
    const bobsAlert = await watch(bob, place, { categories: ['theft'] });
    const annSocket = await connectListener(url, { cookie: ann.cookie });
    const carolSocket = await connectListener(url, { cookie: carol.cookie });
    const received: AlertNotification[] = [];
    const carolReceived: AlertNotification[] = [];
    annSocket.socket.on('alert', (n) => received.push(n));
    carolSocket.socket.on('alert', (n) => carolReceived.push(n));
    try {
      const incident = await publish(place);
      await alertsSettled(t.db.pool, clock);
      expect(await notificationsOfAlert(t.db.pool, annsAlert.id)).toHaveLength(1);
      expect(await notificationsOfAlert(t.db.pool, bobsAlert.id)).toHaveLength(1);
      await waitFor(() => received.length === 1, 'the alert event on Ann’s socket');

      const [notification] = received;
      const publicFeature = (
        await t.app.inject({ url: `/api/v1/incidents/${incident.id}` })
      ).json<IncidentFeature>();
      expect(notification).toEqual({
        id: expect.any(String) as string,
        alertId: annsAlert.id,
        alertName: 'Around home',
        trigger: 'created',
        eventId: expect.any(Number) as number,
        incident: {
          id: incident.id,
          category: 'theft',
          status: 'open',
          point: publicFeature.geometry.coordinates,
          occurredAt: publicFeature.properties.occurredAt,
        },
        url: expect.stringMatching(new RegExp(`^/\\?incident=${incident.id}#16/`)) as string,
        createdAt: clock.toISOString(),
      });
      // The exact point (the dispatcher's) is nowhere in it; nor is the summary.
      expect(notification?.incident.point).not.toEqual([place.lon, place.lat]);
      expect(JSON.stringify(notification)).not.toContain('Main St');
      expect(await recent(ann)).toEqual(received);
      expect((await recent(bob)).map((n) => n.alertId)).toEqual([bobsAlert.id]);
      expect(await recent(carol)).toEqual([]);
      // Carol's socket got nothing (the events are sent in order; Ann's came already).
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(carolReceived).toEqual([]);
    } finally {
      annSocket.close();
      carolSocket.close();
    }
  });

  it('stays one per alert when the matcher runs again, twice at once, from an older cursor', async () => {
    const place = nextPlace();
    const ann = await newResident(t.app, t.db.pool);
    const alert = await watch(ann, place);
    await publish(place);
    await alertsSettled(t.db.pool, clock);
    const [first] = await notificationsOfAlert(t.db.pool, alert.id);
    expect(first).toBeDefined();
    await t.db.pool.query('UPDATE alert_matcher_cursor SET last_event_id = $1', [
      Number(first?.event_id) - 1,
    ]);
    t.app.alertWorker.wake();
    await Promise.all([matchBatch(t.db.pool, clock, 100), matchBatch(t.db.pool, clock, 100)]);
    await alertsSettled(t.db.pool, clock);
    await matchBatch(t.db.pool, clock, 100);
    expect(await notificationsOfAlert(t.db.pool, alert.id)).toHaveLength(1);
  });

  it('tells of a change of status once more, and of no other change', async () => {
    const place = nextPlace();
    const ann = await newResident(t.app, t.db.pool);
    const alert = await watch(ann, place);
    const incident = await publish(place);
    const patch = (payload: object) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/incidents/${incident.id}`,
        headers: bearer(t.dispatcherKey),
        payload,
      });
    expect((await patch({ priority: 1 })).statusCode).toBe(200);
    expect((await patch({ status: 'responding' })).statusCode).toBe(200);
    await alertsSettled(t.db.pool, clock);
    const triggers = (await notificationsOfAlert(t.db.pool, alert.id)).map((n) => n.trigger);
    expect(triggers).toEqual(['created', 'status_changed']);
    const [latest] = await recent(ann);
    expect(latest).toMatchObject({ trigger: 'status_changed', incident: { status: 'responding' } });
  });

  it('tells nothing outside the area, of another category, hidden, paused or deleted', async () => {
    const place = nextPlace();
    const ann = await newResident(t.app, t.db.pool);
    const elsewhere = await watch(ann, { lon: place.lon + 0.05, lat: place.lat });
    const robberies = await watch(ann, place, { categories: ['robbery'] });
    const everything = await watch(ann, place);
    const paused = await watch(ann, place);
    const deleted = await watch(ann, place);
    const change = (alert: Alert, method: 'PATCH' | 'DELETE') =>
      t.app.inject({
        method,
        url: `/api/v1/alerts/${alert.id}`,
        headers: ann.headers,
        ...(method === 'PATCH' ? { payload: { paused: true } } : {}),
      });
    expect((await change(paused, 'PATCH')).statusCode).toBe(200);
    expect((await change(deleted, 'DELETE')).statusCode).toBe(204);

    await publish(place, 'sexual-offences');
    await publish(place, 'domestic-abuse');
    await publish(place, 'kidnapping');
    await alertsSettled(t.db.pool, clock);
    for (const alert of [elsewhere, robberies, everything, paused, deleted]) {
      expect(await notificationsOfAlert(t.db.pool, alert.id), alert.name).toEqual([]);
    }
    // The alert that takes every category does see a theft there: the test would notice a
    // matcher that had stopped.
    await publish(place, 'theft');
    await alertsSettled(t.db.pool, clock);
    expect(await notificationsOfAlert(t.db.pool, everything.id)).toHaveLength(1);
    for (const alert of [elsewhere, robberies, paused, deleted]) {
      expect(await notificationsOfAlert(t.db.pool, alert.id), alert.name).toEqual([]);
    }
  });
});

describe('quiet hours', () => {
  it('holds a notification until they end, then delivers it (in the app too)', async () => {
    const place = nextPlace();
    const ann = await newResident(t.app, t.db.pool);
    const alert = await watch(ann, place, {
      quietHours: { start: '21:00', end: '07:00', timeZone: 'America/Chicago' },
    });
    const socket = await connectListener(url, { cookie: ann.cookie });
    const received: AlertNotification[] = [];
    socket.socket.on('alert', (n) => received.push(n));
    try {
      // 22:00 in Chicago: quiet until 07:00 local, 12:00 UTC.
      clock = new Date('2026-07-02T03:00:00Z');
      await publish(place);
      await alertsSettled(t.db.pool, clock);
      const [held] = await notificationsOfAlert(t.db.pool, alert.id);
      expect(held?.due_at.toISOString()).toBe('2026-07-02T12:00:00.000Z');
      expect(held?.delivered_at).toBeNull();
      expect(await recent(ann)).toEqual([]);

      clock = new Date('2026-07-02T11:59:00Z');
      t.app.alertWorker.wake();
      await alertsSettled(t.db.pool, clock);
      expect((await notificationsOfAlert(t.db.pool, alert.id))[0]?.delivered_at).toBeNull();

      clock = new Date('2026-07-02T12:00:30Z');
      t.app.alertWorker.wake();
      await alertsSettled(t.db.pool, clock);
      await waitFor(() => received.length === 1, 'the held alert on the socket');
      expect(received[0]?.createdAt).toBe('2026-07-02T12:00:00.000Z');
      expect((await recent(ann)).map((n) => n.alertId)).toEqual([alert.id]);
    } finally {
      socket.close();
      clock = new Date('2026-07-01T15:00:00Z');
    }
  });

  it('drops what quiet hours held when the alert is paused', async () => {
    const place = nextPlace();
    const ann = await newResident(t.app, t.db.pool);
    const alert = await watch(ann, place, {
      quietHours: { start: '21:00', end: '07:00', timeZone: 'America/Chicago' },
    });
    clock = new Date('2026-07-03T03:00:00Z');
    try {
      await publish(place);
      await alertsSettled(t.db.pool, clock);
      expect(await notificationsOfAlert(t.db.pool, alert.id)).toHaveLength(1);
      const paused = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/alerts/${alert.id}`,
        headers: ann.headers,
        payload: { paused: true },
      });
      expect(paused.statusCode).toBe(200);
      clock = new Date('2026-07-03T13:00:00Z');
      t.app.alertWorker.wake();
      await alertsSettled(t.db.pool, clock);
      expect(await notificationsOfAlert(t.db.pool, alert.id)).toEqual([]);
      expect(await recent(ann)).toEqual([]);
    } finally {
      clock = new Date('2026-07-01T15:00:00Z');
    }
  });
});
