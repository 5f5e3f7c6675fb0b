import fs from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import { openDatabase } from '../../server/db/database.js';
import { importDistricts } from '../../server/districts/import-districts.js';
import type { GeocoderOptions } from '../../server/config.js';
import type { DispatcherIncidentFeature } from '../../shared/schemas/incident-feature.js';
import type { Place } from '../../shared/schemas/places.js';
import { freshEmbeddedDataDir } from '../support/embedded-template.js';
import { openData } from '../support/fixtures.js';
import { incidentAt, type Place as LonLat } from '../support/incident-factory.js';
import { bearer, startTestApp } from '../support/test-app.js';

/**
 * GET /api/v1/places on both database modes: fuzzy districts (Vancouver's neighbourhoods) and
 * blocks (written to `public_block` directly: the write path that fills it is another part of
 * the issue; the search depends on the columns only), typed coordinates, bad input, and an
 * optional geocoder served by a real HTTP server of this test.
 */

interface Mode {
  app: FastifyInstance;
  pool: pg.Pool;
  dispatcherKey: string;
  close(): Promise<void>;
}

async function onRealPostgres(geocoder: GeocoderOptions | null = null): Promise<Mode> {
  const t = await startTestApp({ geocoder });
  return { app: t.app, pool: t.db.pool, dispatcherKey: t.dispatcherKey, close: () => t.close() };
}

