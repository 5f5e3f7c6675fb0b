import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/realtime/protocol.js';
import { call, createUser, signIn, type SignedIn } from '../support/accounts.js';
import { incidentView } from '../support/authz-table.js';
import { incidentBody } from '../support/incident-factory.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The embeds' live stream only ever carries public data: a handshake with `anonymous: true`
 * ignores the session cookie and any key, and a page of a site that may embed (another
 * Origin) is the public's whatever cookie its visitor's browser sends along. The dispatcher's
 * own socket, with the same cookie, gets exact points: the check can fail.
 */

const NEWS = 'https://news.example';
const CITY: [number, number, number, number] = [-87.95, 41.64, -87.52, 42.03];

let t: TestApp;
let url: string;
let dispatcher: SignedIn;
const open: Listener[] = [];

beforeAll(async () => {
  t = await startTestApp({ embedFrameAncestors: [NEWS] });
  url = await listen(t);
  const user = await createUser(t.db.pool, { role: 'dispatcher', totp: true });
  dispatcher = await signIn(t.app, user);
  const me = await call(t.app, 'GET', '/api/v1/session', { cookie: dispatcher.cookie });
  expect(me.body).toMatchObject({ role: 'dispatcher', via: 'session' });
});

afterAll(async () => {
  for (const listener of open) listener.close();
  await t.close();
});

async function subscribed(options: Parameters<typeof connectListener>[1]): Promise<Listener> {
  const listener = await connectListener(url, options);
  open.push(listener);
  const ack = await listener.subscribe({ bbox: CITY, layers: ['incidents'] });
  expect(ack.ok).toBe(true);
  return listener;
}

function eventOf(listener: Listener, id: string): StreamEvent | undefined {
  return listener.events.find((event) => event.feature.id === id);
}

describe('what the embeds’ sockets receive', () => {
  it('public points only, where the dispatcher’s own socket gets the exact one', async () => {
    const sockets = {
      own: await subscribed({ cookie: dispatcher.cookie }),
      anonymous: await subscribed({ cookie: dispatcher.cookie, anonymous: true }),
      anonymousWithKey: await subscribed({ token: t.dispatcherKey, anonymous: true }),
      foreignPage: await subscribed({ cookie: dispatcher.cookie, origin: NEWS }),
    };
    const body = incidentBody({ summary: 'Embed socket check: a call from 12 Main Street' });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.dispatcherKey),
      payload: body,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();
    const exact = [body.location.lon, body.location.lat];
    for (const [name, listener] of Object.entries(sockets)) {
      await waitFor(() => eventOf(listener, id) !== undefined, `the event on ${name}`);
    }
    expect(eventOf(sockets.own, id)?.feature.geometry?.coordinates).toEqual(exact);
    incidentView('dis', eventOf(sockets.own, id)?.feature, true);
    const publicPoint = eventOf(sockets.anonymous, id)?.feature.geometry?.coordinates;
    expect(publicPoint).toBeDefined();
    expect(publicPoint).not.toEqual(exact);
    for (const name of ['anonymous', 'anonymousWithKey', 'foreignPage'] as const) {
      const feature = eventOf(sockets[name], id)?.feature;
      expect(feature?.geometry?.coordinates, name).toEqual(publicPoint);
      // The public's view, field by field (the matrix's check), and the summary redacted.
      incidentView('anon', feature, false);
      expect(JSON.stringify(feature), name).not.toContain('12 Main Street');
    }
  });
});

describe('long-polling from a site that may embed', () => {
  it('answers its origin without credentials, and no other origin', async () => {
    const handshake = `${url}/socket.io/?EIO=4&transport=polling`;
    const listed = await fetch(handshake, { headers: { origin: NEWS } });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe(NEWS);
    expect(listed.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await fetch(handshake, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
