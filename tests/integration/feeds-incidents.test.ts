import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicLocation } from '../../server/privacy/geomask.js';
import { addSquareDistrict } from '../support/accountability-fixtures.js';
import { incidentAt } from '../support/incident-factory.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

/** Exact places whose numbers no feed may carry (each differs from its public cell's centre). */
const SHOPLIFTING = { lon: -87.623417, lat: 41.881093 };
const BURGLARY = { lon: -87.634561, lat: 41.889217 };
const HIDDEN = { lon: -87.628813, lat: 41.884459 };
const FAR = { lon: -87.701129, lat: 41.951357 };
const PRIVATE_SUMMARY = 'Caller at 312-555-0147 says the till was emptied';
const UNIT = 'Car 12-Adam';
const CENTRAL = '-87.66,41.86,-87.6,41.9';

let t: TestApp;
const ids: Record<string, string> = {};

async function create(name: string, place: { lon: number; lat: number }, body: object) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: incidentAt(place, body),
  });
  expect(response.statusCode, response.body).toBe(201);
  ids[name] = response.json<{ id: string }>().id;
}

async function feed(query = '') {
  const response = await t.app.inject({ url: `/feeds/incidents.atom${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return { response, parsed: parseFeed(response.body) };
}

beforeAll(async () => {
  t = await startTestApp();
  await addSquareDistrict(t.db.pool, 'Loop', -87.64, 41.875, 0.03);
  await create('shoplifting', SHOPLIFTING, { category: 'shoplifting', summary: PRIVATE_SUMMARY });
  await create('burglary', BURGLARY, { category: 'burglary', summary: 'Back door forced' });
  await create('hidden', HIDDEN, { category: 'domestic-abuse', summary: 'Hidden report text' });
  await create('far', FAR, { category: 'theft', summary: 'Bike taken far away' });
  const patched = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/incidents/${ids.shoplifting}`,
    headers: bearer(t.dispatcherKey),
    payload: { status: 'resolved' },
  });
  expect(patched.statusCode, patched.body).toBe(200);
  const step = await t.app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${ids.burglary}/responses`,
    headers: bearer(t.dispatcherKey),
    payload: { step: 'dispatched', unit: UNIT },
  });
  expect(step.statusCode, step.body).toBe(201);
});

afterAll(async () => {
  await t.close();
});

describe('GET /feeds/incidents.atom', () => {
  it('is a valid Atom feed with id, self link, updated, and entries newest first', async () => {
    const { response, parsed } = await feed();
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(parsed.meta.type).toBe('atom');
    expect(response.body).toMatch(/<id>tag:localhost,2026:openbeat\/feeds\/incidents\.atom<\/id>/);
    expect(parsed.self).toMatch(/^http:\/\/localhost(:80)?\/feeds\/incidents\.atom$/);
    expect(parsed.title).toMatch(/new incidents and status changes/);
    // RFC 4287 §4.1.1: a feed without authors on every entry needs its own.
    expect(parsed.authors.map((author) => author.name)).toEqual(['Openbeat contributors']);
    expect(parsed.updated).toBeInstanceOf(Date);
    const items = parsed.items;
    // Newest first: the burglary's dispatch (a status change), the far theft, the resolved
    // shoplifting... the hidden category's incident is not there.
    expect(items.map((item) => item.title)).toEqual([
      'Burglary – status: Police responding',
      'Shoplifting – status: Resolved',
      'New incident: Theft (Open)',
      'New incident: Burglary (Open)',
      'New incident: Shoplifting (Open)',
    ]);
    for (const item of items) {
      expect(item.id).toMatch(/^tag:localhost,2026:openbeat\/event\/\d+$/);
      expect(item.updated).toBeInstanceOf(Date);
      expect(item.url).toMatch(/^http:\/\/localhost(:80)?\/\?incident=[0-9a-f-]{36}$/);
      expect(item.content).toContain('Approximate place');
    }
    expect(parsed.updated?.toISOString()).toBe(items[0]?.updated?.toISOString());
    expect(items[1]?.url).toContain(ids.shoplifting);
  });

  it('each entry keeps its id whatever the query around it', async () => {
    const all = (await feed()).parsed.items.map((item) => item.id);
    const shoplifting = (await feed('?categories=shoplifting')).parsed.items.map((item) => item.id);
    expect(shoplifting).toHaveLength(2);
    expect(all).toHaveLength(5);
    for (const id of shoplifting) expect(all).toContain(id);
  });

  it('never carries the hidden category, an exact point, the private summary or a unit', async () => {
    for (const query of ['', '?lang=de', `?bbox=${CENTRAL}`, '?district=Loop']) {
      const { response } = await feed(query);
      const raw = response.body;
      expect(raw).not.toMatch(/domestic|Häusliche|Hidden report/i);
      expect(raw).not.toContain(ids.hidden);
      for (const place of [SHOPLIFTING, BURGLARY, HIDDEN, FAR]) {
        for (const value of [place.lon, place.lat]) {
          expect(raw).not.toContain(String(value));
          expect(raw).not.toContain(value.toFixed(5));
        }
      }
      expect(raw).not.toContain('555-0147');
      expect(raw).not.toContain(UNIT);
    }
    // The public point is there, to the cell.
    const cell = publicLocation(SHOPLIFTING, 'point');
    const { response } = await feed('?categories=shoplifting');
    expect(response.body).toContain(`${cell?.lat.toFixed(5)}, ${cell?.lon.toFixed(5)}`);
  });

  it('filters by bbox, district and categories', async () => {
    const inBox = (await feed(`?bbox=${CENTRAL}`)).parsed.items;
    expect(inBox.every((item) => !item.url?.includes(ids.far ?? 'x'))).toBe(true);
    expect(inBox).toHaveLength(4);
    const district = (await feed('?district=Loop')).parsed.items;
    expect(district.some((item) => item.url?.includes(ids.far ?? 'x'))).toBe(false);
    const burglary = (await feed('?categories=burglary,theft')).parsed.items;
    expect(burglary.map((item) => item.title)).toEqual([
      'Burglary – status: Police responding',
      'New incident: Theft (Open)',
      'New incident: Burglary (Open)',
    ]);
    const hidden = (await feed('?categories=domestic-abuse')).parsed.items;
    expect(hidden).toEqual([]);
  });

  it('speaks German with lang=de', async () => {
    const { parsed } = await feed('?lang=de&categories=shoplifting');
    expect(parsed.language).toBe('de');
    expect(parsed.items.map((item) => item.title)).toEqual([
      'Ladendiebstahl – Status: Erledigt',
      'Neuer Vorfall: Ladendiebstahl (Offen)',
    ]);
  });

  it('has an ETag and Cache-Control, and answers 304 to a matching If-None-Match', async () => {
    const { response } = await feed('?categories=burglary');
    const etag = response.headers.etag;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const again = await t.app.inject({
      url: '/feeds/incidents.atom?categories=burglary',
      headers: { 'if-none-match': String(etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('refuses bad parameters with 400 in the API error shape', async () => {
    for (const query of [
      '?bbox=1,2,3',
      '?bbox=-87.6,41.9,-87.7,41.8',
      `?bbox=${CENTRAL}&district=Loop`,
      '?district=Atlantis',
      '?categories=theft,unicorns',
      '?lang=fr',
      '?since=yesterday',
    ]) {
      const response = await t.app.inject({ url: `/feeds/incidents.atom${query}` });
      expect(response.statusCode, query).toBe(400);
      const body = response.json<Record<string, unknown>>();
      expect(body.error, query).toBe('invalid_request');
      expect(typeof body.message, query).toBe('string');
      expect(Object.keys(body).every((key) => ['error', 'message', 'details'].includes(key))).toBe(
        true,
      );
    }
  });
});
