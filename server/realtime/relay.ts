import pg from 'pg';
import { onEventsCommitted } from '../audit/commit-signal.js';
import { readChainHead, readEventsForRelay } from '../audit/events.service.js';
import type { RelayRow } from './stream-events.js';

export interface RelayOptions {
  /** A connection string to LISTEN on; unset in the embedded mode, where NOTIFY cannot reach. */
  listenUrl: string | undefined;
  /** The floor: read even when nothing woke the relay. */
  pollMs: number;
  batchSize: number;
  /** Who listens in this process: nobody (the relay only follows the head), public sockets, or dispatchers too. */
  demand(): Demand;
  onRows(rows: RelayRow[]): void;
  onError(error: unknown): void;
  /** Further NOTIFY channels that wake the relay (and `onWake`), e.g. key revocations. */
  alsoListenTo?: readonly string[];
  /** Called on every wake-up (NOTIFY, own commit, poll), for other tailers of the database. */
  onWake?: () => void;
}

export type Demand = 'none' | 'public' | 'exact';
const DEMAND_RANK: Record<Demand, number> = { none: 0, public: 1, exact: 2 };

const CHANNEL = 'openbeat_events';
const LISTEN_RETRY_MS = 1000;

/**
 * Tails the committed events of the database, in id order, from the head at start. Ids are
 * handed out under the chain lock, so they commit in order and "id > cursor" misses nothing.
 * One relay per process, whatever the number of sockets.
 */
export class Relay {
  #cursor = 0;
  #started = false;
  #reading = false;
  #again = false;
  #stopped = false;
  #poll: NodeJS.Timeout | undefined;
  #listener: pg.Client | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: RelayOptions,
  ) {}

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
    await this.#findHead();
    // While LISTEN works, the NOTIFY of the same commit wakes the relay: waking on the local
    // signal too would read twice per commit.
    this.#unsubscribe = onEventsCommitted(() => {
      if (!this.#listener) this.wake();
    });
    this.#poll = setInterval(() => {
      this.wake();
    }, this.options.pollMs);
    this.#poll.unref();
    if (this.options.listenUrl) await this.#listen(this.options.listenUrl);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#poll);
    this.#unsubscribe?.();
    await this.#listener?.end().catch(() => undefined);
  }

  wake(): void {
    if (this.#stopped) return;
    this.options.onWake?.();
    if (this.#reading) {
      this.#again = true;
      return;
    }
    void this.#read();
  }

  async #findHead(): Promise<boolean> {
    if (this.#started) return true;
    try {
      this.#cursor = (await readChainHead(this.pool)).id;
      this.#started = true;
    } catch (error) {
      this.options.onError(error);
    }
    return this.#started;
  }

  async #read(): Promise<void> {
    this.#reading = true;
    try {
      if (!(await this.#findHead())) return;
      let again: boolean;
      do {
        this.#again = false;
        for (;;) {
          const demand = this.options.demand();
          if (demand === 'none') {
            // Nobody to send to: follow the head without reading the rows.
            const head = (await readChainHead(this.pool)).id;
            if (!this.#stillServes(demand)) continue;
            this.#cursor = Math.max(this.#cursor, head);
            break;
          }
          const rows = await readEventsForRelay<RelayRow>(this.pool, {
            after: this.#cursor,
            upTo: Number.MAX_SAFE_INTEGER,
            limit: this.options.batchSize,
            withPrivate: demand === 'exact',
          });
          if (!this.#stillServes(demand)) continue;
          if (rows.length === 0 || this.#stopped) break;
          this.#cursor = rows[rows.length - 1]?.id ?? this.#cursor;
          this.options.onRows(rows);
          if (rows.length < this.options.batchSize) break;
        }
        // Woken while reading: a commit may have landed after the last read saw none.
        again = this.#wokenAgain();
      } while (again);
    } catch (error) {
      this.options.onError(error);
    } finally {
      this.#reading = false;
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

  #wokenAgain(): boolean {
    return this.#again && !this.#stopped;
  }

  /** LISTEN on a connection of its own; on loss, reconnect after a pause (the poll covers the gap). */
  async #listen(url: string): Promise<void> {
    if (this.#stopped) return;
    const client = new pg.Client({ connectionString: url, application_name: 'openbeat-relay' });
    const retry = (error: unknown) => {
      this.options.onError(error);
      if (this.#listener === client) this.#listener = undefined;
      void client.end().catch(() => undefined);
      if (this.#stopped) return;
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
