import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BULK_BBOX,
  CENTRAL_BBOX,
  CSV_COLUMNS,
  HYPERLINK,
  csvIds,
  geojsonIds,
  parseCsv,
  sorted,
  startExportServer,
  type ExportServer,
} from '../support/export-server.js';

/**
 * The CSV export: a header row, its metadata in headers (HEAD too), formulas neutralised in
 * text cells, and the same filters as the GeoJSON export.
 */

let server: ExportServer;

beforeAll(async () => {
  server = await startExportServer({ bulkRows: true });
});

afterAll(async () => {
  await server.t.close();
});

describe('GET /api/v1/export/incidents.csv', () => {
  it('parses as CSV with the header row and carries its metadata in headers', async () => {
    const response = await server.get(`/api/v1/export/incidents.csv?bbox=${CENTRAL_BBOX}`);
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
      sorted([server.ids.phoneTheft, server.ids.burglary, server.ids.mayTheft]),
    );
    const may = rows.find((row) => row.id === server.ids.mayTheft);
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
    const head = await server.t.app.inject({
      method: 'HEAD',
      url: `/api/v1/export/incidents.csv?bbox=${BULK_BBOX}`,
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(head.headers['x-openbeat-license']).toBe('CC-BY-4.0');
    expect(head.body).toBe('');
    const bad = await server.t.app.inject({
      method: 'HEAD',
      url: '/api/v1/export/incidents.csv?bbox=1,2,3',
    });
    expect(bad.statusCode).toBe(400);
  });

  it('neutralises formulas in text cells', async () => {
    const response = await server.get(
      '/api/v1/export/incidents.csv?category=burglary&category=robbery',
    );
    const rows = parseCsv(response.body);
    const summaries = new Map(rows.map((row) => [row.id, row.summary]));
    expect(summaries.get(server.ids.burglary)).toBe(`'${HYPERLINK}`);
    expect(summaries.get(server.ids.robberyFarNorth)).toBe("'@SUM(1)");
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
      sorted([server.ids.phoneTheft, server.ids.burglary]),
      sorted([server.ids.phoneTheft, server.ids.robberyFarNorth, server.ids.mayTheft]),
      sorted([server.ids.burglary, server.ids.robberyFarNorth]),
    ];
    for (const [index, query] of queries.entries()) {
      const csv = csvIds((await server.get(`/api/v1/export/incidents.csv?${query}`)).body);
      const geojson = geojsonIds(
        (await server.get(`/api/v1/export/incidents.geojson?${query}`)).body,
      );
      expect(csv, query).toEqual(expected[index]);
      expect(geojson, query).toEqual(expected[index]);
    }
  });
});
