import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent, Subscribe } from '../../shared/realtime/protocol.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { incidentBody } from '../support/incident-factory.js';

let t: TestApp;
let url: string;
beforeAll(async () => {
  t = await startTestApp();
  url = await listen(t);
});
afterAll(async () => {
  await t.close();
});

interface Created {
  id: string;
  category: string;
  exact: [number, number];
  public: { lon: number; lat: number } | null;
  visibility: string;
}

const BBOX: [number, number, number, number] = [-87.7, 41.85, -87.6, 41.95];
const inside = ([lon, lat]: [number, number]) =>
  lon >= BBOX[0] && lon <= BBOX[2] && lat >= BBOX[1] && lat <= BBOX[3];

async function writeConcurrently(writers: number, perWriter: number): Promise<Created[]> {
  const categories = ['theft', 'burglary', 'sexual-offences', 'drugs'];
  const created: Created[] = [];
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let i = 0; i < perWriter; i += 1) {
        // Spread over the bbox and a margin around it, so some land outside.
        const lon = -87.75 + (((writer * perWriter + i) * 0.61803) % 0.2);
        const lat = 41.8 + (((writer * perWriter + i) * 0.41421) % 0.2);
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/v1/incidents',
          headers: bearer(t.dispatcherKey),
          payload: incidentBody({
            category: categories[i % categories.length],
            location: { lon, lat },
          }),
        });
        expect(response.statusCode).toBe(201);
        const feature = response.json<{
          id: string;
          properties: { category: string; publicLocation: Created['public']; visibility: string };
        }>();
        created.push({
          id: feature.id,
          category: feature.properties.category,
          exact: [lon, lat],
          public: feature.properties.publicLocation,
          visibility: feature.properties.visibility,
        });
      }
    }),
  );
  return created;
}

function expectInOrderOnce(events: StreamEvent[]) {
  const ids = events.map((event) => event.id);
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
  expect(new Set(ids).size).toBe(ids.length);
}

