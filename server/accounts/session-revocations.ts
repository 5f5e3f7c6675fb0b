import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { TableTail } from '../db/table-tail.js';
import {
  SELECT_LAST_SESSION_REVOCATION,
  SELECT_SESSION_REVOCATIONS_AFTER,
  SESSION_REVOCATION_CHANNEL,
} from './sessions.queries.js';

export { SESSION_REVOCATION_CHANNEL };

const PAGE = 1000;

/** This process's own revocations wake its watcher at once (as for keys: key-revocations.ts). */
const signal = new EventEmitter();
signal.setMaxListeners(0);

export function signalSessionsRevoked(): void {
  signal.emit('revoked');
}

export interface SessionRevocationWatcherOptions {
  onRevoked(userIds: string[]): void;
  onError(error: unknown): void;
}

/**
 * Tails user_session_revocations from those made after this process started and hands the
 * users' ids to `onRevoked`, which closes their sockets. Woken like the key watcher: by this
 * process's revocations, the relay's NOTIFY wake-ups and its poll. It remembers when it read
 * each user's last revocation, so a socket whose session was checked just before is caught too.
 */
export class SessionRevocationWatcher {
  #cursor = 0;
  #unsubscribe: (() => void) | undefined;
  readonly #tail: TableTail;
  /** When this watcher read each user's latest revocation (ms since epoch), for a minute. */
  readonly #readAt = new Map<string, number>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: SessionRevocationWatcherOptions,
  ) {
    this.#tail = new TableTail({
      findStart: async () => {
        const result = await this.pool.query<{ id: string }>(SELECT_LAST_SESSION_REVOCATION);
        this.#cursor = Number(result.rows[0]?.id ?? 0);
      },
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

  wake(): void {
    this.#tail.wake();
  }

  /** Whether a revocation of `userId` was read at or after `checkedAt` (a socket's handshake). */
  revokedSince(userId: string, checkedAt: number): boolean {
    return (this.#readAt.get(userId) ?? -Infinity) >= checkedAt;
  }

  async #readAll(): Promise<void> {
    // Read even without session sockets (one indexed query per wake-up): skipping would leave
    // old revocations unread, and they would close a socket opened after them.
    for (;;) {
      const result = await this.pool.query<{ id: string; user_id: string }>(
        SELECT_SESSION_REVOCATIONS_AFTER,
        [this.#cursor, PAGE],
      );
      const last = result.rows.at(-1);
      if (!last || this.#tail.stopped) return;
      this.#cursor = Number(last.id);
      const now = Date.now();
      for (const [userId, at] of this.#readAt) if (at < now - 60_000) this.#readAt.delete(userId);
      for (const row of result.rows) this.#readAt.set(row.user_id, now);
      this.options.onRevoked(result.rows.map((row) => row.user_id));
      if (result.rows.length < PAGE) return;
    }
  }
}
