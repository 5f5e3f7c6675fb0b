import type pg from 'pg';
import type { NewSession, SessionStore } from './sessions.service.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import { acceptTotpCode, newTotpSecret, openTotpSecret, sealTotpSecret, totpUri } from './totp.js';
import { ACCEPT_TOTP_STEP, SELECT_USER_TOTP, SET_PENDING_TOTP } from './users.queries.js';

export type TotpSetupOutcome =
  { outcome: 'ready'; uri: string; secret: string } | { outcome: 'already_enrolled' };

export type TotpCheckOutcome =
  /** The session is renewed: `session` replaces the old one (its cookie and CSRF token). */
  | { outcome: 'passed'; session: NewSession }
  | { outcome: 'invalid' | 'not_enrolled' | 'already_enrolled' | 'session_ended' }
  | { outcome: 'locked'; retryAfterSeconds: number };

interface TotpRow {
  email: string;
  totp_secret: Buffer | null;
  totp_enrolled_at: Date | null;
  totp_last_step: string | null;
}

/** TOTP (RFC 6238) as the second factor: set up, confirm enrolment, pass it for a session. */
export class TotpService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly sessions: SessionStore,
    /** Wrong codes per account, counted like wrong passwords (5, then a lock that grows). */
    private readonly throttle: SignInThrottle,
  ) {}

  /** A new secret to enrol (replacing one not yet confirmed); refused once enrolled. */
  async setup(userId: string): Promise<TotpSetupOutcome> {
    const user = await this.#user(userId);
    if (!user || user.totp_enrolled_at) return { outcome: 'already_enrolled' };
    const secret = newTotpSecret();
    const updated = await this.pool.query(SET_PENDING_TOTP, [
      userId,
      await sealTotpSecret(this.pool, secret),
    ]);
    if (updated.rowCount === 0) return { outcome: 'already_enrolled' };
    return { outcome: 'ready', uri: totpUri(secret, user.email), secret };
  }

  /** Confirms the secret from `setup` with a code from the app; this session has passed then. */
  async enrol(userId: string, sessionId: string, code: string): Promise<TotpCheckOutcome> {
    const user = await this.#user(userId);
    if (!user?.totp_secret) return { outcome: 'not_enrolled' };
    if (user.totp_enrolled_at) return { outcome: 'already_enrolled' };
    return this.#check(userId, sessionId, user.totp_secret, user.totp_last_step, code, true);
  }

  /** Passes the second factor for this session with a code not used before. */
  async pass(userId: string, sessionId: string, code: string): Promise<TotpCheckOutcome> {
    const user = await this.#user(userId);
    if (!user?.totp_secret || !user.totp_enrolled_at) return { outcome: 'not_enrolled' };
    return this.#check(userId, sessionId, user.totp_secret, user.totp_last_step, code, false);
  }

  async #check(
    userId: string,
    sessionId: string,
    sealed: Buffer,
    lastUsed: string | null,
    code: string,
    enrolling: boolean,
  ): Promise<TotpCheckOutcome> {
    // Six digits fall to patience: an account gets five wrong codes, then a growing wait.
    const throttleKey = `totp:${userId}`;
    const lockedFor = await this.throttle.attempt(throttleKey);
    if (lockedFor > 0) return { outcome: 'locked', retryAfterSeconds: lockedFor };
    const secret = await openTotpSecret(this.pool, sealed);
    const lastStep = lastUsed === null ? null : Number(lastUsed);
    const step = await acceptTotpCode(secret, code, lastStep);
    if (step === null) return { outcome: 'invalid' };
    // The step is taken in the row itself: of two requests with one code, only one succeeds.
    const taken = await this.pool.query(ACCEPT_TOTP_STEP, [userId, step, enrolling]);
    if (taken.rowCount === 0) return { outcome: 'invalid' };
    await this.throttle.succeeded(throttleKey);
    const session = await this.sessions.renewWithSecondFactor(sessionId);
    return session ? { outcome: 'passed', session } : { outcome: 'session_ended' };
  }

  async #user(userId: string): Promise<TotpRow | undefined> {
    const { rows } = await this.pool.query<TotpRow>(SELECT_USER_TOTP, [userId]);
    return rows[0];
  }
}
