import { hash, verify, type Options } from '@node-rs/argon2';

/**
 * argon2id with OWASP's first recommended setting (Password Storage Cheat Sheet: m = 19 MiB,
 * t = 2, p = 1). Argon2id is the package's default algorithm (its `Algorithm` is a const enum,
 * which isolated modules cannot name); the accounts test checks the hash says `$argon2id$`.
 */
const ARGON2ID: Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. Without an account (`stored` null) it checks against
 * a dummy hash, so an unknown e-mail address costs the same time as a wrong password and a
 * stopwatch cannot tell which addresses have accounts.
 */
export async function checkPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    dummyHash ??= hashPassword('not a password of anyone: 0penbeat-dummy');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
