import type pg from 'pg';
import type { PersonRole, Role } from '../../shared/roles.js';
import { withTransaction } from '../db/transaction.js';
import { effectiveRole, secondFactorState, type SecondFactorState } from './second-factor.js';
import { signalSessionsRevoked } from './session-revocations.js';
export { signalSessionsRevoked };
import {
  DELETE_OLD_SESSIONS,
  INSERT_SESSION,
  INSERT_SESSION_REVOCATION,
  NOTIFY_SESSIONS_REVOKED,
  RENEW_SESSION_WITH_SECOND_FACTOR,
  REVOKE_SESSION,
  REVOKE_USER_SESSIONS,
  SELECT_LIVE_SESSION,
  SELECT_LIVE_SESSION_IDS,
} from './sessions.queries.js';
import { newToken, sha256Hex } from './tokens.js';

export interface SessionOptions {
  /** A session unused this long is over (SESSION_IDLE_MINUTES). */
  idleMs: number;
  /** A session is over this long after sign-in, used or not (SESSION_ABSOLUTE_HOURS). */
  absoluteMs: number;
}

export const SESSION_DEFAULTS: SessionOptions = {
  idleMs: 12 * 60 * 60 * 1000,
  absoluteMs: 30 * 24 * 60 * 60 * 1000,
};

/** A signed-in person's live session, as the auth plugin and GET /api/v1/session see it. */
export interface LiveSession {
  /** The SHA-256 of the cookie's token: names the session without being able to use it. */
  sessionId: string;
  userId: string;
  email: string;
  name: string | null;
  accountRole: PersonRole;
  /** What applies now (resident until a privileged account passes the second factor). */
  role: Role;
  secondFactor: SecondFactorState;
  csrfToken: string;
  /** The absolute end of the session (ms since epoch), whatever its use. */
  expiresAt: number;
}

export interface NewSession {
  token: string;
  csrfToken: string;
}

interface SessionRow {
  token_hash: string;
  user_id: string;
  second_factor_at: Date | null;
  csrf_secret: string;
  expires_at: Date;
  email: string;
  display_name: string | null;
  role: PersonRole;
  totp_enrolled_at: Date | null;
}

type Db = pg.Pool | pg.PoolClient;

/** Sessions kept in PostgreSQL behind an HTTP-only cookie; the cookie holds the only token. */
export class SessionStore {
  constructor(
    private readonly pool: pg.Pool,
    readonly options: SessionOptions,
  ) {}

  async create(
    userId: string,
    secondFactorPassed = false,
    db: Db = this.pool,
  ): Promise<NewSession> {
    const token = newToken();
    const csrfToken = newToken();
    await db.query(INSERT_SESSION, [
      sha256Hex(token),
      userId,
      this.options.absoluteMs,
      secondFactorPassed,
      csrfToken,
    ]);
    return { token, csrfToken };
  }

  /** The live session behind a cookie's token, or null (unknown, revoked or expired). */
  resolve(token: string): Promise<LiveSession | null> {
    return this.byId(sha256Hex(token));
  }

  /** The live session of this id (its token's hash), or null. */
  async byId(sessionId: string): Promise<LiveSession | null> {
    // Marked seen at most every minute, or sooner when the idle time is short (tests).
    const touchMs = Math.min(60_000, Math.floor(this.options.idleMs / 4));
    const { rows } = await this.pool.query<SessionRow>(SELECT_LIVE_SESSION, [
      sessionId,
      this.options.idleMs,
      touchMs,
    ]);
    const row = rows[0];
    if (!row) return null;
    const state = secondFactorState(
      row.role,
      row.totp_enrolled_at !== null,
      row.second_factor_at !== null,
    );
    return {
      sessionId: row.token_hash,
      userId: row.user_id,
      email: row.email,
      name: row.display_name,
      accountRole: row.role,
      role: effectiveRole(row.role, state),
      secondFactor: state,
      csrfToken: row.csrf_secret,
      expiresAt: row.expires_at.getTime(),
    };
  }

  /** Those of `sessionIds` that are still live (not revoked, expired or idle too long). */
  async liveAmong(sessionIds: readonly string[]): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const { rows } = await this.pool.query<{ token_hash: string }>(SELECT_LIVE_SESSION_IDS, [
      sessionIds,
      this.options.idleMs,
    ]);
    return new Set(rows.map((row) => row.token_hash));
  }

  /**
   * The session once its second factor has passed: a new token and CSRF token replace the old
   * ones, which stop working (see RENEW_SESSION_WITH_SECOND_FACTOR). Null when it has ended.
   */
  async renewWithSecondFactor(sessionId: string, db: Db = this.pool): Promise<NewSession | null> {
    const token = newToken();
    const csrfToken = newToken();
    const result = await db.query(RENEW_SESSION_WITH_SECOND_FACTOR, [
      sessionId,
      sha256Hex(token),
      csrfToken,
    ]);
    return result.rowCount === 1 ? { token, csrfToken } : null;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.pool.query(REVOKE_SESSION, [sessionId]);
  }

  async deleteOld(): Promise<number> {
    const result = await this.pool.query(DELETE_OLD_SESSIONS);
    return result.rowCount ?? 0;
  }
}

/**
 * Ends every session of a person (sign-out everywhere, a role change) and announces it, so each
 * server process closes that person's sockets.
 */
export async function revokeUserSessions(pool: pg.Pool, userId: string): Promise<void> {
  await withTransaction(pool, (client) => revokeUserSessionsIn(client, userId));
  signalSessionsRevoked();
}

/** The same inside the caller's transaction; the caller signals (signalSessionsRevoked) after it commits. */
export async function revokeUserSessionsIn(client: pg.PoolClient, userId: string): Promise<void> {
  await client.query(REVOKE_USER_SESSIONS, [userId]);
  await client.query(INSERT_SESSION_REVOCATION, [userId]);
  await client.query(NOTIFY_SESSIONS_REVOKED);
}
