import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import {
  contentHash,
  privateHash,
  type EventContent,
  type PublicEventRecord,
} from '../../shared/audit/chain.js';
import {
  APPEND_EVENTS,
  SELECT_CHAIN_HEAD,
  SELECT_EVENTS_FOR_RELAY,
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

/** An event with its content hashed, ready for append_events() to chain. */
export interface PreparedEvent extends EventContent {
  private: Record<string, unknown>;
  contentHash: string;
}

/** Hashes events before the chain lock is taken, so that the lock is held as briefly as can be. */
export function prepareEvents(events: readonly NewEvent[], at = new Date()): PreparedEvent[] {
  const atText = at.toISOString();
  return events.map((event) => {
    // The nonce keeps the private hash from being brute-forced from the public part.
    const privatePart = { ...event.private, nonce: randomBytes(16).toString('hex') };
    const content: EventContent = {
      type: event.type,
      entity: event.entity,
      entityId: event.entityId,
      at: atText,
      public: event.public,
      privateHash: privateHash(privatePart),
    };
    return { ...content, private: privatePart, contentHash: contentHash(content) };
  });
}

/**
 * Appends events to the chain inside the caller's transaction. Call it last, just before
 * COMMIT: it locks the chain head, so every other writer waits from here until this commits,
 * which is what keeps event ids in commit order.
 */
export async function appendEvents(
  client: pg.PoolClient,
  events: readonly NewEvent[],
): Promise<{ id: number; hash: string }[]> {
  if (events.length === 0) return [];
  const appended = await client.query<{ id: number; hash: string }>(APPEND_EVENTS, [
    JSON.stringify(prepareEvents(events)),
  ]);
  return appended.rows;
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

/** Events in (after, upTo], in id order, with their private part if asked: for the relay only. */
export async function readEventsForRelay<Row extends pg.QueryResultRow>(
  db: pg.Pool,
  range: { after: number; upTo: number; limit: number; withPrivate: boolean },
): Promise<Row[]> {
  const { after, upTo, limit, withPrivate } = range;
  const result = await db.query<Row>(SELECT_EVENTS_FOR_RELAY, [after, upTo, limit, withPrivate]);
  return result.rows;
}
