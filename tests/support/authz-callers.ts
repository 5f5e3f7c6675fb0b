import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { PersonRole } from '../../shared/roles.js';
import { createUser, signIn } from './accounts.js';
import { deviceToken } from './observation-client.js';
import { bearer } from './test-app.js';

/**
 * The callers of the authorization matrix: nobody, people by role and second-factor state, and
 * machines by key role. The short ids are the matrix's column heads.
 */
export const CALLERS = [
  'anon',
  'res',
  'mod',
  'dis',
  'adm',
  'mod~',
  'dis~',
  'adm~',
  'mod0',
  'dis0',
  'adm0',
  'kmod',
  'kdis',
  'kadm',
] as const;
export type Caller = (typeof CALLERS)[number];

export interface CallerSpec {
  description: string;
  credential: 'none' | 'session' | 'key';
  role: PersonRole | 'public';
  /** A privileged person's second factor: passed, enrolled but not passed, not enrolled. */
  factor?: 'passed' | 'pending' | 'unenrolled';
}

const person = (role: PersonRole, factor?: CallerSpec['factor']): CallerSpec => ({
  description: factor
    ? `${role} session, second factor ${factor === 'pending' ? 'enrolled, not passed' : factor === 'passed' ? 'passed' : 'not enrolled'}`
    : `${role} session`,
  credential: 'session',
  role,
  ...(factor ? { factor } : {}),
});
const key = (role: PersonRole): CallerSpec => ({
  description: `${role} API key`,
  credential: 'key',
  role,
});

export const CALLER_SPECS: Readonly<Record<Caller, CallerSpec>> = {
  anon: { description: 'anonymous', credential: 'none', role: 'public' },
  res: person('resident'),
  mod: person('moderator', 'passed'),
  dis: person('dispatcher', 'passed'),
  adm: person('admin', 'passed'),
  'mod~': person('moderator', 'pending'),
  'dis~': person('dispatcher', 'pending'),
  'adm~': person('admin', 'pending'),
  mod0: person('moderator', 'unenrolled'),
  dis0: person('dispatcher', 'unenrolled'),
  adm0: person('admin', 'unenrolled'),
  kmod: key('moderator'),
  kdis: key('dispatcher'),
  kadm: key('admin'),
};

/** A caller's credentials: the headers to send, and who the server takes them for. */
export interface Identity {
  headers: Record<string, string>;
  /** A person's account id. */
  userId?: string;
  /** A person's enrolled TOTP secret. */
  totpSecret?: string;
  /** The session cookie alone (`ob_session=…`), for a socket's handshake. */
  cookie?: string;
  /** An API key, for a socket's handshake. */
  apiKey?: string;
  /** The device token this caller's anonymous-style reports carry (people report by account). */
  device?: string;
}

export interface CallerKeys {
  moderatorKey: string;
  dispatcherKey: string;
  adminKey: string;
}

/**
 * New credentials for a caller: for a person, a new account of the caller's role and
 * second-factor state, signed in (rows that end sessions or change the factor use these, so the
 * shared ones stay as they are); for keys and nobody, the same as ever.
 */
export async function newIdentity(
  app: FastifyInstance,
  pool: pg.Pool,
  keys: CallerKeys,
  caller: Caller,
): Promise<Identity> {
  const spec = CALLER_SPECS[caller];
  if (spec.credential === 'none') return { headers: {}, device: deviceToken() };
  if (spec.credential === 'key') {
    const apiKey = { moderator: keys.moderatorKey, dispatcher: keys.dispatcherKey }[
      spec.role as 'moderator' | 'dispatcher'
    ];
    const chosen = spec.role === 'admin' ? keys.adminKey : apiKey;
    if (!chosen) throw new Error(`no key for ${caller}`);
    return { headers: bearer(chosen), apiKey: chosen, device: deviceToken() };
  }
  const role = spec.role as PersonRole;
  const user = await createUser(pool, {
    role,
    totp: spec.factor === 'passed' || spec.factor === 'pending',
  });
  const signedIn = await signIn(app, user, { secondFactor: spec.factor !== 'pending' });
  return {
    headers: signedIn.headers,
    userId: user.id,
    cookie: signedIn.cookie,
    ...(user.totpSecret ? { totpSecret: user.totpSecret } : {}),
  };
}
