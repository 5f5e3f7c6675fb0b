import { createHash, timingSafeEqual } from 'node:crypto';
import { forbidden } from './open311-errors.js';

const digest = (key: string) => createHash('sha256').update(key).digest();

/**
 * The api_key of POST requests, from OPEN311_API_KEYS (one per client app). Kept apart from the
 * api_keys table on purpose: those keys carry a staff role (dispatcher, moderator, admin), and a
 * civic app's key must not; an Open311 key admits reports to moderation and nothing else, and
 * sending a staff key as api_key in a form body would put it where logs and proxies keep it.
 * With no key configured, api_key is not required (and ignored when sent).
 */
export class Open311Keys {
  readonly #digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.#digests = keys.map(digest);
  }

  get required(): boolean {
    return this.#digests.length > 0;
  }

  /** Throws the spec's 403 unless the key is one of the configured keys (compared in constant time). */
  check(key: string | undefined): void {
    if (!this.required) return;
    if (key === undefined || key === '') {
      throw forbidden('api_key is missing: this endpoint needs an api_key to create requests');
    }
    const given = digest(key);
    if (!this.#digests.some((known) => timingSafeEqual(known, given))) {
      throw forbidden('api_key is not valid');
    }
  }
}
