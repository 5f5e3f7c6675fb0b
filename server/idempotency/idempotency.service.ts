import { createHash } from 'node:crypto';
import type pg from 'pg';
import { canonicalJson } from '../../shared/audit/chain.js';
import { CLAIM_KEYS, RELEASE_KEYS, SELECT_KEYS, STORE_RESPONSES } from './idempotency.queries.js';

/**
 * Idempotency-Keys, one way for every write: a write sent with a key claims it in the write's
 * transaction and stores its answer there, so a retry (even one racing the first request: it
 * waits on the key's row) gets that answer and writes nothing; the same key with another
 * request is refused. A single write is a batch of one.
 */

export interface WriteResult<T> {
  statusCode: number;
  body: T;
}

/** A write that carries an Idempotency-Key. */
export interface KeyedWrite {
  /** Who sent it: keys of different clients never collide. */
  principal: string;
  key: string;
  /** The hash of what was asked (method, path and body): the key is bound to it. */
  requestHash: string;
}

export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/** The keyed form of a write, or undefined when it came without a key. */
export function keyedWrite(
  principal: string,
  key: string | undefined,
  request: unknown,
): KeyedWrite | undefined {
  return key === undefined ? undefined : { principal, key, requestHash: requestHash(request) };
}

export function scopeOf(write: { principal: string; key: string }): string {
  return `${write.principal}\u0000${write.key}`;
}

/** What a key's claim found: new, used before by the same request, or by another one. */
export type Claim =
  { kind: 'claimed' } | { kind: 'replay'; answer: WriteResult<unknown> } | { kind: 'reused' };

/** How a batch item uses its key: first in the batch, or a repeat of an earlier item's. */
export type UseInBatch = { first: true } | { first: false; of: number; sameRequest: boolean };

/** Finds the items of one batch that repeat a key an earlier item of it carries. */
export function usesInBatch(writes: readonly (KeyedWrite | undefined)[]): UseInBatch[] {
  const firstIndex = new Map<string, number>();
  return writes.map((write, index) => {
    if (!write) return { first: true };
    const scope = scopeOf(write);
    const of = firstIndex.get(scope);
    if (of === undefined) {
      firstIndex.set(scope, index);
      return { first: true };
    }
    return { first: false, of, sameRequest: writes[of]?.requestHash === write.requestHash };
  });
}

/** Claims the keys of writes about to be made, inside their transaction. */
export async function claimKeys(
  client: pg.PoolClient,
  writes: readonly KeyedWrite[],
): Promise<Map<string, Claim>> {
  const claims = new Map<string, Claim>();
  if (writes.length === 0) return claims;
  const claimed = await client.query<{ principal: string; key: string }>(CLAIM_KEYS, [
    writes.map((w) => w.principal),
    writes.map((w) => w.key),
    writes.map((w) => w.requestHash),
  ]);
  for (const row of claimed.rows) claims.set(scopeOf(row), { kind: 'claimed' });
  const usedBefore = writes.filter((w) => !claims.has(scopeOf(w)));
  if (usedBefore.length === 0) return claims;
  const stored = await client.query<{
    principal: string;
    key: string;
    request_hash: string;
    status_code: number;
    response: unknown;
  }>(SELECT_KEYS, [usedBefore.map((w) => w.principal), usedBefore.map((w) => w.key)]);
  const storedByScope = new Map(stored.rows.map((row) => [scopeOf(row), row]));
  for (const write of usedBefore) {
    const row = storedByScope.get(scopeOf(write));
    claims.set(
      scopeOf(write),
      row && row.request_hash === write.requestHash
        ? { kind: 'replay', answer: { statusCode: row.status_code, body: row.response } }
        : { kind: 'reused' },
    );
  }
  return claims;
}

/** Stores the answers of claimed keys whose writes succeeded and frees those that failed. */
export async function settleKeys(
  client: pg.PoolClient,
  answered: readonly (KeyedWrite & WriteResult<unknown>)[],
  failed: readonly KeyedWrite[],
): Promise<void> {
  if (answered.length > 0) {
    await client.query(STORE_RESPONSES, [
      answered.map((w) => w.principal),
      answered.map((w) => w.key),
      answered.map((w) => w.statusCode),
      answered.map((w) => JSON.stringify(w.body)),
    ]);
  }
  if (failed.length > 0) {
    await client.query(RELEASE_KEYS, [failed.map((w) => w.principal), failed.map((w) => w.key)]);
  }
}
