import { createHash } from 'node:crypto';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import {
  composeRange,
  consistencyRanges,
  EMPTY_TREE_ROOT,
  inclusionRanges,
  leafHash,
  leafHashBytes,
  MerkleAccumulator,
  rangeNodes,
  verifyConsistency,
  verifyInclusion,
  type LeafRange,
} from '../../shared/audit/merkle.js';
import { PORTABLE_SHA256, useSha256 } from '../../shared/audit/sha256.js';
import { NATIVE_SHA256 } from '../../server/audit/native-sha256.js';
import { chainHashes, leafInput, mth, path, proof } from '../support/rfc9162-reference.js';

const hex = (bytes: Buffer) => bytes.toString('hex');
const sha = (...parts: (Buffer | number[])[]) =>
  createHash('sha256')
    .update(Buffer.concat(parts.map((part) => Buffer.from(part))))
    .digest();

/** The stored nodes of a tree, as migration 026 keeps them, built here from the leaves. */
function storedNodes(hashes: readonly string[]): Map<string, Uint8Array> {
  const nodes = new Map<string, Uint8Array>();
  let level = hashes.map((h) => mth([leafInput(h)]));
  for (let l = 0; level.length > 0; l += 1) {
    level.forEach((node, position) => nodes.set(`${l}:${position}`, node));
    const up: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      up.push(sha([1], level[i] as Buffer, level[i + 1] as Buffer));
    }
    level = up;
  }
  return nodes;
}

/** MTH of a range composed from stored nodes, as the server does. */
function fromNodes(nodes: Map<string, Uint8Array>, range: LeafRange): string {
  const parts = rangeNodes(range).map((node) => {
    const hash = nodes.get(`${node.level}:${node.position}`);
    if (!hash) throw new Error(`no node ${node.level}:${node.position}`);
    return hash;
  });
  return Buffer.from(composeRange(parts)).toString('hex');
}

const SIZES = Array.from({ length: 33 }, (_, i) => i + 1);
const hashes = chainHashes(33);
const leaves = hashes.map(leafInput);
const nodes = storedNodes(hashes);

