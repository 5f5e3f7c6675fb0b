import type pg from 'pg';
import type { SignIn, SignUp } from '../../shared/schemas/account.js';
import { checkPassword } from './password.js';
import type { NewSession, SessionStore } from './sessions.service.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import { createUser, normaliseEmail } from './users.service.js';
import { SELECT_USER_FOR_SIGN_IN } from './users.queries.js';

export type SignInOutcome =
  | { outcome: 'signed_in'; userId: string; session: NewSession }
  | { outcome: 'invalid' }
  | { outcome: 'locked'; retryAfterSeconds: number };

export type SignUpOutcome =
  { outcome: 'signed_up'; userId: string; session: NewSession } | { outcome: 'email_taken' };

/** Signing up and in with an e-mail address and a password. */
export class SignInService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly sessions: SessionStore,
    private readonly throttle: SignInThrottle,
  ) {}

  /** A new resident account, signed in at once. */
  async signUp(input: SignUp): Promise<SignUpOutcome> {
    const userId = await createUser(this.pool, {
      email: input.email,
      password: input.password,
      displayName: input.displayName ?? null,
      role: 'resident',
    });
    if (userId === null) return { outcome: 'email_taken' };
    return { outcome: 'signed_up', userId, session: await this.sessions.create(userId) };
  }

  /**
   * A locked address is refused before its password is checked, so the answer says nothing about
   * the password; an unknown address costs a password check too (checkPassword's dummy hash).
   */
  async signIn(input: SignIn): Promise<SignInOutcome> {
    const email = normaliseEmail(input.email);
    const lockedFor = await this.throttle.attempt(email);
    if (lockedFor > 0) return { outcome: 'locked', retryAfterSeconds: lockedFor };
    const { rows } = await this.pool.query<{ id: string; password_hash: string }>(
      SELECT_USER_FOR_SIGN_IN,
      [email],
    );
    const user = rows[0];
    const valid = await checkPassword(user?.password_hash ?? null, input.password);
    if (!user || !valid) return { outcome: 'invalid' };
    await this.throttle.succeeded(email);
    return { outcome: 'signed_in', userId: user.id, session: await this.sessions.create(user.id) };
  }
}
