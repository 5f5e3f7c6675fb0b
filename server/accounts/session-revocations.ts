import type pg from 'pg';
import { LocalSignal, RevocationTail } from '../db/revocation-tail.js';
import {
  SELECT_LAST_SESSION_REVOCATION,
  SELECT_SESSION_REVOCATIONS_AFTER,
  SESSION_REVOCATION_CHANNEL,
} from './sessions.queries.js';

export { SESSION_REVOCATION_CHANNEL };

/** This process's own revocations wake its watcher at once (as for keys: key-revocations.ts). */
const signal = new LocalSignal();

export function signalSessionsRevoked(): void {
  signal.emit();
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
 * It reads even without session sockets (one indexed query per wake-up): skipping would leave
 * old revocations unread, and they would close a socket opened after them.
 */
export class SessionRevocationWatcher {
  readonly #tail: RevocationTail<{ id: string; user_id: string }>;
  /** When this watcher read each user's latest revocation (ms since epoch), for a minute. */
  readonly #readAt = new Map<string, number>();

  constructor(pool: pg.Pool, options: SessionRevocationWatcherOptions) {
    this.#tail = new RevocationTail(pool, {
      signal,
      selectLast: SELECT_LAST_SESSION_REVOCATION,
      selectAfter: SELECT_SESSION_REVOCATIONS_AFTER,
      onRows: (rows) => {
        const now = Date.now();
        for (const [userId, at] of this.#readAt) if (at < now - 60_000) this.#readAt.delete(userId);
        for (const row of rows) this.#readAt.set(row.user_id, now);
        options.onRevoked(rows.map((row) => row.user_id));
      },
      onError: (error) => {
        options.onError(error);
      },
    });
  }

  start(): Promise<void> {
    return this.#tail.start();
  }

  stop(): void {
    this.#tail.stop();
  }

  wake(): void {
    this.#tail.wake();
  }

  /** Whether a revocation of `userId` was read at or after `checkedAt` (a socket's handshake). */
  revokedSince(userId: string, checkedAt: number): boolean {
    return (this.#readAt.get(userId) ?? -Infinity) >= checkedAt;
  }
}
