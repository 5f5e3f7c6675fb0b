import type pg from 'pg';
import { ReporterIdentity } from '../observations/reporter-identity.js';

/** Who asks to erase: a signed-in account, or an anonymous device by its token. */
export interface Reporter {
  userId: string | null;
  /** The HMAC of the device token, as the observation row keeps it (never the token). */
  device: string | null;
}

const DEVICE_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** The device token's HMAC exactly as the intake keeps it in `observations.reporter_device`. */
export function deviceHmac(db: pg.Pool, token: string): Promise<string> {
  return new ReporterIdentity(db).device(token);
}

/** The reporter a request speaks for: its session's account, and the device token it sent. */
export async function reporterOf(
  reporters: ReporterIdentity,
  principal: { via: string; userId?: string },
  deviceToken: string | undefined,
): Promise<Reporter> {
  const userId = principal.via === 'session' && principal.userId ? principal.userId : null;
  const device =
    deviceToken !== undefined && DEVICE_TOKEN.test(deviceToken)
      ? await reporters.device(deviceToken)
      : null;
  return { userId, device };
}
