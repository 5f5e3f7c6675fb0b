import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicAppeal } from '../../shared/schemas/appeal.js';
import { createUser, signIn } from '../support/accounts.js';
import { incidentBody } from '../support/incident-factory.js';
import { insertObservation } from '../support/moderation-fixtures.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Who may use the moderation and appeal routes, as one table: every route × every kind of
 * caller (anonymous, people by role with and without the second factor, API keys by role).
 */

type Caller =
  | 'anonymous'
  | 'resident'
  | 'moderator without second factor'
  | 'moderator'
  | 'dispatcher'
  | 'admin'
  | 'dispatcher key'
  | 'moderator key';

const CALLERS: readonly Caller[] = [
  'anonymous',
  'resident',
  'moderator without second factor',
  'moderator',
  'dispatcher',
  'admin',
  'dispatcher key',
  'moderator key',
];

interface Route {
  name: string;
  /** The request, made afresh for each caller (a decision needs an undecided item). */
  request(): Promise<{ method: 'GET' | 'POST'; url: string; payload?: unknown }>;
  expected: Record<Caller, number>;
}

let t: TestApp;
const headers = new Map<Caller, Record<string, string>>();

async function newIncident(): Promise<string> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: incidentBody(),
  });
  return created.json<{ id: string }>().id;
}

async function newAppeal(): Promise<string> {
  const incidentId = await newIncident();
  const opened = await t.app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incidentId}/appeal`,
    headers: bearer(t.dispatcherKey),
    payload: { text: 'Who saw it?', until: new Date(Date.now() + 3_600_000).toISOString() },
  });
  return opened.json<PublicAppeal>().id;
}

const moderators = (allowed: number): Record<Caller, number> => ({
  anonymous: 401,
  resident: 403,
  'moderator without second factor': 403,
  moderator: allowed,
  dispatcher: 403,
  admin: allowed,
  'dispatcher key': 403,
  'moderator key': allowed,
});

const dispatchers = (allowed: number): Record<Caller, number> => ({
  anonymous: 401,
  resident: 403,
  'moderator without second factor': 403,
  moderator: 403,
  dispatcher: allowed,
  admin: 403,
  'dispatcher key': allowed,
  'moderator key': 403,
});

const ROUTES: Route[] = [
  {
    name: 'GET /api/v1/moderation/queue',
    request: () => Promise.resolve({ method: 'GET', url: '/api/v1/moderation/queue' }),
    expected: moderators(200),
  },
  {
    name: 'POST /api/v1/moderation/observation/:id',
    request: async () => ({
      method: 'POST',
      url: `/api/v1/moderation/observation/${await insertObservation(t.db.pool)}`,
      payload: { decision: 'approve', reason: 'fits_guidelines' },
    }),
    expected: moderators(200),
  },
  {
    name: 'GET /api/v1/moderation/log',
    request: () => Promise.resolve({ method: 'GET', url: '/api/v1/moderation/log' }),
    expected: Object.fromEntries(CALLERS.map((caller) => [caller, 200])) as Record<Caller, number>,
  },
  {
    name: 'POST /api/v1/observations/:id/flags',
    request: async () => ({
      method: 'POST',
      url: `/api/v1/observations/${await insertObservation(t.db.pool, { moderation: 'approved' })}/flags`,
      payload: {},
    }),
    expected: {
      anonymous: 401,
      resident: 200,
      'moderator without second factor': 200,
      moderator: 200,
      dispatcher: 200,
      admin: 200,
      'dispatcher key': 403,
      'moderator key': 403,
    },
  },
  {
    name: 'POST /api/v1/incidents/:id/appeal',
    request: async () => ({
      method: 'POST',
      url: `/api/v1/incidents/${await newIncident()}/appeal`,
      payload: { text: 'Who saw it?', until: new Date(Date.now() + 3_600_000).toISOString() },
    }),
    expected: dispatchers(201),
  },
  {
    name: 'POST /api/v1/appeals/:id/close',
    request: async () => ({
      method: 'POST',
      url: `/api/v1/appeals/${await newAppeal()}/close`,
      payload: {},
    }),
    expected: dispatchers(200),
  },
  {
    name: 'GET /api/v1/appeals/:id/tips',
    request: async () => ({ method: 'GET', url: `/api/v1/appeals/${await newAppeal()}/tips` }),
    expected: dispatchers(200),
  },
];

beforeAll(async () => {
  t = await startTestApp();
  headers.set('anonymous', {});
  headers.set('dispatcher key', bearer(t.dispatcherKey));
  headers.set('moderator key', bearer(t.moderatorKey));
  const resident = await createUser(t.db.pool, { role: 'resident' });
  headers.set('resident', (await signIn(t.app, resident)).headers);
  const half = await createUser(t.db.pool, { role: 'moderator', totp: true });
  headers.set(
    'moderator without second factor',
    (await signIn(t.app, half, { secondFactor: false })).headers,
  );
  for (const role of ['moderator', 'dispatcher', 'admin'] as const) {
    const person = await createUser(t.db.pool, { role, totp: true });
    headers.set(role, (await signIn(t.app, person)).headers);
  }
});

afterAll(async () => {
  await t.close();
});

describe('who may moderate, appeal and read tips', () => {
  for (const route of ROUTES) {
    it(route.name, async () => {
      const answers: Record<string, number> = {};
      for (const caller of CALLERS) {
        const { method, url, payload } = await route.request();
        const response = await t.app.inject({
          method,
          url,
          headers: headers.get(caller) ?? {},
          ...(payload === undefined ? {} : { payload: payload as object }),
        });
        answers[caller] = response.statusCode;
      }
      expect(answers).toEqual(route.expected);
    });
  }
});

it('documents each of these routes in the OpenAPI document', async () => {
  const docs = await t.app.inject({ url: '/docs/json' });
  const paths = Object.keys(docs.json<{ paths: Record<string, unknown> }>().paths);
  expect(paths).toEqual(
    expect.arrayContaining([
      '/api/v1/moderation/queue',
      '/api/v1/moderation/{kind}/{id}',
      '/api/v1/moderation/alerts/{id}/resolve',
      '/api/v1/moderation/log',
      '/api/v1/observations/{id}/flags',
      '/api/v1/incidents/{id}/appeal',
      '/api/v1/appeals',
      '/api/v1/appeals/{id}',
      '/api/v1/appeals/{id}/close',
      '/api/v1/appeals/{id}/tips',
    ]),
  );
});
