import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';
import { incidentBody } from '../support/incident-factory.js';

let t: TestApp;
let existingId: string;
beforeAll(async () => {
  t = await startTestApp();
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: { ...bearer(t.dispatcherKey), 'idempotency-key': 'used-once' },
    payload: incidentBody({ summary: 'the first body for this key' }),
  });
  existingId = created.json<{ id: string }>().id;
});
afterAll(async () => {
  await t.close();
});

async function rowCounts() {
  const result = await t.db.pool.query<{ incidents: number; events: number; keys: number }>(
    `SELECT (SELECT count(*) FROM incidents)::int AS incidents,
            (SELECT count(*) FROM events)::int AS events,
            (SELECT count(*) FROM idempotency_keys)::int AS keys`,
  );
  return result.rows[0];
}

interface Case {
  name: string;
  method?: 'POST' | 'PATCH' | 'GET';
  url?: string;
  /** A raw body, sent as is. */
  raw?: string;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  error: string;
  path?: string;
}

const valid = () => incidentBody();
const withLocation = (location: unknown) => ({ ...valid(), location });

const cases: Case[] = [
  {
    name: 'latitude above 90',
    body: withLocation({ lon: 0, lat: 90.5 }),
    status: 400,
    error: 'invalid_request',
    path: '/location/lat',
  },
  {
    name: 'latitude below -90',
    body: withLocation({ lon: 0, lat: -91 }),
    status: 400,
    error: 'invalid_request',
    path: '/location/lat',
  },
  {
    name: 'longitude above 180',
    body: withLocation({ lon: 180.01, lat: 0 }),
    status: 400,
    error: 'invalid_request',
    path: '/location/lon',
  },
  {
    name: 'longitude below -180',
    body: withLocation({ lon: -200, lat: 0 }),
    status: 400,
    error: 'invalid_request',
    path: '/location/lon',
  },
  {
    name: 'NaN as a bare token',
    raw: '{"category":"theft","priority":3,"summary":"x","location":{"lon":NaN,"lat":1}}',
    status: 400,
    error: 'invalid_json',
  },
  {
    name: 'Infinity as a bare token',
    raw: '{"category":"theft","priority":3,"summary":"x","location":{"lon":Infinity,"lat":1}}',
    status: 400,
    error: 'invalid_json',
  },
  {
    name: 'a number too large for a double',
    raw: '{"category":"theft","priority":3,"summary":"x","location":{"lon":1e999,"lat":1}}',
    status: 400,
    error: 'invalid_request',
    path: '/location/lon',
  },
  {
    name: 'a string for a number',
    body: withLocation({ lon: '12.5', lat: 1 }),
    status: 400,
    error: 'invalid_request',
    path: '/location/lon',
  },
  {
    name: 'a string for the priority',
    body: { ...valid(), priority: '3' },
    status: 400,
    error: 'invalid_request',
    path: '/priority',
  },
  {
    name: 'a fractional priority',
    body: { ...valid(), priority: 2.5 },
    status: 400,
    error: 'invalid_request',
    path: '/priority',
  },
  {
    name: 'priority out of range',
    body: { ...valid(), priority: 6 },
    status: 400,
    error: 'invalid_request',
    path: '/priority',
  },
  {
    name: 'missing location',
    body: { category: 'theft', priority: 3, summary: 'x' },
    status: 400,
    error: 'invalid_request',
    path: '/location',
  },
  {
    name: 'missing category',
    body: { priority: 3, summary: 'x', location: { lon: 1, lat: 1 } },
    status: 400,
    error: 'invalid_request',
    path: '/category',
  },
  {
    name: 'missing latitude',
    body: withLocation({ lon: 1 }),
    status: 400,
    error: 'invalid_request',
    path: '/location/lat',
  },
  {
    name: 'unknown category',
    body: { ...valid(), category: 'jaywalking' },
    status: 400,
    error: 'invalid_request',
    path: '/category',
  },
  {
    name: 'extra property',
    body: { ...valid(), suspectName: 'John Smith' },
    status: 400,
    error: 'invalid_request',
    path: '/suspectName',
  },
  {
    name: 'extra property in location',
    body: withLocation({ lon: 1, lat: 1, alt: 3 }),
    status: 400,
    error: 'invalid_request',
    path: '/location/alt',
  },
  { name: 'an array for the body', body: [valid()], status: 400, error: 'invalid_request' },
  {
    name: 'an empty summary',
    body: { ...valid(), summary: '' },
    status: 400,
    error: 'invalid_request',
    path: '/summary',
  },
  {
    name: 'a NUL byte in text',
    body: { ...valid(), summary: 'before\u0000after' },
    status: 400,
    error: 'invalid_request',
    path: '/summary',
  },
  {
    name: 'a lone high surrogate in text',
    raw: JSON.stringify({ ...valid(), summary: 'x' }).replace(
      '"summary":"x"',
      '"summary":"\\ud800 alone"',
    ),
    status: 400,
    error: 'invalid_request',
    path: '/summary',
  },
  {
    name: 'a lone low surrogate in externalRef',
    raw: JSON.stringify({ ...valid(), externalRef: 'x' }).replace(
      '"externalRef":"x"',
      '"externalRef":"\\udc00"',
    ),
    status: 400,
    error: 'invalid_request',
    path: '/externalRef',
  },
  {
    name: 'a time without a zone',
    body: { ...valid(), occurredAt: '2026-11-24T18:00:00' },
    status: 400,
    error: 'invalid_request',
    path: '/occurredAt',
  },
  {
    name: 'an impossible date',
    body: { ...valid(), occurredAt: '2026-02-30T18:00:00Z' },
    status: 400,
    error: 'invalid_request',
    path: '/occurredAt',
  },
  {
    name: 'a report from the future',
    body: { ...valid(), reportedAt: '2999-01-01T00:00:00Z' },
    status: 400,
    error: 'invalid_request',
  },
  { name: 'invalid JSON', raw: '{"category": "theft", ', status: 400, error: 'invalid_json' },
  { name: 'an empty JSON body', raw: '', status: 400, error: 'invalid_json' },
  {
    name: 'a body over 64 KB',
    body: { ...valid(), summary: 'x'.repeat(70 * 1024) },
    status: 413,
    error: 'body_too_large',
  },
  {
    name: 'a text/plain body',
    raw: JSON.stringify(valid()),
    headers: { 'content-type': 'text/plain' },
    status: 415,
    error: 'unsupported_media_type',
  },
  {
    name: 'a form body',
    raw: 'category=theft',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    error: 'unsupported_media_type',
  },
  {
    name: 'a malformed Idempotency-Key',
    body: valid(),
    headers: { 'idempotency-key': 'has spaces in it' },
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'an idempotency key reused with another body',
    body: incidentBody({ summary: 'a different body' }),
    headers: { 'idempotency-key': 'used-once' },
    status: 422,
    error: 'idempotency_key_reused',
  },
  {
    name: 'PATCH with a malformed id',
    method: 'PATCH',
    url: '/api/v1/incidents/not-a-uuid',
    body: { status: 'resolved' },
    status: 400,
    error: 'invalid_request',
    path: 'params /id',
  },
  {
    name: 'PATCH with an empty body',
    method: 'PATCH',
    url: '/api/v1/incidents/:existing',
    body: {},
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'PATCH with an unknown status',
    method: 'PATCH',
    url: '/api/v1/incidents/:existing',
    body: { status: 'vanished' },
    status: 400,
    error: 'invalid_request',
    path: '/status',
  },
  {
    name: 'PATCH of the location',
    method: 'PATCH',
    url: '/api/v1/incidents/:existing',
    body: { location: { lon: 1, lat: 1 } },
    status: 400,
    error: 'invalid_request',
    path: '/location',
  },
  {
    name: 'GET with a malformed id',
    method: 'GET',
    url: '/api/v1/incidents/1%27%20OR%201=1',
    status: 400,
    error: 'invalid_request',
    path: 'params /id',
  },
  {
    name: 'GET with bbox min > max',
    method: 'GET',
    url: '/api/v1/incidents?bbox=10,10,5,20',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'GET with a bbox of three parts',
    method: 'GET',
    url: '/api/v1/incidents?bbox=1,2,3',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'GET with a bbox of five parts',
    method: 'GET',
    url: '/api/v1/incidents?bbox=1,2,3,4,5',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'GET with a bbox holding NaN',
    method: 'GET',
    url: '/api/v1/incidents?bbox=NaN,1,2,3',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'GET with a bbox holding Infinity',
    method: 'GET',
    url: '/api/v1/incidents?bbox=-Infinity,1,2,3',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'GET with a bbox out of range',
    method: 'GET',
    url: '/api/v1/incidents?bbox=-190,1,2,3',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'GET with a limit of zero',
    method: 'GET',
    url: '/api/v1/incidents?limit=0',
    status: 400,
    error: 'invalid_request',
    path: 'querystring /limit',
  },
  {
    name: 'GET with a text limit',
    method: 'GET',
    url: '/api/v1/incidents?limit=ten',
    status: 400,
    error: 'invalid_request',
    path: 'querystring /limit',
  },
  {
    name: 'GET with an unknown filter',
    method: 'GET',
    url: '/api/v1/incidents?colour=red',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'GET with an unknown category filter',
    method: 'GET',
    url: '/api/v1/incidents?category=jaywalking',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'GET with a forged cursor',
    method: 'GET',
    url: '/api/v1/incidents?cursor=bm90LWpzb24',
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'GET with from after to',
    method: 'GET',
    url: '/api/v1/incidents?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    status: 400,
    error: 'invalid_request',
  },
];

