import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategorySlug } from '../../shared/categories.js';
import type { IncidentSummary } from '../../shared/schemas/incident-summary.js';
import { cellBounds, cellOf } from '../../server/privacy/geomask.js';
import { parseCsv } from '../support/export-server.js';
import { incidentRecord, insertIncidentRecords, type Place } from '../support/incident-factory.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * GET /api/v1/incidents/summary on real PostgreSQL: the public counts of a view by category,
 * for a window and the one before it, the same rows the public export gives, never counting
 * by an exact location, and 400 for bad input.
 */

let t: TestApp;

const DAY = 86_400_000;
const TO = Date.parse('2026-11-20T00:00:00Z');
const FROM = TO - 7 * DAY;
const PREVIOUS_FROM = FROM - 7 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

/** A point well inside its 150 m public cell, in central Chicago. */
const INSIDE: Place = { lon: -87.6298, lat: 41.8781 };
const OUTSIDE: Place = { lon: -87.2, lat: 41.6 };
const VIEW = '-87.70,41.85,-87.55,41.92';

/** An exact point whose public (600 m, coarse) cell centre lies east of a line it lies west of. */
const coarseCell = cellBounds(cellOf(INSIDE, 'coarse'));
const coarseWest: Place = {
  lon: coarseCell.west + (coarseCell.east - coarseCell.west) * 0.05,
  lat: (coarseCell.south + coarseCell.north) / 2,
};
const coarseCentreLon = (coarseCell.west + coarseCell.east) / 2;
/** Holds the exact point of coarseWest but not its public point. */
const EXACT_ONLY_VIEW = [
  coarseCell.west - 0.01,
  coarseCell.south - 0.01,
  (coarseWest.lon + coarseCentreLon) / 2,
  coarseCell.north + 0.01,
].join(',');

const at = (ms: number, category: CategorySlug, location: Place = INSIDE) =>
  incidentRecord({ location, category, occurredAt: new Date(ms) });

const records = [
  // This window, in view: 3 thefts, 2 traffic, 1 burglary (coarse) = 6 public.
  at(FROM, 'theft'), // the window's first instant belongs to it
  at(FROM + DAY, 'theft'),
  at(TO - 1, 'theft'),
  at(FROM + 2 * DAY, 'traffic'),
  at(FROM + 3 * DAY, 'traffic'),
  at(FROM + 4 * DAY, 'burglary', coarseWest),
  // Not counted publicly: aggregate and hidden policies, as the export leaves them out.
  at(FROM + DAY, 'stalking-harassment'),
  at(FROM + DAY, 'domestic-abuse'),
  at(FROM + DAY, 'sexual-offences'),
  // Outside the view, or outside the window (the window's end is not in it).
  at(FROM + DAY, 'theft', OUTSIDE),
  at(TO, 'theft'),
  // The previous window: 1 theft, 1 robbery.
  at(PREVIOUS_FROM, 'theft'),
  at(FROM - 1, 'robbery'),
  at(PREVIOUS_FROM - 1, 'robbery'), // before it
];

beforeAll(async () => {
  t = await startTestApp();
  await insertIncidentRecords(t.db.pool, records);
});

afterAll(async () => {
  await t.close();
});

