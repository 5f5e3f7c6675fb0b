import { createHash } from 'node:crypto';
import type pg from 'pg';
import { canonicalJson } from '../../shared/audit/chain.js';
import { withTransaction } from '../db/transaction.js';
import { IdempotencyKeyReusedError } from '../errors.js';
import { CLAIM_KEY, SELECT_KEY, STORE_RESPONSE } from './idempotency.queries.js';

export interface WriteResult<T> {
  statusCode: number;
  body: T;
}

export interface IdempotencyScope {
  /** Who sent it: keys of different clients never collide. */
  principal: string;
  key: string | undefined;
  /** What was asked: method, path and body. */
  request: unknown;
}

/**
 * Runs a write in one transaction. With an Idempotency-Key, the first answer is stored in the
 * same transaction as the write, so a retry (even one racing the first request: it waits on the
 * key's row) returns that answer and writes nothing; the same key with another request is a 422.
 */
export async function writeOnce<T>(
  pool: pg.Pool,
  scope: IdempotencyScope,
  write: (client: pg.PoolClient) => Promise<WriteResult<T>>,
): Promise<WriteResult<T>> {
  const { key } = scope;
  if (key === undefined) return withTransaction(pool, write);
  const requestHash = createHash('sha256').update(canonicalJson(scope.request)).digest('hex');
  return withTransaction(pool, async (client) => {
    const claimed = await client.query(CLAIM_KEY, [scope.principal, key, requestHash]);
    if (claimed.rowCount === 0) {
      const stored = await client.query<{
        request_hash: string;
        status_code: number;
        response: T;
      }>(SELECT_KEY, [scope.principal, key]);
      const row = stored.rows[0];
      if (!row || row.request_hash !== requestHash) throw new IdempotencyKeyReusedError();
      return { statusCode: row.status_code, body: row.response };
    }
    const result = await write(client);
    await client.query(STORE_RESPONSE, [
      scope.principal,
      key,
      result.statusCode,
      JSON.stringify(result.body),
    ]);
    return result;
  });
}
