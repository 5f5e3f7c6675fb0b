import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Subscribe, SubscribeAck } from '../../shared/realtime/protocol.js';
import { connectListener, waitFor, type Listener } from './stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from './test-app.js';
import { incidentBody } from './incident-factory.js';

/**
 * What the live-stream input tests share: valid and malformed subscriptions, incidents written
 * through the API with what a socket should receive of them, and the checks that a socket (and
 * the server) is still usable after what it was sent.
 */

export const WORLD: Subscribe['bbox'] = [-180, -90, 180, 90];
export const VALID: Subscribe = { bbox: WORLD, layers: ['incidents'] };

/** The same socket without the protocol's types, to send what the protocol forbids. */
export type LooseSocket = Socket;
export const loose = (listener: Listener): LooseSocket => listener.socket;

export interface Created {
  id: string;
  exact: [number, number];
  public: [number, number] | null;
  /** Public sockets receive it (its category is not hidden). */
  shown: boolean;
  /** performance.now() when the POST was sent. */
  sentAt: number;
}

export async function createIncident(
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
export async function createMany(t: TestApp, count: number, writers = 16): Promise<Created[]> {
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

export const received = (listener: Listener, id: string) =>
  listener.events.some((event) => event.feature.id === id);

export async function expectHealthy(url: string) {
  const response = await fetch(`${url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok' });
}

/** A valid subscribe is answered, and a live incident written afterwards arrives. */
export async function expectUsable(t: TestApp, listener: Listener, bystanders: Listener[] = []) {
  expect(listener.socket.connected).toBe(true);
  const ack = await listener.subscribe(VALID);
  expect(ack).toMatchObject({ ok: true, cursor: expect.any(Number) as number });
  const created = await createIncident(t);
  expect(created.shown).toBe(true);
  for (const socket of [listener, ...bystanders]) {
    await waitFor(() => received(socket, created.id), 'the live incident');
  }
}

export function expectRefusal(
  ack: unknown,
  error: string,
): asserts ack is SubscribeAck & { ok: false } {
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
export async function rawEmitWithAck(listener: Listener, argumentsJson: string): Promise<unknown> {
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

export function disconnection(listener: Listener): Promise<string> {
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

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface StreamServer {
  t: TestApp;
  url: string;
  /** Subscribed to the world for the whole file: it must never notice what others send. */
  bystander: Listener;
}

/**
 * Starts the app on a real port for the enclosing file or describe block, with a bystander
 * subscribed to the world; the returned object is filled in before the first test runs.
 */
export function serveStreamWithBystander(
  options: Parameters<typeof startTestApp>[0] = {},
): StreamServer {
  const server = {} as StreamServer;
  beforeAll(async () => {
    server.t = await startTestApp(options);
    server.url = await listen(server.t);
    server.bystander = await connectListener(server.url);
    expect(await server.bystander.subscribe(VALID)).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    server.bystander.close();
    await server.t.close();
  });
  return server;
}
