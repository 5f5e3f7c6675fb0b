import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createUser, signIn } from '../support/accounts.js';
import { incidentBody } from '../support/incident-factory.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

// A socket opened with a session cookie ends with its session, even when nothing announces the
// end: left idle (the periodic sweep finds it) or at its absolute expiry (the socket's timer).
// A dispatcher's socket must not go on receiving exact locations after that.

const CITY: [number, number, number, number] = [-87.95, 41.64, -87.52, 42.03];
const open: Listener[] = [];

afterAll(() => {
  for (const listener of open) listener.close();
});

async function dispatcherSession(t: TestApp) {
  const user = await createUser(t.db.pool, { role: 'dispatcher', totp: true });
  const session = await signIn(t.app, user);
  const me = await call(t.app, 'GET', '/api/v1/session', { cookie: session.cookie });
  expect(me.body).toMatchObject({ role: 'dispatcher', via: 'session' });
  return session;
}

async function subscribed(url: string, cookie: string): Promise<Listener> {
  const listener = await connectListener(url, { cookie });
  open.push(listener);
  const ack = await listener.subscribe({ bbox: CITY, layers: ['incidents'] });
  expect(ack.ok).toBe(true);
  return listener;
}

function closedByServer(listener: Listener): Promise<{ reason: string; at: number }> {
  return new Promise((resolve) => {
    listener.socket.once('disconnect', (reason) => {
      resolve({ reason, at: Date.now() });
    });
  });
}

/** Posts an incident with the test's key and returns its id and exact coordinates. */
async function postIncident(t: TestApp): Promise<{ id: string; exact: number[] }> {
  const body = incidentBody();
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  const { id } = response.json<{ id: string }>();
  return { id, exact: [body.location.lon, body.location.lat] };
}

function coordinatesOf(listener: Listener, id: string): unknown {
  return listener.events.find((event) => event.feature.id === id)?.feature.geometry?.coordinates;
}

describe('idle expiry (the sweep)', () => {
  const IDLE_MS = 1_500;
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await startTestApp({
      accounts: { sessions: { idleMs: IDLE_MS } },
      realtime: { sessionSweepMs: 200 },
    });
    url = await listen(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('closes the socket of an idle session and keeps a used one; the cookie is then public', async () => {
    const [idle, used] = await Promise.all([dispatcherSession(t), dispatcherSession(t)]);
    const [idleSocket, usedSocket] = await Promise.all([
      subscribed(url, idle.cookie),
      subscribed(url, used.cookie),
    ]);
    const first = await postIncident(t);
    await waitFor(
      () => coordinatesOf(idleSocket, first.id) !== undefined,
      'the first incident on the idle session socket',
    );
    expect(coordinatesOf(idleSocket, first.id)).toEqual(first.exact);

    const idleClosed = closedByServer(idleSocket);
    const started = Date.now();
    // The used session is kept alive by its HTTP requests while the other one idles.
    while (Date.now() - started < IDLE_MS + 1_000) {
      const me = await call(t.app, 'GET', '/api/v1/session', { cookie: used.cookie });
      expect(me.body).toMatchObject({ via: 'session' });
      await sleep(300);
    }
    const closed = await idleClosed;
    expect(closed.reason).toBe('io server disconnect');
    expect(closed.at - started).toBeLessThan(IDLE_MS + 1_000);
    expect(usedSocket.socket.connected).toBe(true);

    // Reconnecting with the ended session's cookie gives a public socket: no exact location.
    const again = await subscribed(url, idle.cookie);
    const second = await postIncident(t);
    await waitFor(
      () => coordinatesOf(again, second.id) !== undefined && usedSocket.events.length >= 2,
      'the second incident on both sockets',
    );
    expect(coordinatesOf(again, second.id)).not.toEqual(second.exact);
    expect(coordinatesOf(usedSocket, second.id)).toEqual(second.exact);
  });
});

describe('absolute expiry (the socket timer)', () => {
  const ABSOLUTE_MS = 3_000;
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    // The sweep would come too late: only the socket's own timer can close it in time.
    t = await startTestApp({
      accounts: { sessions: { absoluteMs: ABSOLUTE_MS } },
      realtime: { sessionSweepMs: 60_000 },
    });
    url = await listen(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('closes a session socket at the absolute expiry of its session', async () => {
    const signedInAt = Date.now();
    const session = await dispatcherSession(t);
    const listener = await subscribed(url, session.cookie);
    const closed = await closedByServer(listener);
    expect(closed.reason).toBe('io server disconnect');
    expect(closed.at - signedInAt).toBeGreaterThanOrEqual(ABSOLUTE_MS - 500);
    expect(closed.at - signedInAt).toBeLessThan(ABSOLUTE_MS + 1_500);
    const me = await call(t.app, 'GET', '/api/v1/session', { cookie: session.cookie });
    expect(me.body).toMatchObject({ role: 'public', via: 'none' });
  });
});
