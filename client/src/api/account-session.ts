import { PRIVILEGED_ROLES } from '../../../shared/roles.js';
import type { AccountSession } from '../../../shared/schemas/account.js';

/**
 * Whether the session acts in one of the roles now. `role` is what applies (the server keeps a
 * privileged account a resident until its second factor passed); checked again here so a page
 * never offers a privileged tool on an account's role alone.
 */
export function actsAs(session: AccountSession | null, roles: readonly string[]): boolean {
  if (!session || !roles.includes(session.role)) return false;
  const privileged = (PRIVILEGED_ROLES as readonly string[]).includes(session.role);
  return !privileged || session.secondFactor === 'passed' || session.via === 'key';
}
