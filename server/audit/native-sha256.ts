import { createHash } from 'node:crypto';
import type { Sha256 } from '../../shared/audit/sha256.js';

/** node:crypto's SHA-256 behind the shared interface (same digests as the portable one). */
export const NATIVE_SHA256: Sha256 = {
  bytes: (...parts) => {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(part);
    return hash.digest();
  },
  hexOfText: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
};
