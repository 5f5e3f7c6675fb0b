import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDistricts } from '../../server/districts/import-districts.js';
import { DEMO_DIR } from '../../server/demo/load-demo.js';
import {
  DistrictCollectionSchema,
  type DistrictCollection,
} from '../../shared/schemas/district.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

// GET /api/v1/districts: what the map's districts layer draws.

const VANCOUVER = gunzipSync(
  fs.readFileSync(`${DEMO_DIR}vancouver_neighbourhoods.geojson.gz`),
).toString('utf8');

/** A U open to the north: its centroid lies in the gap, outside the district. */
const U_SHAPE = {
  type: 'Polygon',
  coordinates: [
    [
      [10, 50],
      [10.03, 50],
      [10.03, 50.03],
      [10.02, 50.03],
      [10.02, 50.005],
      [10.01, 50.005],
      [10.01, 50.03],
      [10, 50.03],
      [10, 50],
    ],
  ],
};

function collection(features: { name: string; geometry: unknown }[]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: features.map(({ name, geometry }) => ({
      type: 'Feature',
      properties: { name },
      geometry,
    })),
  });
}

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

const getDistricts = (headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: '/api/v1/districts', headers });

describe('GET /api/v1/districts', () => {
  it('answers an empty FeatureCollection when no district was imported', async () => {
    const response = await getDistricts();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(response.json()).toEqual({ type: 'FeatureCollection', features: [] });
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
  });

  it('gives each Vancouver neighbourhood its name, a lighter shape and a label point inside', async () => {
    await importDistricts(t.db.pool, VANCOUVER, { nameProperty: 'name', source: 'vancouver' });
    const response = await getDistricts();
    expect(response.statusCode).toBe(200);
    const body = response.json<DistrictCollection>();
    expect(Value.Check(DistrictCollectionSchema, body)).toBe(true);
    expect(body.features).toHaveLength(22);
    expect(body.features.map((f) => f.properties.name)).toContain('Kitsilano');
    // Simplified: fewer bytes than the shapes as imported, still within ~5 m of them.
    expect(response.body.length).toBeLessThan(VANCOUVER.length * 0.8);
    const checked = await t.db.pool.query<{
      name: string;
      label_inside: boolean;
      offset_m: number;
      vertices_sent: number;
      vertices_stored: number;
    }>(
      `SELECT d.name,
         ST_Covers(d.geometry, ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326)) AS label_inside,
         ST_HausdorffDistance(ST_Transform(d.geometry, 26910),
           ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(s.geometry), 4326), 26910)) AS offset_m,
         ST_NPoints(ST_GeomFromGeoJSON(s.geometry)) AS vertices_sent,
         ST_NPoints(d.geometry) AS vertices_stored
       FROM jsonb_to_recordset($1::jsonb) AS s(name text, lon float8, lat float8, geometry text)
       JOIN districts AS d ON d.name = s.name`,
      [
        JSON.stringify(
          body.features.map((f) => ({
            name: f.properties.name,
            lon: f.properties.labelPoint[0],
            lat: f.properties.labelPoint[1],
            geometry: JSON.stringify(f.geometry),
          })),
        ),
      ],
    );
    expect(checked.rows).toHaveLength(22);
    for (const row of checked.rows) {
      expect(row.label_inside, row.name).toBe(true);
      expect(row.offset_m, row.name).toBeLessThan(8);
      expect(row.vertices_sent, row.name).toBeLessThanOrEqual(row.vertices_stored);
    }
    const sent = checked.rows.reduce((sum, row) => sum + row.vertices_sent, 0);
    const stored = checked.rows.reduce((sum, row) => sum + row.vertices_stored, 0);
    expect(sent).toBeLessThan(stored);
  });

  it('puts the label of a U-shaped district inside it, not at its centroid in the gap', async () => {
    await importDistricts(t.db.pool, collection([{ name: 'Horseshoe', geometry: U_SHAPE }]), {
      nameProperty: 'name',
      source: 'test',
    });
    const body = (await getDistricts()).json<DistrictCollection>();
    const horseshoe = body.features.find((f) => f.properties.name === 'Horseshoe');
    const [lon, lat] = horseshoe?.properties.labelPoint ?? [NaN, NaN];
    const inside = await t.db.pool.query<{ inside: boolean; centroid_inside: boolean }>(
      `SELECT ST_Covers(geometry, ST_SetSRID(ST_MakePoint($1, $2), 4326)) AS inside,
         ST_Covers(geometry, ST_Centroid(geometry)) AS centroid_inside
       FROM districts WHERE name = 'Horseshoe'`,
      [lon, lat],
    );
    expect(inside.rows[0]).toEqual({ inside: true, centroid_inside: false });
  });

  it('answers 304 to a matching If-None-Match, and a new ETag once a district changes', async () => {
    const first = await getDistricts();
    const etag = first.headers.etag as string;
    const again = await getDistricts();
    expect(again.headers.etag).toBe(etag);
    const unchanged = await getDistricts({ 'if-none-match': `W/${etag}` });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe('');
    expect(unchanged.headers.etag).toBe(etag);

    const moved = {
      ...U_SHAPE,
      coordinates: [U_SHAPE.coordinates[0]?.map(([lon, lat]) => [(lon ?? 0) + 1, lat])],
    };
    await importDistricts(t.db.pool, collection([{ name: 'Horseshoe', geometry: moved }]), {
      nameProperty: 'name',
      source: 'test',
    });
    const changed = await getDistricts({ 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    const horseshoe = changed
      .json<DistrictCollection>()
      .features.find((f) => f.properties.name === 'Horseshoe');
    expect(horseshoe?.properties.labelPoint[0]).toBeGreaterThan(11);
  });

  it('is kept from shared caches when asked with a key, and is in the OpenAPI document', async () => {
    const keyed = await getDistricts(bearer(t.dispatcherKey));
    expect(keyed.statusCode).toBe(200);
    expect(keyed.headers['cache-control']).toBe('no-store');
    const docs = await t.app.inject({ method: 'GET', url: '/docs/json' });
    const paths = docs.json<{ paths: Record<string, unknown> }>().paths;
    expect(paths).toHaveProperty('/api/v1/districts');
  });
});
