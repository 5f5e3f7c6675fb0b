import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/accounts/session-cookie.js';
import { call, createUser, sessionCookieOf, signIn } from '../support/accounts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('sign-up, sign-in and sign-out', () => {
  it('signs a new resident up and in, with an HTTP-only, Secure, SameSite=Lax cookie', async () => {
    const answer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/account/sign-up',
      payload: { email: 'New.Person@Example.org', password: 'a long password 1' },
    });
    expect(answer.statusCode).toBe(201);
    const setCookie = String(answer.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const body = answer.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      role: 'resident',
      via: 'session',
      email: 'new.person@example.org',
      accountRole: 'resident',
      secondFactor: 'none',
    });
    expect(typeof body.csrfToken).toBe('string');
    const stored = await t.db.pool.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE email = $1',
      ['new.person@example.org'],
    );
    // argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1).
    expect(stored.rows[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/account/sign-up',
      payload: { email: 'new.person@example.org', password: 'another long password' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'email_taken' });
  });

  it('signs in and out; the session cookie stops working after sign-out', async () => {
    const user = await createUser(t.db.pool, { role: 'resident' });
    const session = await signIn(t.app, user);
    const me = await call(t.app, 'GET', '/api/v1/session', { cookie: session.cookie });
    expect(me.body).toMatchObject({ role: 'resident', userId: user.id, email: user.email });

    const out = await call(t.app, 'POST', '/api/v1/account/sign-out', session.headers, {});
    expect(out.status).toBe(204);
    const after = await call(t.app, 'GET', '/api/v1/session', { cookie: session.cookie });
    expect(after.body).toMatchObject({ role: 'public', via: 'none', csrfToken: null });
    // The dead cookie is cleared.
    expect(String(after.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
  });

  it('answers a wrong password and an unknown address alike, in similar time', async () => {
    const user = await createUser(t.db.pool, { role: 'resident' });
    const timed = async (email: string) => {
      const started = performance.now();
      const answer = await call(
        t.app,
        'POST',
        '/api/v1/account/sign-in',
        {},
        {
          email,
          password: 'not the password',
        },
      );
      return { answer, ms: performance.now() - started };
    };
    await timed('warm-up@example.org');
    const wrong = await timed(user.email);
    const unknown = await timed('nobody-here@example.org');
    for (const { answer } of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        error: 'invalid_credentials',
        message: 'The e-mail address or the password is wrong',
      });
      expect(sessionCookieOf(answer.headers)).toBeUndefined();
    }
    // Both check a password (argon2id, tens of ms): within a factor of three of each other.
    expect(unknown.ms).toBeGreaterThan(wrong.ms / 3);
    expect(wrong.ms).toBeGreaterThan(unknown.ms / 3);
  });

  it('refuses a request with both an API key and a session cookie', async () => {
    const user = await createUser(t.db.pool, { role: 'resident' });
    const session = await signIn(t.app, user);
    const answer = await call(t.app, 'GET', '/api/v1/session', {
      cookie: session.cookie,
      authorization: `Bearer ${t.dispatcherKey}`,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'ambiguous_credentials' });
  });
});
