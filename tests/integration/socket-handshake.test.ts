import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, SOCKET_PATH } from '../../shared/realtime/protocol.js';
import { createUser, signIn } from '../support/accounts.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import {
  VALID,
  createIncident,
  expectHealthy,
  serveStreamWithBystander,
} from '../support/stream-input.js';

/**
 * The handshake is { protocol, token? } and nothing else: another protocol version, an invalid
 * key or any other shape is refused; a dispatcher's key is what earns exact locations.
 */

describe('the live stream handshake', () => {
  const server = serveStreamWithBystander();

  type ConnectError = Error & { data?: unknown };

  /** Connects with exactly this `auth`; resolves with the connect error, if any. */
  async function handshake(auth: Record<string, unknown>): Promise<ConnectError | null> {
    const socket = io(server.url, {
      path: SOCKET_PATH,
      transports: ['websocket'],
      reconnection: false,
      auth,
    });
    try {
      return await new Promise<ConnectError | null>((resolve) => {
        socket.once('connect', () => {
          resolve(null);
        });
        socket.once('connect_error', (error: ConnectError) => {
          resolve(error);
        });
      });
    } finally {
      socket.close();
    }
  }

  it('refuses another protocol version and names its own', async () => {
    for (const protocol of [0, PROTOCOL_VERSION + 1, -1]) {
      const error = await handshake({ protocol });
      expect(error?.message).toBe('incompatible_protocol');
      expect(error?.data).toMatchObject({
        error: 'incompatible_protocol',
        message: expect.any(String) as string,
        protocol: PROTOCOL_VERSION,
      });
    }
  });

  it('refuses a key that is not valid', async () => {
    for (const token of ['ob_not-a-real-key', '', 'x'.repeat(200)]) {
      const error = await handshake({ protocol: PROTOCOL_VERSION, token });
      expect(error?.message).toBe('unauthorized');
      expect(error?.data).toMatchObject({ error: 'unauthorized' });
    }
  });

  it('refuses a handshake that is not { protocol, token? }', async () => {
    const wrong: Record<string, unknown>[] = [
      {},
      { protocol: PROTOCOL_VERSION, extra: true },
      { protocol: PROTOCOL_VERSION, role: 'dispatcher' },
      { protocol: String(PROTOCOL_VERSION) },
      { protocol: PROTOCOL_VERSION + 0.5 },
      { protocol: PROTOCOL_VERSION, token: 42 },
      { protocol: PROTOCOL_VERSION, token: 'x'.repeat(201) },
      { protocol: PROTOCOL_VERSION, token: null },
      { protocol: PROTOCOL_VERSION, anonymous: 'yes' },
    ];
    for (const auth of wrong) {
      const error = await handshake(auth);
      expect(error?.message, JSON.stringify(auth)).toBe('invalid_request');
      expect(error?.data).toMatchObject({ error: 'invalid_request' });
    }
    await expectHealthy(server.url);
  });

  it('accepts an anonymous handshake (an embed on another site) as public', async () => {
    expect(await handshake({ protocol: PROTOCOL_VERSION, anonymous: true })).toBeNull();
    expect(await handshake({ protocol: PROTOCOL_VERSION, anonymous: false })).toBeNull();
  });

  it('streams public points to an anonymous socket even with a dispatcher’s session cookie', async () => {
    const { t, url } = server;
    const dispatcher = await createUser(t.db.pool, { role: 'dispatcher', totp: true });
    const session = await signIn(t.app, dispatcher);
    const withCookie = await connectListener(url, { cookie: session.cookie });
    const embed = await connectListener(url, { cookie: session.cookie, anonymous: true });
    try {
      for (const listener of [withCookie, embed]) {
        expect(await listener.subscribe(VALID)).toMatchObject({ ok: true });
      }
      const created = await createIncident(t, { lon: -87.6512, lat: 41.8623 });
      const eventOf = (listener: Listener) =>
        listener.events.find((event) => event.feature.id === created.id);
      for (const listener of [withCookie, embed]) {
        await waitFor(() => eventOf(listener) !== undefined, 'the incident');
      }
      expect(eventOf(withCookie)?.feature.geometry?.coordinates).toEqual(created.exact);
      expect(eventOf(embed)?.feature.geometry?.coordinates).toEqual(created.public);
    } finally {
      withCookie.close();
      embed.close();
    }
  });

  it('sends exact locations to a dispatcher and public ones to everyone else', async () => {
    const { t, url } = server;
    const dispatcher = await connectListener(url, { token: t.dispatcherKey });
    const moderator = await connectListener(url, { token: t.moderatorKey });
    const anonymous = await connectListener(url);
    try {
      for (const listener of [dispatcher, moderator, anonymous]) {
        expect(await listener.subscribe(VALID)).toMatchObject({ ok: true });
      }
      const created = await createIncident(t, { lon: -87.6512, lat: 41.8623 });
      expect(created.shown).toBe(true);
      const eventOf = (listener: Listener) =>
        listener.events.find((event) => event.feature.id === created.id);
      for (const listener of [dispatcher, moderator, anonymous]) {
        await waitFor(() => eventOf(listener) !== undefined, 'the incident');
      }

      const exact = eventOf(dispatcher);
      expect(exact?.feature.geometry?.coordinates).toEqual(created.exact);
      const precisionOf = (event: typeof exact) =>
        (event?.feature.properties as { locationPrecision?: string } | undefined)
          ?.locationPrecision;
      expect(precisionOf(exact)).toBe('exact');
      expect(created.public).not.toEqual(created.exact);
      for (const listener of [moderator, anonymous]) {
        const event = eventOf(listener);
        expect(event?.feature.geometry?.coordinates).toEqual(created.public);
        expect(precisionOf(event)).toBe('approximate');
        expect(event?.feature.properties).not.toHaveProperty('publicLocation');
        expect(event?.feature.properties).not.toHaveProperty('visibility');
        expect(event?.id).toBe(exact?.id);
      }
    } finally {
      dispatcher.close();
      moderator.close();
      anonymous.close();
    }
  });
});
