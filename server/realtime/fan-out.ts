import { containsPoint, type Bbox } from '../../shared/geo/bbox.js';
import { AUDIENCES, readsPrivateParts, type Audience } from '../../shared/layers/audiences.js';
import type {
  Layer,
  Resync,
  StreamEvent,
  Subscribe,
  SubscribeAck,
} from '../../shared/realtime/protocol.js';
import type { EventLog, RelayRow } from './event-log.js';
import { messageFor, removalFor, toOutgoing, type Outgoing } from './outgoing.js';
import type { Demand } from './relay.js';
import { SubscriptionIndex } from './subscription-index.js';
import type { StreamConnection, StreamTransport } from './transport.js';

export interface FanOutOptions {
  /** More missed events than this are not replayed: the client gets a resync instead. */
  maxBacklog: number;
  /** Packets waiting to be written to one socket before it counts as too slow. */
  maxQueuedPackets: number;
}

/** Where missed events come from: the relay's position and the events table. */
export interface ReplaySource extends EventLog {
  /** The last event id the relay has handed out. */
  readonly cursor: number;
}

interface Subscriber {
  connection: StreamConnection;
  audience: Audience;
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
const PRIVATE_READERS: ReadonlySet<Audience> = new Set(AUDIENCES.filter(readsPrivateParts));

function matches(
  subscriber: Subscriber,
  coordinates: readonly number[] | undefined,
  category: string | undefined,
): boolean {
  if (subscriber.categories && !subscriber.categories.has(category ?? '')) return false;
  if (!coordinates) return false;
  const [lon = Number.NaN, lat = Number.NaN] = coordinates;
  return containsPoint(subscriber.bbox, lon, lat);
}

/**
 * The message for this subscriber, or null when the event does not concern it: its audience's
 * part where that matches the subscription, else `removed` where its audience is told of
 * removals and the feature the event replaces matched.
 */
function eventFor(subscriber: Subscriber, outgoing: Outgoing): StreamEvent | null {
  if (!subscriber.layers.has(outgoing.layer)) return null;
  const message = messageFor(outgoing, subscriber.audience);
  if (message && matches(subscriber, message.feature.geometry?.coordinates, outgoing.category)) {
    return message;
  }
  const removal = removalFor(outgoing, subscriber.audience);
  if (removal && matches(subscriber, removal.coordinates, removal.category)) return removal.event;
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
 * Sends each committed event to the connections whose subscription matches it, in id order, at
 * most once each, each audience the part the rule table gives it. Matching goes through a
 * spatial index per audience, and each distinct message is broadcast once, so the transport
 * encodes it once, not once per connection.
 */
export class FanOut {
  readonly #subscribers = new Map<string, Subscriber>();
  readonly #indexes = new Map<Audience, SubscriptionIndex<Subscriber>>();

  constructor(
    private readonly transport: StreamTransport,
    private readonly source: ReplaySource,
    private readonly options: FanOutOptions,
  ) {}

  /** The latest event id handed out to subscribers. */
  get cursor(): number {
    return this.source.cursor;
  }

  /** What the relay must read for these subscribers. */
  demand(): Demand {
    let demand: Demand = 'none';
    for (const [audience, index] of this.#indexes) {
      if (index.size === 0) continue;
      if (PRIVATE_READERS.has(audience)) return 'private';
      demand = 'public';
    }
    return demand;
  }

  /**
   * A subscription starts afresh from its own `since`, even on a connection that was sent later
   * events before: the client says what it holds, and an older `since` (a client that dropped
   * its state) is replayed from there. Clients skip ids they have applied already.
   */
  subscribe(
    connection: StreamConnection,
    audience: Audience,
    subscription: Subscribe,
  ): SubscribeAck {
    const previous = this.#subscribers.get(connection.id);
    const subscriber: Subscriber = {
      connection,
      audience,
      bbox: subscription.bbox,
      layers: new Set(subscription.layers),
      categories: subscription.categories ? new Set(subscription.categories) : null,
      lastSent: 0,
      waiting: null,
      generation: (previous?.generation ?? 0) + 1,
      paused: false,
    };
    this.unsubscribe(connection);
    this.#subscribers.set(connection.id, subscriber);
    this.#indexOf(audience).set(subscriber, subscription.bbox);

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

  unsubscribe(connection: StreamConnection): void {
    const subscriber = this.#subscribers.get(connection.id);
    if (!subscriber) return;
    subscriber.generation += 1;
    this.#indexes.get(subscriber.audience)?.delete(subscriber);
    this.#subscribers.delete(connection.id);
  }

  /** Called by the relay with each batch of committed events, in id order. */
  dispatch(rows: readonly RelayRow[]): void {
    for (const row of rows) {
      const outgoing = toOutgoing(row);
      if (!outgoing) continue;
      // One broadcast per distinct message, so the transport encodes each once: audiences that
      // the rule table gives the same part share its message.
      const targets = new Map<StreamEvent, string[]>();
      for (const [audience, index] of this.#indexes) {
        if (index.size > 0) this.#collectTargets(outgoing, audience, index, targets);
      }
      for (const [event, connections] of targets) this.transport.broadcast(connections, event);
    }
  }

  #indexOf(audience: Audience): SubscriptionIndex<Subscriber> {
    let index = this.#indexes.get(audience);
    if (!index) this.#indexes.set(audience, (index = new SubscriptionIndex<Subscriber>()));
    return index;
  }

  #collectTargets(
    outgoing: Outgoing,
    audience: Audience,
    index: SubscriptionIndex<Subscriber>,
    targets: Map<StreamEvent, string[]>,
  ): void {
    const places = [
      messageFor(outgoing, audience)?.feature.geometry?.coordinates,
      removalFor(outgoing, audience)?.coordinates,
    ];
    const candidates = new Set<Subscriber>();
    for (const place of places) {
      if (!place) continue;
      for (const subscriber of index.matching(place[0], place[1])) candidates.add(subscriber);
    }
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
      if (subscriber.connection.queuedMessages() > this.options.maxQueuedPackets) {
        this.#resync(subscriber, 'too_slow', this.source.cursor);
        continue;
      }
      subscriber.lastSent = outgoing.id;
      const group = targets.get(event) ?? [];
      group.push(subscriber.connection.id);
      targets.set(event, group);
    }
  }

