import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import {
  SIGNED_HEAD_FORMAT,
  signedHeadMessage,
  type AuditKey,
  type HeadFields,
  type SignedHead,
} from '../../shared/audit/signed-head.js';

/** PKCS #8 wrapping of a raw Ed25519 seed (RFC 8410, section 7): a fixed prefix, then the seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface SigningKey {
  privateKey: KeyObject;
  published: AuditKey;
}

/** Base64 of the raw 32-byte public key of an Ed25519 key. */
function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export function keyIdOf(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 32);
}

/** The public key as the well-known URL publishes it. */
export function publishedKey(publicKey: KeyObject): AuditKey {
  const raw = rawPublicKey(publicKey);
  return {
    keyId: keyIdOf(raw),
    algorithm: 'Ed25519',
    publicKey: raw.toString('base64'),
    jwk: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    headFormat: SIGNED_HEAD_FORMAT,
  };
}

/** The key pair of a 32-byte seed (the private key of RFC 8032 is exactly such a seed). */
export function signingKeyFromSeed(seed: Buffer): SigningKey {
  if (seed.length < 32) throw new Error('an Ed25519 seed has 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed.subarray(0, 32)]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, published: publishedKey(createPublicKey(privateKey)) };
}

export function signHead(key: SigningKey, head: HeadFields): SignedHead {
  const signature = sign(null, Buffer.from(signedHeadMessage(head), 'utf8'), key.privateKey);
  return {
    id: head.treeSize,
    ...head,
    keyId: key.published.keyId,
    signature: signature.toString('base64'),
  };
}

/** A public key from what a person may hold: base64 of the raw 32 bytes, a PEM, or a JWK's x. */
export function publicKeyFrom(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPublicKey(trimmed);
  const raw = Buffer.from(trimmed, /[-_]/.test(trimmed) ? 'base64url' : 'base64');
  if (raw.length !== 32) throw new Error('an Ed25519 public key has 32 bytes');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}

/** Whether `head` carries a valid signature by `publicKey` over its fields. */
export function headSignatureIsValid(head: SignedHead, publicKey: KeyObject): boolean {
  const signature = Buffer.from(head.signature, 'base64');
  if (signature.length !== 64) return false;
  const message = Buffer.from(
    signedHeadMessage({
      treeSize: head.treeSize,
      rootHash: head.rootHash,
      hash: head.hash,
      timestamp: head.timestamp,
    }),
    'utf8',
  );
  return verify(null, message, publicKey, signature);
}
