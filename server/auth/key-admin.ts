import type pg from 'pg';
import type { KeyRole } from '../../shared/roles.js';
import {
  createApiKey,
  listApiKeys,
  revokeApiKey,
  type KeyListing,
  type RevokeOutcome,
} from './api-keys.service.js';

/** A key's name becomes the source of what it writes: letters, digits and . _ : - only. */
export const KEY_NAME_PATTERN = '^[\\w.:-]{1,100}$';

/**
 * What the key commands (`npm run key:create`, `key:list`, `key:revoke`) do, whether they reach
 * the database themselves or go through a running embedded server (key-admin-channel.ts).
 * Everything it returns is plain JSON, so both paths give the same answers.
 */
export interface KeyAdmin {
  create(input: { name: string; role: KeyRole }): Promise<{ id: string; key: string }>;
  list(): Promise<KeyListing[]>;
  revoke(reference: string): Promise<RevokeOutcome>;
}

export function keyAdminOn(pool: pg.Pool): KeyAdmin {
  return {
    create: (input) => createApiKey(pool, input),
    list: () => listApiKeys(pool),
    revoke: (reference) => revokeApiKey(pool, reference),
  };
}
