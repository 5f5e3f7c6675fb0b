import type pg from 'pg';
import { sha256Hex } from './tokens.js';
import { CLEAR_FAILURES, RECORD_FAILURE, SELECT_LOCK } from './sign-in-throttle.queries.js';

export interface ThrottleOptions {
  /** Failures in a row that lock an address (at least 2). */
  failuresBeforeLock: number;
  /** The first lock; each further one doubles, up to `maxLockSeconds`. */
  lockSeconds: number;
  maxLockSeconds: number;
}

export const THROTTLE_DEFAULTS: ThrottleOptions = {
  failuresBeforeLock: 5,
  lockSeconds: 15 * 60,
  maxLockSeconds: 24 * 60 * 60,
};

/**
 * Failed sign-ins per e-mail address, whether or not it has an account: the lock-out answers
 * the same for both, so it tells no one which addresses are registered.
 */
export class SignInThrottle {
  constructor(
    private readonly pool: pg.Pool,
    private readonly options: ThrottleOptions,
  ) {}

  /** Seconds until the address may try again, or 0. */
  async lockedFor(email: string): Promise<number> {
    const { rows } = await this.pool.query<{ seconds: number }>(SELECT_LOCK, [sha256Hex(email)]);
    return Math.max(rows[0]?.seconds ?? 0, 0);
  }

  async failed(email: string): Promise<void> {
    const { failuresBeforeLock, lockSeconds, maxLockSeconds } = this.options;
    await this.pool.query(RECORD_FAILURE, [
      sha256Hex(email),
      Math.max(2, failuresBeforeLock),
      lockSeconds,
      maxLockSeconds,
    ]);
  }

  async succeeded(email: string): Promise<void> {
    await this.pool.query(CLEAR_FAILURES, [sha256Hex(email)]);
  }
}
