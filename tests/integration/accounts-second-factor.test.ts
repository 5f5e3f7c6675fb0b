import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import {
  call,
  createUser,
  freshTotpCode,
  noteTotpStepUsed,
  sessionCookieOf,
  signIn,
} from '../support/accounts.js';
import { incidentBody, CENTRAL_CHICAGO } from '../support/incident-factory.js';
import { connectListener, waitFor } from '../support/stream-client.js';
import { listen, startTestApp, type TestApp } from '../support/test-app.js';

// A privileged account acts as a resident until its session passes the second factor (TOTP).

let t: TestApp;
let baseUrl: string;

beforeAll(async () => {
  t = await startTestApp();
  baseUrl = await listen(t);
});
afterAll(async () => {
  await t.close();
});

const AROUND: [number, number, number, number] = [
  CENTRAL_CHICAGO.lon - 0.1,
  CENTRAL_CHICAGO.lat - 0.1,
  CENTRAL_CHICAGO.lon + 0.1,
  CENTRAL_CHICAGO.lat + 0.1,
];

describe('second factor', () => {
  it('keeps a dispatcher without TOTP a resident: enrolment required, 403 second_factor_required', async () => {
    const user = await createUser(t.db.pool, { role: 'dispatcher' });
    const session = await signIn(t.app, user);
    const me = await call(t.app, 'GET', '/api/v1/session', { cookie: session.cookie });
    expect(me.body).toMatchObject({
      role: 'resident',
      accountRole: 'dispatcher',
      secondFactor: 'enrolment_required',
    });
    const write = await call(t.app, 'POST', '/api/v1/incidents', session.headers, incidentBody());
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ error: 'second_factor_required' });
    const admin = await call(t.app, 'GET', '/api/v1/admin/users', { cookie: session.cookie });
    expect(admin.status).toBe(403);
    expect(admin.body).toMatchObject({ error: 'forbidden' });
  });

  it('enrols TOTP (setup, then a code), which passes the factor for this session', async () => {
    const user = await createUser(t.db.pool, { role: 'dispatcher' });
    const session = await signIn(t.app, user);
    const setup = await call(t.app, 'POST', '/api/v1/account/totp/setup', session.headers, {});
    expect(setup.status).toBe(200);
    const { uri, secret } = setup.body as { uri: string; secret: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/Openbeat:.*secret=/);
    // Stored sealed, never in the clear.
    const stored = await t.db.pool.query<{ totp_secret: Buffer }>(
      'SELECT totp_secret FROM users WHERE id = $1',
      [user.id],
    );
    expect(stored.rows[0]?.totp_secret.toString('latin1')).not.toContain(secret);

    const wrong = await call(t.app, 'POST', '/api/v1/account/totp/enrol', session.headers, {
      code: '000000' === (await generate({ secret })) ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'invalid_code' });
    const enrolled = await call(t.app, 'POST', '/api/v1/account/totp/enrol', session.headers, {
      code: await freshTotpCode(secret),
    });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body).toMatchObject({ role: 'dispatcher', secondFactor: 'passed' });
    // The session is renewed (as when the factor passes; see the next test).
    const cookie = sessionCookieOf(enrolled.headers) ?? '';
    const headers = { cookie, 'x-csrf-token': (enrolled.body as { csrfToken: string }).csrfToken };
    const write = await call(t.app, 'POST', '/api/v1/incidents', headers, incidentBody());
    expect(write.status).toBe(201);
    const again = await call(t.app, 'POST', '/api/v1/account/totp/setup', headers, {});
    expect(again.status).toBe(409);
    const old = await call(t.app, 'GET', '/api/v1/session', { cookie: session.cookie });
    expect(old.body).toMatchObject({ role: 'public', via: 'none' });
  });

  it('renews the session when the factor passes: new cookie and CSRF token, the old ones end', async () => {
    const user = await createUser(t.db.pool, { role: 'dispatcher', totp: true });
    const before = await signIn(t.app, user, { secondFactor: false });
    const passed = await call(t.app, 'POST', '/api/v1/account/second-factor', before.headers, {
      code: await freshTotpCode(user.totpSecret ?? ''),
    });
    expect(passed.status).toBe(200);
    const cookie = sessionCookieOf(passed.headers);
    const { csrfToken } = passed.body as { csrfToken: string };
    expect(cookie).toBeDefined();
    expect(cookie).not.toBe(before.cookie);
    expect(csrfToken).not.toBe(before.csrfToken);
    expect(String(passed.headers['set-cookie'])).toMatch(/HttpOnly/i);
    // A cookie planted before the factor (session fixation) is worth nothing after it.
    const old = await call(t.app, 'GET', '/api/v1/session', { cookie: before.cookie });
    expect(old.body).toMatchObject({ role: 'public', via: 'none' });
    const oldWrite = await call(t.app, 'POST', '/api/v1/incidents', before.headers, incidentBody());
    expect(oldWrite.status).toBe(401);
    // The new one has the full role, and only the new CSRF token goes with it.
    const me = await call(t.app, 'GET', '/api/v1/session', { cookie: cookie ?? '' });
    expect(me.body).toMatchObject({ role: 'dispatcher', secondFactor: 'passed', csrfToken });
    const stale = { cookie: cookie ?? '', 'x-csrf-token': before.csrfToken };
    expect((await call(t.app, 'POST', '/api/v1/incidents', stale, incidentBody())).status).toBe(
      403,
    );
    const fresh = { cookie: cookie ?? '', 'x-csrf-token': csrfToken };
    expect((await call(t.app, 'POST', '/api/v1/incidents', fresh, incidentBody())).status).toBe(
      201,
    );
    // It keeps the sign-in's absolute expiry: renewing does not lengthen the session.
    const rows = await t.db.pool.query<{ expires_at: Date; revoked: boolean }>(
      'SELECT expires_at, revoked_at IS NOT NULL AS revoked FROM user_sessions WHERE user_id = $1',
      [user.id],
    );
    expect(rows.rows).toHaveLength(2);
    expect(new Set(rows.rows.map((row) => row.expires_at.getTime())).size).toBe(1);
    expect(rows.rows.filter((row) => row.revoked)).toHaveLength(1);
  });

  it('refuses a code used before (replay), and needs the factor again in a new session', async () => {
    const user = await createUser(t.db.pool, { role: 'moderator', totp: true });
    const secret = user.totpSecret ?? '';
    const first = await signIn(t.app, user, { secondFactor: false });
    const code = await generate({ secret });
    noteTotpStepUsed(secret);
    const passed = await call(t.app, 'POST', '/api/v1/account/second-factor', first.headers, {
      code,
    });
    expect(passed.status).toBe(200);
    expect(passed.body).toMatchObject({ role: 'moderator', secondFactor: 'passed' });
    const second = await signIn(t.app, user, { secondFactor: false });
    const me = await call(t.app, 'GET', '/api/v1/session', { cookie: second.cookie });
    expect(me.body).toMatchObject({ role: 'resident', secondFactor: 'required' });
    const replay = await call(t.app, 'POST', '/api/v1/account/second-factor', second.headers, {
      code,
    });
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({ error: 'invalid_code' });
  });

  it('locks the factor after 5 wrong codes (429, Retry-After), the right code too', async () => {
    const user = await createUser(t.db.pool, { role: 'admin', totp: true });
    const session = await signIn(t.app, user, { secondFactor: false });
    const attempt = (code: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/account/second-factor',
        headers: session.headers,
        payload: { code },
      });
    const right = await freshTotpCode(user.totpSecret ?? '');
    const wrong = right === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i += 1) expect((await attempt(wrong)).statusCode).toBe(400);
    const locked = await attempt(right);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: 'too_many_attempts' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    const me = await call(t.app, 'GET', '/api/v1/session', { cookie: session.cookie });
    expect(me.body).toMatchObject({ secondFactor: 'required' });
  });

  it('streams public points to a dispatcher socket without the factor, exact ones with it', async () => {
    const withFactor = await createUser(t.db.pool, { role: 'dispatcher', totp: true });
    const without = await createUser(t.db.pool, { role: 'dispatcher', totp: true });
    const passed = await signIn(t.app, withFactor);
    const pending = await signIn(t.app, without, { secondFactor: false });
    const exact = await connectListener(baseUrl, { cookie: passed.cookie });
    const resident = await connectListener(baseUrl, { cookie: pending.cookie });
    try {
      for (const listener of [exact, resident]) {
        const ack = await listener.subscribe({ bbox: AROUND, layers: ['incidents'] });
        expect(ack).toMatchObject({ ok: true });
      }
      const body = incidentBody();
      const created = await call(t.app, 'POST', '/api/v1/incidents', passed.headers, body);
      expect(created.status).toBe(201);
      const id = (created.body as { id: string }).id;
      await waitFor(
        () => [exact, resident].every((l) => l.events.some((e) => e.feature.id === id)),
        'the incident on both sockets',
      );
      const point = [body.location.lon, body.location.lat];
      const coordinatesOn = (l: typeof exact) =>
        l.events.find((e) => e.feature.id === id)?.feature.geometry?.coordinates;
      expect(coordinatesOn(exact)).toEqual(point);
      expect(coordinatesOn(resident)).not.toEqual(point);
    } finally {
      exact.close();
      resident.close();
    }
  });

  it('signs out everywhere: the other session is dead and its socket is closed', async () => {
    const user = await createUser(t.db.pool, { role: 'resident' });
    const phone = await signIn(baseUrl, user);
    const laptop = await signIn(baseUrl, user);
    const socket = await connectListener(baseUrl, { cookie: phone.cookie });
    try {
      let disconnected = false;
      socket.socket.on('disconnect', () => {
        disconnected = true;
      });
      const out = await call(
        baseUrl,
        'POST',
        '/api/v1/account/sign-out-everywhere',
        laptop.headers,
        {},
      );
      expect(out.status).toBe(204);
      await waitFor(() => disconnected, 'the phone socket closed');
      const me = await call(baseUrl, 'GET', '/api/v1/session', { cookie: phone.cookie });
      expect(me.body).toMatchObject({ via: 'none' });
      // A new socket with the dead cookie is public.
      const again = await connectListener(baseUrl, { cookie: phone.cookie });
      again.close();
    } finally {
      socket.close();
    }
  });

  it('refuses a socket that sends an API key and a live session cookie', async () => {
    const session = await signIn(t.app, await createUser(t.db.pool, { role: 'resident' }));
    await expect(
      connectListener(baseUrl, { cookie: session.cookie, token: t.dispatcherKey }),
    ).rejects.toMatchObject({ data: { error: 'ambiguous_credentials' } });
  });
});
