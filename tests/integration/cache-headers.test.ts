import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';
import { incidentBody } from '../support/incident-factory.js';

/**
 * A shared cache (a CDN, a company proxy) must never keep a dispatcher's answer, which carries
 * exact locations, nor give one caller's view of a URL to another.
 */

let t: TestApp;
let incidentId: string;
beforeAll(async () => {
  t = await startTestApp();
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: incidentBody({ location: { lon: -87.6298, lat: 41.8781 } }),
  });
  expect(created.statusCode).toBe(201);
  incidentId = created.json<{ id: string }>().id;
});
afterAll(async () => {
  await t.close();
});

function varyFields(response: LightMyRequestResponse): string[] {
  const vary = response.headers.vary;
  return (vary ?? '').split(',').map((field) => field.trim().toLowerCase());
}

function expectNotStored(response: LightMyRequestResponse, what: string) {
  expect(response.headers['cache-control'], what).toBe('no-store');
  expect(varyFields(response), what).toContain('authorization');
}

describe('caching of answers that depend on the caller', () => {
  it('forbids storing every answer to a dispatcher, exact locations or not', async () => {
    const requests = [
      { method: 'GET' as const, url: '/api/v1/incidents' },
      { method: 'GET' as const, url: `/api/v1/incidents/${incidentId}` },
      { method: 'GET' as const, url: '/api/v1/export/incidents.csv' },
      { method: 'GET' as const, url: '/api/v1/export/incidents.geojson' },
      { method: 'GET' as const, url: '/tiles/incidents/14/4202/6091.mvt' },
      { method: 'GET' as const, url: '/api/v1/session' },
      { method: 'GET' as const, url: '/api/v1/incidents?from=0000-01-01T00:00:00Z' },
      {
        method: 'PATCH' as const,
        url: `/api/v1/incidents/${incidentId}`,
        payload: { status: 'closed' },
      },
      { method: 'POST' as const, url: '/api/v1/incidents', payload: incidentBody() },
    ];
    for (const request of requests) {
      const response = await t.app.inject({ ...request, headers: bearer(t.dispatcherKey) });
      expect(response.statusCode, request.url).toBeLessThan(500);
      expectNotStored(response, `${request.method} ${request.url}`);
    }
    const exact = await t.app.inject({
      url: `/api/v1/incidents/${incidentId}`,
      headers: bearer(t.dispatcherKey),
    });
    expect(exact.json<{ geometry: { coordinates: number[] } }>().geometry.coordinates).toEqual([
      -87.6298, 41.8781,
    ]);
  });

  it('forbids storing the refusal of a wrong key too', async () => {
    const response = await t.app.inject({
      url: '/api/v1/incidents',
      headers: { authorization: 'Bearer not-a-key' },
    });
    expect(response.statusCode).toBe(401);
    expectNotStored(response, 'a wrong key');
  });

  it('lets public answers be cached, but only for callers without credentials', async () => {
    for (const url of [
      '/api/v1/incidents',
      `/api/v1/incidents/${incidentId}`,
      '/api/v1/export/incidents.csv',
      '/tiles/incidents/14/4202/6091.mvt',
    ]) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBeLessThan(300);
      expect(response.headers['cache-control'], url).not.toBe('no-store');
      expect(varyFields(response), url).toContain('authorization');
    }
    const tile = await t.app.inject({ url: '/tiles/incidents/14/4202/6091.mvt' });
    expect(tile.headers['cache-control']).toBe('public, max-age=60');
  });
});
