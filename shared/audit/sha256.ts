import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * SHA-256 for the chain and the tree. The portable one (@noble/hashes) runs anywhere, the
 * browser included; a Node program that hashes a whole record (npm run verify) swaps in
 * node:crypto's native one with `useSha256`, which gives the same digests about twice as fast.
 */
export interface Sha256 {
  /** The digest of the parts, concatenated. */
  bytes(...parts: Uint8Array[]): Uint8Array;
  /** The lower-case hex digest of a text's UTF-8. */
  hexOfText(text: string): string;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const PORTABLE_SHA256: Sha256 = {
  bytes: (...parts) => sha256(concat(parts)),
  hexOfText: (text) => bytesToHex(sha256(utf8ToBytes(text))),
};

let current = PORTABLE_SHA256;

export function useSha256(implementation: Sha256): void {
  current = implementation;
}

export function sha256Bytes(...parts: Uint8Array[]): Uint8Array {
  return current.bytes(...parts);
}

export function sha256HexOfText(text: string): string {
  return current.hexOfText(text);
}
