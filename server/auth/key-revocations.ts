import type pg from 'pg';
import { LocalSignal, RevocationTail } from '../db/revocation-tail.js';
import {
  KEY_REVOCATION_CHANNEL,
  SELECT_KEY_REVOCATIONS_AFTER,
  SELECT_LAST_KEY_REVOCATION,
} from './api-keys.queries.js';

export { KEY_REVOCATION_CHANNEL };

/** This process's own key revocations wake its watcher at once (see LocalSignal). */
const signal = new LocalSignal();

export function signalKeyRevoked(): void {
  signal.emit();
}

export interface KeyRevocationWatcherOptions {
  /** Whether anything here depends on revocations now (any socket opened with a key). */
  needed(): boolean;
  onRevoked(keyIds: string[]): void;
  onError(error: unknown): void;
}

/**
 * Tails api_key_revocations from the revocations made after this process started, and hands
 * the revoked keys' ids to `onRevoked`. There is no TTL: a revocation is acted on as soon as it
 * is read. With no key socket open nothing is read: the cursor stays, and the next read catches
 * up.
 */
export class KeyRevocationWatcher {
  /** Keys revoked since the start: a socket checked just before a revocation is still caught. */
  readonly #revoked = new Set<string>();
  readonly #tail: RevocationTail<{ id: string; key_id: string }>;

  constructor(pool: pg.Pool, options: KeyRevocationWatcherOptions) {
    this.#tail = new RevocationTail(pool, {
      signal,
      selectLast: SELECT_LAST_KEY_REVOCATION,
      selectAfter: SELECT_KEY_REVOCATIONS_AFTER,
      needed: () => options.needed(),
      onRows: (rows) => {
        const keyIds = rows.map((row) => row.key_id);
        for (const keyId of keyIds) this.#revoked.add(keyId);
        options.onRevoked(keyIds);
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

  /** Whether this watcher has read that `keyId` was revoked. */
  isRevoked(keyId: string): boolean {
    return this.#revoked.has(keyId);
  }

  wake(): void {
    this.#tail.wake();
  }
}
