import createError from '@fastify/error';
import { bytesToHex } from '@noble/hashes/utils.js';
import type pg from 'pg';
import {
  composeRange,
  consistencyRanges,
  EMPTY_TREE_ROOT,
  inclusionRanges,
  rangeNodes,
  type LeafRange,
} from '../../shared/audit/merkle.js';
import { InvalidRequestError } from '../errors.js';
import { readChainHead } from './events.service.js';
import { SELECT_MERKLE_NODES } from './merkle.queries.js';

/** A tree size past the record's latest event: the tree does not have it yet. */
export const BeyondHeadError = createError<[string]>('beyond_head', '%s', 409);

type Db = pg.Pool | pg.PoolClient;

const nodeKey = (level: number, position: number) => `${level}:${position}`;

/**
 * MTH of each range, from the stored complete subtrees: one query for all of them, O(log n)
 * nodes per proof (shared/audit/merkle.ts says why that suffices).
 */
async function rangeHashes(db: Db, ranges: readonly LeafRange[]): Promise<string[]> {
  const plans = ranges.map((range) => rangeNodes(range));
  const wanted = new Map(plans.flat().map((node) => [nodeKey(node.level, node.position), node]));
  const nodes = [...wanted.values()];
  const { rows } = await db.query<{ level: number; position: number; hash: Buffer }>(
    SELECT_MERKLE_NODES,
    [nodes.map((node) => node.level), nodes.map((node) => node.position)],
  );
  const found = new Map(rows.map((row) => [nodeKey(row.level, row.position), row.hash]));
  return plans.map((plan) => {
    const hashes = plan.map((node) => {
      const hash = found.get(nodeKey(node.level, node.position));
      if (!hash) throw new Error(`the Merkle tree lacks node ${node.level}/${node.position}`);
      return new Uint8Array(hash);
    });
    return bytesToHex(composeRange(hashes));
  });
}

/** The root of the tree over events 1..size (any size up to the head, past ones included). */
export async function treeRoot(db: Db, size: number): Promise<string> {
  if (size === 0) return EMPTY_TREE_ROOT;
  const [root] = await rangeHashes(db, [{ start: 0, end: size }]);
  if (root === undefined) throw new Error('no root');
  return root;
}

async function assertWithinHead(db: pg.Pool, size: number): Promise<void> {
  const head = await readChainHead(db);
  if (size > head.id) {
    throw new BeyondHeadError(
      `the record has ${head.id} events; a tree of ${size} does not exist yet`,
    );
  }
}

export interface InclusionProof {
  event: number;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  rootHash: string;
  path: string[];
}

/** RFC 9162 2.1.3: the audit path of event `event` in the tree of the first `treeSize` events. */
export async function inclusionProof(
  db: pg.Pool,
  request: { event: number; treeSize: number },
): Promise<InclusionProof> {
  const { event, treeSize } = request;
  if (event > treeSize) {
    throw new InvalidRequestError(`event ${event} is not among the first ${treeSize} events`);
  }
  await assertWithinHead(db, treeSize);
  const index = event - 1;
  const ranges = inclusionRanges(index, treeSize);
  const [leaf, root, ...path] = await rangeHashes(db, [
    { start: index, end: index + 1 },
    { start: 0, end: treeSize },
    ...ranges,
  ]);
  if (leaf === undefined || root === undefined) throw new Error('no leaf or root');
  return { event, leafIndex: index, treeSize, leafHash: leaf, rootHash: root, path };
}

export interface ConsistencyProof {
  from: number;
  to: number;
  fromRoot: string;
  toRoot: string;
  proof: string[];
}

/** RFC 9162 2.1.4: the proof that the tree of `to` events extends the tree of `from`. */
export async function consistencyProof(
  db: pg.Pool,
  request: { from: number; to: number },
): Promise<ConsistencyProof> {
  const { from, to } = request;
  if (from > to)
    throw new InvalidRequestError(`from (${from}) must not be greater than to (${to})`);
  await assertWithinHead(db, to);
  const [fromRoot, toRoot, ...proof] = await rangeHashes(db, [
    { start: 0, end: from },
    { start: 0, end: to },
    ...consistencyRanges(from, to),
  ]);
  if (fromRoot === undefined || toRoot === undefined) throw new Error('no roots');
  return { from, to, fromRoot, toRoot, proof };
}