describe('the live stream', () => {
  it('delivers each committed incident to exactly the matching subscriptions, once, in order', async () => {
    const publicInside = await connectListener(url);
    const elsewhere = await connectListener(url);
    const theftOnly = await connectListener(url);
    const dispatcher = await connectListener(url, { token: t.dispatcherKey });
    const listeners: Listener[] = [publicInside, elsewhere, theftOnly, dispatcher];
    try {
      expect(await publicInside.subscribe({ bbox: BBOX, layers: ['incidents'] })).toMatchObject({
        ok: true,
      });
      expect(
        await elsewhere.subscribe({ bbox: [2.2, 48.8, 2.5, 48.9], layers: ['incidents'] }),
      ).toMatchObject({ ok: true });
      expect(
        await theftOnly.subscribe({ bbox: BBOX, layers: ['incidents'], categories: ['theft'] }),
      ).toMatchObject({ ok: true });
      expect(await dispatcher.subscribe({ bbox: BBOX, layers: ['incidents'] })).toMatchObject({
        ok: true,
      });

      const created = await writeConcurrently(8, 250);
      const shown = created.filter(
        (c) => c.public && (c.visibility === 'point' || c.visibility === 'coarse'),
      );
      const expectedPublic = shown.filter((c) => c.public && inside([c.public.lon, c.public.lat]));
      const expectedTheft = expectedPublic.filter((c) => c.category === 'theft');
      const expectedDispatcher = created.filter((c) => inside(c.exact));
      expect(expectedPublic.length).toBeGreaterThan(100);
      expect(created.length - expectedPublic.length).toBeGreaterThan(100);

      await waitFor(
        () => publicInside.events.length >= expectedPublic.length,
        'the public subscriber',
      );
      await waitFor(() => dispatcher.events.length >= expectedDispatcher.length, 'the dispatcher');
      await waitFor(
        () => theftOnly.events.length >= expectedTheft.length,
        'the filtered subscriber',
      );
      await new Promise((resolve) => setTimeout(resolve, 500));

      expect(publicInside.events.map((e) => e.feature.id).sort()).toEqual(
        expectedPublic.map((c) => c.id).sort(),
      );
      expect(theftOnly.events.map((e) => e.feature.id).sort()).toEqual(
        expectedTheft.map((c) => c.id).sort(),
      );
      expect(dispatcher.events.map((e) => e.feature.id).sort()).toEqual(
        expectedDispatcher.map((c) => c.id).sort(),
      );
      expect(elsewhere.events).toHaveLength(0);
      for (const listener of [publicInside, theftOnly, dispatcher])
        expectInOrderOnce(listener.events);

      // A public socket never receives an exact coordinate, nor a hidden category.
      const exactById = new Map(created.map((c) => [c.id, c.exact]));
      for (const event of publicInside.events) {
        expect(event.feature.geometry?.coordinates).not.toEqual(exactById.get(event.feature.id));
        // Only incidents are subscribed here; the stream's other layers carry no precision.
        const properties = event.feature.properties as { locationPrecision?: string };
        expect(properties.locationPrecision).toBe('approximate');
        expect(event.feature.properties.category).not.toBe('sexual-offences');
      }
      for (const event of dispatcher.events) {
        expect(event.feature.geometry?.coordinates).toEqual(exactById.get(event.feature.id));
      }
    } finally {
      for (const listener of listeners) listener.close();
    }
  });

  it('replays what a client missed from the database when it subscribes with since', async () => {
    const first = await connectListener(url);
    await first.subscribe({ bbox: [-180, -90, 180, 90], layers: ['incidents'] });
    const before = await writeConcurrently(1, 5);
    const shownBefore = before.filter((c) => c.visibility === 'point' || c.visibility === 'coarse');
    await waitFor(() => first.events.length >= shownBefore.length, 'the first events');
    const lastSeen = first.events.at(-1)?.id ?? 0;
    first.close();

    const missed = await writeConcurrently(2, 20);
    const again = await connectListener(url);
    try {
      const ack = await again.subscribe({
        bbox: [-180, -90, 180, 90],
        layers: ['incidents'],
        since: lastSeen,
      });
      expect(ack).toMatchObject({ ok: true });
      const more = await writeConcurrently(1, 5);
      const visible = [...missed, ...more].filter(
        (c) => c.visibility === 'point' || c.visibility === 'coarse',
      );
      await waitFor(() => again.events.length >= visible.length, 'the replay and the live events');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(again.events.map((e) => e.feature.id).sort()).toEqual(visible.map((c) => c.id).sort());
      expectInOrderOnce(again.events);
      expect(again.events[0]?.id).toBeGreaterThan(lastSeen);
    } finally {
      again.close();
    }
  });

  /** The events that came after the ack of a subscribe: those that answer it. */
  async function subscribeAndMark(listener: Listener, subscription: Subscribe) {
    const { ack, afterAck } = await listener.subscribeAndMark(subscription);
    expect(ack).toMatchObject({ ok: true });
    return afterAck;
  }

  async function writeTheft(lon: number, lat = 41.85) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.dispatcherKey),
      payload: incidentBody({ category: 'theft', location: { lon, lat } }),
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  }

  it('replays from an older since on the same socket: each event once, in order, then live', async () => {
    const listener = await connectListener(url);
    try {
      const world: Subscribe = { bbox: [-180, -90, 180, 90], layers: ['incidents'] };
      await listener.subscribe(world);
      const written: string[] = [];
      for (let i = 0; i < 6; i += 1) written.push(await writeTheft(-87.7 + i * 0.01));
      await waitFor(() => listener.events.length >= written.length, 'the first events');
      const seen = [...listener.events];
      const k = seen[1]?.id ?? 0;

      const answered = await subscribeAndMark(listener, { ...world, since: k });
      const later = await writeTheft(-87.61);
      await waitFor(() => answered().length >= seen.length - 2 + 1, 'the replay and the live one');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(
        answered()
          .slice(0, -1)
          .map((e) => e.id),
      ).toEqual(seen.slice(2).map((e) => e.id));
      expect(answered().map((e) => e.feature.id)).toEqual([...written.slice(2), later]);
      expectInOrderOnce(answered());
    } finally {
      listener.close();
    }
  });

  it('replays under the new viewport when the map moves with an older since', async () => {
    const west: [number, number, number, number] = [-87.75, 41.8, -87.7, 41.9];
    const east: [number, number, number, number] = [-87.65, 41.8, -87.6, 41.9];
    const mover = await connectListener(url);
    try {
      await mover.subscribe({ bbox: west, layers: ['incidents'] });
      const westIds = [await writeTheft(-87.72), await writeTheft(-87.73)];
      const eastIds = [await writeTheft(-87.62), await writeTheft(-87.63)];
      await waitFor(() => mover.events.length >= 2, 'the west events');
      const firstSeen = mover.events[0]?.id ?? 1;
      // Both halves, from before the first west event: the client asks for all of it again.
      const answered = await subscribeAndMark(mover, {
        bbox: [west[0], west[1], east[2], east[3]],
        layers: ['incidents'],
        since: firstSeen - 1,
      });
      const later = await writeTheft(-87.61);
      await waitFor(() => answered().length >= 5, 'the replay and the later event');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered().map((e) => e.feature.id)).toEqual([...westIds, ...eastIds, later]);
      expectInOrderOnce(answered());
    } finally {
      mover.close();
    }
  });

  it('tells a client whose since is past the last event (a restored database) to resync', async () => {
    const lost = await connectListener(url);
    try {
      const ack = await lost.subscribe({
        bbox: [-180, -90, 180, 90],
        layers: ['incidents'],
        since: 1e9,
      });
      expect(ack).toMatchObject({ ok: true });
      await waitFor(() => lost.resyncs.length === 1, 'a resync');
      const head = await t.app.inject({ method: 'GET', url: '/api/v1/audit/head' });
      const resync = lost.resyncs[0];
      expect(resync).toEqual({ reason: 'ahead_of_server', cursor: head.json<{ id: number }>().id });
      const again = await lost.subscribe({
        bbox: [-180, -90, 180, 90],
        layers: ['incidents'],
        since: resync?.cursor ?? 0,
      });
      expect(again).toMatchObject({ ok: true });
      const [created] = await writeConcurrently(1, 1);
      await waitFor(() => lost.events.length === 1, 'the next event');
      expect(lost.events[0]?.feature.id).toBe(created?.id);
    } finally {
      lost.close();
    }
  });

  it('answers a resync when the backlog is larger than it replays', async () => {
    const small = await startTestApp({ realtime: { maxBacklog: 3 } });
    const smallUrl = await listen(small);
    try {
      for (let i = 0; i < 6; i += 1) {
        await small.app.inject({
          method: 'POST',
          url: '/api/v1/incidents',
          headers: bearer(small.dispatcherKey),
          payload: incidentBody(),
        });
      }
      const late = await connectListener(smallUrl);
      const ack = await late.subscribe({
        bbox: [-180, -90, 180, 90],
        layers: ['incidents'],
        since: 0,
      });
      if (!ack.ok) throw new Error(ack.message);
      // The cursor is what this process's relay has read, which may trail the last commit.
      expect(ack.cursor).toBeGreaterThan(3);
      await waitFor(() => late.resyncs.length === 1, 'a resync');
      expect(late.resyncs[0]).toEqual({ reason: 'backlog_too_large', cursor: ack.cursor });
      expect(late.events).toHaveLength(0);
      late.close();
    } finally {
      await small.close();
    }
  });
});
