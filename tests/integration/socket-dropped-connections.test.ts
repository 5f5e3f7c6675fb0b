import { describe, expect, it } from 'vitest';
import { connectListener, type Listener } from '../support/stream-client.js';
import {
  VALID,
  disconnection,
  expectHealthy,
  expectUsable,
  loose,
  serveStreamWithBystander,
  type LooseSocket,
} from '../support/stream-input.js';

/**
 * Packets that break the transport (too large, invalid JSON, reserved or unknown types) close
 * that connection only: other sockets and new connections are served as before.
 */

describe('the live stream dropping a connection that breaks the transport', () => {
  const server = serveStreamWithBystander();

  interface Dropping {
    name: string;
    send(socket: LooseSocket, listener: Listener): void;
  }

  const hundredKb = 'x'.repeat(100 * 1024);
  const dropping: Dropping[] = [
    {
      name: 'a 100 KB subscribe (over maxHttpBufferSize)',
      send: (socket) => socket.emit('subscribe', { ...VALID, pad: hundredKb }, () => undefined),
    },
    {
      name: 'a 100 KB binary subscribe',
      send: (socket) => socket.emit('subscribe', Buffer.alloc(100 * 1024), () => undefined),
    },
    {
      name: 'a packet whose JSON is invalid (a raw NaN)',
      send: (_, listener) =>
        listener.socket.io.engine.write('21["subscribe",{"bbox":[NaN,0,1,1],"layers":[]}]'),
    },
    {
      name: 'a packet naming a reserved event (raw "disconnect")',
      send: (_, listener) => listener.socket.io.engine.write('2["disconnect"]'),
    },
    {
      name: 'a binary frame outside any packet',
      send: (_, listener) => listener.socket.io.engine.write(Buffer.from([1, 2, 3])),
    },
    {
      name: 'a packet of an unknown type',
      send: (_, listener) => listener.socket.io.engine.write('9["subscribe"]'),
    },
  ];

  it.each(dropping)('drops the connection that sends $name, and no one else notices', async (c) => {
    const { t, url, bystander } = server;
    const listener = await connectListener(url);
    const other = await connectListener(url);
    try {
      expect(await other.subscribe(VALID)).toMatchObject({ ok: true });
      const disconnected = disconnection(listener);
      c.send(loose(listener), listener);
      expect(await disconnected).toBe('transport close');

      await expectHealthy(url);
      await expectUsable(t, other, [bystander]);
      // A new connection is welcome.
      const again = await connectListener(url);
      try {
        await expectUsable(t, again);
      } finally {
        again.close();
      }
    } finally {
      listener.close();
      other.close();
    }
  });
});
