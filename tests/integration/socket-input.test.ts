import type { Socket as NetSocket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION,
  SOCKET_PATH,
  type StreamEvent,
  type Subscribe,
  type SubscribeAck,
} from '../../shared/realtime/protocol.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { bearer, incidentBody, listen, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * What a client may send over the live stream, however wrong: every malformed message is
 * answered (or, without an ack, dropped), nothing a client sends stops the server or other
 * sockets, floods are rate-limited and a client that stops reading is cut off, not buffered.
 */

const WORLD: Subscribe['bbox'] = [-180, -90, 180, 90];
const VALID: Subscribe = { bbox: WORLD, layers: ['incidents'] };

/** The same socket without the protocol's types, to send what the protocol forbids. */
type LooseSocket = Socket;
const loose = (listener: Listener): LooseSocket => listener.socket;

interface Created {
  id: string;
  exact: [number, number];
  public: [number, number] | null;
  /** Public sockets receive it (its category is not hidden). */
  shown: boolean;
  /** performance.now() when the POST was sent. */
  sentAt: number;
}

async function createIncident(
  t: TestApp,
  location = { lon: -87.63, lat: 41.88 },
  overrides: Record<string, unknown> = {},
) {
  const sentAt = performance.now();
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: incidentBody({ category: 'theft', location, ...overrides }),
  });
  expect(response.statusCode).toBe(201);
  const feature = response.json<{
    id: string;
    properties: { publicLocation: { lon: number; lat: number } | null; visibility: string };
  }>();
  const publicLocation = feature.properties.publicLocation;
  const created: Created = {
    id: feature.id,
    exact: [location.lon, location.lat],
    public: publicLocation ? [publicLocation.lon, publicLocation.lat] : null,
    shown:
      publicLocation !== null &&
      (feature.properties.visibility === 'point' || feature.properties.visibility === 'coarse'),
    sentAt,
  };
  return created;
}

/** A summary near the longest allowed, so that fewer events fill the kernel's buffers. */
const LONG_SUMMARY = 'A bicycle was taken from the rack outside the library. '.repeat(34);

/** Writes `count` incidents spread over central Chicago, `writers` at a time. */
async function createMany(t: TestApp, count: number, writers = 16): Promise<Created[]> {
  const created: Created[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        const location = { lon: -87.7 + ((i * 0.61803) % 0.1), lat: 41.85 + ((i * 0.41421) % 0.1) };
        created.push(await createIncident(t, location, { summary: LONG_SUMMARY }));
      }
    }),
  );
  return created;
}

const received = (listener: Listener, id: string) =>
  listener.events.some((event) => event.feature.id === id);

async function expectHealthy(url: string) {
  const response = await fetch(`${url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok' });
}

/** A valid subscribe is answered, and a live incident written afterwards arrives. */
async function expectUsable(t: TestApp, listener: Listener, bystanders: Listener[] = []) {
  expect(listener.socket.connected).toBe(true);
  const ack = await listener.subscribe(VALID);
  expect(ack).toMatchObject({ ok: true, cursor: expect.any(Number) as number });
  const created = await createIncident(t);
  expect(created.shown).toBe(true);
  for (const socket of [listener, ...bystanders]) {
    await waitFor(() => received(socket, created.id), 'the live incident');
  }
}

function expectRefusal(ack: unknown, error: string): asserts ack is SubscribeAck & { ok: false } {
  expect(ack).toMatchObject({ ok: false, error, message: expect.any(String) as string });
  const refusal = ack as Record<string, unknown>;
  // The documented shape only: no stack, no echo of internals.
  for (const key of Object.keys(refusal)) {
    expect(['ok', 'error', 'message', 'details']).toContain(key);
  }
  expect(String(refusal.message)).not.toMatch(/\n\s+at /);
}

let rawAckId = 1_000_000;

/**
 * Sends a socket.io EVENT packet as raw text, with an ack id of our own, and resolves with the
 * first argument of the server's ack. Raw text reaches the server's JSON.parse unchanged, so
 * `1e400` arrives as Infinity: what socket.io-client itself can never send.
 */
async function rawEmitWithAck(listener: Listener, argumentsJson: string): Promise<unknown> {
  rawAckId += 1;
  const id = rawAckId;
  const engine = listener.socket.io.engine;
  return new Promise((resolve, reject) => {
    const onMessage = (data: unknown) => {
      const prefix = `3${id}[`;
      if (typeof data !== 'string' || !data.startsWith(prefix)) return;
      clearTimeout(timer);
      engine.off('message', onMessage);
      resolve((JSON.parse(data.slice(prefix.length - 1)) as unknown[])[0]);
    };
    const timer = setTimeout(() => {
      engine.off('message', onMessage);
      reject(new Error(`no answer to ${argumentsJson.slice(0, 80)}`));
    }, 5_000);
    engine.on('message', onMessage);
    engine.write(`2${id}${argumentsJson}`);
  });
}

function disconnection(listener: Listener): Promise<string> {
  return new Promise((resolve) => {
    if (!listener.socket.connected) {
      resolve('already disconnected');
      return;
    }
    listener.socket.once('disconnect', (reason) => {
      resolve(reason);
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the live stream against malformed and abusive input', () => {
  let t: TestApp;
  let url: string;
  /** Subscribed to the world for the whole file: it must never notice what others send. */
  let bystander: Listener;

  beforeAll(async () => {
    t = await startTestApp();
    url = await listen(t);
    bystander = await connectListener(url);
    expect(await bystander.subscribe(VALID)).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    bystander.close();
    await t.close();
  });

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

  it('rate-limits a flood of subscribes without disconnecting it or slowing anyone else', async () => {
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

  describe('the handshake', () => {
    type ConnectError = Error & { data?: unknown };

    /** Connects with exactly this `auth`; resolves with the connect error, if any. */
    async function handshake(auth: Record<string, unknown>): Promise<ConnectError | null> {
      const socket = io(url, {
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
      ];
      for (const auth of wrong) {
        const error = await handshake(auth);
        expect(error?.message, JSON.stringify(auth)).toBe('invalid_request');
        expect(error?.data).toMatchObject({ error: 'invalid_request' });
      }
      await expectHealthy(url);
    });

    it('sends exact locations to a dispatcher and public ones to everyone else', async () => {
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
        expect(exact?.feature.properties.locationPrecision).toBe('exact');
        expect(created.public).not.toEqual(created.exact);
        for (const listener of [moderator, anonymous]) {
          const event = eventOf(listener);
          expect(event?.feature.geometry?.coordinates).toEqual(created.public);
          expect(event?.feature.properties.locationPrecision).toBe('approximate');
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
});

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
