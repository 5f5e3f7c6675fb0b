import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bbox } from '../../shared/geo/bbox.js';
import { cellCentre, cellOf } from '../../server/privacy/geomask.js';
import { applyModeration } from '../../server/observations/observation-state.js';
import { incidentBody } from '../support/incident-factory.js';
import {
  deviceToken,
  report,
  reportBody,
  startObservationApp,
} from '../support/observation-client.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { bearer, listen, type TestApp } from '../support/test-app.js';

interface Item {
  id: string;
  geometry: { coordinates: [number, number] };
  properties: { reports: number; verification: string; incidentId: string | null };
}

let t: TestApp;
let url: string;
let publicMap: Listener;
let dispatch: Listener;
const WORLD: Bbox = [-180, -90, 180, 90];

beforeAll(async () => {
  t = await startObservationApp();
  url = await listen(t);
  publicMap = await connectListener(url);
  dispatch = await connectListener(url, { token: t.dispatcherKey });
  await publicMap.subscribe({ bbox: WORLD, layers: ['observations'] });
  await dispatch.subscribe({ bbox: WORLD, layers: ['observations'] });
});
afterAll(async () => {
  publicMap.close();
  dispatch.close();
  await t.close();
});

let address = 1;
const asNewReporter = () => ({
  device: deviceToken(),
  address: `10.0.${address >> 8}.${address++ % 256}`,
});

async function items(bbox: string): Promise<Item[]> {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/observations?bbox=${bbox}` });
  return response.json<{ features: Item[] }>().features;
}

/** Metres to degrees at a latitude (small offsets). */
function offset(at: { lon: number; lat: number }, east: number, north: number) {
  const perDegree = 111_195;
  return {
    lon: at.lon + east / (perDegree * Math.cos((at.lat * Math.PI) / 180)),
    lat: at.lat + north / perDegree,
  };
}

describe('corroboration: reports of one event are one item', () => {
  it('groups a second reporter into the first item, streamed as its update, never as its own', async () => {
    const spot = { lon: -123.11, lat: 49.281 };
    const first = (await report(t.app, reportBody({ location: spot }), asNewReporter())).json<{
      id: string;
    }>();
    await waitFor(() => publicMap.events.some((e) => e.feature.id === first.id), 'the first item');
    const second = (
      await report(t.app, reportBody({ location: offset(spot, 10, -5) }), asNewReporter())
    ).json<{ id: string }>();
    await waitFor(
      () => publicMap.events.some((e) => e.type === 'updated' && e.feature.id === first.id),
      'the group update',
    );
    expect(publicMap.events.some((e) => e.feature.id === second.id)).toBe(false);
    await waitFor(() => dispatch.events.some((e) => e.feature.id === second.id), 'dispatch');

    const shown = (await items('-123.12,49.27,-123.10,49.29')).filter((i) => i.id === first.id);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.properties).toMatchObject({ reports: 2, verification: 'corroborated' });
    const single = await t.app.inject({ method: 'GET', url: `/api/v1/observations/${second.id}` });
    expect(single.statusCode).toBe(404);
  });

  it('locates a spot no better than one cell from the public points of 50 noisy reports', async () => {
    // A spot 30 m east and 20 m north of a cell's centre: reports within 40 m of it all lie in
    // that 150 m cell, which is what the public record should reveal, and no more.
    const centre = cellCentre(cellOf({ lon: -123.05, lat: 49.26 }, 'point'));
    const spot = offset(centre, 30, 20);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const ids: string[] = [];
    const exact: { lon: number; lat: number }[] = [];
    for (let i = 0; i < 50; i += 1) {
      const r = 40 * Math.sqrt(random());
      const a = 2 * Math.PI * random();
      const location = offset(spot, r * Math.cos(a), r * Math.sin(a));
      exact.push(location);
      const response = await report(t.app, reportBody({ location }), asNewReporter());
      ids.push(response.json<{ id: string }>().id);
    }
    // The anti-targeting rule held all but two; a moderator approves them all, as the attacker
    // would wish, so that every report is public.
    await t.app.records.transact(async (session) => {
      const events = [];
      for (const id of ids) {
        events.push(...(await applyModeration(session.db, id, { state: 'approved' })).events);
      }
      return { result: null, events };
    });
    const shown = await items('-123.06,49.25,-123.04,49.27');
    expect(shown).toHaveLength(1);
    const [item] = shown;
    expect(item?.properties.reports).toBe(50);
    const average = shown.reduce<[number, number]>(
      (sum, f) => [
        sum[0] + f.geometry.coordinates[0] / shown.length,
        sum[1] + f.geometry.coordinates[1] / shown.length,
      ],
      [0, 0],
    );
    // The average of the public points is the cell's centre: the spot's place inside its cell
    // (36 m off the centre) is not revealed at all, whereas the exact points' mean finds it.
    expect(average[0]).toBeCloseTo(centre.lon, 9);
    expect(average[1]).toBeCloseTo(centre.lat, 9);
    const exactMean = exact.reduce(
      (sum, p) => ({ lon: sum.lon + p.lon / exact.length, lat: sum.lat + p.lat / exact.length }),
      { lon: 0, lat: 0 },
    );
    const metres = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) =>
      Math.hypot(
        (a.lon - b.lon) * 111_195 * Math.cos((a.lat * Math.PI) / 180),
        (a.lat - b.lat) * 111_195,
      );
    expect(metres(exactMean, spot)).toBeLessThan(15);
    expect(metres({ lon: average[0], lat: average[1] }, spot)).toBeGreaterThan(30);
  });
});

describe('verification and withdrawal stream to every map', () => {
  it('streams confirmation by dispatch and the reporter withdrawing', async () => {
    const device = deviceToken();
    const spot = { lon: -123.2, lat: 49.3 };
    const { id } = (
      await report(t.app, reportBody({ category: 'dangerous-driving', location: spot }), {
        device,
        address: '10.9.9.9',
      })
    ).json<{ id: string }>();
    const incident = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.dispatcherKey),
      payload: incidentBody({ category: 'traffic' }),
    });
    const incidentId = incident.json<{ id: string }>().id;

    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/observations/${id}/verification`,
      payload: { state: 'confirmed', incidentId },
    });
    expect(refused.statusCode).toBe(401);
    const confirmed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/observations/${id}/verification`,
      headers: bearer(t.dispatcherKey),
      payload: { state: 'confirmed', incidentId },
    });
    expect(confirmed.statusCode).toBe(200);
    await waitFor(
      () =>
        publicMap.events.some(
          (e) =>
            e.feature.id === id &&
            e.type === 'updated' &&
            (e.feature.properties as { verification?: string }).verification === 'confirmed',
        ),
      'the confirmation on the public map',
    );

    const notMine = await t.app.inject({
      method: 'POST',
      url: `/api/v1/observations/${id}/withdraw`,
      headers: { 'x-device-token': deviceToken() },
    });
    expect(notMine.statusCode).toBe(404);
    const withdrawn = await t.app.inject({
      method: 'POST',
      url: `/api/v1/observations/${id}/withdraw`,
      headers: { 'x-device-token': device },
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ moderation: 'withdrawn', verification: 'retracted' });
    await waitFor(
      () => publicMap.events.some((e) => e.feature.id === id && e.type === 'removed'),
      'the removal from the public map',
    );
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/observations/mine',
      headers: { 'x-device-token': device },
    });
    expect(mine.json()).toEqual([
      expect.objectContaining({ id, moderation: 'withdrawn', verification: 'retracted' }),
    ]);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/observations/${id}` })).statusCode,
    ).toBe(404);
  });
});
