import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { TableTail } from '../db/table-tail.js';
import {
  KEY_REVOCATION_CHANNEL,
  SELECT_KEY_REVOCATIONS_AFTER,
  SELECT_LAST_KEY_REVOCATION,
} from './api-keys.queries.js';

export { KEY_REVOCATION_CHANNEL };

const PAGE = 1000;

/**
 * Tells this process's watchers that it has just revoked a key. In the embedded database every
 * revocation is made in the server's own process (the CLIs go through its admin channel), and
 * NOTIFY does not cross the socket server's connections anyway; with a real PostgreSQL the
 * other processes hear the NOTIFY that the revoking transaction sent.
 */
const signal = new EventEmitter();
signal.setMaxListeners(0);

export function signalKeyRevoked(): void {
  signal.emit('revoked');
}

export interface KeyRevocationWatcherOptions {
  /** Whether anything here depends on revocations now (any socket opened with a key). */
  needed(): boolean;
  onRevoked(keyIds: string[]): void;
  onError(error: unknown): void;
}

/**
 * Tails api_key_revocations from the revocations made after this process started, and hands
 * the revoked keys' ids to `onRevoked`. It reads when woken: by this process's own revocations,
 * and by whoever calls `wake` (the relay passes on its NOTIFY wake-ups and its poll, which is the
 * floor when a NOTIFY is lost). There is no TTL: a revocation is acted on as soon as it is read.
 */
export class KeyRevocationWatcher {
  #cursor = 0;
  #unsubscribe: (() => void) | undefined;
  /** Keys revoked since the start: a socket checked just before a revocation is still caught. */
  readonly #revoked = new Set<string>();
  readonly #tail: TableTail;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: KeyRevocationWatcherOptions,
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
    const onLocal = () => {
      this.wake();
    };
    signal.on('revoked', onLocal);
    this.#unsubscribe = () => signal.off('revoked', onLocal);
    await this.#tail.start();
  }

  stop(): void {
    this.#tail.stop();
    this.#unsubscribe?.();
  }

  /** Whether this watcher has read that `keyId` was revoked. */
  isRevoked(keyId: string): boolean {
    return this.#revoked.has(keyId);
  }

  wake(): void {
    this.#tail.wake();
  }

  async #findStart(): Promise<void> {
    const result = await this.pool.query<{ id: string }>(SELECT_LAST_KEY_REVOCATION);
    this.#cursor = Number(result.rows[0]?.id ?? 0);
  }

  async #readAll(): Promise<void> {
    // Nothing to close: the cursor stays, and the next read catches up.
    if (!this.options.needed()) return;
    for (;;) {
      const result = await this.pool.query<{ id: string; key_id: string }>(
        SELECT_KEY_REVOCATIONS_AFTER,
        [this.#cursor, PAGE],
      );
      const last = result.rows.at(-1);
      if (!last || this.#tail.stopped) return;
      this.#cursor = Number(last.id);
      const keyIds = result.rows.map((row) => row.key_id);
      for (const keyId of keyIds) this.#revoked.add(keyId);
      this.options.onRevoked(keyIds);
      if (result.rows.length < PAGE) return;
    }
  }
}
