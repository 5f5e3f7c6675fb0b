import canonicalize from 'canonicalize';
import { sha256HexOfText } from './sha256.js';

/**
 * The tamper-evident event chain, computed the same way by the server that writes it and by
 * anyone who verifies it (browser or command line), hence a portable SHA-256 (@noble/hashes)
 * rather than node:crypto; it is synchronous, so the server computes hashes while it holds
 * the chain lock without yielding.
 *
 * Version 2 chains the hashes of an event's two parts, not the parts themselves:
 *
 *   publicHash  = SHA-256( JCS(public part) )   the public part carries a random salt
 *   privateHash = SHA-256( JCS(private part) )  the private part carries a random nonce
 *   contentHash = SHA-256( JCS({ v: 2, publicHash, privateHash }) )
 *   hash        = SHA-256( UTF-8(prevHash ‖ contentHash) )  hex strings, prevHash of the first row = GENESIS_HASH
 *
 * so a public part that must be withdrawn later (its incident became sensitive, a court order,
 * an erasure) can be served as `withheld` with its hash alone, and the chain still verifies.
 * The salt keeps a withheld part from being confirmed by guessing it and comparing hashes.
 * Each withholding is itself an event. Everything about an event (its type, entity, time)
 * lives in the public part, so a part about a hidden incident can leave out what would
 * identify it.
 *
 * Version 1 (the first rows of older databases) hashed the public part itself with the
 * envelope: contentHash = SHA-256( JCS({ v: 1, type, entity, entityId, at, public, privateHash }) ).
 *
 * JCS is RFC 8785 (https://www.rfc-editor.org/rfc/rfc8785): key order and number formatting are
 * fixed, so the hash does not depend on how PostgreSQL's jsonb stored the object.
 */
export const CHAIN_VERSION = 2;
export const GENESIS_HASH = '0'.repeat(64);

/** Why a public part is no longer served. */
export const WITHHOLDING_REASONS = ['policy_coarsened', 'erasure', 'court_order'] as const;
export type WithholdingReason = (typeof WITHHOLDING_REASONS)[number];

/** Why a private part (the exact place, the text as written) was erased. */
export const ERASURE_REASONS = ['retention', 'reporter_request'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

/** An erased private part: its hash stays in the chain. */
export interface Erasure {
  /** The `record.erased` event that erased it. */
  by: number;
  reason: ErasureReason;
}

export interface Withholding {
  /** The event that withheld this part. */
  by: number;
  reason: WithholdingReason;
}

interface ChainLinks {
  id: number;
  privateHash: string;
  contentHash: string;
  prevHash: string;
  hash: string;
}

export interface PublicEventRecordV2 extends ChainLinks {
  v: 2;
  /** The public part, or null when it is withheld. */
  public: unknown;
  publicHash: string;
  withheld: Withholding | null;
  /** Set once the private part is erased (its hash, `privateHash`, stays). */
  erased?: Erasure | null;
}

export interface PublicEventRecordV1 extends ChainLinks {
  v: 1;
  type: string;
  entity: string;
  entityId: string;
  at: string;
  public: unknown;
}

export type PublicEventRecord = PublicEventRecordV1 | PublicEventRecordV2;

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no canonical JSON form');
  return text;
}

export function sha256Hex(text: string): string {
  return sha256HexOfText(text);
}

/** The hash of one part (public or private) of an event. */
export function partHash(part: unknown): string {
  return sha256Hex(canonicalJson(part));
}

export function contentHash(hashes: { publicHash: string; privateHash: string }): string {
  return sha256Hex(
    canonicalJson({ v: 2, publicHash: hashes.publicHash, privateHash: hashes.privateHash }),
  );
}

export function legacyContentHash(
  event: Pick<
    PublicEventRecordV1,
    'type' | 'entity' | 'entityId' | 'at' | 'public' | 'privateHash'
  >,
): string {
  const { type, entity, entityId, at, privateHash } = event;
  return sha256Hex(
    canonicalJson({ v: 1, type, entity, entityId, at, public: event.public, privateHash }),
  );
}

