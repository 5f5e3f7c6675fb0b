import type pg from 'pg';
import type { AdminSetup } from '../../shared/schemas/account.js';
import { withTransaction } from '../db/transaction.js';
import {
  DELETE_SETUP_TOKENS,
  LOCK_SETUP_TOKENS,
  REPLACE_SETUP_TOKEN,
  SELECT_ANY_ADMIN,
  TAKE_SETUP_TOKEN,
} from './admin-setup.queries.js';
import { newToken, sha256Hex } from './tokens.js';
import { createUser } from './users.service.js';

const SETUP_LINK_SECONDS = 24 * 60 * 60;

/**
 * On a database without an admin, a new one-time setup token (valid 24 h; it replaces the last
 * one), for the link the server prints at start; null once an admin exists.
 */
export async function issueSetupToken(pool: pg.Pool): Promise<string | null> {
  const admins = await pool.query(SELECT_ANY_ADMIN);
  if (admins.rowCount !== 0) {
    await pool.query(DELETE_SETUP_TOKENS);
    return null;
  }
  const token = newToken();
  await pool.query(REPLACE_SETUP_TOKEN, [sha256Hex(token), SETUP_LINK_SECONDS]);
  return token;
}

export type SetupOutcome =
  | { outcome: 'created'; userId: string }
  | { outcome: 'invalid_token' }
  | { outcome: 'email_taken' };

/** Uses a setup token once: creates the first admin (who must then enrol a second factor). */
export async function completeSetup(pool: pg.Pool, input: AdminSetup): Promise<SetupOutcome> {
  return withTransaction(pool, async (client): Promise<SetupOutcome> => {
    await client.query(LOCK_SETUP_TOKENS);
    const taken = await client.query(TAKE_SETUP_TOKEN, [sha256Hex(input.token)]);
    if (taken.rowCount === 0) return { outcome: 'invalid_token' };
    const admins = await client.query(SELECT_ANY_ADMIN);
    if (admins.rowCount !== 0) return { outcome: 'invalid_token' };
    const userId = await createUser(client, {
      email: input.email,
      password: input.password,
      displayName: input.displayName ?? null,
      role: 'admin',
    });
    // The token stays unused when the address is taken: the person may try another one.
    if (userId === null) throw new EmailTakenDuringSetup();
    await client.query(DELETE_SETUP_TOKENS);
    return { outcome: 'created', userId };
  }).catch((error: unknown) => {
    if (error instanceof EmailTakenDuringSetup) return { outcome: 'email_taken' as const };
    throw error;
  });
}

/** Rolls the setup's transaction back, so the token survives a taken address. */
class EmailTakenDuringSetup extends Error {}
