import { Type } from 'typebox';
import type { Principal } from '../plugins/auth.js';
import type { Author } from './incident-rules.js';

/** The headers of a dispatch write: an Idempotency-Key makes a retry safe. */
export const WriteHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' }),
  ),
});

/** The public source of what signed-in dispatchers write. */
const PERSON_SOURCE = 'dispatch';

/** Who writes: a key by its name; a signed-in dispatcher as `dispatch` (no person's name is public). */
export function authorOf(principal: Principal): Author {
  if (principal.via === 'session' && principal.userId) {
    return { keyId: `user:${principal.userId}`, source: PERSON_SOURCE };
  }
  if (!principal.keyId || !principal.name) throw new Error('a write reached a route without a key');
  return { keyId: principal.keyId, source: principal.name };
}
