import { createHmac } from 'node:crypto';
import type pg from 'pg';
import { serverSecret } from '../secrets/server-secret.js';

/** Who asks to erase: a signed-in account, or an anonymous device by its token. */
export interface Reporter {
  userId: string | null;
  /** The HMAC of the device token, as the observation row keeps it (never the token). */
  device: string | null;
}

const DEVICE_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The device token's HMAC exactly as the intake stores it in `observations.reporter_device`
 * (ReporterIdentity.device of branch i12-observations: the same secret and input). To be
 * replaced by that class once it is merged.
 */
export async function deviceHmac(db: pg.Pool, token: string): Promise<string> {
  const key = await serverSecret(db, 'observation_reporters');
  return createHmac('sha256', key).update(`device\u0000${token}`).digest('hex');
}

export async function reporterOf(
  db: pg.Pool,
  principal: { via: string; userId?: string },
  deviceToken: string | undefined,
): Promise<Reporter> {
  const userId = principal.via === 'session' && principal.userId ? principal.userId : null;
  const device =
    deviceToken !== undefined && DEVICE_TOKEN.test(deviceToken)
      ? await deviceHmac(db, deviceToken)
      : null;
  return { userId, device };
}
