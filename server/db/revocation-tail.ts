import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { TableTail } from './table-tail.js';

const PAGE = 1000;

/**
 * Tells this process's readers that it has just written a revocation. In the embedded database
 * every revocation is made in the server's own process (the CLIs go through its admin channel),
 * and NOTIFY does not cross the socket server's connections anyway; with a real PostgreSQL the
 * other processes hear the NOTIFY that the revoking transaction sent.
 */
export class LocalSignal {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  emit(): void {
    this.#emitter.emit('signal');
  }

  /** Calls `listener` on each signal until the returned function is called. */
  listen(listener: () => void): () => void {
    this.#emitter.on('signal', listener);
    return () => this.#emitter.off('signal', listener);
  }
}

export interface RevocationTailOptions<Row extends { id: string }> {
  /** This process's own revocations, which wake the reader at once. */
  signal: LocalSignal;
  /** SQL: the last row's id (`id`) when the process starts; older rows are not acted on. */
  selectLast: string;
  /** SQL: up to $2 rows with an id above $1, in id order. */
  selectAfter: string;
  /** Whether to read now; when not, the cursor stays and the next read catches up. */
  needed?(): boolean;
  /** Each page of rows read, in order. */
  onRows(rows: Row[]): void;
  onError(error: unknown): void;
}

/**
 * Reads an append-only table of revocations (api_key_revocations, user_session_revocations)
 * from those made after this process started, a page at a time, when woken: by this process's
 * signal and by whoever calls `wake` (the relay passes on its NOTIFY wake-ups and its poll,
 * which is the floor when a NOTIFY is lost).
 */
export class RevocationTail<Row extends { id: string }> {
  #cursor = 0;
  #unsubscribe: (() => void) | undefined;
  readonly #tail: TableTail;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: RevocationTailOptions<Row>,
  ) {
    this.#tail = new TableTail({
      findStart: () => this.#findStart(),
      readAll: () => this.#readAll(),
      onError: (error) => {
        this.options.onError(error);
      },
    });
  }

  async start(): Promise<void> {
    this.#unsubscribe ??= this.options.signal.listen(() => {
      this.wake();
    });
    await this.#tail.start();
  }

  stop(): void {
    this.#tail.stop();
    this.#unsubscribe?.();
  }

  wake(): void {
    this.#tail.wake();
  }

  async #findStart(): Promise<void> {
    const result = await this.pool.query<{ id: string }>(this.options.selectLast);
    this.#cursor = Number(result.rows[0]?.id ?? 0);
  }

  async #readAll(): Promise<void> {
    if (this.options.needed && !this.options.needed()) return;
    for (;;) {
      const result = await this.pool.query<Row>(this.options.selectAfter, [this.#cursor, PAGE]);
      const last = result.rows.at(-1);
      if (!last || this.#tail.stopped) return;
      this.#cursor = Number(last.id);
      this.options.onRows(result.rows);
      if (result.rows.length < PAGE) return;
    }
  }
}
