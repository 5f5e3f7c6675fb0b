import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, SOCKET_PATH } from '../../shared/realtime/protocol.js';
import { listen, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A page of another site must not use a visitor's browser to hold the live stream: the
 * handshake's Origin is checked against the server's own host and SOCKET_ALLOWED_ORIGINS.
 * Node's transport lets the test send any Origin, as a browser on another site would.
 */

const EMBED = 'https://embed.example';

let t: TestApp;
let url: string;
beforeAll(async () => {
  t = await startTestApp({ realtime: { allowedOrigins: [EMBED] } });
  url = await listen(t);
});
afterAll(async () => {
  await t.close();
});

type Outcome = { connected: true } | { connected: false; data: unknown; message: string };

function connectFrom(origin: string | undefined): Promise<Outcome> {
  const socket = io(url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    reconnection: false,
    auth: { protocol: PROTOCOL_VERSION },
    ...(origin === undefined ? {} : { extraHeaders: { origin } }),
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve({ connected: true });
    });
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      resolve({ connected: false, data: error.data, message: error.message });
    });
  });
}

describe('the socket handshake checks Origin', () => {
  it.each([
    ['another site', 'https://evil.example'],
    ['a look-alike of the allowed one', 'https://embed.example.evil.example'],
    ['the allowed host on another scheme', 'http://embed.example'],
    ['the server host on another port', 'http://127.0.0.1:1'],
    ['an opaque origin (sandboxed frame, file)', 'null'],
  ])('refuses %s with forbidden_origin', async (_what, origin) => {
    const outcome = await connectFrom(origin);
    expect(outcome.connected).toBe(false);
    if (outcome.connected) return;
    expect(outcome.data).toMatchObject({ error: 'forbidden_origin' });
    expect((outcome.data as { message: string }).message).toMatch(/SOCKET_ALLOWED_ORIGINS/);
  });

  it('lets the server’s own pages connect', async () => {
    expect(await connectFrom(new URL(url).origin)).toEqual({ connected: true });
  });

  it('lets a configured origin connect', async () => {
    expect(await connectFrom(EMBED)).toEqual({ connected: true });
  });

  it('lets clients that send no Origin connect (Node, the CLI)', async () => {
    expect(await connectFrom(undefined)).toEqual({ connected: true });
  });
});
