import type { AccountSession } from '../../../shared/schemas/account.js';
import { CLIENT_ROUTES, clientRouteAt } from '../../../shared/client-routes.js';
import { ApiError } from '../api/http.js';

/** Pure rules of signing in, kept apart from the state so they can be tested alone. */

export const ANONYMOUS: AccountSession = {
  role: 'public',
  name: null,
  via: 'none',
  userId: null,
  email: null,
  accountRole: null,
  secondFactor: 'none',
  csrfToken: null,
};

/** What comes after the password: done, the code of the authenticator app, or enrolling one. */
export type NextStep = 'done' | 'code' | 'enrol';

export function nextStepOf(session: AccountSession): NextStep {
  switch (session.secondFactor) {
    case 'required':
      return 'code';
    case 'enrolment_required':
      return 'enrol';
    case 'none':
    case 'passed':
      return 'done';
  }
}

/** Why a sign-in, a code or a sign-up was refused, in words the forms have messages for. */
export type AccountProblem =
  | 'invalid'
  | 'wrong_code'
  | 'locked'
  | 'too_many'
  | 'taken'
  | 'expired_link'
  | 'network'
  | 'failed';

export function problemOf(error: unknown, asked: 'password' | 'code' | 'sign_up'): AccountProblem {
  if (!(error instanceof ApiError)) return 'failed';
  if (error.status === 0) return 'network';
  // Too many failed sign-ins for this address: it is locked for a while (server/accounts).
  if (error.code === 'too_many_attempts' || error.status === 423 || /lock/i.test(error.code)) {
    return 'locked';
  }
  if (error.status === 429) return 'too_many'; // the per-address rate limit
  if (error.code === 'invalid_setup_token') return 'expired_link';
  if (error.status === 409) return 'taken';
  if (error.status === 401 || error.status === 400 || error.status === 403) {
    if (asked === 'code') return 'wrong_code';
    if (asked === 'password') return 'invalid';
  }
  return 'failed';
}

/**
 * Where to go after signing in: `next` from the address when it is one of the client's own
 * pages (never another site: an open redirect would let a phishing link borrow our name),
 * else the live map.
 */
export function safeNextPath(next: string | null, origin: string): string {
  if (!next) return CLIENT_ROUTES.liveMap;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return CLIENT_ROUTES.liveMap;
  }
  if (url.origin !== origin || !next.startsWith('/') || next.startsWith('//')) {
    return CLIENT_ROUTES.liveMap;
  }
  const route = clientRouteAt(url.pathname);
  if (route === null || route === 'signIn' || route === 'signUp' || route === 'setup') {
    return CLIENT_ROUTES.liveMap;
  }
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * Who the map is shown to: changes exactly when what the server lets us see may change (another
 * account, another role in force, signing in or out), so the live map reloads then.
 */
export function viewerOf(session: AccountSession): string | undefined {
  if (session.via === 'none') return undefined;
  return `${session.via}:${session.userId ?? ''}:${session.role}`;
}

/** A TOTP code as typed: spaces and dashes dropped (apps show "123 456"); null if not 6 digits. */
export function normaliseCode(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  return /^[0-9]{6}$/.test(digits) ? digits : null;
}
