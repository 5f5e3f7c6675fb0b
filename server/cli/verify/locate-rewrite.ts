import { leafHash, verifyInclusion } from '../../../shared/audit/merkle.js';
import type { AuditClient } from './audit-client.js';

type Probe = 'match' | 'differs' | 'unknown';

/**
 * Event `id` as the server serves it today against leaf id-1 of the signed tree (`size`,
 * `root`): `match` when its inclusion proof verifies against the signed root; `differs` when
 * the proof verifies for the leaf the server's tree holds but not for the event served;
 * `unknown` when the server's tree itself is not the signed one (or it did not answer).
 */
async function probe(
  client: AuditClient,
  id: number,
  tree: { size: number; root: string },
): Promise<Probe> {
  try {
    const [event] = await client.events(id - 1, 1);
    const proof = await client.inclusion(id, tree.size);
    const claim = { index: id - 1, size: tree.size, path: proof.path, root: tree.root };
    if (event?.id === id && verifyInclusion({ ...claim, leafHash: leafHash(event.hash) })) {
      return 'match';
    }
    return verifyInclusion({ ...claim, leafHash: proof.leafHash }) ? 'differs' : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The first event that the signed tree does not hold as it is served today, found by bisection
 * with O(log n) inclusion proofs, each checked against the signed root. A chain rewritten from
 * one event on changes every hash after it, so the events that match form a prefix. Null when
 * that cannot be told: the server's tree was rewritten too.
 */
export async function firstEventNotInTree(
  client: AuditClient,
  tree: { size: number; root: string },
): Promise<number | null> {
  const seen = new Map<number, Probe>();
  const at = async (id: number) => {
    const known = seen.get(id);
    if (known) return known;
    const result = await probe(client, id, tree);
    seen.set(id, result);
    return result;
  };
  let low = 1;
  let high = tree.size + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ((await at(middle)) === 'match') low = middle + 1;
    else high = middle;
  }
  return low <= tree.size && (await at(low)) === 'differs' ? low : null;
}
