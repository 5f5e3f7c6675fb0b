import type { AccountSession } from '../../../shared/schemas/account.js';
import { PRIVILEGED_ROLES } from '../../../shared/roles.js';
import { request } from './rest.js';

/** GET /api/v1/session with the session cookie: who is signed in, and with which factor. */
export function fetchAccountSession(): Promise<AccountSession> {
  return request<AccountSession>('/api/v1/session', { credentials: 'same-origin' });
}

/** A privileged role counts only once its second factor passed (issue 12, part 1). */
export function actsAs(session: AccountSession | null, roles: readonly string[]): boolean {
  if (!session || !roles.includes(session.role)) return false;
  const privileged = (PRIVILEGED_ROLES as readonly string[]).includes(session.role);
  return !privileged || session.secondFactor === 'passed' || session.via === 'key';
}
