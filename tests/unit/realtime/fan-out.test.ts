import { describe, expect, it } from 'vitest';
import type { Bbox } from '../../../shared/geo/bbox.js';
import type { Audience } from '../../../shared/layers/audiences.js';
import type { Subscribe } from '../../../shared/realtime/protocol.js';
import { FanOut } from '../../../server/realtime/fan-out.js';
import type { RelayRow } from '../../../server/realtime/event-log.js';
import { created, incidentRow, updated, type LonLat } from './incident-rows.js';
import { MemoryEventLog, MemoryTransport, settle } from './memory-stream.js';

const VIEW: Bbox = [-123.2, 49.2, -123.0, 49.3];
const INSIDE: LonLat = [-123.1207, 49.2827];
const OUTSIDE: LonLat = [-122.5, 49.1];

function idOf(n: number): string {
  return `0190a6d2-7b3c-7def-8123-${n.toString().padStart(12, '0')}`;
}

function setup(options = { maxBacklog: 100, maxQueuedPackets: 10 }) {
  const log = new MemoryEventLog();
  const transport = new MemoryTransport();
  const fanOut = new FanOut(transport, log, options);
  /** Commits rows and hands them to the fan-out as the relay would. */
  const commit = (...rows: RelayRow[]) => {
    log.append(...rows);
    log.cursor = rows.at(-1)?.id ?? log.cursor;
    fanOut.dispatch(rows);
  };
  const subscribe = (
    id: string,
    subscription: Partial<Subscribe> = {},
    audience: Audience = 'public',
  ) => {
    const connection = transport.connection(id);
    const ack = fanOut.subscribe(connection, audience, {
      bbox: VIEW,
      layers: ['incidents'],
      ...subscription,
    });
    return { connection, ack };
  };
  return { log, transport, fanOut, commit, subscribe };
}

/** Incidents created at `places`, with event ids from `firstId`. */
function creations(firstId: number, places: LonLat[], category: 'theft' | 'burglary' = 'theft') {
  return places.map((place, i) =>
    created(firstId + i, incidentRow(idOf(firstId + i), place, { category })),
  );
}

describe('matching', () => {
  it('sends an event only to the subscriptions whose view and categories hold it', () => {
    const { commit, subscribe } = setup();
    const inView = subscribe('in-view').connection;
    const burglaryOnly = subscribe('burglary', { categories: ['burglary'] }).connection;
    const elsewhere = subscribe('elsewhere', { bbox: [-122.6, 49.0, -122.4, 49.2] }).connection;
    const otherLayer = subscribe('observations', { layers: ['observations'] }).connection;
    commit(...creations(1, [INSIDE, OUTSIDE]));
    expect(inView.ids()).toEqual([1]);
    expect(elsewhere.ids()).toEqual([2]);
    expect(burglaryOnly.ids()).toEqual([]);
    expect(otherLayer.ids()).toEqual([]);
  });

  it('holds a point on the edge of a view', () => {
    const { commit, subscribe } = setup();
    const row = incidentRow(idOf(1), INSIDE);
    const edge: Bbox = [row.public_lon ?? 0, row.public_lat ?? 0, -123.0, 49.3];
    const onEdge = subscribe('edge', { bbox: edge }).connection;
    commit(created(1, row));
    expect(onEdge.ids()).toEqual([1]);
  });

  it('tells a view that held an incident that it left, and a view that never did nothing', () => {
    const { commit, subscribe } = setup();
    const before = incidentRow(idOf(1), INSIDE);
    commit(created(1, before));
    const heldIt = subscribe('held').connection;
    const newView = subscribe('new', { bbox: [-122.6, 49.0, -122.4, 49.2] }).connection;
    const neverSawIt = subscribe('never', { bbox: [-100, 40, -99, 41] }).connection;
    const moved = { ...incidentRow(idOf(1), OUTSIDE) };
    commit(updated(2, moved, { row: before, lastEventId: 1 }));
    expect(heldIt.received.map((event) => event.type)).toEqual(['removed']);
    expect(newView.received.map((event) => event.type)).toEqual(['updated']);
    expect(neverSawIt.received).toEqual([]);
  });
});

describe('ordering and encoding', () => {
  it('delivers each event once, in id order, across batches', () => {
    const { commit, subscribe } = setup();
    const { connection } = subscribe('a');
    commit(...creations(1, [INSIDE, INSIDE, OUTSIDE]));
    commit(...creations(4, [INSIDE, INSIDE]));
    expect(connection.ids()).toEqual([1, 2, 4, 5]);
  });

  it('broadcasts each distinct message once, to every connection that gets it', () => {
    const { commit, subscribe, transport } = setup();
    subscribe('public-1');
    subscribe('public-2');
    subscribe('moderator', {}, 'moderator');
    subscribe('dispatcher-1', {}, 'dispatcher');
    subscribe('dispatcher-2', {}, 'dispatcher');
    commit(...creations(1, [INSIDE]));
    const byAudience = transport.broadcasts.map(({ connectionIds }) => connectionIds.sort());
    expect(byAudience).toHaveLength(2);
    expect(byAudience).toContainEqual(['moderator', 'public-1', 'public-2']);
    expect(byAudience).toContainEqual(['dispatcher-1', 'dispatcher-2']);
  });

  it('asks the relay for private parts only while an audience that sees them listens', () => {
    const { fanOut, subscribe, transport } = setup();
    expect(fanOut.demand()).toBe('none');
    subscribe('public');
    subscribe('moderator', {}, 'moderator');
    expect(fanOut.demand()).toBe('public');
    const dispatcher = subscribe('dispatcher', {}, 'dispatcher').connection;
    expect(fanOut.demand()).toBe('private');
    fanOut.unsubscribe(dispatcher);
    expect(fanOut.demand()).toBe('public');
    expect(transport.broadcasts).toEqual([]);
  });
});

