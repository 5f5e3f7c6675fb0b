/** Who is asking. `public` is everyone without credentials; only `dispatcher` sees exact locations. */
export const KEY_ROLES = ['dispatcher', 'moderator', 'admin'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];
export type Role = 'public' | KeyRole;

export function seesExactLocations(role: Role): boolean {
  return role === 'dispatcher';
}
