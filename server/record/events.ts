import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import {
  contentHash,
  partHash,
  type ErasureReason,
  type WithholdingReason,
} from '../../shared/audit/chain.js';
import { assertDeclared } from './declared-events.js';

/** Chains a JSON array of prepared events (append_events() in migrations/). */
const APPEND_EVENTS = `
  SELECT event_id::float8 AS id, event_hash AS hash FROM append_events($1::jsonb)`;

/** A public feature an event takes off the map: the relay tells the sockets that saw it. */
export interface Retraction {
  id: string;
  coordinates: [number, number];
  category: string;
  /** The last event about the entity before this one (0: none), which a replay may have sent. */
  publishedBy: number;
}

export interface NewEvent {
  type: string;
  entity: string;
  entityId: string;
  /**
   * Whether the public part names the entity and the exact time. An event about an entity
   * the public must not be able to single out (a hidden incident) says only its day.
   */
  identified: boolean;
  /** Part of the published record: must hold nothing private. */
  public: Record<string, unknown>;
  /** Kept for authorised auditors only; its hash is published. */
  private: Record<string, unknown>;
  retracts?: Retraction;
  /** Earlier events whose public parts this event withholds. */
  withholds?: { events: readonly number[]; reason: WithholdingReason };
  /** Earlier events (of observations) whose private parts this event erases. */
  erases?: { events: readonly number[]; reason: ErasureReason };
}

/** An event with its parts hashed, ready for append_events() to chain. */
export interface PreparedEvent {
  type: string;
  entity: string;
  entityId: string;
  at: string;
  public: Record<string, unknown>;
  private: Record<string, unknown>;
  publicHash: string;
  privateHash: string;
  contentHash: string;
  retracts?: Retraction;
  withholds?: readonly number[];
  withholdReason?: WithholdingReason;
  erases?: readonly number[];
  eraseReason?: ErasureReason;
}

function nonce(): string {
  return randomBytes(16).toString('hex');
}

function publicPartOf(event: NewEvent, at: string): Record<string, unknown> {
  const envelope = event.identified
    ? { type: event.type, entity: event.entity, entityId: event.entityId, at }
    : { type: event.type, entity: event.entity, day: at.slice(0, 10) };
  // The salt keeps a withheld part from being confirmed by guessing it against its hash.
  return { ...event.public, ...envelope, salt: nonce() };
}

/**
 * Checks events against their declarations and hashes them, before the chain lock is taken,
 * so that the lock is held as briefly as can be.
 */
export function prepareEvents(events: readonly NewEvent[], at = new Date()): PreparedEvent[] {
  const atText = at.toISOString();
  return events.map((event) => {
    assertDeclared(event);
    const publicPart = publicPartOf(event, atText);
    // The nonce keeps the private hash from being brute-forced from the public part.
    const privatePart = { ...event.private, nonce: nonce() };
    const hashes = { publicHash: partHash(publicPart), privateHash: partHash(privatePart) };
    return {
      type: event.type,
      entity: event.entity,
      entityId: event.entityId,
      at: atText,
      public: publicPart,
      private: privatePart,
      ...hashes,
      contentHash: contentHash(hashes),
      ...(event.retracts ? { retracts: event.retracts } : {}),
      ...(event.withholds
        ? { withholds: event.withholds.events, withholdReason: event.withholds.reason }
        : {}),
      ...(event.erases ? { erases: event.erases.events, eraseReason: event.erases.reason } : {}),
    };
  });
}

/** An event as the chain took it: its id and its chain hash. */
export interface AppendedEvent {
  id: number;
  hash: string;
}

/**
 * Appends events to the chain, inside the caller's transaction on a client, or as a statement
 * of its own on a pool. In a transaction call it last, just before COMMIT: it locks the chain
 * head, so every other writer waits from here until this commits, which is what keeps event
 * ids in commit order.
 */
export async function appendEvents(
  db: pg.Pool | pg.PoolClient,
  events: readonly NewEvent[],
): Promise<AppendedEvent[]> {
  if (events.length === 0) return [];
  const appended = await db.query<AppendedEvent>(APPEND_EVENTS, [
    JSON.stringify(prepareEvents(events)),
  ]);
  return appended.rows;
}
