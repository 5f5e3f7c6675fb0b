import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import {
  chainHash,
  contentHash,
  privateHash,
  type EventContent,
  type PublicEventRecord,
} from '../../shared/audit/chain.js';
import {
  INSERT_EVENTS_AND_MOVE_HEAD,
  LOCK_CHAIN_HEAD,
  SELECT_CHAIN_HEAD,
  SELECT_PUBLIC_EVENTS_AFTER,
} from './events.queries.js';

export interface NewEvent {
  type: string;
  entity: string;
  entityId: string;
  /** Part of the published record: must hold nothing private. */
  public: unknown;
  /** Kept for authorised auditors only; its hash is published. */
  private: Record<string, unknown>;
}

export interface AppendedEvent extends PublicEventRecord {
  private: Record<string, unknown>;
}

/**
 * Appends events to the chain inside the caller's transaction. Call it last, just before
 * COMMIT: it locks the chain head, so every other writer waits from here until this commits,
 * which is what keeps event ids in commit order.
 */
export async function appendEvents(
  client: pg.PoolClient,
  events: readonly NewEvent[],
): Promise<AppendedEvent[]> {
  if (events.length === 0) return [];
  const at = new Date().toISOString();
  const prepared = events.map((event) => {
    // The nonce keeps the private hash from being brute-forced from the public part.
    const privatePart = { ...event.private, nonce: randomBytes(16).toString('hex') };
    const content: EventContent = {
      type: event.type,
      entity: event.entity,
      entityId: event.entityId,
      at,
      public: event.public,
      privateHash: privateHash(privatePart),
    };
    return { content, privatePart, contentHash: contentHash(content) };
  });

  const head = await client.query<{ last_id: number; last_hash: string }>(LOCK_CHAIN_HEAD);
  const start = head.rows[0];
  if (!start) throw new Error('the event chain head row is missing');
  let previous = { id: start.last_id, hash: start.last_hash };
  const appended = prepared.map((item): AppendedEvent => {
    const event = {
      ...item.content,
      id: previous.id + 1,
      contentHash: item.contentHash,
      prevHash: previous.hash,
      hash: chainHash(previous.hash, item.contentHash),
      private: item.privatePart,
    };
    previous = { id: event.id, hash: event.hash };
    return event;
  });

  const moved = await client.query(INSERT_EVENTS_AND_MOVE_HEAD, [
    appended.map((e) => e.id),
    appended.map((e) => e.type),
    appended.map((e) => e.entity),
    appended.map((e) => e.entityId),
    appended.map((e) => e.at),
    appended.map((e) => JSON.stringify(e.public)),
    appended.map((e) => JSON.stringify(e.private)),
    appended.map((e) => e.privateHash),
    appended.map((e) => e.contentHash),
    appended.map((e) => e.prevHash),
    appended.map((e) => e.hash),
    previous.id,
    previous.hash,
    appended.length,
  ]);
  if (moved.rowCount !== 1) throw new Error('the event chain head did not move with the append');
  return appended;
}

interface PublicEventRow {
  id: number;
  type: string;
  entity_type: string;
  entity_id: string;
  at: Date;
  public: unknown;
  private_hash: string;
  content_hash: string;
  prev_hash: string;
  hash: string;
}

function toPublicRecord(row: PublicEventRow): PublicEventRecord {
  return {
    id: row.id,
    type: row.type,
    entity: row.entity_type,
    entityId: row.entity_id,
    at: row.at.toISOString(),
    public: row.public,
    privateHash: row.private_hash,
    contentHash: row.content_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export async function readPublicEventsAfter(
  db: pg.Pool | pg.PoolClient,
  afterId: number,
  limit: number,
): Promise<PublicEventRecord[]> {
  const result = await db.query<PublicEventRow>(SELECT_PUBLIC_EVENTS_AFTER, [afterId, limit]);
  return result.rows.map(toPublicRecord);
}

export async function readChainHead(db: pg.Pool): Promise<{ id: number; hash: string }> {
  const result = await db.query<{ last_id: number; last_hash: string }>(SELECT_CHAIN_HEAD);
  const row = result.rows[0];
  if (!row) throw new Error('the event chain head row is missing');
  return { id: row.last_id, hash: row.last_hash };
}
