import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Open311Request, Open311Service } from '../../shared/schemas/open311.js';
import { publicLocation } from '../../server/privacy/geomask.js';
import { incidentAt } from '../support/incident-factory.js';
import { moderate, parseXml, postRequest } from '../support/open311-client.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

/** Exact places no Open311 answer may carry (the public point is their cell's). */
const EXACT = { lon: -87.641234, lat: 41.882345 };
const EXACT_NOISE = { lon: -87.657891, lat: 41.901357 };
const PERSONAL = {
  email: 'jane.reporter@example.org',
  first_name: 'Janina',
  last_name: 'Reportersen',
  phone: '+1 312 555 0199',
  device_id: 'device-abc-123456',
  account_id: 'acct-778899',
};
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ observations: { perHour: 1000 } });
});

afterAll(async () => {
  await t.close();
});

async function requestsJson(query = ''): Promise<Open311Request[]> {
  const response = await t.app.inject({ url: `/open311/v2/requests.json${query}` });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(response.headers['access-control-allow-origin']).toBe('*');
  return response.json<Open311Request[]>();
}

async function submit(fields: Record<string, string>) {
  const response = await postRequest(t.app, fields);
  expect(response.statusCode, response.body).toBe(200);
  const [created] = response.json<{ token: string; service_notice: string; account_id: null }[]>();
  if (!created) throw new Error('no answer');
  return created;
}

async function approve(id: string) {
  const decided = await moderate(t.app, t.moderatorKey, id, {
    decision: 'approve',
    reason: 'fits_guidelines',
  });
  expect(decided.statusCode, decided.body).toBe(200);
}

function expectNoPrivateField(text: string) {
  for (const value of [EXACT.lon, EXACT.lat, EXACT_NOISE.lon, EXACT_NOISE.lat]) {
    expect(text).not.toContain(String(value));
  }
  for (const value of Object.values(PERSONAL)) expect(text).not.toContain(value);
  expect(text).not.toMatch(/reporter|heldFor|held_for|moderation/i);
}