describe('the Merkle tree of the record (RFC 9162 2.1)', () => {
  it('has the hand-computed roots of small trees', () => {
    const [a, b, c] = hashes.map((h) => Buffer.from(h, 'hex'));
    if (!a || !b || !c) throw new Error('leaves');
    const la = sha([0], a);
    const lb = sha([0], b);
    const lc = sha([0], c);
    expect(EMPTY_TREE_ROOT).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(leafHash(hashes[0] as string)).toBe(hex(la));
    expect(fromNodes(nodes, { start: 0, end: 1 })).toBe(hex(la));
    expect(fromNodes(nodes, { start: 0, end: 2 })).toBe(hex(sha([1], la, lb)));
    expect(fromNodes(nodes, { start: 0, end: 3 })).toBe(hex(sha([1], sha([1], la, lb), lc)));
    // Three leaves: the path of the third is the root of the first two alone.
    expect(inclusionRanges(2, 3)).toEqual([{ start: 0, end: 2 }]);
    // From two to three leaves: only the third leaf's hash is needed.
    expect(consistencyRanges(2, 3)).toEqual([{ start: 2, end: 3 }]);
  });

  it('composes every root of 1..33 leaves from stored nodes as MTH does', () => {
    for (const n of SIZES) {
      expect(fromNodes(nodes, { start: 0, end: n })).toBe(hex(mth(leaves.slice(0, n))));
    }
  });

  it('builds the same roots one leaf at a time in O(log n) memory', () => {
    const tree = new MerkleAccumulator();
    expect(tree.root()).toBe(EMPTY_TREE_ROOT);
    for (const n of SIZES) {
      tree.push(leafHashBytes(hashes[n - 1] as string));
      expect(tree.root()).toBe(hex(mth(leaves.slice(0, n))));
      expect(tree.frontier()).toHaveLength(n.toString(2).replaceAll('0', '').length);
    }
  });

  it('gives PATH for every leaf of every tree of 1..33 leaves, and verifies it', () => {
    for (const n of SIZES) {
      const root = hex(mth(leaves.slice(0, n)));
      for (let m = 0; m < n; m += 1) {
        const expected = path(m, leaves.slice(0, n)).map(hex);
        const ours = inclusionRanges(m, n).map((range) => fromNodes(nodes, range));
        expect(ours).toEqual(expected);
        const claim = { index: m, size: n, leafHash: leafHash(hashes[m] as string), root };
        expect(verifyInclusion({ ...claim, path: expected })).toBe(true);
        // Another leaf, another index, a longer or shorter path, a changed hash: all refused.
        expect(verifyInclusion({ ...claim, path: expected, index: (m + 1) % n })).toBe(n === 1);
        expect(verifyInclusion({ ...claim, path: [...expected, root] })).toBe(false);
        if (expected.length > 0) {
          expect(verifyInclusion({ ...claim, path: expected.slice(1) })).toBe(false);
          const changed = [...expected];
          changed[0] = hex(sha([9], Buffer.from(changed[0] as string, 'hex')));
          expect(verifyInclusion({ ...claim, path: changed })).toBe(false);
        }
        expect(
          verifyInclusion({ ...claim, path: expected, leafHash: leafHash(hashes[32] as string) }),
        ).toBe(m === 32 && n === 33);
      }
    }
  });

  it('gives PROOF for every m ≤ n ≤ 33, and verifies it', () => {
    for (const n of SIZES) {
      const toRoot = hex(mth(leaves.slice(0, n)));
      for (let m = 1; m <= n; m += 1) {
        const expected = proof(m, leaves.slice(0, n)).map(hex);
        const ours = consistencyRanges(m, n).map((range) => fromNodes(nodes, range));
        expect(ours).toEqual(expected);
        const fromRoot = hex(mth(leaves.slice(0, m)));
        const check = { from: m, to: n, fromRoot, toRoot, proof: expected };
        expect(verifyConsistency(check)).toBe(true);
        if (m < n) {
          // A rewritten leaf before m: the first tree's root is not the one the proof leads to.
          const other = leaves
            .slice(0, m)
            .map((leaf, i) => (i === 0 ? Buffer.from(sha([7], leaf)) : leaf));
          expect(verifyConsistency({ ...check, fromRoot: hex(mth(other)) })).toBe(false);
          expect(verifyConsistency({ ...check, toRoot: fromRoot })).toBe(false);
          expect(verifyConsistency({ ...check, proof: expected.slice(0, -1) })).toBe(false);
          expect(verifyConsistency({ ...check, proof: [...expected, toRoot] })).toBe(false);
        }
      }
    }
  });

  it('refuses ranges and proofs that do not exist', () => {
    expect(() => inclusionRanges(3, 3)).toThrow(RangeError);
    expect(() => consistencyRanges(0, 3)).toThrow(RangeError);
    expect(() => consistencyRanges(4, 3)).toThrow(RangeError);
    expect(() => rangeNodes({ start: 1, end: 3 })).toThrow(RangeError);
    expect(() => leafHashBytes('not hex')).toThrow(TypeError);
    expect(
      verifyInclusion({
        index: 0,
        size: 0,
        leafHash: EMPTY_TREE_ROOT,
        path: [],
        root: EMPTY_TREE_ROOT,
      }),
    ).toBe(false);
  });

  it('gives the same digests with the native SHA-256 the verifier uses', () => {
    const portable = new MerkleAccumulator();
    for (const h of hashes) portable.push(leafHashBytes(h));
    useSha256(NATIVE_SHA256);
    try {
      const native = new MerkleAccumulator();
      for (const h of hashes) native.push(leafHashBytes(h));
      expect(native.root()).toBe(portable.root());
      expect(NATIVE_SHA256.hexOfText('Grüße')).toBe(PORTABLE_SHA256.hexOfText('Grüße'));
    } finally {
      useSha256(PORTABLE_SHA256);
    }
  });

  it('needs O(log n) stored nodes for any proof at 1,000,000 events', () => {
    const n = 1_000_000;
    for (const m of [0, 1, 499_999, 524_288, 999_999]) {
      const count = inclusionRanges(m, n).flatMap((range) => rangeNodes(range)).length;
      expect(count).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)));
    }
    const count = consistencyRanges(123_457, n).flatMap((range) => rangeNodes(range)).length;
    expect(count).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)));
    expect(hexToBytes(EMPTY_TREE_ROOT)).toHaveLength(32);
  });
});
