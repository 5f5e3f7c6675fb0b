/**
 * Who is asking. `public` is everyone without credentials. People sign in with an account of
 * one of PERSON_ROLES; machines send an API key of one of KEY_ROLES.
 */
export const PERSON_ROLES = ['resident', 'moderator', 'dispatcher', 'admin'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const KEY_ROLES = ['dispatcher', 'moderator', 'admin'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export type Role = 'public' | PersonRole;
export const ROLES: readonly Role[] = ['public', ...PERSON_ROLES];

/**
 * Roles that see exact locations or held content: a person with one of them must have passed a
 * second factor in this session before the role's powers apply (until then they act as a
 * resident). API keys are machines' credentials and carry their role directly.
 */
export const PRIVILEGED_ROLES: readonly PersonRole[] = ['moderator', 'dispatcher', 'admin'];

export function isPrivileged(role: Role): boolean {
  return (PRIVILEGED_ROLES as readonly Role[]).includes(role);
}

export function seesExactLocations(role: Role): boolean {
  return role === 'dispatcher';
}
