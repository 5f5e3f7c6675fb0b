import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  envelopeOf,
  verifyChain,
  type PublicEventRecord,
  type PublicEventRecordV2,
} from '../../shared/audit/chain.js';
import type { IncidentCreate } from '../../shared/schemas/incident.js';
import { withholdEvents } from '../../server/audit/withholding.service.js';
import { publicLocation } from '../../server/privacy/geomask.js';
import { childEnv } from '../support/server-process.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { incidentBody } from '../support/incident-factory.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let url: string;

beforeAll(async () => {
  t = await startTestApp();
  url = await listen(t);
});

afterAll(async () => {
  await t.close();
});

const EXACT = { lon: -123.112391, lat: 49.281734 };
const SUMMARY = 'Handbag taken at the bus stop by the library';
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

async function create(overrides: Partial<IncidentCreate>): Promise<string> {
  const body = incidentBody({
    summary: SUMMARY,
    location: EXACT,
    occurredAt: '2026-12-01T21:14:00.000Z',
    ...overrides,
  });
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: body,
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ id: string }>().id;
}

async function patch(id: string, body: Record<string, unknown>): Promise<void> {
  const response = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/incidents/${id}`,
    headers: bearer(t.dispatcherKey),
    payload: body,
  });
  expect(response.statusCode).toBe(200);
}

async function head(): Promise<number> {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/audit/head' });
  return response.json<{ id: number }>().id;
}

async function record(after = 0): Promise<PublicEventRecord[]> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/audit/events?after=${after}&limit=1000`,
  });
  expect(response.statusCode).toBe(200);
  return response.json<{ events: PublicEventRecord[] }>().events;
}

/** A subscription bbox of `d` degrees on each side of a point. */
function boxAround(
  point: { lon: number; lat: number },
  d: number,
): [number, number, number, number] {
  return [point.lon - d, point.lat - d, point.lon + d, point.lat + d];
}

function coordinateTexts(point: { lon: number; lat: number } | null): string[] {
  return point ? [point.lon.toFixed(4), point.lat.toFixed(4)] : [];
}

