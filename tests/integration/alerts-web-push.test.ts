import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertNotification } from '../../shared/schemas/alert.js';
import type { IncidentFeature } from '../../shared/schemas/incident.js';
import type { SignedIn } from '../support/accounts.js';
import { alertBody, newResident, postAlert, squareAround } from '../support/alerts-client.js';
import { waitFor } from '../support/stream-client.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';
import {
  browserKeys,
  decryptAes128gcm,
  startPushService,
  verifyVapid,
  type BrowserKeys,
  type PushService,
} from '../support/web-push-receiver.js';

let t: TestApp;
let push: PushService;
let pushKey: string;

beforeAll(async () => {
  t = await startTestApp({
    alerts: { pollMs: 50, allowLocalPushEndpoints: true, pushRetryBaseMs: 100 },
  });
  push = await startPushService();
  pushKey = (await t.app.inject({ url: '/api/v1/alerts/push-key' })).json<{ publicKey: string }>()
    .publicKey;
});

afterAll(async () => {
  await t.close();
  await push.close();
});

let placeIndex = 0;
function nextPlace() {
  placeIndex += 1;
  return { lon: -122.5 + placeIndex * 0.1, lat: 37.7 };
}

async function subscribeBrowser(who: SignedIn, path: string): Promise<BrowserKeys> {
  const keys = browserKeys();
  const answer = await t.app.inject({
    method: 'POST',
    url: '/api/v1/alerts/push-subscriptions',
    headers: who.headers,
    payload: {
      endpoint: `${push.origin}${path}`,
      expirationTime: null,
      keys: { p256dh: keys.p256dh, auth: keys.auth },
    },
  });
  expect(answer.statusCode).toBe(204);
  return keys;
}

async function watchAndPublish(who: SignedIn, place: { lon: number; lat: number }) {
  const alert = await postAlert(
    t.app,
    who,
    alertBody({ area: { kind: 'polygon', polygon: squareAround(place.lon, place.lat) } }),
  );
  expect(alert.statusCode).toBe(201);
  const incident = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: { category: 'robbery', priority: 2, summary: 'Phone taken', location: place },
  });
  expect(incident.statusCode).toBe(201);
  return { alert: alert.json<Alert>(), incident: incident.json<IncidentFeature>() };
}

const receivedAt = (path: string) => push.received.filter((r) => r.path === path);

describe('Web Push', () => {
  it('sends each browser one encrypted, VAPID-signed message it can decrypt to the notification', async () => {
    const place = nextPlace();
    const ann = await newResident(t.app, t.db.pool);
    const laptop = await subscribeBrowser(ann, '/push/ann-laptop');
    const phone = await subscribeBrowser(ann, '/push/ann-phone');
    const { alert, incident } = await watchAndPublish(ann, place);
    await waitFor(
      () =>
        receivedAt('/push/ann-laptop').length === 1 && receivedAt('/push/ann-phone').length === 1,
      'a push to each of Ann’s browsers',
    );
    const listed = (
      await t.app.inject({ url: '/api/v1/alerts/notifications', headers: { cookie: ann.cookie } })
    ).json<{ notifications: AlertNotification[] }>().notifications;
    expect(listed).toHaveLength(1);

    for (const [path, keys] of [
      ['/push/ann-laptop', laptop],
      ['/push/ann-phone', phone],
    ] as const) {
      const [message] = receivedAt(path);
      if (!message) throw new Error(`nothing at ${path}`);
      expect(message.headers['content-encoding']).toBe('aes128gcm');
      expect(message.headers.ttl).toBe(String(6 * 60 * 60));
      expect(message.headers.urgency).toBe('normal');
      expect(message.headers.topic).toBe(listed[0]?.id.replaceAll('-', ''));
      const claims = verifyVapid(String(message.headers.authorization), pushKey);
      expect(claims.aud).toBe(push.origin);
      expect(claims.sub).toMatch(/^(mailto:|https:)/);
      expect(claims.exp * 1000).toBeGreaterThan(Date.now());
      expect(claims.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);

      const notification = JSON.parse(decryptAes128gcm(message.body, keys)) as AlertNotification;
      expect(notification).toEqual(listed[0]);
      expect(notification).toMatchObject({
        alertId: alert.id,
        trigger: 'created',
        incident: { id: incident.id, category: 'robbery' },
      });
      // The public point, never the exact one; no summary text.
      expect(notification.incident.point).not.toEqual([place.lon, place.lat]);
      expect(JSON.stringify(notification)).not.toContain('Phone taken');
    }
    // Exactly once: later wake-ups send nothing more.
    t.app.alertWorker.wake();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(receivedAt('/push/ann-laptop')).toHaveLength(1);
    expect(receivedAt('/push/ann-phone')).toHaveLength(1);
  });

  it('tries again after a failure, without sending twice what was delivered', async () => {
    const place = nextPlace();
    const ann = await newResident(t.app, t.db.pool);
    await subscribeBrowser(ann, '/push/flaky');
    await subscribeBrowser(ann, '/push/steady');
    let flakyCalls = 0;
    push.setAnswer((path) => {
      if (path !== '/push/flaky') return 201;
      flakyCalls += 1;
      return flakyCalls === 1 ? 503 : 201;
    });
    try {
      await watchAndPublish(ann, place);
      await waitFor(() => receivedAt('/push/flaky').length === 2, 'the retry of the flaky browser');
      expect(receivedAt('/push/flaky').map((r) => r.answered)).toEqual([503, 201]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(receivedAt('/push/steady')).toHaveLength(1);
      expect(receivedAt('/push/flaky')).toHaveLength(2);
      const { rows } = await t.db.pool.query(
        `SELECT d.attempts, d.sent_at IS NOT NULL AS sent FROM alert_push_deliveries AS d
         JOIN push_subscriptions AS s ON s.id = d.subscription_id
         WHERE s.endpoint = $1`,
        [`${push.origin}/push/flaky`],
      );
      expect(rows).toEqual([{ attempts: 2, sent: true }]);
    } finally {
      push.setAnswer(() => 201);
    }
  });

  it('deletes a subscription the push service says is gone (410)', async () => {
    const place = nextPlace();
    const ann = await newResident(t.app, t.db.pool);
    await subscribeBrowser(ann, '/push/gone');
    push.setAnswer((path) => (path === '/push/gone' ? 410 : 201));
    try {
      await watchAndPublish(ann, place);
      await waitFor(() => receivedAt('/push/gone').length === 1, 'the push to the gone browser');
      const left = async () =>
        (
          await t.db.pool.query(
            'SELECT count(*)::int AS n FROM push_subscriptions WHERE user_id = $1',
            [ann.id],
          )
        ).rows[0] as { n: number };
      const started = Date.now();
      while ((await left()).n !== 0 && Date.now() - started < 5000) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(await left()).toEqual({ n: 0 });
    } finally {
      push.setAnswer(() => 201);
    }
  });
});
