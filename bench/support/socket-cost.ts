/**
 * The server's cost of many open live-stream clients of one kind (bench/embed.bench.ts): the
 * Openbeat server under test runs as a child process (with its inspector, for the heap) and only
 * streams; a second instance on the same database takes the writes, whose commits reach the
 * first through the events table and NOTIFY. The clients live in a load process of their own
 * (bench/support/realtime-clients.ts). Measured per kind: CPU seconds of the server (utime +
 * stime from /proc) from the first write to the last delivery, per delivered event; RSS and
 * V8-heap growth (after a full GC) from before the clients connect to when all are subscribed,
 * per client.
 */
import { performance } from 'node:perf_hooks';
import { startChildServer, type ChildServer } from './child-server.js';
import {
  cpuSeconds,
  INSPECTOR_CHATTER,
  INSPECTOR_LINE,
  readMemory,
  rssBytes,
} from './process-stats.js';
import type { Bbox, ClientLoad, StreamSpec } from './realtime-clients.js';
import { incidentBody } from '../../tests/support/incident-factory.js';

const READY = /Openbeat is running at https?:\/\/[^:\s]+:(\d+)/;
const QUIET_MS = 3_000;
const DRAIN_LIMIT_MS = 120_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface StreamServers {
  server: ChildServer;
  inspector: string | undefined;
  ingest: ChildServer;
}

export async function startStreamServers(databaseUrl: string): Promise<StreamServers> {
  let inspector: string | undefined;
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SIMULATOR: 'off',
    WRITE_RATE_LIMIT_PER_MINUTE: '100000000',
  };
  const server = await startChildServer({
    name: 'openbeat',
    script: 'server/server.ts',
    nodeArgs: ['--inspect=127.0.0.1:0'],
    onLine: (line) => {
      inspector ??= INSPECTOR_LINE.exec(line)?.[1];
    },
    quietLine: INSPECTOR_CHATTER,
    env,
    readyLine: READY,
  });
  const ingest = await startChildServer({
    name: 'ingest',
    script: 'server/server.ts',
    env,
    readyLine: READY,
  });
  return { server, inspector, ingest };
}

export interface ClientKind {
  name: string;
  /** Where each client looks. */
  viewports: Bbox[];
  /** The sockets each client opens. */
  streams: StreamSpec[];
}

export interface Cost {
  name: string;
  clients: number;
  sockets: number;
  written: number;
  delivered: number;
  /** Sockets told to resync (they fell behind) or closed under the load: the figures are then off. */
  lost: number;
  cpuSeconds: number;
  rssPerClient: number;
  heapPerClient: number | undefined;
}

async function memory(servers: StreamServers): Promise<{ rss: number; heap?: number }> {
  const rss = rssBytes(servers.server.pid);
  if (!servers.inspector) return { rss };
  try {
    return { rss, heap: (await readMemory(servers.inspector)).heapUsed };
  } catch {
    return { rss };
  }
}

async function post(url: string, key: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201)
    throw new Error(`POST ${path}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as unknown;
}

/** An incident at each place, `rate` per second, each followed by its response's first step. */
async function write(
  url: string,
  key: string,
  places: readonly { lon: number; lat: number }[],
  rate: number,
): Promise<number> {
  const started = performance.now();
  const writes: Promise<void>[] = [];
  for (const [index, location] of places.entries()) {
    const wait = started + (index * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    writes.push(
      (async () => {
        const body = incidentBody({ summary: `Embed bench incident ${index}`, location });
        const { id } = (await post(url, key, '/api/v1/incidents', body)) as { id: string };
        await post(url, key, `/api/v1/incidents/${id}/responses`, { step: 'dispatched' });
      })(),
    );
  }
  await Promise.all(writes);
  return places.length * 2;
}

/** Waits until nothing new has arrived for a while; returns when the last delivery came. */
async function drain(load: ClientLoad): Promise<number> {
  const started = performance.now();
  let last = -1;
  let lastChange = started;
  for (;;) {
    const { received } = await load.counts();
    const at = performance.now();
    if (received !== last) {
      last = received;
      lastChange = at;
    }
    if (at - lastChange > QUIET_MS || at - started > DRAIN_LIMIT_MS) return lastChange;
    await sleep(50);
  }
}

/** N clients of one kind on the server while the places are written; what it cost the server. */
export async function measureKind(
  servers: StreamServers,
  load: ClientLoad,
  key: string,
  kind: ClientKind,
  places: readonly { lon: number; lat: number }[],
  rate: number,
): Promise<Cost> {
  const before = await memory(servers);
  const connected = await load.connect(
    'socket.io',
    servers.server.url,
    kind.viewports,
    50,
    kind.streams,
  );
  if (connected.failed > 0) {
    throw new Error(
      `${kind.name}: ${connected.failed} sockets could not connect: ${connected.errors.join('; ')}`,
    );
  }
  const after = await memory(servers);
  await sleep(1_000);
  const cpuStart = cpuSeconds(servers.server.pid);
  const written = await write(servers.ingest.url, key, places, rate);
  await drain(load);
  const cpuEnd = cpuSeconds(servers.server.pid);
  const { received, resyncs, dropped } = await load.counts();
  await load.disconnect();
  const clients = kind.viewports.length;
  return {
    name: kind.name,
    clients,
    sockets: connected.connected,
    written,
    delivered: received,
    lost: resyncs + dropped,
    cpuSeconds: cpuEnd - cpuStart,
    rssPerClient: (after.rss - before.rss) / clients,
    heapPerClient:
      after.heap !== undefined && before.heap !== undefined
        ? (after.heap - before.heap) / clients
        : undefined,
  };
}
