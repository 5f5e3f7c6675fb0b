import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/realtime/protocol.js';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import { childEnv, startServer, type ServerProcess } from '../support/server-process.js';
import { connectListener, type Listener } from '../support/stream-client.js';

import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { incidentBody } from '../support/incident-factory.js';

// Several real server processes (as `npm start` runs them) on one PostgreSQL: a write through
// one reaches the live stream of every other (LISTEN/NOTIFY), and a client whose process dies,
// or who was away for a long time, resumes on another process with `since` and loses nothing,
// sees nothing twice, and sees it in event-id order.

const TEST_TIMEOUT = 180_000;
const START_TIMEOUT = 90_000;

/** Around central Chicago, where incidentBody() places incidents, with a wide margin. */
const CITY: [number, number, number, number] = [-87.95, 41.64, -87.52, 42.03];
const WORLD: [number, number, number, number] = [-180, -90, 180, 90];

let db: TestDatabase;
/** Set once the database exists, so that afterAll drops it even if beforeAll failed later. */
let dropDatabase: (() => Promise<void>) | undefined;
let dispatcherKey: string;
/** Reads, then dies by SIGKILL in the middle of a stream. */
let a: ServerProcess;
/**
 * The survivor. Its poll is a minute long, so that within a test only LISTEN/NOTIFY (or its own
 * writes) can wake its relay: an event written elsewhere that reaches it in seconds came by NOTIFY.
 */
let b: ServerProcess;
/** A third process, for the long absence (test 3), so that it does not depend on test 2. */
let c: ServerProcess;

/** Servers not yet known to be gone, and sockets still open: all ended in afterAll. */
const running = new Set<ServerProcess>();
const listeners = new Set<Listener>();

function serverEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return childEnv({
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: 'warn',
    // The tests write far more than a real client may; the limit is not what they are about.
    WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
    // Three processes and the test's own pool share one PostgreSQL with the other test files.
    DB_POOL_MAX: '6',
    ...overrides,
  });
}

async function start(overrides: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServer(serverEnv(overrides), { timeoutMs: START_TIMEOUT });
  running.add(server);
  return server;
}

/** SIGKILL for the server process, and waits until it is gone. */
async function killHard(server: ServerProcess): Promise<void> {
  server.kill();
  // Resolves on 'close', i.e. once every holder of the output pipes has exited.
  await server.stop('SIGKILL', { timeoutMs: 10_000 });
  running.delete(server);
}

/**
 * The processes of the group that startServer() created (the server's node process) that
 * have not exited, as "pid state command". Zombies count as exited: here PID 1 is slow to reap
 * the orphaned server process. Read from /proc; elsewhere, only whether a signal reaches it.
 */
function liveGroupMembers(pgid: number): string[] {
  if (!fs.existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return [`process group ${pgid}`];
    } catch {
      return [];
    }
  }
  return fs.readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) !== pgid || state === 'Z') return [];
      return [
        `${entry} ${state ?? '?'} ${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}`,
      ];
    } catch {
      return []; // exited while listed
    }
  });
}

async function listen(url: string, token?: string): Promise<Listener> {
  const listener = await connectListener(url, token ? { token } : {});
  listeners.add(listener);
  return listener;
}

function close(listener: Listener): void {
  listener.close();
  listeners.delete(listener);
}

/** Subscribes and returns the cursor of the ack; fails with the server's answer otherwise. */
async function subscribe(
  listener: Listener,
  bbox: [number, number, number, number],
  since?: number,
): Promise<number> {
  const ack = await listener.subscribe({
    bbox,
    layers: ['incidents'],
    ...(since === undefined ? {} : { since }),
  });
  if (!ack.ok) throw new Error(`subscribe refused: ${ack.error}: ${ack.message}`);
  return ack.cursor;
}

