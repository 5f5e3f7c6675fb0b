import type { Socket as NetSocket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/realtime/protocol.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { listen, startTestApp, type TestApp } from '../support/test-app.js';
import { VALID, createMany, sleep, type Created } from '../support/stream-input.js';

/**
 * A client that stops reading is cut off with a resync once its queue is full, never buffered
 * without bound, and the subscribers that do read are not slowed by it.
 */

describe('a client that stops reading', () => {
  const MAX_QUEUED = 50;
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await startTestApp({ realtime: { maxQueuedPackets: MAX_QUEUED } });
    url = await listen(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /**
   * How a client stops reading: socket.io-client's websocket transport runs on the `ws`
   * package, whose WebSocket keeps its net.Socket as `_socket`. Pausing it stops reading from
   * the kernel: the client's receive buffer fills, TCP's window closes, the server's send
   * buffer fills, its writes stop completing, and engine.io keeps the packets it cannot hand
   * to the transport in the socket's `writeBuffer`.
   */
  function tcpOf(listener: Listener): NetSocket {
    const transport = listener.socket.io.engine.transport as unknown as {
      name: string;
      ws?: { _socket?: NetSocket };
    };
    expect(transport.name).toBe('websocket');
    const tcp = transport.ws?._socket;
    if (!tcp) throw new Error('no TCP socket under the websocket transport');
    return tcp;
  }

  /**
   * The server's engine.io connection for this client: its `writeBuffer` holds the packets not
   * yet handed to the transport (engine.io replaces the array on each flush; read it afresh).
   */
  function serverConnection(listener: Listener): { writeBuffer: { data?: unknown }[] } {
    const id = listener.socket.id;
    const socket = id === undefined ? undefined : t.app.io.sockets.sockets.get(id);
    if (!socket) throw new Error('the server does not know this socket');
    return socket.conn as unknown as { writeBuffer: { data?: unknown }[] };
  }

  it('is sent a resync instead of an unbounded queue, and nobody else waits for it', async () => {
    const slow = await connectListener(url);
    const normal = await connectListener(url);
    const arrivals = new Map<string, number>();
    normal.socket.on('event', (event: StreamEvent) => {
      arrivals.set(event.feature.id, performance.now());
    });
    const normalHasAll = (created: Created[]) =>
      created.every((c) => !c.shown || arrivals.has(c.id));
    try {
      expect(await slow.subscribe(VALID)).toMatchObject({ ok: true });
      expect(await normal.subscribe(VALID)).toMatchObject({ ok: true });
      const tcp = tcpOf(slow);
      tcp.pause();

      const connection = serverConnection(slow);
      let maxQueued = 0;
      const sampler = setInterval(() => {
        maxQueued = Math.max(maxQueued, connection.writeBuffer.length);
      }, 2);
      const resyncQueued = () =>
        connection.writeBuffer.some(
          (packet) => typeof packet.data === 'string' && packet.data.startsWith('2["resync"'),
        );
      const created: Created[] = [];
      try {
        // Write until the server gives up on the slow client (the kernel's buffers take a few
        // MB first), then once more to see that nothing more piles up for it.
        let afterResync = 0;
        for (let batch = 0; batch < 40 && afterResync < 2; batch += 1) {
          created.push(...(await createMany(t, 250)));
          await waitFor(() => normalHasAll(created), 'the normal subscriber to keep up');
          maxQueued = Math.max(maxQueued, connection.writeBuffer.length);
          if (resyncQueued()) afterResync += 1;
        }
        expect(resyncQueued()).toBe(true);
      } finally {
        clearInterval(sampler);
      }
      const queued = connection.writeBuffer.length;
      // The limit, the resync itself and perhaps a ping or two.
      expect(maxQueued).toBeGreaterThan(MAX_QUEUED);
      expect(maxQueued).toBeLessThanOrEqual(MAX_QUEUED + 4);
      expect(queued).toBeLessThanOrEqual(MAX_QUEUED + 4);

      // The normal subscriber got every event, in order, while the slow one was still stuck.
      const shown = created.filter((c) => c.shown);
      expect(shown.length).toBeGreaterThan(500);
      // From the POST being sent (16 writers at once) to the event's arrival.
      const latencies = shown.map((c) => (arrivals.get(c.id) ?? Infinity) - c.sentAt);
      latencies.sort((a, b) => a - b);
      expect(latencies[Math.floor(latencies.length / 2)]).toBeLessThan(500);
      expect(latencies.at(-1)).toBeLessThan(2_000);
      expect(normal.events.map((e) => e.feature.id).sort()).toEqual(shown.map((c) => c.id).sort());
      const ids = normal.events.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(slow.resyncs).toHaveLength(0);

      // Reading again, the slow client drains what was queued and then finds the resync.
      tcp.resume();
      await waitFor(() => slow.resyncs.length === 1, 'the resync', 30_000);
      const resync = slow.resyncs[0];
      if (!resync) throw new Error('no resync');
      expect(resync.reason).toBe('too_slow');
      expect(resync.cursor).toBeLessThanOrEqual(Math.max(...ids));
      const slowIds = slow.events.map((e) => e.id);
      expect(slowIds).toEqual([...slowIds].sort((a, b) => a - b));
      expect(new Set(slowIds).size).toBe(slowIds.length);
      expect(slowIds.length).toBeLessThan(ids.length);
      expect(slowIds.every((id) => id <= resync.cursor)).toBe(true);
      // Everything it did receive is what the normal one received, from the start.
      expect(slowIds).toEqual(ids.slice(0, slowIds.length));

      // It subscribes again from the cursor: what came after is replayed, then live.
      const before = slow.events.length;
      const ack = await slow.subscribe({ ...VALID, since: resync.cursor });
      expect(ack).toMatchObject({ ok: true });
      const later = await createMany(t, 50);
      await waitFor(() => normalHasAll(later), 'the normal subscriber');
      const expected = normal.events.filter((e) => e.id > resync.cursor).map((e) => e.id);
      await waitFor(() => slow.events.length - before >= expected.length, 'the slow one again');
      await sleep(200);
      expect(slow.events.slice(before).map((e) => e.id)).toEqual(expected);
      expect(slow.resyncs).toHaveLength(1);
      expect(slow.socket.connected).toBe(true);
    } finally {
      slow.close();
      normal.close();
    }
  });
});
