import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../../shared/roles.js';
import { readSession, type SessionReading } from '../accounts/session-principal.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../accounts/session-cookie.js';
import {
  SESSION_DEFAULTS,
  SessionStore,
  type LiveSession,
  type SessionOptions,
} from '../accounts/sessions.service.js';
import { sameSecret } from '../accounts/tokens.js';
import { ApiKeyVerifier } from '../auth/api-keys.service.js';
import type { Principal } from '../auth/principal.js';
import {
  AmbiguousCredentialsError,
  CsrfFailedError,
  ForbiddenError,
  SecondFactorRequiredError,
  UnauthorizedError,
} from '../errors.js';

export type { Principal };

export interface AuthOptions {
  sessions?: Partial<SessionOptions>;
  /** Mark the session cookie Secure (default true; see server/accounts/session-cookie.ts). */
  secureCookie?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Checks API keys; shared by HTTP requests and socket handshakes. */
    apiKeys: ApiKeyVerifier;
    /** People's sessions (cookie → account); shared by HTTP requests and socket handshakes. */
    sessions: SessionStore;
    /** Sets or clears the session cookie on a reply. */
    sessionCookie: {
      set(reply: FastifyReply, token: string): void;
      clear(reply: FastifyReply): void;
    };
    /** A preHandler that lets only the given roles through (401 without credentials, else 403). */
    requireRole(...roles: Role[]): preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    principal: Principal;
    /** The signed-in person's live session, null for keys and anonymous requests. */
    accountSession: LiveSession | null;
  }
  interface FastifyContextConfig {
    /** Exempt from the CSRF check: sign-in and sign-up (they only accept JSON; see there). */
    csrfExempt?: boolean;
    /**
     * The embeds' routes: every request is the public's, whatever credentials it carries. No
     * cookie is read, so none is ever cleared or set there, and no session is seen.
     */
    anonymous?: boolean;
  }
}

const PUBLIC: Principal = { role: 'public', via: 'none' };
// The scheme is case-insensitive (RFC 9110, 11.1): "bearer" is "Bearer".
const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Credentials on every request: `Authorization: Bearer <api key>` for machines, the session
 * cookie for people; neither means the public role. A key with a live session's cookie is
 * refused (400): which one should act would be a guess. A cookie whose session is over is
 * cleared, and the request goes on as anonymous (or with its key).
 */
export default fp<AuthOptions>(
  async (app, options) => {
    await app.register(cookie);
    const verifier = new ApiKeyVerifier(app.pg);
    const sessions = new SessionStore(app.pg, { ...SESSION_DEFAULTS, ...options.sessions });
    const cookieOptions = sessionCookieOptions(
      options.secureCookie ?? true,
      sessions.options.absoluteMs,
    );
    app.decorate('apiKeys', verifier);
    app.decorate('sessions', sessions);
    app.decorate('sessionCookie', {
      set: (reply: FastifyReply, token: string) => {
        void reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      },
      clear: (reply: FastifyReply) => {
        void reply.clearCookie(SESSION_COOKIE, { ...cookieOptions, maxAge: undefined });
      },
    });
    app.decorateRequest('principal', null as unknown as Principal);
    app.decorateRequest('accountSession', null);

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.routeOptions.config.anonymous === true) {
        request.principal = PUBLIC;
        return;
      }
      const header = request.headers.authorization;
      const token = request.cookies[SESSION_COOKIE];
      if (token !== undefined) {
        const reading: SessionReading = await readSession(sessions, token);
        if (reading.session && header !== undefined) throw new AmbiguousCredentialsError();
        if (reading.session) {
          request.principal = reading.principal;
          request.accountSession = reading.session;
          checkCsrf(request, reading.session);
          return;
        }
        // A session that is over: its cookie goes, and the request is anonymous (or keyed).
        app.sessionCookie.clear(reply);
      }
      if (header === undefined) {
        request.principal = PUBLIC;
        return;
      }
      const key = BEARER.exec(header)?.[1];
      const found = key === undefined ? null : await verifier.verify(key);
      if (!found) throw new UnauthorizedError('The API key is not valid');
      request.principal = { ...found, via: 'key' };
    });

    app.decorate('requireRole', (...roles: Role[]) => {
      return async (request: FastifyRequest) => {
        const { role, accountRole } = request.principal;
        if (roles.includes(role)) return;
        if (role === 'public') {
          throw new UnauthorizedError(
            `This needs a sign-in or an API key with the role ${roles.join(' or ')}`,
          );
        }
        // The account's role would do, once this session passes its second factor.
        if (accountRole !== undefined && accountRole !== role && roles.includes(accountRole)) {
          throw new SecondFactorRequiredError();
        }
        throw new ForbiddenError(`The role ${role} may not do this`);
      };
    });
  },
  { name: 'auth', dependencies: ['database'] },
);

/**
 * A write made with the session cookie must carry the session's CSRF token (synchronizer token,
 * OWASP CSRF Cheat Sheet): another site can make the browser send the cookie, but cannot read
 * the token from GET /api/v1/session (same-origin policy, no CORS for other origins).
 */
function checkCsrf(request: FastifyRequest, session: LiveSession): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.routeOptions.config.csrfExempt === true) return;
  const given = request.headers['x-csrf-token'];
  if (typeof given !== 'string' || !sameSecret(given, session.csrfToken)) {
    throw new CsrfFailedError();
  }
}
