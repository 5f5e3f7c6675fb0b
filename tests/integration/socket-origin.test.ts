import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, SOCKET_PATH } from '../../shared/realtime/protocol.js';
import { listen, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A page of another site must not use a visitor's browser to hold the live stream: the
 * handshake's Origin is checked against the server's own host and SOCKET_ALLOWED_ORIGINS; a
 * site that may embed (EMBED_FRAME_ANCESTORS) connects, as the public only (what it then
 * receives: embed-sockets.test.ts). Node's transport lets the test send any Origin, as a
 * browser on another site would.
 */

const EMBED = 'https://embed.example';
const NEWS = 'https://news.example';

let t: TestApp;
let url: string;
let anySite: TestApp;
let anySiteUrl: string;
beforeAll(async () => {
  t = await startTestApp({ realtime: { allowedOrigins: [EMBED] }, embedFrameAncestors: [NEWS] });
  url = await listen(t);
  anySite = await startTestApp();
  anySiteUrl = await listen(anySite);
});
afterAll(async () => {
  await t.close();
  await anySite.close();
});

type Outcome = { connected: true } | { connected: false; data: unknown; message: string };

function connectFrom(origin: string | undefined, to = url): Promise<Outcome> {
  const socket = io(to, {
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
    expect((outcome.data as { message: string }).message).toMatch(
      /SOCKET_ALLOWED_ORIGINS and EMBED_FRAME_ANCESTORS/,
    );
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

  it('lets a site that may embed connect (as the public)', async () => {
    expect(await connectFrom(NEWS)).toEqual({ connected: true });
  });
});

describe('when any site may embed (EMBED_FRAME_ANCESTORS unset)', () => {
  it.each([
    ['another site', 'https://evil.example'],
    ['an opaque origin (a sandboxed frame)', 'null'],
  ])('lets %s connect (as the public)', async (_what, origin) => {
    expect(await connectFrom(origin, anySiteUrl)).toEqual({ connected: true });
  });

  it.each([
    ['an Origin that is no origin', 'not an origin'],
    ['an Origin with a path', 'https://news.example/page'],
    ['a non-web scheme', 'ftp://news.example'],
  ])('refuses %s', async (_what, origin) => {
    const outcome = await connectFrom(origin, anySiteUrl);
    expect(outcome).toMatchObject({ connected: false, data: { error: 'forbidden_origin' } });
  });
});
