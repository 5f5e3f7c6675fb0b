import type pg from 'pg';
import type {
  ErasureReason,
  PublicEventRecord,
  WithholdingReason,
} from '../../shared/audit/chain.js';
import {
  SELECT_CHAIN_HEAD,
  SELECT_EVENTS_FOR_RELAY,
  SELECT_PUBLIC_EVENTS_AFTER,
} from './events.queries.js';

interface PublicEventRow {
  id: number;
  chain_version: number;
  type: string;
  entity_type: string;
  entity_id: string;
  at: Date | null;
  public: unknown;
  public_hash: string | null;
  private_hash: string;
  content_hash: string;
  prev_hash: string;
  hash: string;
  withheld_by: number | null;
  withheld_reason: WithholdingReason | null;
  erased_by: number | null;
  erased_reason: ErasureReason | null;
}

function toPublicRecord(row: PublicEventRow): PublicEventRecord {
  const links = {
    id: row.id,
    privateHash: row.private_hash,
    contentHash: row.content_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  if (row.chain_version === 1) {
    return {
      v: 1,
      ...links,
      type: row.type,
      entity: row.entity_type,
      entityId: row.entity_id,
      at: row.at?.toISOString() ?? '',
      public: row.public,
    };
  }
  return {
    v: 2,
    ...links,
    public: row.public,
    publicHash: row.public_hash ?? '',
    withheld:
      row.withheld_by === null || row.withheld_reason === null
        ? null
        : { by: row.withheld_by, reason: row.withheld_reason },
    erased:
      row.erased_by === null || row.erased_reason === null
        ? null
        : { by: row.erased_by, reason: row.erased_reason },
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

export async function readChainHead(
  db: pg.Pool | pg.PoolClient,
): Promise<{ id: number; hash: string }> {
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
