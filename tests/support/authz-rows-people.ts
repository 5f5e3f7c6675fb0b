import { expect } from 'vitest';
import { generate } from 'otplib';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import { ApiKeySummarySchema, UserSummarySchema } from '../../shared/schemas/account.js';
import { AccountSessionSchema } from '../../shared/schemas/account.js';
import { freshTotpCode } from './accounts.js';
import { expectSchemaFields } from './authz-fixtures.js';
import { get, next, type Row, type World } from './authz-rows.js';
import { listOf, SESSION_VIEW } from './authz-table.js';
import { insertUser } from './moderation-fixtures.js';

/** The matrix's rows for people's accounts, the admin and GET /api/v1/session. */
export function peopleRows(w: () => World): Row[] {
  return [
    {
      route: 'POST /api/v1/account/sign-up',
      access: 'anyone',
      ok: 201,
      request: () =>
        Promise.resolve({
          method: 'POST',
          url: '/api/v1/account/sign-up',
          payload: { email: `new-${next()}@example.org`, password: 'a long enough password' },
        }),
      view: (caller, body) => {
        expectSchemaFields(body, AccountSessionSchema, caller);
      },
    },
    {
      route: 'POST /api/v1/account/sign-in',
      access: 'anyone',
      ok: 200,
      request: () =>
        Promise.resolve({
          method: 'POST',
          url: '/api/v1/account/sign-in',
          payload: w().signInTarget,
        }),
    },
    {
      route: 'POST /api/v1/account/sign-out',
      access: 'anyone',
      ok: 204,
      request: async ({ fresh }) => ({
        method: 'POST',
        url: '/api/v1/account/sign-out',
        headers: (await fresh()).headers,
      }),
    },
    {
      route: 'POST /api/v1/account/sign-out-everywhere',
      access: 'people',
      ok: 204,
      request: async ({ fresh }) => ({
        method: 'POST',
        url: '/api/v1/account/sign-out-everywhere',
        headers: (await fresh()).headers,
      }),
    },
    {
      route: 'POST /api/v1/account/second-factor',
      access: 'factorPass',
      ok: 200,
      request: async ({ fresh }) => {
        const identity = await fresh();
        const code = identity.totpSecret ? await freshTotpCode(identity.totpSecret) : '000000';
        return {
          method: 'POST',
          url: '/api/v1/account/second-factor',
          headers: identity.headers,
          payload: { code },
        };
      },
    },
    {
      route: 'POST /api/v1/account/setup',
      access: 'setupLink',
      ok: 201,
      // An admin exists: the setup link is spent for everyone, whatever they send.
      request: () =>
        Promise.resolve({
          method: 'POST',
          url: '/api/v1/account/setup',
          payload: {
            token: 'not-the-printed-token',
            email: `setup-${next()}@example.org`,
            password: 'a long enough password',
          },
        }),
    },
    {
      route: 'POST /api/v1/account/totp/setup',
      access: 'factorSetup',
      ok: 200,
      request: () => Promise.resolve({ method: 'POST', url: '/api/v1/account/totp/setup' }),
    },
    {
      route: 'POST /api/v1/account/totp/enrol',
      access: 'factorSetup',
      ok: 200,
      request: async ({ fresh }) => {
        const identity = await fresh();
        const setup = await w().t.app.inject({
          method: 'POST',
          url: '/api/v1/account/totp/setup',
          headers: identity.headers,
        });
        const secret = setup.statusCode === 200 ? setup.json<{ secret: string }>().secret : null;
        return {
          method: 'POST',
          url: '/api/v1/account/totp/enrol',
          headers: identity.headers,
          payload: { code: secret ? await generate({ secret }) : '000000' },
        };
      },
    },
    {
      route: 'POST /api/v1/account/erase-observations',
      access: 'people',
      ok: 200,
      request: () => Promise.resolve({ method: 'POST', url: '/api/v1/account/erase-observations' }),
    },
    {
      route: 'GET /api/v1/admin/users',
      access: 'admin',
      ok: 200,
      request: get('/api/v1/admin/users'),
      view: listOf(UserSummarySchema),
    },
    {
      route: 'POST /api/v1/admin/users/:id/role',
      access: 'admin',
      ok: 200,
      request: async () => ({
        method: 'POST',
        url: `/api/v1/admin/users/${await insertUser(w().t.db.pool)}/role`,
        payload: { role: 'moderator' },
      }),
    },
    {
      route: 'GET /api/v1/admin/keys',
      access: 'admin',
      ok: 200,
      request: get('/api/v1/admin/keys'),
      view: listOf(ApiKeySummarySchema),
    },
    {
      route: 'POST /api/v1/admin/keys',
      access: 'admin',
      ok: 201,
      request: () =>
        Promise.resolve({
          method: 'POST',
          url: '/api/v1/admin/keys',
          payload: { name: `matrix-new-${next()}`, role: 'moderator' },
        }),
    },
    {
      route: 'DELETE /api/v1/admin/keys/:id',
      access: 'admin',
      ok: 204,
      request: async () => {
        const { id } = await createApiKey(w().t.db.pool, {
          name: `matrix-old-${next()}`,
          role: 'moderator',
        });
        return { method: 'DELETE', url: `/api/v1/admin/keys/${id}` };
      },
    },
    {
      route: 'GET /api/v1/session',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/session'),
      view: (caller, body) => {
        expectSchemaFields(body, AccountSessionSchema, caller);
        const session = body as Record<string, unknown>;
        const [role, via, accountRole, secondFactor] = SESSION_VIEW[caller];
        expect(
          [session.role, session.via, session.accountRole, session.secondFactor],
          caller,
        ).toEqual([role, via, accountRole, secondFactor]);
        const person = via === 'session';
        expect(typeof session.csrfToken === 'string', `${caller}: csrf token`).toBe(person);
        expect(typeof session.userId === 'string', `${caller}: user id`).toBe(person);
        expect(typeof session.email === 'string', `${caller}: e-mail`).toBe(person);
      },
    },
  ];
}
