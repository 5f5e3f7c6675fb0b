import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createUser } from '../support/accounts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Lock-out per e-mail address (5 failures, then 429 with Retry-After), and the per-address limit.

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ accounts: { signInPerIpPerMinute: 30 } });
});
afterAll(async () => {
  await t.close();
});

function attempt(email: string, password: string, ip = '203.0.113.1') {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/account/sign-in',
    payload: { email, password },
    remoteAddress: ip,
  });
}

describe('lock-out', () => {
  it('locks an address after 5 failures: the 6th gets 429 with Retry-After, right password or not', async () => {
    const user = await createUser(t.db.pool, { role: 'resident' });
    for (let i = 0; i < 5; i += 1) {
      expect((await attempt(user.email, 'wrong password')).statusCode).toBe(401);
    }
    for (const password of ['wrong password', user.password]) {
      const locked = await attempt(user.email, password);
      expect(locked.statusCode).toBe(429);
      expect(locked.json()).toMatchObject({ error: 'too_many_attempts' });
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    }
  });

  it('locks an unknown address the same way (the answer tells nobody who has an account)', async () => {
    for (let i = 0; i < 5; i += 1) {
      const answer = await attempt('no-account@example.org', 'whatever', '203.0.113.2');
      expect(answer.statusCode).toBe(401);
    }
    const locked = await attempt('no-account@example.org', 'whatever', '203.0.113.2');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: 'too_many_attempts' });
  });

  it('doubles the lock each time, and a success clears the count', async () => {
    const user = await createUser(t.db.pool, { role: 'resident' });
    for (let i = 0; i < 4; i += 1) await attempt(user.email, 'wrong', '203.0.113.3');
    expect((await attempt(user.email, user.password, '203.0.113.3')).statusCode).toBe(200);
    // The count started again: five more failures are answered, the sixth attempt locks.
    for (let i = 0; i < 5; i += 1) {
      expect((await attempt(user.email, 'wrong', '203.0.113.3')).statusCode).toBe(401);
    }
    const first = await attempt(user.email, 'wrong', '203.0.113.3');
    expect(Number(first.headers['retry-after'])).toBeGreaterThan(14 * 60);
    // Unlocked by hand (as if 15 minutes had passed): five more failures, then 30 minutes.
    await t.db.pool.query(`UPDATE sign_in_throttle SET locked_until = now()`);
    for (let i = 0; i < 5; i += 1) {
      expect((await attempt(user.email, 'wrong', '203.0.113.4')).statusCode).toBe(401);
    }
    const second = await attempt(user.email, 'wrong', '203.0.113.4');
    expect(second.statusCode).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(29 * 60);
  });

  it('gives a burst of parallel guesses no more password checks than the limit', async () => {
    const user = await createUser(t.db.pool, { role: 'resident' });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        attempt(user.email, `guess ${i}`, `203.0.113.${20 + i}`),
      ),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });
});

describe('per-address limit', () => {
  it('answers the 31st sign-in from one address within a minute with 429 and Retry-After', async () => {
    const ip = '198.51.100.7';
    for (let i = 0; i < 30; i += 1) {
      const answer = await attempt(`person${i}@example.org`, 'whatever', ip);
      expect(answer.statusCode).toBe(401);
    }
    const limited = await attempt('person31@example.org', 'whatever', ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect(
      (
        await call(
          t.app,
          'POST',
          '/api/v1/account/sign-in',
          {},
          {
            email: 'other@example.org',
            password: 'whatever',
          },
        )
      ).status,
    ).toBe(401);
  });
});
