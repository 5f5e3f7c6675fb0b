import type pg from 'pg';
import type { SignedHead } from '../../shared/audit/signed-head.js';
import { serverSecret } from '../secrets/server-secret.js';
import { readChainHead } from './events.service.js';
import { signHead, signingKeyFromSeed, type SigningKey } from './head-signature.js';
import { treeRoot } from './merkle.service.js';

/** The name of the Ed25519 seed in server_secrets: made at first use, shared by every process. */
const SIGNING_SEED = 'audit_head_ed25519_seed';

/** The deployment's signing key; a failed read (database down) is tried again next time. */
export function signingKeyLoader(db: pg.Pool): () => Promise<SigningKey> {
  let loading: Promise<SigningKey> | undefined;
  return () => {
    loading ??= serverSecret(db, SIGNING_SEED)
      .then(signingKeyFromSeed)
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
    return loading;
  };
}

/**
 * The latest head, signed now. The tree's nodes are written in the transaction that appends
 * the events, so every node of a head already read is there for the root.
 */
export async function readSignedHead(db: pg.Pool, key: SigningKey): Promise<SignedHead> {
  const head = await readChainHead(db);
  const rootHash = await treeRoot(db, head.id);
  return signHead(key, {
    treeSize: head.id,
    rootHash,
    hash: head.hash,
    timestamp: new Date().toISOString(),
  });
}
