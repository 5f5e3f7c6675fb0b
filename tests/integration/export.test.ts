import http from 'node:http';
import { check } from '@placemarkio/check-geojson';
import Fastify from 'fastify';
import { parse } from 'csv-parse/sync';
import exportRoutes from '../../server/export/export.routes.js';
import database from '../../server/plugins/database.js';
import validation from '../../server/plugins/validation.js';
import { CATEGORIES } from '../../shared/categories.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/stream-client.js';
import { bearer, incidentBody, listen, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let baseUrl: string;

interface ExportFeature {
  type: string;
  id: string;
  geometry: { type: string; coordinates: [number, number] };
  properties: Record<string, unknown>;
}

interface ExportCollection {
  type: string;
  license: string;
  licenseUrl: string;
  attribution: string;
  generalisation: { method: string; gridMetres: { point: number; coarse: number } };
  exportedAt: string;
  features: ExportFeature[];
}

type CsvRow = Record<string, string>;

const PUBLIC_POINT_CATEGORIES: string[] = CATEGORIES.filter(
  (c) => c.policy === 'point' || c.policy === 'coarse',
).map((c) => c.slug);

const CSV_COLUMNS = [
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
const EXACT_STRINGS = Object.values(PLACES).flatMap(({ lon, lat }) => [String(lon), String(lat)]);
const PHONE = '07700 900123';
const HYPERLINK = '=HYPERLINK("http://evil")';

/** A bbox around the central Chicago fixtures (not the far-north robbery). */
const CENTRAL_BBOX = '-87.66,41.86,-87.60,41.90';
/** Where the bulk rows of the streaming tests lie (Vancouver), away from the fixtures. */
const BULK_BBOX = '-123.3,49.1,-122.9,49.4';
const BULK_ROWS = 20_000;

const ids: Record<keyof typeof PLACES, string> = {
  phoneTheft: '',
  burglary: '',
  robberyFarNorth: '',
  sexualOffence: '',
  childOffence: '',
  mayTheft: '',
};

async function create(key: keyof typeof PLACES, body: Record<string, unknown>): Promise<void> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: incidentBody({ location: PLACES[key], ...body }),
  });
  expect(response.statusCode).toBe(201);
  ids[key] = response.json<{ id: string }>().id;
}

/** Rows straight into the table, every NOT NULL column filled (migrations/003_incidents.sql). */
async function insertBulkRows(count: number): Promise<void> {
  await t.db.pool.query(
    `INSERT INTO incidents (id, category, priority, status, summary, public_summary, occurred_at,
       reported_at, location, visibility, public_location, source, external_ref, created_at,
       updated_at)
     SELECT gen_random_uuid(), 'theft', 1 + n % 5, 'open', 'Bulk row ' || n || ' call 07700 900123',
       'Bulk row ' || n || ' call [phone]', at, at, ST_SetSRID(ST_MakePoint(lon, lat), 4326),
       'point', ST_SetSRID(ST_MakePoint(lon + 0.0011, lat), 4326), 'bulk-test', 'bulk-' || n,
       at, at
     FROM generate_series(1, $1::int) AS n,
       LATERAL (SELECT timestamptz '2020-01-01T00:00:00Z' + n * interval '1 minute' AS at,
                       -123.2 + (n % 200) * 0.001 AS lon,
                       49.2 + (n / 200) * 0.0005 AS lat) AS generated`,
    [count],
  );
}

async function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers });
}

function parseCsv(body: string): CsvRow[] {
  return parse<CsvRow>(body, { columns: true, skip_empty_lines: false });
}

function geojsonIds(body: string): string[] {
  return (JSON.parse(body) as ExportCollection).features.map((feature) => feature.id).sort();
}

function csvIds(body: string): string[] {
  return parseCsv(body)
    .map((row) => row.id ?? '')
    .sort();
}

const sorted = (values: string[]) => [...values].sort();

