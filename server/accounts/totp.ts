import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import type pg from 'pg';
import { serverSecret } from '../secrets/server-secret.js';

/** The authenticator apps' defaults (SHA-1, 6 digits, 30 s), which every app understands. */
const PERIOD_SECONDS = 30;
/** One step either side: a phone's clock a little off, or a code typed as it changed. */
const TOLERANCE_SECONDS = PERIOD_SECONDS;
const ISSUER = 'Openbeat';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, label: string): string {
  return generateURI({ issuer: ISSUER, label, secret });
}

/**
 * The time step a code belongs to when it is valid and newer than `lastStep` (the step of the
 * last code accepted, so no code is accepted twice: RFC 6238, 5.2), else null.
 */
export async function acceptTotpCode(
  secret: string,
  code: string,
  lastStep: number | null,
): Promise<number | null> {
  const now = Math.floor(Date.now() / 1000);
  const newest = Math.floor((now + TOLERANCE_SECONDS) / PERIOD_SECONDS);
  // otplib refuses an afterTimeStep past its window; nothing in the window is newer then.
  if (lastStep !== null && lastStep >= newest) return null;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: TOLERANCE_SECONDS,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  if (!result.valid || !('timeStep' in result)) return null;
  return result.timeStep;
}

const KEY_NAME = 'totp_key';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A TOTP secret at rest: AES-256-GCM under a server secret, stored as iv ‖ tag ‖ ciphertext. */
export async function sealTotpSecret(pool: pg.Pool | pg.PoolClient, secret: string) {
  const key = await serverSecret(pool, KEY_NAME);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
}

export async function openTotpSecret(pool: pg.Pool | pg.PoolClient, sealed: Buffer) {
  const key = await serverSecret(pool, KEY_NAME);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}
