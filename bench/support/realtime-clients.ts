/**
 * The load process of `npm run bench:realtime`: many live-map clients in one process, apart from
 * the servers they load. Started by forkClientLoad() (IPC); on command it connects N clients to
 * Openbeat (socket.io-client, websocket transport, one connection each) or to the bare ws relay,
 * each with its own viewport, and records every event it receives with the time it arrived.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import {
  PROTOCOL_VERSION,
  SOCKET_PATH,
  type ClientToServerEvents,
  type Handshake,
  type Layer,
  type ServerToClientEvents,
  type StreamEvent,
  type SubscribeAck,
} from '../../shared/realtime/protocol.js';
import { REPO_ROOT } from './child-server.js';
import { onCleanup } from './cleanup.js';

export type Bbox = [number, number, number, number];
export type TargetKind = 'socket.io' | 'ws';

/**
 * One socket a client opens per viewport: its layers and whether its handshake asks for the
 * public's stream (as the embeds do). The live map opens one per layer it shows.
 */
export interface StreamSpec {
  layers: Layer[];
  anonymous?: boolean;
}

const ONE_INCIDENTS_STREAM: StreamSpec[] = [{ layers: ['incidents'] }];

/** What one client received, in arrival order. */
export interface Received {
  /** The feature (incident) id of each event. */
  features: string[];
  /** The event id of each. */
  ids: number[];
  /** performance.timeOrigin + performance.now() at arrival, in ms. */
  times: number[];
}

export interface ConnectResult {
  connected: number;
  failed: number;
  /** The first few failures. */
  errors: string[];
  seconds: number;
}

export interface Counts {
  received: number;
  /** `resync` messages (Openbeat asks a client to reload: it missed events). */
  resyncs: number;
  /** Connections that closed while they should have stayed open. */
  dropped: number;
}

type Request =
  | {
      op: 'connect';
      kind: TargetKind;
      url: string;
      viewports: Bbox[];
      concurrency: number;
      streams?: StreamSpec[];
    }
  | { op: 'counts' }
  | { op: 'collect' }
  | { op: 'disconnect' };

type Reply = ConnectResult | Counts | Received[] | null;

interface Envelope {
  seq: number;
  request?: Request;
  reply?: Reply;
  error?: string;
}

const now = () => performance.timeOrigin + performance.now();

// ---- in the load process ------------------------------------------------------------------

interface LoadClient {
  received: Received;
  close(): void;
}

let clients: (LoadClient | undefined)[] = [];
let counts: Counts = { received: 0, resyncs: 0, dropped: 0 };
let closing = false;

function record(received: Received, feature: string, id: number): void {
  received.features.push(feature);
  received.ids.push(id);
  received.times.push(now());
  counts.received += 1;
}

