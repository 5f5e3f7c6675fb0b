import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupToken } from '../../server/accounts/admin-setup.service.js';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import { call, createUser, sessionCookieOf, signIn } from '../support/accounts.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

// The first admin's setup link, and the admin API: people's roles and machines' keys.

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const PASSWORD = 'the first admin password';

describe('first admin', () => {
  it('creates the first admin once from the setup link, who must then enrol TOTP', async () => {
    const stale = await issueSetupToken(t.db.pool);
    const token = await issueSetupToken(t.db.pool);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // A new start's link replaces the last one.
    const old = await call(
      t.app,
      'POST',
      '/api/v1/account/setup',
      {},
      {
        token: stale,
        email: 'admin@example.org',
        password: PASSWORD,
      },
    );
    expect(old.status).toBe(400);
    expect(old.body).toMatchObject({ error: 'invalid_setup_token' });

    const created = await call(
      t.app,
      'POST',
      '/api/v1/account/setup',
      {},
      {
        token,
        email: 'Admin@Example.org',
        password: PASSWORD,
      },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      role: 'resident',
      accountRole: 'admin',
      secondFactor: 'enrolment_required',
    });
    expect(sessionCookieOf(created.headers)).toBeDefined();

    const reused = await call(
      t.app,
      'POST',
      '/api/v1/account/setup',
      {},
      {
        token,
        email: 'second@example.org',
        password: PASSWORD,
      },
    );
    expect(reused.status).toBe(400);
    // With an admin, no new link is issued.
    expect(await issueSetupToken(t.db.pool)).toBeNull();
  });
});

describe('admin API', () => {
  it('is for admins who passed the second factor, and admin keys', async () => {
    const resident = await signIn(t.app, await createUser(t.db.pool, { role: 'resident' }));
    const noFactor = await signIn(t.app, await createUser(t.db.pool, { role: 'admin' }));
    expect((await call(t.app, 'GET', '/api/v1/admin/keys')).status).toBe(401);
    expect(
      (await call(t.app, 'GET', '/api/v1/admin/keys', { cookie: resident.cookie })).status,
    ).toBe(403);
    const pending = await call(t.app, 'GET', '/api/v1/admin/keys', { cookie: noFactor.cookie });
    expect(pending.status).toBe(403);
    expect(pending.body).toMatchObject({ error: 'second_factor_required' });
    expect((await call(t.app, 'GET', '/api/v1/admin/keys', bearer(t.dispatcherKey))).status).toBe(
      403,
    );
    const adminKey = await createApiKey(t.db.pool, { name: 'ops-script', role: 'admin' });
    expect((await call(t.app, 'GET', '/api/v1/admin/users', bearer(adminKey.key))).status).toBe(
      200,
    );
  });

  it('lists, creates (shown once) and revokes API keys', async () => {
    const admin = await signIn(t.app, await createUser(t.db.pool, { role: 'admin', totp: true }));
    const created = await call(t.app, 'POST', '/api/v1/admin/keys', admin.headers, {
      name: 'cad-north',
      role: 'dispatcher',
    });
    expect(created.status).toBe(201);
    const { id, key } = created.body as { id: string; key: string };
    expect(key).toMatch(/^ob_/);
    expect((await call(t.app, 'GET', '/api/v1/session', bearer(key))).body).toMatchObject({
      role: 'dispatcher',
      via: 'key',
    });
    const listed = await call(t.app, 'GET', '/api/v1/admin/keys', { cookie: admin.cookie });
    const keys = listed.body as { id: string; name: string; revokedAt: string | null }[];
    expect(keys.find((one) => one.id === id)).toMatchObject({ name: 'cad-north', revokedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(key);

    const badName = await call(t.app, 'POST', '/api/v1/admin/keys', admin.headers, {
      name: 'has spaces',
      role: 'dispatcher',
    });
    expect(badName.status).toBe(400);

    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/keys/${id}`,
      headers: admin.headers,
    });
    expect(revoked.statusCode).toBe(204);
    expect((await call(t.app, 'GET', '/api/v1/session', bearer(key))).status).toBe(401);
    const missing = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/admin/keys/00000000-0000-4000-8000-000000000000',
      headers: admin.headers,
    });
    expect(missing.statusCode).toBe(404);
  });

  it("changes a person's role, ending their sessions; never demotes the last admin", async () => {
    const admin = await createUser(t.db.pool, { role: 'admin', totp: true });
    const adminSession = await signIn(t.app, admin);
    const person = await createUser(t.db.pool, { role: 'resident' });
    const personSession = await signIn(t.app, person);
    const changed = await call(
      t.app,
      'POST',
      `/api/v1/admin/users/${person.id}/role`,
      adminSession.headers,
      { role: 'moderator' },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: person.id, role: 'moderator', secondFactor: false });
    const dead = await call(t.app, 'GET', '/api/v1/session', { cookie: personSession.cookie });
    expect(dead.body).toMatchObject({ via: 'none' });
    const again = await signIn(t.app, person);
    const me = await call(t.app, 'GET', '/api/v1/session', { cookie: again.cookie });
    expect(me.body).toMatchObject({ accountRole: 'moderator', secondFactor: 'enrolment_required' });

    const users = await call(t.app, 'GET', '/api/v1/admin/users', { cookie: adminSession.cookie });
    expect(JSON.stringify(users.body)).not.toMatch(/password|totp_secret/);

    // Demote every admin but this one, then try this one.
    const { rows } = await t.db.pool.query<{ id: string }>(
      "SELECT id FROM users WHERE role = 'admin' AND id <> $1",
      [admin.id],
    );
    for (const row of rows) {
      const demoted = await call(
        t.app,
        'POST',
        `/api/v1/admin/users/${row.id}/role`,
        adminSession.headers,
        {
          role: 'resident',
        },
      );
      expect(demoted.status).toBe(200);
    }
    const last = await call(
      t.app,
      'POST',
      `/api/v1/admin/users/${admin.id}/role`,
      adminSession.headers,
      {
        role: 'resident',
      },
    );
    expect(last.status).toBe(409);
    expect(last.body).toMatchObject({ error: 'last_admin' });
  });
});