describe('GET services', () => {
  it('lists one service per observation kind, in JSON and XML with the same fields', async () => {
    const json = await t.app.inject({ url: '/open311/v2/services.json' });
    expect(json.statusCode).toBe(200);
    const services = json.json<Open311Service[]>();
    expect(services).toHaveLength(14);
    for (const service of services) {
      expect(Object.keys(service).sort()).toEqual(
        [
          'description',
          'group',
          'keywords',
          'metadata',
          'service_code',
          'service_name',
          'type',
        ].sort(),
      );
      expect(service.metadata).toBe(false);
      expect(service.type).toBe('batch');
    }
    expect(services.find((s) => s.service_code === 'graffiti')?.service_name).toBe('Graffiti');
    const xml = await t.app.inject({ url: '/open311/v2/services.xml' });
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(xml.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const parsed = parseXml(xml.body) as { services: { service: Record<string, string>[] } };
    expect(parsed.services.service.map((s) => s.service_code)).toEqual(
      services.map((s) => s.service_code),
    );
    expect(parsed.services.service[0]).toEqual(
      Object.fromEntries(Object.entries(services[0] ?? {}).map(([k, v]) => [k, String(v)])),
    );
    const german = await t.app.inject({ url: '/open311/v2/services.json?lang=de' });
    const names = german.json<Open311Service[]>().map((s) => s.service_name);
    expect(names).toContain('Defekte Straßenlaterne');
  });
});

describe('POST requests → moderation → GET requests', () => {
  let token: string;

  it('takes a form-encoded request that waits for moderation: not public before', async () => {
    const created = await submit({
      service_code: 'graffiti',
      lat: String(EXACT.lat),
      long: String(EXACT.lon),
      description: 'Fresh tags sprayed on the bus shelter',
      media_url: 'https://example.org/photo.jpg',
      'attribute[colour]': 'red',
      ...PERSONAL,
    });
    token = created.token;
    expect(created).toEqual({
      token: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
      service_notice: expect.stringContaining('moderator') as string,
      account_id: null,
    });
    expect((await requestsJson()).map((r) => r.service_request_id)).not.toContain(token);
    const one = await t.app.inject({ url: `/open311/v2/requests/${token}.json` });
    expect(one.statusCode).toBe(404);
    expect(one.json()).toEqual([{ code: 404, description: expect.any(String) as string }]);
    const tokenLookup = await t.app.inject({ url: `/open311/v2/tokens/${token}.json` });
    expect(tokenLookup.statusCode).toBe(404);
  });

  it('keeps no personal field: not in the report, not in the record', async () => {
    const row = await t.db.pool.query<{ row: string }>(
      'SELECT row_to_json(o)::text AS row FROM observations AS o WHERE id = $1',
      [token],
    );
    expect(row.rows[0]?.row).toContain('Fresh tags');
    const events = await t.db.pool.query<{ all: string }>(
      `SELECT string_agg(coalesce(public::text, '') || private::text, ' ') AS all FROM events`,
    );
    for (const text of [row.rows[0]?.row ?? '', events.rows[0]?.all ?? '']) {
      for (const value of [
        PERSONAL.email,
        PERSONAL.first_name,
        PERSONAL.last_name,
        PERSONAL.phone,
        PERSONAL.device_id,
        PERSONAL.account_id,
        'photo.jpg',
      ]) {
        expect(text).not.toContain(value);
      }
    }
  });

  it('once approved, appears in requests.json with the spec fields and types, at the public point', async () => {
    await approve(token);
    const [request] = (await requestsJson()).filter((r) => r.service_request_id === token);
    if (!request) throw new Error('the approved request is missing');
    const cell = publicLocation(EXACT, 'point');
    expect(request).toEqual({
      service_request_id: token,
      status: 'open',
      status_notes: expect.any(String) as string,
      service_name: 'Graffiti',
      service_code: 'graffiti',
      description: 'Fresh tags sprayed on the bus shelter',
      agency_responsible: expect.any(String) as string,
      service_notice: null,
      requested_datetime: expect.stringMatching(W3C) as string,
      updated_datetime: expect.stringMatching(W3C) as string,
      expected_datetime: null,
      address: request.address,
      address_id: null,
      zipcode: null,
      lat: cell?.lat,
      long: cell?.lon,
      media_url: null,
    });
    expect(new Date(request.requested_datetime).getTime() % (15 * 60_000)).toBe(0);
    expect([request.lat, request.long]).not.toEqual([EXACT.lat, EXACT.lon]);

    const one = await t.app.inject({ url: `/open311/v2/requests/${token}.json` });
    expect(one.json()).toEqual([request]);
    const tokenLookup = await t.app.inject({ url: `/open311/v2/tokens/${token}.json` });
    expect(tokenLookup.json()).toEqual([{ service_request_id: token, token }]);

    const xml = await t.app.inject({ url: `/open311/v2/requests/${token}.xml` });
    const parsed = parseXml(xml.body) as {
      service_requests: { request: Record<string, string>[] };
    };
    expect(parsed.service_requests.request).toEqual([
      Object.fromEntries(
        Object.entries(request).map(([key, value]) => [key, value === null ? '' : String(value)]),
      ),
    ]);
  });

  it('never carries an exact point, the reporter or a personal field, in any format', async () => {
    for (const url of [
      '/open311/v2/requests.json',
      '/open311/v2/requests.xml',
      `/open311/v2/requests/${token}.json`,
      `/open311/v2/requests/${token}.xml`,
    ]) {
      const response = await t.app.inject({ url });
      expect(response.statusCode).toBe(200);
      expectNoPrivateField(response.body);
    }
  });
});

describe('the guardrails', () => {
  it('holds a description with a phone number; the moderator’s redaction is what is published', async () => {
    const created = await submit({
      service_code: 'noise',
      lat: String(EXACT_NOISE.lat),
      long: String(EXACT_NOISE.lon),
      description: 'Loud party every night, call him on 312 555 0147 to complain',
    });
    expect(created.service_notice).toMatch(/name, contact or locate/);
    const held = await t.db.pool.query<{ moderation: string; held_for: string[] }>(
      'SELECT moderation, held_for FROM observations WHERE id = $1',
      [created.token],
    );
    expect(held.rows[0]).toEqual({ moderation: 'held', held_for: ['phone_number'] });
    expect((await requestsJson()).map((r) => r.service_request_id)).not.toContain(created.token);

    const redacted = await moderate(t.app, t.moderatorKey, created.token, {
      decision: 'redact',
      reason: 'personal_data',
      redactedText: 'Loud party every night, call him on […] to complain',
    });
    expect(redacted.statusCode, redacted.body).toBe(200);
    const listed = (await requestsJson()).find((r) => r.service_request_id === created.token);
    expect(listed?.description).toBe('Loud party every night, call him on […] to complain');
    const everything = await t.app.inject({ url: '/open311/v2/requests.xml' });
    expect(everything.body).not.toContain('555 0147');
    expectNoPrivateField(everything.body);
  });
});

describe('the filters', () => {
  let confirmed: string;

  beforeAll(async () => {
    const created = await submit({
      service_code: 'abandoned-vehicle',
      lat: '41.8601',
      long: '-87.6201',
      description: 'A burnt-out car without plates',
    });
    confirmed = created.token;
    await approve(confirmed);
    const incident = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.dispatcherKey),
      payload: incidentAt({ lon: -87.6201, lat: 41.8601 }),
    });
    expect(incident.statusCode, incident.body).toBe(201);
    const verified = await t.app.inject({
      method: 'POST',
      url: `/api/v1/observations/${confirmed}/verification`,
      headers: bearer(t.dispatcherKey),
      payload: { state: 'confirmed', incidentId: incident.json<{ id: string }>().id },
    });
    expect(verified.statusCode, verified.body).toBe(200);
  });

  it('status: a request confirmed by the police is closed, with its note', async () => {
    const closed = await requestsJson('?status=closed');
    expect(closed.map((r) => r.service_request_id)).toEqual([confirmed]);
    expect(closed[0]?.status_notes).toMatch(/Confirmed by the police/);
    const open = await requestsJson('?status=open');
    expect(open.map((r) => r.service_request_id)).not.toContain(confirmed);
    expect(open.every((r) => r.status === 'open')).toBe(true);
    expect((await requestsJson('?status=open,closed')).length).toBe(open.length + 1);
  });

  it('service_code (comma list), service_request_id (overrides the rest), dates', async () => {
    const graffiti = await requestsJson('?service_code=graffiti');
    expect(graffiti.length).toBeGreaterThan(0);
    expect(graffiti.every((r) => r.service_code === 'graffiti')).toBe(true);
    const two = await requestsJson('?service_code=graffiti,abandoned-vehicle');
    expect(new Set(two.map((r) => r.service_code))).toEqual(
      new Set(['graffiti', 'abandoned-vehicle']),
    );
    const byId = await requestsJson(
      `?service_request_id=${confirmed}&service_code=graffiti&status=open`,
    );
    expect(byId.map((r) => r.service_request_id)).toEqual([confirmed]);
    const past = await requestsJson(
      '?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z',
    );
    expect(past).toEqual([]);
    const now = Date.now();
    const window = `?start_date=${new Date(now - 86_400_000).toISOString()}&end_date=${new Date(now + 3_600_000).toISOString()}`;
    expect((await requestsJson(window)).length).toBe((await requestsJson()).length);
    const future = await requestsJson(`?start_date=${new Date(now + 3_600_000).toISOString()}`);
    expect(future).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('documents the Open311 routes and the feed', async () => {
    const response = await t.app.inject({ url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/open311/v2/services.{format}',
        '/open311/v2/requests.{format}',
        '/open311/v2/requests/{file}',
        '/open311/v2/tokens/{file}',
        '/feeds/incidents.atom',
      ]),
    );
  });
});
