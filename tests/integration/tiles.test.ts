import fs from 'node:fs/promises';
import { VectorTile } from '@mapbox/vector-tile';
import type { FastifyInstance } from 'fastify';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCategory } from '../../shared/categories.js';
import type { DispatcherIncidentFeature, IncidentCreate } from '../../shared/schemas/incident.js';
import { buildApp } from '../../server/app.js';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import { openDatabase, type Database } from '../../server/db/database.js';
import {
  CELLS_PER_SIDE,
  CELL_UNITS,
  EXTENT,
  MIN_CELL_COUNT,
  POINT_BUFFER,
  tilePlan,
} from '../../server/tiles/tile-rules.js';
import { detectTileEncoding, renderTile } from '../../server/tiles/tiles.service.js';
import { freshEmbeddedDataDir } from '../support/embedded-template.js';
import { incidentBody } from '../support/incident-factory.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

// Vector tiles of public incidents, decoded as a map would decode them, against an independent
// computation of what each tile may show (tile-rules.ts) from the public points the API gave.

interface Created {
  id: string;
  category: string;
  visibility: string;
  occurredAt: number;
  exact: [number, number];
  public: [number, number] | null;
}

interface DecodedFeature {
  x: number;
  y: number;
  lonLat: [number, number];
  properties: Record<string, string | number | boolean>;
}

const A: [number, number] = [-87.631, 41.881];
const B: [number, number] = [-87.625, 41.885];
const LONE: [number, number] = [-87.7, 41.95];
const FAR_COARSE: [number, number] = [-87.62, 41.879];

/** The fixture: dense spots, a lone one, and categories of every policy. */
function fixtureBodies(): IncidentCreate[] {
  const bodies: IncidentCreate[] = [];
  let minute = 0;
  const add = (category: string, location: [number, number], priority = 3) => {
    minute += 1;
    bodies.push(
      incidentBody({
        category,
        priority,
        summary: `Tile fixture ${minute}: call from 12 Main Street`,
        location: { lon: location[0], lat: location[1] },
        occurredAt: new Date(Date.UTC(2026, 10, 20, 12, minute)).toISOString(),
      }),
    );
  };
  for (let i = 0; i < 4; i += 1) add('theft', A, 1 + i);
  add('robbery', A, 2);
  for (let i = 0; i < 3; i += 1) add('burglary', B);
  for (let i = 0; i < 3; i += 1) add('domestic-abuse', A);
  for (let i = 0; i < 3; i += 1) add('stalking-harassment', A);
  add('theft', LONE);
  add('fraud', FAR_COARSE);
  return bodies;
}

async function createAll(app: FastifyInstance, key: string): Promise<Created[]> {
  const created: Created[] = [];
  for (const body of fixtureBodies()) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(key),
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(201);
    const feature = response.json<DispatcherIncidentFeature>();
    const publicLocation = feature.properties.publicLocation;
    created.push({
      id: feature.id,
      category: feature.properties.category,
      visibility: feature.properties.visibility,
      occurredAt: Date.parse(feature.properties.occurredAt),
      exact: [body.location.lon, body.location.lat],
      public: publicLocation ? [publicLocation.lon, publicLocation.lat] : null,
    });
  }
  return created;
}

