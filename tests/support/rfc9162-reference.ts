import { createHash } from 'node:crypto';

/**
 * RFC 9162, section 2.1, written down as the RFC states it (recursive, over byte strings, with
 * node:crypto's SHA-256), independently of shared/audit/merkle.ts, to check it and the server
 * against: https://www.rfc-editor.org/rfc/rfc9162#section-2.1
 */
const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** The largest power of two smaller than n (n > 1). */
function k(n: number): number {
  let power = 1;
  while (power << 1 < n) power <<= 1;
  return power;
}

/** MTH(D[n]) of section 2.1.1, D the leaf inputs. */
export function mth(d: readonly Buffer[]): Buffer {
  if (d.length === 0) return sha256();
  if (d.length === 1) return sha256(Buffer.from([0]), d[0] as Buffer);
  const split = k(d.length);
  return sha256(Buffer.from([1]), mth(d.slice(0, split)), mth(d.slice(split)));
}

/** PATH(m, D[n]) of section 2.1.3.1. */
export function path(m: number, d: readonly Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  const split = k(d.length);
  return m < split
    ? [...path(m, d.slice(0, split)), mth(d.slice(split))]
    : [...path(m - split, d.slice(split)), mth(d.slice(0, split))];
}

/** SUBPROOF(m, D[n], b) of section 2.1.4.1. */
function subproof(m: number, d: readonly Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const split = k(d.length);
  return m <= split
    ? [...subproof(m, d.slice(0, split), b), mth(d.slice(split))]
    : [...subproof(m - split, d.slice(split), false), mth(d.slice(0, split))];
}

/** PROOF(m, D[n]) of section 2.1.4.1. */
export function proof(m: number, d: readonly Buffer[]): Buffer[] {
  return subproof(m, d, true);
}

/** The 32 bytes of a chain hash: the leaf input Openbeat's tree uses. */
export const leafInput = (chainHash: string) => Buffer.from(chainHash, 'hex');

/** Made-up chain hashes for trees of any size. */
export function chainHashes(count: number, seed = 'leaf'): string[] {
  return Array.from({ length: count }, (_, i) =>
    createHash('sha256').update(`${seed}-${i}`).digest('hex'),
  );
}
