import type { Server, Socket } from 'socket.io';
import type { Bbox } from '../../shared/geo/bbox.js';
import type {
  ClientToServerEvents,
  Layer,
  Resync,
  ServerToClientEvents,
  StreamEvent,
  Subscribe,
  SubscribeAck,
} from '../../shared/realtime/protocol.js';
import type { Demand } from './relay.js';
import { SubscriptionIndex } from './subscription-index.js';
import { toOutgoing, type Outgoing, type RelayRow } from './stream-events.js';

export type StreamSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
export type StreamServer = Server<ClientToServerEvents, ServerToClientEvents>;

export interface FanOutOptions {
  /** More missed events than this are not replayed: the client gets a resync instead. */
  maxBacklog: number;
  /** Packets waiting to be written to one socket before it counts as too slow. */
  maxQueuedPackets: number;
}

/** Where missed events come from: the relay's position and the events table. */
export interface EventSource {
  readonly cursor: number;
  read(after: number, upTo: number, limit: number, withPrivate: boolean): Promise<RelayRow[]>;
  /** The last event id in the database (the relay's cursor may trail it). */
  head(): Promise<number>;
}

interface Subscriber {
  socket: StreamSocket;
  exact: boolean;
  bbox: Bbox;
  layers: ReadonlySet<Layer>;
  categories: ReadonlySet<string> | null;
  /** Events up to this id were sent under this subscription, or are known to the client. */
  lastSent: number;
  /** While missed events are replayed, live ones wait here. */
  waiting: StreamEvent[] | null;
  /** Bumped by every subscribe, so a replay for an older one stops. */
  generation: number;
  /** Too slow or too far behind: nothing more until it subscribes again. */
  paused: boolean;
}

const BACKLOG_PAGE = 500;
/** A replaying client that reads nothing for this long is too slow and is told to resync. */
const REPLAY_DRAIN_TIMEOUT_MS = 10_000;

