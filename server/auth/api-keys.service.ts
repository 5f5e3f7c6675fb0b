import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { v4 as uuidv4 } from 'uuid';
import type { KeyRole } from '../../shared/roles.js';
import { BatchQueue } from '../db/batch-queue.js';
import { withTransaction } from '../db/transaction.js';
import {
  INSERT_API_KEY,
  INSERT_KEY_REVOCATION,
  NOTIFY_KEY_REVOKED,
  REVOKE_API_KEY,
  SELECT_ACTIVE_KEYS_BY_HASH,
  SELECT_API_KEYS,
  SELECT_KEYS_BY_REFERENCE,
} from './api-keys.queries.js';
import { signalKeyRevoked } from './key-revocations.js';

export interface KeyPrincipal {
  keyId: string;
  name: string;
  role: KeyRole;
}

export interface KeySummary {
  id: string;
  name: string;
  role: KeyRole;
}

/** What `key:list` shows: never the key nor its hash. Times are ISO 8601 strings. */
export interface KeyListing extends KeySummary {
  createdAt: string;
  /** To the minute: a key's use is recorded at most once a minute. */
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type RevokeOutcome =
  | { outcome: 'revoked' | 'already_revoked'; key: KeySummary; revokedAt: string }
  | { outcome: 'not_found' }
  | { outcome: 'ambiguous'; keys: KeySummary[] };

const KEY_PREFIX = 'ob_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Makes a new key and stores only its hash: the key itself is shown once, to its creator. */
export async function createApiKey(
  pool: pg.Pool,
  input: { name: string; role: KeyRole },
): Promise<{ id: string; key: string }> {
  const id = uuidv4();
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  await pool.query(INSERT_API_KEY, [id, input.name, input.role, hashApiKey(key)]);
  return { id, key };
}

/**
 * Looks a key up by its hash on every call, with no cache: a revocation must hold for the very
 * next request in every process, and a cache could only be proven fresh by a round trip of its
 * own. Lookups that arrive while one is in flight go together in the next query (as writes do,
 * server/db/batch-queue.ts), so a busy server pays one round trip per batch, not per request;
 * each lookup is still sent after its request arrived, so it sees every revocation committed
 * before that.
 */
export class ApiKeyVerifier {
  readonly #lookups: BatchQueue<string, KeyPrincipal | null>;

  constructor(private readonly pool: pg.Pool) {
    this.#lookups = new BatchQueue((hashes) => this.#lookUp(hashes), {
      maxBatch: 500,
      concurrency: 2,
    });
  }

  verify(key: string): Promise<KeyPrincipal | null> {
    return this.#lookups.submit(hashApiKey(key));
  }

  async #lookUp(hashes: readonly string[]) {
    const result = await this.pool.query<{
      id: string;
      name: string;
      role: KeyRole;
      key_hash: string;
    }>(SELECT_ACTIVE_KEYS_BY_HASH, [[...new Set(hashes)]]);
    const byHash = new Map(
      result.rows.map((row) => [row.key_hash, { keyId: row.id, name: row.name, role: row.role }]),
    );
    return hashes.map((hash) => ({ ok: true as const, value: byHash.get(hash) ?? null }));
  }
}

export async function listApiKeys(pool: pg.Pool): Promise<KeyListing[]> {
  const result = await pool.query<{
    id: string;
    name: string;
    role: KeyRole;
    created_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
  }>(SELECT_API_KEYS);
  return result.rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  }));
}

/**
 * Revokes the key named by `reference` (its id, or its name). Only keys still in use count
 * for a name, so a rotated key's name names its successor; two keys in use under one name are
 * refused as ambiguous. The revocation is recorded in api_key_revocations and announced in the
 * same transaction, so every process's watcher closes the key's sockets.
 */
export async function revokeApiKey(pool: pg.Pool, reference: string): Promise<RevokeOutcome> {
  const outcome = await withTransaction(pool, async (client): Promise<RevokeOutcome> => {
    const matches = await client.query<KeySummary & { revoked_at: Date | null }>(
      SELECT_KEYS_BY_REFERENCE,
      [reference],
    );
    const summary = ({ id, name, role }: KeySummary): KeySummary => ({ id, name, role });
    const active = matches.rows.filter((row) => row.revoked_at === null);
    if (active.length > 1) return { outcome: 'ambiguous', keys: active.map(summary) };
    const target = active[0];
    if (target) {
      // The matches are locked (FOR UPDATE), so a concurrent revoke waits and then sees this one.
      const revoked = await client.query<{ revoked_at: Date }>(REVOKE_API_KEY, [target.id]);
      const revokedAt = revoked.rows[0]?.revoked_at ?? new Date();
      await client.query(INSERT_KEY_REVOCATION, [target.id, revokedAt]);
      await client.query(NOTIFY_KEY_REVOKED);
      return { outcome: 'revoked', key: summary(target), revokedAt: revokedAt.toISOString() };
    }
    const last = matches.rows.at(-1);
    if (!last?.revoked_at) return { outcome: 'not_found' };
    return {
      outcome: 'already_revoked',
      key: summary(last),
      revokedAt: last.revoked_at.toISOString(),
    };
  });
  if (outcome.outcome === 'revoked') signalKeyRevoked();
  return outcome;
}