/** Web Mercator tile coordinates (fractional) of a point at zoom z. */
function worldPosition(lonLat: [number, number], z: number): [number, number] {
  const scale = 2 ** z;
  const [lon, lat] = lonLat;
  const sin = Math.sin((lat * Math.PI) / 180);
  return [
    ((lon + 180) / 360) * scale,
    (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale,
  ];
}

function tileOf(lonLat: [number, number], z: number): { z: number; x: number; y: number } {
  const [x, y] = worldPosition(lonLat, z);
  return { z, x: Math.floor(x), y: Math.floor(y) };
}

/** Position in tile units inside tile (z, x, y). */
function tileUnits(lonLat: [number, number], tile: { z: number; x: number; y: number }) {
  const [wx, wy] = worldPosition(lonLat, tile.z);
  return [(wx - tile.x) * EXTENT, (wy - tile.y) * EXTENT] as const;
}

function decode(bytes: Buffer | Uint8Array, tile: { z: number; x: number; y: number }) {
  const layers = new VectorTile(new PbfReader(bytes)).layers;
  expect(Object.keys(layers)).toEqual(['incidents']);
  const layer = layers.incidents;
  if (!layer) throw new Error('no incidents layer');
  expect(layer.extent).toBe(EXTENT);
  const features: DecodedFeature[] = [];
  for (let i = 0; i < layer.length; i += 1) {
    const feature = layer.feature(i);
    expect(feature.type).toBe(1);
    const point = feature.loadGeometry()[0]?.[0];
    if (!point) throw new Error('a feature without a point');
    const geometry = feature.toGeoJSON(tile.x, tile.y, tile.z).geometry;
    if (geometry.type !== 'Point') throw new Error(`unexpected ${geometry.type}`);
    features.push({
      x: point.x,
      y: point.y,
      lonLat: [geometry.coordinates[0] ?? NaN, geometry.coordinates[1] ?? NaN],
      properties: feature.properties,
    });
  }
  return features;
}

/** What the tile must hold, computed here from the public points (tile-rules.ts, by hand). */
function expectedTile(created: readonly Created[], tile: { z: number; x: number; y: number }) {
  const plan = tilePlan(tile.z);
  const publicOnes = created.filter(
    (c) => c.public && (c.visibility === 'point' || c.visibility === 'coarse'),
  );
  const asPoint = (c: Created) =>
    plan.points === 'all' || (plan.points === 'point-only' && c.visibility === 'point');
  const points = publicOnes.filter((c) => {
    if (!asPoint(c) || !c.public) return false;
    const [ux, uy] = tileUnits(c.public, tile);
    return (
      ux >= -POINT_BUFFER &&
      ux <= EXTENT + POINT_BUFFER &&
      uy >= -POINT_BUFFER &&
      uy <= EXTENT + POINT_BUFFER
    );
  });
  const byCell = new Map<string, Map<string, number>>();
  if (plan.cells) {
    for (const c of publicOnes) {
      if (asPoint(c) || !c.public) continue;
      const [ux, uy] = tileUnits(c.public, tile);
      const cx = Math.floor(ux / CELL_UNITS);
      const cy = Math.floor(uy / CELL_UNITS);
      if (cx < 0 || cy < 0 || cx >= CELLS_PER_SIDE || cy >= CELLS_PER_SIDE) continue;
      const key = `${cx},${cy}`;
      const counts = byCell.get(key) ?? new Map<string, number>();
      counts.set(c.category, (counts.get(c.category) ?? 0) + 1);
      byCell.set(key, counts);
    }
  }
  const cells = [...byCell.entries()].flatMap(([key, counts]) => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    if (total < MIN_CELL_COUNT) return [];
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    const [cx, cy] = key.split(',').map(Number) as [number, number];
    return [
      {
        x: cx * CELL_UNITS + CELL_UNITS / 2,
        y: cy * CELL_UNITS + CELL_UNITS / 2,
        count: total,
        topCategory: top?.[0],
      },
    ];
  });
  return { points, cells };
}

