import type { Principal } from '../auth/principal.js';
import { UnauthorizedError } from '../errors.js';

/**
 * Whose alerts: a signed-in person's, whatever their role (dispatchers live somewhere too).
 * Never an API key's: a key is a machine, and alerts are told to a person's app and browser.
 */
export function alertOwnerOf(principal: Principal): string {
  if (principal.via !== 'session' || !principal.userId) {
    throw new UnauthorizedError('Sign in to keep area alerts');
  }
  return principal.userId;
}
