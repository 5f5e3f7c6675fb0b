import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_PATH } from '../../shared/realtime/constants.js';
import { LiveStream, closedByServer } from '../../client/src/api/live-stream.js';

/**
 * The client's stream tells its page when the server let go of the socket (a session ended,
 * or a shutdown), so a signed-in page re-reads its session; a network drop is not that. A bare
 * socket.io server stands in for ours: no database is needed to close a socket.
 */
let http: HttpServer;
let io: Server;
let url: string;
beforeAll(async () => {
  http = createServer();
  io = new Server(http, { path: SOCKET_PATH, serveClient: false });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await io.close();
});

function until(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() - start > ms) reject(new Error('timed out'));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

describe('LiveStream onServerClose', () => {
  it('knows the server’s own disconnect from a transport failure', () => {
    expect(closedByServer('io server disconnect')).toBe(true);
    expect(closedByServer('transport close')).toBe(false);
    expect(closedByServer('ping timeout')).toBe(false);
    expect(closedByServer('io client disconnect')).toBe(false);
  });

  it('calls back when the server closes the socket, then comes back by itself', async () => {
    let closes = 0;
    const statuses: string[] = [];
    const stream = new LiveStream({
      url,
      onEvents: () => undefined,
      onServerClose: () => closes++,
      onStatus: (status) => statuses.push(status),
      socketOptions: { transports: ['websocket'] },
    });
    try {
      await until(() => stream.status === 'live');
      io.local.disconnectSockets(true); // what the server does when a session ends
      await until(() => closes === 1 && stream.status === 'live');
      expect(statuses).toEqual(['live', 'reconnecting', 'live']);
    } finally {
      stream.close();
    }
    // Closing it ourselves is not the server's doing.
    expect(closes).toBe(1);
  });
});