function sortedFeatures(features: readonly DecodedFeature[]) {
  return [...features]
    .map((f) => ({ x: f.x, y: f.y, ...f.properties }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** Two decoded tiles hold the same features: same properties, points within one tile unit. */
function expectSameFeatures(a: readonly DecodedFeature[], b: readonly DecodedFeature[]) {
  const key = (f: DecodedFeature) => JSON.stringify(Object.entries(f.properties).sort());
  const left = [...a].sort((p, q) => key(p).localeCompare(key(q)));
  const right = [...b].sort((p, q) => key(p).localeCompare(key(q)));
  expect(right.map((f) => f.properties)).toEqual(left.map((f) => f.properties));
  left.forEach((f, i) => {
    const other = right[i];
    expect(Math.abs(f.x - (other?.x ?? NaN))).toBeLessThanOrEqual(1);
    expect(Math.abs(f.y - (other?.y ?? NaN))).toBeLessThanOrEqual(1);
  });
}

function metresBetween(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad * Math.cos(((a[1] + b[1]) / 2) * rad);
  return Math.hypot(dLat, dLon) * 6371008.8;
}

const ZOOMS = [10, 13, 14, 16];

describe('GET /tiles/incidents/{z}/{x}/{y}.mvt on PostgreSQL + PostGIS', () => {
  let t: TestApp;
  let created: Created[];
  const fetchTile = (tile: { z: number; x: number; y: number }, query = '', headers = {}) =>
    t.app.inject({
      method: 'GET',
      url: `/tiles/incidents/${tile.z}/${tile.x}/${tile.y}.mvt${query}`,
      headers,
    });

  beforeAll(async () => {
    t = await startTestApp();
    created = await createAll(t.app, t.dispatcherKey);
  });
  afterAll(async () => {
    await t.close();
  });

  it('uses ST_AsMVT on a PostGIS built with protobuf', async () => {
    expect(await detectTileEncoding(t.db.pool)).toBe('postgis');
  });

  it.each(ZOOMS)(
    'at z %i shows exactly what the rules allow, where the public point is',
    async (z) => {
      for (const spot of [A, B, LONE, FAR_COARSE]) {
        const tile = tileOf(spot, z);
        const response = await fetchTile(tile);
        const expected = expectedTile(created, tile);
        if (expected.points.length === 0 && expected.cells.length === 0) {
          expect(response.statusCode).toBe(204);
          continue;
        }
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
        const features = decode(response.rawPayload, tile);
        const points = features.filter((f) => 'id' in f.properties);
        const cells = features.filter((f) => 'count' in f.properties);
        expect(points.length + cells.length).toBe(features.length);

        expect(points.map((f) => f.properties.id).sort()).toEqual(
          expected.points.map((c) => c.id).sort(),
        );
        for (const point of points) {
          const incident = created.find((c) => c.id === point.properties.id);
          if (!incident?.public) throw new Error('a point of an unknown or hidden incident');
          expect(Object.keys(point.properties).sort()).toEqual([
            'category',
            'id',
            'occurredAt',
            'priority',
            'status',
          ]);
          expect(point.properties).toMatchObject({
            category: incident.category,
            status: 'open',
            occurredAt: incident.occurredAt,
          });
          // Within a pixel of the public point, and the exact place is not what is drawn.
          const [px, py] = tileUnits(incident.public, tile);
          const [dx, dy] = tileUnits(point.lonLat, tile);
          expect(Math.abs(px - dx)).toBeLessThanOrEqual(1);
          expect(Math.abs(py - dy)).toBeLessThanOrEqual(1);
          expect(metresBetween(point.lonLat, incident.exact)).toBeGreaterThan(10);
        }

        expect(sortedFeatures(cells)).toEqual(
          sortedFeatures(
            expected.cells.map((c) => ({
              x: c.x,
              y: c.y,
              lonLat: [0, 0],
              properties: { count: c.count, topCategory: c.topCategory ?? '' },
            })),
          ),
        );
        for (const cell of cells)
          expect(cell.properties.count).toBeGreaterThanOrEqual(MIN_CELL_COUNT);
      }
    },
  );

  it('aggregates below z 14, drops cells under k = 3 and never shows hidden or counted-only categories', async () => {
    const hiddenOrCounted = new Set(
      created
        .filter((c) => c.visibility === 'hidden' || c.visibility === 'aggregate')
        .map((c) => c.id),
    );
    expect(hiddenOrCounted.size).toBe(6);
    const z10 = decode((await fetchTile(tileOf(A, 10))).rawPayload, tileOf(A, 10));
    expect(z10.every((f) => !('id' in f.properties))).toBe(true);
    // 4 thefts + 1 robbery share a public point: one cell of at least 5, theft on top;
    // the 3 domestic-abuse and 3 stalking incidents at the same place are not counted.
    const dense = z10.find((f) => f.properties.topCategory === 'theft');
    expect(dense?.properties.count).toBeGreaterThanOrEqual(5);
    const total = z10.reduce((sum, f) => sum + Number(f.properties.count), 0);
    expect(total).toBeLessThanOrEqual(5 + 3 + 1);
    // The lone theft and the lone fraud are in cells of one: not drawn.
    const loneTile = tileOf(LONE, 13);
    const lone = await fetchTile(loneTile);
    expect(lone.statusCode).toBe(204);

    // At z 14 the three burglaries (coarse) are a cell of 3, not points; at z 16 they are points.
    const z14 = decode((await fetchTile(tileOf(B, 14))).rawPayload, tileOf(B, 14));
    expect(z14.some((f) => f.properties.category === 'burglary')).toBe(false);
    expect(z14).toContainEqual(
      expect.objectContaining({ properties: { count: 3, topCategory: 'burglary' } }),
    );
    const z16 = decode((await fetchTile(tileOf(B, 16))).rawPayload, tileOf(B, 16));
    expect(z16.filter((f) => f.properties.category === 'burglary')).toHaveLength(3);

    const publicA = created.find((c) => c.category === 'theft')?.public ?? A;
    let drawn = 0;
    for (const z of [14, 15, 16, 18]) {
      const tile = tileOf(publicA, z);
      const response = await fetchTile(tile);
      expect(response.statusCode).toBe(200);
      for (const feature of decode(response.rawPayload, tile)) {
        drawn += 1;
        expect(hiddenOrCounted.has(String(feature.properties.id))).toBe(false);
        if (z < 15)
          expect(findCategory(String(feature.properties.category))?.policy).not.toBe('coarse');
      }
    }
    expect(drawn).toBeGreaterThanOrEqual(4 * 5);
  });

  it('filters by time window and category', async () => {
    const tile = tileOf(A, 16);
    const thefts = decode((await fetchTile(tile, '?category=theft')).rawPayload, tile);
    expect(thefts.length).toBe(4);
    expect(thefts.every((f) => f.properties.category === 'theft')).toBe(true);
    const both = decode(
      (await fetchTile(tile, '?category=theft&category=robbery')).rawPayload,
      tile,
    );
    expect(both.length).toBe(5);
    const early =
      created
        .filter((c) => c.category === 'theft')
        .map((c) => c.occurredAt)
        .sort()[1] ?? 0;
    const window = `?from=${new Date(early).toISOString()}&to=${new Date(early + 60_000).toISOString()}`;
    const one = decode((await fetchTile(tile, window)).rawPayload, tile);
    expect(one.map((f) => f.properties.occurredAt)).toEqual([early]);
    const none = await fetchTile(tile, '?from=2030-01-01T00:00:00Z');
    expect(none.statusCode).toBe(204);
  });

  it('sends a strong ETag, answers 304 to If-None-Match and lets caches keep a tile for a minute', async () => {
    const tile = tileOf(A, 16);
    const first = await fetchTile(tile);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    const again = await fetchTile(tile, '', { 'if-none-match': String(etag) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    const other = await fetchTile(tile, '', { 'if-none-match': '"something-else"' });
    expect(other.statusCode).toBe(200);
    expect(other.headers.etag).toBe(etag);

    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.dispatcherKey),
      payload: incidentBody({
        priority: 4,
        summary: 'Another one',
        location: { lon: A[0], lat: A[1] },
      }),
    });
    expect(response.statusCode).toBe(201);
    const changed = await fetchTile(tile, '', { 'if-none-match': String(etag) });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    const body = response.json<DispatcherIncidentFeature>();
    created.push({
      id: body.id,
      category: 'theft',
      visibility: 'point',
      occurredAt: Date.parse(body.properties.occurredAt),
      exact: A,
      public: body.properties.publicLocation
        ? [body.properties.publicLocation.lon, body.properties.publicLocation.lat]
        : null,
    });
  });

  it.each([
    ['/tiles/incidents/21/0/0.mvt', 'params'],
    ['/tiles/incidents/-1/0/0.mvt', 'params'],
    ['/tiles/incidents/3/8/0.mvt', 'x and y'],
    ['/tiles/incidents/3/0/8.mvt', 'x and y'],
    ['/tiles/incidents/3/0/abc.mvt', 'params'],
    ['/tiles/incidents/3/1.5/0.mvt', 'params'],
    ['/tiles/incidents/3/0/0.mvt?from=yesterday', 'querystring'],
    ['/tiles/incidents/3/0/0.mvt?category=nope', 'querystring'],
    ['/tiles/incidents/3/0/0.mvt?colour=red', 'querystring'],
    ['/tiles/incidents/3/0/0.mvt?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'earlier'],
  ])('answers 400 in the error shape to %s', async (url, mentions) => {
    const response = await t.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: string; message: string }>();
    expect(body.error).toBe('invalid_request');
    expect(body.message).toContain(mentions);
  });

  it('encodes in Node the same features as ST_AsMVT for the same rows', async () => {
    let compared = 0;
    for (const z of [...ZOOMS, 15, 18]) {
      for (const spot of [A, B, LONE, FAR_COARSE]) {
        const tile = tileOf(spot, z);
        for (const filter of [{}, { categories: ['theft', 'burglary'] }]) {
          const request = { ...tile, ...filter };
          const fromPostgis = await renderTile(t.db.pool, request, 'postgis');
          const fromNode = await renderTile(t.db.pool, request, 'node');
          expect(fromNode.length === 0).toBe(fromPostgis.length === 0);
          if (fromPostgis.length === 0) continue;
          const a = decode(fromPostgis, tile);
          const b = decode(fromNode, tile);
          expect(a.length).toBeGreaterThan(0);
          expectSameFeatures(a, b);
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });

  describe('on the embedded database (PGlite PostGIS, no protobuf)', () => {
    let embedded: Database;
    let embeddedApp: FastifyInstance;
    let dataDir: string;
    let embeddedCreated: Created[];

    beforeAll(async () => {
      dataDir = await freshEmbeddedDataDir('openbeat-tiles-');
      embedded = await openDatabase({ databaseUrl: undefined, dataDir, dbPoolMax: 1 });
      embeddedApp = await buildApp({ pool: embedded.pool, writesPerMinute: 100_000 });
      const { key } = await createApiKey(embedded.pool, { name: 'tiles-cad', role: 'dispatcher' });
      embeddedCreated = await createAll(embeddedApp, key);
    }, 180_000);
    afterAll(async () => {
      await embeddedApp.close();
      await embedded.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    });

    it('builds its tiles in Node and they hold the same features as PostGIS for the same incidents', async () => {
      expect(await detectTileEncoding(embedded.pool)).toBe('node');
      // The two databases gave the incidents different ids: map them by their distinct times.
      const realIdByTime = new Map(created.map((c) => [c.occurredAt, c.id]));
      const fixtureTimes = new Set(embeddedCreated.map((c) => c.occurredAt));
      let compared = 0;
      for (const z of ZOOMS) {
        for (const spot of [A, B]) {
          const tile = tileOf(spot, z);
          const url = `/tiles/incidents/${tile.z}/${tile.x}/${tile.y}.mvt`;
          // Only the fixture's incidents: the real database holds one more, added by another test.
          const until = `?to=${new Date(Math.max(...fixtureTimes) + 1).toISOString()}`;
          const fromEmbedded = await embeddedApp.inject({ method: 'GET', url: url + until });
          const fromReal = await t.app.inject({ method: 'GET', url: url + until });
          expect(fromEmbedded.statusCode).toBe(fromReal.statusCode);
          if (fromReal.statusCode === 204) continue;
          expect(fromEmbedded.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
          const embeddedFeatures = decode(fromEmbedded.rawPayload, tile).map((f) => {
            if (!('id' in f.properties)) return f;
            const id = realIdByTime.get(Number(f.properties.occurredAt));
            return { ...f, properties: { ...f.properties, id: id ?? 'unknown' } };
          });
          expectSameFeatures(decode(fromReal.rawPayload, tile), embeddedFeatures);
          compared += 1;
        }
      }
      expect(compared).toBeGreaterThanOrEqual(6);
    }, 60_000);
  });
});
