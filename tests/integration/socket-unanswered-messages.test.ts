import { describe, expect, it } from 'vitest';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import {
  VALID,
  createIncident,
  disconnection,
  expectHealthy,
  expectUsable,
  loose,
  received,
  serveStreamWithBystander,
  sleep,
  type LooseSocket,
} from '../support/stream-input.js';

/**
 * What the live stream does not answer (no ack, unknown events) it ignores: nothing is applied,
 * the socket stays connected and usable; an unsubscribe is always acknowledged.
 */

describe('the live stream ignoring messages it does not answer', () => {
  const server = serveStreamWithBystander();

  interface Unanswered {
    name: string;
    send(socket: LooseSocket, listener: Listener): void;
  }

  const unanswered: Unanswered[] = [
    {
      name: 'a valid subscribe without an ack function',
      send: (socket) => socket.emit('subscribe', VALID),
    },
    {
      name: 'an invalid subscribe without an ack function',
      send: (socket) => socket.emit('subscribe', { bbox: 'nope' }),
    },
    {
      name: 'a subscribe whose last argument is not a function',
      send: (socket) => socket.emit('subscribe', VALID, 'callback'),
    },
    { name: 'an unknown event name', send: (socket) => socket.emit('subscribed', VALID) },
    {
      name: 'an unknown event name with an ack',
      send: (socket) => socket.emit('Subscribe', VALID, () => undefined),
    },
    { name: 'an event named error', send: (socket) => socket.emit('error', VALID) },
    {
      name: 'events named after Object.prototype',
      send: (socket) => {
        for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
          socket.emit(name, VALID, () => undefined);
        }
      },
    },
    {
      name: 'a numeric event name (raw)',
      send: (_, listener) => listener.socket.io.engine.write('2[42,{"bbox":[0,0,1,1]}]'),
    },
    {
      name: 'an unknown binary event',
      send: (socket) => socket.emit('upload', Buffer.alloc(1024)),
    },
    {
      name: 'an unsubscribe with a payload and no ack',
      send: (socket) => socket.emit('unsubscribe', { everything: true }),
    },
  ];

  it.each(unanswered)('ignores $name, and the socket stays usable', async (c) => {
    const { t, url, bystander } = server;
    const listener = await connectListener(url);
    const disconnected = disconnection(listener);
    try {
      c.send(loose(listener), listener);
      // What the client sent is not applied: a world-wide incident does not reach it.
      const control = await createIncident(t);
      await waitFor(() => received(bystander, control.id), 'the bystander');
      await sleep(100);
      expect(listener.events).toHaveLength(0);
      expect(listener.socket.connected).toBe(true);

      await expectUsable(t, listener, [bystander]);
      await expectHealthy(url);
      expect(await Promise.race([disconnected, sleep(50).then(() => 'connected')])).toBe(
        'connected',
      );
    } finally {
      listener.close();
    }
  });

  it('answers an unsubscribe with its ack, whatever comes before it', async () => {
    const { t, url, bystander } = server;
    const listener = await connectListener(url);
    try {
      expect(await listener.subscribe(VALID)).toMatchObject({ ok: true });
      const ack = (await loose(listener)
        .timeout(5_000)
        .emitWithAck('unsubscribe', { junk: [1, 2, 3] })) as unknown;
      expect(ack).toMatchObject({ ok: true });
      const control = await createIncident(t);
      await waitFor(() => received(bystander, control.id), 'the bystander');
      await sleep(100);
      expect(received(listener, control.id)).toBe(false);
      await expectUsable(t, listener);
    } finally {
      listener.close();
    }
  });
});
