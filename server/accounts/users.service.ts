import type pg from 'pg';
import { v4 as uuidv4 } from 'uuid';
import type { PersonRole } from '../../shared/roles.js';
import type { UserSummary } from '../../shared/schemas/account.js';
import { withTransaction } from '../db/transaction.js';
import { hashPassword } from './password.js';
import { revokeUserSessionsIn, signalSessionsRevoked } from './sessions.service.js';
import { sealTotpSecret } from './totp.js';
import { INSERT_USER, LOCK_ADMINS, SELECT_USERS, UPDATE_USER_ROLE } from './users.queries.js';

export interface NewUser {
  email: string;
  password: string;
  role: PersonRole;
  displayName?: string | null;
  /** An already enrolled TOTP secret (base32): the CLI and tests; people enrol through the API. */
  totpSecret?: string;
}

/** E-mail addresses are compared in lower case (the table's CHECK keeps them so). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates an account; null when the address already has one. */
export async function createUser(
  db: pg.Pool | pg.PoolClient,
  input: NewUser,
): Promise<string | null> {
  const id = uuidv4();
  const sealed = input.totpSecret ? await sealTotpSecret(db, input.totpSecret) : null;
  const { rows } = await db.query<{ id: string }>(INSERT_USER, [
    id,
    normaliseEmail(input.email),
    await hashPassword(input.password),
    input.displayName ?? null,
    input.role,
    sealed,
  ]);
  return rows[0]?.id ?? null;
}

export async function listUsers(pool: pg.Pool): Promise<UserSummary[]> {
  const { rows } = await pool.query<{
    id: string;
    email: string;
    display_name: string | null;
    role: PersonRole;
    totp_enrolled_at: Date | null;
    created_at: Date;
    locked_until: Date | null;
  }>(SELECT_USERS);
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    secondFactor: row.totp_enrolled_at !== null,
    lockedUntil: row.locked_until?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  }));
}

export type RoleChangeOutcome = 'changed' | 'not_found' | 'last_admin';

/**
 * Gives a person another role and ends their sessions, so the new role (and its second factor)
 * applies from their next sign-in. The last admin cannot be demoted: nobody could manage
 * accounts any more.
 */
export async function changeUserRole(
  pool: pg.Pool,
  userId: string,
  role: PersonRole,
): Promise<RoleChangeOutcome> {
  const outcome = await withTransaction(pool, async (client): Promise<RoleChangeOutcome> => {
    const admins = await client.query<{ id: string }>(LOCK_ADMINS);
    const isAdmin = admins.rows.some((row) => row.id === userId);
    if (isAdmin && role !== 'admin' && admins.rows.length === 1) return 'last_admin';
    const updated = await client.query(UPDATE_USER_ROLE, [userId, role]);
    if (updated.rowCount === 0) return 'not_found';
    await revokeUserSessionsIn(client, userId);
    return 'changed';
  });
  if (outcome === 'changed') signalSessionsRevoked();
  return outcome;
}