describe('the public record of hidden and aggregate incidents', () => {
  it('says of a hidden incident only that one existed, and on which day', async () => {
    const before = await head();
    const id = await create({ category: 'domestic-abuse' });
    await patch(id, { status: 'responding', priority: 1, summary: 'Second call, same address' });
    const events = await record(before);
    expect(events).toHaveLength(2);
    for (const event of events) {
      const text = JSON.stringify(event);
      expect(text).not.toContain(id);
      expect(text).not.toContain('domestic');
      expect(text).not.toMatch(ISO_TIME);
      for (const fragment of coordinateTexts(EXACT)) expect(text).not.toContain(fragment);
      expect(Object.keys(event.public as object).sort()).toEqual(
        ['day', 'entity', 'salt', 'type', 'visibility'].sort(),
      );
      expect(event.public).toMatchObject({ visibility: 'not_shown' });
    }
  });

  it('says of an aggregate-only incident no more than of a hidden one', async () => {
    const before = await head();
    const id = await create({ category: 'kidnapping' });
    const [event] = await record(before);
    if (!event) throw new Error('no event');
    const text = JSON.stringify(event);
    expect(text).not.toContain(id);
    expect(text).not.toContain('kidnapping');
    expect(text).not.toMatch(ISO_TIME);
    expect(event.public).toMatchObject({ visibility: 'not_shown', type: 'incident.created' });
    expect(Object.keys(event.public as object).sort()).toEqual(
      ['day', 'entity', 'salt', 'type', 'visibility'].sort(),
    );
  });

  it('does not tell the maps that saw an incident what it became when it leaves them', async () => {
    const watcher = await connectListener(url);
    try {
      const shownAt = publicLocation(EXACT, 'point');
      if (!shownAt) throw new Error('no public point');
      const bbox = boxAround(shownAt, 0.01);
      expect((await watcher.subscribe({ bbox, layers: ['incidents'] })).ok).toBe(true);
      const toAggregate = await create({});
      const toHidden = await create({});
      await patch(toAggregate, { category: 'kidnapping' });
      await patch(toHidden, { category: 'sexual-offences' });
      await waitFor(() => watcher.events.length === 4, 'two incidents shown, then removed');
      const removed = watcher.events.filter((event) => event.type === 'removed');
      expect(removed.map((event) => event.feature.id)).toEqual([toAggregate, toHidden]);
      const all = await record();
      const parts = removed.map((frame) => all.find((event) => event.id === frame.id)?.public);
      // The two look alike in the record: neither says which category, nor which policy.
      for (const part of parts) {
        expect(part).toMatchObject({ visibility: 'not_shown', type: 'incident.updated' });
        expect(JSON.stringify(part)).not.toMatch(/kidnapping|sexual|aggregate|hidden/);
      }
    } finally {
      watcher.close();
    }
  });

  it('withholds what an incident showed once it becomes hidden, and the chain still verifies', async () => {
    const before = await head();
    const id = await create({});
    const shownAt = publicLocation(EXACT, 'point');
    await patch(id, { status: 'responding' });
    await patch(id, { category: 'domestic-abuse' });
    // A correction back to a public category publishes nothing again.
    await patch(id, { category: 'theft' });

    const all = await record();
    expect(verifyChain(all)).toMatchObject({ ok: true, withheld: expect.any(Number) as number });
    const mine = all.filter((event) => event.id > before) as PublicEventRecordV2[];
    const text = JSON.stringify(mine);
    expect(text).not.toContain(id);
    expect(text).not.toContain(SUMMARY);
    for (const fragment of coordinateTexts(shownAt)) expect(text).not.toContain(fragment);

    const [created, responding, hidden, withholding, corrected] = mine;
    expect(created?.withheld).toEqual({ by: withholding?.id, reason: 'policy_coarsened' });
    expect(responding?.withheld).toEqual({ by: withholding?.id, reason: 'policy_coarsened' });
    expect(created?.public).toBeNull();
    expect(hidden?.public).toMatchObject({ visibility: 'not_shown', type: 'incident.updated' });
    expect(withholding && envelopeOf(withholding)?.public).toMatchObject({
      type: 'record.withheld',
      events: [created?.id, responding?.id],
      reason: 'policy_coarsened',
    });
    expect(corrected?.public).toMatchObject({ visibility: 'not_shown' });

    // The withheld parts are erased from the database, not only left out of the answer.
    const stored = await t.db.pool.query<{ public: unknown }>(
      'SELECT public FROM events WHERE id = ANY($1::bigint[])',
      [[created?.id, responding?.id]],
    );
    expect(stored.rows.map((row) => row.public)).toEqual([null, null]);
    const publicView = await t.app.inject({ method: 'GET', url: `/api/v1/incidents/${id}` });
    expect(publicView.statusCode).toBe(404);
    await expect(t.db.pool.query('DELETE FROM withheld_event_parts')).rejects.toThrow(
      /append-only/,
    );
  });

  it('withholds named parts for an erasure, as an event of its own', async () => {
    const before = await head();
    await create({ summary: 'Caller gave her name as Jane Roe' });
    const [target] = await record(before);
    if (!target) throw new Error('no event');
    const { withholdingEventId } = await withholdEvents(t.app.records, {
      events: [target.id],
      reason: 'erasure',
      note: 'request 2026-117',
    });
    const all = await record();
    expect(verifyChain(all)).toMatchObject({ ok: true });
    const served = all.find((event) => event.id === target.id) as PublicEventRecordV2;
    expect(served.public).toBeNull();
    expect(served.withheld).toEqual({ by: withholdingEventId, reason: 'erasure' });
    expect(JSON.stringify(all)).not.toContain('Jane Roe');
    await expect(
      withholdEvents(t.app.records, { events: [target.id], reason: 'erasure', note: 'again' }),
    ).rejects.toThrow(/withheld already/);
    await expect(
      withholdEvents(t.app.records, { events: [999_999], reason: 'court_order', note: 'none' }),
    ).rejects.toThrow(/does not exist/);
  });
});

