import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceHmac } from '../../server/erasure/reporter-identity.js';
import { runRetention } from '../../server/erasure/retention.service.js';
import { storeObservation } from '../support/erasable-observations.js';
import { connectListener, waitFor } from '../support/stream-client.js';
import { listen, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let url: string;

beforeAll(async () => {
  t = await startTestApp();
  url = await listen(t);
});

afterAll(async () => {
  await t.close();
});

const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN = 'device-token-of-the-live-reporter';
const SPOT = { lon: -123.11, lat: 49.28 };
const BBOX: [number, number, number, number] = [-123.2, 49.2, -123.0, 49.4];

describe('erasure on the live map', () => {
  it("takes a reporter's erased report off the public map, live", async () => {
    const observation = await storeObservation(t.app.records, {
      exact: { lon: SPOT.lon + 0.000_311, lat: SPOT.lat + 0.000_207 },
      text: 'Fresh tag on the shop shutter, seen from my window',
      createdAt: new Date(Date.now() - DAY_MS),
      device: await deviceHmac(t.db.pool, TOKEN),
    });
    const map = await connectListener(url);
    try {
      expect((await map.subscribe({ bbox: BBOX, layers: ['observations'], since: 0 })).ok).toBe(
        true,
      );
      await waitFor(
        () => map.events.some((event) => event.feature.id === observation.groupId),
        'the report on the map',
      );
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/v1/observations/${observation.id}/erase`,
        headers: { 'x-device-token': TOKEN },
      });
      expect(response.statusCode).toBe(200);
      await waitFor(
        () =>
          map.events.some(
            (event) => event.type === 'removed' && event.feature.id === observation.groupId,
          ),
        'the report taken off the map',
      );
    } finally {
      map.close();
    }
  });

  it('replays to a dispatcher without the erased exact places, and goes on streaming', async () => {
    const old = await storeObservation(t.app.records, {
      exact: { lon: SPOT.lon - 0.000_413, lat: SPOT.lat - 0.000_109 },
      text: 'Old tag, long painted over',
      createdAt: new Date(Date.now() - 120 * DAY_MS),
    });
    await runRetention(t.app.records, { retentionDays: 90 });
    const dispatch = await connectListener(url, { token: t.dispatcherKey });
    try {
      expect(
        (await dispatch.subscribe({ bbox: BBOX, layers: ['observations'], since: 0 })).ok,
      ).toBe(true);
      const fresh = await storeObservation(t.app.records, {
        exact: { lon: SPOT.lon + 0.000_501, lat: SPOT.lat - 0.000_303 },
        text: 'Another tag, today',
        createdAt: new Date(),
      });
      await waitFor(
        () => dispatch.events.some((event) => event.feature.id === fresh.id),
        'the fresh report, exact, on the dispatcher socket',
      );
      const frames = JSON.stringify(dispatch.events);
      expect(frames).not.toContain(String(old.exact.lon));
      expect(frames).not.toContain(old.text);
    } finally {
      dispatch.close();
    }
  });
});
