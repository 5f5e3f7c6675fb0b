import type pg from 'pg';
import { issueSetupToken } from './admin-setup.service.js';
import type { SessionStore } from './sessions.service.js';
import { SignInThrottle } from './sign-in-throttle.js';

/** The client's page that takes the setup token (shared/client-routes.ts: `setup`). */
const SETUP_PATH = '/setup';

/**
 * On a database without an admin, prints one line with a one-time link that creates the first
 * admin (valid 24 h, replaced at each start until an admin exists): the embedded mode needs no
 * second process for it. `npm run user:create -- --role admin` is the other way.
 */
export async function printSetupLinkIfNoAdmin(pool: pg.Pool, address: string): Promise<void> {
  const token = await issueSetupToken(pool);
  if (token === null) return;
  const url = new URL(SETUP_PATH, address);
  url.searchParams.set('token', token);
  console.log(`No admin yet: create the first one at ${url.href} (once, within 24 hours)`);
}

/** At start: sessions over for a day and sign-in failures a week old are deleted. */
export async function forgetOldSignIns(sessions: SessionStore, pool: pg.Pool): Promise<void> {
  await sessions.deleteOld();
  await SignInThrottle.deleteOld(pool);
}