/** A checked-out client of the test's pool: the app's pool is this one. */
function checkedOut(): number {
  return t.db.pool.totalCount - t.db.pool.idleCount;
}

beforeAll(async () => {
  t = await startTestApp();
  baseUrl = await listen(t);
  await create('phoneTheft', {
    category: 'theft',
    summary: `Phone snatched, call ${PHONE}`,
    occurredAt: '2025-06-01T10:00:00Z',
  });
  await create('burglary', {
    category: 'burglary',
    summary: HYPERLINK,
    occurredAt: '2025-06-02T10:00:00Z',
  });
  await create('robberyFarNorth', {
    category: 'robbery',
    summary: '@SUM(1)',
    occurredAt: '2025-06-03T10:00:00Z',
  });
  await create('sexualOffence', {
    category: 'sexual-offences',
    summary: 'Hidden category report',
    occurredAt: '2025-06-01T11:00:00Z',
  });
  await create('childOffence', {
    category: 'offences-against-children',
    summary: 'Aggregate category report',
    occurredAt: '2025-06-01T12:00:00Z',
  });
  await create('mayTheft', {
    category: 'theft',
    summary: 'Wallet taken, said "sorry", left',
    occurredAt: '2025-05-01T10:00:00Z',
  });
  await insertBulkRows(BULK_ROWS);
});

afterAll(async () => {
  await t.close();
});

