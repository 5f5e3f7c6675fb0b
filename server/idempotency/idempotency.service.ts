import { createHash } from 'node:crypto';
import type pg from 'pg';
import { canonicalJson } from '../../shared/audit/chain.js';
import { signalEventsCommitted } from '../audit/commit-signal.js';
import { appendEvents, type NewEvent } from '../audit/events.service.js';
import { withTransaction } from '../db/transaction.js';
import { IdempotencyKeyReusedError } from '../errors.js';
import {
  CLAIM_KEY,
  CLAIM_KEYS,
  RELEASE_KEYS,
  SELECT_KEY,
  SELECT_KEYS,
  STORE_RESPONSE,
  STORE_RESPONSES,
} from './idempotency.queries.js';

export interface WriteResult<T> {
  statusCode: number;
  body: T;
}

/** What a write did: its answer, and the events that record it. */
export interface WriteOutcome<T> extends WriteResult<T> {
  events: NewEvent[];
}

export interface IdempotencyScope {
  /** Who sent it: keys of different clients never collide. */
  principal: string;
  key: string | undefined;
  /** What was asked: method, path and body. */
  request: unknown;
}

export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/**
 * Runs one write in one transaction. With an Idempotency-Key, the first answer is stored in the
 * same transaction as the write, so a retry (even one racing the first request: it waits on the
 * key's row) returns that answer and writes nothing; the same key with another request is a 422.
 * The events go last, just before COMMIT, because appending them holds the chain lock.
 */
export async function writeOnce<T>(
  pool: pg.Pool,
  scope: IdempotencyScope,
  write: (client: pg.PoolClient) => Promise<WriteOutcome<T>>,
): Promise<WriteResult<T>> {
  const { key } = scope;
  const hash = requestHash(scope.request);
  const { result, appended } = await withTransaction(pool, async (client) => {
    if (key !== undefined) {
      const claimed = await client.query(CLAIM_KEY, [scope.principal, key, hash]);
      if (claimed.rowCount === 0) {
        return { result: await storedAnswer<T>(client, scope.principal, key, hash), appended: 0 };
      }
    }
    const { statusCode, body, events } = await write(client);
    if (key !== undefined) {
      await client.query(STORE_RESPONSE, [scope.principal, key, statusCode, JSON.stringify(body)]);
    }
    const chained = await appendEvents(client, events);
    return { result: { statusCode, body }, appended: chained.length };
  });
  if (appended > 0) signalEventsCommitted();
  return result;
}

async function storedAnswer<T>(
  client: pg.PoolClient,
  principal: string,
  key: string,
  hash: string,
): Promise<WriteResult<T>> {
  const stored = await client.query<{ request_hash: string; status_code: number; response: T }>(
    SELECT_KEY,
    [principal, key],
  );
  const row = stored.rows[0];
  if (!row || row.request_hash !== hash) throw new IdempotencyKeyReusedError();
  return { statusCode: row.status_code, body: row.response };
}

/** One write of a batch that carries an Idempotency-Key. */
export interface KeyedWrite {
  principal: string;
  key: string;
  requestHash: string;
}

export interface StoredAnswer {
  requestHash: string;
  statusCode: number;
  body: unknown;
}

export function scopeOf(write: { principal: string; key: string }): string {
  return `${write.principal}\u0000${write.key}`;
}

/** Claims the keys of a batch; returns the scopes claimed now (the others were used before). */
export async function claimKeys(
  client: pg.PoolClient,
  writes: readonly KeyedWrite[],
): Promise<Set<string>> {
  if (writes.length === 0) return new Set();
  const claimed = await client.query<{ principal: string; key: string }>(CLAIM_KEYS, [
    writes.map((w) => w.principal),
    writes.map((w) => w.key),
    writes.map((w) => w.requestHash),
  ]);
  return new Set(claimed.rows.map(scopeOf));
}

export async function storedAnswers(
  client: pg.PoolClient,
  writes: readonly KeyedWrite[],
): Promise<Map<string, StoredAnswer>> {
  if (writes.length === 0) return new Map();
  const stored = await client.query<{
    principal: string;
    key: string;
    request_hash: string;
    status_code: number;
    response: unknown;
  }>(SELECT_KEYS, [writes.map((w) => w.principal), writes.map((w) => w.key)]);
  return new Map(
    stored.rows.map((row) => [
      scopeOf(row),
      { requestHash: row.request_hash, statusCode: row.status_code, body: row.response },
    ]),
  );
}

/** Stores the answers of the claimed keys that succeeded and frees those that failed. */
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
