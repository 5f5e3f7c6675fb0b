import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXml, postRequest } from '../support/open311-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const API_KEY = 'civic-app-key-0123456789';
const POINT = { lat: '41.8781', long: '-87.6298' };

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ observations: { perHour: 1000 }, open311: { apiKeys: [API_KEY] } });
});

afterAll(async () => {
  await t.close();
});

type Errors = { code: number; description: string }[];

/** The spec's error list: an array of { code, description }, each description a sentence. */
function expectErrors(body: unknown, codes: number[], ...patterns: RegExp[]): void {
  const errors = body as Errors;
  expect(Array.isArray(errors)).toBe(true);
  expect(errors.map((error) => error.code)).toEqual(codes);
  for (const error of errors) expect(Object.keys(error).sort()).toEqual(['code', 'description']);
  patterns.forEach((pattern, index) => {
    expect(errors[index]?.description).toMatch(pattern);
  });
}

describe('POST requests: the api_key', () => {
  it('403 without one or with a wrong one; a configured key is let through', async () => {
    const missing = await postRequest(t.app, { service_code: 'graffiti', ...POINT });
    expect(missing.statusCode).toBe(403);
    expectErrors(missing.json(), [403], /api_key is missing/);
    const wrong = await postRequest(t.app, {
      api_key: 'not-the-key',
      service_code: 'graffiti',
      ...POINT,
    });
    expect(wrong.statusCode).toBe(403);
    expectErrors(wrong.json(), [403], /api_key is not valid/);
    const right = await postRequest(t.app, {
      api_key: API_KEY,
      service_code: 'graffiti',
      ...POINT,
    });
    expect(right.statusCode, right.body).toBe(200);
  });

  it('a staff API key is no Open311 api_key', async () => {
    const staff = await postRequest(t.app, {
      api_key: t.dispatcherKey,
      service_code: 'graffiti',
      ...POINT,
    });
    expect(staff.statusCode).toBe(403);
  });
});

describe('POST requests: bad forms get the spec’s error list', () => {
  const post = (fields: Record<string, string>, format = 'json') =>
    postRequest(t.app, { api_key: API_KEY, ...fields }, { format });

  it('several problems at once: one error each', async () => {
    const response = await post({ description: 'x' });
    expect(response.statusCode).toBe(400);
    expectErrors(response.json(), [400, 400], /service_code is required/, /location is required/);
  });

  it('an unknown service_code is 404 (the spec: not found)', async () => {
    const response = await post({ service_code: 'pothole', ...POINT });
    expect(response.statusCode).toBe(404);
    expectErrors(response.json(), [404], /service_code pothole was not found/);
  });

  it('address_string alone, lat without long, lat out of range, lat not a number', async () => {
    const address = await post({ service_code: 'graffiti', address_string: '1 Main St' });
    expect(address.statusCode).toBe(400);
    expectErrors(address.json(), [400], /lat and long are required.*address_string/);
    const half = await post({ service_code: 'graffiti', lat: '41.8' });
    expectErrors(half.json(), [400], /lat and long must be sent together/);
    const far = await post({ service_code: 'graffiti', lat: '91', long: '-87.6' });
    expectErrors(far.json(), [400], /lat must be a WGS84 latitude/);
    const text = await post({ service_code: 'graffiti', lat: 'north', long: 'west' });
    expectErrors(text.json(), [400, 400], /lat/, /long/);
  });

  it('an unknown field, a description too long, JSON instead of a form', async () => {
    const unknown = await post({ service_code: 'graffiti', ...POINT, colour: 'red' });
    expect(unknown.statusCode).toBe(400);
    expectErrors(unknown.json(), [400], /colour is not an argument/);
    const long = await post({ service_code: 'graffiti', ...POINT, description: 'a'.repeat(501) });
    expectErrors(long.json(), [400], /at most 500 characters/);
    const json = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: { api_key: API_KEY, service_code: 'graffiti', ...POINT },
    });
    expect(json.statusCode).toBe(400);
    expectErrors(json.json(), [415], /x-www-form-urlencoded/);
  });

  it('answers errors in XML for a .xml request', async () => {
    const response = await post({ service_code: 'pothole', ...POINT }, 'xml');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(response.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const parsed = parseXml(response.body) as { errors: { error: { code: string }[] } };
    expect(parsed.errors.error).toEqual([
      { code: '404', description: 'service_code pothole was not found' },
    ]);
  });
});

describe('GET: bad arguments', () => {
  const get = async (url: string) => t.app.inject({ url });

  it('a format other than json or xml does not exist (404)', async () => {
    for (const url of [
      '/open311/v2/services.txt',
      '/open311/v2/requests.html',
      '/open311/v2/requests/abc',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expectErrors(response.json(), [404]);
    }
  });

  it('bad dates, a span over 90 days, a bad status, an unknown service_code, a bad id', async () => {
    const date = await get('/open311/v2/requests.json?start_date=yesterday');
    expect(date.statusCode).toBe(400);
    expectErrors(date.json(), [400], /start_date must be a W3C date-time/);
    const noZone = await get('/open311/v2/requests.json?end_date=2026-01-01T00:00:00');
    expectErrors(noZone.json(), [400], /end_date/);
    const span = await get(
      '/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z',
    );
    expectErrors(span.json(), [400], /may not span more than 90 days/);
    const reversed = await get(
      '/open311/v2/requests.json?start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z',
    );
    expectErrors(reversed.json(), [400], /must not be after/);
    const many = await get('/open311/v2/requests.json?status=pending&service_code=pothole');
    expectErrors(many.json(), [400, 400], /service_code pothole/, /status must be open or closed/);
    const id = await get('/open311/v2/requests.json?service_request_id=42');
    expectErrors(id.json(), [400], /42 is not a request id/);
    const unknownArg = await get('/open311/v2/requests.json?page=2');
    expectErrors(unknownArg.json(), [400], /page is not an argument/);
    const lang = await get('/open311/v2/services.json?lang=fr');
    expectErrors(lang.json(), [400], /lang must be en or de/);
  });

  it('a request or token that is not public is 404, in the format asked', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const one = await get(`/open311/v2/requests/${id}.xml`);
    expect(one.statusCode).toBe(404);
    const parsed = parseXml(one.body) as { errors: { error: { code: string }[] } };
    expect(parsed.errors.error[0]?.code).toBe('404');
    const token = await get(`/open311/v2/tokens/${id}.json`);
    expect(token.statusCode).toBe(404);
    expectErrors(token.json(), [404], /waits for a moderator/);
  });

  it('another method or path under /open311/v2 answers the spec’s 404', async () => {
    const response = await t.app.inject({ method: 'DELETE', url: '/open311/v2/requests.json' });
    expect(response.statusCode).toBe(404);
    expectErrors(response.json(), [404]);
  });
});