async function summary(query: string, headers: Record<string, string> = {}) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/incidents/summary?${query}`,
    headers,
  });
  return { response, body: response.json<IncidentSummary>() };
}

const windowQuery = (fromMs: number, toMs: number, bbox = VIEW) =>
  `bbox=${bbox}&from=${iso(fromMs)}&to=${iso(toMs)}`;

describe('GET /api/v1/incidents/summary', () => {
  it('counts the public incidents of the view and window by category, the most first', async () => {
    const { response, body } = await summary(windowQuery(FROM, TO));
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({
      total: 6,
      byCategory: [
        { category: 'theft', count: 3 },
        { category: 'traffic', count: 2 },
        { category: 'burglary', count: 1 },
      ],
    });
  });

  it('counts the previous window of the same length, its boundaries half-open', async () => {
    const { body } = await summary(windowQuery(PREVIOUS_FROM, FROM));
    expect(body).toEqual({
      total: 2,
      byCategory: [
        { category: 'robbery', count: 1 },
        { category: 'theft', count: 1 },
      ],
    });
  });

  it('filters by category, and a hidden category counts nothing, as the export lists nothing', async () => {
    const traffic = await summary(`${windowQuery(FROM, TO)}&category=traffic&category=burglary`);
    expect(traffic.body).toEqual({
      total: 3,
      byCategory: [
        { category: 'traffic', count: 2 },
        { category: 'burglary', count: 1 },
      ],
    });
    for (const hidden of ['domestic-abuse', 'sexual-offences', 'stalking-harassment']) {
      const { response, body } = await summary(`${windowQuery(FROM, TO)}&category=${hidden}`);
      expect(response.statusCode).toBe(200);
      expect(body).toEqual({ total: 0, byCategory: [] });
    }
  });

  it('gives the same total as the public CSV export of the same view and window', async () => {
    for (const query of [windowQuery(FROM, TO), windowQuery(PREVIOUS_FROM, FROM)]) {
      const csv = await t.app.inject({
        method: 'GET',
        url: `/api/v1/export/incidents.csv?${query}`,
      });
      expect(csv.statusCode).toBe(200);
      const rows = parseCsv(csv.body);
      const { body } = await summary(query);
      expect(body.total).toBe(rows.length);
      const byCategory = new Map<string, number>();
      for (const { category = '' } of rows)
        byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
      expect(Object.fromEntries(byCategory)).toEqual(
        Object.fromEntries(body.byCategory.map((c) => [c.category, c.count])),
      );
    }
  });

  it('places an incident by its public point only, for the public and a dispatcher alike', async () => {
    // The burglary's exact point is in this view; its public point (the cell's centre) is not.
    expect(coarseWest.lon).toBeLessThan(coarseCentreLon);
    const query = `${windowQuery(FROM, TO, EXACT_ONLY_VIEW)}&category=burglary`;
    for (const headers of [{}, bearer(t.dispatcherKey)]) {
      const { body } = await summary(query, headers);
      expect(body).toEqual({ total: 0, byCategory: [] });
    }
    const publicView = [coarseCell.west, coarseCell.south, coarseCell.east, coarseCell.north];
    const { body } = await summary(
      `${windowQuery(FROM, TO, publicView.join(','))}&category=burglary`,
    );
    expect(body.total).toBe(1);
    // Counts only: nothing of a place or a text travels.
    expect(JSON.stringify(body)).not.toMatch(/lon|lat|coordinates|summary/);
  });

  it('is cached like other public reads, and never for a caller with credentials', async () => {
    const anonymous = await summary(windowQuery(FROM, TO));
    expect(anonymous.response.headers['cache-control']).toBe('public, max-age=60');
    const signedIn = await summary(windowQuery(FROM, TO), bearer(t.dispatcherKey));
    expect(signedIn.response.statusCode).toBe(200);
    expect(signedIn.response.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['bbox=1,2,3', 'bbox needs 4'],
    ['bbox=10,0,5,1', 'minimums'],
    ['bbox=0,0,200,1', 'within longitude'],
    [`from=${iso(TO)}&to=${iso(FROM)}`, 'from must be earlier than to'],
    ['from=yesterday', 'from'],
    ['category=not-a-category', 'category'],
    ['limit=10', 'limit'],
    ['cursor=abc', 'cursor'],
  ])('answers 400 in the error shape for %s', async (query, fragment) => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/incidents/summary?${query}`,
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: string; message: string; details?: unknown[] }>();
    expect(typeof body.error).toBe('string');
    expect(JSON.stringify(body)).toContain(fragment);
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts/);
  });

  it('is in the OpenAPI document', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
    const document = response.json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(document.paths)).toContain('/api/v1/incidents/summary');
  });
});