describe('an answer to bad input stays small', () => {
  it('lists at most 20 details however many fields are wrong', async () => {
    const manyExtras = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`extra${i}`, i]));
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.dispatcherKey),
      payload: { ...incidentBody(), ...manyExtras },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ details: unknown[] }>();
    expect(body.details).toHaveLength(20);
    expect(response.body.length).toBeLessThan(4096);
  });
});

describe('bad input gets a clear error and writes nothing', () => {
  it.each(cases)('$name → $status $error', async (c) => {
    const before = await rowCounts();
    const headers: Record<string, string> = {
      ...bearer(t.dispatcherKey),
      ...(c.raw !== undefined || c.body !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
      ...c.headers,
    };
    const response = await t.app.inject({
      method: c.method ?? 'POST',
      url: (c.url ?? '/api/v1/incidents').replace(':existing', existingId),
      headers,
      payload: c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body)),
    });
    expect(response.statusCode).toBe(c.status);
    expect(response.headers['content-type']).toContain('application/json');
    const body = response.json<{ error: string; message: string; details?: { path: string }[] }>();
    expect(body.error).toBe(c.error);
    expect(typeof body.message).toBe('string');
    expect(body.message.length).toBeGreaterThan(5);
    expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
    if (c.path) expect(body.details?.map((d) => d.path)).toContain(c.path);
    expect(await rowCounts()).toEqual(before);
  });
});