describe('GET /api/v1/export/incidents.geojson', () => {
  it('is a valid FeatureCollection with the licence and the generalisation rule as foreign members', async () => {
    const before = Date.now();
    const response = await get(`/api/v1/export/incidents.geojson?bbox=${CENTRAL_BBOX}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/geo+json');
    expect(() => check(response.body)).not.toThrow();
    const collection = JSON.parse(response.body) as ExportCollection;
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.license).toBe('CC-BY-4.0');
    expect(collection.licenseUrl).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(collection.attribution).toBe('Openbeat contributors');
    expect(collection.generalisation.method).toBe('grid-snap');
    expect(collection.generalisation.gridMetres).toEqual({ point: 150, coarse: 600 });
    expect(Date.parse(collection.exportedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(response.headers['x-openbeat-exported-at']).toBe(collection.exportedAt);
    // The metadata comes before the features: a streaming reader sees it first.
    expect(response.body.indexOf('"license"')).toBeLessThan(response.body.indexOf('"features"'));

    expect(collection.features.map((f) => f.id).sort()).toEqual(
      sorted([ids.phoneTheft, ids.burglary, ids.mayTheft]),
    );
    const burglary = collection.features.find((f) => f.id === ids.burglary);
    expect(burglary?.properties).toMatchObject({
      category: 'burglary',
      locationPrecision: 'approximate',
      precisionMetres: 600,
    });
    // The same Feature as the public incidents list gives for it.
    const listed = await get(`/api/v1/incidents?bbox=${CENTRAL_BBOX}`);
    const fromList = listed
      .json<{ features: ExportFeature[] }>()
      .features.find((f) => f.id === ids.burglary);
    expect(burglary).toEqual(fromList);
  });

  it('filters by bbox, time window and repeated category', async () => {
    const everything = geojsonIds(
      (await get('/api/v1/export/incidents.geojson?from=2021-01-01T00:00:00Z')).body,
    );
    expect(everything).toEqual(
      sorted([ids.phoneTheft, ids.burglary, ids.robberyFarNorth, ids.mayTheft]),
    );
    const june = geojsonIds(
      (
        await get(
          '/api/v1/export/incidents.geojson?from=2025-06-01T00:00:00Z&to=2025-06-03T00:00:00Z',
        )
      ).body,
    );
    expect(june).toEqual(sorted([ids.phoneTheft, ids.burglary]));
    const categories = geojsonIds(
      (
        await get(
          '/api/v1/export/incidents.geojson?category=burglary&category=robbery&from=2021-01-01T00:00:00Z',
        )
      ).body,
    );
    expect(categories).toEqual(sorted([ids.burglary, ids.robberyFarNorth]));
    const oneCategoryInBox = geojsonIds(
      (await get(`/api/v1/export/incidents.geojson?category=theft&bbox=${CENTRAL_BBOX}`)).body,
    );
    expect(oneCategoryInBox).toEqual(sorted([ids.phoneTheft, ids.mayTheft]));
    // `to` is exclusive: the window [from, to) ends just before the burglary.
    const halfOpen = geojsonIds(
      (
        await get(
          '/api/v1/export/incidents.geojson?from=2025-06-01T00:00:00Z&to=2025-06-02T10:00:00Z',
        )
      ).body,
    );
    expect(halfOpen).toEqual([ids.phoneTheft]);
    const empty = await get('/api/v1/export/incidents.geojson?bbox=10,10,11,11');
    expect(empty.statusCode).toBe(200);
    expect(() => check(empty.body)).not.toThrow();
    expect((JSON.parse(empty.body) as ExportCollection).features).toEqual([]);
  });
});

describe('GET /api/v1/export/incidents.csv', () => {
  it('parses as CSV with the header row and carries its metadata in headers', async () => {
    const response = await get(`/api/v1/export/incidents.csv?bbox=${CENTRAL_BBOX}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="openbeat-incidents-\d{8}T\d{6}Z\.csv"$/,
    );
    expect(response.headers.link).toBe(
      '<https://creativecommons.org/licenses/by/4.0/>; rel="license"',
    );
    expect(response.headers['x-openbeat-license']).toBe('CC-BY-4.0');
    expect(response.headers['x-openbeat-generalisation']).toBe(
      'grid-snap; point=150m; coarse=600m; omitted=aggregate,hidden',
    );
    expect(Number.isNaN(Date.parse(String(response.headers['x-openbeat-exported-at'])))).toBe(
      false,
    );

    const header = parse(response.body, { to_line: 1 });
    expect(header[0]).toEqual(CSV_COLUMNS);
    expect(response.body.split('\r\n')[1]).toMatch(/^"[0-9a-f-]{36}","/);
    const rows = parseCsv(response.body);
    expect(rows.map((row) => row.id).sort()).toEqual(
      sorted([ids.phoneTheft, ids.burglary, ids.mayTheft]),
    );
    const may = rows.find((row) => row.id === ids.mayTheft);
    expect(may).toMatchObject({
      category: 'theft',
      status: 'open',
      priority: '3',
      occurred_at: '2025-05-01T10:00:00.000Z',
      precision_m: '150',
      summary: 'Wallet taken, said "sorry", left',
      source: 'test-cad',
    });
    // Numeric columns stay numbers: a western longitude is written bare, not neutralised.
    expect(Number(may?.longitude)).toBeLessThan(-87);
    expect(Number(may?.latitude)).toBeGreaterThan(41);
    expect(response.body).toMatch(/,-87\.\d+,41\.\d+,150,/);
  });

  it('answers HEAD with the headers alone, and checks the query for it too', async () => {
    const head = await t.app.inject({
      method: 'HEAD',
      url: `/api/v1/export/incidents.csv?bbox=${BULK_BBOX}`,
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(head.headers['x-openbeat-license']).toBe('CC-BY-4.0');
    expect(head.body).toBe('');
    const bad = await t.app.inject({
      method: 'HEAD',
      url: '/api/v1/export/incidents.csv?bbox=1,2,3',
    });
    expect(bad.statusCode).toBe(400);
  });

  it('neutralises formulas in text cells', async () => {
    const response = await get('/api/v1/export/incidents.csv?category=burglary&category=robbery');
    const rows = parseCsv(response.body);
    const summaries = new Map(rows.map((row) => [row.id, row.summary]));
    expect(summaries.get(ids.burglary)).toBe(`'${HYPERLINK}`);
    expect(summaries.get(ids.robberyFarNorth)).toBe("'@SUM(1)");
    expect(response.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(response.body).not.toMatch(/(^|,)"?[=@]/m);
  });

  it('filters by bbox, time window and category like the GeoJSON export', async () => {
    const queries = [
      `bbox=${CENTRAL_BBOX}&from=2025-06-01T00:00:00Z&to=2025-06-03T00:00:00Z`,
      'category=robbery&category=theft&from=2021-01-01T00:00:00Z',
      'from=2025-06-02T00:00:00Z&to=2025-07-01T00:00:00Z',
    ];
    const expected = [
      sorted([ids.phoneTheft, ids.burglary]),
      sorted([ids.phoneTheft, ids.robberyFarNorth, ids.mayTheft]),
      sorted([ids.burglary, ids.robberyFarNorth]),
    ];
    for (const [index, query] of queries.entries()) {
      const csv = csvIds((await get(`/api/v1/export/incidents.csv?${query}`)).body);
      const geojson = geojsonIds((await get(`/api/v1/export/incidents.geojson?${query}`)).body);
      expect(csv, query).toEqual(expected[index]);
      expect(geojson, query).toEqual(expected[index]);
    }
  });
});

describe('what a public export never holds', () => {
  it.each([
    ['geojson', {}],
    ['csv', {}],
    ['geojson', 'dispatcher'],
    ['csv', 'dispatcher'],
  ] as const)(
    'no exact coordinate, no unredacted text, no aggregate or hidden incident (%s, %j)',
    async (format, who) => {
      const headers = who === 'dispatcher' ? bearer(t.dispatcherKey) : {};
      const response = await get(
        `/api/v1/export/incidents.${format}?from=2021-01-01T00:00:00Z`,
        headers,
      );
      expect(response.statusCode).toBe(200);
      const body = response.body;
      // Something is there to leak from: the public incidents and their redacted text.
      expect(body).toContain(ids.phoneTheft);
      expect(body).toContain('Phone snatched, call [phone]');
      for (const exact of EXACT_STRINGS) expect(body).not.toContain(exact);
      expect(body).not.toContain(PHONE);
      expect(body).not.toContain('900123');
      for (const kept of [ids.sexualOffence, ids.childOffence]) expect(body).not.toContain(kept);
      expect(body).not.toContain('category report');
      const categories =
        format === 'csv'
          ? parseCsv(body).map((row) => row.category)
          : (JSON.parse(body) as ExportCollection).features.map((f) => f.properties.category);
      expect(categories.length).toBeGreaterThan(0);
      for (const category of categories) expect(PUBLIC_POINT_CATEGORIES).toContain(category);
    },
  );
});

describe('bad requests', () => {
  it.each([
    ['/api/v1/export/incidents.geojson?bbox=1,2,3', 'bbox'],
    ['/api/v1/export/incidents.csv?bbox=10,10,9,11', 'bbox'],
    ['/api/v1/export/incidents.csv?bbox=-200,10,9,11', 'bbox'],
    ['/api/v1/export/incidents.geojson?from=yesterday', 'from'],
    ['/api/v1/export/incidents.csv?from=2025-06-02T00:00:00Z&to=2025-06-01T00:00:00Z', 'from'],
    ['/api/v1/export/incidents.csv?category=not-a-category', 'category'],
    ['/api/v1/export/incidents.geojson?category=theft&category=nope', 'category'],
    ['/api/v1/export/incidents.csv?limit=10', 'limit'],
  ])('%s answers 400 in the error shape', async (url, mentioned) => {
    const response = await get(url);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/json');
    const body = response.json<{ error: string; message: string; details?: unknown[] }>();
    expect(body.error).toBe('invalid_request');
    expect(typeof body.message).toBe('string');
    expect(JSON.stringify(body)).toContain(mentioned);
  });

  it.each([
    '/api/v1/export/observations.geojson',
    '/api/v1/export/responses.csv',
    '/api/v1/export/incidents.xml',
    '/api/v1/export/incidents',
  ])('%s answers 404 in the error shape', async (url) => {
    const response = await get(url);
    expect(response.statusCode).toBe(404);
    const body = response.json<{ error: string; message: string }>();
    expect(body.error).toBe('not_found');
    expect(body.message.length).toBeGreaterThan(0);
  });
});

/** GETs a URL over real HTTP; `onChunk` may pause or destroy the response. */
function httpGet(
  path: string,
  onChunk: (chunk: Buffer, response: http.IncomingMessage) => void,
  base = baseUrl,
): Promise<{ response: http.IncomingMessage; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
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
  });
}

describe('streaming', () => {
  it(`streams ${BULK_ROWS} rows as GeoJSON in many chunks`, async () => {
    const chunks: Buffer[] = [];
    const { response, ended } = await httpGet(
      `/api/v1/export/incidents.geojson?bbox=${BULK_BBOX}`,
      (chunk) => chunks.push(chunk),
    );
    await ended;
    expect(response.statusCode).toBe(200);
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.headers['content-length']).toBeUndefined();
    expect(chunks.length).toBeGreaterThan(10);
    const body = Buffer.concat(chunks).toString('utf8');
    const collection = JSON.parse(body) as ExportCollection;
    expect(collection.features).toHaveLength(BULK_ROWS);
    expect(new Set(collection.features.map((f) => f.id)).size).toBe(BULK_ROWS);
    // Newest first, like the incidents list.
    const times = collection.features.map((f) => String(f.properties.occurredAt));
    expect(times).toEqual([...times].sort().reverse());
    expect(body).not.toContain(PHONE);
    await waitFor(() => checkedOut() === 0, 'the export connection back in the pool');
  });

  it(`streams ${BULK_ROWS} rows as CSV`, async () => {
    const chunks: Buffer[] = [];
    const { response, ended } = await httpGet(
      `/api/v1/export/incidents.csv?bbox=${BULK_BBOX}`,
      (chunk) => chunks.push(chunk),
    );
    await ended;
    expect(response.statusCode).toBe(200);
    expect(chunks.length).toBeGreaterThan(10);
    const rows = parseCsv(Buffer.concat(chunks).toString('utf8'));
    expect(rows).toHaveLength(BULK_ROWS);
    expect(rows.every((row) => row.source === 'bulk-test')).toBe(true);
  });

  it('gives the pool connection back when the client goes away mid-export', async () => {
    await waitFor(() => checkedOut() === 0, 'an idle pool before the export');
    let seen = 0;
    let heldDuringExport = -1;
    const { response, ended } = await httpGet(
      `/api/v1/export/incidents.geojson?bbox=${BULK_BBOX}`,
      (_chunk, stream) => {
        seen += 1;
        if (seen === 1) stream.pause();
      },
    );
    await waitFor(() => seen >= 1, 'the first chunk');
    // The reader has stopped; backpressure keeps the export (and its connection) waiting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    heldDuringExport = checkedOut();
    response.destroy();
    await ended;
    expect(heldDuringExport).toBeGreaterThanOrEqual(1);
    await waitFor(
      () => checkedOut() === 0 && t.db.pool.waitingCount === 0,
      'the export connection back in the pool',
    );
    expect(t.db.pool.idleCount).toBe(t.db.pool.totalCount);
    // No export query is left running on the server either.
    const running = await t.db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity
       WHERE datname = current_database() AND state = 'active' AND query LIKE '%public_location%'
         AND pid <> pg_backend_pid()`,
    );
    expect(running.rows[0]?.n).toBe('0');
    // And the connection it used serves the next export.
    const next = await get(`/api/v1/export/incidents.csv?bbox=${CENTRAL_BBOX}`);
    expect(next.statusCode).toBe(200);
    expect(parseCsv(next.body)).toHaveLength(3);
  });

  it('gives the connection back when the database connection dies mid-export', async () => {
    await waitFor(() => checkedOut() === 0, 'an idle pool before the export');
    let seen = 0;
    const { response, ended } = await httpGet(
      `/api/v1/export/incidents.csv?bbox=${BULK_BBOX}`,
      (_chunk, stream) => {
        seen += 1;
        if (seen === 1) stream.pause();
      },
    );
    await waitFor(() => seen >= 1, 'the first chunk');
    const terminated = await t.db.pool.query<{ pid: number }>(
      `SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND state = 'active'
         AND query LIKE '%public_location%ORDER BY occurred_at%' AND pid <> pg_backend_pid()`,
    );
    expect(terminated.rows).toHaveLength(1);
    response.resume();
    // The reader gets a response cut short ("aborted"), never a complete-looking CSV.
    await expect(ended).rejects.toThrow('aborted');
    expect(response.complete).toBe(false);
    await waitFor(
      () => checkedOut() === 0 && t.db.pool.waitingCount === 0,
      'the dead connection out of the pool',
    );
    const next = await get(`/api/v1/export/incidents.csv?bbox=${CENTRAL_BBOX}`);
    expect(next.statusCode).toBe(200);
    expect(parseCsv(next.body)).toHaveLength(3);
  });

  it('ends an export whose reader stalls, and gives its connection back', async () => {
    // The export routes alone, with a short stall timeout, on the same database.
    const bare = Fastify();
    await bare.register(validation);
    await bare.register(database, { pool: t.db.pool });
    await bare.register(exportRoutes, { prefix: '/api/v1/export', stallTimeoutMs: 300 });
    try {
      const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
      await waitFor(() => checkedOut() === 0, 'an idle pool before the export');
      let seen = 0;
      const { response, ended } = await httpGet(
        `/api/v1/export/incidents.geojson?bbox=${BULK_BBOX}`,
        (_chunk, stream) => {
          seen += 1;
          if (seen === 1) stream.pause();
        },
        bareUrl,
      );
      await waitFor(() => seen >= 1, 'the first chunk');
      expect(checkedOut()).toBeGreaterThanOrEqual(1);
      // The reader does not resume: the server gives up on it and frees the connection.
      await waitFor(() => checkedOut() === 0, 'the stalled export connection back in the pool');
      // Reading on, the reader finds the response cut short (it sees the close only after
      // the data it had not read).
      response.resume();
      await expect(ended).rejects.toThrow('aborted');
      expect(response.complete).toBe(false);
    } finally {
      await bare.close();
    }
  });

  it('answers 429 while half the pool is busy with exports, and serves again once they end', async () => {
    await waitFor(() => checkedOut() === 0, 'an idle pool before the exports');
    const slots = Math.floor(t.db.pool.options.max / 2);
    const running: http.IncomingMessage[] = [];
    const endings: Promise<void>[] = [];
    for (let i = 0; i < slots; i += 1) {
      let started = false;
      const { response, ended } = await httpGet(
        `/api/v1/export/incidents.geojson?bbox=${BULK_BBOX}`,
        (_chunk, stream) => {
          started = true;
          stream.pause();
        },
      );
      await waitFor(() => started, `export ${i + 1} under way`);
      running.push(response);
      endings.push(ended);
    }
    expect(checkedOut()).toBeGreaterThanOrEqual(slots);
    const refused = await get(`/api/v1/export/incidents.csv?bbox=${CENTRAL_BBOX}`);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.json()).toEqual({
      error: 'exports_busy',
      message: 'Too many exports are running; try again shortly',
    });
    // The rest of the API still has connections.
    expect((await get(`/api/v1/incidents?bbox=${CENTRAL_BBOX}`)).statusCode).toBe(200);
    for (const response of running) response.destroy();
    await Promise.all(endings);
    await waitFor(() => checkedOut() === 0, 'every export connection back in the pool');
    const served = await get(`/api/v1/export/incidents.csv?bbox=${CENTRAL_BBOX}`);
    expect(served.statusCode).toBe(200);
  });
});
