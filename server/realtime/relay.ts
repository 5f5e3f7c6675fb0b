import pg from 'pg';
import { TableTail } from '../db/table-tail.js';
import type { CommitSignal } from '../record/commit-signal.js';
import type { EventLog, RelayRow } from './event-log.js';

/**
 * What the relay reads for this process's listeners: nothing (it only follows the head), the
 * public parts, or the private parts too.
 */
export type Demand = 'none' | 'public' | 'private';
const DEMAND_RANK: Record<Demand, number> = { none: 0, public: 1, private: 2 };

export interface RelayOptions {
  /** A connection string to LISTEN on; unset in the embedded mode, where NOTIFY cannot reach. */
  listenUrl: string | undefined;
  /** This process's commits: how the relay is woken where NOTIFY cannot reach it. */
  commits: CommitSignal;
  /** The floor: read even when nothing woke the relay. */
  pollMs: number;
  batchSize: number;
  demand(): Demand;
  onRows(rows: RelayRow[]): void;
  onError(error: unknown): void;
  /** Further NOTIFY channels that wake the relay (and `onWake`), e.g. key revocations. */
  alsoListenTo?: readonly string[];
  /** Called on every wake-up (NOTIFY, own commit, poll), for other tailers of the database. */
  onWake?: () => void;
}

const CHANNEL = 'openbeat_events';
const LISTEN_RETRY_MS = 1000;

/**
 * Tails the committed events of the database, in id order, from the head at start. Ids are
 * handed out under the chain lock, so they commit in order and "id > cursor" misses nothing.
 * One relay per process, whatever the number of sockets.
 */
export class Relay {
  #cursor = 0;
  #poll: NodeJS.Timeout | undefined;
  #listener: pg.Client | undefined;
  #unsubscribe: (() => void) | undefined;
  readonly #tail: TableTail;

  constructor(
    private readonly events: EventLog,
    private readonly options: RelayOptions,
  ) {
    this.#tail = new TableTail({
      findStart: async () => {
        this.#cursor = await this.events.head();
      },
      readAll: () => this.#readAll(),
      onError: (error) => {
        this.options.onError(error);
      },
    });
  }

  /** The last event id handed to `onRows`. */
  get cursor(): number {
    return this.#cursor;
  }

  /**
   * Starts from the current head, so only events committed from now on are relayed (clients
   * replay older ones with `since`). A database that is down does not stop the server from
   * starting: the relay keeps trying on each wake-up.
   */
  async start(): Promise<void> {
    await this.#tail.start();
    // While LISTEN works, the NOTIFY of the same commit wakes the relay: waking on the local
    // signal too would read twice per commit.
    this.#unsubscribe = this.options.commits.subscribe(() => {
      if (!this.#listener) this.wake();
    });
    this.#poll = setInterval(() => {
      this.wake();
    }, this.options.pollMs);
    this.#poll.unref();
    if (this.options.listenUrl) await this.#listen(this.options.listenUrl);
  }

  async stop(): Promise<void> {
    this.#tail.stop();
    clearInterval(this.#poll);
    this.#unsubscribe?.();
    await this.#listener?.end().catch(() => undefined);
  }

  wake(): void {
    if (this.#tail.stopped) return;
    this.options.onWake?.();
    this.#tail.wake();
  }

  async #readAll(): Promise<void> {
    for (;;) {
      const demand = this.options.demand();
      if (demand === 'none') {
        // Nobody to send to: follow the head without reading the rows.
        const head = await this.events.head();
        if (!this.#stillServes(demand)) continue;
        this.#cursor = Math.max(this.#cursor, head);
        return;
      }
      const rows = await this.events.read({
        after: this.#cursor,
        upTo: Number.MAX_SAFE_INTEGER,
        limit: this.options.batchSize,
        withPrivate: demand === 'private',
      });
      if (!this.#stillServes(demand)) continue;
      if (rows.length === 0 || this.#tail.stopped) return;
      this.#cursor = rows[rows.length - 1]?.id ?? this.#cursor;
      this.options.onRows(rows);
      if (rows.length < this.options.batchSize) return;
    }
  }

  /**
   * A subscriber that came while a read was under way was promised everything after the cursor
   * as it was: if it needs more than that read fetched (any rows at all, or the private part),
   * the read is done again from the same cursor.
   */
  #stillServes(read: Demand): boolean {
    return DEMAND_RANK[this.options.demand()] <= DEMAND_RANK[read];
  }

  /** LISTEN on a connection of its own; on loss, reconnect after a pause (the poll covers the gap). */
  async #listen(url: string): Promise<void> {
    if (this.#tail.stopped) return;
    const client = new pg.Client({ connectionString: url, application_name: 'openbeat-relay' });
    const retry = (error: unknown) => {
      this.options.onError(error);
      if (this.#listener === client) this.#listener = undefined;
      void client.end().catch(() => undefined);
      if (this.#tail.stopped) return;
      setTimeout(() => void this.#listen(url), LISTEN_RETRY_MS).unref();
    };
    client.on('notification', () => {
      this.wake();
    });
    client.on('error', retry);
    try {
      await client.connect();
      for (const channel of [CHANNEL, ...(this.options.alsoListenTo ?? [])]) {
        await client.query(`LISTEN ${channel}`);
      }
    } catch (error) {
      client.removeListener('error', retry);
      retry(error);
      return;
    }
    this.#listener = client;
    this.wake();
  }
}
