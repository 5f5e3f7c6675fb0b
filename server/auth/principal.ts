import type { PersonRole, Role } from '../../shared/roles.js';

/**
 * Who a request comes from. `role` is what applies now: a person with a privileged account
 * role who has not passed the second factor in this session acts as a `resident`.
 */
export interface Principal {
  role: Role;
  via: 'none' | 'key' | 'session';
  keyId?: string;
  /** A signed-in person's account and session. */
  userId?: string;
  sessionId?: string;
  name?: string;
  /** A signed-in person's account role (what `role` becomes once the second factor passes). */
  accountRole?: PersonRole;
}
