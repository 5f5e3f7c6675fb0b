import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDistricts } from '../../server/districts/import-districts.js';
import { openData } from '../support/fixtures.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';
import { incidentBody } from '../support/incident-factory.js';

const read = (name: string) => fs.readFileSync(openData(name), 'utf8');

interface Collection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown }[];
}

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

/** A point inside the named district, computed by PostGIS. */
async function pointInside(name: string): Promise<{ lon: number; lat: number }> {
  const result = await t.db.pool.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat
     FROM (SELECT ST_PointOnSurface(geometry) AS p FROM districts WHERE name = $1) AS s`,
    [name],
  );
  const point = result.rows[0];
  if (!point) throw new Error(`no district ${name}`);
  return point;
}

async function districtOf(incidentId: string): Promise<string | null> {
  const result = await t.db.pool.query<{ name: string | null }>(
    `SELECT d.name FROM incidents AS i LEFT JOIN districts AS d ON d.id = i.district_id
     WHERE i.id = $1`,
    [incidentId],
  );
  return result.rows[0]?.name ?? null;
}

async function createAt(location: { lon: number; lat: number }): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: incidentBody({ location }),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

const square = (lon: number, lat: number, size: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ],
});

describe('importDistricts', () => {
  it('loads the Lancashire and Northumbria districts by their "district" property', async () => {
    const lancashire = await importDistricts(
      t.db.pool,
      read('lancashire_districts_simplified.geojson'),
      {
        nameProperty: 'district',
        source: 'lancashire',
      },
    );
    expect(lancashire).toMatchObject({ features: 14, inserted: 14, updated: 0, unchanged: 0 });
    expect(lancashire.rejected).toEqual([]);
    const northumbria = await importDistricts(
      t.db.pool,
      fs.createReadStream(openData('northumbria_districts_simplified.geojson')),
      { nameProperty: 'district', source: 'northumbria' },
    );
    expect(northumbria).toMatchObject({ features: 6, inserted: 6, rejected: [] });
    const stored = await t.db.pool.query<{ n: number; valid: boolean; multi: boolean }>(
      `SELECT count(*)::int AS n, bool_and(ST_IsValid(geometry)) AS valid,
         bool_and(GeometryType(geometry) = 'MULTIPOLYGON') AS multi FROM districts`,
    );
    expect(stored.rows[0]).toEqual({ n: 20, valid: true, multi: true });
  });

  it('loads the Vancouver neighbourhoods by "name" and gives new incidents their district', async () => {
    const report = await importDistricts(
      t.db.pool,
      read('vancouver_neighbourhoods_simplified.geojson'),
      {
        nameProperty: 'name',
        source: 'vancouver',
      },
    );
    expect(report).toMatchObject({ features: 22, inserted: 22, rejected: [] });
    const id = await createAt(await pointInside('Kitsilano'));
    expect(await districtOf(id)).toBe('Kitsilano');
    // A place in no district (the middle of the Atlantic) has none.
    expect(await districtOf(await createAt({ lon: -30, lat: 40 }))).toBeNull();
  });

  it('changes nothing when the same file is imported again', async () => {
    const report = await importDistricts(
      t.db.pool,
      read('vancouver_neighbourhoods_simplified.geojson'),
      {
        nameProperty: 'name',
        source: 'vancouver',
      },
    );
    expect(report).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 22,
      incidentsReassigned: 0,
    });
  });

  it('moves incidents, in the same import, when a re-import changes the shapes', async () => {
    const inside = await pointInside('Fairview');
    const id = await createAt(inside);
    const bystander = await createAt(await pointInside('Marpole'));
    expect(await districtOf(id)).toBe('Fairview');
    const changed = JSON.parse(read('vancouver_neighbourhoods_simplified.geojson')) as Collection;
    for (const feature of changed.features) {
      // Fairview shrinks to a square far away; Mount Pleasant grows over where Fairview was.
      if (feature.properties.name === 'Fairview') feature.geometry = square(-120, 40, 0.01);
      if (feature.properties.name === 'Mount Pleasant') {
        feature.geometry = {
          type: 'MultiPolygon',
          coordinates: [
            (feature.geometry as { coordinates: unknown[] }).coordinates,
            square(inside.lon - 0.001, inside.lat - 0.001, 0.002).coordinates,
          ],
        };
      }
    }
    const report = await importDistricts(t.db.pool, JSON.stringify(changed), {
      nameProperty: 'name',
      source: 'vancouver',
    });
    expect(report).toMatchObject({ inserted: 0, updated: 2, unchanged: 20 });
    expect(report.incidentsReassigned).toBeGreaterThanOrEqual(1);
    expect(await districtOf(id)).toBe('Mount Pleasant');
    expect(await districtOf(bystander)).toBe('Marpole');
  });

  it('repairs an invalid polygon and reports what it cannot use, importing the rest', async () => {
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [10, 50],
          [10.1, 50.1],
          [10.1, 50],
          [10, 50.1],
          [10, 50],
        ],
      ],
    };
    const file = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Bow tie' }, geometry: bowTie },
        {
          type: 'Feature',
          properties: { name: 'A point' },
          geometry: { type: 'Point', coordinates: [1, 2] },
        },
        {
          type: 'Feature',
          properties: { name: 'Two points' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [1, 1],
                [2, 2],
              ],
            ],
          },
        },
        { type: 'Feature', properties: { other: 'x' }, geometry: square(11, 50, 0.1) },
        { type: 'Feature', properties: { name: 'Fine square' }, geometry: square(12, 50, 0.1) },
      ],
    };
    const report = await importDistricts(t.db.pool, JSON.stringify(file), {
      nameProperty: 'name',
      source: 'handmade',
    });
    expect(report).toMatchObject({ features: 5, inserted: 2, updated: 0 });
    expect(report.repaired).toEqual([
      {
        position: 0,
        name: 'Bow tie',
        reason: expect.stringMatching(/self-intersection/i) as string,
      },
    ]);
    expect(report.rejected.map((r) => r.position)).toEqual([1, 2, 3]);
    expect(report.rejected[0]?.reason).toMatch(/Point, not a Polygon/);
    const stored = await t.db.pool.query<{ valid: boolean; area: number }>(
      `SELECT ST_IsValid(geometry) AS valid, ST_Area(geometry) AS area FROM districts WHERE name = 'Bow tie'`,
    );
    expect(stored.rows[0]?.valid).toBe(true);
    expect(stored.rows[0]?.area).toBeGreaterThan(0);
  });

  it('refuses a file that is not a FeatureCollection and writes nothing', async () => {
    const before = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM districts');
    await expect(
      importDistricts(t.db.pool, '{"type":"Feature"}', { nameProperty: 'name', source: 'x' }),
    ).rejects.toThrow(/FeatureCollection/);
    const after = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM districts');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });
});
