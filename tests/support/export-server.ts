import http from 'node:http';
import { parse } from 'csv-parse/sync';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { CATEGORIES } from '../../shared/categories.js';
import type { IncidentRecord } from '../../server/incidents/incident-table.js';
import { bearer, listen, startTestApp, type TestApp } from './test-app.js';
import { incidentBody, incidentRecord, insertIncidentRecords } from './incident-factory.js';

/**
 * What the export tests share: an app with six incidents at exact places (public, coarse,
 * aggregate and hidden categories, formula-like and phone-bearing summaries), optionally
 * thousands of bulk rows away from them, and readers for what the export answers.
 */

export interface ExportFeature {
  type: string;
  id: string;
  geometry: { type: string; coordinates: [number, number] };
  properties: Record<string, unknown>;
}

export interface ExportCollection {
  type: string;
  license: string;
  licenseUrl: string;
  attribution: string;
  generalisation: { method: string; gridMetres: { point: number; coarse: number } };
  exportedAt: string;
  features: ExportFeature[];
}

type CsvRow = Record<string, string>;

export const PUBLIC_POINT_CATEGORIES: string[] = CATEGORIES.filter(
  (c) => c.policy === 'point' || c.policy === 'coarse',
).map((c) => c.slug);

export const CSV_COLUMNS = [
  'id',
  'category',
  'status',
  'priority',
  'occurred_at',
  'reported_at',
  'updated_at',
  'longitude',
  'latitude',
  'precision_m',
  'district',
  'place',
  'summary',
  'source',
];

// Exact places with seven decimals, so a public (grid-centre) coordinate cannot share them.
const PLACES = {
  phoneTheft: { lon: -87.6298137, lat: 41.8781129 },
  burglary: { lon: -87.6412347, lat: 41.8845613 },
  robberyFarNorth: { lon: -87.7012391, lat: 41.9545677 },
  sexualOffence: { lon: -87.6301273, lat: 41.8792351 },
  childOffence: { lon: -87.6323419, lat: 41.8765431 },
  mayTheft: { lon: -87.6287713, lat: 41.8798237 },
};
export const EXACT_STRINGS = Object.values(PLACES).flatMap(({ lon, lat }) => [
  String(lon),
  String(lat),
]);
export const PHONE = '07700 900123';
export const HYPERLINK = '=HYPERLINK("http://evil")';

/** A bbox around the central Chicago fixtures (not the far-north robbery). */
export const CENTRAL_BBOX = '-87.66,41.86,-87.60,41.90';
/** Where the bulk rows of the streaming tests lie (Vancouver), away from the fixtures. */
export const BULK_BBOX = '-123.3,49.1,-122.9,49.4';
export const BULK_ROWS = 20_000;
/** The district the central fixtures lie in (the far-north robbery lies outside it). */
export const CENTRAL_DISTRICT = 'Central Test District';

type Place = keyof typeof PLACES;

/** What each fixture incident is: its category, summary and time. */
const FIXTURES: Record<Place, Record<string, unknown>> = {
  phoneTheft: {
    category: 'theft',
    block: '1234 W Madison St',
    summary: `Phone snatched, call ${PHONE}`,
    occurredAt: '2025-06-01T10:00:00Z',
  },
  burglary: {
    category: 'burglary',
    block: '77 W Lake St',
    summary: HYPERLINK,
    occurredAt: '2025-06-02T10:00:00Z',
  },
  robberyFarNorth: { category: 'robbery', summary: '@SUM(1)', occurredAt: '2025-06-03T10:00:00Z' },
  sexualOffence: {
    category: 'sexual-offences',
    block: '2020 N Clark St',
    summary: 'Hidden category report',
    occurredAt: '2025-06-01T11:00:00Z',
  },
  childOffence: {
    category: 'offences-against-children',
    block: '345 S State St',
    summary: 'Aggregate category report',
    occurredAt: '2025-06-01T12:00:00Z',
  },
  mayTheft: {
    category: 'theft',
    summary: 'Wallet taken, said "sorry", left',
    occurredAt: '2025-05-01T10:00:00Z',
  },
};

/**
 * Rows straight into the table (no events: they were there before the test), in Vancouver, a
 * minute apart from 2020 on, each with a phone number in its summary.
 */
function* bulkRecords(count: number): Generator<IncidentRecord> {
  for (let n = 1; n <= count; n += 1) {
    yield incidentRecord({
      category: 'theft',
      priority: 1 + (n % 5),
      summary: `Bulk row, call ${PHONE}`,
      location: { lon: -123.2 + (n % 200) * 0.001, lat: 49.2 + Math.floor(n / 200) * 0.0005 },
      occurredAt: new Date(Date.UTC(2020, 0, 1) + n * 60_000),
      source: 'bulk-test',
      externalRef: `bulk-${n}`,
    });
  }
}

export interface ExportServer {
  t: TestApp;
  baseUrl: string;
  /** The fixture incidents' ids. */
  ids: Record<Place, string>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Checked-out clients of the test's pool: the app's pool is this one. */
  checkedOut(): number;
  /** GETs a path over real HTTP; `onChunk` may pause or destroy the response. */
  httpGet(
    path: string,
    onChunk: (chunk: Buffer, response: http.IncomingMessage) => void,
    base?: string,
  ): Promise<{ response: http.IncomingMessage; ended: Promise<void> }>;
}

/** The app on a real port with the fixture incidents and, when asked, the bulk rows. */
export async function startExportServer(options: { bulkRows: boolean }): Promise<ExportServer> {
  const t = await startTestApp();
  const baseUrl = await listen(t);
  const [west, south, east, north] = CENTRAL_BBOX.split(',').map(Number);
  await t.db.pool.query(
    `INSERT INTO districts (name, source, geometry)
     VALUES ($1, 'test', ST_Multi(ST_MakeEnvelope($2, $3, $4, $5, 4326)))`,
    [CENTRAL_DISTRICT, west, south, east, north],
  );
  const ids = {} as Record<Place, string>;
  for (const place of Object.keys(PLACES) as Place[]) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.dispatcherKey),
      payload: incidentBody({ location: PLACES[place], ...FIXTURES[place] }),
    });
    expect(response.statusCode).toBe(201);
    ids[place] = response.json<{ id: string }>().id;
  }
  if (options.bulkRows) await insertIncidentRecords(t.db.pool, bulkRecords(BULK_ROWS));

  return {
    t,
    baseUrl,
    ids,
    get: (url, headers = {}) => t.app.inject({ method: 'GET', url, headers }),
    checkedOut: () => t.db.pool.totalCount - t.db.pool.idleCount,
    httpGet: (path, onChunk, base = baseUrl) =>
      new Promise((resolve, reject) => {
        const request = http.get(`${base}${path}`, (response) => {
          const ended = new Promise<void>((done, fail) => {
            response.on('end', done);
            response.on('error', fail);
            response.on('close', done);
          });
          response.on('data', (chunk: Buffer) => {
            onChunk(chunk, response);
          });
          resolve({ response, ended });
        });
        request.on('error', reject);
      }),
  };
}

export function parseCsv(body: string): CsvRow[] {
  return parse<CsvRow>(body, { columns: true, skip_empty_lines: false });
}

export function geojsonIds(body: string): string[] {
  return (JSON.parse(body) as ExportCollection).features.map((feature) => feature.id).sort();
}

export function csvIds(body: string): string[] {
  return parseCsv(body)
    .map((row) => row.id ?? '')
    .sort();
}

export const sorted = (values: string[]) => [...values].sort();
