import { canonicalJson } from './chain.js';

/**
 * A signed head: the server's Ed25519 signature (RFC 8032) over the state of the record at one
 * size. The signed bytes are the UTF-8 of the JCS (RFC 8785) of
 *
 *   { "format": "openbeat-audit-head/1", "hash": <chain hash of event treeSize>,
 *     "rootHash": <Merkle tree head over events 1..treeSize>, "timestamp": <ISO 8601, UTC>,
 *     "treeSize": <number of events> }
 *
 * so a head binds both the chain (shared/audit/chain.ts) and the tree (merkle.ts). `id` repeats
 * treeSize for older clients. The key is published at /.well-known/openbeat-audit-key; its
 * `keyId` is the first 16 bytes, as hex, of SHA-256 of the raw 32-byte public key.
 */
export const SIGNED_HEAD_FORMAT = 'openbeat-audit-head/1';

export interface HeadFields {
  treeSize: number;
  rootHash: string;
  hash: string;
  timestamp: string;
}

export interface SignedHead extends HeadFields {
  id: number;
  keyId: string;
  /** Base64 of the 64-byte Ed25519 signature over `signedHeadMessage`. */
  signature: string;
}

export function signedHeadMessage(head: HeadFields): string {
  return canonicalJson({
    format: SIGNED_HEAD_FORMAT,
    hash: head.hash,
    rootHash: head.rootHash,
    timestamp: head.timestamp,
    treeSize: head.treeSize,
  });
}

/** The published verification key. */
export interface AuditKey {
  keyId: string;
  algorithm: 'Ed25519';
  /** Base64 of the raw 32-byte public key. */
  publicKey: string;
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  pem: string;
  headFormat: typeof SIGNED_HEAD_FORMAT;
}
