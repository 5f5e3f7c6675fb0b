import { readFile, writeFile } from 'node:fs/promises';
import type { SignedHead } from '../../../shared/audit/signed-head.js';
import { rangeNodes, type NodeAddress } from '../../../shared/audit/merkle.js';
import type { Checkpoint, RecordBreak } from './record-check.js';

/**
 * A head kept for later: the signed head as the server sent it, and the roots of the complete
 * subtrees of its tree (its "frontier", O(log n) hashes), which tell later where a rewrite
 * lies when the record no longer matches it.
 */
export interface SavedHead extends SignedHead {
  frontier?: string[];
}

export async function readSavedHead(file: string): Promise<SavedHead> {
  const text = await readFile(file, 'utf8');
  const head = JSON.parse(text) as Partial<SavedHead>;
  for (const field of ['treeSize', 'rootHash', 'hash', 'timestamp', 'signature'] as const) {
    if (head[field] === undefined) throw new Error(`${file} is not a saved head: no ${field}`);
  }
  return head as SavedHead;
}

export async function writeSavedHead(
  file: string,
  head: SignedHead,
  frontier: string[],
): Promise<void> {
  const saved: SavedHead = { ...head, frontier };
  await writeFile(file, `${JSON.stringify(saved, null, 2)}\n`, 'utf8');
}

/** The first complete subtree of the saved tree whose root is not the same today. */
function firstDifferingSubtree(saved: SavedHead, now: Checkpoint): NodeAddress | undefined {
  const { frontier } = saved;
  if (!frontier) return undefined;
  const nodes = rangeNodes({ start: 0, end: saved.treeSize });
  return nodes.find((_node, i) => frontier[i] !== now.frontier[i]);
}

/** The record, as downloaded today, against a head saved earlier: null when it extends it. */
export function savedHeadBreak(saved: SavedHead, now: Checkpoint | null): RecordBreak | null {
  if (!now) {
    return {
      id: saved.treeSize,
      what: `the record no longer reaches the saved head's ${saved.treeSize} events`,
    };
  }
  if (now.root === saved.rootHash && now.hash === saved.hash) return null;
  const rootSentence =
    `rewritten before the saved head: the root over events 1..${saved.treeSize} is ${now.root}, ` +
    `the saved head signed ${saved.rootHash}`;
  const node = firstDifferingSubtree(saved, now);
  if (!node) return { id: null, what: rootSentence };
  const size = 2 ** node.level;
  const first = node.position * size + 1;
  if (size === 1) {
    return {
      id: first,
      what: `${rootSentence}; event ${first} is not the event the saved head covers`,
    };
  }
  // The saved head keeps O(log n) hashes, not every event's: it narrows the rewrite to one
  // complete subtree, whose events all differ from there on.
  return {
    id: null,
    what: `${rootSentence}; the first rewritten event is among events ${first}–${first + size - 1}`,
  };
}
