import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The real data sets of the design folder (../shared/data, beside the project). CI and the
 * developers have them; a user's clone does not, so the tests that read them are skipped there
 * and say why. Under CI they must be there: a missing folder is an error, never a silent skip.
 */
export const SHARED_DATA_DIR = path.resolve(import.meta.dirname, '../../../shared/data');

export const hasSharedData = existsSync(SHARED_DATA_DIR);

if (!hasSharedData && process.env.CI) {
  throw new Error(`CI needs the shared data sets at ${SHARED_DATA_DIR}`);
}
if (!hasSharedData) {
  console.warn(`${SHARED_DATA_DIR} is not here: the tests that import its real data are skipped`);
}

export function sharedData(name: string): string {
  return path.join(SHARED_DATA_DIR, name);
}
