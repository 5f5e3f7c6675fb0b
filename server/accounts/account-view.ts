import type { AccountSession } from '../../shared/schemas/account.js';
import type { Principal } from '../auth/principal.js';
import type { LiveSession } from './sessions.service.js';

/** GET /api/v1/session's answer for a person's session, an API key, or nobody. */
export function accountSessionView(
  principal: Principal,
  session: LiveSession | null,
): AccountSession {
  if (session) {
    return {
      role: session.role,
      name: session.name ?? session.email,
      via: 'session',
      userId: session.userId,
      email: session.email,
      accountRole: session.accountRole,
      secondFactor: session.secondFactor,
      csrfToken: session.csrfToken,
    };
  }
  return {
    role: principal.role,
    name: principal.name ?? null,
    via: principal.via === 'key' ? 'key' : 'none',
    userId: null,
    email: null,
    accountRole: null,
    secondFactor: 'none',
    csrfToken: null,
  };
}