  /** Sends the events in (since, upTo] from the database, then those that arrived meanwhile. */
  async #replay(subscriber: Subscriber, since: number, upTo: number): Promise<void> {
    const { generation, connection } = subscriber;
    const current = () => subscriber.generation === generation && connection.isOpen;
    const withPrivate = PRIVATE_READERS.has(subscriber.audience);
    const sent = new Set<string>();
    try {
      let after = since;
      while (after < upTo) {
        const rows = await this.source.read({ after, upTo, limit: BACKLOG_PAGE, withPrivate });
        if (!current() || rows.length === 0) break;
        for (const row of rows) {
          const outgoing = toOutgoing(row);
          const event = outgoing ? eventFor(subscriber, outgoing) : null;
          if (outgoing && event && heldByClient(event, outgoing, since, sent)) {
            connection.send(event);
            if (event.type !== 'removed') sent.add(event.feature.id);
          }
          subscriber.lastSent = row.id;
        }
        // Replay at the pace the client reads: at most a page beyond the limit is ever queued.
        const limit = this.options.maxQueuedPackets;
        if (!(await connection.drained(limit, REPLAY_DRAIN_TIMEOUT_MS))) {
          if (current()) this.#resync(subscriber, 'too_slow', this.source.cursor);
          return;
        }
        after = rows[rows.length - 1]?.id ?? upTo;
      }
      if (!current() || subscriber.paused) return;
      for (const event of subscriber.waiting ?? []) {
        if (event.id > subscriber.lastSent) {
          connection.send(event);
          subscriber.lastSent = event.id;
        }
      }
      subscriber.waiting = null;
    } catch {
      if (current()) this.#resync(subscriber, 'backlog_too_large', this.source.cursor);
    }
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
    setImmediate(() => {
      subscriber.connection.resync({ reason, cursor });
    });
  }
}
