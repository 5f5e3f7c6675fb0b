import { bearer } from '../support/test-app.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CENTRAL_DISTRICT,
  EXACT_STRINGS,
  PHONE,
  PUBLIC_POINT_CATEGORIES,
  parseCsv,
  type ExportCollection,
  startExportServer,
  type ExportServer,
} from '../support/export-server.js';

/**
 * What a public export never holds, for anyone asking: no exact coordinate, no unredacted
 * text, no incident of an aggregate or hidden category.
 */

let server: ExportServer;

beforeAll(async () => {
  server = await startExportServer({ bulkRows: false });
});

afterAll(async () => {
  await server.t.close();
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
      const headers = who === 'dispatcher' ? bearer(server.t.dispatcherKey) : {};
      const response = await server.get(
        `/api/v1/export/incidents.${format}?from=2021-01-01T00:00:00Z`,
        headers,
      );
      expect(response.statusCode).toBe(200);
      const body = response.body;
      // Something is there to leak from: the public incidents and their redacted text.
      expect(body).toContain(server.ids.phoneTheft);
      expect(body).toContain('Phone snatched, call [phone]');
      for (const exact of EXACT_STRINGS) expect(body).not.toContain(exact);
      expect(body).not.toContain(PHONE);
      expect(body).not.toContain('900123');
      for (const kept of [server.ids.sexualOffence, server.ids.childOffence])
        expect(body).not.toContain(kept);
      expect(body).not.toContain('category report');
      const categories =
        format === 'csv'
          ? parseCsv(body).map((row) => row.category)
          : (JSON.parse(body) as ExportCollection).features.map((f) => f.properties.category);
      expect(categories.length).toBeGreaterThan(0);
      for (const category of categories) expect(PUBLIC_POINT_CATEGORIES).toContain(category);

      // Places in words: the hundred block of a 150 m point, the district of the public point;
      // no house number, no block of a coarse (600 m) incident, nothing of the kept ones.
      expect(body).toContain(`near 12XX W Madison St, ${CENTRAL_DISTRICT}`);
      for (const secret of ['1234 W Madison', 'Lake St', 'Clark St', 'State St']) {
        expect(body).not.toContain(secret);
      }
      const places =
        format === 'csv'
          ? parseCsv(body).map((row) => ({ id: row.id, district: row.district, place: row.place }))
          : (JSON.parse(body) as ExportCollection).features.map((f) => ({
              id: f.id,
              district: f.properties.district ?? '',
              place: f.properties.place ?? '',
            }));
      expect(places.find((p) => p.id === server.ids.burglary)).toMatchObject({
        district: CENTRAL_DISTRICT,
        place: CENTRAL_DISTRICT,
      });
      expect(places.find((p) => p.id === server.ids.robberyFarNorth)).toMatchObject({
        district: '',
        place: '',
      });
    },
  );
});
