import { fastifyCookie, type CookieSerializeOptions } from '@fastify/cookie';

/** The session cookie's name: it holds the session's random token (the table keeps its hash). */
export const SESSION_COOKIE = 'ob_session';

/**
 * HTTP-only (no script reads it), SameSite=Lax (not sent on cross-site POSTs) and Secure.
 * Secure stays on for http://127.0.0.1 and http://localhost too: browsers treat those as
 * secure contexts and keep Secure cookies there (Chromium since M89, Firefox 75), so the
 * tests and `npm start` work unchanged. SESSION_COOKIE_SECURE=off is only for plain HTTP on
 * another host (a LAN test), never for production.
 */
export function sessionCookieOptions(secure: boolean, maxAgeMs?: number): CookieSerializeOptions {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    ...(maxAgeMs === undefined ? {} : { maxAge: Math.floor(maxAgeMs / 1000) }),
  };
}

/** The session token in a Cookie header (a socket handshake's), if there is one. */
export function sessionTokenOfCookieHeader(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return fastifyCookie.parse(header)[SESSION_COOKIE];
}