export function chainHash(prevHash: string, hashOfContent: string): string {
  return sha256Hex(prevHash + hashOfContent);
}

export type ChainVerdict =
  | { ok: true; count: number; lastId: number; lastHash: string; withheld: number }
  | { ok: false; id: number; reason: string };

function contentProblem(event: PublicEventRecord): string | null {
  if (event.v === 1) {
    return legacyContentHash(event) === event.contentHash
      ? null
      : 'content does not match its contentHash';
  }
  // Records come from outside: a version this code does not know must not pass as version 2.
  if ((event as { v: unknown }).v !== 2) return `unknown chain version ${String(event.v)}`;
  if (event.public === null) {
    if (!event.withheld) return 'the public part is missing but not withheld';
  } else if (partHash(event.public) !== event.publicHash) {
    return 'the public part does not match its publicHash';
  }
  return contentHash(event) === event.contentHash ? null : 'hashes do not match the contentHash';
}

/**
 * Checks a run of consecutive events: each content hash matches its parts (a withheld public
 * part is checked through its hash alone), each row links to the one before it, and ids have
 * no gap. `start` is the row before the run (genesis by default).
 */
export function verifyChain(
  events: readonly PublicEventRecord[],
  start: { id: number; hash: string } = { id: 0, hash: GENESIS_HASH },
): ChainVerdict {
  let previous = start;
  let withheld = 0;
  for (const event of events) {
    if (event.id !== previous.id + 1) {
      return {
        ok: false,
        id: event.id,
        reason: `expected event ${previous.id + 1}, found ${event.id}`,
      };
    }
    if (event.prevHash !== previous.hash) {
      return { ok: false, id: event.id, reason: 'prevHash does not match the previous event' };
    }
    const problem = contentProblem(event);
    if (problem) return { ok: false, id: event.id, reason: problem };
    if (chainHash(event.prevHash, event.contentHash) !== event.hash) {
      return { ok: false, id: event.id, reason: 'hash does not match prevHash and contentHash' };
    }
    if (event.v === 2 && event.public === null) withheld += 1;
    previous = { id: event.id, hash: event.hash };
  }
  return { ok: true, count: events.length, lastId: previous.id, lastHash: previous.hash, withheld };
}

/**
 * Checks a private part an authorised auditor was given against the chained `privateHash`:
 * a part that was erased (null) passes only if the record says it was erased.
 */
export function privatePartProblem(
  part: unknown,
  privateHash: string,
  erased: Erasure | null | undefined,
): string | null {
  if (part === null || part === undefined) {
    return erased ? null : 'the private part is missing but not erased';
  }
  return partHash(part) === privateHash ? null : 'the private part does not match its privateHash';
}

/** What an event says about itself, or null when its public part is withheld. */
export interface EventEnvelope {
  type: string;
  entity: string;
  /** Absent where the event must not single out its entity (a hidden incident). */
  entityId?: string;
  /** The exact time, or only the day where the exact time would identify. */
  at?: string;
  day?: string;
  public: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function envelopeOf(record: PublicEventRecord): EventEnvelope | null {
  if (record.v === 1) {
    const { type, entity, entityId, at } = record;
    return { type, entity, entityId, at, public: isObject(record.public) ? record.public : {} };
  }
  if (!isObject(record.public)) return null;
  const part = record.public;
  const text = (key: string) => (typeof part[key] === 'string' ? part[key] : undefined);
  return {
    type: text('type') ?? '',
    entity: text('entity') ?? '',
    ...(text('entityId') === undefined ? {} : { entityId: text('entityId') }),
    ...(text('at') === undefined ? {} : { at: text('at') }),
    ...(text('day') === undefined ? {} : { day: text('day') }),
    public: part,
  };
}
