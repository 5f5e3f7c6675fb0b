import { randomUUID } from 'node:crypto';
import { AlertListSchema, AlertSchema, PushKeySchema } from '../../shared/schemas/alert.js';
import type { Identity } from './authz-callers.js';
import { expectSchemaFields } from './authz-fixtures.js';
import { get, next, type Request, type Row, type World } from './authz-rows.js';
import { alertBody } from './alerts-client.js';

const KEYS = { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) };

/** An alert of this caller's own where the caller may have one; else an id that is nobody's. */
async function ownAlert(w: World, who: Identity): Promise<string> {
  const created = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/alerts',
    headers: who.headers,
    payload: alertBody({ name: `Matrix ${next()}` }),
  });
  return created.statusCode === 201 ? created.json<{ id: string }>().id : randomUUID();
}

/** A push endpoint of this caller's own (registered first where the caller may register one). */
async function ownEndpoint(w: World, who: Identity): Promise<string> {
  const endpoint = `https://push.example.org/matrix/${next()}`;
  await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/alerts/push-subscriptions',
    headers: who.headers,
    payload: { endpoint, keys: KEYS },
  });
  return endpoint;
}

const withAlert =
  (w: () => World, method: Request['method'], payload?: object) =>
  async ({ who }: { who: Identity }): Promise<Request> => ({
    method,
    url: `/api/v1/alerts/${await ownAlert(w(), who)}`,
    ...(payload ? { payload } : {}),
  });

/**
 * The matrix's rows for area alerts (issue 14, part 7): a signed-in person's own, whatever
 * their role (`people`); keys have none (401 "sign in"). The push key is public.
 */
export function alertRows(w: () => World): Row[] {
  return [
    {
      route: 'GET /api/v1/alerts',
      access: 'people',
      ok: 200,
      request: get('/api/v1/alerts'),
      view: (caller, body) => {
        expectSchemaFields(body, AlertListSchema, caller);
      },
    },
    {
      route: 'POST /api/v1/alerts',
      access: 'people',
      ok: 201,
      request: () =>
        Promise.resolve({
          method: 'POST',
          url: '/api/v1/alerts',
          payload: alertBody({ name: `Matrix ${next()}` }),
        }),
      view: (caller, body) => {
        expectSchemaFields(body, AlertSchema, caller);
      },
    },
    {
      route: 'PATCH /api/v1/alerts/:id',
      access: 'people',
      ok: 200,
      request: withAlert(w, 'PATCH', { paused: true }),
      view: (caller, body) => {
        expectSchemaFields(body, AlertSchema, caller);
      },
    },
    {
      route: 'DELETE /api/v1/alerts/:id',
      access: 'people',
      ok: 204,
      request: withAlert(w, 'DELETE'),
    },
    {
      route: 'GET /api/v1/alerts/notifications',
      access: 'people',
      ok: 200,
      request: get('/api/v1/alerts/notifications?limit=5'),
    },
    {
      route: 'GET /api/v1/alerts/push-key',
      access: 'anyone',
      ok: 200,
      request: get('/api/v1/alerts/push-key'),
      view: (caller, body) => {
        expectSchemaFields(body, PushKeySchema, caller);
      },
    },
    {
      route: 'POST /api/v1/alerts/push-subscriptions',
      access: 'people',
      ok: 204,
      request: () =>
        Promise.resolve({
          method: 'POST',
          url: '/api/v1/alerts/push-subscriptions',
          payload: { endpoint: `https://push.example.org/matrix/${next()}`, keys: KEYS },
        }),
    },
    {
      route: 'DELETE /api/v1/alerts/push-subscriptions',
      access: 'people',
      ok: 204,
      request: async ({ who }) => ({
        method: 'DELETE',
        url: '/api/v1/alerts/push-subscriptions',
        payload: { endpoint: await ownEndpoint(w(), who) },
      }),
    },
  ];
}
