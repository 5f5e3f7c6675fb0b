import { createECDH } from 'node:crypto';
import type pg from 'pg';
import { serverSecret } from '../secrets/server-secret.js';

/** The VAPID key pair (RFC 8292), both base64url: the public key is what browsers subscribe with. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** The name of the P-256 private key in server_secrets: made at first use, shared by every process. */
const VAPID_SECRET = 'vapid_p256_private_key';

/**
 * A P-256 key pair from 32 random bytes: any value from 1 to the group order is a private key,
 * and a random 256-bit number falls outside that with a chance of about 2^-32.
 */
export function vapidKeysFromSecret(secret: Buffer): VapidKeys {
  const privateKey = secret.subarray(0, 32);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(privateKey);
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    privateKey: privateKey.toString('base64url'),
  };
}

/** The deployment's VAPID keys; a failed read (database down) is tried again next time. */
export function vapidKeyLoader(db: pg.Pool): () => Promise<VapidKeys> {
  let loading: Promise<VapidKeys> | undefined;
  return () => {
    loading ??= serverSecret(db, VAPID_SECRET)
      .then(vapidKeysFromSecret)
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
    return loading;
  };
}