async function onEmbedded(): Promise<Mode> {
  const dataDir = await freshEmbeddedDataDir('openbeat-places-');
  const db = await openDatabase({ databaseUrl: undefined, dataDir, dbPoolMax: 1 });
  const app = await buildApp({ pool: db.pool, writesPerMinute: 100_000 });
  const { key } = await createApiKey(db.pool, { name: 'places-cad', role: 'dispatcher' });
  return {
    app,
    pool: db.pool,
    dispatcherKey: key,
    async close() {
      await app.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Spots in Vancouver's Downtown, and one in Chicago for a second street. */
const HOMER_ST: LonLat[] = [
  { lon: -123.1162, lat: 49.2797 },
  { lon: -123.1171, lat: 49.2791 },
  { lon: -123.1153, lat: 49.2803 },
];
const MADISON_ST: LonLat = { lon: -87.7546, lat: 41.8807 };

interface Seeded {
  homer: DispatcherIncidentFeature[];
  madison: DispatcherIncidentFeature;
}

async function create(mode: Mode, at: LonLat, category = 'theft') {
  const response = await mode.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(mode.dispatcherKey),
    payload: incidentAt(at, { category: category as 'theft' }),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<DispatcherIncidentFeature>();
}

async function setBlock(pool: pg.Pool, ids: string[], block: string, district: string | null) {
  await pool.query(
    'UPDATE incidents SET public_block = $2, public_district = $3 WHERE id = ANY($1::uuid[])',
    [ids, block, district],
  );
}

async function seed(mode: Mode): Promise<Seeded> {
  const report = await importDistricts(
    mode.pool,
    fs.readFileSync(openData('vancouver_neighbourhoods_simplified.geojson'), 'utf8'),
    { nameProperty: 'name', source: 'vancouver' },
  );
  expect(report.inserted).toBe(22);
  const homer: DispatcherIncidentFeature[] = [];
  for (const spot of HOMER_ST) homer.push(await create(mode, spot));
  await setBlock(
    mode.pool,
    homer.map((f) => f.id),
    '5XX Homer St',
    'Downtown',
  );
  const madison = await create(mode, MADISON_ST, 'robbery');
  await setBlock(mode.pool, [madison.id], '51XX W Madison St', null);
  // Shown in no list (aggregate, hidden): their blocks must not be found either.
  const kidnapping = await create(mode, { lon: -123.1, lat: 49.27 }, 'kidnapping');
  const abuse = await create(mode, { lon: -123.11, lat: 49.26 }, 'domestic-abuse');
  await setBlock(mode.pool, [kidnapping.id, abuse.id], '9XX Secret Ave', 'Downtown');
  return { homer, madison };
}

async function search(mode: Mode, query: string) {
  const response = await mode.app.inject({ method: 'GET', url: `/api/v1/places?${query}` });
  return { status: response.statusCode, body: response.json<unknown>() };
}

async function places(mode: Mode, q: string, limit?: number): Promise<Place[]> {
  const params = new URLSearchParams({ q });
  if (limit !== undefined) params.set('limit', String(limit));
  const { status, body } = await search(mode, params.toString());
  expect(status, JSON.stringify(body)).toBe(200);
  return body as Place[];
}

function inside(bbox: Place['bbox'], [lon, lat]: [number, number]): boolean {
  if (!bbox) return false;
  return lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3];
}

const MODES = [
  ['real PostgreSQL', () => onRealPostgres()],
  ['the embedded database', onEmbedded],
] as const;

describe.each(MODES)('GET /api/v1/places on %s', (_name, open) => {
  let mode: Mode;
  let seeded: Seeded;

  beforeAll(async () => {
    mode = await open();
    seeded = await seed(mode);
  }, 180_000);
  afterAll(async () => {
    await mode.close();
  });

  it.each(['kitsilano', 'Kits', 'kitsilan', 'KITSILANO'])(
    'finds the district for %s',
    async (q) => {
      const [first] = await places(mode, q);
      expect(first).toMatchObject({ kind: 'district', name: 'Kitsilano' });
      expect(first?.bbox).toHaveLength(4);
      // The centre lies on the district, within its extent.
      expect(inside(first?.bbox, first?.center ?? [0, 0])).toBe(true);
    },
  );

  it('finds a district by a misspelling and by a word of a longer name', async () => {
    expect((await places(mode, 'dowtown'))[0]).toMatchObject({
      kind: 'district',
      name: 'Downtown',
    });
    expect((await places(mode, 'pleasant'))[0]).toMatchObject({ name: 'Mount Pleasant' });
    expect((await places(mode, 'grandview'))[0]).toMatchObject({ name: 'Grandview-Woodland' });
  });

  it.each(['homer', 'Homer St', '5xx homer st', '5XX Homer St', 'homr'])(
    'finds the block for %s, centred on its public points only',
    async (q) => {
      const found = await places(mode, q);
      const block = found.find((place) => place.kind === 'block');
      expect(block).toMatchObject({ kind: 'block', name: '5XX Homer St', district: 'Downtown' });
      if (!block?.bbox) throw new Error('a block of three points has a bbox');
      const publicPoints = seeded.homer.map((f) => f.properties.publicLocation);
      const exact = seeded.homer.map((f) => f.geometry.coordinates);
      const lons = publicPoints.map((p) => p?.lon ?? NaN);
      const lats = publicPoints.map((p) => p?.lat ?? NaN);
      expect(block.bbox[0]).toBeCloseTo(Math.min(...lons), 9);
      expect(block.bbox[1]).toBeCloseTo(Math.min(...lats), 9);
      expect(block.bbox[2]).toBeCloseTo(Math.max(...lons), 9);
      expect(block.bbox[3]).toBeCloseTo(Math.max(...lats), 9);
      // Never an exact location: neither the centre nor a corner of the extent is one.
      for (const [lon, lat] of exact) {
        expect(block.center).not.toEqual([lon, lat]);
        expect([block.bbox[0], block.bbox[2]]).not.toContain(lon);
        expect([block.bbox[1], block.bbox[3]]).not.toContain(lat);
      }
      expect(inside(block.bbox, block.center)).toBe(true);
    },
  );

  it('finds a street by its name alone, and a block seen at one point has no bbox', async () => {
    const [first] = await places(mode, 'madison');
    const publicPoint = seeded.madison.properties.publicLocation;
    expect(first).toMatchObject({ kind: 'block', name: '51XX W Madison St' });
    expect(first?.center).toEqual([publicPoint?.lon, publicPoint?.lat]);
    expect(first?.center).not.toEqual(seeded.madison.geometry.coordinates);
    expect(first).not.toHaveProperty('bbox');
    expect(first).not.toHaveProperty('district');
  });

  it('never finds the blocks of incidents the public lists do not show', async () => {
    const found = await places(mode, 'secret ave');
    expect(found.filter((place) => place.kind === 'block')).toEqual([]);
  });

  it('is documented at /docs', async () => {
    const docs = await mode.app.inject({ method: 'GET', url: '/docs/json' });
    const paths = docs.json<{
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    }>().paths;
    expect(paths['/api/v1/places']?.get?.parameters?.map((p) => p.name)).toEqual(['q', 'limit']);
  });

  it('answers typed coordinates as they are', async () => {
    expect(await places(mode, '49°16\'48"N 123°7\'12"W')).toEqual([
      { kind: 'coordinates', name: '49.28000, -123.12000', center: [-123.12, 49.28] },
    ]);
    const [linked] = await places(mode, 'https://www.openstreetmap.org/#map=14/41.88/-87.63');
    expect(linked).toMatchObject({ kind: 'coordinates', center: [-87.63, 41.88] });
  });

  it('takes LIKE characters literally, keeps to the limit and finds nothing for nonsense', async () => {
    expect(await places(mode, '%')).toEqual([]);
    expect(await places(mode, '_')).toEqual([]);
    expect(await places(mode, 'qqqxxzz')).toEqual([]);
    // Under three characters, districts only: a block search would read every block.
    expect((await places(mode, 'ho', 20)).map((place) => place.kind)).not.toContain('block');
    expect(await places(mode, 'e', 3)).toHaveLength(3);
    expect((await places(mode, 'e', 20)).length).toBeGreaterThan(3);
  });

  it.each([
    ['no q', 'limit=5'],
    ['an empty q', 'q='],
    ['only spaces', 'q=%20%20%20'],
    ['a q too long', `q=${'a'.repeat(201)}`],
    ['a control character', 'q=home%01r'],
    ['a NUL', 'q=home%00r'],
    ['a DEL', 'q=homer%7F'],
    ['a limit of 0', 'q=homer&limit=0'],
    ['a limit over 20', 'q=homer&limit=21'],
    ['a limit that is no number', 'q=homer&limit=many'],
    ['a fractional limit', 'q=homer&limit=2.5'],
    ['an unknown parameter', 'q=homer&near=1,2'],
    ['q twice', 'q=homer&q=madison'],
  ])('refuses %s with 400 in the API error shape', async (_what, query) => {
    const { status, body } = await search(mode, query);
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: expect.any(String) as string,
      message: expect.any(String) as string,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The geocoder: a real HTTP server answering both formats.

interface FakeGeocoder {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

const NOMINATIM_ANSWER = [
  {
    display_name: '500, Homer Street, Downtown, Vancouver, Canada',
    lat: '49.2800',
    lon: '-123.1160',
    boundingbox: ['49.2795', '49.2805', '-123.1165', '-123.1155'],
  },
  { display_name: 'out of range', lat: '95', lon: '10' },
  { display_name: 12, lat: '1', lon: '1' },
];

const PHOTON_ANSWER = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [-123.117, 49.2799] },
      properties: {
        name: 'Homer Street',
        street: 'Homer Street',
        city: 'Vancouver',
        country: 'Canada',
        extent: [-123.12, 49.283, -123.11, 49.276],
      },
    },
    { type: 'Feature', geometry: { type: 'Point', coordinates: ['x', 1] }, properties: {} },
  ],
};

async function startFakeGeocoder(): Promise<FakeGeocoder> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    const url = new URL(request.url ?? '/', 'http://geocoder');
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/nominatim/search' && url.searchParams.get('format') === 'jsonv2') {
      send(200, NOMINATIM_ANSWER);
    } else if (url.pathname === '/photon/api') send(200, PHOTON_ANSWER);
    else if (url.pathname === '/broken/search') send(500, { error: 'down' });
    else if (url.pathname === '/garbage/search') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"not json');
    } else if (url.pathname === '/slow/search') {
      setTimeout(() => {
        send(200, NOMINATIM_ANSWER);
      }, 5_000).unref();
    } else send(404, {});
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

describe('GET /api/v1/places with a geocoder', () => {
  let geocoder: FakeGeocoder;
  const opened: Mode[] = [];

  beforeAll(async () => {
    geocoder = await startFakeGeocoder();
  });
  afterAll(async () => {
    for (const mode of opened) await mode.close();
    await geocoder.close();
  });

  async function appWith(pathName: string | null, format: 'nominatim' | 'photon' = 'nominatim') {
    const options = pathName ? { url: `${geocoder.url}${pathName}`, format, timeoutMs: 500 } : null;
    const mode = await onRealPostgres(options);
    opened.push(mode);
    await seed(mode);
    return mode;
  }

  it('adds Nominatim addresses after the local places', async () => {
    const mode = await appWith('/nominatim');
    const found = await places(mode, 'homer');
    expect(found[0]).toMatchObject({ kind: 'block', name: '5XX Homer St' });
    expect(found.filter((p) => p.kind === 'address')).toEqual([
      {
        kind: 'address',
        name: '500, Homer Street, Downtown, Vancouver, Canada',
        center: [-123.116, 49.28],
        bbox: [-123.1165, 49.2795, -123.1155, 49.2805],
      },
    ]);
    expect(geocoder.requests.at(-1)).toMatch(
      /^\/nominatim\/search\?q=homer&limit=8&format=jsonv2$/,
    );
  });

  it('adds Photon addresses', async () => {
    const mode = await appWith('/photon/api', 'photon');
    const found = await places(mode, 'homer street');
    expect(found.filter((p) => p.kind === 'address')).toEqual([
      {
        kind: 'address',
        name: 'Homer Street, Vancouver, Canada',
        center: [-123.117, 49.2799],
        bbox: [-123.12, 49.276, -123.11, 49.283],
      },
    ]);
  });

  it('answers with the local places when the geocoder fails, is slow or talks nonsense', async () => {
    for (const broken of ['/broken', '/garbage', '/slow']) {
      const mode = await appWith(broken);
      const started = Date.now();
      const found = await places(mode, 'homer');
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(found.map((p) => p.kind)).toEqual(['block']);
    }
  });

  it('sends nothing anywhere without one, and never sends typed coordinates', async () => {
    const before = geocoder.requests.length;
    const local = await appWith(null);
    expect((await places(local, 'homer')).map((p) => p.kind)).toEqual(['block']);
    const configured = await appWith('/nominatim');
    expect((await places(configured, '49.28, -123.12'))[0]?.kind).toBe('coordinates');
    expect(geocoder.requests.length).toBe(before);
  });
});
