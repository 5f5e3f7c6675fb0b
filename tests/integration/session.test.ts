import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/v1/session (the map checks a dispatcher key with it)', () => {
  it('is public without a key', async () => {
    const response = await t.app.inject({ url: '/api/v1/session' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      role: 'public',
      name: null,
      via: 'none',
      userId: null,
      email: null,
      accountRole: null,
      secondFactor: 'none',
      csrfToken: null,
    });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it("names a dispatcher key's role", async () => {
    const response = await t.app.inject({
      url: '/api/v1/session',
      headers: bearer(t.dispatcherKey),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ role: string }>().role).toBe('dispatcher');
  });

  it('reads the auth scheme in any case, as HTTP defines it (RFC 9110, 11.1)', async () => {
    for (const scheme of ['bearer', 'BEARER', 'beaRer']) {
      const response = await t.app.inject({
        url: '/api/v1/session',
        headers: { authorization: `${scheme} ${t.dispatcherKey}` },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json<{ role: string }>().role).toBe('dispatcher');
    }
  });

  it('refuses an unknown or malformed key with the error shape', async () => {
    for (const key of ['ob_not_a_real_key', 'has spaces', '']) {
      const response = await t.app.inject({
        url: '/api/v1/session',
        headers: { authorization: `Bearer ${key}` },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json<{ error: string; message: string }>().error).toBeTypeOf('string');
    }
  });
});
