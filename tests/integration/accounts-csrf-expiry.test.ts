import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createUser, signIn } from '../support/accounts.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

// CSRF for cookie-authenticated writes, and the idle and absolute expiry of sessions.

const IDLE_MS = 1_500;
const ABSOLUTE_MS = 4_000;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ accounts: { sessions: { idleMs: IDLE_MS, absoluteMs: ABSOLUTE_MS } } });
});
afterAll(async () => {
  await t.close();
});

const signOutEverywhere = '/api/v1/account/sign-out-everywhere';

/** The token with its last character changed (never to itself: one token in 64 ends in A). */
function otherLastCharacter(token: string): string {
  return `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
}

describe('CSRF', () => {
  it('refuses a cookie write without the token or with a wrong one, and accepts the right one', async () => {
    const user = await createUser(t.db.pool, { role: 'resident' });
    const session = await signIn(t.app, user);
    const missing = await call(t.app, 'POST', signOutEverywhere, { cookie: session.cookie }, {});
    expect(missing.status).toBe(403);
    expect(missing.body).toMatchObject({ error: 'csrf_failed' });
    const wrong = await call(
      t.app,
      'POST',
      signOutEverywhere,
      { cookie: session.cookie, 'x-csrf-token': otherLastCharacter(session.csrfToken) },
      {},
    );
    expect(wrong.status).toBe(403);
    // Another session's token does not do either.
    const other = await signIn(t.app, user);
    const crossed = await call(
      t.app,
      'POST',
      signOutEverywhere,
      { cookie: session.cookie, 'x-csrf-token': other.csrfToken },
      {},
    );
    expect(crossed.status).toBe(403);
    // Refused writes changed nothing: the session still works.
    const me = await call(t.app, 'GET', '/api/v1/session', { cookie: session.cookie });
    expect(me.body).toMatchObject({ via: 'session', userId: user.id });
    const right = await call(t.app, 'POST', signOutEverywhere, session.headers, {});
    expect(right.status).toBe(204);
  });

  it('leaves API-key and anonymous requests alone', async () => {
    const keyed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/account/sign-out',
      headers: bearer(t.dispatcherKey),
    });
    expect(keyed.statusCode).toBe(204);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/account/sign-out' });
    expect(anonymous.statusCode).toBe(204);
  });

  it('takes sign-in only as JSON (a cross-site form cannot sign anyone in)', async () => {
    const user = await createUser(t.db.pool, { role: 'resident' });
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/account/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(user.password)}`,
    });
    expect(form.statusCode).toBe(415);
    const plain = await t.app.inject({
      method: 'POST',
      url: '/api/v1/account/sign-in',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(plain.statusCode).toBe(415);
  });
});

describe('expiry', () => {
  it('ends a session left idle longer than the idle time, and clears its cookie', async () => {
    const user = await createUser(t.db.pool, { role: 'resident' });
    const session = await signIn(t.app, user);
    await sleep(IDLE_MS + 300);
    const after = await call(t.app, 'GET', '/api/v1/session', { cookie: session.cookie });
    expect(after.body).toMatchObject({ role: 'public', via: 'none' });
    expect(String(after.headers['set-cookie'])).toMatch(/^ob_session=;/);
    // Its write is an anonymous one now: refused as not signed in, not as a CSRF failure.
    const write = await call(t.app, 'POST', signOutEverywhere, session.headers, {});
    expect(write.status).toBe(401);
  });

  it('keeps a used session alive past the idle time, until the absolute expiry', async () => {
    const user = await createUser(t.db.pool, { role: 'resident' });
    const session = await signIn(t.app, user);
    const started = Date.now();
    // Used every 400 ms, it outlives the idle time…
    while (Date.now() - started < ABSOLUTE_MS - 800) {
      const me = await call(t.app, 'GET', '/api/v1/session', { cookie: session.cookie });
      expect(me.body).toMatchObject({ via: 'session' });
      await sleep(400);
    }
    // …but not the absolute lifetime.
    await sleep(Math.max(0, ABSOLUTE_MS - (Date.now() - started)) + 300);
    const over = await call(t.app, 'GET', '/api/v1/session', { cookie: session.cookie });
    expect(over.body).toMatchObject({ role: 'public', via: 'none' });
  });
});
