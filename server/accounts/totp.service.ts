import type pg from 'pg';
import type { SessionStore } from './sessions.service.js';
import { acceptTotpCode, newTotpSecret, openTotpSecret, sealTotpSecret, totpUri } from './totp.js';
import { ACCEPT_TOTP_STEP, SELECT_USER_TOTP, SET_PENDING_TOTP } from './users.queries.js';

export type TotpSetupOutcome =
  { outcome: 'ready'; uri: string; secret: string } | { outcome: 'already_enrolled' };

export type TotpCheckOutcome = 'passed' | 'invalid' | 'not_enrolled' | 'already_enrolled';

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
    if (!user?.totp_secret) return 'not_enrolled';
    if (user.totp_enrolled_at) return 'already_enrolled';
    return this.#check(userId, sessionId, user.totp_secret, user.totp_last_step, code, true);
  }

  /** Passes the second factor for this session with a code not used before. */
  async pass(userId: string, sessionId: string, code: string): Promise<TotpCheckOutcome> {
    const user = await this.#user(userId);
    if (!user?.totp_secret || !user.totp_enrolled_at) return 'not_enrolled';
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
    const secret = await openTotpSecret(this.pool, sealed);
    const lastStep = lastUsed === null ? null : Number(lastUsed);
    const step = await acceptTotpCode(secret, code, lastStep);
    if (step === null) return 'invalid';
    // The step is taken in the row itself: of two requests with one code, only one succeeds.
    const taken = await this.pool.query(ACCEPT_TOTP_STEP, [userId, step, enrolling]);
    if (taken.rowCount === 0) return 'invalid';
    await this.sessions.passSecondFactor(sessionId);
    return 'passed';
  }

  async #user(userId: string): Promise<TotpRow | undefined> {
    const { rows } = await this.pool.query<TotpRow>(SELECT_USER_TOTP, [userId]);
    return rows[0];
  }
}