function queuedPackets(socket: StreamSocket): number {
  // engine.io keeps the packets it could not write yet here; its type marks it private.
  return (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
}

function matches(
  subscriber: Subscriber,
  coordinates: readonly number[] | undefined,
  category: string | undefined,
): boolean {
  if (subscriber.categories && !subscriber.categories.has(category ?? '')) return false;
  if (!coordinates) return false;
  const [lon = Number.NaN, lat = Number.NaN] = coordinates;
  const [minLon, minLat, maxLon, maxLat] = subscriber.bbox;
  return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
}

/**
 * The message for this subscriber, or null when the event does not concern it: the new
 * feature where it matches the subscription, else `removed` where the feature it replaces did.
 */
function eventFor(subscriber: Subscriber, outgoing: Outgoing): StreamEvent | null {
  if (!subscriber.layers.has(outgoing.layer)) return null;
  if (subscriber.exact) {
    const event = outgoing.dispatcher;
    if (!event) return null;
    return matches(subscriber, event.feature.geometry?.coordinates, outgoing.category)
      ? event
      : null;
  }
  const event = outgoing.public;
  if (event && matches(subscriber, event.feature.geometry?.coordinates, outgoing.category)) {
    return event;
  }
  const { retracted } = outgoing;
  if (retracted && matches(subscriber, retracted.coordinates, retracted.category)) {
    return retracted.event;
  }
  return null;
}

/**
 * Whether a replayed message concerns what the client holds. A `removed` takes away a feature
 * the client had as of `since`, or one this replay sent it; a feature published after `since`
 * whose part has been withheld since was never sent, and telling the client it is gone would
 * tell where a withdrawn incident had been.
 */
function heldByClient(
  event: StreamEvent,
  outgoing: Outgoing,
  since: number,
  sent: ReadonlySet<string>,
): boolean {
  if (event.type !== 'removed' || !outgoing.retracted) return true;
  return outgoing.retracted.publishedBy <= since || sent.has(event.feature.id);
}

/**
 * Sends each committed event to the sockets whose subscription matches it, in id order, at
 * most once each. Matching goes through a spatial index, and each event is broadcast once per
 * audience (public, dispatcher), so socket.io encodes it once, not once per socket.
 */
export class FanOut {
  readonly #subscribers = new Map<string, Subscriber>();
  readonly #publicIndex = new SubscriptionIndex<Subscriber>();
  readonly #exactIndex = new SubscriptionIndex<Subscriber>();

  constructor(
    private readonly io: StreamServer,
    private readonly source: EventSource,
    private readonly options: FanOutOptions,
  ) {}

  /** The latest event id handed out to subscribers. */
  get cursor(): number {
    return this.source.cursor;
  }

  /** What the relay must read for these subscribers. */
  demand(): Demand {
    if (this.#exactIndex.size > 0) return 'exact';
    return this.#publicIndex.size > 0 ? 'public' : 'none';
  }

  /**
   * A subscription starts afresh from its own `since`, even on a socket that was sent later
   * events before: the client says what it holds, and an older `since` (a client that dropped
   * its state) is replayed from there. Clients skip ids they have applied already.
   */
  subscribe(socket: StreamSocket, exact: boolean, subscription: Subscribe): SubscribeAck {
    const previous = this.#subscribers.get(socket.id);
    const subscriber: Subscriber = {
      socket,
      exact,
      bbox: subscription.bbox,
      layers: new Set(subscription.layers),
      categories: subscription.categories ? new Set(subscription.categories) : null,
      lastSent: 0,
      waiting: null,
      generation: (previous?.generation ?? 0) + 1,
      paused: false,
    };
    this.unsubscribe(socket);
    this.#subscribers.set(socket.id, subscriber);
    (exact ? this.#exactIndex : this.#publicIndex).set(subscriber, subscription.bbox);

    const cursor = this.source.cursor;
    const { since } = subscription;
    if (since === undefined || since >= cursor) {
      subscriber.lastSent = since ?? cursor;
      if (since !== undefined && since > cursor) void this.#checkNotAhead(subscriber, since);
    } else if (cursor - since > this.options.maxBacklog) {
      this.#resync(subscriber, 'backlog_too_large', cursor);
    } else {
      subscriber.lastSent = since;
      subscriber.waiting = [];
      void this.#replay(subscriber, since, cursor);
    }
    return { ok: true, cursor };
  }

  unsubscribe(socket: StreamSocket): void {
    const subscriber = this.#subscribers.get(socket.id);
    if (!subscriber) return;
    subscriber.generation += 1;
    this.#publicIndex.delete(subscriber);
    this.#exactIndex.delete(subscriber);
    this.#subscribers.delete(socket.id);
  }

  /** Called by the relay with each batch of committed events, in id order. */
  dispatch(rows: readonly RelayRow[]): void {
    for (const row of rows) {
      const outgoing = toOutgoing(row);
      if (!outgoing) continue;
      this.#broadcast(outgoing, false);
      this.#broadcast(outgoing, true);
    }
  }

  #broadcast(outgoing: Outgoing, exact: boolean): void {
    const index = exact ? this.#exactIndex : this.#publicIndex;
    const places = exact
      ? [outgoing.dispatcher?.feature.geometry?.coordinates]
      : [outgoing.public?.feature.geometry?.coordinates, outgoing.retracted?.coordinates];
    const candidates = new Set<Subscriber>();
    for (const place of places) {
      if (!place) continue;
      for (const subscriber of index.matching(place[0], place[1])) {
        candidates.add(subscriber);
      }
    }
    // One broadcast per distinct message, so socket.io encodes each once.
    const targets = new Map<StreamEvent, string[]>();
    for (const subscriber of candidates) {
      if (subscriber.paused || outgoing.id <= subscriber.lastSent) continue;
      const event = eventFor(subscriber, outgoing);
      if (event === null) continue;
      if (subscriber.waiting) {
        if (subscriber.waiting.length >= this.options.maxBacklog) {
          this.#resync(subscriber, 'backlog_too_large', this.source.cursor);
        } else {
          subscriber.waiting.push(event);
        }
        continue;
      }
      if (queuedPackets(subscriber.socket) > this.options.maxQueuedPackets) {
        this.#resync(subscriber, 'too_slow', this.source.cursor);
        continue;
      }
      subscriber.lastSent = outgoing.id;
      const group = targets.get(event) ?? [];
      group.push(subscriber.socket.id);
      targets.set(event, group);
    }
    for (const [event, sockets] of targets) this.io.to(sockets).emit('event', event);
  }

  /** Sends the events in (since, upTo] from the database, then those that arrived meanwhile. */
  async #replay(subscriber: Subscriber, since: number, upTo: number): Promise<void> {
    const { generation, socket } = subscriber;
    const current = () => subscriber.generation === generation && socket.connected;
    const sent = new Set<string>();
    try {
      let after = since;
      while (after < upTo) {
        const rows = await this.source.read(after, upTo, BACKLOG_PAGE, subscriber.exact);
        if (!current() || rows.length === 0) break;
        for (const row of rows) {
          const outgoing = toOutgoing(row);
          const event = outgoing ? eventFor(subscriber, outgoing) : null;
          if (outgoing && event && heldByClient(event, outgoing, since, sent)) {
            socket.emit('event', event);
            if (event.type !== 'removed') sent.add(event.feature.id);
          }
          subscriber.lastSent = row.id;
        }
        // Replay at the pace the client reads: at most a page beyond the limit is ever queued.
        if (!(await this.#drained(socket))) {
          if (current()) this.#resync(subscriber, 'too_slow', this.source.cursor);
          return;
        }
        after = rows[rows.length - 1]?.id ?? upTo;
      }
      if (!current() || subscriber.paused) return;
      for (const event of subscriber.waiting ?? []) {
        if (event.id > subscriber.lastSent) {
          socket.emit('event', event);
          subscriber.lastSent = event.id;
        }
      }
      subscriber.waiting = null;
    } catch {
      if (current()) this.#resync(subscriber, 'backlog_too_large', this.source.cursor);
    }
  }

  /** Waits until the socket's queue is back under the limit; false if it stays over it. */
  #drained(socket: StreamSocket): Promise<boolean> {
    const limit = this.options.maxQueuedPackets;
    if (queuedPackets(socket) <= limit) return Promise.resolve(true);
    return new Promise((resolve) => {
      const connection = socket.conn;
      const finish = () => {
        clearTimeout(timer);
        connection.off('drain', onDrain);
        connection.off('close', finish);
        resolve(queuedPackets(socket) <= limit && socket.connected);
      };
      const onDrain = () => {
        if (queuedPackets(socket) <= limit) finish();
      };
      const timer = setTimeout(finish, REPLAY_DRAIN_TIMEOUT_MS);
      connection.on('drain', onDrain);
      connection.on('close', finish);
    });
  }

  /**
   * A `since` past the relay's cursor is usually a client that saw a busier process first; but
   * one past the database's last event (a restored database) would wait forever: resync it.
   */
  async #checkNotAhead(subscriber: Subscriber, since: number): Promise<void> {
    const { generation } = subscriber;
    try {
      const head = await this.source.head();
      if (since > head && subscriber.generation === generation) {
        subscriber.lastSent = head;
        this.#resync(subscriber, 'ahead_of_server', head);
      }
    } catch {
      // The database is unreachable: the relay and the next subscribe will find out.
    }
  }

  /** Stops sending to a subscriber and tells it to reload from its snapshot and `cursor`. */
  #resync(subscriber: Subscriber, reason: Resync['reason'], cursor: number): void {
    subscriber.paused = true;
    subscriber.waiting = null;
    if (reason !== 'ahead_of_server') subscriber.lastSent = Math.max(subscriber.lastSent, cursor);
    setImmediate(() => subscriber.socket.emit('resync', { reason, cursor }));
  }
}
