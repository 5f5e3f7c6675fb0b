import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent, SubscribeAck } from '../../shared/realtime/protocol.js';
import { connectListener, waitFor } from '../support/stream-client.js';
import {
  VALID,
  createIncident,
  disconnection,
  expectHealthy,
  expectRefusal,
  expectUsable,
  received,
  serveStreamWithBystander,
  sleep,
  type Created,
} from '../support/stream-input.js';

/** A flood of subscribes is rate-limited, without a disconnect and without delaying others. */

describe('the live stream under a flood of subscribes', () => {
  const server = serveStreamWithBystander();

  // Latency is measured from the first flooded write: a server that has not served a write
  // yet would be timed on its warm-up (first queries, first compiled paths), not on the flood.
  beforeAll(async () => {
    const warmUp = await createIncident(server.t);
    await waitFor(() => received(server.bystander, warmUp.id), 'the warm-up incident');
  });

  it('rate-limits a flood of subscribes without disconnecting it or slowing anyone else', async () => {
    const { t, url } = server;
    const flooder = await connectListener(url);
    const watcher = await connectListener(url);
    const disconnected = disconnection(flooder);
    const arrivals = new Map<string, number>();
    watcher.socket.on('event', (event: StreamEvent) => {
      arrivals.set(event.feature.id, performance.now());
    });
    try {
      expect(await watcher.subscribe(VALID)).toMatchObject({ ok: true });
      const started = performance.now();
      const answers: Promise<SubscribeAck>[] = [];
      // 200 at once, then 20 more every 20 ms while incidents are written.
      for (let i = 0; i < 200; i += 1) answers.push(flooder.subscribe(VALID));
      const flood = setInterval(() => {
        for (let i = 0; i < 20; i += 1) answers.push(flooder.subscribe(VALID));
      }, 20);
      const writes: Promise<Created>[] = [];
      try {
        for (let i = 0; i < 40; i += 1) {
          writes.push(createIncident(t));
          await sleep(25);
        }
      } finally {
        clearInterval(flood);
      }
      const acks = await Promise.all(answers);
      const elapsedSeconds = (performance.now() - started) / 1000;
      const created = await Promise.all(writes);

      const accepted = acks.filter((ack) => ack.ok);
      const refused = acks.filter((ack) => !ack.ok);
      expect(accepted.length).toBeGreaterThanOrEqual(20);
      // A bucket of 20, refilled at 10 a second.
      expect(accepted.length).toBeLessThanOrEqual(20 + Math.ceil(elapsedSeconds * 10) + 1);
      expect(refused.length).toBeGreaterThan(100);
      for (const ack of refused) expectRefusal(ack, 'rate_limited');
      expect(flooder.socket.connected).toBe(true);

      // The watcher received every incident, promptly, while the flood went on.
      const shown = created.filter((c) => c.shown);
      await waitFor(() => shown.every((c) => arrivals.has(c.id)), 'the watcher');
      const latencies = shown.map((c) => (arrivals.get(c.id) ?? Infinity) - c.sentAt);
      latencies.sort((a, b) => a - b);
      expect(latencies.at(-1)).toBeLessThan(1_000);
      expect(latencies[Math.floor(latencies.length / 2)]).toBeLessThan(250);

      // The bucket refills: the flooder may subscribe again and is served normally.
      await sleep(300);
      await expectUsable(t, flooder, [watcher]);
      expect(await Promise.race([disconnected, sleep(50).then(() => 'connected')])).toBe(
        'connected',
      );
      await expectHealthy(url);
    } finally {
      flooder.close();
      watcher.close();
    }
  });
});