async function postIncident(server: ServerProcess): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/incidents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${dispatcherKey}`, 'content-type': 'application/json' },
    // 'theft' is shown as a point, so every incident reaches public sockets too.
    body: JSON.stringify(incidentBody({ category: 'theft' })),
  });
  const text = await response.text();
  if (response.status !== 201) {
    throw new Error(`POST answered ${response.status}: ${text}\n${server.output()}`);
  }
  return (JSON.parse(text) as { id: string }).id;
}

/**
 * Writes `count` incidents through `server`, `concurrency` at a time, each writer pausing
 * `pauseMs` between its writes (a steady stream, not a burst); `onWritten` hears the running
 * total, `beforeWrite` may hold a writer back and `until` end the stream. Returns the ids, in the order their answers
 * arrived.
 */
async function writeStream(
  server: ServerProcess,
  count: number,
  options: {
    concurrency?: number;
    pauseMs?: number;
    onWritten?: (written: number) => void;
    beforeWrite?: () => Promise<void>;
    /** Stop early, before `count`, once this holds. */
    until?: () => boolean;
  } = {},
): Promise<string[]> {
  const { concurrency = 4, pauseMs = 0, onWritten, beforeWrite, until } = options;
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count && !until?.()) {
        await beforeWrite?.();
        if (next >= count) break;
        next += 1;
        ids.push(await postIncident(server));
        onWritten?.(ids.length);
        if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }),
  );
  return ids;
}

/** Ids strictly increasing: in order, and no event twice. */
function expectIncreasing(events: readonly StreamEvent[], what: string): void {
  const ids = events.map((event) => event.id);
  const out = ids.findIndex((id, i) => i > 0 && id <= (ids[i - 1] ?? -Infinity));
  expect(out, `${what}: event ${ids[out]} after ${ids[out - 1]}`).toBe(-1);
}

function featureIds(events: readonly StreamEvent[]): string[] {
  return events.map((event) => event.feature.id);
}

function sorted(ids: readonly string[]): string[] {
  return [...ids].sort();
}

/** The relays (one per live process) that LISTEN on the test database. */
async function relayListeners(): Promise<number> {
  const result = await db.pool.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM pg_stat_activity
     WHERE datname = $1 AND application_name = 'openbeat-relay'`,
    [db.name],
  );
  return result.rows[0]?.count ?? 0;
}

/**
 * Polls `check` (which may need a round trip) until it holds; fails after the timeout with
 * `what`, worked out then, so that it can tell how far things got.
 */
async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string | (() => string),
  timeoutMs = 15_000,
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What lets a late duplicate arrive before the assertions. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 750));

beforeAll(async () => {
  db = await createTestDatabase();
  dropDatabase = () => db.drop();
  dispatcherKey = (await createApiKey(db.pool, { name: 'multi-process-cad', role: 'dispatcher' }))
    .key;
  // In parallel, but each one tracked as soon as it is up, so afterAll kills whatever started.
  const started = await Promise.allSettled([
    start(),
    start({ REALTIME_POLL_MS: '60000' }),
    start(),
  ]);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  [a, b, c] = started.map((result) => (result as PromiseFulfilledResult<ServerProcess>).value) as [
    ServerProcess,
    ServerProcess,
    ServerProcess,
  ];
}, 240_000);

afterAll(async () => {
  for (const listener of listeners) listener.close();
  listeners.clear();
  await Promise.allSettled([...running].map((server) => killHard(server)));
  await dropDatabase?.();
}, 60_000);

