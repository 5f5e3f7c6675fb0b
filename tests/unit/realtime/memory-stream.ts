import type { Resync, StreamEvent } from '../../../shared/realtime/protocol.js';
import type { EventRange, RelayRow } from '../../../server/realtime/event-log.js';
import type { ReplaySource } from '../../../server/realtime/fan-out.js';
import type { StreamConnection, StreamTransport } from '../../../server/realtime/transport.js';

/** A connection that keeps what it was sent, whose queue a test fills and empties. */
export class MemoryConnection implements StreamConnection {
  readonly received: StreamEvent[] = [];
  readonly resyncs: Resync[] = [];
  isOpen = true;
  queued = 0;
  #drainWaiters: (() => void)[] = [];

  constructor(readonly id: string) {}

  queuedMessages(): number {
    return this.queued;
  }

  send(event: StreamEvent): void {
    this.received.push(event);
  }

  resync(resync: Resync): void {
    this.resyncs.push(resync);
  }

  drained(limit: number): Promise<boolean> {
    if (this.queued <= limit) return Promise.resolve(this.isOpen);
    return new Promise((resolve) => {
      this.#drainWaiters.push(() => {
        resolve(this.queued <= limit && this.isOpen);
      });
    });
  }

  /** The client read its queue, or went away. */
  drain(queued = 0): void {
    this.queued = queued;
    for (const waiter of this.#drainWaiters.splice(0)) waiter();
  }

  ids(): number[] {
    return this.received.map((event) => event.id);
  }
}

/** Delivers broadcasts to its connections, counting them: one per distinct message. */
export class MemoryTransport implements StreamTransport {
  readonly #connections = new Map<string, MemoryConnection>();
  readonly broadcasts: { connectionIds: string[]; event: StreamEvent }[] = [];

  /** The connection with this id, opened on first use. */
  connection(id: string): MemoryConnection {
    let connection = this.#connections.get(id);
    if (!connection) this.#connections.set(id, (connection = new MemoryConnection(id)));
    return connection;
  }

  broadcast(connectionIds: string[], event: StreamEvent): void {
    this.broadcasts.push({ connectionIds: [...connectionIds], event });
    for (const id of connectionIds) this.#connections.get(id)?.send(event);
  }
}

/** The events table in memory: rows in id order, private parts served only when asked for. */
export class MemoryEventLog implements ReplaySource {
  readonly rows: RelayRow[] = [];
  /** The relay's position: what it has handed to the fan-out. */
  cursor = 0;
  reads = 0;
  failing = false;

  async head(): Promise<number> {
    return this.rows.at(-1)?.id ?? 0;
  }

  async read(range: EventRange): Promise<RelayRow[]> {
    this.reads += 1;
    if (this.failing) throw new Error('the database is unreachable');
    return this.rows
      .filter((row) => row.id > range.after && row.id <= range.upTo)
      .slice(0, range.limit)
      .map((row) => (range.withPrivate ? row : { ...row, private: {} }));
  }

  append(...rows: RelayRow[]): RelayRow[] {
    this.rows.push(...rows);
    return rows;
  }
}

/** Lets pending promise callbacks and immediates run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
