import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/realtime/protocol.js';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import { childEnv, startServer, type ServerProcess } from '../support/server-process.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { incidentBody } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

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

/** SIGKILL for tsx and the node process it started, and waits until both are gone. */
async function killHard(server: ServerProcess): Promise<void> {
  server.kill();
  // Resolves on 'close', i.e. once every holder of the output pipes (tsx and the server's node
  // process, which inherits them) has exited.
  await server.stop('SIGKILL', { timeoutMs: 10_000 });
  running.delete(server);
}

/** True while any process of the group that startServer() created is alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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
 * total. Returns the ids, in the order their answers arrived.
 */
async function writeStream(
  server: ServerProcess,
  count: number,
  options: { concurrency?: number; pauseMs?: number; onWritten?: (written: number) => void } = {},
): Promise<string[]> {
  const { concurrency = 4, pauseMs = 0, onWritten } = options;
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
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

/** What lets a late duplicate arrive before the assertions. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 750));

beforeAll(async () => {
  db = await createTestDatabase();
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
  await db?.drop();
}, 60_000);

describe('several server processes on one database', () => {
  it(
    'write through A, receive on B',
    async () => {
      const subscriber = await listen(b.url);
      await subscribe(subscriber, CITY);
      const sent = Date.now();
      const id = await postIncident(a);
      await waitFor(
        () => subscriber.events.some((event) => event.feature.id === id),
        `the incident written through A on B\n${b.output()}`,
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

      // The kill comes once ~KILL_AFTER are written and every subscriber has seen some on A, so
      // that the seam between A and B lies inside the stream.
      let killing: Promise<void> | undefined;
      let writtenAtKill = 0;
      let writtenAtResume = 0;
      let written = 0;
      const maybeKill = () => {
        if (killing || written < KILL_AFTER) return;
        if (onA.some((listener) => listener.events.length === 0)) return;
        writtenAtKill = written;
        killing = killHard(a);
      };
      const writing = writeStream(b, TOTAL, {
        concurrency: 3,
        pauseMs: 10,
        onWritten: (count) => {
          written = count;
          maybeKill();
        },
      });

      // Each subscriber notices that A is gone, connects to B and resumes after what it saw.
      const resuming = (async () => {
        await waitFor(
          () => {
            maybeKill();
            return killing !== undefined;
          },
          'the moment to kill A',
          60_000,
        );
        await killing;
        await waitFor(
          () => onA.every((listener) => !listener.socket.connected),
          'the sockets on A to see it die',
        );
        for (const [i, listener] of onA.entries()) {
          const again = await listen(b.url, kinds[i]?.token);
          onB.push(again);
          const lastSeen = listener.events.at(-1)?.id ?? cursors[i] ?? 0;
          await subscribe(again, kinds[i]?.bbox ?? WORLD, lastSeen);
        }
        writtenAtResume = written;
      })();

      const [ids] = await Promise.all([writing, resuming]);
      expect(ids).toHaveLength(TOTAL);
      expect(new Set(ids).size).toBe(TOTAL);

      // Both processes of A are gone: it cannot go on serving anyone.
      expect(groupAlive(a.pid), 'a process of A (tsx or its node child) outlived SIGKILL').toBe(
        false,
      );
      await expect(fetch(`${a.url}/healthz`)).rejects.toThrow();

      const received = (i: number) => [...(onA[i]?.events ?? []), ...(onB[i]?.events ?? [])];
      for (const [i, kind] of kinds.entries()) {
        await waitFor(
          () => received(i).length >= TOTAL,
          `${kind.name}: ${TOTAL} events (has ${received(i).length})\n${b.output()}`,
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
      console.info(
        `multi-process: A killed after ${writtenAtKill} writes; all resumed on B after ${writtenAtResume}; ` +
          `seen on A: ${onA.map((l) => l.events.length).join('/')}`,
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'a subscriber away longer than any in-memory window still gets everything',
    async () => {
      const FIRST = 10;
      const MISSED = 520;
      const LIVE = 30;

      const before = await listen(c.url);
      await subscribe(before, CITY);
      const seenIds = await writeStream(c, FIRST, { concurrency: 2 });
      await waitFor(() => before.events.length >= FIRST, 'the first events on C');
      const lastSeen = before.events.at(-1)?.id ?? 0;
      close(before);

      // More than one page of the replay (500), all written while the subscriber is away.
      const missed = await writeStream(b, MISSED, { concurrency: 6 });

      const after = await listen(b.url);
      const cursor = await subscribe(after, CITY, lastSeen);
      // Written while the replay from the database is under way: they must wait for it.
      const live = await writeStream(b, LIVE, { concurrency: 2, pauseMs: 5 });

      await waitFor(
        () => after.events.length >= MISSED + LIVE,
        `${MISSED + LIVE} events after the absence (has ${after.events.length})\n${b.output()}`,
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
      console.info(
        `multi-process: resumed after ${lastSeen} at cursor ${cursor}; ` +
          `${after.events.length} events, last ${after.events.at(-1)?.id}`,
      );
      close(after);
    },
    TEST_TIMEOUT,
  );
});