describe('several server processes on one database', () => {
  it(
    'write through A, receive on B',
    async () => {
      const subscriber = await listen(b.url);
      await subscribe(subscriber, CITY);
      const sent = Date.now();
      const id = await postIncident(a);
      await waitUntil(
        () => subscriber.events.some((event) => event.feature.id === id),
        () => `the incident written through A on B\n${b.output()}`,
        10_000,
      );
      const latencyMs = Date.now() - sent;
      // Far below B's one-minute poll: NOTIFY woke it.
      expect(latencyMs).toBeLessThan(10_000);
      expect(subscriber.events).toHaveLength(1);
      expect(subscriber.events[0]).toMatchObject({
        layer: 'incidents',
        type: 'created',
        feature: { id, properties: { category: 'theft', locationPrecision: 'approximate' } },
      });
      close(subscriber);
    },
    TEST_TIMEOUT,
  );

  it(
    'SIGKILL in the middle of a stream',
    async () => {
      const TOTAL = 300;
      const KILL_AFTER = 100;
      /** Writes left for when every subscriber is back, so that B sends live ones too. */
      const AFTER_RESUME = 50;
      const kinds = [
        { name: 'public, world', bbox: WORLD, token: undefined },
        { name: 'public, city', bbox: CITY, token: undefined },
        { name: 'dispatcher, city', bbox: CITY, token: dispatcherKey },
      ];
      const onA = await Promise.all(kinds.map((kind) => listen(a.url, kind.token)));
      const cursors = await Promise.all(
        onA.map((listener, i) => subscribe(listener, kinds[i]?.bbox ?? WORLD)),
      );
      const onB: Listener[] = [];

      // The kill comes once KILL_AFTER are written and every subscriber has seen some on A; the
      // writers wait for it, and their last AFTER_RESUME writes wait for the subscribers to be
      // back on B, so that B replays what was written meanwhile and then sends live events.
      let killing: Promise<void> | undefined;
      let resumed = false;
      let written = 0;
      const maybeKill = () => {
        if (killing || written < KILL_AFTER) return;
        if (onA.some((listener) => listener.events.length === 0)) return;
        killing = killHard(a);
      };
      const killStarted = () =>
        waitUntil(
          () => {
            maybeKill();
            return killing !== undefined;
          },
          () =>
            `every subscriber on A to see an event (${onA.map((l) => l.events.length).join('/')})`,
          60_000,
        );
      const writing = writeStream(b, TOTAL, {
        concurrency: 3,
        pauseMs: 10,
        beforeWrite: async () => {
          if (written >= KILL_AFTER) await killStarted();
          if (written >= TOTAL - AFTER_RESUME) {
            await waitUntil(() => resumed, 'the subscribers to be back on B', 60_000);
          }
        },
        onWritten: (count) => {
          written = count;
          maybeKill();
        },
      });

      // Each subscriber notices that A is gone, connects to B and resumes after what it saw.
      const resuming = (async () => {
        await killStarted();
        await killing;
        await waitUntil(
          () => onA.every((listener) => !listener.socket.connected),
          'the sockets on A to see it die',
        );
        for (const [i, listener] of onA.entries()) {
          const again = await listen(b.url, kinds[i]?.token);
          onB.push(again);
          const lastSeen = listener.events.at(-1)?.id ?? cursors[i] ?? 0;
          await subscribe(again, kinds[i]?.bbox ?? WORLD, lastSeen);
        }
        resumed = true;
      })();

      const [ids] = await Promise.all([writing, resuming]);
      expect(ids).toHaveLength(TOTAL);
      expect(new Set(ids).size).toBe(TOTAL);

      // Both processes of A are gone: it cannot go on serving anyone.
      expect(liveGroupMembers(a.pid), 'processes of A that outlived SIGKILL').toEqual([]);
      await expect(fetch(`${a.url}/healthz`)).rejects.toThrow();
      // …and PostgreSQL has let go of its connections: only B's and C's relays still LISTEN.
      await waitUntil(async () => (await relayListeners()) === 2, "A's LISTEN connection to end");

      const received = (i: number) => [...(onA[i]?.events ?? []), ...(onB[i]?.events ?? [])];
      for (const [i, kind] of kinds.entries()) {
        await waitUntil(
          () => received(i).length >= TOTAL,
          () => `${kind.name}: ${TOTAL} events (has ${received(i).length})\n${b.output()}`,
          30_000,
        );
      }
      await settle();

      for (const [i, kind] of kinds.entries()) {
        const events = received(i);
        expect(onA[i]?.events.length, `${kind.name} saw events on A`).toBeGreaterThan(0);
        expect(onA[i]?.resyncs, kind.name).toEqual([]);
        expect(onB[i]?.resyncs, kind.name).toEqual([]);
        expectIncreasing(events, kind.name);
        expect(sorted(featureIds(events)), kind.name).toEqual(sorted(ids));
        expect(new Set(events.map((event) => event.type)), kind.name).toEqual(new Set(['created']));
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'a subscriber away longer than any in-memory window still gets everything',
    async () => {
      const FIRST = 10;
      const MISSED = 520;
      /** Live writes after the subscribe, at least. */
      const LIVE_AFTER = 30;

      const before = await listen(c.url);
      await subscribe(before, CITY);
      const seenIds = await writeStream(c, FIRST, { concurrency: 2 });
      await waitUntil(() => before.events.length >= FIRST, 'the first events on C');
      const lastSeen = before.events.at(-1)?.id ?? 0;
      close(before);

      // More than one page of the replay (500), all written while the subscriber is away.
      const missed = await writeStream(b, MISSED, { concurrency: 6 });

      // The stream is flowing when it comes back, and goes on for LIVE_AFTER more, so that
      // events commit while the replay reads the database: they must wait for the replay,
      // neither overtake it nor get lost.
      let liveWritten = 0;
      let liveAtSubscribe = Infinity; // not subscribed yet
      const writingLive = writeStream(b, 5_000, {
        concurrency: 6,
        onWritten: (count) => (liveWritten = count),
        until: () => liveWritten >= liveAtSubscribe + LIVE_AFTER,
      });
      await waitUntil(() => liveWritten >= 5, 'the live stream to start', 30_000);
      const after = await listen(b.url);
      await subscribe(after, CITY, lastSeen);
      liveAtSubscribe = liveWritten;
      const live = await writingLive;
      const total = MISSED + live.length;

      await waitUntil(
        () => after.events.length >= total,
        () => `${total} events after the absence (has ${after.events.length})\n${b.output()}`,
        30_000,
      );
      await settle();

      expect(sorted(featureIds(before.events))).toEqual(sorted(seenIds));
      expect(after.resyncs).toEqual([]);
      expectIncreasing(after.events, 'after the absence');
      expect(after.events[0]?.id).toBeGreaterThan(lastSeen);
      // Every missed one, then every live one: the missed ones all come first in id order.
      expect(sorted(featureIds(after.events.slice(0, MISSED)))).toEqual(sorted(missed));
      expect(sorted(featureIds(after.events.slice(MISSED)))).toEqual(sorted(live));
      close(after);
    },
    TEST_TIMEOUT,
  );
});
