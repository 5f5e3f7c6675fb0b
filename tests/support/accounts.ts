import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { generate, generateSecret } from 'otplib';
import type pg from 'pg';
import type { PersonRole } from '../../shared/roles.js';
import { createUser as insertUser } from '../../server/accounts/users.service.js';
import { SESSION_COOKIE } from '../../server/accounts/session-cookie.js';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: PersonRole;
  /** The enrolled TOTP secret (base32), when created with `totp: true`. */
  totpSecret?: string;
}

export interface SignedIn {
  /** The value of a `cookie` request header: `ob_session=<token>`. */
  cookie: string;
  csrfToken: string;
  /** Headers for a write as this person: the cookie and the CSRF token. */
  headers: { cookie: string; 'x-csrf-token': string };
}

/**
 * A person with an account, straight in the database (no HTTP): any role, optionally with an
 * enrolled TOTP second factor. Privileged roles without `totp` must enrol before acting.
 */
export async function createUser(
  pool: pg.Pool,
  options: { role: PersonRole; email?: string; password?: string; totp?: boolean },
): Promise<TestUser> {
  const email = options.email ?? `${options.role}-${randomBytes(4).toString('hex')}@example.org`;
  const password = options.password ?? `pw-${randomBytes(12).toString('base64url')}`;
  const totpSecret = options.totp ? generateSecret() : undefined;
  const id = await insertUser(pool, { email, password, role: options.role, totpSecret });
  if (id === null) throw new Error(`createUser: ${email} already has an account`);
  return { id, email: email.toLowerCase(), password, role: options.role, totpSecret };
}

type Target = FastifyInstance | string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** One request through app.inject (a FastifyInstance) or fetch (a base URL). */
export async function call(
  target: Target,
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string> = {},
  payload?: unknown,
): Promise<Answer> {
  const allHeaders =
    payload === undefined ? headers : { 'content-type': 'application/json', ...headers };
  const body = payload === undefined ? undefined : JSON.stringify(payload);
  if (typeof target !== 'string') {
    const response = await target.inject({ method, url, headers: allHeaders, payload: body });
    const text = response.body;
    const setCookie = response.headers['set-cookie'];
    return { status: response.statusCode, headers: { 'set-cookie': setCookie }, body: parse(text) };
  }
  const response = await fetch(new URL(url, target), { method, headers: allHeaders, body });
  return {
    status: response.status,
    headers: { 'set-cookie': response.headers.getSetCookie() },
    body: parse(await response.text()),
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The `name=value` of the session cookie a response set, if any. */
export function sessionCookieOf(headers: Answer['headers']): string | undefined {
  const raw = headers['set-cookie'];
  const all = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const found = all.find((line) => line.startsWith(`${SESSION_COOKIE}=`));
  const pair = found?.split(';')[0];
  return pair === `${SESSION_COOKIE}=` ? undefined : pair;
}

/** The last TOTP step each secret used, so two sign-ins in one 30 s step use different codes. */
const lastStep = new Map<string, number>();

/** A TOTP code not used before by this secret (waits for the next step when both are taken). */
export async function freshTotpCode(secret: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const current = Math.floor(now / 30);
  let step = Math.max(current, (lastStep.get(secret) ?? -1) + 1);
  if (step > current + 1) {
    // The server accepts one step ahead at most: wait until the next step begins.
    await new Promise((resolve) => setTimeout(resolve, ((current + 1) * 30 - now) * 1000 + 50));
    step = Math.max(Math.floor(Date.now() / 30_000), (lastStep.get(secret) ?? -1) + 1);
  }
  lastStep.set(secret, step);
  return generate({ secret, epoch: step * 30 });
}

/** Records that a code of this step was used outside freshTotpCode (e.g. by a test's own call). */
export function noteTotpStepUsed(secret: string, epochSeconds = Date.now() / 1000): void {
  const step = Math.floor(epochSeconds / 30);
  lastStep.set(secret, Math.max(step, lastStep.get(secret) ?? -1));
}

/**
 * Signs a person in (POST /api/v1/account/sign-in), reads the CSRF token (GET /api/v1/session)
 * and, for a privileged account with TOTP, passes the second factor: the session is then renewed
 * (a new cookie and CSRF token, returned here) and has the account's full role.
 */
export async function signIn(
  target: Target,
  user: Pick<TestUser, 'email' | 'password' | 'totpSecret'>,
  options: { secondFactor?: boolean } = {},
): Promise<SignedIn> {
  const answer = await call(
    target,
    'POST',
    '/api/v1/account/sign-in',
    {},
    {
      email: user.email,
      password: user.password,
    },
  );
  const cookie = sessionCookieOf(answer.headers);
  if (answer.status !== 200 || !cookie) {
    throw new Error(`signIn: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  const session = (await call(target, 'GET', '/api/v1/session', { cookie })).body as {
    csrfToken: string;
    secondFactor: string;
  };
  const headers = { cookie, 'x-csrf-token': session.csrfToken };
  if (session.secondFactor === 'required' && user.totpSecret && options.secondFactor !== false) {
    const passed = await call(target, 'POST', '/api/v1/account/second-factor', headers, {
      code: await freshTotpCode(user.totpSecret),
    });
    const renewed = sessionCookieOf(passed.headers);
    if (passed.status !== 200 || !renewed) {
      throw new Error(`signIn: second factor ${passed.status} ${JSON.stringify(passed.body)}`);
    }
    // The session was renewed: the old cookie and CSRF token no longer work.
    return signedInAs(renewed, (passed.body as { csrfToken: string }).csrfToken);
  }
  return signedInAs(cookie, session.csrfToken);
}

function signedInAs(cookie: string, csrfToken: string): SignedIn {
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}
