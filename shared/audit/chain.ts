import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';

/**
 * The tamper-evident event chain, computed the same way by the server that writes it and by
 * anyone who verifies it (browser or command line), hence a portable SHA-256 (@noble/hashes)
 * rather than node:crypto; it is synchronous, so the server computes hashes while it holds
 * the chain lock without yielding.
 *
 *   privateHash = SHA-256( JCS(private part) )            the private part carries a random nonce,
 *                                                         so its hash cannot be brute-forced
 *   contentHash = SHA-256( JCS({ v, type, entity, entityId, at, public, privateHash }) )
 *   hash        = SHA-256( UTF-8(prevHash ‖ contentHash) )  hex strings, prevHash of the first row = GENESIS_HASH
 *
 * JCS is RFC 8785 (https://www.rfc-editor.org/rfc/rfc8785): key order and number formatting are
 * fixed, so the hash does not depend on how PostgreSQL's jsonb stored the object.
 */
export const CHAIN_VERSION = 1;
export const GENESIS_HASH = '0'.repeat(64);

export interface EventContent {
  type: string;
  entity: string;
  entityId: string;
  at: string;
  public: unknown;
  privateHash: string;
}

export interface PublicEventRecord extends EventContent {
  id: number;
  contentHash: string;
  prevHash: string;
  hash: string;
}

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no canonical JSON form');
  return text;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

export function privateHash(privatePart: unknown): string {
  return sha256Hex(canonicalJson(privatePart));
}

export function contentHash(content: EventContent): string {
  const { type, entity, entityId, at, privateHash: hashOfPrivate } = content;
  return sha256Hex(
    canonicalJson({
      v: CHAIN_VERSION,
      type,
      entity,
      entityId,
      at,
      public: content.public,
      privateHash: hashOfPrivate,
    }),
  );
}

export function chainHash(prevHash: string, hashOfContent: string): string {
  return sha256Hex(prevHash + hashOfContent);
}

export type ChainVerdict =
  | { ok: true; count: number; lastId: number; lastHash: string }
  | { ok: false; id: number; reason: string };

/**
 * Checks a run of consecutive events: each content hash matches its content, each row links to
 * the one before it, and ids have no gap. `start` is the row before the run (genesis by default).
 */
export function verifyChain(
  events: readonly PublicEventRecord[],
  start: { id: number; hash: string } = { id: 0, hash: GENESIS_HASH },
): ChainVerdict {
  let previous = start;
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
    if (contentHash(event) !== event.contentHash) {
      return { ok: false, id: event.id, reason: 'content does not match its contentHash' };
    }
    if (chainHash(event.prevHash, event.contentHash) !== event.hash) {
      return { ok: false, id: event.id, reason: 'hash does not match prevHash and contentHash' };
    }
    previous = { id: event.id, hash: event.hash };
  }
  return { ok: true, count: events.length, lastId: previous.id, lastHash: previous.hash };
}