describe('resuming with since', () => {
  it('replays what the client missed, then what arrived meanwhile, each once and in order', async () => {
    const { log, commit, subscribe } = setup();
    commit(...creations(1, [INSIDE, OUTSIDE, INSIDE]));
    const { connection, ack } = subscribe('late', { since: 1 });
    expect(ack).toEqual({ ok: true, cursor: 3 });
    // Committed while the replay reads the database: waits, then follows it.
    commit(...creations(4, [INSIDE]));
    await settle();
    expect(connection.ids()).toEqual([3, 4]);
    commit(...creations(5, [INSIDE]));
    expect(connection.ids()).toEqual([3, 4, 5]);
    expect(log.reads).toBe(1);
  });

  it('replays again from an older since on the same connection: the client dropped its state', async () => {
    const { commit, subscribe } = setup();
    const { connection } = subscribe('a');
    commit(...creations(1, [INSIDE, INSIDE]));
    subscribe('a', { since: 0 });
    await settle();
    expect(connection.ids()).toEqual([1, 2, 1, 2]);
  });

  it('replays a removal only to a client that held the feature, never for a part withheld since', async () => {
    const { log, commit, subscribe } = setup();
    const shown = incidentRow(idOf(2), INSIDE);
    const hidden = incidentRow(idOf(2), INSIDE, {
      category: 'domestic-abuse',
      visibility: 'hidden',
    });
    commit(...creations(1, [OUTSIDE]), created(2, shown));
    commit(updated(3, hidden, { row: shown, lastEventId: 2 }, ['category']));
    const heldAsOf2 = subscribe('held', { since: 2 }).connection;
    const sentInReplay = subscribe('sent', { since: 1 }).connection;
    await settle();
    expect(heldAsOf2.received.map((event) => [event.id, event.type])).toEqual([[3, 'removed']]);
    expect(sentInReplay.received.map((event) => [event.id, event.type])).toEqual([
      [2, 'created'],
      [3, 'removed'],
    ]);
    // The coarsening withholds event 2's public part: a client that missed it never learns of it.
    log.rows[1] = { ...created(2, shown), public: {} };
    const neverHeld = subscribe('never', { since: 1 }).connection;
    await settle();
    expect(neverHeld.received).toEqual([]);
  });

  it('tells a client whose backlog is too large to resync instead of replaying it', async () => {
    const { commit, subscribe } = setup({ maxBacklog: 2, maxQueuedPackets: 10 });
    commit(...creations(1, [INSIDE, INSIDE, INSIDE, INSIDE]));
    const { connection, ack } = subscribe('far-behind', { since: 1 });
    expect(ack).toEqual({ ok: true, cursor: 4 });
    commit(...creations(5, [INSIDE]));
    await settle();
    expect(connection.resyncs).toEqual([{ reason: 'backlog_too_large', cursor: 4 }]);
    expect(connection.received).toEqual([]);
  });

  it('tells a client whose since is past the last event there is to resync', async () => {
    const { commit, subscribe } = setup();
    commit(...creations(1, [INSIDE]));
    const { connection } = subscribe('restored', { since: 50 });
    await settle();
    expect(connection.resyncs).toEqual([{ reason: 'ahead_of_server', cursor: 1 }]);
  });

  it('resyncs a replay that cannot read the database', async () => {
    const { log, commit, subscribe } = setup();
    commit(...creations(1, [INSIDE, INSIDE]));
    log.failing = true;
    const { connection } = subscribe('unlucky', { since: 0 });
    await settle();
    expect(connection.resyncs).toEqual([{ reason: 'backlog_too_large', cursor: 2 }]);
  });
});

describe('slow clients', () => {
  it('pauses a live client whose queue is over the limit and tells it to resync', async () => {
    const { commit, subscribe } = setup();
    const { connection } = subscribe('slow');
    commit(...creations(1, [INSIDE]));
    connection.queued = 11;
    commit(...creations(2, [INSIDE]));
    connection.drain();
    commit(...creations(3, [INSIDE]));
    await settle();
    expect(connection.ids()).toEqual([1]);
    expect(connection.resyncs).toEqual([{ reason: 'too_slow', cursor: 2 }]);
  });

  it('replays a page at a time, at the pace the client reads', async () => {
    const { commit, subscribe } = setup({ maxBacklog: 1000, maxQueuedPackets: 10 });
    commit(
      ...creations(
        1,
        Array.from({ length: 600 }, () => INSIDE),
      ),
    );
    const { connection } = subscribe('reader', { since: 0 });
    connection.queued = 11;
    await settle();
    expect(connection.received).toHaveLength(500);
    connection.drain();
    await settle();
    expect(connection.ids()).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(connection.resyncs).toEqual([]);
  });

  it('resyncs a replaying client that stops reading', async () => {
    const { commit, subscribe } = setup();
    commit(...creations(1, [INSIDE, INSIDE]));
    const { connection } = subscribe('reader', { since: 0 });
    connection.queued = 11;
    await settle();
    connection.drain(11);
    await settle();
    expect(connection.ids()).toEqual([1, 2]);
    expect(connection.resyncs).toEqual([{ reason: 'too_slow', cursor: 2 }]);
  });
});
