import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  SOCKET_PATH,
  type ClientToServerEvents,
  type Resync,
  type ServerToClientEvents,
  type StreamEvent,
  type Subscribe,
  type SubscribeAck,
} from '../../shared/realtime/protocol.js';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real socket.io client that records what it receives. */
export interface Listener {
  socket: TestSocket;
  events: StreamEvent[];
  resyncs: Resync[];
  subscribe(subscription: Subscribe): Promise<SubscribeAck>;
  /**
   * Subscribes and returns what arrives after the ack. The count is taken in the ack's own
   * callback: an awaited ack resumes only after every packet that came in the same chunk (the
   * first replayed events, on a busy machine) has been handled.
   */
  subscribeAndMark(
    subscription: Subscribe,
  ): Promise<{ ack: SubscribeAck; afterAck: () => StreamEvent[] }>;
  close(): void;
}

export async function connectListener(
  url: string,
  options: {
    token?: string;
    protocol?: number;
    cookie?: string;
    /** The page's origin, as a browser sends it. */
    origin?: string;
    /** The public's stream whatever the credentials (as the embeds ask). */
    anonymous?: boolean;
  } = {},
): Promise<Listener> {
  const socket: TestSocket = io(url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    reconnection: false,
    // A signed-in person's socket: the session cookie, as a browser sends it (tests/support/accounts.ts).
    extraHeaders: {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    },
    auth: {
      protocol: options.protocol ?? PROTOCOL_VERSION,
      ...(options.token ? { token: options.token } : {}),
      ...(options.anonymous === undefined ? {} : { anonymous: options.anonymous }),
    },
  });
  const events: StreamEvent[] = [];
  const resyncs: Resync[] = [];
  socket.on('event', (event) => events.push(event));
  socket.on('resync', (resync) => resyncs.push(resync));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      resolve();
    });
    socket.once('connect_error', (error) => {
      reject(error);
    });
  });
  return {
    socket,
    events,
    resyncs,
    subscribe: (subscription) => socket.timeout(10_000).emitWithAck('subscribe', subscription),
    subscribeAndMark: (subscription) =>
      new Promise((resolve, reject) => {
        socket.timeout(10_000).emit('subscribe', subscription, (error: Error | null, ack) => {
          if (error) {
            reject(error);
            return;
          }
          const mark = events.length;
          resolve({ ack, afterAck: () => events.slice(mark) });
        });
      }),
    close: () => socket.close(),
  };
}

/** Waits until `check` holds, polling; fails with `what` after the timeout. */
export async function waitFor(
  check: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