describe('npm run record:withhold', () => {
  function withholdCommand(args: string[]) {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'server/cli/withhold-record.ts', ...args],
      { env: childEnv({ DATABASE_URL: t.db.url }), encoding: 'utf8', timeout: 60_000 },
    );
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  it('withholds named events for a court order, and refuses what it cannot do', async () => {
    const before = await head();
    await create({ summary: 'Witness statement quoted at length' });
    const [target] = await record(before);
    if (!target) throw new Error('no event');

    const help = withholdCommand(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: npm run record:withhold');
    expect(withholdCommand(['--reason', 'policy_coarsened', '--note', 'x', '1']).code).toBe(2);
    expect(withholdCommand(['--reason', 'erasure', String(target.id)]).code).toBe(2);

    const done = withholdCommand(['--reason', 'court_order', '--note', 'case 12', `${target.id}`]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`event ${target.id}`);
    const served = (await record()).find((event) => event.id === target.id);
    expect(served).toMatchObject({ public: null, withheld: { reason: 'court_order' } });
    expect(JSON.stringify(await record())).not.toContain('case 12');

    const again = withholdCommand(['--reason', 'erasure', '--note', 'again', `${target.id}`]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('withheld already');
  }, 120_000);
});

describe('removed on the live stream', () => {
  it('is replayed only to a client that held the feature, never for a part withheld since', async () => {
    const shownAt = publicLocation(EXACT, 'point');
    if (!shownAt) throw new Error('no public point');
    const bbox = boxAround(shownAt, 0.001);
    const before = await head();
    const id = await create({});
    const created = await head();
    await patch(id, { category: 'domestic-abuse' });
    await new Promise((resolve) => setTimeout(resolve, 300));

    // A client that held the map as of `before` never got the point: the replay says nothing.
    const fresh = await connectListener(url);
    // A client that held it as of `created` had the point, and must drop it.
    const holder = await connectListener(url);
    try {
      expect((await fresh.subscribe({ bbox, layers: ['incidents'], since: before })).ok).toBe(true);
      expect((await holder.subscribe({ bbox, layers: ['incidents'], since: created })).ok).toBe(
        true,
      );
      await waitFor(() => holder.events.length === 1, 'the removal for the holder');
      expect(holder.events.map((e) => [e.type, e.feature.id])).toEqual([['removed', id]]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(fresh.events).toEqual([]);
    } finally {
      fresh.close();
      holder.close();
    }
  });

  it('goes only to the sockets whose subscription matched the feature it takes away', async () => {
    const shownAt = publicLocation(EXACT, 'point');
    const coarseAt = publicLocation(EXACT, 'coarse');
    if (!shownAt || !coarseAt) throw new Error('no public point');
    const listeners: Record<string, Listener> = {};
    const subscriptions = {
      watching: { bbox: boxAround(shownAt, 0.01) },
      elsewhere: { bbox: boxAround({ lon: -123.0, lat: 49.2 }, 0.01) },
      otherCategories: { bbox: boxAround(shownAt, 0.01), categories: ['burglary' as const] },
      // Just the 150 m point: the 600 m cell's centre lies outside it.
      tight: { bbox: boxAround(shownAt, 0.0002) },
    };
    for (const [name, subscription] of Object.entries(subscriptions)) {
      const listener = await connectListener(url);
      const ack = await listener.subscribe({ layers: ['incidents'], ...subscription });
      expect(ack.ok).toBe(true);
      listeners[name] = listener;
    }
    const { watching, elsewhere, otherCategories, tight } = listeners;
    if (!watching || !elsewhere || !otherCategories || !tight) throw new Error('no listeners');
    try {
      const first = await create({});
      const second = await create({});
      await waitFor(() => watching.events.length === 2 && tight.events.length === 2, 'created');
      await patch(first, { category: 'sexual-offences' });
      await patch(second, { category: 'burglary' });
      await waitFor(() => watching.events.length === 4 && tight.events.length === 4, 'changes');
      expect(watching.events.slice(2).map((e) => [e.type, e.feature.id])).toEqual([
        ['removed', first],
        ['updated', second],
      ]);
      // The burglary's 600 m point left the tight view: that map must drop its old point.
      expect(tight.events.slice(2).map((e) => [e.type, e.feature.id])).toEqual([
        ['removed', first],
        ['removed', second],
      ]);
      // A burglary now, so the socket that watches burglaries sees it arrive.
      await waitFor(() => otherCategories.events.length === 1, 'the burglary');
      expect(otherCategories.events.map((e) => [e.type, e.feature.id])).toEqual([
        ['updated', second],
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(elsewhere.events).toEqual([]);
      for (const event of [...watching.events, ...tight.events]) {
        if (event.type === 'removed')
          expect(event.feature).toEqual({
            type: 'Feature',
            id: event.feature.id,
            geometry: null,
            properties: {},
          });
      }
    } finally {
      for (const listener of Object.values(listeners)) listener.close();
    }
  });
});
