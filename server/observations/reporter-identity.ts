import { createHmac } from 'node:crypto';
import type pg from 'pg';
import { serverSecret } from '../secrets/server-secret.js';

/**
 * Who a report counts as coming from, for rate limits, "my reports" and the independence of
 * corroborating reports: an account, else a device token, else an address. Tokens and addresses
 * are kept only as keyed HMACs (the key a server secret), so a read of the table yields neither.
 */
export interface Reporter {
  userId: string | null;
  /** HMAC of the device token, when one was sent. */
  device: string | null;
  /** HMAC of the address; null for a signed-in person (their limit is per account). */
  address: string | null;
  /** The one key that tells reporters apart. */
  key: string;
}

export class ReporterIdentity {
  #secret: Promise<Buffer> | undefined;

  constructor(private readonly pool: pg.Pool) {}

  async #hmac(kind: string, value: string): Promise<string> {
    this.#secret ??= serverSecret(this.pool, 'observation_reporters').catch((error: unknown) => {
      this.#secret = undefined;
      throw error;
    });
    const secret = await this.#secret;
    return createHmac('sha256', secret).update(`${kind}\u0000${value}`).digest('hex');
  }

  /** The device token's HMAC (GET /mine asks by it). */
  device(token: string): Promise<string> {
    return this.#hmac('device', token);
  }

  async of(request: {
    userId: string | undefined;
    deviceToken: string | undefined;
    address: string;
  }): Promise<Reporter> {
    const device = request.deviceToken ? await this.device(request.deviceToken) : null;
    if (request.userId) {
      return { userId: request.userId, device, address: null, key: `u:${request.userId}` };
    }
    const address = await this.#hmac('address', request.address);
    return {
      userId: null,
      device,
      address,
      key: device ? `d:${device}` : `a:${address}`,
    };
  }
}
