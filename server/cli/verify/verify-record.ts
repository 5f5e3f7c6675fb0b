import type { KeyObject } from 'node:crypto';
import { verifyConsistency } from '../../../shared/audit/merkle.js';
import type { SignedHead } from '../../../shared/audit/signed-head.js';
import { headSignatureIsValid, publicKeyFrom } from '../../audit/head-signature.js';
import { eventPages, type AuditClient } from './audit-client.js';
import { firstEventNotInTree } from './locate-rewrite.js';
import { RecordCheck, type RecordBreak } from './record-check.js';
import { savedHeadBreak, type SavedHead } from './saved-head.js';

export interface VerifyOptions {
  /** A public key the person holds (base64, PEM): the server's published key must be it. */
  pinnedKey?: string;
  saved?: SavedHead;
  parallel: number;
}

export type VerifyOutcome =
  | { ok: true; head: SignedHead; frontier: string[]; counts: RecordCheck['counts']; keyId: string }
  | { ok: false; problem: RecordBreak };

const broken = (id: number | null, what: string): VerifyOutcome => ({
  ok: false,
  problem: { id, what },
});

async function verificationKey(
  client: AuditClient,
  pinned: string | undefined,
): Promise<{ key: KeyObject; keyId: string } | RecordBreak> {
  const published = await client.key();
  const key = publicKeyFrom(pinned ?? published.publicKey);
  if (pinned && !key.equals(publicKeyFrom(published.publicKey))) {
    return {
      id: null,
      what: `bad key: the server publishes key ${published.keyId}, which is not the key given with --key`,
    };
  }
  return { key, keyId: published.keyId };
}

function savedHeadProblem(saved: SavedHead, key: KeyObject, head: SignedHead): RecordBreak | null {
  if (!headSignatureIsValid(saved, key)) {
    return {
      id: null,
      what: `bad signature: the saved head (${saved.treeSize} events, key ${saved.keyId}) is not signed by this key`,
    };
  }
  if (saved.treeSize > head.treeSize) {
    return {
      id: head.treeSize + 1,
      what: `missing: the saved head covers ${saved.treeSize} events, the server's head only ${head.treeSize}`,
    };
  }
  return null;
}

/** A break of a whole tree, narrowed to the first event the signed tree does not hold. */
async function located(
  client: AuditClient,
  problem: RecordBreak,
  signed: SignedHead,
): Promise<RecordBreak> {
  const id = await firstEventNotInTree(client, { size: signed.treeSize, root: signed.rootHash });
  if (id === null) return problem;
  return {
    id,
    what: `${problem.what}; event ${id} as served today is not the event ${id} that head signed (its inclusion proof fails) while every event before it is`,
  };
}

/**
 * The whole check, in the order a break is reported: the key, the head's signature, the saved
 * head's signature, each event in id order (and the saved head's size on the way), the signed
 * head against the downloaded record, then the server's consistency proof.
 */
export async function verifyRecord(
  client: AuditClient,
  options: VerifyOptions,
): Promise<VerifyOutcome> {
  const verifier = await verificationKey(client, options.pinnedKey);
  if ('what' in verifier) return { ok: false, problem: verifier };
  const head = await client.head();
  if (!headSignatureIsValid(head, verifier.key)) {
    return broken(
      null,
      `bad signature: the head of ${head.treeSize} events does not verify with key ${verifier.keyId}`,
    );
  }
  const { saved } = options;
  const savedProblem = saved ? savedHeadProblem(saved, verifier.key, head) : null;
  if (savedProblem) return { ok: false, problem: savedProblem };

  const check = new RecordCheck(saved?.treeSize ?? null);
  for await (const page of eventPages(client, head.treeSize, options.parallel)) {
    const problem = check.feed(page);
    if (problem) return { ok: false, problem };
    if (saved && check.checkpoint?.size === saved.treeSize) {
      const rewritten = savedHeadBreak(saved, check.checkpoint);
      if (rewritten) return { ok: false, problem: await located(client, rewritten, saved) };
    }
  }
  if (check.lastId < head.treeSize) {
    return broken(
      check.lastId + 1,
      `missing: the record ends at event ${check.lastId}, the signed head says ${head.treeSize}`,
    );
  }
  if (check.lastHash !== head.hash) {
    return broken(
      head.treeSize,
      `the signed head's hash ${head.hash} is not event ${head.treeSize}'s hash ${check.lastHash}`,
    );
  }
  const root = check.root();
  if (root !== head.rootHash) {
    const problem = {
      id: null,
      what: `root mismatch: the Merkle root over events 1..${head.treeSize} is ${root}, the signed head says ${head.rootHash}`,
    };
    return { ok: false, problem: await located(client, problem, head) };
  }
  if (saved && saved.treeSize > 0) {
    const { proof } = await client.consistency(saved.treeSize, head.treeSize);
    const extends_ = verifyConsistency({
      from: saved.treeSize,
      to: head.treeSize,
      fromRoot: saved.rootHash,
      toRoot: head.rootHash,
      proof,
    });
    if (!extends_) {
      return broken(
        null,
        `the server's consistency proof from ${saved.treeSize} to ${head.treeSize} events does not verify`,
      );
    }
  }
  return {
    ok: true,
    head,
    frontier: check.frontier(),
    counts: check.counts,
    keyId: verifier.keyId,
  };
}
