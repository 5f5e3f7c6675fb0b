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
async function rangeHashes(db: Db, ranges: readonly LeafRange[]): Promise<string[] | null> {
  const plans = ranges.map((range) => rangeNodes(range));
  const wanted = new Map(plans.flat().map((node) => [nodeKey(node.level, node.position), node]));
  const nodes = [...wanted.values()];
  const { rows } = await db.query<{ level: number; position: number; hash: Buffer }>(
    SELECT_MERKLE_NODES,
    [nodes.map((node) => node.level), nodes.map((node) => node.position)],
  );
  const found = new Map(rows.map((row) => [nodeKey(row.level, row.position), row.hash]));
  if (found.size < wanted.size) return null;
  return plans.map((plan) =>
    bytesToHex(
      composeRange(plan.map((node) => found.get(nodeKey(node.level, node.position)) as Buffer)),
    ),
  );
}

/**
 * The hashes of the ranges of a tree of `size` leaves. The nodes of every size up to the head
 * are committed with the head, so a node is missing only for a tree that does not exist yet:
 * the head is read only then, to say so.
 */
async function treeRangeHashes(
  db: Db,
  size: number,
  ranges: readonly LeafRange[],
): Promise<string[]> {
  const hashes = await rangeHashes(db, ranges);
  if (hashes) return hashes;
  const head = await readChainHead(db);
  if (size > head.id) {
    throw new BeyondHeadError(
      `the record has ${head.id} events; a tree of ${size} does not exist yet`,
    );
  }
  throw new Error(`the Merkle tree lacks nodes of a tree of ${size} events (head ${head.id})`);
}

/** The root of the tree over events 1..size (any size up to the head, past ones included). */
export async function treeRoot(db: Db, size: number): Promise<string> {
  if (size === 0) return EMPTY_TREE_ROOT;
  const [root] = await treeRangeHashes(db, size, [{ start: 0, end: size }]);
  if (root === undefined) throw new Error('no root');
  return root;
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
  const index = event - 1;
  const ranges = inclusionRanges(index, treeSize);
  const [leaf, root, ...path] = await treeRangeHashes(db, treeSize, [
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
  const [fromRoot, toRoot, ...proof] = await treeRangeHashes(db, to, [
    { start: 0, end: from },
    { start: 0, end: to },
    ...consistencyRanges(from, to),
  ]);
  if (fromRoot === undefined || toRoot === undefined) throw new Error('no roots');
  return { from, to, fromRoot, toRoot, proof };
}
