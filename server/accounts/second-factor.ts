import { isPrivileged, type PersonRole, type Role } from '../../shared/roles.js';

/** Where a session stands with the second factor (AccountSessionSchema's `secondFactor`). */
export type SecondFactorState = 'none' | 'required' | 'enrolment_required' | 'passed';

export function secondFactorState(
  accountRole: PersonRole,
  enrolled: boolean,
  passed: boolean,
): SecondFactorState {
  if (!isPrivileged(accountRole)) return 'none';
  if (passed) return 'passed';
  return enrolled ? 'required' : 'enrolment_required';
}

/** The role that applies now: a privileged account acts as a resident until the factor passes. */
export function effectiveRole(accountRole: PersonRole, state: SecondFactorState): Role {
  return state === 'required' || state === 'enrolment_required' ? 'resident' : accountRole;
}
