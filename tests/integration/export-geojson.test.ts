import { check } from '@placemarkio/check-geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CENTRAL_BBOX,
  geojsonIds,
  sorted,
  type ExportCollection,
  type ExportFeature,
  startExportServer,
  type ExportServer,
} from '../support/export-server.js';

/**
 * The GeoJSON export: a valid FeatureCollection carrying its licence and generalisation rule,
 * the same Features as the incidents list, filtered by bbox, time window and category.
 */

let server: ExportServer;

beforeAll(async () => {
  server = await startExportServer({ bulkRows: false });
});

afterAll(async () => {
  await server.t.close();
});

describe('GET /api/v1/export/incidents.geojson', () => {
  it('is a valid FeatureCollection with the licence and the generalisation rule as foreign members', async () => {
    const before = Date.now();
    const response = await server.get(`/api/v1/export/incidents.geojson?bbox=${CENTRAL_BBOX}`);
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
      sorted([server.ids.phoneTheft, server.ids.burglary, server.ids.mayTheft]),
    );
    const burglary = collection.features.find((f) => f.id === server.ids.burglary);
    expect(burglary?.properties).toMatchObject({
      category: 'burglary',
      locationPrecision: 'approximate',
      precisionMetres: 600,
    });
    // The same Feature as the public incidents list gives for it.
    const listed = await server.get(`/api/v1/incidents?bbox=${CENTRAL_BBOX}`);
    const fromList = listed
      .json<{ features: ExportFeature[] }>()
      .features.find((f) => f.id === server.ids.burglary);
    expect(burglary).toEqual(fromList);
  });

  it('filters by bbox, time window and repeated category', async () => {
    const everything = geojsonIds(
      (await server.get('/api/v1/export/incidents.geojson?from=2021-01-01T00:00:00Z')).body,
    );
    expect(everything).toEqual(
      sorted([
        server.ids.phoneTheft,
        server.ids.burglary,
        server.ids.robberyFarNorth,
        server.ids.mayTheft,
      ]),
    );
    const june = geojsonIds(
      (
        await server.get(
          '/api/v1/export/incidents.geojson?from=2025-06-01T00:00:00Z&to=2025-06-03T00:00:00Z',
        )
      ).body,
    );
    expect(june).toEqual(sorted([server.ids.phoneTheft, server.ids.burglary]));
    const categories = geojsonIds(
      (
        await server.get(
          '/api/v1/export/incidents.geojson?category=burglary&category=robbery&from=2021-01-01T00:00:00Z',
        )
      ).body,
    );
    expect(categories).toEqual(sorted([server.ids.burglary, server.ids.robberyFarNorth]));
    const oneCategoryInBox = geojsonIds(
      (await server.get(`/api/v1/export/incidents.geojson?category=theft&bbox=${CENTRAL_BBOX}`))
        .body,
    );
    expect(oneCategoryInBox).toEqual(sorted([server.ids.phoneTheft, server.ids.mayTheft]));
    // `to` is exclusive: the window [from, to) ends just before the burglary.
    const halfOpen = geojsonIds(
      (
        await server.get(
          '/api/v1/export/incidents.geojson?from=2025-06-01T00:00:00Z&to=2025-06-02T10:00:00Z',
        )
      ).body,
    );
    expect(halfOpen).toEqual([server.ids.phoneTheft]);
    const empty = await server.get('/api/v1/export/incidents.geojson?bbox=10,10,11,11');
    expect(empty.statusCode).toBe(200);
    expect(() => check(empty.body)).not.toThrow();
    expect((JSON.parse(empty.body) as ExportCollection).features).toEqual([]);
  });
});
