import type pg from 'pg';
import { sha256Hex } from './tokens.js';
import { CLEAR_FAILURES, DELETE_OLD_FAILURES, TAKE_ATTEMPT } from './sign-in-throttle.queries.js';

export interface ThrottleOptions {
  /** Failed attempts in a row an address may make; the next one locks it. */
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
 * Sign-in attempts per e-mail address, whether or not it has an account: the lock-out answers
 * the same for both, so it tells no one which addresses are registered. Each attempt is counted
 * before its password is checked (and forgotten when it was right), so a burst of parallel
 * guesses gets no more password checks than a sequence would.
 */
export class SignInThrottle {
  constructor(
    private readonly pool: pg.Pool,
    private readonly options: ThrottleOptions,
  ) {}

  /** Counts an attempt; the seconds the address is locked for (0: check the password). */
  async attempt(email: string): Promise<number> {
    const { failuresBeforeLock, lockSeconds, maxLockSeconds } = this.options;
    const { rows } = await this.pool.query<{ locked_seconds: number }>(TAKE_ATTEMPT, [
      sha256Hex(email),
      failuresBeforeLock,
      lockSeconds,
      maxLockSeconds,
    ]);
    return Math.max(rows[0]?.locked_seconds ?? 0, 0);
  }

  async succeeded(email: string): Promise<void> {
    await this.pool.query(CLEAR_FAILURES, [sha256Hex(email)]);
  }

  /** Forgets addresses not tried for a week (run at start). */
  static async deleteOld(pool: pg.Pool): Promise<number> {
    const result = await pool.query(DELETE_OLD_FAILURES);
    return result.rowCount ?? 0;
  }
}
