import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { PROTOCOL_VERSION, SOCKET_PATH } from '../../../shared/realtime/constants.js';
import type {
  ClientToServerEvents,
  Handshake,
  Resync,
  ServerToClientEvents,
  StreamEvent,
  Subscribe,
  SubscribeAck,
} from '../../../shared/realtime/protocol.js';
import { EventQueue, type ScheduleFrame } from './event-batcher.js';

/** For the live indicator. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'resyncing' | 'closed';

/** What the map shows; `since` is the stream's business. */
export type Subscription = Omit<Subscribe, 'since'>;

export interface LiveStreamOptions {
  /** The server's base URL; default: the page's origin. */
  url?: string;
  /**
   * An API key, for machines. People need none: the handshake carries the session cookie (same
   * origin), and a dispatcher's socket receives exact locations.
   */
  token?: string;
  /**
   * An embed's stream (issue 14): public whoever opens it, so no cookie goes along and the
   * server ignores any session.
   */
  anonymous?: boolean;
  /** New events, in id order, at most once per animation frame. */
  onEvents: (batch: StreamEvent[]) => void;
  /** Reload the snapshot by bbox; the stream resumes from `resync.cursor` once it settles. */
  onResync?: (resync: Resync) => void | Promise<void>;
  onStatus?: (status: LiveStatus) => void;
  /**
   * The server closed the socket (not the network): it shuts down, or the session the socket
   * was opened with ended (idle or absolute expiry, sign-out everywhere, a new role). The server
   * says not which, so a signed-in page re-reads its session (session.svelte.ts).
   */
  onServerClose?: () => void;
  /** Connection refused, a re-subscription refused, or a callback that threw. */
  onError?: (error: Error) => void;
  /** Default: requestAnimationFrame, or a 16 ms timer without one. */
  scheduleFrame?: ScheduleFrame;
  /** Extra socket.io options (e.g. reconnection delays in tests; `ackTimeout`, default 10 s). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

/** Whether a socket.io disconnect reason means the server let go of the socket on purpose. */
export function closedByServer(reason: string): boolean {
  return reason === 'io server disconnect';
}

const CLOSED: SubscribeAck = { ok: false, error: 'closed', message: 'The live stream is closed' };

/** The live map's stream (shared/realtime/protocol.ts) over socket.io. */
export class LiveStream {
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly #options: LiveStreamOptions;
  readonly #queue: EventQueue<StreamEvent>;
  #subscription: Subscription | undefined;
  /** subscribe() calls made while disconnected: answered by the ack after the next connect. */
  #waiting: ((ack: SubscribeAck) => void)[] = [];
  #status: LiveStatus = 'connecting';
  #resyncs = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(options: LiveStreamOptions) {
    this.#options = options;
    this.#queue = new EventQueue(options.onEvents, options.scheduleFrame);
    const auth: Handshake = { protocol: PROTOCOL_VERSION };
    if (options.token !== undefined) auth.token = options.token;
    if (options.anonymous === true) auth.anonymous = true;
    const socketOptions: Partial<ManagerOptions & SocketOptions> = {
      transports: ['websocket', 'polling'],
      tryAllTransports: true, // websocket first, long-polling when it fails
      reconnection: true,
      ackTimeout: 10_000, // emitWithAck rejects after it
      withCredentials: options.anonymous !== true, // the session cookie, for long-polling too
      ...options.socketOptions,
      path: SOCKET_PATH,
      auth,
    };
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> =
      options.url === undefined ? io(socketOptions) : io(options.url, socketOptions);
    this.#socket = socket;

    socket.on('connect', () => {
      // Resume where we were: the server first sends every matching event after `since`.
      if (this.#subscription) {
        void this.#send().then((ack) => {
          this.#answerWaiting(ack);
        });
      } else this.#settle();
    });
    socket.on('disconnect', (reason) => {
      if (this.#status === 'closed') return;
      this.#setStatus('reconnecting');
      // The server let go of us (e.g. it is shutting down): socket.io only retries by itself
      // after a transport failure, so come back (to this or another process) after a pause.
      if (closedByServer(reason)) {
        this.#retry = setTimeout(() => socket.connect(), 1000 + Math.random() * 1000);
        this.#options.onServerClose?.();
      }
    });
    socket.on('connect_error', (error) => {
      this.#options.onError?.(error);
      // Not active: the server refused the handshake (incompatible_protocol, bad token).
      if (!socket.active) this.close();
    });
    socket.on('event', (event) => this.#queue.receive(event));
    socket.on('resync', (resync) => void this.#resync(resync));
  }

  get status(): LiveStatus {
    return this.#status;
  }

  /** Events received and passed on (duplicates not counted). */
  get eventsReceived(): number {
    return this.#queue.received;
  }

  /** The id the stream resumes after; undefined before the first ack or event. */
  get lastEventId(): number | undefined {
    return this.#queue.lastId;
  }

  /** Replaces the subscription (the map moved); resolves with the server's ack. */
  subscribe(subscription: Subscription): Promise<SubscribeAck> {
    if (this.#status === 'closed') return Promise.resolve(CLOSED);
    const { bbox, layers, categories } = subscription;
    this.#subscription = categories === undefined ? { bbox, layers } : { bbox, layers, categories };
    if (!this.#socket.connected) return new Promise((resolve) => this.#waiting.push(resolve));
    return this.#send();
  }

  close(): void {
    if (this.#status === 'closed') return;
    this.#setStatus('closed');
    clearTimeout(this.#retry);
    this.#queue.clear();
    this.#socket.disconnect();
    this.#socket.off();
    this.#answerWaiting(CLOSED);
  }

  async #send(): Promise<SubscribeAck> {
    if (!this.#subscription) throw new Error('no subscription to send');
    const since = this.#queue.lastId;
    const request: Subscribe = { ...this.#subscription, ...(since !== undefined && { since }) };
    let ack: SubscribeAck;
    try {
      ack = await this.#socket.emitWithAck('subscribe', request);
    } catch {
      // Disconnected before the ack: the subscription is sent again on reconnect.
      if (this.#status === 'closed') return CLOSED;
      if (!this.#socket.connected) return new Promise((resolve) => this.#waiting.push(resolve));
      ack = { ok: false, error: 'timeout', message: 'The server did not answer the subscription' };
    }
    if (ack.ok) {
      this.#queue.start(ack.cursor);
      this.#settle();
    }
    return ack;
  }

  async #resync(resync: Resync): Promise<void> {
    const generation = ++this.#resyncs;
    this.#queue.beginResync(resync.cursor);
    this.#setStatus('resyncing');
    try {
      await this.#options.onResync?.(resync);
    } catch (error) {
      this.#options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
    if (generation !== this.#resyncs || this.#status === 'closed') return; // a newer resync
    this.#queue.endResync();
    if (!this.#socket.connected) return; // the connect handler re-subscribes
    if (!this.#subscription) {
      this.#settle();
      return;
    }
    const ack = await this.#send();
    if (!ack.ok && ack.error !== 'closed') this.#options.onError?.(new Error(ack.message));
  }

  #settle(): void {
    if (this.#status === 'closed' || !this.#socket.connected) return;
    this.#setStatus(this.#queue.resyncing ? 'resyncing' : 'live');
  }

  #answerWaiting(ack: SubscribeAck): void {
    if (!ack.ok && ack.error !== 'closed') this.#options.onError?.(new Error(ack.message));
    for (const resolve of this.#waiting.splice(0)) resolve(ack);
  }

  #setStatus(status: LiveStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#options.onStatus?.(status);
  }
}
