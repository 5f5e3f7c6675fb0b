import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { v4 as uuidv4 } from 'uuid';
import type { KeyRole } from '../../shared/roles.js';
import { INSERT_API_KEY, SELECT_ACTIVE_KEY_BY_HASH } from './api-keys.queries.js';

export interface KeyPrincipal {
  keyId: string;
  name: string;
  role: KeyRole;
}

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

// A revoked key keeps working for at most this long in a process that has it cached.
const CACHE_TTL_MS = 30_000;
const CACHE_MAX_ENTRIES = 10_000;

/** Looks keys up by hash, remembering answers briefly so a busy CAD feed costs no query per write. */
export class ApiKeyVerifier {
  readonly #cache = new Map<string, { principal: KeyPrincipal | null; expires: number }>();

  constructor(private readonly pool: pg.Pool) {}

  async verify(key: string): Promise<KeyPrincipal | null> {
    const hash = hashApiKey(key);
    const now = Date.now();
    const cached = this.#cache.get(hash);
    if (cached && cached.expires > now) return cached.principal;
    const result = await this.pool.query<{ id: string; name: string; role: KeyRole }>(
      SELECT_ACTIVE_KEY_BY_HASH,
      [hash],
    );
    const row = result.rows[0];
    const principal = row ? { keyId: row.id, name: row.name, role: row.role } : null;
    if (this.#cache.size >= CACHE_MAX_ENTRIES) this.#cache.clear();
    this.#cache.set(hash, { principal, expires: now + CACHE_TTL_MS });
    return principal;
  }
}
