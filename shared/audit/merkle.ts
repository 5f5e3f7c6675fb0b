import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { sha256Bytes } from './sha256.js';

/**
 * The Merkle tree over the event chain, as Certificate Transparency 2.0 defines it
 * (RFC 9162, section 2.1: https://www.rfc-editor.org/rfc/rfc9162#section-2.1):
 *
 *   leaves      the events in id order: leaf i (0-based) is event i + 1
 *   leaf input  the 32 bytes of the event's chain `hash` (its hex string decoded), so a withheld
 *               or erased part changes nothing here: the chain hash covers only part hashes
 *   leaf hash   SHA-256(0x00 ‖ leaf input)
 *   node hash   SHA-256(0x01 ‖ left ‖ right)
 *   MTH({})     SHA-256() of no bytes; for n > 1, k = the largest power of two below n and
 *               MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n]))
 *
 * Every hash travels as lower-case hex. The server keeps the roots of complete, aligned
 * subtrees (migrations/026_merkle_nodes.sql); every range the RFC's recursion meets is a
 * composition of O(log n) of them (`rangeNodes`), so proofs and roots of any size are cheap.
 * Pure and synchronous: the server, the command-line verifier and the tests share it.
 */

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

export const EMPTY_TREE_ROOT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function leafHashBytes(chainHash: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(chainHash)) throw new TypeError(`not a chain hash: ${chainHash}`);
  return sha256Bytes(LEAF_PREFIX, hexToBytes(chainHash));
}

export function leafHash(chainHash: string): string {
  return bytesToHex(leafHashBytes(chainHash));
}

export function nodeHashBytes(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256Bytes(NODE_PREFIX, left, right);
}

export function nodeHash(left: string, right: string): string {
  return bytesToHex(nodeHashBytes(hexToBytes(left), hexToBytes(right)));
}

/** k with k < n ≤ 2k, a power of two (n > 1): where the RFC splits a tree of n leaves. */
export function splitPoint(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`cannot split a tree of ${n}`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Leaves [start, end) of the tree. */
export interface LeafRange {
  start: number;
  end: number;
}

/** A stored node: the root of the complete subtree over leaves [position·2^level, …+2^level). */
export interface NodeAddress {
  level: number;
  position: number;
}

/**
 * The complete subtrees whose composition is MTH(D[start:end]), left to right (largest first).
 * Holds for the ranges the RFC's recursion meets: `start` is a multiple of the power of two
 * at or above the range's size.
 */
export function rangeNodes({ start, end }: LeafRange): NodeAddress[] {
  const nodes: NodeAddress[] = [];
  let at = start;
  let remaining = end - start;
  let size = 1;
  let level = 0;
  while (size * 2 <= remaining) {
    size *= 2;
    level += 1;
  }
  for (; remaining > 0; size /= 2, level -= 1) {
    if (size > remaining) continue;
    if (at % size !== 0) throw new RangeError(`leaves ${start}–${end} are not an aligned range`);
    nodes.push({ level, position: at / size });
    at += size;
    remaining -= size;
  }
  return nodes;
}

/** MTH of a range from its `rangeNodes` hashes, in the same order: folded from the right. */
export function composeRange(hashes: readonly Uint8Array[]): Uint8Array {
  let root = hashes.at(-1);
  if (!root) return hexToBytes(EMPTY_TREE_ROOT);
  for (let i = hashes.length - 2; i >= 0; i -= 1) {
    const left = hashes[i];
    if (!left) throw new Error('a missing node');
    root = nodeHashBytes(left, root);
  }
  return root;
}

/** The ranges whose MTHs make PATH(index, D[size]) (RFC 9162 2.1.3.1), leaf level first. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!(index >= 0 && index < size))
    throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const ranges: LeafRange[] = [];
  let [lo, hi, m] = [0, size, index];
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (m < k) {
      ranges.push({ start: lo + k, end: hi });
      hi = lo + k;
    } else {
      ranges.push({ start: lo, end: lo + k });
      lo += k;
      m -= k;
    }
  }
  return ranges.reverse();
}

/** The ranges whose MTHs make PROOF(from, D[to]) (RFC 9162 2.1.4.1), deepest first. */
export function consistencyRanges(from: number, to: number): LeafRange[] {
  if (!(from >= 1 && from <= to))
    throw new RangeError(`no consistency proof from ${from} to ${to}`);
  const ranges: LeafRange[] = [];
  let [lo, hi, m, whole] = [0, to, from, true];
  while (m !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (m <= k) {
      ranges.push({ start: lo + k, end: hi });
      hi = lo + k;
    } else {
      ranges.push({ start: lo, end: lo + k });
      lo += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) ranges.push({ start: lo, end: hi });
  return ranges.reverse();
}

const isOdd = (n: number) => n % 2 === 1;

function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}
const half = (n: number) => Math.floor(n / 2);

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** RFC 9162 2.1.3.2: does `path` prove leaf `index` (its leaf hash given) in a tree with `root`? */
export function verifyInclusion(proof: {
  index: number;
  size: number;
  leafHash: string;
  path: readonly string[];
  root: string;
}): boolean {
  const { index, size, path } = proof;
  if (!(Number.isSafeInteger(index) && index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = hexToBytes(proof.leafHash);
  for (const p of path) {
    if (sn === 0) return false;
    const sibling = hexToBytes(p);
    if (isOdd(fn) || fn === sn) {
      r = nodeHashBytes(sibling, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHashBytes(r, sibling);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameHash(r, hexToBytes(proof.root));
}

/** RFC 9162 2.1.4.2: does `proof` show that the tree (`to`, `toRoot`) extends (`from`, `fromRoot`)? */
export function verifyConsistency(check: {
  from: number;
  to: number;
  fromRoot: string;
  toRoot: string;
  proof: readonly string[];
}): boolean {
  const { from, to } = check;
  if (!(Number.isSafeInteger(from) && from >= 1 && from <= to)) return false;
  if (from === to) return check.proof.length === 0 && check.fromRoot === check.toRoot;
  const path = check.proof.map((h) => hexToBytes(h));
  // Step 2: a first tree of a power-of-two size is itself a node of the second.
  if (isPowerOfTwo(from)) {
    path.unshift(hexToBytes(check.fromRoot));
  }
  const [first, ...rest] = path;
  if (!first) return false;
  let fn = from - 1;
  let sn = to - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Uint8Array = first;
  let sr: Uint8Array = first;
  for (const c of rest) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHashBytes(c, fr);
      sr = nodeHashBytes(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHashBytes(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return (
    sn === 0 && sameHash(fr, hexToBytes(check.fromRoot)) && sameHash(sr, hexToBytes(check.toRoot))
  );
}

/**
 * The root of a tree built one leaf at a time in O(log n) memory: the stack holds the roots
 * of the complete subtrees so far, largest (leftmost) first — exactly `rangeNodes` of the size.
 */
export class MerkleAccumulator {
  private readonly stack: { level: number; hash: Uint8Array }[] = [];
  size = 0;

  push(leaf: Uint8Array): void {
    let hash = leaf;
    let level = 0;
    for (let top = this.stack.at(-1); top?.level === level; top = this.stack.at(-1)) {
      this.stack.pop();
      hash = nodeHashBytes(top.hash, hash);
      level += 1;
    }
    this.stack.push({ level, hash });
    this.size += 1;
  }

  /** The complete subtrees' roots, left to right, as hex. */
  frontier(): string[] {
    return this.stack.map((node) => bytesToHex(node.hash));
  }

  root(): string {
    return bytesToHex(composeRange(this.stack.map((node) => node.hash)));
  }
}