function connectSocketIo(
  url: string,
  bbox: Bbox,
  stream: StreamSpec = { layers: ['incidents'] },
): Promise<LoadClient> {
  const received: Received = { features: [], ids: [], times: [] };
  const auth: Handshake = { protocol: PROTOCOL_VERSION };
  if (stream.anonymous) auth.anonymous = true;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true, // one connection per client, not one shared by all
    reconnection: false,
    auth,
  });
  socket.on('event', (event: StreamEvent) => {
    record(received, event.feature.id, event.id);
  });
  socket.on('resync', () => {
    counts.resyncs += 1;
  });
  const client: LoadClient = {
    received,
    close: () => {
      socket.disconnect();
    },
  };
  return new Promise<LoadClient>((resolve, reject) => {
    socket.once('connect_error', (error) => {
      socket.disconnect();
      reject(error);
    });
    socket.once('connect', () => {
      socket.on('disconnect', () => {
        if (!closing) counts.dropped += 1;
      });
      socket
        .timeout(30_000)
        .emitWithAck('subscribe', { bbox, layers: stream.layers })
        .then((ack: SubscribeAck) => {
          if (ack.ok) resolve(client);
          else throw new Error(`subscribe refused: ${ack.error} ${ack.message}`);
        })
        .catch((error: unknown) => {
          socket.disconnect();
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  });
}

function textOf(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString();
  return data instanceof ArrayBuffer ? Buffer.from(data).toString() : data.toString();
}

function connectWs(url: string, bbox: Bbox): Promise<LoadClient> {
  const received: Received = { features: [], ids: [], times: [] };
  const socket = new WebSocket(url, { perMessageDeflate: false });
  const client: LoadClient = {
    received,
    close: () => {
      socket.close();
    },
  };
  return new Promise<LoadClient>((resolve, reject) => {
    let subscribed = false;
    socket.once('error', reject);
    socket.once('open', () => {
      socket.send(JSON.stringify({ bbox }));
    });
    socket.on('message', (data: WebSocket.RawData) => {
      const message = JSON.parse(textOf(data)) as { ok?: boolean } | StreamEvent;
      if ('feature' in message) {
        record(received, message.feature.id, message.id);
      } else if (!subscribed && message.ok) {
        subscribed = true;
        socket.on('close', () => {
          if (!closing) counts.dropped += 1;
        });
        resolve(client);
      }
    });
  });
}

async function connectAll(
  kind: TargetKind,
  url: string,
  viewports: Bbox[],
  concurrency: number,
  streams: StreamSpec[] = ONE_INCIDENTS_STREAM,
): Promise<ConnectResult> {
  const started = performance.now();
  closing = false;
  counts = { received: 0, resyncs: 0, dropped: 0 };
  // One socket per viewport and stream, in that order (viewport-major).
  const jobs = viewports.flatMap((bbox) => streams.map((stream) => ({ bbox, stream })));
  const result = Array.from<LoadClient | undefined>({ length: jobs.length });
  const errors: string[] = [];
  let failed = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++) {
      const job = jobs[i];
      if (!job) continue;
      try {
        result[i] = await (kind === 'socket.io'
          ? connectSocketIo(url, job.bbox, job.stream)
          : connectWs(url, job.bbox));
      } catch (error) {
        failed += 1;
        if (errors.length < 5) errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  clients = result;
  return {
    connected: result.filter(Boolean).length,
    failed,
    errors,
    seconds: (performance.now() - started) / 1000,
  };
}

async function disconnectAll(): Promise<null> {
  closing = true;
  for (const client of clients) client?.close();
  clients = [];
  // Let the close frames go out before the next phase connects.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return null;
}

async function handle(request: Request): Promise<Reply> {
  switch (request.op) {
    case 'connect':
      return connectAll(
        request.kind,
        request.url,
        request.viewports,
        request.concurrency,
        request.streams,
      );
    case 'counts':
      return counts;
    case 'collect':
      return Array.from(
        clients,
        (client) => client?.received ?? { features: [], ids: [], times: [] },
      );
    case 'disconnect':
      return disconnectAll();
  }
}

function serve(): void {
  process.on('message', (envelope: Envelope) => {
    const { seq, request } = envelope;
    if (!request) return;
    handle(request).then(
      (reply) => process.send?.({ seq, reply } satisfies Envelope),
      (error: unknown) =>
        process.send?.({
          seq,
          error: error instanceof Error ? error.message : String(error),
        } satisfies Envelope),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

// ---- in the benchmark process ---------------------------------------------------------------

export interface ClientLoad {
  pid: number;
  connect(
    kind: TargetKind,
    url: string,
    viewports: Bbox[],
    concurrency?: number,
    streams?: StreamSpec[],
  ): Promise<ConnectResult>;
  counts(): Promise<Counts>;
  collect(): Promise<Received[]>;
  disconnect(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the load process (node --import tsx, IPC with structured-clone serialization). */
export async function forkClientLoad(): Promise<ClientLoad> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the load process did not start');
  let seq = 0;
  const waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let ended: string | undefined;
  child.on('message', (envelope: Envelope) => {
    const entry = waiting.get(envelope.seq);
    waiting.delete(envelope.seq);
    if (envelope.error !== undefined) entry?.reject(new Error(envelope.error));
    else entry?.resolve(envelope.reply ?? null);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = signal ? `killed by ${signal}` : `exit code ${code ?? '?'}`;
      for (const entry of waiting.values())
        entry.reject(new Error(`the load process ended (${ended})`));
      waiting.clear();
      resolve();
    });
  });
  const ask = <T extends Reply>(request: Request) =>
    new Promise<T>((resolve, reject) => {
      if (ended !== undefined) {
        reject(new Error(`the load process ended (${ended})`));
        return;
      }
      seq += 1;
      waiting.set(seq, { resolve: resolve as (r: Reply) => void, reject });
      child.send({ seq, request } satisfies Envelope);
    });
  const stop = async () => {
    if (ended !== undefined) return;
    child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  onCleanup('stop the load process', stop);
  return {
    pid,
    connect: (kind, url, viewports, concurrency = 50, streams) =>
      ask<ConnectResult>({ op: 'connect', kind, url, viewports, concurrency, streams }),
    counts: () => ask<Counts>({ op: 'counts' }),
    collect: () => ask<Received[]>({ op: 'collect' }),
    disconnect: async () => {
      await ask<null>({ op: 'disconnect' });
    },
    stop,
  };
}

if (process.argv.includes('--serve') && process.send) serve();
