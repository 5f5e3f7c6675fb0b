import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { Alert, AlertNotification } from '../../shared/schemas/alert.js';
import {
  alertBody,
  alertsSettled,
  newResident,
  notificationsOfAlert,
  postAlert,
  squareAround,
} from '../support/alerts-client.js';
import { connectListener, waitFor } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

// Two app instances on one database, as two server processes are: each runs its own matcher
// and delivery, and each tells its own sockets, whichever of them delivered.
let t: TestApp;
let second: FastifyInstance;
let secondPool: pg.Pool;
let firstUrl: string;
let secondUrl: string;

beforeAll(async () => {
  t = await startTestApp({ alerts: { pollMs: 100 } });
  secondPool = new pg.Pool({ connectionString: t.db.url, max: 4 });
  second = await buildApp({
    pool: secondPool,
    writesPerMinute: 100_000,
    realtime: { listenUrl: t.db.url },
    alerts: { pollMs: 100 },
  });
  firstUrl = await listen(t);
  secondUrl = await second.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await second.close();
  await secondPool.end();
  await t.close();
});

describe('area alerts with two processes', () => {
  it('makes one notification per alert, and each process tells its own sockets once', async () => {
    const place = { lon: -87.7, lat: 41.9 };
    const ann = await newResident(t.app, t.db.pool);
    const created = await postAlert(
      t.app,
      ann,
      alertBody({ area: { kind: 'polygon', polygon: squareAround(place.lon, place.lat) } }),
    );
    const alert = created.json<Alert>();
    const onFirst = await connectListener(firstUrl, { cookie: ann.cookie });
    const onSecond = await connectListener(secondUrl, { cookie: ann.cookie });
    const first: AlertNotification[] = [];
    const secondReceived: AlertNotification[] = [];
    onFirst.socket.on('alert', (n) => first.push(n));
    onSecond.socket.on('alert', (n) => secondReceived.push(n));
    try {
      for (const [index, app] of [t.app, second].entries()) {
        const answer = await app.inject({
          method: 'POST',
          url: '/api/v1/incidents',
          headers: bearer(t.dispatcherKey),
          payload: {
            category: 'theft',
            priority: 3,
            summary: `Taken, ${index}`,
            location: { lon: place.lon + index * 0.001, lat: place.lat },
          },
        });
        expect(answer.statusCode).toBe(201);
      }
      await alertsSettled(t.db.pool, new Date());
      expect(await notificationsOfAlert(t.db.pool, alert.id)).toHaveLength(2);
      await waitFor(
        () => first.length === 2 && secondReceived.length === 2,
        'both notifications on both sockets',
      );
      // Woken again and again: nothing is told twice.
      for (let i = 0; i < 5; i += 1) {
        t.app.alertWorker.wake();
        second.alertWorker.wake();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(first.map((n) => n.id).sort()).toEqual(secondReceived.map((n) => n.id).sort());
      expect(new Set(first.map((n) => n.id)).size).toBe(2);
      expect(secondReceived).toHaveLength(2);
    } finally {
      onFirst.close();
      onSecond.close();
    }
  });
});
