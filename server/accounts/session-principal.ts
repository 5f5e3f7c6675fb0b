import type { Principal } from '../auth/principal.js';
import type { LiveSession, SessionStore } from './sessions.service.js';

export interface SessionReading {
  principal: Principal;
  /** Null when the cookie's session is unknown, revoked or expired: the request is anonymous. */
  session: LiveSession | null;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The principal a session cookie stands for (HTTP requests and socket handshakes alike). */
export async function readSession(sessions: SessionStore, token: string): Promise<SessionReading> {
  const session = TOKEN.test(token) ? await sessions.resolve(token) : null;
  if (!session) return { principal: { role: 'public', via: 'none' }, session: null };
  return {
    principal: {
      role: session.role,
      via: 'session',
      userId: session.userId,
      sessionId: session.sessionId,
      name: session.name ?? session.email,
      accountRole: session.accountRole,
    },
    session,
  };
}
