import { describe, expect, it } from 'vitest';
import { connectListener, waitFor } from '../support/stream-client.js';
import {
  WORLD,
  VALID,
  createIncident,
  expectHealthy,
  expectRefusal,
  expectUsable,
  loose,
  rawEmitWithAck,
  received,
  serveStreamWithBystander,
} from '../support/stream-input.js';

/**
 * Every malformed subscribe is answered with a refusal in the documented shape, leaves no
 * subscription behind, and the socket, the server and other sockets stay usable.
 */

describe('the live stream refusing a malformed subscribe', () => {
  const server = serveStreamWithBystander();

  interface Case {
    name: string;
    /** Sent with socket.io-client's emit (serialised by it: NaN and Infinity become null). */
    payload?: unknown;
    /** Or the JSON text of the packet's arguments after the event name, sent raw. */
    raw?: string;
    /** The JSON Pointer the details must name, when the schema is what failed. */
    path?: string;
  }

  const bbox = (value: unknown) => ({ bbox: value, layers: ['incidents'] });
  const big = 2 ** 53 + 2;
  const cases: Case[] = [
    { name: 'bbox with min > max', payload: bbox([10, 10, 0, 0]) },
    { name: 'bbox with minLon > maxLon only', payload: bbox([10, 0, 0, 1]) },
    { name: 'bbox of zero width', payload: bbox([1, 0, 1, 1]) },
    { name: 'bbox with 3 numbers', payload: bbox([0, 0, 1]), path: 'subscribe /bbox' },
    { name: 'bbox with 5 numbers', payload: bbox([0, 0, 1, 1, 2]), path: 'subscribe /bbox' },
    { name: 'empty bbox', payload: bbox([]), path: 'subscribe /bbox' },
    { name: 'bbox with strings', payload: bbox(['0', '0', '1', '1']), path: 'subscribe /bbox/0' },
    { name: 'bbox as one string', payload: bbox('0,0,1,1'), path: 'subscribe /bbox' },
    {
      name: 'bbox as an object',
      payload: bbox({ 0: 0, 1: 0, 2: 1, 3: 1 }),
      path: 'subscribe /bbox',
    },
    { name: 'bbox with nulls', payload: bbox([0, null, 1, 1]), path: 'subscribe /bbox/1' },
    // socket.io-client serialises with JSON.stringify: NaN and ±Infinity arrive as null.
    {
      name: 'bbox with NaN (sent as null)',
      payload: bbox([NaN, 0, 1, 1]),
      path: 'subscribe /bbox/0',
    },
    {
      name: 'bbox with Infinity (sent as null)',
      payload: bbox([0, 0, Infinity, 1]),
      path: 'subscribe /bbox/2',
    },
    {
      name: 'bbox with -Infinity (sent as null)',
      payload: bbox([0, -Infinity, 1, 1]),
      path: 'subscribe /bbox/1',
    },
    // Raw text: JSON.parse turns 1e400 into a real Infinity on the server.
    {
      name: 'bbox with a real Infinity (raw 1e400)',
      raw: '["subscribe",{"bbox":[0,0,1e400,1],"layers":["incidents"]}]',
      path: 'subscribe /bbox/2',
    },
    {
      name: 'bbox with a real -Infinity (raw -1e400)',
      raw: '["subscribe",{"bbox":[-1e400,-1e400,1,1],"layers":["incidents"]}]',
      path: 'subscribe /bbox/0',
    },
    { name: 'lon 200', payload: bbox([0, 0, 200, 1]), path: 'subscribe /bbox/2' },
    { name: 'lon -200', payload: bbox([-200, 0, 1, 1]), path: 'subscribe /bbox/0' },
    { name: 'lat 91', payload: bbox([0, 0, 1, 91]), path: 'subscribe /bbox/3' },
    { name: 'no bbox', payload: { layers: ['incidents'] }, path: 'subscribe /bbox' },
    { name: 'no layers', payload: { bbox: WORLD }, path: 'subscribe /layers' },
    {
      name: 'unknown layer',
      payload: { bbox: WORLD, layers: ['weather'] },
      path: 'subscribe /layers/0',
    },
    { name: 'empty layers', payload: { bbox: WORLD, layers: [] }, path: 'subscribe /layers' },
    {
      name: 'duplicate layers',
      payload: { bbox: WORLD, layers: ['incidents', 'incidents'] },
      path: 'subscribe /layers',
    },
    {
      name: 'layers as a string',
      payload: { bbox: WORLD, layers: 'incidents' },
      path: 'subscribe /layers',
    },
    {
      name: 'unknown category',
      payload: { ...VALID, categories: ['jaywalking'] },
      path: 'subscribe /categories/0',
    },
    {
      name: 'duplicate categories',
      payload: { ...VALID, categories: ['theft', 'theft'] },
      path: 'subscribe /categories',
    },
    {
      name: 'categories as a string',
      payload: { ...VALID, categories: 'theft' },
      path: 'subscribe /categories',
    },
    { name: 'extra property', payload: { ...VALID, zoom: 12 }, path: 'subscribe /zoom' },
    {
      name: 'own __proto__ property (raw)',
      raw: '["subscribe",{"bbox":[-180,-90,180,90],"layers":["incidents"],"__proto__":{"since":0}}]',
      path: 'subscribe /__proto__',
    },
    { name: 'since -1', payload: { ...VALID, since: -1 }, path: 'subscribe /since' },
    { name: 'since 1.5', payload: { ...VALID, since: 1.5 }, path: 'subscribe /since' },
    { name: 'since "12"', payload: { ...VALID, since: '12' }, path: 'subscribe /since' },
    { name: 'since null', payload: { ...VALID, since: null }, path: 'subscribe /since' },
    { name: 'since beyond 2^53', payload: { ...VALID, since: big }, path: 'subscribe /since' },
    {
      name: 'since 1e300 (an integer to JSON Schema)',
      payload: { ...VALID, since: 1e300 },
      path: 'subscribe /since',
    },
    {
      name: 'since a real Infinity (raw 1e400)',
      raw: '["subscribe",{"bbox":[-180,-90,180,90],"layers":["incidents"],"since":1e400}]',
      path: 'subscribe /since',
    },
    { name: 'payload null', payload: null, path: 'subscribe /' },
    { name: 'payload a string', payload: 'incidents', path: 'subscribe /' },
    { name: 'payload a number', payload: 42, path: 'subscribe /' },
    { name: 'payload a boolean', payload: true, path: 'subscribe /' },
    { name: 'payload an array', payload: [WORLD, ['incidents']], path: 'subscribe /' },
    { name: 'payload an empty object', payload: {}, path: 'subscribe /bbox' },
    {
      name: 'deeply nested arrays',
      payload: { bbox: WORLD, layers: JSON.parse('['.repeat(3000) + ']'.repeat(3000)) as unknown },
      path: 'subscribe /layers/0',
    },
    { name: 'binary payload', payload: Buffer.from('{"bbox":[0,0,1,1]}'), path: 'subscribe /bbox' },
    {
      name: 'binary bbox',
      payload: bbox(new Float64Array([0, 0, 1, 1]).buffer),
      path: 'subscribe /bbox',
    },
    {
      name: 'binary layer',
      payload: { bbox: WORLD, layers: [Buffer.from('incidents')] },
      path: 'subscribe /layers/0',
    },
    {
      name: 'binary since',
      payload: { ...VALID, since: Buffer.from([1]) },
      path: 'subscribe /since',
    },
    { name: 'no payload, only the ack (raw)', raw: '["subscribe"]', path: 'subscribe /' },
    {
      name: 'two payloads',
      raw: '["subscribe",{"bbox":[-180,-90,180,90],"layers":["incidents"]},{}]',
      path: 'subscribe /',
    },
  ];

  it.each(cases)('refuses a subscribe with $name, and the socket stays usable', async (c) => {
    const { t, url, bystander } = server;
    const listener = await connectListener(url);
    try {
      const ack =
        c.raw === undefined
          ? ((await loose(listener).timeout(5_000).emitWithAck('subscribe', c.payload)) as unknown)
          : await rawEmitWithAck(listener, c.raw);
      expectRefusal(ack, 'invalid_request');
      if (c.path !== undefined) {
        expect(ack.details?.map((detail) => detail.path)).toContain(c.path);
        for (const detail of ack.details ?? []) expect(detail.message).toEqual(expect.any(String));
      }
      // A refused subscribe leaves no subscription behind.
      const control = await createIncident(t);
      await waitFor(() => received(bystander, control.id), 'the bystander');
      expect(listener.events).toHaveLength(0);

      await expectUsable(t, listener, [bystander]);
      await expectHealthy(url);
    } finally {
      listener.close();
    }
  });

  it('answers a large invalid subscribe with a small refusal', async () => {
    const { t, url } = server;
    const listener = await connectListener(url);
    try {
      // Under maxHttpBufferSize, but 3,000 wrong items: each would be one entry of `details`.
      const layers = Array.from({ length: 3_000 }, () => 'x');
      const ack = (await loose(listener)
        .timeout(5_000)
        .emitWithAck('subscribe', { bbox: WORLD, layers })) as unknown;
      expectRefusal(ack, 'invalid_request');
      expect(JSON.stringify(ack).length).toBeLessThan(4_096);
      await expectUsable(t, listener);
    } finally {
      listener.close();
    }
  });
});
